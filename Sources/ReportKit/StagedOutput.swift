import Foundation

/// A package directory written as a whole or not at all.
///
/// Files go into a hidden staging directory beside the destination; `commit()` then swaps it
/// into place with two renames on the same file system, restoring the old directory if the
/// second rename fails. Until `commit()` returns, an existing destination is untouched.
public final class StagedOutput {
    public let destination: URL
    public let staging: URL
    private var committed = false
    private var filesWritten = 0
    /// Test hook: fail after this many files, to prove a failed run loses nothing.
    private let failAfterFiles: Int? = ProcessInfo.processInfo.environment["REPORTGEN_TEST_FAIL_AFTER_FILES"].flatMap(Int.init)

    public init(destination: URL) throws(ReportKitError) {
        self.destination = destination.standardizedFileURL
        let parent = self.destination.deletingLastPathComponent()
        let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        staging = parent.appendingPathComponent(".\(self.destination.lastPathComponent).reportgen-\(token)")
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw ReportKitError(.outputWrite, "无法创建临时输出目录：\(error.localizedDescription)", path: staging.path)
        }
    }

    deinit {
        if !committed { try? FileManager.default.removeItem(at: staging) }
    }

    /// The URL a relative file name maps to inside the staging directory; names that would
    /// leave it are refused.
    public func stagedURL(_ relativePath: String) throws(ReportKitError) -> URL {
        let components = relativePath.split(separator: "/", omittingEmptySubsequences: false)
        guard !relativePath.isEmpty, !relativePath.hasPrefix("/"),
              components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
            throw ReportKitError(.outputWrite, "输出文件名不安全", path: relativePath)
        }
        return staging.appendingPathComponent(relativePath)
    }

    public func write(_ relativePath: String, _ bytes: [UInt8]) throws(ReportKitError) {
        let url = try stagedURL(relativePath)
        if let failAfterFiles, filesWritten >= failAfterFiles {
            throw ReportKitError(.injectedFailure, "测试注入的失败（写入 \(filesWritten) 个文件后）", path: relativePath)
        }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        } catch {
            throw ReportKitError(.outputWrite, "写入失败：\(error.localizedDescription)", path: relativePath)
        }
        filesWritten += 1
    }

    /// Copies a file of the existing destination unchanged (single-project regeneration).
    public func keep(_ relativePath: String) throws(ReportKitError) {
        let target = try stagedURL(relativePath)
        let source = destination.appendingPathComponent(relativePath)
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: source, to: target)
        } catch {
            throw ReportKitError(.outputWrite, "复制原有文件失败：\(error.localizedDescription)", path: relativePath)
        }
    }

    /// Swaps the staged directory into place.
    public func commit() throws(ReportKitError) {
        let fm = FileManager.default
        var backup: URL?
        if fm.fileExists(atPath: destination.path) {
            let old = staging.deletingLastPathComponent()
                .appendingPathComponent(staging.lastPathComponent + ".old")
            do {
                try fm.moveItem(at: destination, to: old)
            } catch {
                throw ReportKitError(.outputWrite, "无法替换原输出目录：\(error.localizedDescription)", path: destination.path)
            }
            backup = old
        }
        do {
            try fm.moveItem(at: staging, to: destination)
        } catch {
            if let backup { try? fm.moveItem(at: backup, to: destination) }
            throw ReportKitError(.outputWrite, "无法移入新输出目录：\(error.localizedDescription)", path: destination.path)
        }
        committed = true
        if let backup { try? fm.removeItem(at: backup) }
    }
}
