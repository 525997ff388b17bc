import Foundation
import ReportKit

/// What `project --id` did to the package, told from the old manifest and the files the run
/// wrote (every file with its SHA-256): a person who changed one figure wants to see which files now
/// differ and that the rest are untouched, without comparing folders themselves.
struct ProjectChanges {
    var changed: [String] = []
    var added: [String] = []
    var removed: [String] = []
    var kept = 0
    /// The projects whose documents were made again (`PackageWriter.ProjectUpdate.regenerated`).
    var regenerated: Set<String> = []

    /// What `PackageWriter.writeProject` reports it did.
    init(_ update: PackageWriter.ProjectUpdate) {
        changed = update.changed
        added = update.added
        removed = update.removed
        kept = update.kept
        regenerated = update.regenerated
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
