import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one rule for removing a folder an older reportgen left without a lock (killed before the
/// versions that lock their working folders): PDF scratch folders in $TMPDIR (`ScratchFolder`)
/// and staging folders beside an output folder (`StagedOutput`). Such a folder may also belong
/// to an old run still going, which takes no lock a new run could test, so it is removed only
/// when clearly abandoned: nothing in it (the folder, its entries, theirs, …) modified for
/// `staleAge`, and no process has a file open in it or works in it (`/proc/*/fd`, `cwd`,
/// `root`). Without a readable `/proc`, or a tree too large to read, nothing is removed.
public enum AbandonedFolder {
    /// A live run of any version writes into its folder all the time (a PDF batch at most
    /// 60 + 30 s per document), so a day of silence is far beyond any run.
    public static let staleAge: TimeInterval = 24 * 3600

    /// Whether `folder` is clearly abandoned; `inUse` is `placesInUse()`, read once per sweep.
    /// Only a directory (not a symlink) of this user's counts.
    public static func isAbandoned(_ folder: String, now: Date, inUse: Set<String>) -> Bool {
        var info = stat()
        guard lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == getuid() else { return false }
        // `/proc` shows real paths; the folder may be named through a symlink.
        guard let real = realpath(folder, nil) else { return false }
        defer { free(real) }
        let resolved = String(cString: real)
        for name in [resolved, folder] {
            let prefix = name + "/"
            guard !inUse.contains(where: { $0 == name || $0.hasPrefix(prefix) }) else { return false }
        }
        guard let newest = newestModification(folder, budget: 100_000) else { return false }
        return now.timeIntervalSince1970 - newest >= staleAge
    }

    /// The latest modification time (seconds) of `path` and everything below it, symlinks not
    /// followed; nil when something cannot be read or there are more than `budget` entries
    /// (then the folder is left alone: not clearly abandoned).
    public static func newestModification(_ path: String, budget: Int) -> Double? {
        var remaining = budget
        var pending = [path]
        var newest = -Double.infinity
        while let next = pending.popLast() {
            remaining -= 1
            guard remaining >= 0 else { return nil }
            var info = stat()
            guard lstat(next, &info) == 0 else { return nil }
            newest = max(newest, Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
            if info.st_mode & S_IFMT == S_IFDIR {
                guard let names = try? SystemFiles.list(next) else { return nil }
                pending += names.map { next + "/" + $0 }
            }
        }
        return newest
    }

    /// Where processes this user may look at have files open or work: the targets of
    /// `/proc/<pid>/fd/*`, `cwd` and `root`; nil when `/proc` cannot be read.
    public static func placesInUse() -> Set<String>? {
        guard let pids = try? SystemFiles.list("/proc") else { return nil }
        var places: Set<String> = []
        for pid in pids where pid.allSatisfy(\.isNumber) {
            let base = "/proc/" + pid
            for link in ["cwd", "root"] {
                if let target = readLink(base + "/" + link) { places.insert(target) }
            }
            guard let fds = try? SystemFiles.list(base + "/fd") else { continue }
            for fd in fds {
                if let target = readLink(base + "/fd/" + fd) { places.insert(target) }
            }
        }
        return places
    }

    private static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
