import Foundation
import OOXML

/// Each file's stamp (device, inode, size, modification and status-change times) when its SHA-256
/// was last known, so that a run on an existing package hashes only files that may have changed.
/// Kept in the package record (`PackageIndex`, in the cache folder); a record of earlier versions
/// (`stamps/` in the cache folder, one text file per package folder) is still read when there is no other.
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

    /// The stamps of a package record (`PackageIndex`), whatever manifest it was made with:
    /// each was recorded only when its status-change time was earlier than a clock reading taken
    /// before it, the condition `takenAt` stands for here.
    init(_ index: PackageIndex) {
        takenAt = .max
        entries.reserveCapacity(index.stamps.count)
        for (file, stamp) in zip(index.manifest.files, index.stamps) {
            if let stamp { entries[file.path] = Entry(sha256: file.sha256, stamp: stamp) }
        }
    }

    init() {}

    /// The package record's stamps when there is one (`index`, else read here), else this
    /// record; empty when there is none (or no cache folder) or it cannot be read: then every file is hashed.
    static func read(for destination: URL, cache folder: URL?, index: PackageIndex? = nil) -> StampCache {
        if let index = index ?? PackageIndex.read(for: destination, cache: folder) { return StampCache(index) }
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

    /// After a package is committed, per file (in order): its stamp now, when its inode, size and
    /// modification time are those it had when its content was known (`known`, parallel to `files`: just written), so
    /// an edit since is never vouched for, and its status-change time is earlier than `takenAt`
    /// (a clock reading taken before these stamps), so a later edit gets another stamp; nil
    /// otherwise (hashed next time). The gap left: an edit within the same clock tick as
    /// reportgen's own write of that file, during the run.
    static func settled(for destination: URL, files: some ManifestEntries, known: (Int) -> SystemFiles.Stamp?,
                        takenAt: Int64 = SystemFiles.fileClock()) -> [SystemFiles.Stamp?] {
        let base = destination.standardizedFileURL.path
        return (0..<files.fileCount).map { index in
            guard let was = known(index) else { return nil }
            return files.withFile(index) { path, _, bytes -> SystemFiles.Stamp? in
                guard let stamp = SystemFiles.stamp(base + "/" + String(decoding: path, as: UTF8.self)),
                      stamp.size == Int64(bytes), stamp.device == was.device, stamp.inode == was.inode,
                      stamp.size == was.size, stamp.modified == was.modified, stamp.changed < takenAt else { return nil }
                return stamp
            }
        }
    }
}
