/// W-TPL-016: part of a value tag formatted unlike its start (`{{project.` plain, `name}}` bold).
/// The value takes the formatting of the run where the tag starts, so the bold a person gave
/// half the tag vanished from every report without a word.
///
/// Half a tag made a hyperlink (`name}}` linked, `{{project.` not) is the same slip with a
/// worse end: the value is written outside the link, which is left empty (`linkedPart`).
///
/// Only what a reader sees counts: Word and WPS split runs for spelling marks, languages and
/// the east-Asian font hint (`w:hint`), which change nothing on the page.
enum RunFormats {
    /// Run properties that change nothing on the page, or only in right-to-left scripts.
    static let unseen: Set<String> = ["lang", "noProof", "szCs", "bCs", "iCs", "kern", "rtl", "cs", "webHidden",
                                      "specVanish", "rPrChange", "snapToGrid", "eastAsianLayout", "fitText"]
    /// On/off properties: absent and `w:val="0"` mean off.
    static let toggles: Set<String> = ["b", "i", "strike", "dstrike", "caps", "smallCaps", "vanish", "emboss", "imprint", "outline", "shadow"]

    static let names: [String: String] = [
        "b": "加粗", "i": "倾斜", "u": "下划线", "strike": "删除线", "dstrike": "双删除线", "color": "字体颜色", "sz": "字号",
        "rFonts": "字体", "highlight": "突出显示", "shd": "底纹", "vertAlign": "上标/下标", "rStyle": "字符样式",
        "caps": "全部大写", "smallCaps": "小型大写", "vanish": "隐藏", "em": "着重号", "spacing": "字符间距",
        "position": "位置（提升/降低）", "w": "字符缩放", "bdr": "字符边框", "effect": "文字效果",
    ]

    /// The visible properties of the run holding `text` (a `w:t`): property name → its settings.
    static func visible(_ text: TNode) -> [String: String] {
        guard let run = text.parent, run.isW("r"), let rPr = run.firstChild(w: "rPr") else { return [:] }
        var out: [String: String] = [:]
        for property in rPr.children {
            guard let name = property.w, !unseen.contains(name) else { continue }
            var attributes = property.attributes.filter { $0.name != "w:hint" && !$0.name.hasPrefix("w:cs") }
            if name == "rFonts", attributes.isEmpty { continue }
            let value = property.attributes.first { $0.name == "w:val" }?.value
            if toggles.contains(name), ["0", "false", "off"].contains(value ?? "") { continue }
            // Settings that look as if they were not there.
            if name == "u", value == "none" { continue }
            if name == "color", value == "auto", property.attributes.count == 1 { continue }
            if name == "highlight", value == "none" { continue }
            if name == "vertAlign", value == "baseline" { continue }
            if name == "shd", value == "clear" || value == "nil",
               property.attributes.allSatisfy({ $0.name == "w:val" || (["w:fill", "w:color"].contains($0.name) && $0.value == "auto") }) { continue }
            attributes.sort { $0.name < $1.name }
            out[name] = attributes.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        }
        return out
    }

    /// When a piece of the tag at `range` (from `owner` on) is in a hyperlink the tag's start is
    /// not in (`{{project.` plain, `name}}` made a link): the start and that part. The value is
    /// written where the tag starts, so it carries no link and the link is left empty.
    static func linkedPart(pieces: [TNode], starts: [Int], owner: Int, range: Range<Int>, scalars: [Unicode.Scalar])
        -> (start: String, part: String)? {
        let own = pieces[owner].ancestor(w: "hyperlink")
        var index = owner + 1
        while index < pieces.count, starts[index] < range.upperBound {
            let end = min(range.upperBound, index + 1 < starts.count ? starts[index + 1] : scalars.count)
            if let link = pieces[index].ancestor(w: "hyperlink"), link !== own, starts[index] < end,
               !(starts[index]..<end).allSatisfy({ TagSyntax.isSpace(Character(scalars[$0])) }) {
                func text(_ r: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[r])) }
                return (text(range.lowerBound..<starts[index]), text(starts[index]..<end))
            }
            index += 1
        }
        return nil
    }

    /// When a piece of the tag at `range` (its text, from `owner` on) looks unlike the tag's
    /// start: the first such piece's part of the tag and what differs, in Chinese.
    static func mixed(pieces: [TNode], starts: [Int], owner: Int, range: Range<Int>, scalars: [Unicode.Scalar])
        -> (start: String, part: String, differences: [String])? {
        guard owner + 1 < pieces.count, starts[owner + 1] < range.upperBound else { return nil }
        let first = visible(pieces[owner])
        var index = owner + 1
        while index < pieces.count, starts[index] < range.upperBound {
            let end = min(range.upperBound, index + 1 < starts.count ? starts[index + 1] : scalars.count)
            if starts[index] < end, !(starts[index]..<end).allSatisfy({ TagSyntax.isSpace(Character(scalars[$0])) }) {
                let here = visible(pieces[index])
                if here != first {
                    let keys = Set(here.keys).union(first.keys).filter { here[$0] != first[$0] }
                    var differences: [String] = []
                    for key in keys.sorted() {
                        let name = names[key] ?? "格式"
                        if !differences.contains(name) { differences.append(name) }
                    }
                    func text(_ r: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[r])) }
                    return (text(range.lowerBound..<starts[index]), text(starts[index]..<end), differences)
                }
            }
            index += 1
        }
        return nil
    }
}
