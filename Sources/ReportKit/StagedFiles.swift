import Foundation
import OOXML

/// The files of one run, written into a `StagedOutput` from several rendering threads, with
/// the manifest entry of each kept (only hashes stay in memory, not documents).
public final class StagedFiles: @unchecked Sendable {
    public let output: StagedOutput
    private let lock = NSLock()
    private var entries: [String: Manifest.File] = [:]
    /// Inode, size and modification time of each file when its content was known (just
    /// written, or checked when kept), for the stamp record (`StampCache`).
    private var known: [String: SystemFiles.Stamp] = [:]
    private var systemFailure: ReportKitError?

    public init(_ output: StagedOutput) {
        self.output = output
    }

    /// The first operating-system failure (disk full, no permission): after it every write
    /// fails at once with the same error, so a run reports it once, not once per document.
    public var firstSystemFailure: ReportKitError? {
        lock.lock()
        defer { lock.unlock() }
        return systemFailure
    }

    public func write(_ path: String, _ bytes: [UInt8]) throws(ReportKitError) {
        let entry = Manifest.File(path: path, sha256: Manifest.sha256(bytes), bytes: bytes.count)
        // The write (synced to disk) runs outside the lock so that the threads' writes overlap.
        if let failure = firstSystemFailure { throw failure }
        let stamp: SystemFiles.Stamp?
        do {
            stamp = try output.write(path, bytes)
        } catch {
            lock.lock()
            if error.code.isSystemFailure, systemFailure == nil { systemFailure = error }
            lock.unlock()
            throw error
        }
        lock.lock()
        entries[path] = entry
        known[path] = stamp
        lock.unlock()
    }

    /// See `known`.
    var knownStamps: [String: SystemFiles.Stamp] {
        lock.lock()
        defer { lock.unlock() }
        return known
    }

    /// Written files, sorted by path.
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
