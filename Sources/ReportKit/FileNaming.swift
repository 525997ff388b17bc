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
            if isForbidden(scalar) {
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

    /// A character no file name may hold on every system: path separators, what Windows forbids,
    /// control and format characters, noncharacters.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "/", "\\", ":", "*", "?", "\"", "<", ">", "|": return true
        // Printable ASCII and the CJK blocks hold no control or format character: no
        // Unicode property lookup for them (it was most of naming 10 000 projects).
        case " "..."~", "\u{3000}"..."\u{303F}", "\u{4E00}"..."\u{9FFF}", "\u{FF01}"..."\u{FF5E}": return false
        default:
            return scalar.value < 0x20 || scalar.value == 0x7F
                || (0x80...0x9F).contains(scalar.value)
                || scalar.properties.isNoncharacterCodePoint  // U+FFFE, U+FFFF…: no XML or Word text may hold them
                || scalar.properties.generalCategory == .format
                || scalar.properties.generalCategory == .lineSeparator
                || scalar.properties.generalCategory == .paragraphSeparator
        }
    }

    /// Why a whole file name someone chose (`render --each --name`, extension included) cannot be
    /// a file on every system the documents are copied to, or nil when it can. The rules of
    /// `safeName`, said instead of applied: the person chose the name, and a name silently
    /// changed would not be the one they look for.
    public static func unportable(_ name: String) -> String? {
        if let bad = name.unicodeScalars.first(where: isForbidden) {
            let shown = bad.value < 0x7F && bad.value >= 0x20 ? "“\(bad)”" : "U+" + String(repeating: "0", count: max(0, 4 - String(bad.value, radix: 16).count)) + String(bad.value, radix: 16, uppercase: true)
            return "含有 Windows 文件名不允许的字符 \(shown)（/ \\ : * ? \" < > | 与控制字符）"
        }
        let stem = name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? name
        if stem.allSatisfy({ $0 == " " }) {
            return "在扩展名之前没有名称（以“.”开头的是隐藏文件）"
        }
        if name.hasSuffix(".") || name.hasSuffix(" ") {
            return "以“.”或空格结尾（Windows 会去掉它）"
        }
        if stem.utf8.count <= 4, reservedWindowsNames.contains(stem.uppercased()) {
            return "是 Windows 的保留设备名 \(stem)，在 Windows 中无法建立"
        }
        if name.utf8.count > 255 {
            return "长 \(name.utf8.count) 字节，超过文件名上限 255 字节"
        }
        return nil
    }

    /// What two file names have in common when Windows and macOS (case-insensitive by
    /// default) take them for the same file: `ABC项目` and `abc项目` would overwrite each other
    /// when the package is copied there. Canonically equivalent forms (NFC and NFD) are
    /// already equal as Swift strings.
    public static func collisionKey(_ name: String) -> String {
        var name = name
        return name.withUTF8(caselessCJKLowercased) ?? name.lowercased()
    }

    /// `lowercased()` of a name made of ASCII and the CJK blocks that have no case (CJK symbols
    /// and punctuation, the unified ideographs, the full-width forms but their capitals), told
    /// from its bytes: `lowercased()` looks up every scalar's mapping, and was a sixth of naming
    /// 10 000 projects. nil for a name holding any other character.
    static func caselessCJKLowercased(_ utf8: UnsafeBufferPointer<UInt8>) -> String? {
        var index = 0
        var capitals = false
        while index < utf8.count {
            let lead = utf8[index]
            if lead < 0x80 {
                capitals = capitals || (0x41...0x5A).contains(lead)
                index += 1
                continue
            }
            // A valid String: a lead byte of 0xE0–0xEF has two continuation bytes.
            guard (0xE3...0xEF).contains(lead), index + 2 < utf8.count else { return nil }
            let second = utf8[index + 1], third = utf8[index + 2]
            switch lead {
            case 0xE3: guard second == 0x80 else { return nil }  // U+3000–U+303F
            case 0xE4: guard second >= 0xB8 else { return nil }  // U+4E00–U+4FFF
            case 0xE5...0xE9: break  // U+5000–U+9FFF
            case 0xEF:
                // U+FF01–U+FF5E without the full-width capitals U+FF21–U+FF3A.
                let fullWidth = (second == 0xBC && third >= 0x81 && !(0xA1...0xBA).contains(third)) || (second == 0xBD && third <= 0x9E)
                guard fullWidth else { return nil }
            default: return nil
            }
            index += 3
        }
        guard capitals else { return String(decoding: utf8, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: utf8.count) { out in
            for (index, byte) in utf8.enumerated() { out[index] = (0x41...0x5A).contains(byte) ? byte + 0x20 : byte }
            return utf8.count
        }
    }

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
