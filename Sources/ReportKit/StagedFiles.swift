import Crypto
import Foundation
import OOXML

/// The files of one run, written into a `StagedOutput` from several rendering threads, with
/// the manifest entry of each kept (only hashes stay in memory, not documents).
public final class StagedFiles: @unchecked Sendable {
    public let output: StagedOutput
    private let lock = NSLock()
    /// One record per file, in the order written, the paths' bytes one after another in
    /// `paths`: two large arrays rather than two dictionaries keyed by path with the hash as hex
    /// text (issue 12: at 32 000 files those held about 10 MB, twice that while one grew, and
    /// their small strings, allocated among the rendering threads' buffers, kept the allocator
    /// from returning pages); strings are made when the manifest is.
    private var written: [Written] = []
    private var paths: [UInt8] = []
    private var systemFailure: ReportKitError?

    private struct Written {
        var path: Range<Int>
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
        let digest = hasher.finalize()
        lock.lock()
        let start = paths.count
        paths.append(contentsOf: path.utf8)
        written.append(Written(path: start..<paths.count, digest: digest, bytes: count, stamp: stamp))
        lock.unlock()
    }

    /// The stamp `path` had when this run wrote it (see `Written.stamp`).
    func knownStamp(of path: String) -> SystemFiles.Stamp? {
        lock.lock()
        defer { lock.unlock() }
        // The manifest, asked for, is the last file written.
        return written.last(where: { paths[$0.path].elementsEqual(path.utf8) })?.stamp
    }

    /// Written files sorted by path, each with its stamp as written (see `Written.stamp`).
    /// With `releasing` (the manifest of a whole package, made once every other file is
    /// written), the records are let go as the manifest's entries are made from them, so that
    /// the two are not held together (issue 12: 5 MB at 32 000 files); files written after
    /// (the manifest) are recorded as before.
    func filesAndStamps(releasing: Bool = false) -> (files: [Manifest.File], stamps: [SystemFiles.Stamp?]) {
        lock.lock()
        let records = written
        let names = records.map { String(decoding: paths[$0.path], as: UTF8.self) }
        if releasing {
            written = []
            paths = []
        }
        lock.unlock()
        // Positions sorted, not the records: a sorted copy of every record was megabytes more.
        let order = names.indices.sorted { names[$0] < names[$1] }
        return (order.map { Manifest.File(path: names[$0], sha256: Manifest.hex(records[$0].digest), bytes: records[$0].bytes) },
                order.map { records[$0].stamp })
    }

    /// Written files, sorted by path.
    public var files: [Manifest.File] { filesAndStamps().files }

    /// Where a written file is, for tools that read it back (PDF conversion).
    public func url(of path: String) throws(ReportKitError) -> URL {
        try output.stagedURL(path)
    }
}
