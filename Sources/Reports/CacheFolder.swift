import Foundation

/// Where reportgen keeps its private records between runs (the project record of
/// `ProjectIndex`, the package record of ReportKit's `PackageIndex`): one folder, resolved here only.
/// The command line uses the user's cache folder; library callers pass a folder (or none, and
/// nothing is recorded), so in-process tests never write into the user's home.
public enum CacheFolder {
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
public enum RecordChecksum {
    public static func of(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var offset = 0
        while offset + 8 <= raw.count {
            hash ^= raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            hash = (hash &* 0x0000_0100_0000_01b3) ^ (hash >> 29)
            offset += 8
        }
        while offset < raw.count {
            hash ^= UInt64(raw[offset])
            hash = hash &* 0x0000_0100_0000_01b3
            offset += 1
        }
        return hash ^ UInt64(raw.count)
    }
}
