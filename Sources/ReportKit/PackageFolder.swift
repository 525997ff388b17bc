import Foundation
import OOXML

/// An existing output folder compared with its `manifest.json`, without following symlinks:
/// which files are exactly as listed, which differ, which are missing, and what is there that
/// the manifest does not list (the user's files, symlinks, anything else).
struct PackageFolder {
    var manifest: Manifest?
    /// Listed files whose size and SHA-256 match.
    var intact: [Manifest.File] = []
    /// Listed files whose content differs (edited, truncated, replaced).
    var modified: [String] = []
    /// Listed files that are not there.
    var missing: [String] = []
    /// Everything not listed: files, symlinks (`name → target` never read), sockets, …
    var foreign: [String] = []

    /// True when replacing the folder loses nothing: every entry is reportgen's, unchanged.
    var isUnchangedPackage: Bool { manifest != nil && modified.isEmpty && foreign.isEmpty }

    static let manifestFormat = "reportgen-manifest/1"

    /// Reads the manifest (it must be reportgen's: right format, safe relative paths) and
    /// compares the folder with it. `manifest` is nil when there is none or it is not ours;
    /// then every entry counts as foreign.
    static func inspect(_ directory: URL) throws(SystemFileError) -> PackageFolder {
        let base = directory.standardizedFileURL.path
        var folder = PackageFolder()
        let manifestPath = base + "/" + PackageGenerator.manifestName
        if SystemFiles.kind(manifestPath) == .file,
           let manifest = try? JSONDecoder().decode(Manifest.self, from: Data(SystemFiles.readFile(manifestPath, limit: 64 << 20))),
           manifest.format == manifestFormat, manifest.tool.hasPrefix("reportgen"),
           manifest.files.allSatisfy({ StagedOutput.isSafeRelativePath($0.path) && $0.path != PackageGenerator.manifestName }) {
            folder.manifest = manifest
        }
        let listed = Dictionary((folder.manifest?.files ?? []).map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        var seen: Set<String> = []
        func walk(_ relative: String) throws(SystemFileError) {
            let path = relative.isEmpty ? base : base + "/" + relative
            for name in try SystemFiles.list(path) {
                let child = relative.isEmpty ? name : relative + "/" + name
                if child == PackageGenerator.manifestName, folder.manifest != nil { continue }
                switch SystemFiles.kind(base + "/" + child) {
                case .directory:
                    try walk(child)
                case .file:
                    guard let entry = listed[child] else { folder.foreign.append(child); continue }
                    seen.insert(child)
                    let bytes = try SystemFiles.readFile(base + "/" + child)
                    if bytes.count == entry.bytes, Manifest.sha256(bytes) == entry.sha256 {
                        folder.intact.append(entry)
                    } else {
                        folder.modified.append(child)
                    }
                case .symlink:
                    folder.foreign.append(child + "（符号链接）")
                default:
                    folder.foreign.append(child + "（特殊文件）")
                }
            }
        }
        try walk("")
        folder.missing = listed.keys.filter { !seen.contains($0) }.sorted()
        return folder
    }

    /// Up to ten names for a message, then how many more.
    static func names(_ paths: [String]) -> String {
        let shown = paths.prefix(10).map { "「\($0)」" }.joined(separator: "、")
        return paths.count > 10 ? shown + " 等 \(paths.count) 个" : shown
    }
}
