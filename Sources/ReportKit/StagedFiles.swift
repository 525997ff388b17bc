import Foundation

/// The files of one run, written into a `StagedOutput` from several rendering threads, with
/// the manifest entry of each kept (only hashes stay in memory, not documents).
public final class StagedFiles: @unchecked Sendable {
    public let output: StagedOutput
    private let lock = NSLock()
    private var entries: [String: Manifest.File] = [:]

    public init(_ output: StagedOutput) {
        self.output = output
    }

    public func write(_ path: String, _ bytes: [UInt8]) throws(ReportKitError) {
        let entry = Manifest.File(path: path, sha256: Manifest.sha256(bytes), bytes: bytes.count)
        lock.lock()
        defer { lock.unlock() }
        try output.write(path, bytes)
        entries[path] = entry
    }

    /// Copies a file of the existing package unchanged.
    public func keep(_ path: String) throws(ReportKitError) {
        let url = output.destination.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ReportKitError(.outputWrite, "无法读取原有文件", path: path)
        }
        lock.lock()
        defer { lock.unlock() }
        try output.keep(path)
        entries[path] = Manifest.File(path: path, sha256: Manifest.sha256(Array(data)), bytes: data.count)
    }

    /// Written and kept files, sorted by path.
    public var files: [Manifest.File] {
        lock.lock()
        defer { lock.unlock() }
        return entries.values.sorted { $0.path < $1.path }
    }

    /// Where a written file is, for tools that read it back (PDF conversion).
    public func url(of path: String) throws(ReportKitError) -> URL {
        try output.stagedURL(path)
    }
}
