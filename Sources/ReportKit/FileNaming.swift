/// Turns names from the data (project names, unit names) into file names that cannot escape
/// the output directory and that Windows, macOS and Linux all accept.
public enum FileNaming {
    /// Longest name part in UTF-8 bytes; most file systems allow 255 for the whole name.
    public static let maximumBytes = 150

    private static let reservedWindowsNames: Set<String> = [
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ]

    /// A safe file name part: path separators, characters Windows forbids, control characters
    /// and noncharacters become `_`, dots and spaces at the ends are dropped, reserved Windows device
    /// names get a `_` prefix, and the result is cut at a character boundary.
    public static func safeName(_ name: String, fallback: String = "未命名") -> String {
        if isPlain(name) { return name }
        var scalars = String.UnicodeScalarView()
        var lastWasReplacement = false
        for scalar in name.unicodeScalars {
            let forbidden: Bool
            switch scalar {
            case "/", "\\", ":", "*", "?", "\"", "<", ">", "|": forbidden = true
            // Printable ASCII and the CJK blocks hold no control or format character: no
            // Unicode property lookup for them (it was most of naming 10 000 projects).
            case " "..."~", "\u{3000}"..."\u{303F}", "\u{4E00}"..."\u{9FFF}", "\u{FF01}"..."\u{FF5E}": forbidden = false
            default:
                forbidden = scalar.value < 0x20 || scalar.value == 0x7F
                    || (0x80...0x9F).contains(scalar.value)
                    || scalar.properties.isNoncharacterCodePoint  // U+FFFE, U+FFFF…: no XML or Word text may hold them
                    || scalar.properties.generalCategory == .format
                    || scalar.properties.generalCategory == .lineSeparator
                    || scalar.properties.generalCategory == .paragraphSeparator
            }
            if forbidden {
                if !lastWasReplacement { scalars.append("_") }
                lastWasReplacement = true
            } else {
                scalars.append(scalar)
                lastWasReplacement = false
            }
        }
        var result = String(scalars)
        result = String(result.drop(while: { $0 == "." || $0 == " " || $0 == "_" }))
        while let last = result.last, last == "." || last == " " { result.removeLast() }
        result = cut(result, toUTF8: maximumBytes)
        while let last = result.last, last == "." || last == " " { result.removeLast() }
        if result.isEmpty { return fallback }
        let stem = result.split(separator: ".", maxSplits: 1).first.map(String.init) ?? result
        // Reserved names are three or four ASCII letters and digits.
        if stem.utf8.count <= 4, reservedWindowsNames.contains(stem.uppercased()) { result = "_" + result }
        return result
    }

    /// What two file names have in common when Windows and macOS (case-insensitive by
    /// default) take them for the same file: `ABC项目` and `abc项目` would overwrite each other
    /// when the package is copied there. Canonically equivalent forms (NFC and NFD) are
    /// already equal as Swift strings.
    public static func collisionKey(_ name: String) -> String { name.lowercased() }

    /// True when `safeName` would give `name` back unchanged, told from its scalars alone: the
    /// usual project name (printable ASCII and CJK, no dot, nothing to trim, short enough) skips
    /// the Character-wise trimming and cutting, which was most of naming 10 000 projects.
    private static func isPlain(_ name: String) -> Bool {
        let utf8 = name.utf8
        guard utf8.count > 4, utf8.count <= maximumBytes else { return false }
        var first = true
        var last: Unicode.Scalar = " "
        for scalar in name.unicodeScalars {
            switch scalar {
            case "/", "\\", ":", "*", "?", "\"", "<", ">", "|", ".": return false
            case " "..."~", "\u{3000}"..."\u{303F}", "\u{4E00}"..."\u{9FFF}", "\u{FF01}"..."\u{FF5E}": break
            default: return false
            }
            if first, scalar == " " || scalar == "_" { return false }
            first = false
            last = scalar
        }
        return last != " "
    }

    static func cut(_ text: String, toUTF8 limit: Int) -> String {
        if text.utf8.count <= limit { return text }
        var out = ""
        var count = 0
        for character in text {
            let size = character.utf8.count
            if count + size > limit { break }
            out.append(character)
            count += size
        }
        return out
    }
}
