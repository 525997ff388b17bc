/// E-TPL-039: a tag inside a Word field's code (`{ QUOTE "{{项目名称}}" }`, a MERGEFIELD's
/// code, `w:fldSimple`'s `w:instr`) is no text: it was never filled, and Word prints it as
/// typed when it updates the field. A `HYPERLINK "{{…}}"` code is filled (`paragraphTextNodes`).
enum FieldCodeTags {
    /// The first tag in each field code of a paragraph (not of paragraphs nested in it), with
    /// the field's code as written: a complex field's code is the `w:instrText` runs after its
    /// `begin` (Word splits one code over several runs).
    static func find(in paragraph: TNode, open: [Unicode.Scalar], close: [Unicode.Scalar]) -> [(tag: String, code: String)] {
        var codes: [String] = []
        var inCode = false
        func walk(_ n: TNode) {
            for c in n.children where c.kind == .element && !c.isW("p") {
                if c.isW("instrText") {
                    if inCode, !codes.isEmpty { codes[codes.count - 1] += c.elementText } else { codes.append(c.elementText) }
                    inCode = true
                } else if c.isW("fldChar") {
                    let type = c.attributes.first(where: { $0.name == "w:fldCharType" })?.value
                    if type == "begin" { codes.append(""); inCode = true } else { inCode = false }
                } else {
                    if c.isW("fldSimple"), let code = c.attributes.first(where: { $0.name == "w:instr" })?.value { codes.append(code) }
                    walk(c)
                }
            }
        }
        walk(paragraph)
        return codes.filter { !TNode.isFilledFieldCode($0) }.compactMap { text in
            let code = Array(text.unicodeScalars)
            guard let start = firstIndex(of: open, in: code, from: 0),
                  let end = firstIndex(of: close, in: code, from: start + open.count) else { return nil }
            return (String(String.UnicodeScalarView(code[start..<(end + close.count)])), text.trimmingCharacters(in: .whitespaces))
        }
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
