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
    /// from returning pages); strings are made when the manifest is. Both grow in fixed chunks
    /// (`Chunked`): a growing array held its old and its doubled copy at once, 5 MB more at the
    /// end of a 10 000-project run, its peak.
    private var written = Chunked<Written>(chunkSize: 4096)
    private var paths = ChunkedBytes()
    private var systemFailure: ReportKitError?

    // Unchecked: `SHA256.Digest` (32 bytes, immutable) does not declare `Sendable`.
    struct Written: @unchecked Sendable {
        var path: ChunkedBytes.Span
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
        let stamp = try noteFailure { () throws(ReportKitError) in
            try output.write(path) { write in
                withoutActuallyEscaping(write) { write in
                    produce { piece in
                        hasher.update(data: piece)
                        count += piece.count
                        write(piece)
                    }
                }
            }
        }
        let digest = hasher.finalize()
        lock.lock()
        var path = path
        let span = path.withUTF8 { paths.append($0) }
        written.append(Written(path: span, digest: digest, bytes: count, stamp: stamp))
        lock.unlock()
    }

    /// `manifest.json`, written last and listed in no manifest: not hashed and not recorded
    /// (its SHA-256 was never read; at 10 000 projects hashing its 11.7 MB cost 15 ms on the
    /// path to the commit). Gives the stamp it had as written (see `Written.stamp`), for the
    /// package record.
    func writeManifest(pieces produce: (_ write: ([UInt8]) -> Void) -> Void) throws(ReportKitError) -> SystemFiles.Stamp? {
        if let failure = firstSystemFailure { throw failure }
        return try noteFailure { () throws(ReportKitError) in try output.write(PackageGenerator.manifestName, pieces: produce) }
    }

    /// `write`'s result; its error kept as the run's first system failure when it is one.
    private func noteFailure<T>(_ write: () throws(ReportKitError) -> T) throws(ReportKitError) -> T {
        do {
            return try write()
        } catch {
            lock.lock()
            if error.code.isSystemFailure, systemFailure == nil { systemFailure = error }
            lock.unlock()
            throw error
        }
    }

    /// Written files sorted by path, as recorded (`WrittenFiles`). With `releasing` (the
    /// manifest of a whole package, made once every other file is written), the records are
    /// handed over rather than shared, so that files written after (the manifest) do not copy
    /// them; those are recorded as before.
    func sorted(releasing: Bool = false) -> WrittenFiles {
        lock.lock()
        let records = written, names = paths
        if releasing {
            written = Chunked(chunkSize: 4096)
            paths = ChunkedBytes()
        }
        lock.unlock()
        return WrittenFiles(records: records, paths: names)
    }

    /// Written files, sorted by path.
    public var files: [Manifest.File] {
        let sorted = sorted()
        return (0..<sorted.count).map { i in
            sorted.withFile(i) { path, sha, bytes in
                Manifest.File(path: String(decoding: path, as: UTF8.self), sha256: String(decoding: sha, as: UTF8.self), bytes: bytes)
            }
        }
    }

    /// Where a written file is, for tools that read it back (PDF conversion).
    public func url(of path: String) throws(ReportKitError) -> URL {
        try output.stagedURL(path)
    }
}

/// A run's written files sorted by path, held as `StagedFiles` recorded them (the paths' bytes in
/// one buffer, raw digests): the manifest's files without a String per path or hex digest.
struct WrittenFiles: Sendable {
    private let records: Chunked<StagedFiles.Written>
    private let paths: ChunkedBytes
    /// Positions in `records`, sorted by path.
    private let order: [Int]

    init(records: Chunked<StagedFiles.Written>, paths: ChunkedBytes) {
        self.records = records
        self.paths = paths
        order = Self.sortedOrder(records, paths)
    }

    var count: Int { order.count }

    /// The manifest sorts paths as Strings (`<`). That is the order of their UTF-8 bytes for
    /// NFC text, which file names are in practice: sorted as bytes, then each neighbour pair
    /// checked as Strings (one String per path, none kept); any disagreement (a name not in
    /// NFC, two canonically equal ones) and they are sorted as Strings, as before.
    private static func sortedOrder(_ records: Chunked<StagedFiles.Written>, _ paths: ChunkedBytes) -> [Int] {
        paths.withBuffers { chunks in
            func bytes(_ i: Int) -> UnsafeBufferPointer<UInt8> { ChunkedBytes.bytes(of: records[i].path, in: chunks) }
            func string(_ i: Int) -> String { String(decoding: bytes(i), as: UTF8.self) }
            var order = Array(records.indices)
            order.sort { a, b in
                let x = bytes(a), y = bytes(b)
                let common = min(x.count, y.count)
                let c = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                return c != 0 ? c < 0 : x.count < y.count
            }
            var previous: String?
            var agrees = true
            for i in order {
                let name = string(i)
                if let previous, !(previous < name) {
                    agrees = false
                    break
                }
                previous = name
            }
            if agrees { return order }
            let names = records.indices.map(string)
            return names.indices.sorted { names[$0] < names[$1] }
        }
    }

    /// File `index` (in sorted order): its path's bytes, its digest as hex, its size.
    func withFile<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, Int) -> R) -> R {
        let record = records[order[index]]
        return paths.bytes(of: record.path) { path in
            Manifest.withHex(record.digest) { sha in body(path, sha, record.bytes) }
        }
    }

    func path(_ index: Int) -> String {
        paths.bytes(of: records[order[index]].path) { String(decoding: $0, as: UTF8.self) }
    }

    func bytes(_ index: Int) -> Int { records[order[index]].bytes }

    /// The stamp file `index` had as written (`StagedFiles.Written.stamp`).
    func stamp(_ index: Int) -> SystemFiles.Stamp? { records[order[index]].stamp }
}
