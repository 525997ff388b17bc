import Foundation
import ReportKit

/// What `project --id` did to the package, told from its manifest before and after the run
/// (every file with its SHA-256): a person who changed one figure wants to see which files now
/// differ and that the rest are untouched, without comparing folders themselves.
struct ProjectChanges {
    var changed: [String] = []
    var added: [String] = []
    var removed: [String] = []
    var kept = 0

    /// Each file's SHA-256 as the package's manifest lists it; nil without a readable manifest.
    static func hashes(in destination: URL) -> [String: String]? {
        guard let data = FileManager.default.contents(atPath: destination.appendingPathComponent(PackageGenerator.manifestName).path),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data) else { return nil }
        return Dictionary(manifest.files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { first, _ in first })
    }

    init(before: [String: String], after: [String: String]) {
        for (path, hash) in after.sorted(by: { $0.key < $1.key }) {
            switch before[path] {
            case nil: added.append(path)
            case hash: kept += 1
            default: changed.append(path)
            }
        }
        removed = before.keys.filter { after[$0] == nil }.sorted()
    }

    /// Indented lines under the command's closing line.
    var lines: [String] {
        var lines: [String] = []
        if !changed.isEmpty { lines.append("  内容有变化的 \(changed.count) 个文件：" + changed.joined(separator: "、")) }
        if !added.isEmpty { lines.append("  新增 \(added.count) 个文件：" + added.joined(separator: "、")) }
        if !removed.isEmpty { lines.append("  不再生成、已移除的 \(removed.count) 个文件：" + removed.joined(separator: "、")) }
        if changed.isEmpty && added.isEmpty && removed.isEmpty {
            lines.append("  全部 \(kept) 个文件与上次逐字节相同（该项目的数据没有影响输出的改动）。")
        } else {
            lines.append("  其余 \(kept) 个文件逐字节不变。")
        }
        return lines
    }
}
