/// Substring search on UTF-8 bytes, for the per-paragraph checks and tag scans that run on
/// every text of every project: Foundation's `range(of:)`/`contains` bridge to UTF-16 and
/// fold character clusters, and took a quarter of a package's CPU. Exact, byte for byte: the
/// needles are tag delimiters, XML and keywords the checks' own patterns match literally anyway.
/// Concrete for `Substring` and `String` (a generic `StringProtocol` version, unspecialized
/// across modules, walked the bytes through metadata lookups, many times slower).
extension Substring {
    /// Where `needle` first occurs at or after `start` (the beginning by default); nil for an
    /// empty needle.
    public func firstUTF8Range(of needle: String, from start: Index? = nil) -> Range<Index>? {
        var text = self
        var needle = needle
        let offset = start.map { utf8.distance(from: startIndex, to: $0) } ?? 0
        let length = needle.utf8.count
        let hit = text.withUTF8 { haystack in
            needle.withUTF8 { wanted in UTF8Search.find(wanted, in: haystack, from: offset) }
        }
        guard let hit else { return nil }
        let lower = utf8.index(startIndex, offsetBy: hit)
        return lower..<utf8.index(lower, offsetBy: length)
    }

    /// Whether `needle` occurs, compared as UTF-8 bytes.
    public func containsUTF8(_ needle: String) -> Bool {
        firstUTF8Range(of: needle) != nil
    }
}

extension String {
    /// Where `needle` first occurs at or after `start` (see `Substring.firstUTF8Range`).
    public func firstUTF8Range(of needle: String, from start: Index? = nil) -> Range<Index>? {
        Substring(self).firstUTF8Range(of: needle, from: start)
    }

    /// Whether `needle` occurs, compared as UTF-8 bytes.
    public func containsUTF8(_ needle: String) -> Bool {
        Substring(self).containsUTF8(needle)
    }
}

enum UTF8Search {
    /// The offset of the first `needle` in `haystack` at or after `from`.
    static func find(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let first = needle.first, from >= 0, haystack.count - from >= needle.count else { return nil }
        var i = from
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var k = 1
                while k < needle.count, haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
