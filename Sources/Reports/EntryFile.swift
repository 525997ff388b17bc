import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Entries of a record kept on disk rather than in memory (issue 12, flat memory): an open file
/// and, per entry, where it lies and the checksum its bytes had when they were noted
/// (`RecordChecksum`); an entry is read again when it is needed, and bytes that are not the
/// ones noted read as no entry. Used by `ProjectIndex` for the record read at the start of a
/// run (so that a package of 10 000 projects holds offsets, not 10 MB of entries) and for the
/// spool of fresh entries, and by `Output` to write a new record in pieces.
final class EntryFile: @unchecked Sendable {
    /// One entry: `count` bytes at `offset`, whose checksum was `checksum`.
    struct Piece: Sendable, Equatable {
        let offset: Int
        let count: Int
        let checksum: UInt64

        /// The piece of `bytes`, which lie at `offset` in the file.
        init(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence, at offset: Int) {
            self.offset = offset
            count = bytes.count
            checksum = RecordChecksum.of(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes)))
        }
    }

    private let fd: Int32
    private let lock = NSLock()
    /// Where `append` writes next.
    private var end = 0

    private init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    /// The file at `path`, open, and its bytes read whole (to be checked and indexed by the
    /// caller, then let go); nil when it is not a readable regular file under 2 GB.
    static func read(_ path: String) -> (file: EntryFile, bytes: [UInt8])? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        let file = EntryFile(fd: fd)
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size < 1 << 31 else { return nil }
        let size = Int(info.st_size)
        var ok = true
        // Not zero-filled first (a memset of 10 MB): every byte is read into.
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            guard size > 0 else { return }
            ok = file.read(into: UnsafeMutableRawBufferPointer(buffer), at: 0)
            count = ok ? size : 0
        }
        guard ok else { return nil }
        file.end = size
        return (file, bytes)
    }

    /// An empty file of its own in `folder`, gone from the folder at once (it lives while open).
    init?(spoolIn folder: String) {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/.spool-\(UInt64.random(in: 0...UInt64.max))"
        fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        unlink(path)
    }

    /// Writes `bytes` after what is there; nil when they could not be written.
    func append(_ bytes: [UInt8]) -> Piece? {
        lock.lock()
        defer { lock.unlock() }
        let ok = bytes.withUnsafeBytes { raw in Self.writeAll(fd, raw, at: end) }
        guard ok else { return nil }
        defer { end += bytes.count }
        return bytes.withUnsafeBufferPointer { Piece($0[...], at: end) }
    }

    /// The bytes of `piece`; nil when they cannot be read or are not the bytes noted.
    func read(_ piece: Piece) -> [UInt8]? {
        var ok = true
        let bytes = [UInt8](unsafeUninitializedCapacity: piece.count) { buffer, count in
            count = 0
            guard piece.count > 0 else { return }
            ok = read(into: UnsafeMutableRawBufferPointer(buffer), at: piece.offset)
            count = ok ? piece.count : 0
        }
        guard ok, bytes.withUnsafeBytes(RecordChecksum.of) == piece.checksum else { return nil }
        return bytes
    }

    /// The bytes of `pieces`, which lie one right after another in the file, read at once and
    /// each checked as `read(_:)` checks one; nil when any is not the bytes noted.
    func read(adjacent pieces: ArraySlice<Piece>) -> [UInt8]? {
        guard let first = pieces.first, let last = pieces.last else { return [] }
        let count = last.offset + last.count - first.offset
        var ok = true
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, filled in
            filled = 0
            guard count > 0 else { return }
            ok = read(into: UnsafeMutableRawBufferPointer(buffer), at: first.offset)
            filled = ok ? count : 0
        }
        guard ok else { return nil }
        let intact = bytes.withUnsafeBytes { raw in
            pieces.allSatisfy { piece in
                let start = piece.offset - first.offset
                return RecordChecksum.of(UnsafeRawBufferPointer(rebasing: raw[start..<start + piece.count])) == piece.checksum
            }
        }
        return intact ? bytes : nil
    }

    private func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
        var done = 0
        while done < buffer.count {
            let got = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return false }
            done += got
        }
        return true
    }

    static func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer, at offset: Int? = nil) -> Bool {
        var done = 0
        while done < raw.count {
            let count = offset.map { pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t($0 + done)) }
                ?? write(fd, raw.baseAddress! + done, raw.count - done)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            done += count
        }
        return true
    }

    /// A new record written in pieces of about 64 KB, its `RecordChecksum` taken on the way and
    /// appended by `finish` (as `ProjectRecord.Writer.fixed64` writes it).
    final class Output {
        private static let pieceSize = 64 * 1024
        private var fd: Int32
        private var pending: [UInt8] = []
        private var checksum = RecordChecksum()
        private var failed = false

        init?(creating path: String) {
            fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard fd >= 0 else { return nil }
            pending.reserveCapacity(Self.pieceSize + 4096)
        }

        deinit { if fd >= 0 { close(fd) } }

        /// false once anything failed to be written.
        func write(_ bytes: [UInt8]) -> Bool {
            pending += bytes
            if pending.count >= Self.pieceSize {
                // Whole words only: the checksum is taken over 8-byte words, the rest waits.
                let whole = pending.count / 8 * 8
                pending.withUnsafeBytes { raw in
                    let words = UnsafeRawBufferPointer(rebasing: raw[..<whole])
                    checksum.add(words: words)
                    if !failed { failed = !EntryFile.writeAll(fd, words) }
                }
                pending.removeFirst(whole)
            }
            return !failed
        }

        /// Writes what is left and the checksum, and closes the file; false when anything failed.
        func finish() -> Bool {
            let sum = pending.withUnsafeBytes { checksum.finished(tail: $0) }
            withUnsafeBytes(of: sum.littleEndian) { pending.append(contentsOf: $0) }
            if !failed { failed = !pending.withUnsafeBytes { EntryFile.writeAll(fd, $0) } }
            close(fd)
            fd = -1
            return !failed
        }
    }
}
