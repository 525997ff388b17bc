/// Substring search on UTF-8 bytes, for the per-paragraph checks and tag scans that run on
/// every text of every project: Foundation's `range(of:)`/`contains` bridge to UTF-16 and
/// fold character clusters, and took a quarter of a package's CPU. Exact, byte for byte: the
/// needles are tag delimiters, XML and keywords the checks' own patterns match literally anyway.
extension StringProtocol {
    /// Where `needle` first occurs, compared as UTF-8 bytes; nil for an empty needle.
    public func firstUTF8Range(of needle: String) -> Range<Index>? {
        firstUTF8Range(of: needle, from: startIndex)
    }

    /// Where `needle` first occurs at or after `start`.
    public func firstUTF8Range(of needle: String, from start: Index) -> Range<Index>? {
        var needle = needle
        return needle.withUTF8 { wanted -> Range<Index>? in
            guard let first = wanted.first else { return nil }
            let bytes = utf8
            var i = start
            while let hit = bytes[i...].firstIndex(of: first) {
                var j = bytes.index(after: hit), k = 1
                while k < wanted.count, j < bytes.endIndex, bytes[j] == wanted[k] {
                    bytes.formIndex(after: &j)
                    k += 1
                }
                if k == wanted.count { return hit..<j }
                i = bytes.index(after: hit)
            }
            return nil
        }
    }

    /// Whether `needle` occurs, compared as UTF-8 bytes.
    public func containsUTF8(_ needle: String) -> Bool {
        firstUTF8Range(of: needle) != nil
    }
}
