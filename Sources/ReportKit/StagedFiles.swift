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
        do {
            try output.write(path, bytes)
        } catch {
            lock.lock()
            if error.code.isSystemFailure, systemFailure == nil { systemFailure = error }
            lock.unlock()
            throw error
        }
        let stamp = try? SystemFiles.stamp(output.stagedURL(path).path)
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

    /// Copies a file of the existing package unchanged, after checking it is still the file
    /// the old manifest lists (the bytes checked are the bytes written; symlinks are refused).
    ///
    /// `checked` is the stamp the file had when it was found matching the manifest, before
    /// `before` (a `SystemFiles.fileClock()` reading): when the link is that very inode with the
    /// same size and modification time, it is not read again — a write since would have given it
    /// a later modification time, and a replaced file has another inode.
    public func keep(_ file: Manifest.File, checked: SystemFiles.Stamp? = nil, before: Int64 = 0) throws(ReportKitError) {
        var source: String { output.destination.appendingPathComponent(file.path).path }
        // A hard link costs no copy and no sync; what it links is checked like a copy would be.
        if try output.link(file.path) {
            let linked = output.stagingPath + "/" + file.path
            if let checked, checked.modified < before, checked.changed < before, let now = SystemFiles.stamp(linked),
               now.device == checked.device, now.inode == checked.inode, now.size == checked.size, now.modified == checked.modified {
                lock.lock()
                entries[file.path] = file
                known[file.path] = now
                lock.unlock()
                return
            }
            let before = SystemFiles.stamp(linked)
            guard let bytes = try? SystemFiles.readFile(linked), bytes.count == file.bytes, Manifest.sha256(bytes) == file.sha256 else {
                // The link must not stay in the new package: it would carry the changed file in.
                try? SystemFiles.removeTree(linked)
                throw ReportKitError(.keptFileChanged, "文件在本次运行中被改动，与 manifest.json 记录的不一致；未改动任何文件，请重试。", path: source)
            }
            let after = SystemFiles.stamp(linked)
            lock.lock()
            entries[file.path] = file
            if before == after { known[file.path] = after }
            lock.unlock()
            return
        }
        let bytes: [UInt8]
        do {
            bytes = try SystemFiles.readFile(source)
        } catch {
            throw ReportKitError(error)
        }
        guard bytes.count == file.bytes, Manifest.sha256(bytes) == file.sha256 else {
            throw ReportKitError(.keptFileChanged, "文件在本次运行中被改动，与 manifest.json 记录的不一致；未改动任何文件，请重试。", path: source)
        }
        try write(file.path, bytes)
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
