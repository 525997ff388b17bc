import OOXML

/// W-TPL-022: a list section inside a text box of fixed size. The indicators or evaluators
/// table cut into a text box (to place it beside other content) grows with every item, but
/// the box keeps the height it had in the template: Word and LibreOffice cut off whatever does
/// not fit (LibreOffice's PDF of 8 evaluators showed 6, the last one half). A box set to
/// 根据文字调整形状大小 (`a:spAutoFit`, VML `mso-fit-shape-to-text:t`) grows and is fine.
enum TextBoxLoops {
    /// Marks the text of a shape with whether the shape grows with it: `wps:wsp` (its
    /// `wps:bodyPr`) and VML's `v:textbox` (its style), each over its `w:txbxContent`.
    static func mark(_ node: TNode, _ element: XMLElement) {
        if element.localName == "wsp", element.namespaceURI == Namespace.wps {
            let body = element.elements.first { $0.is(Namespace.wps, "bodyPr") }
            let grows = body?.elements.contains { $0.is(Namespace.a, "spAutoFit") } ?? false
            for txbx in node.children where txbx.name.hasSuffix("txbx") {
                for content in txbx.children where content.isW("txbxContent") { content.textBoxGrows = grows }
            }
        } else if element.localName == "textbox", element.namespaceURI == Namespace.v {
            let style = (element.attribute("style") ?? "").lowercased().filter { $0 != " " }
            for content in node.children where content.isW("txbxContent") {
                content.textBoxGrows = style.contains("mso-fit-shape-to-text:t")
            }
        }
    }

    /// Whether the text holding `text` (a tag's `w:t`) is in a text box that keeps its size.
    static func isFixed(_ text: TNode) -> Bool {
        text.ancestor(w: "txbxContent")?.textBoxGrows == false
    }

    static func message(tag: String, path: String, placement: String?) -> String {
        let (what, which): (String, String)
        switch placement {
        case "rows": (what, which) = ("这一行", "这张表格")
        case "paragraphs": (what, which) = ("这几段", "这几段")
        default: (what, which) = ("其中的文字", "这段文字")
        }
        return "区段 \(tag) 按 \(path) 的每一项重复\(what)，它在一个文本框里，而文本框的大小是固定的：项数多时，文本框放不下的部分不会印出"
            + "（Word、LibreOffice 都截去）。请把\(which)剪切出文本框，粘贴到正文中；或右键单击文本框的边框，选“设置形状格式 → 文本选项 → 文本框”，"
            + "勾选“根据文字调整形状大小”（WPS：右键“设置对象格式”，在“文本框”一栏中勾选），再检查"
    }
}
