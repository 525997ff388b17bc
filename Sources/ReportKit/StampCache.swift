import Foundation
import OOXML

/// A private record, in the cache folder (`CacheFolder`: `stamps/` in it, one file per package folder, named by the SHA-256 of its path;
/// nothing is added to or beside the package), of each file's stamp (device, inode, size, modification and status-change times) when its SHA-256
/// was last known, so that a run on an existing package hashes only files that may have changed.
///
/// The rule: a listed file counts as matching the manifest without being read when its current
/// stamp equals the recorded one, the recorded SHA-256 and size are the manifest's, and its
/// status-change time is earlier than the moment the record was taken. Any write, truncation,
/// chmod, link or rename changes the status-change time, which the user cannot set; a write
/// after the record was taken gets a later time than any the record trusts (git's "racily
/// clean" rule), and a file replaced by another has another inode. What it does not catch:
/// a changed clock or a tampered record (both the user's own doing), and a file system that
/// does not keep these times. `--force` ignores the record and hashes every file.
struct StampCache {
    struct Entry {
        var sha256: String
        var stamp: SystemFiles.Stamp
    }

    static let format = "reportgen-stamps/1"
    var takenAt: Int64 = 0
    var entries: [String: Entry] = [:]

    static func folder(in cache: URL?) -> String? {
        cache.map { $0.standardizedFileURL.path + "/stamps" }
    }

    static func path(of destination: URL, in cache: URL?) -> String? {
        guard let folder = folder(in: cache) else { return nil }
        return folder + "/" + Manifest.sha256(Array(destination.standardizedFileURL.path.utf8)) + ".txt"
    }

    /// An empty record when there is none (or no cache folder) or it cannot be read: then every file is hashed.
    static func read(for destination: URL, cache folder: URL?) -> StampCache {
        var cache = StampCache()
        guard let path = path(of: destination, in: folder), let bytes = try? SystemFiles.readFile(path, limit: 256 << 20),
              let text = String(validating: bytes, as: UTF8.self) else { return cache }
        // Split on bytes: splitting tens of thousands of lines on Characters was most of the cost.
        var lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: true).map { Substring($0) }[...]
        guard let header = lines.popFirst()?.split(separator: " "), header.count == 2, header[0] == format,
              let taken = Int64(header[1]) else { return cache }
        cache.takenAt = taken
        for line in lines {
            let fields = line.utf8.split(separator: 0x20, maxSplits: 6, omittingEmptySubsequences: false).map { Substring($0) }
            guard fields.count == 7, let device = UInt64(fields[1]), let inode = UInt64(fields[2]), let size = Int64(fields[3]),
                  let modified = Int64(fields[4]), let changed = Int64(fields[5]) else { continue }
            cache.entries[String(fields[6])] = Entry(sha256: String(fields[0]),
                                                     stamp: .init(device: device, inode: inode, size: size, modified: modified, changed: changed))
        }
        return cache
    }

    /// True when `file`, now stamped `stamp`, can be taken as the manifest's without reading it.
    func vouches(for file: Manifest.File, stamp: SystemFiles.Stamp) -> Bool {
        guard let entry = entries[file.path] else { return false }
        return entry.sha256 == file.sha256 && Int64(file.bytes) == stamp.size && entry.stamp == stamp && stamp.changed < takenAt
    }

    /// Records the committed package's files (their hashes are the manifest's), once the swap
    /// and the removal of the old package are done (removing it changes the status-change time
    /// of every file kept by hard link). A file is recorded only when its inode, size and
    /// modification time are still those it had when its content was known (`known`: just
    /// written or checked), so an edit since is never vouched for; an edit after `takenAt`
    /// gets a later status-change time. The gap left: an edit within the same clock tick as
    /// reportgen's own write of that file, during the run. Best effort: without a record the
    /// next run only hashes more.
    static func write(for destination: URL, files: [Manifest.File], known: [String: SystemFiles.Stamp], cache: URL?) {
        let base = destination.standardizedFileURL.path
        guard cache != nil else { return }
        let takenAt = SystemFiles.fileClock()
        var out = "\(format) \(takenAt)\n"
        // Grown line by line, the text of 30 000 files doubled up to 10 MB at the run's end.
        out.reserveCapacity(files.count * 160)
        for file in files where !file.path.contains("\n") {
            guard let was = known[file.path], let stamp = SystemFiles.stamp(base + "/" + file.path),
                  stamp.size == Int64(file.bytes), stamp.device == was.device, stamp.inode == was.inode,
                  stamp.size == was.size, stamp.modified == was.modified else { continue }
            out += line(file, stamp)
        }
        save(out, for: destination, cache: cache)
    }

    /// After an update in place: the files it did not touch, with the stamps they had when
    /// inspecting the folder found them matching the manifest, and `takenAt` the moment that
    /// inspection began (so a file changed in the same clock tick is hashed next time). No file
    /// is stat'ed again: one changed since has another stamp and is not vouched for. Files the
    /// update wrote are left out; the next run hashes them (a handful) and records them.
    static func write(for destination: URL, kept: [Manifest.File], stamps: [String: SystemFiles.Stamp], takenAt: Int64, cache: URL?) {
        guard cache != nil else { return }
        var out = "\(format) \(takenAt)\n"
        out.reserveCapacity(kept.count * 160)
        for file in kept where !file.path.contains("\n") {
            guard let stamp = stamps[file.path], stamp.size == Int64(file.bytes) else { continue }
            out += line(file, stamp)
        }
        save(out, for: destination, cache: cache)
    }

    private static func line(_ file: Manifest.File, _ stamp: SystemFiles.Stamp) -> String {
        "\(file.sha256) \(stamp.device) \(stamp.inode) \(stamp.size) \(stamp.modified) \(stamp.changed) \(file.path)\n"
    }

    private static func save(_ text: String, for destination: URL, cache: URL?) {
        guard let folder = folder(in: cache), let path = path(of: destination, in: cache),
              (try? SystemFiles.makeDirectories(folder)) != nil else { return }
        try? SystemFiles.replaceFile(path, Array(text.utf8))
    }
}
