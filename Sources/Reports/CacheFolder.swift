import Foundation

/// Where reportgen keeps its private records between runs (the project record of
/// `ProjectIndex`, the package record of ReportKit's `PackageIndex`): one folder, resolved here only.
/// The command line uses the user's cache folder; library callers pass a folder (or none, and
/// nothing is recorded), so in-process tests never write into the user's home.
public enum CacheFolder {
    /// The running program's stamp (device, inode, size, modification and status-change times):
    /// the records in the cache folder are read only by the build that wrote them — a rebuilt
    /// reportgen may keep its version string but not its code.
    public static let executableIdentity: String = ProjectIndex.Stamp("/proc/self/exe").map(\.text) ?? "unknown"

    /// `$XDG_CACHE_HOME/reportgen`, else `~/.cache/reportgen`; nil when neither is an absolute path.
    public static func user(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return URL(fileURLWithPath: cache + "/reportgen") }
        if let home = environment["HOME"], home.hasPrefix("/") { return URL(fileURLWithPath: home + "/.cache/reportgen") }
        return nil
    }
}

/// The checksum at the end of each record in the cache folder (`ProjectIndex`, `PackageIndex`):
/// FNV-1a's steps over 8-byte words, then the last bytes one by one, and the length — a tenth of
/// the time of bytewise FNV over a 10 MB record. Finds a flipped, cut or added byte; not a
/// defence against forgery (the records are the user's own, in their own cache folder).
public struct RecordChecksum {
    private var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    private var count = 0

    public init() {}

    /// The checksum of `raw` whole.
    public static func of(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        RecordChecksum().finished(tail: raw)
    }

    /// Adds whole 8-byte words (a record written in pieces passes all but its tail this way).
    public mutating func add(words raw: UnsafeRawBufferPointer) {
        precondition(raw.count % 8 == 0, "RecordChecksum.add(words:) takes whole words")
        var offset = 0
        while offset + 8 <= raw.count {
            hash ^= raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            hash = (hash &* 0x0000_0100_0000_01b3) ^ (hash >> 29)
            offset += 8
        }
        count += raw.count
    }

    /// The checksum of everything added and then `raw`.
    public func finished(tail raw: UnsafeRawBufferPointer) -> UInt64 {
        var running = self
        let whole = raw.count / 8 * 8
        running.add(words: UnsafeRawBufferPointer(rebasing: raw[..<whole]))
        var offset = whole
        while offset < raw.count {
            running.hash ^= UInt64(raw[offset])
            running.hash = running.hash &* 0x0000_0100_0000_01b3
            offset += 1
        }
        return running.hash ^ UInt64(running.count + raw.count - whole)
    }
}
