import Foundation
import OOXML

/// A private record, beside the package (`.out.reportgen-stamps`, like the lock file), of each
/// file's stamp (device, inode, size, modification and status-change times) when its SHA-256
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

    static func path(of destination: URL) -> String {
        let destination = destination.standardizedFileURL
        return destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).reportgen-stamps").path
    }

    /// An empty record when there is none or it cannot be read: then every file is hashed.
    static func read(for destination: URL) -> StampCache {
        var cache = StampCache()
        guard let bytes = try? SystemFiles.readFile(path(of: destination), limit: 256 << 20),
              let text = String(validating: bytes, as: UTF8.self) else { return cache }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)[...]
        guard let header = lines.popFirst()?.split(separator: " "), header.count == 2, header[0] == format,
              let taken = Int64(header[1]) else { return cache }
        cache.takenAt = taken
        for line in lines {
            let fields = line.split(separator: " ", maxSplits: 6, omittingEmptySubsequences: false)
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

    /// Records the committed package's files (their hashes are the manifest's, just written).
    /// `takenAt` is read after the last file was written and before the swap: a file changed
    /// after that has a later status-change time, so its stamp is never trusted.
    /// Best effort: without a record the next run only hashes more.
    static func write(for destination: URL, files: [Manifest.File], takenAt: Int64) {
        let base = destination.standardizedFileURL.path
        var out = "\(format) \(takenAt)\n"
        for file in files where !file.path.contains("\n") {
            guard let stamp = SystemFiles.stamp(base + "/" + file.path), stamp.size == Int64(file.bytes) else { continue }
            out += "\(file.sha256) \(stamp.device) \(stamp.inode) \(stamp.size) \(stamp.modified) \(stamp.changed) \(file.path)\n"
        }
        try? SystemFiles.replaceFile(path(of: destination), Array(out.utf8))
    }
}
