import Foundation

/// A String as a dictionary key hashed and compared by its UTF-8 bytes: one `memcmp` and a
/// byte hash, where a non-ASCII String is normalised scalar by scalar for every hash and every
/// equality test (10 000 Chinese project names in the uniqueness check were 20 ms). Equal bytes
/// and String equality (canonical equivalence) agree only for text in NFC, so a caller uses
/// these keys only when `isSurelyNFC` holds for every key, and plain Strings otherwise.
public struct NFCKey: Hashable, Sendable {
    public let text: String

    public init(_ text: String) { self.text = text }

    public static func == (a: NFCKey, b: NFCKey) -> Bool {
        var x = a.text, y = b.text
        guard x.utf8.count == y.utf8.count else { return false }
        return x.withUTF8 { p in y.withUTF8 { q in p.isEmpty || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0 } }
    }

    public func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// True when every scalar of `text` is one that no normalisation changes or combines with
    /// a neighbour (NFC quick check "yes", canonical combining class 0) — ASCII, Latin-1, CJK
    /// ideographs and punctuation, kana, full-width forms — so the text is in NFC and two such
    /// texts are canonically equal exactly when their bytes are. Anything else (a combining
    /// mark, Hangul jamo, a compatibility ideograph, …) is false, however harmless.
    public static func isSurelyNFC(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            var i = 0
            let n = utf8.count
            while i < n {
                let lead = utf8[i]
                if lead < 0x80 { i += 1; continue }
                let scalar: UInt32
                if lead & 0xE0 == 0xC0, i + 1 < n {
                    scalar = UInt32(lead & 0x1F) << 6 | UInt32(utf8[i + 1] & 0x3F)
                    i += 2
                } else if lead & 0xF0 == 0xE0, i + 2 < n {
                    scalar = UInt32(lead & 0x0F) << 12 | UInt32(utf8[i + 1] & 0x3F) << 6 | UInt32(utf8[i + 2] & 0x3F)
                    i += 3
                } else {
                    return false
                }
                switch scalar {
                case 0xA0...0xFF, 0x2010...0x2027, 0x3000...0x3029, 0x3030...0x3096, 0x30A0...0x30FF,
                     0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF01...0xFF60:
                    continue
                default:
                    return false
                }
            }
            return true
        }
    }
}
