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

    /// The tag as it was meant (`＃indicators` → `#indicators`): the slips of `inside` typed in
    /// ASCII, quoted filter arguments untouched. The slip is still an error; the meant tag only
    /// keeps one mistyped character from unpairing a section and flagging every tag in it.
    static func corrected(_ inner: String) -> String {
        let path = inner.prefix { $0 != "|" && $0 != "\u{FF5C}" }
        var out = String(path.map { ascii[$0] ?? $0 })
        var quote: Character?
        for c in inner.dropFirst(path.count) {
            if let q = quote {
                if TagSyntax.closes(q, c) { quote = nil }
                out.append(c)
                continue
            }
            if TagSyntax.openingQuotes.contains(c) { quote = c }
            out.append(ascii[c] ?? c)
        }
        return out
    }

    /// The message for the first full-width character in a tag's path (before any `|` or
    /// `｜`) or outside quotes in its filters; nil when there is none.
    static func inside(_ inner: String) -> String? {
        let path = inner.prefix { $0 != "|" && $0 != "\u{FF5C}" }
        let comparison = path.contains("==") || path.contains("!=") || path.contains("\u{FF1D}")
        for c in path {
            if comparison, c == "\u{201C}" || c == "\u{201D}" { return comparisonQuotes }
            if let message = characters.first(where: { $0.0 == c })?.1 { return message }
        }
        var quote: Character?
        for c in inner.dropFirst(path.count) {
            if let q = quote {
                if TagSyntax.closes(q, c) { quote = nil }
                continue
            }
            if TagSyntax.openingQuotes.contains(c) { quote = c; continue }
            if let message = characters.first(where: { $0.0 == c })?.1 { return message }
        }
        return nil
    }
}
