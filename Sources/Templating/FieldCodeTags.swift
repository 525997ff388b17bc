/// E-TPL-039: a tag inside a Word field's code (`{ QUOTE "{{项目名称}}" }`, a MERGEFIELD's
/// code, `w:fldSimple`'s `w:instr`) is no text: it was never filled, and Word prints it as
/// typed when it updates the field. A `HYPERLINK "{{…}}"` code is filled (`paragraphTextNodes`).
enum FieldCodeTags {
    /// The first tag in each field code of a paragraph (not of paragraphs nested in it), with
    /// the field's code as written: a complex field's code is the `w:instrText` runs after its
    /// `begin` (Word splits one code over several runs).
    static func find(in paragraph: TNode, open: [Unicode.Scalar], close: [Unicode.Scalar]) -> [(tag: String, code: String)] {
        codes(in: paragraph).filter { !TNode.isFilledFieldCode($0) }.compactMap { text in
            let code = Array(text.unicodeScalars)
            guard let start = firstIndex(of: open, in: code, from: 0),
                  let end = firstIndex(of: close, in: code, from: start + open.count) else { return nil }
            return (String(String.UnicodeScalarView(code[start..<(end + close.count)])), text.trimmingCharacters(in: .whitespaces))
        }
    }

    /// E-TPL-041: Word's own mail-merge fields (`{ MERGEFIELD 项目名称 }`, shown «项目名称»), made
    /// with 邮件 → 插入合并域: reportgen fills tags, not these, so every report printed «项目名称».
    /// The field names of a paragraph's MERGEFIELD codes that hold no tag (those are E-TPL-039).
    /// A tag typed over the field's shown result is filled (the field is left as it was).
    static func mergeFields(in paragraph: TNode, open: [Unicode.Scalar]) -> [String] {
        fields(in: paragraph).compactMap { field in
            let code = field.code
            let words = code.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" })
            guard words.first?.uppercased() == "MERGEFIELD", let brace = open.first,
                  !code.unicodeScalars.contains(brace), !field.result.unicodeScalars.contains(brace) else { return nil }
            var name = words.dropFirst().first.map(String.init) ?? ""
            // `MERGEFIELD "项目 名称"`: a quoted name may hold spaces.
            if name.hasPrefix("\""), let quoted = code.split(separator: "\"", omittingEmptySubsequences: false).dropFirst().first {
                name = String(quoted)
            }
            return name
        }
    }

    static func mergeFieldMessage(_ name: String) -> String {
        let shown = name.isEmpty ? "" : " «\(name)»"
        let tag = name.isEmpty ? "{{项目名称}}" : "{{\(name)}}"
        return "这里是 Word 的邮件合并域\(shown)（域代码 MERGEFIELD）：reportgen 不填写邮件合并域，每份报告都会原样印出\(shown.isEmpty ? "域的结果" : shown)。"
            + "请选中这个域删去，在原处输入标签（如 \(tag)，可用的字段见 reportgen template fields --for 种类）"
    }

    /// The code of each field of a paragraph: a complex field's `w:instrText` runs after its
    /// `begin` joined, a `w:fldSimple`'s `w:instr`.
    private static func codes(in paragraph: TNode) -> [String] { fields(in: paragraph).map(\.code) }

    /// Each field of a paragraph: its code, and the text of its shown result (`w:t` after a
    /// complex field's `separate`, or inside a `w:fldSimple`).
    private static func fields(in paragraph: TNode) -> [(code: String, result: String)] {
        var fields: [(code: String, result: String)] = []
        var inCode = false
        var inResult = false
        func walk(_ n: TNode) {
            for c in n.children where c.kind == .element && !c.isW("p") {
                if c.isW("instrText") {
                    if inCode, !fields.isEmpty { fields[fields.count - 1].code += c.elementText } else { fields.append((c.elementText, "")) }
                    inCode = true
                } else if c.isW("fldChar") {
                    let type = c.attributes.first(where: { $0.name == "w:fldCharType" })?.value
                    if type == "begin" { fields.append(("", "")); inCode = true } else { inCode = false }
                    inResult = type == "separate"
                } else if c.isW("t") {
                    if inResult, !fields.isEmpty { fields[fields.count - 1].result += c.elementText }
                } else if c.isW("fldSimple"), let code = c.attributes.first(where: { $0.name == "w:instr" })?.value {
                    fields.append((code, ""))
                    let at = fields.count - 1
                    let saved = inResult
                    inResult = false
                    walk(c)
                    inResult = saved
                    fields[at].result = c.paragraphTextNodes().map(\.elementText).joined()
                } else {
                    walk(c)
                }
            }
        }
        walk(paragraph)
        return fields
    }

    static func message(_ found: (tag: String, code: String)) -> String {
        "标签 \(found.tag) 写在 Word 域的域代码里（域代码：\(found.code)）：域代码中的标签不会被填入，Word 更新域时还会把它原样印出。"
            + "请按 Alt+F9 显示域代码，删去这个域，在原处直接输入标签（再按 Alt+F9 切换回来）"
    }

    private static func firstIndex(of pattern: [Unicode.Scalar], in scalars: [Unicode.Scalar], from: Int) -> Int? {
        guard !pattern.isEmpty, scalars.count >= pattern.count, from <= scalars.count - pattern.count else { return nil }
        return (from...(scalars.count - pattern.count)).first { at in
            (0..<pattern.count).allSatisfy { scalars[at + $0] == pattern[$0] }
        }
    }
}
