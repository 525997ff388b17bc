import Foundation
import JSONValue
#if canImport(Glibc)
import Glibc
#endif

/// What `package` and `project --id` learnt from each project file on the last run, so that a
/// run after one project changed reads and validates that file only (issue 12): per file its
/// slim project (`LoadedProject.slimmed`) and its problems as one binary entry of `ProjectRecord`,
/// kept in the cache folder (`CacheFolder`; `projects/` in it, one file per package file).
///
/// Memory stays flat in the number of projects (issue 12): the record is read once to check it
/// and note where each entry lies (with a checksum of the entry), then each entry is read again
/// from the open file when its file is looked up; fresh entries go to a spool file beside the
/// record as they are made, and `save` writes the new record in pieces from both files. Only
/// offsets are held per project, never the entries' bytes.
///
/// An entry is used only when the file's stamp (device, inode, size, modification and
/// status-change times, nanoseconds) equals the recorded one, the record was made by this very
/// `reportgen` binary (its own stamp) for the same package file content (year and unit are
/// inherited from it), and the file's status-change time was earlier than the moment the run
/// that recorded it started reading: an edit after that moment gets a later status-change time,
/// which the user cannot set back (the rule of `StampCache`). Loading the same bytes with the
/// same program gives the same result, so a used entry is what loading the file would give.
final class ProjectIndex: @unchecked Sendable {
    struct Stamp: Equatable, Sendable {
        var device: UInt64, inode: UInt64, size: Int64, modified: Int64, changed: Int64

        /// Follows symlinks, as reading a project file does.
        init?(_ path: String) {
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
            self.init(info)
        }

        /// A folder's (symlinks followed, as listing it does).
        init?(folder path: String) {
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return nil }
            self.init(info)
        }

        private init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
            changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
        }

        init(device: UInt64, inode: UInt64, size: Int64, modified: Int64, changed: Int64) {
            self.device = device
            self.inode = inode
            self.size = size
            self.modified = modified
            self.changed = changed
        }

        var text: String { "\(device) \(inode) \(size) \(modified) \(changed)" }
    }

    /// The layout: the header line (format, the binary's stamp, the package content's hash),
    /// the globs' listings, then per project file its stamp, path and `ProjectRecord` entry, and
    /// a checksum of all that (FNV-1a, 64 bits). Any mismatch makes the whole record no record.
    static let format = "reportgen-projects/10"
    let header: [UInt8]
    /// When this run started reading project files (the coarse clock file times come from).
    let startedAt: Int64
    /// The record file, open (it is replaced by renaming, never written in place, so this stays
    /// the file that was checked); nil when there is no usable record.
    private let storage: EntryFile?
    /// Per path, by the path's hash (`key`: 10 000 paths as Strings were about 4 MB while
    /// loading): its stamp, where the whole entry lies in `storage` (written again as it is),
    /// and the `ProjectRecord` part of it. The entry names its path, checked when it is used,
    /// so two paths of one hash never share an entry.
    private let recorded: [UInt64: Recorded]
    typealias Recorded = (stamp: Stamp, entry: EntryFile.Piece, record: Range<Int>)
    /// A glob's matches (see `Glob.Record`), by pattern.
    private let recordedGlobs: [String: Glob.Record]
    private var freshGlobs: [String: Glob.Record] = [:]
    private let lock = NSLock()
    /// Entries of fresh loads, by path, in `spool` (made at the first).
    private var entries: [String: EntryFile.Piece] = [:]
    private var spool: EntryFile?
    private var spoolFailed = false
    /// Where the recorded entries that were used start in `storage` (Ints: hashing the paths
    /// again cost more than the set).
    private var used: Set<Int> = []
    private var fresh = 0
    /// Paths loaded afresh whose project differs from the one recorded for them: edited since the
    /// run that made the record (`changedSinceRecorded`).
    private var changed: [String] = []
    /// `project --id`: fresh entries of other changed projects, in `spool`, by path. Their old
    /// entries are written again unless the run makes their documents again too (`regenerated`):
    /// a template restyle, a damaged file or a new file name remakes a project besides `--id`.
    private var withheld: [String: EntryFile.Piece] = [:]
    let file: String?
    let folder: String?

    /// The record for `packagePath` (whose bytes are `packageBytes`); empty when there is none,
    /// it is another binary's or another package content's, or it is damaged.
    init(packagePath: String, packageBytes: [UInt8], cache: URL?) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &now)
        startedAt = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
        header = Array("\(Self.format) \(CacheFolder.executableIdentity.replacingOccurrences(of: " ", with: ".")) \(Self.fnv(packageBytes))\n".utf8)
        let real = URL(fileURLWithPath: packagePath).standardizedFileURL.resolvingSymlinksInPath().path
        folder = cache.map { $0.standardizedFileURL.path + "/projects" }
        file = folder.map { $0 + "/" + Self.fnv(Array(real.utf8)) + ".bin" }
        // The bytes are read whole to be checked, and let go once their entries are found.
        let opened = file.flatMap(EntryFile.read)
        let header = header
        let parsed = opened.flatMap { Self.parse($0.bytes, header: header) }
        storage = parsed == nil ? nil : opened?.file
        recorded = parsed?.entries ?? [:]
        recordedGlobs = parsed?.globs ?? [:]
    }

    /// The key of `path` in `recorded`.
    static func key(_ path: String) -> UInt64 {
        var path = path
        return path.withUTF8(fnv64)
    }

    private static func parse(_ bytes: [UInt8], header: [UInt8]) -> (entries: [UInt64: Recorded], globs: [String: Glob.Record])? {
        guard bytes.count >= header.count + 8, bytes.starts(with: header) else { return nil }
        let body = bytes.count - 8
        return bytes.withUnsafeBufferPointer { all -> (entries: [UInt64: Recorded], globs: [String: Glob.Record])? in
            var tail = ProjectRecord.Reader(UnsafeBufferPointer(rebasing: all[body...]))
            guard tail.fixed64() == RecordChecksum.of(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: all[..<body]))) else { return nil }
            // Over the bytes from 0, so that the ranges taken are indices into `bytes`.
            var r = ProjectRecord.Reader(UnsafeBufferPointer(rebasing: all[..<body]), from: header.count)
            var globs: [String: Glob.Record] = [:]
            guard let globCount = r.varint(), globCount <= UInt64(body) else { return nil }
            for _ in 0..<globCount {
                let pattern = r.text(), folder = r.text()
                guard let stamp = Self.stamp(&r), let count = r.varint(), count <= UInt64(body) else { return nil }
                var matches: [(display: String, resolved: String)] = []
                matches.reserveCapacity(Int(count))
                for _ in 0..<count { matches.append((r.text(), r.text())) }
                guard !r.failed else { return nil }
                globs[pattern] = Glob.Record(pattern: pattern, folder: folder, stamp: stamp, matches: matches)
            }
            guard let count = r.varint(), count <= UInt64(body) else { return nil }
            var entries: [UInt64: Recorded] = [:]
            entries.reserveCapacity(Int(count))
            for _ in 0..<count {
                let start = r.offset
                guard let stamp = Self.stamp(&r) else { return nil }
                guard let pathLength = r.varint(), let path = r.skip(pathLength), let length = r.varint(),
                      let record = r.skip(length), !r.failed else { return nil }
                let piece = EntryFile.Piece(all[start..<r.offset], at: start)
                let key = fnv64(UnsafeBufferPointer(rebasing: all[path]))
                // Of two paths with one hash the first keeps its entry; the other is read again.
                if entries[key] == nil {
                    // The record's place within the entry.
                    entries[key] = (stamp, piece, record.lowerBound - start..<record.upperBound - start)
                }
            }
            guard r.atEnd, !r.failed else { return nil }
            return (entries, globs)
        }
    }

    static func stamp(_ r: inout ProjectRecord.Reader) -> Stamp? {
        guard let device = r.fixed64(), let inode = r.fixed64(), let size = r.fixed64(), let modified = r.fixed64(),
              let changed = r.fixed64() else { return nil }
        return Stamp(device: device, inode: inode, size: Int64(bitPattern: size), modified: Int64(bitPattern: modified),
                     changed: Int64(bitPattern: changed))
    }

    static func write(_ stamp: Stamp, _ w: inout ProjectRecord.Writer) {
        for value in [stamp.device, stamp.inode, UInt64(bitPattern: stamp.size), UInt64(bitPattern: stamp.modified),
                      UInt64(bitPattern: stamp.changed)] { w.fixed64(value) }
    }

    /// The recorded matches of `pattern` when its folder is unchanged since they were listed.
    func globMatches(_ pattern: String, folder: String) -> [LoadSession.Match]? {
        guard let record = recordedGlobs[pattern], record.folder == folder, Stamp(folder: folder) == record.stamp else { return nil }
        lock.lock()
        freshGlobs[pattern] = record
        lock.unlock()
        return record.matches.map { LoadSession.Match(path: $0.resolved, display: $0.display) }
    }

    /// Records a fresh listing (`Glob.Record.listing`).
    func recordGlob(_ record: Glob.Record) {
        lock.lock()
        freshGlobs[record.pattern] = record
        lock.unlock()
    }

    /// FNV-1a, 64 bits, in hex: a stable name and content key (not a defence against forgery:
    /// the record is the user's own).
    static func fnv(_ bytes: [UInt8]) -> String {
        String(bytes.withUnsafeBufferPointer(fnv64), radix: 16)
    }

    static func fnv64(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The recorded load of `url` when its file is unchanged: its problems, and its project as
    /// the record's bytes (`RecordedProject`), not decoded: the record's checksum, checked when
    /// it was opened, vouches that they are bytes this very binary wrote (its identity is in the
    /// header), so they decode.
    func lookup(_ match: LoadSession.Match) -> ProjectFiles.Result? {
        lookup([match][...])[0]
    }

    /// `lookup` of consecutive matches. Their entries lie one after another in the record (it is
    /// written in package order), so they are read in runs of up to 256 KB, one `pread` each and
    /// every entry's checksum checked (`EntryFile.read(adjacent:)`): one `pread` per entry was a
    /// third of looking 10 000 projects up. The projects given share their run's bytes.
    func lookup(_ matches: ArraySlice<LoadSession.Match>) -> [ProjectFiles.Result?] {
        var results = [ProjectFiles.Result?](repeating: nil, count: matches.count)
        guard let storage else { return results }
        // The unchanged files' entries, in the order of `matches`.
        var found: [(place: Int, entry: EntryFile.Piece, record: Range<Int>)] = []
        found.reserveCapacity(matches.count)
        for (place, match) in zip(0..., matches) {
            if let (stamp, entry, record) = recorded[Self.key(match.path)], Stamp(match.path) == stamp {
                found.append((place, entry, record))
            }
        }
        var usedOffsets: [Int] = []
        usedOffsets.reserveCapacity(found.count)
        var start = 0
        while start < found.count {
            var end = start + 1, size = found[start].entry.count
            while end < found.count, size < 256 * 1024,
                  found[end].entry.offset == found[end - 1].entry.offset + found[end - 1].entry.count {
                size += found[end].entry.count
                end += 1
            }
            // A run with an entry not as noted: each read alone, so that only that one is missed.
            let runs = storage.read(adjacent: found[start..<end].map(\.entry)[...]).map { [(bytes: $0, items: start..<end)] }
                ?? (start..<end).map { index in (bytes: storage.read(found[index].entry) ?? [], items: index..<index + 1) }
            for (bytes, items) in runs where !bytes.isEmpty {
                let base = found[items.lowerBound].entry.offset
                bytes.withUnsafeBufferPointer { all in
                    for item in found[items] {
                        let path = matches[matches.startIndex + item.place].path
                        let entryStart = item.entry.offset - base
                        guard Self.entry(UnsafeBufferPointer(rebasing: all[entryStart..<entryStart + item.record.lowerBound]), names: path)
                        else { continue }
                        let record = entryStart + item.record.lowerBound..<entryStart + item.record.upperBound
                        guard let found = ProjectRecord.problems(UnsafeBufferPointer(rebasing: all[record])) else { continue }
                        var result = found.result
                        result.recorded = RecordedProject(path: path, bytes: bytes, range: record.lowerBound + found.projectStart..<record.upperBound)
                        results[item.place] = result
                        usedOffsets.append(item.entry.offset)
                    }
                }
            }
            start = end
        }
        lock.lock()
        // Kept as recorded: `save` copies the recorded bytes again.
        used.formUnion(usedOffsets)
        lock.unlock()
        return results
    }

    /// Records a fresh load of `url`, whose stamp was `before` when reading began and is the
    /// same after; loads with errors are not recorded (the run stops anyway).
    /// `regenerating` (`project --id`): a file of another project whose content changed keeps
    /// its recorded entry, so that it is found changed (`changedSinceRecorded`) on every such run
    /// until a run regenerates it.
    func record(_ match: LoadSession.Match, before: Stamp?, _ result: ProjectFiles.Result, regenerating: String? = nil) {
        let path = match.path
        guard let before, before.changed < startedAt, Stamp(path) == before,
              let project = result.project, !(result.fileProblems + result.problems).contains(where: \.isError) else { return }
        let record = ProjectRecord.bytes(result, project: project)
        let old = recordedProject(path)
        let stale = old != nil && old?.record != record
        var w = ProjectRecord.Writer()
        Self.write(before, &w)
        w.text(path)
        w.varint(UInt64(record.count))
        w.bytes += record
        lock.lock()
        defer { lock.unlock() }
        if stale { changed.append(path) }
        if spool == nil && !spoolFailed, let folder {
            spool = EntryFile(spoolIn: folder)
            spoolFailed = spool == nil
        }
        if stale, let old, let regenerating, project.definition.id != regenerating {
            used.insert(old.offset)
            if let piece = spool?.append(w.bytes) { withheld[path] = piece }
            return
        }
        guard let piece = spool?.append(w.bytes) else { return }
        entries[path] = piece
        fresh += 1
    }

    /// `project --id`: the other changed projects whose documents this run makes again too
    /// take their fresh entries, so that they are no longer named as changed.
    func regenerated(_ paths: some Sequence<String>) {
        lock.lock()
        defer { lock.unlock() }
        for path in paths {
            guard let piece = withheld.removeValue(forKey: path) else { continue }
            entries[path] = piece
            fresh += 1
        }
    }

    /// Whether a run of `project --id` must say which projects it made again before the
    /// record is saved (`regenerated`).
    var withholds: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !withheld.isEmpty
    }

    /// Whether the entry whose head (stamp and path, before its `ProjectRecord` part) is `head`
    /// is the one of `path`: two paths of one hash each have their own entry, or one has none.
    private static func entry(_ head: UnsafeBufferPointer<UInt8>, names path: String) -> Bool {
        var r = ProjectRecord.Reader(head)
        return stamp(&r) != nil && r.textEquals(path)
    }

    /// The record's load of `path` (its `ProjectRecord` bytes) and where its entry lies, whatever
    /// its file's stamp now; nil when there is none.
    private func recordedProject(_ path: String) -> (record: [UInt8], offset: Int)? {
        entry(of: path).map { (Array($0.bytes[$0.record]), $0.entry.offset) }
    }

    /// The recorded entry of `path`, read from the record file: its bytes, where it lies, and
    /// where its `ProjectRecord` part is in the bytes; nil when there is none for this very path
    /// (another path of the same hash has its own entry, or none).
    private func entry(of path: String) -> (bytes: [UInt8], entry: EntryFile.Piece, record: Range<Int>)? {
        guard let (_, entry, record) = recorded[Self.key(path)], let bytes = storage?.read(entry) else { return nil }
        let ownPath = bytes.withUnsafeBufferPointer { Self.entry(UnsafeBufferPointer(rebasing: $0[..<record.lowerBound]), names: path) }
        return ownPath ? (bytes, entry, record) : nil
    }

    /// The project files whose recorded load changed since the run that made the record: what the
    /// package-wide forms read of them (a file only touched, one changed only where its own
    /// documents read, or one the record did not know is not among them), in no particular order.
    var changedSinceRecorded: [String] {
        lock.lock()
        defer { lock.unlock() }
        return changed
    }

    /// Records being written by `saveInBackground`.
    private static let pendingSaves = DispatchGroup()
    /// Records held for `project --id` to say what it made again (`Held`), saved by
    /// `finishSaving` as they are if it never does (the run failed before it knew).
    private static let heldLock = NSLock()
    nonisolated(unsafe) private static var held: [Held] = []

    /// A record of `project --id` that holds other changed projects' fresh entries: saved once
    /// the run knows which projects it makes again (`save(regenerating:)`).
    final class Held: @unchecked Sendable {
        private let index: ProjectIndex
        private let order: [String]
        /// The withheld projects' paths, by id.
        private let paths: [String: String]
        private let lock = NSLock()
        private var saved = false

        init(index: ProjectIndex, order: [String], paths: [String: String]) {
            self.index = index
            self.order = order
            self.paths = paths
            ProjectIndex.heldLock.lock()
            ProjectIndex.held.append(self)
            ProjectIndex.heldLock.unlock()
        }

        /// Saves the record on another thread (once), with the fresh entries of those of
        /// `ids` whose files had changed.
        func save(regenerating ids: some Sequence<String>) {
            lock.lock()
            defer { lock.unlock() }
            guard !saved else { return }
            saved = true
            index.regenerated(ids.compactMap { paths[$0] })
            index.saveInBackground(order: order)
        }
    }

    /// `save` on another thread; `finishSaving` waits for it.
    func saveInBackground(order: [String]) {
        Self.pendingSaves.enter()
        DispatchQueue.global().async {
            self.save(order: order)
            Self.pendingSaves.leave()
        }
    }

    static func finishSaving() {
        heldLock.lock()
        let unsaved = held
        held = []
        heldLock.unlock()
        for record in unsaved { record.save(regenerating: []) }
        pendingSaves.wait()
    }

    /// Writes the record when something in it changed (atomically: a new file renamed over),
    /// in pieces: unchanged entries are copied from the old record as bytes, fresh ones from the
    /// spool, none encoded again and never all in memory.
    func save(order: [String]) {
        lock.lock()
        defer { lock.unlock() }
        let globsChanged = freshGlobs.count != recordedGlobs.count || freshGlobs.contains { recordedGlobs[$0.key]?.stamp != $0.value.stamp }
        guard let file, let folder, fresh > 0 || used.count != recorded.count || globsChanged else { return }
        var w = ProjectRecord.Writer()
        w.bytes += header
        w.varint(UInt64(freshGlobs.count))
        for (_, glob) in freshGlobs.sorted(by: { $0.key < $1.key }) {
            w.text(glob.pattern)
            w.text(glob.folder)
            Self.write(glob.stamp, &w)
            w.varint(UInt64(glob.matches.count))
            for match in glob.matches {
                w.text(match.display)
                w.text(match.resolved)
            }
        }
        var chosen: [(EntryFile, EntryFile.Piece)] = []
        chosen.reserveCapacity(order.count)
        // A recorded entry is written once, for its own path (one sharing its hash that was not
        // recorded afresh finds it too).
        var taken = Set<Int>()
        for path in order {
            if let entry = entries[path], let spool {
                chosen.append((spool, entry))
            } else if let (_, entry, _) = recorded[Self.key(path)], let storage, used.contains(entry.offset),
                      taken.insert(entry.offset).inserted {
                chosen.append((storage, entry))
            }
        }
        w.varint(UInt64(chosen.count))
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = file + ".\(UInt64.random(in: 0...UInt64.max))"
        guard let out = EntryFile.Output(creating: temporary) else { return }
        var written = out.write(w.bytes)
        // Entries that lie one after another in the same file (the old record's, in package
        // order: nearly all of them after one project changed) are copied in runs of up to 256 KB,
        // one read each: read one at a time, the 10 000 entries of a package were 40 ms a run.
        var start = 0
        while start < chosen.count && written {
            let source = chosen[start].0
            var end = start + 1, size = chosen[start].1.count
            while end < chosen.count, chosen[end].0 === source, size < 256 * 1024,
                  chosen[end].1.offset == chosen[end - 1].1.offset + chosen[end - 1].1.count {
                size += chosen[end].1.count
                end += 1
            }
            // An entry whose bytes changed since they were checked is not written: no record then.
            guard let bytes = source.read(adjacent: chosen[start..<end].map(\.1)[...]) else { written = false; break }
            written = out.write(bytes)
            start = end
        }
        if !(written && out.finish()) || rename(temporary, file) != 0 { unlink(temporary) }
        // The text record of versions before the binary one (`<hash>.txt` beside it) is no longer read.
        if file.hasSuffix(".bin") { unlink(String(file.dropLast(4)) + ".txt") }
    }
}
