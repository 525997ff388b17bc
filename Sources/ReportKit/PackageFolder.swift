import Foundation
import OOXML

/// An existing output folder compared with its `manifest.json`, without following symlinks:
/// which files are exactly as listed, which differ, which are missing, and what is there that
/// the manifest does not list (the user's files, symlinks, anything else).
struct PackageFolder {
    var manifest: Manifest?
    /// Listed files whose size and SHA-256 match.
    var intact: [Manifest.File] = []
    /// The stamp each intact file had when it was checked (see `StagedFiles.keep`).
    var stamps: [String: SystemFiles.Stamp] = [:]
    /// Files read and hashed (the others were vouched for by the stamp record).
    var hashed = 0
    /// `SystemFiles.fileClock()` when the inspection began.
    var inspectedAt: Int64 = 0
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
    /// Files the `stamps` record vouches for are not read; the others are hashed on every core.
    static func inspect(_ directory: URL, stamps: StampCache = StampCache()) throws(SystemFileError) -> PackageFolder {
        let base = directory.standardizedFileURL.path
        var folder = PackageFolder()
        folder.inspectedAt = SystemFiles.fileClock()
        let manifestPath = base + "/" + PackageGenerator.manifestName
        if SystemFiles.kind(manifestPath) == .file,
           let manifest = try? Manifest.decode(SystemFiles.readFile(manifestPath, limit: 64 << 20)),
           manifest.format == manifestFormat, manifest.tool.hasPrefix("reportgen"),
           manifest.files.allSatisfy({ StagedOutput.isSafeRelativePath($0.path) && $0.path != PackageGenerator.manifestName }) {
            folder.manifest = manifest
        }
        let listed = Dictionary((folder.manifest?.files ?? []).map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        var seen: Set<String> = []
        var toHash: [(Manifest.File, SystemFiles.Stamp?)] = []
        func walk(_ relative: String) throws(SystemFileError) {
            let path = relative.isEmpty ? base : base + "/" + relative
            for name in try SystemFiles.list(path) {
                let child = relative.isEmpty ? name : relative + "/" + name
                if child == PackageGenerator.manifestName, folder.manifest != nil { continue }
                // One lstat for a regular file (most entries): its stamp says what it is.
                let stamp = SystemFiles.stamp(base + "/" + child)
                switch stamp == nil ? SystemFiles.kind(base + "/" + child) : .file {
                case .directory:
                    try walk(child)
                case .file:
                    guard let entry = listed[child] else { folder.foreign.append(child); continue }
                    seen.insert(child)
                    if let stamp, stamps.vouches(for: entry, stamp: stamp) {
                        folder.intact.append(entry)
                        folder.stamps[child] = stamp
                    } else {
                        toHash.append((entry, stamp))
                    }
                case .symlink:
                    folder.foreign.append(child + "（符号链接）")
                default:
                    folder.foreign.append(child + "（特殊文件）")
                }
            }
        }
        try walk("")
        let checked = try hash(toHash, base: base)
        folder.hashed = toHash.count
        for ((entry, stamp), matches) in zip(toHash, checked) {
            if matches {
                folder.intact.append(entry)
                folder.stamps[entry.path] = stamp
            } else {
                folder.modified.append(entry.path)
            }
        }
        folder.missing = listed.keys.filter { !seen.contains($0) }.sorted()
        return folder
    }

    /// Whether each file has its listed size and SHA-256, read on every core. A stamp taken
    /// before reading must still hold after, so a file changed while read is not vouched for.
    private static func hash(_ files: [(Manifest.File, SystemFiles.Stamp?)], base: String) throws(SystemFileError) -> [Bool] {
        let slots = HashSlots(count: files.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, files.count))
        let next = JobCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = next.take(below: files.count) {
                let (entry, stamp) = files[index]
                let path = base + "/" + entry.path
                do throws(SystemFileError) {
                    let bytes = try SystemFiles.readFile(path)
                    slots.set(index, .success(bytes.count == entry.bytes && Manifest.sha256(bytes) == entry.sha256
                                                  && stamp != nil && SystemFiles.stamp(path) == stamp))
                } catch {
                    slots.set(index, .failure(error))
                }
            }
        }
        return try slots.values()
    }

    /// Up to ten names for a message, then how many more.
    static func names(_ paths: [String]) -> String {
        let shown = paths.prefix(10).map { "「\($0)」" }.joined(separator: "、")
        return paths.count > 10 ? shown + " 等 \(paths.count) 个" : shown
    }
}

/// Results of the hashing threads, each slot written once.
private final class HashSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<Bool, SystemFileError>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<Bool, SystemFileError>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    /// The first failure in file order, so the error does not depend on the threads.
    func values() throws(SystemFileError) -> [Bool] {
        lock.lock()
        defer { lock.unlock() }
        var out: [Bool] = []
        for slot in slots {
            switch slot {
            case .success(let value)?: out.append(value)
            case .failure(let error)?: throw error
            case nil: out.append(false)
            }
        }
        return out
    }
}
