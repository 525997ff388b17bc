import Foundation
import JSONValue
#if canImport(Glibc)
import Glibc
#endif

/// What `package` and `project --id` learnt from each project file on the last run, so that a
/// run after one project changed reads and validates that file only (issue 12): per file its
/// slim project (`LoadedProject.slimmed`) and its problems as one line of `ProjectRecord`, kept in
/// the cache folder (`CacheFolder`; `projects/` in it, one file per package file).
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
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
            changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
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

    static let format = "reportgen-projects/6"
    let header: String
    /// When this run started reading project files (the coarse clock file times come from).
    let startedAt: Int64
    private let recorded: [String: (stamp: Stamp, line: Substring)]
    /// A glob's matches (see `Glob.Record`), by pattern.
    private let recordedGlobs: [String: Glob.Record]
    private var freshGlobs: [String: Glob.Record] = [:]
    private let lock = NSLock()
    /// Lines of fresh loads, by path.
    private var lines: [String: String] = [:]
    /// Paths whose recorded line was used.
    private var used: Set<String> = []
    private var fresh = 0
    let file: String?
    let folder: String?

    /// The record for `packagePath` (whose bytes are `packageBytes`); empty when there is none,
    /// it is another binary's or another package content's.
    init(packagePath: String, packageBytes: [UInt8], cache: URL?) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &now)
        startedAt = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
        let binary = Stamp("/proc/self/exe").map(\.text) ?? "unknown"
        header = "\(Self.format) \(binary.replacingOccurrences(of: " ", with: ".")) \(Self.fnv(packageBytes))"
        let real = URL(fileURLWithPath: packagePath).standardizedFileURL.resolvingSymlinksInPath().path
        folder = cache.map { $0.standardizedFileURL.path + "/projects" }
        file = folder.map { $0 + "/" + Self.fnv(Array(real.utf8)) + ".txt" }
        var recorded: [String: (stamp: Stamp, line: Substring)] = [:]
        var globs: [String: Glob.Record] = [:]
        // The file's bytes are let go once they are text: for 10 000 projects the two copies were
        // the largest thing held while loading.
        let text: String? = file.flatMap { FileManager.default.contents(atPath: $0) }.flatMap { String(data: $0, encoding: .utf8) }
        if let text {
            // Split on bytes: splitting on Characters (grapheme breaking) cost more than the rest.
            var rows = text.utf8.split(separator: 0x0A)[...]
            if rows.popFirst().map({ String(Substring($0)) }) == header {
                for row in rows {
                    if row.starts(with: Glob.Record.tag.utf8) {
                        if let glob = Glob.Record(row: Substring(row)) { globs[glob.pattern] = glob }
                        continue
                    }
                    // device inode size modified changed \t path \t entry
                    let parts = row.split(separator: 0x09, maxSplits: 2, omittingEmptySubsequences: false).map { Substring($0) }
                    let numbers = parts.first?.utf8.split(separator: 0x20).compactMap { Int64(Substring($0)) } ?? []
                    guard parts.count == 3, numbers.count == 5 else { continue }
                    let stamp = Stamp(device: UInt64(bitPattern: numbers[0]), inode: UInt64(bitPattern: numbers[1]), size: numbers[2],
                                      modified: numbers[3], changed: numbers[4])
                    recorded[String(parts[1])] = (stamp, parts[2])
                }
            }
        }
        self.recorded = recorded
        recordedGlobs = globs
    }

    /// The recorded matches of `pattern` when its folder is unchanged since they were listed.
    func globMatches(_ pattern: String, folder: String) -> [LoadSession.Match]? {
        guard let record = recordedGlobs[pattern], record.folder == folder, Stamp(folder: folder) == record.stamp else { return nil }
        lock.lock()
        freshGlobs[pattern] = record
        lock.unlock()
        return record.matches.map { LoadSession.Match(url: URL(fileURLWithPath: $0.resolved, isDirectory: false), display: $0.display) }
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
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    /// The recorded load of `url` when its file is unchanged.
    func lookup(_ url: URL) -> ProjectFiles.Result? {
        let path = url.path
        guard let (stamp, line) = recorded[path], Stamp(path) == stamp, let result = ProjectRecord.result(line, url: url) else { return nil }
        lock.lock()
        // Kept as recorded: `save` writes the recorded line again (no copy held meanwhile).
        lines[path] = nil
        used.insert(path)
        lock.unlock()
        return result
    }

    /// Records a fresh load of `url`, whose stamp was `before` when reading began and is the
    /// same after; loads with errors are not recorded (the run stops anyway).
    func record(_ url: URL, before: Stamp?, _ result: ProjectFiles.Result) {
        let path = url.path
        guard let before, before.changed < startedAt, Stamp(path) == before, !path.contains("\t"), !path.contains("\n"),
              let project = result.project, !(result.fileProblems + result.problems).contains(where: \.isError) else { return }
        let line = ProjectRecord.line(result, project: project)
        lock.lock()
        lines[path] = before.text + "\t" + path + "\t" + line
        fresh += 1
        lock.unlock()
    }

    /// Writes the record when something in it changed (atomically: a new file renamed over).
    func save(order: [URL]) {
        lock.lock()
        defer { lock.unlock() }
        let globsChanged = freshGlobs.count != recordedGlobs.count || freshGlobs.contains { recordedGlobs[$0.key]?.stamp != $0.value.stamp }
        guard let file, let folder, fresh > 0 || used.count != recorded.count || globsChanged else { return }
        var out = header + "\n"
        for (_, glob) in freshGlobs.sorted(by: { $0.key < $1.key }) { out += glob.row + "\n" }
        for url in order {
            let path = url.path
            if let line = lines[path] {
                out += line + "\n"
            } else if used.contains(path), let (stamp, line) = recorded[path] {
                out += stamp.text + "\t" + path + "\t" + line + "\n"
            }
        }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = file + ".\(UInt64.random(in: 0...UInt64.max))"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(out.utf8)) else { return }
        if rename(temporary, file) != 0 { unlink(temporary) }
    }
}
