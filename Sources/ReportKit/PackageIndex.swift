import Foundation
import OOXML
import Reports
#if canImport(Glibc)
import Glibc
#endif

/// A private record of one package folder, in the cache folder (`CacheFolder`: `packages/` in
/// it, one file per package folder named by the SHA-256 of its path; nothing is added to or
/// beside the package): the manifest as last written, the stamp `manifest.json` got, and each
/// listed file's stamp when its content was known. `project --id` reads it in one sequential
/// pass of a compact binary layout instead of parsing `manifest.json`, reading the stamp record
/// and stat'ing the folder by path with string dictionaries (issue 12: those were half of the
/// run on 10 000 projects).
///
/// When it is used (`PackageFolder.inspect(_:index:)`), and why that is as safe as reading the
/// folder: the manifest it holds is taken for `manifest.json` only when that file's stamp
/// (device, inode, size, modification and status-change times) equals the recorded one, whose
/// status-change time was earlier than a clock reading taken before the stamp was (the rule of
/// `StampCache`: any later write, rename or chmod gives a later status-change time, which the
/// user cannot set back). Stamps of listed files are recorded under the same rule, so a file
/// vouched for is one whose content was known and that nothing has touched since. The folder's
/// names are still read on every run (one `readdir`, names compared as 64-bit hashes): a file
/// added, removed or replaced by a symlink is found as before, and then the run falls back to
/// the full inspection, which names it. Each listed file is still stat'ed (one `fstatat` per
/// file, relative to the open folder): an edit in place changes neither the folder nor its
/// listing, only the file's own stamp, so no cheaper check would keep the guarantee that
/// `project --id` refuses to overwrite a kept file the user edited (E-OUT-010). Anything not as
/// expected — no record, another layout, a wrong checksum, another manifest — is no record:
/// the run takes the full path and writes a fresh record at the end.
///
/// It also keeps the SHA-256 of the templates each project's documents were made from
/// (`TemplateSet.projectTemplateDigests`): `project --id` after one of them changed makes every
/// document of that template again, as a fresh package would, instead of leaving the other
/// projects' documents in the old design beside the one made in the new.
struct PackageIndex {
    static let magic = Array("reportgen-package-index/4\n".utf8)

    var manifest: Manifest
    /// `manifest.json`'s stamp after it was written.
    var manifestStamp: SystemFiles.Stamp
    /// Parallel to `manifest.files`: the stamp a file had when its content was known; nil when
    /// none qualifies (it is hashed next time).
    var stamps: [SystemFiles.Stamp?]
    /// `TemplateSet.projectTemplateDigests` of the templates the listed documents were made from.
    var templates: [String]

    static func path(of destination: URL, in cache: URL?) -> String? {
        guard let cache else { return nil }
        return cache.standardizedFileURL.path + "/packages/" + Manifest.sha256(Array(destination.standardizedFileURL.path.utf8)) + ".bin"
    }

    // MARK: Reading

    /// The record of `destination`; nil when there is none or it is not one this version wrote whole.
    static func read(for destination: URL, cache: URL?) -> PackageIndex? {
        guard let path = path(of: destination, in: cache), let bytes = try? SystemFiles.readFile(path, limit: 1 << 30) else { return nil }
        return decode(bytes)
    }

    static func decode(_ bytes: [UInt8]) -> PackageIndex? {
        guard bytes.count > magic.count + 8, bytes.starts(with: magic) else { return nil }
        let body = bytes.count - 8
        var reader = ByteReader(bytes: bytes, position: body, end: bytes.count)
        guard let checksum = reader.u64(), checksum == Self.checksum(bytes[0..<body]) else { return nil }
        // `manifest.json`'s stamp is last (`PendingWrite`: known only once the rest is written).
        guard body - magic.count >= ByteReader.stampSize else { return nil }
        reader = ByteReader(bytes: bytes, position: body - ByteReader.stampSize, end: body)
        guard let manifestStamp = reader.stamp() else { return nil }
        reader = ByteReader(bytes: bytes, position: magic.count, end: body - ByteReader.stampSize)
        guard let format = reader.string(), let tool = reader.string(),
              let packageSHA256 = reader.string(), let fileCount = reader.count() else { return nil }
        var files: [Manifest.File] = []
        var stamps: [SystemFiles.Stamp?] = []
        files.reserveCapacity(fileCount)
        stamps.reserveCapacity(fileCount)
        for _ in 0..<fileCount {
            guard let path = reader.string(), PackageFolder.isPlainName(path), let sha = reader.string(), let size = reader.u64(),
                  let flag = reader.byte() else { return nil }
            var stamp: SystemFiles.Stamp?
            if flag == 1 {
                guard let read = reader.stamp() else { return nil }
                stamp = read
            } else if flag != 0 {
                return nil
            }
            files.append(Manifest.File(path: path, sha256: sha, bytes: Int(size)))
            stamps.append(stamp)
        }
        guard let projectCount = reader.count() else { return nil }
        var projects: [Manifest.Project] = []
        projects.reserveCapacity(projectCount)
        for _ in 0..<projectCount {
            guard let id = reader.string(), let name = reader.string(), let total = reader.optionalString(),
                  let grade = reader.optionalString(), let count = reader.count() else { return nil }
            var names: [String] = []
            for _ in 0..<count {
                guard let name = reader.string() else { return nil }
                names.append(name)
            }
            projects.append(Manifest.Project(id: id, name: name, total: total ?? nil, grade: grade ?? nil, files: names))
        }
        guard let templateCount = reader.count() else { return nil }
        var templates: [String] = []
        for _ in 0..<templateCount {
            guard let digest = reader.string() else { return nil }
            templates.append(digest)
        }
        guard reader.atEnd else { return nil }
        var manifest = Manifest(tool: tool, packageSHA256: packageSHA256, sortedFiles: files, projects: projects)
        manifest.format = format
        return PackageIndex(manifest: manifest, manifestStamp: manifestStamp, stamps: stamps, templates: templates)
    }

    // MARK: Writing

    /// Records the package just committed: `manifest` (its files sorted, as `Manifest` keeps
    /// them) and `stamps` parallel to its files, each the stamp the file had when its content was
    /// known, whose status-change time is earlier than a clock reading taken before the stamp was
    /// (the caller's check; nil: not recorded). `manifest.json` is stamped
    /// here, once the clock has moved past its last change, so that an edit after this moment
    /// cannot keep its stamp. Best effort: without a record the next run takes the full path.
    /// `written`: the stamp `manifest.json` had when this run wrote it. The lock on the folder is
    /// gone by now, so the file stamped must be that one (same inode, size and modification
    /// time): another run's manifest must never be recorded with this one's content.
    static func write(for destination: URL, manifest: Manifest, stamps: [SystemFiles.Stamp?], templates: [String], written: SystemFiles.Stamp?,
                      cache: URL?) {
        guard stamps.count == manifest.files.count else { return }
        write(for: destination, entries: manifest, stamps: { stamps[$0] }, templates: templates, written: written, cache: cache)
    }

    /// `write` from entries read one at a time (`ManifestEntries`), `stamps` asked per file.
    static func write(for destination: URL, entries: some ManifestEntries & Sendable, stamps: @escaping @Sendable (Int) -> SystemFiles.Stamp?,
                      templates: [String], written: SystemFiles.Stamp?, cache: URL?) {
        start(for: destination, entries: entries, stamps: stamps, templates: templates, cache: cache)?.finish(written: written)
    }

    /// Starts writing the record of the package about to be committed on another thread, while
    /// the caller writes `manifest.json` and commits (both walk every entry: at 10 000 projects
    /// each was about 30 ms, one after the other). `finish` gives it the stamp `manifest.json` got,
    /// which goes last; `cancel` drops it. nil: no cache folder.
    static func start(for destination: URL, entries: some ManifestEntries & Sendable, stamps: @escaping @Sendable (Int) -> SystemFiles.Stamp?,
                      templates: [String], cache: URL?) -> PendingWrite? {
        guard let path = path(of: destination, in: cache) else { return nil }
        return PendingWrite(path: path, destination: destination, entries: entries, stamps: stamps, templates: templates)
    }

    /// A record being written on another thread (`start`).
    final class PendingWrite: @unchecked Sendable {
        private let path: String
        private let destination: URL
        private let done = DispatchGroup()
        private let handed = DispatchSemaphore(value: 0)
        /// Set before `handed` is signalled; nil: drop the record.
        private var written: SystemFiles.Stamp?

        fileprivate init(path: String, destination: URL, entries: some ManifestEntries & Sendable,
                         stamps: @escaping @Sendable (Int) -> SystemFiles.Stamp?, templates: [String]) {
            self.path = path
            self.destination = destination
            done.enter()
            DispatchQueue.global().async {
                self.run(entries: entries, stamps: stamps, templates: templates)
                self.done.leave()
            }
        }

        /// Hands over `manifest.json`'s stamp as this run wrote it and waits until the record is
        /// in place (or dropped). The lock on the folder is gone by now, so the file stamped must
        /// be that one (same inode, size and modification time): another run's manifest must never
        /// be recorded with this one's content.
        func finish(written: SystemFiles.Stamp?) {
            self.written = written
            handed.signal()
            done.wait()
        }

        /// Drops the record being written (the run failed) and removes the old one.
        func cancel() {
            finish(written: nil)
        }

        private func run(entries: some ManifestEntries, stamps: (Int) -> SystemFiles.Stamp?, templates: [String]) {
            let folder = (path as NSString).deletingLastPathComponent
            let temporary = folder + "/.\((path as NSString).lastPathComponent).reportgen-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
            var waited = false
            var complete = false
            var fd: Int32 = -1
            do throws(SystemFileError) {
                try SystemFiles.makeDirectories(folder)
                fd = try SystemFiles.writeNewFileUnsynced(temporary) { put in
                    // A name the record cannot stand for (the full inspection reads such a folder).
                    var plain = true
                    // Written in 64 KB pieces as it is made, the checksum kept running: at 10 000 projects the
                    // whole record (17 MB, and a copy while its buffer grew) was the run's peak of memory.
                    var out = ByteWriter()
                    out.bytes += PackageIndex.magic
                    out.string(entries.format)
                    out.string(entries.tool)
                    out.string(entries.packageSHA256)
                    let fileCount = entries.fileCount
                    out.u64(UInt64(fileCount))
                    for index in 0..<fileCount where plain {
                        entries.withFile(index) { path, sha, bytes in
                            guard PackageFolder.isPlainName(path) else { plain = false; return }
                            out.string(path)
                            out.string(sha)
                            out.u64(UInt64(bytes))
                            if let stamp = stamps(index), stamp.size == Int64(bytes) {
                                out.bytes.append(1)
                                out.stamp(stamp)
                            } else {
                                out.bytes.append(0)
                            }
                        }
                        out.pass(to: put)
                    }
                    let projectCount = entries.projectCount
                    out.u64(UInt64(projectCount))
                    for index in 0..<projectCount where plain {
                        let project = entries.project(index)
                        out.string(project.id)
                        out.string(project.name)
                        out.optionalString(project.total)
                        out.optionalString(project.grade)
                        out.u64(UInt64(project.files.count))
                        for name in project.files { out.string(name) }
                        out.pass(to: put)
                    }
                    out.u64(UInt64(templates.count))
                    for digest in templates { out.string(digest) }
                    handed.wait()
                    waited = true
                    // `manifest.json` is stamped here, once the clock has moved past its last change, so
                    // that an edit after this moment cannot keep its stamp.
                    let manifestPath = destination.standardizedFileURL.path + "/" + PackageGenerator.manifestName
                    guard plain, let written, let manifestStamp = PackageIndex.settledStamp(manifestPath), manifestStamp.device == written.device,
                          manifestStamp.inode == written.inode, manifestStamp.size == written.size, manifestStamp.modified == written.modified
                    else { return }
                    out.stamp(manifestStamp)
                    out.finish(to: put)
                    complete = true
                }
            } catch {
                complete = false
            }
            if !waited { handed.wait() }
            var placed = false
            if fd >= 0 {
                // Not synced, as every record of the cache folder (`SystemFiles.replaceCacheFile`): one
                // a crash lost or cut fails its checksum, one kept old names another manifest.json's
                // stamp; waiting for the disk was the last tens of milliseconds of `project --id`.
                if complete, close(fd) == 0 {
                    placed = rename(temporary, path) == 0
                } else if !complete {
                    close(fd)
                }
            }
            if !placed {
                unlink(temporary)
                unlink(path)
            }
        }
    }

    /// Removes the record (a run that changed the package without writing a new one).
    static func remove(for destination: URL, cache: URL?) {
        if let path = path(of: destination, in: cache) { unlink(path) }
    }

    /// The stamp of `path` once the file clock has passed its status-change time: the stamp is
    /// taken after a clock reading later than that time, so a change after this call gives
    /// another stamp (waits at most a clock tick, a few milliseconds).
    static func settledStamp(_ path: String) -> SystemFiles.Stamp? {
        for _ in 0..<100 {
            guard let before = SystemFiles.stamp(path) else { return nil }
            let now = SystemFiles.fileClock()
            if before.changed < now, let after = SystemFiles.stamp(path), after == before { return after }
            usleep(1000)
        }
        return nil
    }

    /// The record's checksum (`RecordChecksum`).
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.withUnsafeBytes(RecordChecksum.of)
    }

    /// FNV-1a, 64 bits: the hash names are compared by.
    static func fnv(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// `fnv` of a String's UTF-8, read in place (the generic walk over `utf8` cost twice as much).
    static func fnv(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { fnv(UnsafeRawBufferPointer($0)) }
    }
}

/// Little-endian fields, strings as a length and their UTF-8 bytes, passed on to `write` a
/// piece at a time (`pass`), the checksum of what was passed kept running; `finish` appends it.
private struct ByteWriter {
    var bytes: [UInt8] = []
    private var checksum = RecordChecksum()
    static let piece = 1 << 16

    init() {
        bytes.reserveCapacity(Self.piece + 4096)
    }

    /// Passes the bytes on once they fill a piece: whole 8-byte words only, the checksum's unit.
    mutating func pass(to write: ([UInt8]) -> Void) {
        guard bytes.count >= Self.piece else { return }
        let whole = bytes.count / 8 * 8
        bytes.withUnsafeBytes { checksum.add(words: UnsafeRawBufferPointer(rebasing: $0[..<whole])) }
        write(Array(bytes[..<whole]))
        bytes.removeFirst(whole)
    }

    /// Passes the rest on, then the checksum of everything (itself not summed).
    mutating func finish(to write: ([UInt8]) -> Void) {
        let sum = bytes.withUnsafeBytes { checksum.finished(tail: $0) }
        u64(sum)
        write(bytes)
        bytes.removeAll()
    }

    mutating func u64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { string($0) }
    }
    mutating func string(_ utf8: UnsafeBufferPointer<UInt8>) {
        u64(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }
    mutating func optionalString(_ value: String?) {
        if let value {
            bytes.append(1)
            string(value)
        } else {
            bytes.append(0)
        }
    }
    mutating func stamp(_ stamp: SystemFiles.Stamp) {
        u64(stamp.device)
        u64(stamp.inode)
        u64(UInt64(bitPattern: stamp.size))
        u64(UInt64(bitPattern: stamp.modified))
        u64(UInt64(bitPattern: stamp.changed))
    }
}

private struct ByteReader {
    static let stampSize = 40
    let bytes: [UInt8]
    var position: Int
    let end: Int

    var atEnd: Bool { position == end }

    mutating func byte() -> UInt8? {
        guard position < end else { return nil }
        defer { position += 1 }
        return bytes[position]
    }
    mutating func u64() -> UInt64? {
        guard end - position >= 8 else { return nil }
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: position, as: UInt64.self) }
        position += 8
        return UInt64(littleEndian: value)
    }
    /// A count that the remaining bytes could hold (a corrupt one must not reserve gigabytes).
    mutating func count() -> Int? {
        guard let value = u64(), value <= UInt64(end - position) else { return nil }
        return Int(value)
    }
    mutating func string() -> String? {
        guard let length = count() else { return nil }
        defer { position += length }
        // Decoded, not validated (the generic `String(validating:)` was a third of decoding):
        // the checksum vouches that these are the bytes of a String this program wrote.
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[position..<position + length]), as: UTF8.self) }
    }
    /// nil: unreadable; .some(nil): absent.
    mutating func optionalString() -> String?? {
        switch byte() {
        case 0: return .some(nil)
        case 1: return string().map { .some($0) }
        default: return nil
        }
    }
    mutating func stamp() -> SystemFiles.Stamp? {
        guard let device = u64(), let inode = u64(), let size = u64(), let modified = u64(), let changed = u64() else { return nil }
        return SystemFiles.Stamp(device: device, inode: inode, size: Int64(bitPattern: size),
                                 modified: Int64(bitPattern: modified), changed: Int64(bitPattern: changed))
    }
}
