/// The characters XML 1.0 allows in character data: the one rule for documents (`XMLText`),
/// CSV cells and the definition check (W-DEF-035), so that what `validate` warns about is
/// exactly what the outputs leave out.
public enum XMLCharacters {
    @inline(__always)
    public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// Whether every character of `text` is allowed, from its UTF-8 bytes: a control byte, or
    /// U+FFFE / U+FFFF (EF BF BE, EF BF BF); a valid String holds no surrogate. Most text
    /// passes on one look at each byte.
    public static func allAllowed(_ text: String) -> Bool {
        var text = text
        return text.withUTF8(allAllowed)
    }

    /// `allAllowed` of text given as its UTF-8 bytes.
    public static func allAllowed(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in utf8 {
            if byte < 0x20, byte != 0x9, byte != 0xA, byte != 0xD { return false }
            if byte >= 0xBE, previous == (0xEF, 0xBF) { return false }
            previous = (previous.1, byte)
        }
        return true
    }

    /// The first character that is not allowed, as `U+0000`.
    public static func firstForbidden(_ text: String) -> String? {
        guard let scalar = text.unicodeScalars.first(where: { !isAllowed($0) }) else { return nil }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
