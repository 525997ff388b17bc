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
            guard let start = BoundControls.index(of: open, in: code, from: 0),
                  let end = BoundControls.index(of: close, in: code, from: start + open.count) else { return nil }
            return (String(String.UnicodeScalarView(code[start..<(end + close.count)])), text.trimmingCharacters(in: .whitespaces))
        }
    }

    /// E-TPL-041: Word's own mail-merge fields (`{ MERGEFIELD 项目名称 }`, shown «项目名称»), made
    /// with 邮件 → 插入合并域: reportgen fills tags, not these, so every report printed «项目名称».
    /// The field names of a paragraph's MERGEFIELD codes that hold no tag (those are E-TPL-039,
    /// a tag typed over the field's shown result E-TPL-046).
    static func mergeFields(in paragraph: TNode, open: [Unicode.Scalar], close: [Unicode.Scalar]) -> [String] {
        fields(in: paragraph).compactMap { field in
            let code = field.code
            let words = code.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" })
            // A tag (or half of one) in the code or the result is E-TPL-039 or E-TPL-046.
            guard words.first?.uppercased() == "MERGEFIELD", let brace = open.first, let end = close.last,
                  !code.unicodeScalars.contains(brace),
                  !field.result.unicodeScalars.contains(where: { $0 == brace || $0 == end }) else { return nil }
            // `MERGEFIELD "项目 名称"`: a quoted name may hold spaces.
            return mergeFieldName(code)
        }
    }

    /// E-TPL-046 / W-TPL-021: a tag typed into a field's shown result (over «实施单位», over a DATE's date,
    /// over the footer's page number). It is filled, but the value stays the field's result:
    /// Word replaces it when it updates the field (F9, before printing), and Word and
    /// LibreOffice replace a DATE's, a PAGE's or a REF's at once on opening (the PDF made with
    /// `--pdf` printed today's date, the page number, “Error: Reference source not found”).
    /// A HYPERLINK's result is its shown text and a TOC's is rebuilt from the filled headings:
    /// tags there are fine. The tag (or the part of one) in each other field's result, with
    /// the field's code.
    static func resultTags(in paragraph: TNode, open: [Unicode.Scalar], close: [Unicode.Scalar]) -> [(tag: String, code: String)] {
        fields(in: paragraph).compactMap { field in
            let keyword = field.code.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }).first?.uppercased() ?? ""
            guard !keptResults.contains(keyword) else { return nil }
            // Half a tag in the result (`{{project.` before the field, `implementer}}` in it) counts.
            guard let tag = BoundControls.tagText(field.result, open: open, close: close) else { return nil }
            return (tag, field.code.trimmingCharacters(in: .whitespaces))
        }
    }

    /// Fields whose result Word keeps (or rebuilds from the document's own text) on update.
    private static let keptResults: Set<String> = ["HYPERLINK", "TOC", "TOA", "INDEX"]

    /// Fields Word and LibreOffice recompute on their own (opening, printing, laying out): a
    /// value typed into their result is lost in every copy, the PDF of `--pdf` included
    /// (E-TPL-046). Other fields keep it until someone updates them (W-TPL-021): a
    /// DOCPROPERTY's cached result filled as docxtemplater fills it stays a conformance case.
    static let recomputed: Set<String> = ["DATE", "TIME", "CREATEDATE", "SAVEDATE", "PRINTDATE", "PAGE", "NUMPAGES",
                                          "SECTIONPAGES", "SECTION", "PAGEREF", "REF", "NOTEREF", "STYLEREF", "SEQ"]

    static func isRecomputed(_ code: String) -> Bool {
        recomputed.contains(code.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }).first?.uppercased() ?? "")
    }

    static func resultMessage(_ found: (tag: String, code: String), open: [Unicode.Scalar]) -> String {
        let whole = Array(found.tag.unicodeScalars.prefix(open.count)) == open
        let keyword = found.code.split(separator: " ").first?.uppercased() ?? ""
        let when: String
        switch keyword {
        case "DATE", "TIME", "CREATEDATE", "SAVEDATE", "PRINTDATE":
            when = "Word 和 LibreOffice 打开或打印文档时就重新计算这个域，把填入的值换成日期（用 --pdf 生成的 PDF 里也是当天的日期）"
        case "PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION", "PAGEREF":
            when = "Word 和 LibreOffice 排版时就重新计算这个域，把填入的值换成页码（用 --pdf 生成的 PDF 里也是页码）"
        case "REF", "NOTEREF", "STYLEREF", "SEQ":
            when = "Word 更新域、LibreOffice 打开文档时重新计算这个域，把填入的值换成引用的内容（找不到引用处时印出错误提示）"
        case "MERGEFIELD":
            when = "Word 更新域（按 F9，或打印前更新域）时重新计算这个域，把填入的值换回 «\(mergeFieldName(found.code))»"
        default:
            when = "Word 更新域（按 F9，或打印前更新域）时重新计算这个域，把填入的值换掉"
        }
        let what = whole ? "标签 \(found.tag)" : "标签的一部分 “\(found.tag)”"
        return "\(what) 写在 Word 域的显示结果里（域代码：\(found.code)）：生成时值填在域的结果中，\(when)。"
            + "请在 Word 中选中这个域（点击后呈灰底的一段文字），按 Ctrl+Shift+F9 取消域的链接，域变成普通文字，标签保留；再检查"
    }

    /// The field name of a MERGEFIELD code (`MERGEFIELD "项目 名称"` may quote it).
    static func mergeFieldName(_ code: String) -> String {
        let words = code.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" })
        var name = words.dropFirst().first.map(String.init) ?? ""
        if name.hasPrefix("\""), let quoted = code.split(separator: "\"", omittingEmptySubsequences: false).dropFirst().first {
            name = String(quoted)
        }
        return name
    }

    static func mergeFieldMessage(_ name: String) -> String {
        let shown = name.isEmpty ? "" : " «\(name)»"
        let tag = name.isEmpty ? "{{项目名称}}" : "{{\(name)}}"
        return "这里是 Word 的邮件合并域\(shown)（域代码 MERGEFIELD）：reportgen 不填写邮件合并域，每份报告都会原样印出\(shown.isEmpty ? "域的结果" : shown)。"
            + "请选中这个域删去，在原处输入标签（如 \(tag)，可用的字段见 reportgen template fields --for 种类）"
    }

    /// W-TPL-024: the code of a table of contents (引用 → 目录, `{ TOC \o "1-3" }`) that starts in
    /// the paragraph. Nothing updates it: every report printed the template's cached entries
    /// (“未找到目录项。”, or the headings the template had) without the generated outline, in
    /// Word until someone updates the field, and in the PDF of `--pdf` (LibreOffice keeps it).
    static func tableOfContents(in paragraph: TNode) -> String? {
        fields(in: paragraph).first { field in
            field.code.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }).first?.uppercased() == "TOC"
        }.map { $0.code.trimmingCharacters(in: .whitespaces) }
    }

    static func tableOfContentsMessage(_ code: String) -> String {
        "这里是目录（引用 → 目录，域代码 \(code)）：reportgen 不更新目录，生成的每份报告中的目录仍是模板中的样子（如“未找到目录项。”），"
            + "不列出生成的各级标题和页码，用 --pdf 生成的 PDF 里也是。需要目录时，在 Word 中打开生成的报告，右键单击目录，选“更新域 → 更新整个目录”"
            + "（WPS：“引用 → 更新目录”），再保存或打印；不需要目录就在模板中删去它（Word：“引用 → 目录 → 删除目录”），再检查"
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
}
