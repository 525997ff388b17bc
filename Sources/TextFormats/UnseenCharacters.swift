/// Characters a person cannot see, or cannot tell from the ones meant: zero-width and
/// direction marks brought in by copying from a web page, WeChat or a PDF, and the full-width
/// forms a Chinese input method types for digits and punctuation. A message that quotes such a
/// value as 「5」 shows what looks right; it has to name what is there. The one table for
/// template tags (E-TPL-005) and for definition values (E-DEF-014, E-DEF-017, E-DEF-013…).
public enum UnseenCharacters {
    /// The invisible characters, each with its Chinese name and code point.
    public static let names: [Unicode.Scalar: String] = [
        "\u{200B}": "零宽空格 U+200B", "\u{200C}": "零宽非连接符 U+200C", "\u{200D}": "零宽连接符 U+200D",
        "\u{2060}": "零宽不换行空格 U+2060", "\u{FEFF}": "零宽不换行空格 U+FEFF", "\u{00AD}": "软连字符 U+00AD",
        // Direction marks and overrides: an override shows the text after it reversed.
        "\u{200E}": "从左到右标记 U+200E", "\u{200F}": "从右到左标记 U+200F",
        "\u{202A}": "从左到右嵌入 U+202A", "\u{202B}": "从右到左嵌入 U+202B", "\u{202C}": "方向格式结束 U+202C",
        "\u{202D}": "从左到右强制 U+202D", "\u{202E}": "从右到左强制 U+202E",
        "\u{2066}": "从左到右隔离 U+2066", "\u{2067}": "从右到左隔离 U+2067", "\u{2068}": "首字符方向隔离 U+2068",
        "\u{2069}": "方向隔离结束 U+2069", "\u{061C}": "阿拉伯字母标记 U+061C",
    ]

    /// A character that changes the order in which the text around it is shown (overrides,
    /// embeddings, isolates, marks): U+202E shows what follows reversed.
    public static func isDirectionControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// The ASCII character a full-width form stands for (`５` → `5`, `．` → `.`, U+3000 → space).
    public static func halfWidth(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0xFF01...0xFF5E: return Unicode.Scalar(scalar.value - 0xFEE0)
        case 0x3000: return " "
        default: return nil
        }
    }

    /// `text` with each invisible character shown as 〔名称〕, so that a quoted value shows
    /// what is in it.
    public static func marked(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { names[$0] != nil }) else { return text }
        var shown = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let name = names[scalar] {
                shown.append(contentsOf: "〔\(name.prefix { $0 != " " })〕".unicodeScalars)
            } else {
                shown.append(scalar)
            }
        }
        return String(shown)
    }

    /// What in `text` is not what it looks like, as a sentence to append to a message, with the
    /// fix; nil when it holds neither invisible characters nor full-width forms. `wantsASCII`:
    /// the value must be ASCII (a number, an id, a date), so full-width forms are named even
    /// beside other text.
    public static func note(_ text: String, wantsASCII: Bool = true) -> String? {
        var invisible: [String] = []
        var fullWidth = String.UnicodeScalarView(), meant = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let name = names[scalar] {
                if !invisible.contains(name) { invisible.append(name) }
            } else if wantsASCII, let half = halfWidth(scalar) {
                if !fullWidth.contains(scalar) { fullWidth.append(scalar) }
                meant.append(half)
            } else {
                meant.append(scalar)
            }
        }
        var parts: [String] = []
        if !invisible.isEmpty {
            parts.append("其中有看不见的字符（\(invisible.joined(separator: "、"))，多半是从网页、微信或 PDF 复制来的），请删去它")
        }
        if !fullWidth.isEmpty {
            let shown = String(fullWidth).unicodeScalars.map { $0 == "\u{3000}" ? "全角空格" : String($0) }.joined(separator: " ")
            parts.append("其中有中文输入法输入的全角字符 \(shown)，请在英文输入法下重新输入")
        }
        guard !parts.isEmpty else { return nil }
        let trimmed = String(meant).trimmingSpaces
        return parts.joined(separator: "；") + (trimmed.isEmpty ? "。" : "（改正后是「\(trimmed)」）。")
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars.removeFirst() }
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
