import OOXML

/// E-TPL-050: a tag typed where reportgen fills nothing — a chart's title, series or category
/// names (插入 → 图表; its text lives in a part of its own), a SmartArt graphic's text, an
/// equation (插入 → 公式, Office Math text, not Word text). The check passed and every report
/// printed “{{year}}年度资金执行情况” over its chart (staff review 11).
enum UnfilledObjects {
    enum Kind {
        case chart, smartArt, equation

        var name: String {
            switch self {
            case .chart: return "图表"
            case .smartArt: return "SmartArt 图形"
            case .equation: return "公式"
            }
        }

        /// The name after a Chinese word: a Latin one is set off by a space (“第 1 个 SmartArt 图形”).
        var afterHan: String { name.first?.isASCII == true ? " " + name : name }
    }

    /// The kind of object `element` is in a part's tree: a chart's frame (`c:chart`, `cx:chart`),
    /// a SmartArt graphic's (`dgm:relIds`), an equation (`m:oMath`).
    static func kind(of element: XMLElement) -> Kind? {
        if element.is(Namespace.c, "chart") || element.is(Namespace.cx, "chart") { return .chart }
        if element.is(Namespace.dgm, "relIds") { return .smartArt }
        if element.is(Namespace.m, "oMath") { return .equation }
        return nil
    }

    /// The relationship (`r:id` of a chart, `r:dm` of a SmartArt graphic) by which a frame
    /// names the part holding its text.
    static func relationshipID(of node: TNode) -> String? {
        let name = node.unfilled == .smartArt ? ":dm" : ":id"
        return node.attributes.first { $0.name.hasSuffix(name) && !$0.name.hasPrefix("w") }?.value
    }

    /// For each chart and SmartArt part `partName` relates to, by relationship id: every text
    /// of it holding a delimiter (a title, a series or category name, a SmartArt node), in the
    /// part's order, each once (a series name is cached again in every place that shows it).
    /// Parts that cannot be read are left to Word (a chart is no template's business otherwise).
    static func texts(of package: DocxPackage, partName: String, open: [Unicode.Scalar], close: [Unicode.Scalar]) -> [String: [String]] {
        guard let relationships = try? package.relationships(of: partName) else { return [:] }
        var found: [String: [String]] = [:]
        for relationship in relationships where !relationship.isExternal
            && [RelationshipType.chart, RelationshipType.chartEx, RelationshipType.diagramData].contains(where: { RelationshipType.matches(relationship.type, $0) }) {
            guard let target = PartName.resolve(relationship.target, from: partName), package.contains(target),
                  let document = try? package.xml(target) else { continue }
            var texts: [String] = []
            collectTagTexts(document.root, open: open, close: close, into: &texts)
            if !texts.isEmpty { found[relationship.id] = texts }
        }
        return found
    }

    /// The texts holding a delimiter, with the tag in it when it holds one whole: a DrawingML
    /// paragraph's (`a:p`, its runs' `a:t` joined, as Word splits “{{year}}年度” into an en-US and
    /// a zh-CN run), a chart's cached `c:v`, a chartex `cx:v`.
    private static func collectTagTexts(_ element: XMLElement, open: [Unicode.Scalar], close: [Unicode.Scalar], into texts: inout [String]) {
        for child in element.elements {
            let text: String
            if child.is(Namespace.a, "p") {
                text = drawingText(child)
            } else if child.is(Namespace.a, "t") || child.is(Namespace.c, "v") || child.is(Namespace.cx, "v") {
                text = child.children.map { if case .text(let t) = $0 { return t } else { return "" } }.joined()
            } else {
                collectTagTexts(child, open: open, close: close, into: &texts)
                continue
            }
            if BoundControls.tagText(text, open: open, close: close) != nil, !texts.contains(text) { texts.append(text) }
        }
    }

    /// A DrawingML paragraph's text: its `a:t`, in order.
    private static func drawingText(_ element: XMLElement) -> String {
        element.elements.map { child in
            child.is(Namespace.a, "t") ? child.children.map { if case .text(let t) = $0 { return t } else { return "" } }.joined() : drawingText(child)
        }.joined()
    }

    /// An equation's text (`m:t`), in order.
    static func equationText(_ node: TNode) -> String {
        var text = ""
        func walk(_ n: TNode) {
            for c in n.children where c.kind == .element {
                if c.isMathText { text += c.elementText } else { walk(c) }
            }
        }
        walk(node)
        return text
    }

    static func message(_ kind: Kind, text: String) -> String {
        let fix: String
        switch kind {
        case .chart:
            fix = "请在 Word 中右键单击图表，选“编辑数据”或单击标题，把标签改为固定的文字；要在图表旁印出数据，请把标签写在图表上方或下方的普通段落（如图表的题注）里"
        case .smartArt:
            fix = "请在 Word 中单击 SmartArt 图形，把其中的标签改为固定的文字；要印出数据，请把标签写在图形上方或下方的普通段落里"
        case .equation:
            fix = "请在 Word 中把标签从公式中删去，写在公式之外的普通文字里（公式只写固定的文字，如“预算执行率＝执行数÷全年预算数”）"
        }
        return "\(kind.name)中的文字 “\(text)” 含有标签，而 reportgen 只填写段落和表格中的文字，不填写\(kind.afterHan)里的文字，生成的每份报告都会原样印出 “\(text)”。" + fix
    }
}
