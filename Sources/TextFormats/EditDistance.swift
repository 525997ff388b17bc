/// Levenshtein distance and "did you mean" suggestions: the one implementation used by the
/// definition decoder, the template checker and the command line.
public enum EditDistance {
    /// Insertions, deletions and substitutions of Characters turning `a` into `b`.
    public static func distance(_ a: String, _ b: String) -> Int {
        distance(Array(a), Array(b))
    }

    public static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The largest distance still worth suggesting for words of these lengths: a third of the
    /// longer one, at least 1 and at most 3, so short names do not match everything.
    public static func limit(_ a: Int, _ b: Int) -> Int {
        max(1, min(3, max(a, b) / 3))
    }

    /// The closest candidate, case-insensitive, if close enough (ties: the first in sorted order).
    public static func closest(to word: String, in candidates: [String]) -> String? {
        nearest(to: word, in: candidates, count: 1).first
    }

    /// Up to `count` candidates within the limit, closest first (ties in sorted order).
    public static func nearest(to word: String, in candidates: [String], count: Int) -> [String] {
        guard word.count <= 64 else { return [] }
        let lowered = Array(word.lowercased())
        var scored: [(String, Int)] = []
        for candidate in Set(candidates).sorted() {
            let other = Array(candidate.lowercased())
            let d = distance(lowered, other)
            if d <= limit(lowered.count, other.count) { scored.append((candidate, d)) }
        }
        return scored.enumerated().sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }.prefix(count).map(\.element.0)
    }
}
