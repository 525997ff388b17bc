import TextFormats

/// Characters a Chinese input method types where a tag needs their ASCII form, and how to
/// type them: the messages of E-TPL-023.
enum InputMethodSlip {
    static let braces = "全角大括号“｛｛ ｝｝”不是标签，会原样印出；请切换到英文输入法（或按 Shift 切换中英文）输入半角 {{ }}"

    static let characters: [(Character, String)] = [
        ("\u{FF5C}", "“｜”是全角竖线，过滤器前应为半角 |（英文输入法下按 Shift+\\ 键）"),
        ("\u{FF1A}", "“：”是全角冒号，过滤器参数前应为半角 :（英文输入法下按 Shift+; 键）"),
        ("\u{FF0C}", "“，”是全角逗号，过滤器参数之间应为半角 ,（英文输入法下输入）"),
        ("\u{FF0E}", "“．”是全角句点，路径中的分隔应为半角 .（英文输入法下输入）"),
        ("\u{3002}", "“。”是中文句号，路径中的分隔应为半角 .（如 project.name，英文输入法下输入）"),
        ("\u{201C}", "全角引号“ ”只能括住过滤器参数（如 default:“无”）；字段名不加引号"),
        ("\u{201D}", "全角引号“ ”只能括住过滤器参数（如 default:“无”）；字段名不加引号"),
        ("\u{FF03}", "“＃”是全角井号，区段应写半角 #（如 {{#indicators}}）"),
        ("\u{FF0F}", "“／”是全角斜线，结束标签应写半角 /（如 {{/indicators}}）"),
        ("\u{FF1D}", "“＝”是全角等号，比较应写半角 ==（如 {{#等次 == \"优\"}}，英文输入法下输入）"),
        ("\u{FF01}", "“！”是全角叹号，“不等于”应写半角 !=（如 {{#等次 != \"优\"}}，英文输入法下输入）"),
    ]

    /// Curly quotes in a comparison (`{{#等次 == “优”}}`): the compared text takes ASCII quotes.
    static let comparisonQuotes = "比较的文字要用半角引号括住（如 {{#等次 == \"优\"}}），不能用中文引号“ ”（英文输入法下按 Shift+' 键）"

    /// ASCII for each full-width character of `characters`.
    static let ascii: [Character: Character] = [
        "\u{FF5C}": "|", "\u{FF1A}": ":", "\u{FF0C}": ",", "\u{FF0E}": ".", "\u{3002}": ".",
        "\u{201C}": "\"", "\u{201D}": "\"", "\u{FF03}": "#", "\u{FF0F}": "/", "\u{FF1D}": "=", "\u{FF01}": "!",
    ]

    /// A letter, digit or `＿` typed with the input method in 全角 mode (Shift+Space toggles it):
    /// `{{ｐｒｏｊｅｃｔ.name}}` looks right on the page and read as an unknown field whose
    /// suggestions were no help.
    static func fullWidthLetter(_ c: Character) -> Character? {
        guard let scalar = c.unicodeScalars.first, c.unicodeScalars.count == 1,
              (0xFF10...0xFF19).contains(scalar.value) || (0xFF21...0xFF3A).contains(scalar.value)
                || (0xFF41...0xFF5A).contains(scalar.value) || scalar.value == 0xFF3F,
              let half = Unicode.Scalar(scalar.value - 0xFEE0) else { return nil }
        return Character(half)
    }

    static func fullWidthLetterMessage(_ c: Character) -> String {
        let what = c.isNumber ? "全角数字" : c == "\u{FF3F}" ? "全角下划线" : "全角字母"
        return "“\(c)”是\(what)（输入法处于全角状态），标签中的字母、数字应为半角：请按 Shift+空格 把输入法切换为半角（或切换到英文输入法），重新输入这个标签"
    }

    /// The tag as it was meant (`＃indicators` → `#indicators`): the slips of `inside` typed in
    /// ASCII, quoted filter arguments untouched. The slip is still an error; the meant tag only
    /// keeps one mistyped character from unpairing a section and flagging every tag in it.
    static func corrected(_ inner: String) -> String {
        let path = inner.prefix { $0 != "|" && $0 != "\u{FF5C}" }
        var out = String(path.map { ascii[$0] ?? fullWidthLetter($0) ?? $0 })
        var quote: Character?
        for c in inner.dropFirst(path.count) {
            if let q = quote {
                if TagSyntax.closes(q, c) { quote = nil }
                out.append(c)
                continue
            }
            if TagSyntax.openingQuotes.contains(c) { quote = c }
            out.append(ascii[c] ?? fullWidthLetter(c) ?? c)
        }
        return out
    }

    /// The message for the first full-width character in a tag's path (before any `|` or
    /// `｜`) or outside quotes in its filters; nil when there is none.
    static func inside(_ inner: String) -> String? {
        let path = inner.prefix { $0 != "|" && $0 != "\u{FF5C}" }
        let comparison = path.contains("==") || path.contains("!=") || path.contains("\u{FF1D}")
        var quoted: Character?  // a comparison's text (`{{#等次 == "Ａ"}}`) may be full-width
        // No slip is ASCII, and ASCII is most of every tag: the lookups are for the rest (they
        // were a tenth of `template check` on a long template, staff review 11).
        for c in path {
            if !c.isASCII {
                if comparison, c == "\u{201C}" || c == "\u{201D}" { return comparisonQuotes }
                if let message = characters.first(where: { $0.0 == c })?.1 { return message }
            }
            if let q = quoted {
                if TagSyntax.closes(q, c) { quoted = nil }
            } else if TagSyntax.openingQuotes.contains(c) {
                quoted = c
            } else if !c.isASCII, fullWidthLetter(c) != nil {
                return fullWidthLetterMessage(c)
            }
        }
        var quote: Character?
        for c in inner.dropFirst(path.count) {
            if let q = quote {
                if TagSyntax.closes(q, c) { quote = nil }
                continue
            }
            if TagSyntax.openingQuotes.contains(c) { quote = c; continue }
            guard !c.isASCII else { continue }
            if let message = characters.first(where: { $0.0 == c })?.1 { return message }
            if fullWidthLetter(c) != nil { return fullWidthLetterMessage(c) }
        }
        return nil
    }
}

/// Brackets typed for a tag's braces: `】` is what a Chinese input method types for `]` and
/// `｝` for Shift+], so `{{实施单位】` is `{{实施单位}}` with Shift missed (and one key short).
/// With a brace among them it is E-TPL-023 at the tag (it used to be E-TPL-011 “只有开始定界符”,
/// which named neither the bracket nor the fix); with none (`【【实施单位】】`) it may be text,
/// so W-TPL-001. Only for the standard `{{ }}`.
enum BracketSlip {
    static let fullOpen: Unicode.Scalar = "\u{FF5B}", fullClose: Unicode.Scalar = "\u{FF5D}"
    static let opening: Set<Unicode.Scalar> = ["{", "\u{FF5B}", "\u{3010}", "["]
    static let closing: Set<Unicode.Scalar> = ["}", "\u{FF5D}", "\u{3011}", "]"]
    static let brackets: Set<Unicode.Scalar> = ["\u{3010}", "\u{3011}", "[", "]"]

    /// Two opening characters at `i`, a tag's inside, one or two closing characters, where a
    /// bracket (or a lone full-width close, `{{实施单位｝`) stands for a brace. `wrong` are the
    /// characters to retype; `hasBrace` whether any brace was typed (else it may be text).
    static func find(_ s: [Unicode.Scalar], at i: Int) -> (span: Range<Int>, inner: Range<Int>, wrong: [Unicode.Scalar], hasBrace: Bool, closes: Int)? {
        guard i + 1 < s.count, opening.contains(s[i]), opening.contains(s[i + 1]) else { return nil }
        var end = i + 2
        while end < s.count, end - i < 80, !opening.contains(s[end]), !closing.contains(s[end]), s[end] != "\n" { end += 1 }
        guard end > i + 2, end < s.count, closing.contains(s[end]) else { return nil }
        let closes = end + 1 < s.count && closing.contains(s[end + 1]) ? 2 : 1
        let marks = [s[i], s[i + 1]] + s[end..<(end + closes)]
        let inner = (i + 2)..<end
        guard !s[inner].allSatisfy({ TagSyntax.isSpace(Character($0)) }) else { return nil }
        let hasBracket = marks.contains(where: brackets.contains)
        let hasBrace = marks.contains { $0 == "{" || $0 == "}" || $0 == fullOpen || $0 == fullClose }
        if !hasBracket {
            // Braces of both widths with two each side are InputMethodSlip's; `{{实施单位}` is E-TPL-011's.
            guard closes == 1, s[end] == fullClose, s[i] == "{" || s[i + 1] == "{" else { return nil }
        } else if !hasBrace {
            // `【【…】】` in ordinary text: only when a tag's inside stands between them.
            let text = String(String.UnicodeScalarView(s[inner]))
            guard !text.contains(where: TagSyntax.isSpace), !text.allSatisfy(\.isNumber),
                  case .success = TagSyntax.parse(text) else { return nil }
        }
        var wrong: [Unicode.Scalar] = []
        for mark in marks where mark != "{" && mark != "}" && !wrong.contains(mark) { wrong.append(mark) }
        return (i..<(end + closes), inner, wrong, hasBrace, closes)
    }

    static func describe(_ mark: Unicode.Scalar) -> String {
        switch mark {
        case "\u{3010}", "\u{3011}": "“\(mark)”是中文输入法下按 \(mark == "\u{3010}" ? "[" : "]") 键打出的方头括号"
        case "[", "]": "“\(mark)”是方括号（没有按住 Shift 键）"
        default: "“\(mark)”是全角大括号"
        }
    }

    static func message(written: String, inner: String, wrong: [Unicode.Scalar], closes: Int) -> String {
        let short = closes == 1 ? "，结尾还少一个大括号" : ""
        return "标签 “\(written)” 中" + wrong.map(describe).joined(separator: "，") + "，不是半角大括号\(short)：这个标签不成立，会原样印出。"
            + "标签以两个半角大括号 {{ 开始、以 }} 结束：请切换到英文输入法（或按 Shift 切换中英文），按住 Shift 键再按 [ 或 ] 键输入，应写 {{\(inner)}}"
    }

    static func lookalikeMessage(written: String, inner: String, wrong: [Unicode.Scalar]) -> String {
        "“\(written)”不是标签（" + wrong.map(describe).joined(separator: "，") + "），会原样印出：标签用两个半角大括号，"
            + "如果想写标签，请切换到英文输入法，按住 Shift 键再按 [ 或 ] 键输入，应写 {{\(inner)}}；若这就是要印的文字，可不理会"
    }

    /// `{实施单位}`: one brace each side of a tag's inside (not inside quotes, not `{{`/`}}`).
    static func singleBraces(_ s: [Unicode.Scalar], at i: Int) -> Range<Int>? {
        guard s[i] == "{", i == 0 || (s[i - 1] != "{" && s[i - 1] != "\"" && s[i - 1] != "\u{201C}"),
              i + 1 < s.count, s[i + 1] != "{" else { return nil }
        var j = i + 1
        while j < s.count, j - i < 60, s[j] != "{", s[j] != "}", !TagSyntax.isSpace(Character(s[j])) { j += 1 }
        guard j > i + 1, j < s.count, s[j] == "}", j + 1 == s.count || (s[j + 1] != "}" && s[j + 1] != "\"" && s[j + 1] != "\u{201D}") else { return nil }
        let text = String(String.UnicodeScalarView(s[(i + 1)..<j]))
        guard !text.allSatisfy(\.isNumber), case .success = TagSyntax.parse(text) else { return nil }
        return i..<(j + 1)
    }

    static func singleBraceMessage(written: String) -> String {
        "“\(written)”只有一个大括号，不是标签，会原样印出：标签用两个大括号，应写 {\(written)}；若这就是要印的文字，可不理会"
    }
}

/// Characters that print as nothing, brought in with a tag copied from a web page, WeChat or a
/// PDF (`{{project.\u{200B}implementer}}`): the tag read as an unknown field whose name looked
/// exactly like the one suggested. E-TPL-005 names them; the tag as meant stands.
enum InvisibleCharacters {
    /// The one table of them (`TextFormats`), shared with the definition values' messages.
    static var names: [Unicode.Scalar: String] { UnseenCharacters.names }

    /// The message, the tag shown with the characters marked, and its inside without them;
    /// nil when `inner` holds none.
    static func strip(_ inner: String, open: String, close: String) -> (message: String, shown: String, meant: String)? {
        guard inner.unicodeScalars.contains(where: { names[$0] != nil }) else { return nil }
        var meant = String.UnicodeScalarView()
        var found: [String] = []
        for c in inner.unicodeScalars {
            if let name = names[c] {
                if !found.contains(name) { found.append(name) }
            } else {
                meant.append(c)
            }
        }
        let tag = open + UnseenCharacters.marked(inner) + close
        let message = "标签 “\(tag)” 中有看不见的字符（\(found.joined(separator: "、"))，多半是从网页、微信或 PDF 复制标签时带进来的），"
            + "读出的字段名与看到的不同：请删去整个标签，在英文输入法下重新输入 \(open)\(String(meant).trimmingCharacters(in: .whitespaces))\(close)"
        return (message, tag, String(meant))
    }
}
