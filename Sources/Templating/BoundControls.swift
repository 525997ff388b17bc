/// E-TPL-047: a tag inside a content control bound to a document property (Word's 插入 →
/// 文档部件 → 文档属性 → 标题, or a control given a `w:dataBinding`). Word and LibreOffice show
/// the bound property's value in such a control when they open the document, so the value
/// filled there never shows (LibreOffice's PDF printed the template's 标题); Word also writes
/// what is typed there back into the property, so the template's property holds the tag.
enum BoundControls {
    /// The tag (or the text holding part of one) of each bound control of a paragraph: controls
    /// inside it (run level) and one around it (block level), with the property's name.
    static func find(in paragraph: TNode, open: [Unicode.Scalar], close: [Unicode.Scalar]) -> [(tag: String, property: String)] {
        controls(of: paragraph, where: isBound, open: open, close: close).map { ($0.tag, property(of: $0.control)) }
    }

    /// W-TPL-023: the tags that are a content control's placeholder text (`w:showingPlcHdr`):
    /// the grey prompt a person rewrote in 开发工具 → 设计模式 (Word shows the control's content
    /// as its placeholder, in the 占位符文本 style). The value takes the prompt's grey (seen in
    /// LibreOffice's PDF) and Word treats it as the prompt: a click selects it all. A bound
    /// control is E-TPL-047 alone.
    static func placeholders(in paragraph: TNode, open: [Unicode.Scalar], close: [Unicode.Scalar]) -> [String] {
        controls(of: paragraph, where: { isPlaceholder($0) && !isBound($0) }, open: open, close: close).map(\.tag)
    }

    static func placeholderMessage(_ tag: String) -> String {
        "标签 \(tag) 是内容控件的占位文字（在“开发工具 → 设计模式”中写的灰色提示文字）：生成的值同样印成灰色，"
            + "Word 还把它当作提示文字（点击时整段被选中，一输入就被换掉）。请在 Word 中右键单击这个控件，选“删除内容控件”（控件中的文字保留），"
            + "再选中这个标签，把字体颜色设为“自动”，再检查"
    }

    /// The controls `matching` inside a paragraph (run level) and the one around it (block
    /// level, within its cell or text box), each with the tag (or the text holding part of one)
    /// it holds; controls holding no brace are left out.
    private static func controls(of paragraph: TNode, where matching: (TNode) -> Bool,
                                 open: [Unicode.Scalar], close: [Unicode.Scalar]) -> [(control: TNode, tag: String)] {
        var found: [(control: TNode, tag: String)] = []
        func note(_ control: TNode, _ text: String) {
            guard let tag = tagText(text, open: open, close: close) else { return }
            found.append((control, tag))
        }
        func walk(_ n: TNode) {
            for c in n.children where c.kind == .element && !c.isW("p") {
                if c.isW("sdt"), matching(c) {
                    note(c, textNodes(c).map(\.elementText).joined())
                } else {
                    walk(c)
                }
            }
        }
        walk(paragraph)
        var outer = paragraph.parent
        while let node = outer, !node.isW("txbxContent"), !node.isW("tc") {
            if node.isW("sdt"), matching(node) {
                note(node, paragraph.paragraphTextNodes().map(\.elementText).joined())
                break
            }
            outer = node.parent
        }
        return found
    }

    static func message(_ found: (tag: String, property: String)) -> String {
        "标签 \(found.tag) 写在绑定了文档属性“\(found.property)”的内容控件里（插入 → 文档部件 → 文档属性）："
            + "Word 和 LibreOffice 打开文档时，这个控件显示文档属性“\(found.property)”的值，填入的值被换掉（用 --pdf 生成的 PDF 里也是）。"
            + "请在 Word 中右键单击这个控件，选“删除内容控件”（控件中的文字保留），再检查"
    }

    private static func isBound(_ sdt: TNode) -> Bool {
        sdt.firstChild(w: "sdtPr")?.firstChild(w: "dataBinding") != nil
    }

    private static func isPlaceholder(_ sdt: TNode) -> Bool {
        guard let mark = sdt.firstChild(w: "sdtPr")?.firstChild(w: "showingPlcHdr") else { return false }
        return !mark.attributes.contains { $0.name.hasSuffix("val") && ["0", "false", "off"].contains($0.value) }
    }

    /// The `w:t` of a run-level control's content.
    private static func textNodes(_ sdt: TNode) -> [TNode] {
        var out: [TNode] = []
        func walk(_ n: TNode) {
            for c in n.children where c.kind == .element {
                if c.isW("t") { out.append(c) } else if !c.isW("sdtPr") { walk(c) }
            }
        }
        walk(sdt)
        return out
    }

    /// The control's title (`w:alias`, which Word sets to the property's name: 标题, 单位),
    /// else the property's name from the binding's XPath (`…/ns0:title[1]` → 标题).
    private static func property(of sdt: TNode) -> String {
        let properties = sdt.firstChild(w: "sdtPr")
        if let alias = properties?.firstChild(w: "alias")?.attributes.first(where: { $0.name == "w:val" })?.value, !alias.isEmpty {
            return alias
        }
        let xpath = properties?.firstChild(w: "dataBinding")?.attributes.first(where: { $0.name == "w:xpath" })?.value ?? ""
        let last = xpath.split(separator: "/").last.map(String.init) ?? ""
        let name = String((last.split(separator: ":").last ?? "").prefix { $0 != "[" })
        return names[name] ?? name
    }

    /// Word's Chinese names of the core and extended properties it offers under 文档属性.
    private static let names: [String: String] = [
        "title": "标题", "subject": "主题", "creator": "作者", "keywords": "关键词", "description": "备注",
        "category": "类别", "contentStatus": "状态", "Company": "单位", "CompanyAddress": "单位地址",
        "CompanyPhone": "单位电话", "CompanyFax": "单位传真", "CompanyEmail": "单位电子邮件",
        "Manager": "经理", "PublishDate": "发布日期", "Abstract": "摘要",
    ]

    /// The first whole tag of `text`, else `text` when it holds a delimiter's brace; nil when
    /// it holds none.
    static func tagText(_ text: String, open: [Unicode.Scalar], close: [Unicode.Scalar]) -> String? {
        let scalars = Array(text.unicodeScalars)
        guard let brace = open.first, let end = close.last, scalars.contains(where: { $0 == brace || $0 == end }) else { return nil }
        if let start = index(of: open, in: scalars, from: 0), let stop = index(of: close, in: scalars, from: start + open.count) {
            return String(String.UnicodeScalarView(scalars[start..<(stop + close.count)]))
        }
        return text
    }

    static func index(of pattern: [Unicode.Scalar], in scalars: [Unicode.Scalar], from: Int) -> Int? {
        guard !pattern.isEmpty, scalars.count >= pattern.count, from <= scalars.count - pattern.count else { return nil }
        return (from...(scalars.count - pattern.count)).first { at in
            (0..<pattern.count).allSatisfy { scalars[at + $0] == pattern[$0] }
        }
    }
}
