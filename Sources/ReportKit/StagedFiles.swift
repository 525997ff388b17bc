import Crypto
import Foundation
import OOXML

/// The files of one run, written into a `StagedOutput` from several rendering threads, with
/// the manifest entry of each kept (only hashes stay in memory, not documents).
public final class StagedFiles: @unchecked Sendable {
    public let output: StagedOutput
    private let lock = NSLock()
    /// One record per file, in the order written: an array of small values rather than two
    /// dictionaries keyed by path with the hash as hex text (issue 12: at 32 000 files those
    /// held about 10 MB, and twice that while one grew); hex is made when the manifest is.
    private var written: [Written] = []
    private var systemFailure: ReportKitError?

    private struct Written {
        var path: String
        var digest: SHA256.Digest
        var bytes: Int
        /// Inode, size and modification time of the file when its content was known (just
        /// written), for the stamp record (`StampCache`).
        var stamp: SystemFiles.Stamp?
    }

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
        try write(path) { write in write(bytes) }
    }

    /// `write` of bytes made piece by piece (the manifest): hashed as they pass, never whole.
    public func write(_ path: String, pieces produce: (_ write: ([UInt8]) -> Void) -> Void) throws(ReportKitError) {
        // The write (synced to disk) runs outside the lock so that the threads' writes overlap.
        if let failure = firstSystemFailure { throw failure }
        var hasher = SHA256()
        var count = 0
        let stamp: SystemFiles.Stamp?
        do {
            stamp = try output.write(path) { write in
                withoutActuallyEscaping(write) { write in
                    produce { piece in
                        hasher.update(data: piece)
                        count += piece.count
                        write(piece)
                    }
                }
            }
        } catch {
            lock.lock()
            if error.code.isSystemFailure, systemFailure == nil { systemFailure = error }
            lock.unlock()
            throw error
        }
        let record = Written(path: path, digest: hasher.finalize(), bytes: count, stamp: stamp)
        lock.lock()
        written.append(record)
        lock.unlock()
    }

    /// The stamp `path` had when this run wrote it (see `Written.stamp`).
    func knownStamp(of path: String) -> SystemFiles.Stamp? {
        lock.lock()
        defer { lock.unlock() }
        // The manifest, asked for, is the last file written.
        return written.last(where: { $0.path == path })?.stamp
    }

    /// Written files sorted by path, each with its stamp as written (see `Written.stamp`).
    func filesAndStamps() -> (files: [Manifest.File], stamps: [SystemFiles.Stamp?]) {
        lock.lock()
        let records = written.sorted { $0.path < $1.path }
        lock.unlock()
        return (records.map { Manifest.File(path: $0.path, sha256: Manifest.hex($0.digest), bytes: $0.bytes) }, records.map(\.stamp))
    }

    /// Written files, sorted by path.
    public var files: [Manifest.File] { filesAndStamps().files }

    /// Where a written file is, for tools that read it back (PDF conversion).
    public func url(of path: String) throws(ReportKitError) -> URL {
        try output.stagedURL(path)
    }
}
