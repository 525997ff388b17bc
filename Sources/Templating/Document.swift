import OOXML

/// A mutable copy of a part's XML tree used only while compiling: tags are cut out of the
/// runs they were typed across and sections are marked on the nodes they repeat.
final class TNode {
    enum Kind { case element, text, other }
    let kind: Kind
    var name: String = ""
    var attributes: [XMLAttribute] = []
    /// The local name when the element is in the WordprocessingML namespace (`p`, `r`, `t`).
    var w: String?
    var isFallback = false
    /// A drawing's non-visual properties (`wp:docPr`), whose `id` Word wants unique.
    var isDrawingProperties = false
    /// VML's `v:textpath`: a watermark's or WordArt's text, in its `string` attribute.
    var isTextPath = false
    /// A chart's or SmartArt graphic's frame, or an equation: text reportgen does not fill.
    var unfilled: UnfilledObjects.Kind?
    /// An equation's text (`m:t`).
    var isMathText = false
    var children: [TNode] = []
    weak var parent: TNode?
    var text: String = ""
    var other: XMLNode?

    // Set by the lexer on `w:t` elements that held (part of) a tag.
    var segments: [Segment]?
    // Set on `w:p` by the compiler.
    var paragraphRole: ParagraphRole = .normal
    var paragraphNumber = 0
    /// Set on a `w:tc` whose tag carries `| merge`.
    var mergeTag: Int?
    /// Set on a `w:tc` that starts a vertical merge (`w:vMerge w:val="restart"`) in a one-row
    /// loop: it spans the rows the loop makes (restart on the first, continued on the rest).
    var spansLoop = false
    /// Set on a `w:txbxContent`: whether its shape grows with the text (`TextBoxLoops`).
    var textBoxGrows: Bool?
    /// Set on a `w:hyperlink` whose relationship target holds tags: the target in pieces.
    var linkPieces: [LinkPiece]?
    /// Set on a `w:p` holding such a hyperlink: it is never a one-value paragraph (whose bytes
    /// are cut around the value and cannot hold the link's operation).
    var holdsTemplatedLink = false

    enum LinkPiece {
        case text(String)
        case tag(Int)
    }

    enum Segment {
        case text(String)
        case tag(Int)
    }

    enum ParagraphRole {
        case normal
        /// The paragraph holds only a section tag; it is dropped (a kept section break stays).
        case sectionTag
        case valueParagraph(tag: Int)
        case block(Int)
    }

    init(kind: Kind) { self.kind = kind }

    convenience init(_ element: XMLElement, parent: TNode?) {
        self.init(kind: .element)
        name = element.name
        attributes = element.attributes
        self.parent = parent
        if element.namespaceURI == Namespace.w { w = String(element.localName) }
        isFallback = element.namespaceURI == Namespace.mc && element.localName == "Fallback"
        isDrawingProperties = element.namespaceURI == Namespace.wp && element.localName == "docPr"
        isTextPath = element.localName == "textpath" && element.namespaceURI == Namespace.v
        unfilled = UnfilledObjects.kind(of: element)
        isMathText = element.is(Namespace.m, "t")
        children.reserveCapacity(element.children.count)
        adopt(element.children)
        TextBoxLoops.mark(self, element)
    }

    /// Appends `nodes` as children, a custom XML element (`w:customXml`, what a document
    /// management add-in or an XML schema attached in Word wraps around paragraphs, rows,
    /// cells or runs) replaced by its content. Word has dropped that markup when it opens a
    /// document since 2010 (KB 2445062), so the generated document shows the same without it;
    /// kept, a paragraph wrapped alone (`{{#scheme.mof}}`) stood a level below its close tag's
    /// and the section was E-TPL-006 “不在同一层级”, which named nothing a person can see.
    private func adopt(_ nodes: [XMLNode]) {
        for child in nodes {
            switch child {
            case .element(let e) where e.is(Namespace.w, "customXml"):
                adopt(e.children.filter {
                    if case .element(let inner) = $0 { return !inner.is(Namespace.w, "customXmlPr") }
                    return true
                })
            case .element(let e): children.append(TNode(e, parent: self))
            case .text(let t):
                let node = TNode(kind: .text)
                node.text = t
                node.parent = self
                children.append(node)
            default:
                let node = TNode(kind: .other)
                node.other = child
                node.parent = self
                children.append(node)
            }
        }
    }

    func isW(_ local: String) -> Bool { w == local }

    /// `r:id` (whatever the prefix), not `w:id`.
    static func isRelationshipID(_ attribute: XMLAttribute) -> Bool {
        attribute.name.hasSuffix(":id") && !attribute.name.hasPrefix("w:") && !attribute.name.hasPrefix("w14:")
    }

    /// The text of a `w:t`.
    var elementText: String {
        var s = ""
        for c in children where c.kind == .text { s += c.text }
        return s
    }

    /// `w:t` elements of this paragraph in order, not descending into nested paragraphs
    /// (text boxes are paragraphs of their own); a `HYPERLINK "{{project.url}}"` field code
    /// too, so that its address is filled (other field codes are not text).
    func paragraphTextNodes() -> [TNode] {
        var out: [TNode] = []
        func walk(_ n: TNode) {
            for c in n.children where c.kind == .element {
                if c.isW("p") { continue }
                if c.isW("t") || (c.isW("instrText") && Self.isFilledFieldCode(c.elementText)) {
                    out.append(c)
                } else {
                    walk(c)
                }
            }
        }
        walk(self)
        return out
    }

    /// Field codes are not text, except a `HYPERLINK "…"` whose address holds a brace (the
    /// code written in one `w:instrText`, as Word stores a typed field).
    static func isFilledFieldCode(_ code: String) -> Bool {
        code.contains(where: { $0 == "{" || $0 == "}" }) && code.drop(while: { $0 == " " }).uppercased().hasPrefix("HYPERLINK")
    }

    /// Whether something inside takes an id per copy in a repeated section — a content control
    /// (`w:sdtPr/w:id`), a drawing (`wp:docPr`), a tracked change, a comment's anchor: each
    /// copy's id is an operation, which a one-value paragraph's cut bytes cannot hold (a
    /// `{{name}}` retyped with 修订 on came out as `w:id=""` after an id outside the paragraph).
    func holdsControlID() -> Bool {
        func walk(_ n: TNode) -> Bool {
            for c in n.children where c.kind == .element {
                if (c.isW("sdtPr") && c.firstChild(w: "id") != nil) || c.isDrawingProperties { return true }
                if let w = c.w, Compiler.revisionMarks.contains(w) || Compiler.commentAnchors[w] != nil,
                   c.attributes.contains(where: { $0.name == "w:id" }) { return true }
                if walk(c) { return true }
            }
            return false
        }
        return walk(self)
    }

    func containsNestedParagraph() -> Bool {
        func walk(_ n: TNode) -> Bool {
            for c in n.children where c.kind == .element {
                if c.isW("p") || walk(c) { return true }
            }
            return false
        }
        return walk(self)
    }

    func firstChild(w local: String) -> TNode? {
        children.first { $0.isW(local) }
    }

    func ancestor(w local: String) -> TNode? {
        var n = parent
        while let current = n {
            if current.isW(local) { return current }
            n = current.parent
        }
        return nil
    }

    /// Whether `w:pPr` holds a `w:sectPr` (the paragraph ends a section).
    var carriesSectionBreak: Bool {
        firstChild(w: "pPr")?.firstChild(w: "sectPr") != nil
    }

    func serialized(into out: inout XMLOutput) {
        switch kind {
        case .text: out.appendEscapedText(text)
        case .other: if let other { out.write(other) }
        case .element:
            let element = XMLElement(name: name, attributes: attributes)
            if children.isEmpty {
                out.writeStartTag(element, selfClosing: true)
            } else {
                out.writeStartTag(element)
                for c in children { c.serialized(into: &out) }
                out.writeEndTag(name)
            }
        }
    }

    func serializedString(dropping local: String? = nil) -> String {
        var out = XMLOutput()
        if let local {
            let element = XMLElement(name: name, attributes: attributes)
            let kept = children.filter { !$0.isW(local) }
            if kept.isEmpty {
                out.writeStartTag(element, selfClosing: true)
            } else {
                out.writeStartTag(element)
                for c in kept { c.serialized(into: &out) }
                out.writeEndTag(name)
            }
        } else {
            serialized(into: &out)
        }
        return String(decoding: out.bytes, as: UTF8.self)
    }
}

/// A tag found in a part.
struct TagOccurrence {
    var raw: String
    var parsed: ParsedTag?
    var paragraph: TNode
    var textNode: TNode
    var location: TemplateLocation
    var alone: Bool
    var inFallback: Bool
    /// The paragraph has text besides its tags.
    var besideText = false
}

/// Finds the tags of every paragraph of a part, whatever runs, proofing marks, bookmarks
/// and revision ids Word put between their characters.
struct Lexer {
    let open: [Unicode.Scalar]
    let close: [Unicode.Scalar]
    let partName: String
    var tags: [TagOccurrence] = []
    var errors: [TemplateError] = []
    /// Hyperlink relationship id → target, for targets that hold a tag.
    var links: [String: String] = [:]
    /// Chart and SmartArt relationship id → every text of it holding a delimiter, in the part's
    /// order, each once (`UnfilledObjects`).
    var objectTexts: [String: [String]] = [:]
    /// Charts, SmartArt graphics and equations of the part so far, by kind: a message names the N-th.
    private var objectCounts: [UnfilledObjects.Kind: Int] = [:]
    /// The part's name in Word when its file name does not say (`HeaderFooterNames`).
    var areaName: String?
    private var paragraphCounter = 0
    /// The E-TPL-011 of a tag left open at the end of the paragraph just lexed, with its text:
    /// when the next paragraph starts with a lone close delimiter, the two are the halves of
    /// one tag broken by Enter and are reported once.
    private var openAtParagraphEnd: (error: Int, text: String)?
    /// Paragraphs with text outside tables and text boxes: the count a person can make in Word.
    private var visibleCounter = 0
    private var textBoxDepth = 0
    /// Text boxes of the part in document order, and the open ones with the paragraphs with
    /// text counted so far in each (a location names the box and its paragraph). The VML copy
    /// Word writes under `mc:Fallback` takes the number of the box it copies.
    private var textBoxCounter = 0
    private var textBoxes: [(number: Int, paragraphs: Int)] = []
    private var tableCounter = 0
    /// Rows of fixed height already reported (W-TPL-020), once a row.
    private var fixedRowsSaid: Set<ObjectIdentifier> = []
    private var tableStack: [(table: Int, row: Int, cell: Int)] = []

    init(delimiters: Delimiters, partName: String) {
        open = Array(delimiters.open.unicodeScalars)
        close = Array(delimiters.close.unicodeScalars)
        self.partName = partName
    }

    mutating func run(_ root: TNode) {
        walk(root, inFallback: false)
        if let place = revisions.first {
            let authors = revisions.authors.isEmpty ? "" : "，修订者：" + revisions.authors.joined(separator: "、")
            errors.append(TemplateError(.trackedChanges,
                "模板中有未接受的修订（修订标记，这一部分共 \(revisions.count) 处\(authors)）：生成的每份文档都会带着这些修订，"
                + "在 Word 中显示为带颜色的删除线、下划线或批注框，删去的文字仍留在文档里。请在 Word 中选“审阅 → 接受 → 接受所有修订”"
                + "（WPS：“审阅 → 接受 → 接受对文档所做的所有修订”）后保存，再检查",
                location: place))
        }
        // W-TPL-017: notes a reviewer left while the template was restyled went into every report.
        if let place = comments.first {
            errors.append(TemplateError(.commentsInTemplate,
                "模板中有批注（这一部分共 \(comments.count) 条）：生成的每份文档都会带着这些批注，在 Word 中显示在页边的批注框里，"
                + "重复的段落或表格行中的批注还会随每一项重复。请在 Word 中选“审阅 → 删除 → 删除文档中的所有批注”"
                + "（WPS：“审阅 → 删除批注 → 删除文档中的所有批注”）后保存，再检查",
                location: place))
        }
    }

    /// Tracked changes Word keeps until they are accepted: the first one's place, how many, by whom.
    private var revisions: (first: TemplateLocation?, count: Int, authors: [String]) = (nil, 0, [])
    static let revisionElements: Set<String> = ["ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange"]
    /// Revisions Word records on a table rather than in a paragraph: a row inserted or deleted
    /// (`w:trPr/w:ins`, `w:del`), cells inserted, deleted or merged, and row, cell, table and
    /// column widths changed with 修订 on. They passed the check, and every copy of a repeated
    /// row came out marked as inserted (staff review 10).
    static let tableRevisionElements: Set<String> = ["ins", "del", "cellIns", "cellDel", "cellMerge", "trPrChange", "tcPrChange",
                                                     "tblPrChange", "tblPrExChange", "tblGridChange"]
    static let tablePropertyElements: Set<String> = ["trPr", "tcPr", "tblPr", "tblPrEx", "tblGrid"]
    /// A table revision was found and no paragraph after it has been located yet: the next
    /// paragraph (the row's or cell's first) names the place.
    private var tableRevisionPending = false

    private mutating func noteTableRevisions(_ properties: TNode) {
        var count = 0
        for c in properties.children where c.kind == .element {
            guard let w = c.w, Self.tableRevisionElements.contains(w) else { continue }
            count += 1
            if let author = c.attributes.first(where: { $0.name == "w:author" })?.value, !revisions.authors.contains(author) {
                revisions.authors.append(author)
            }
        }
        guard count > 0 else { return }
        revisions.count += count
        if revisions.first == nil { tableRevisionPending = true }
    }

    /// Comments (批注) anchored in the part: the first one's place and how many.
    private var comments: (first: TemplateLocation?, count: Int) = (nil, 0)

    private mutating func noteRevisions(_ paragraph: TNode) {
        var count = 0
        var commentCount = 0
        func walk(_ n: TNode) {
            // A table in a text box of this paragraph: its rows' revisions are counted by `noteTableRevisions`.
            for c in n.children where c.kind == .element && !c.isW("p") && !c.isW("tbl") {
                if c.isW("commentReference") { commentCount += 1 }
                if let w = c.w, Self.revisionElements.contains(w) {
                    count += 1
                    if let author = c.attributes.first(where: { $0.name == "w:author" })?.value, !revisions.authors.contains(author) {
                        revisions.authors.append(author)
                    }
                }
                walk(c)
            }
        }
        walk(paragraph)
        if tableRevisionPending {
            tableRevisionPending = false
            if revisions.first == nil {
                revisions.first = openingLocation(paragraph)
            }
        }
        if commentCount > 0 {
            comments.count += commentCount
            if comments.first == nil {
                comments.first = openingLocation(paragraph)
            }
        }
        guard count > 0 else { return }
        revisions.count += count
        if revisions.first == nil {
            revisions.first = openingLocation(paragraph)
        }
    }

    /// A table of contents was reported (W-TPL-024): once a part.
    private var tableOfContentsSaid = false

    /// E-TPL-039 and E-TPL-041 (`FieldCodeTags`).
    private mutating func noteFieldCodeTags(_ paragraph: TNode) {
        let found = FieldCodeTags.find(in: paragraph, open: open, close: close)
        let merged = FieldCodeTags.mergeFields(in: paragraph, open: open, close: close)
        let results = FieldCodeTags.resultTags(in: paragraph, open: open, close: close)
        let bound = BoundControls.find(in: paragraph, open: open, close: close)
        let placeholders = BoundControls.placeholders(in: paragraph, open: open, close: close)
        if !tableOfContentsSaid, let code = FieldCodeTags.tableOfContents(in: paragraph) {
            tableOfContentsSaid = true
            errors.append(TemplateError(.tableOfContents, FieldCodeTags.tableOfContentsMessage(code), location: openingLocation(paragraph)))
        }
        guard !found.isEmpty || !merged.isEmpty || !results.isEmpty || !bound.isEmpty || !placeholders.isEmpty else { return }
        let text = Array(paragraph.paragraphTextNodes().map(\.elementText).joined().unicodeScalars)
        for field in found {
            errors.append(TemplateError(.tagInFieldCode, FieldCodeTags.message(field),
                                        location: location(paragraph, text: text, range: 0..<min(text.count, 10)), tag: field.tag))
        }
        for field in results {
            errors.append(TemplateError(FieldCodeTags.isRecomputed(field.code) ? .tagInFieldResult : .tagInUpdatableField,
                                        FieldCodeTags.resultMessage(field, open: open),
                                        location: location(paragraph, text: text, range: range(of: field.tag, in: text)), tag: field.tag))
        }
        for control in bound {
            errors.append(TemplateError(.tagInBoundControl, BoundControls.message(control),
                                        location: location(paragraph, text: text, range: range(of: control.tag, in: text)), tag: control.tag))
        }
        for tag in placeholders {
            errors.append(TemplateError(.tagInPlaceholder, BoundControls.placeholderMessage(tag),
                                        location: location(paragraph, text: text, range: range(of: tag, in: text)), tag: tag))
        }
        for name in merged {
            errors.append(TemplateError(.mergeField, FieldCodeTags.mergeFieldMessage(name),
                                        location: location(paragraph, text: text, range: 0..<min(text.count, 10)), tag: "«\(name)»"))
        }
    }

    private mutating func walk(_ node: TNode, inFallback: Bool) {
        let fallback = inFallback || node.isFallback
        var pushedTable = false
        if node.isW("tbl") {
            tableCounter += 1
            tableStack.append((tableCounter, 0, 0))
            pushedTable = true
        } else if node.isW("tr"), !tableStack.isEmpty {
            tableStack[tableStack.count - 1].row += 1
            tableStack[tableStack.count - 1].cell = 0
        } else if node.isW("tc"), !tableStack.isEmpty {
            tableStack[tableStack.count - 1].cell += 1
        } else if node.isW("p") {
            if !fallback {
                paragraphCounter += 1
                if tableStack.isEmpty, textBoxDepth == 0,
                   node.paragraphTextNodes().contains(where: { !$0.elementText.allSatisfy { TagSyntax.isSpace($0) } }) {
                    visibleCounter += 1
                }
                if tableStack.isEmpty, !textBoxes.isEmpty,
                   node.paragraphTextNodes().contains(where: { !$0.elementText.allSatisfy { TagSyntax.isSpace($0) } }) {
                    textBoxes[textBoxes.count - 1].paragraphs += 1
                }
            }
            node.paragraphNumber = paragraphCounter
            if !fallback { noteRevisions(node); noteFieldCodeTags(node) }
            lexParagraph(node, inFallback: fallback)
        } else if node.isW("hyperlink"), !links.isEmpty,
                  let id = node.attributes.first(where: TNode.isRelationshipID)?.value, let target = links[id] {
            lexLink(node, target: target, inFallback: fallback)
        }
        if node.isTextPath, !fallback { noteWordArt(node) }
        if let kind = node.unfilled, !fallback { noteUnfilledObject(node, kind) }
        if !fallback, let w = node.w, Self.tablePropertyElements.contains(w) { noteTableRevisions(node) }
        // A table inside a text box counts on its own, as the box's content is apart from the page's:
        // the box's first table is its 第 1 个表格, and the page's tables count without it.
        let savedTables = node.isW("txbxContent") ? (stack: tableStack, counter: tableCounter) : nil
        if node.isW("txbxContent") {
            textBoxDepth += 1
            tableStack = []
            tableCounter = 0
            if !fallback { textBoxCounter += 1 }
            textBoxes.append((textBoxCounter, 0))
        }
        for child in node.children where child.kind == .element {
            walk(child, inFallback: fallback)
        }
        if let savedTables { textBoxDepth -= 1; tableStack = savedTables.stack; tableCounter = savedTables.counter; textBoxes.removeLast() }
        if pushedTable { tableStack.removeLast() }
    }

    /// E-TPL-048: a tag typed as a watermark's text (设计 → 水印 → 自定义水印, or VML WordArt).
    /// The text is an attribute of the shape, which nothing fills: every page of every report
    /// showed “{{unit.name}}” across it, and the check passed. WordArt Word writes as DrawingML
    /// (its VML copy under `mc:Fallback`) holds its text in runs, and is filled as any text box.
    private mutating func noteWordArt(_ node: TNode) {
        guard let text = node.attributes.first(where: { $0.name == "string" })?.value,
              let tag = BoundControls.tagText(text, open: open, close: close), let paragraph = node.ancestor(w: "p") else { return }
        let scalars = Array(text.unicodeScalars)
        var place = location(paragraph, text: scalars, range: 0..<scalars.count)
        place.shape = "水印"
        errors.append(TemplateError(.tagInWordArt,
            "水印（或艺术字）的文字 “\(text)” 中有标签，而 reportgen 不填写水印和艺术字里的文字，每份报告的每一页都会原样印出 “\(text)”。"
            + "请在 Word 中选“设计 → 水印 → 自定义水印”，把文字改为固定的文字，不要水印就选“删除水印”（WPS：“插入 → 水印”）；"
            + "要在每一页印出单位名称等数据，请把标签写在页眉的段落里",
            location: place, tag: tag))
    }

    /// E-TPL-050: a tag in a chart's or SmartArt graphic's text (a part of its own) or in an
    /// equation, none of which reportgen fills. Named as Word shows them: the part's N-th chart.
    /// Every tagged text of the object is named (a title and a series name both typed with tags
    /// were found one at a time, a check per fix; staff review 12).
    private mutating func noteUnfilledObject(_ node: TNode, _ kind: UnfilledObjects.Kind) {
        objectCounts[kind, default: 0] += 1
        let texts: [String]
        switch kind {
        case .chart, .smartArt: texts = UnfilledObjects.relationshipID(of: node).flatMap { objectTexts[$0] } ?? []
        case .equation: texts = [UnfilledObjects.equationText(node)]
        }
        guard let paragraph = node.ancestor(w: "p") else { return }
        for text in texts {
            guard let tag = BoundControls.tagText(text, open: open, close: close) else { continue }
            let scalars = Array(text.unicodeScalars)
            var place = location(paragraph, text: scalars, range: 0..<scalars.count)
            place.shape = "第 \(objectCounts[kind] ?? 1) 个\(kind.afterHan)"
            errors.append(TemplateError(.tagInUnfilledObject, UnfilledObjects.message(kind, text: text), location: place, tag: tag))
        }
    }

    /// Where `tag` stands in a paragraph's text (for the quoted text around it), else its start.
    private func range(of tag: String, in text: [Unicode.Scalar]) -> Range<Int> {
        let pattern = Array(tag.unicodeScalars)
        return BoundControls.index(of: pattern, in: text, from: 0).map { $0..<($0 + pattern.count) } ?? 0..<min(text.count, 10)
    }

    private func matches(_ scalars: [Unicode.Scalar], _ i: Int, _ pattern: [Unicode.Scalar]) -> Bool {
        guard i + pattern.count <= scalars.count else { return false }
        for k in 0..<pattern.count where scalars[i + k] != pattern[k] { return false }
        return true
    }

    /// Where `paragraph` starts, quoting its first ten characters: the place of a finding about
    /// the paragraph as a whole (a revision, a comment, a table of contents).
    private func openingLocation(_ paragraph: TNode) -> TemplateLocation {
        let text = Array(paragraph.paragraphTextNodes().map(\.elementText).joined().unicodeScalars)
        return location(paragraph, text: text, range: 0..<min(text.count, 10))
    }

    private func location(_ paragraph: TNode, text: [Unicode.Scalar], range: Range<Int>) -> TemplateLocation {
        let lower = max(0, range.lowerBound - 15), upper = min(text.count, range.upperBound + 15)
        var snippet = String(String.UnicodeScalarView(text[lower..<upper]))
        if lower > 0 { snippet = "…" + snippet }
        if upper < text.count { snippet += "…" }
        let t = tableStack.last
        let visible = tableStack.isEmpty && textBoxDepth == 0 ? visibleCounter : nil
        var place = TemplateLocation(part: partName, paragraph: paragraph.paragraphNumber,
                                     table: t?.table, row: t?.row, cell: t?.cell, snippet: snippet,
                                     visibleParagraph: visible, inTextBox: textBoxDepth > 0)
        if tableStack.count > 1 {
            let outer = tableStack[tableStack.count - 2]
            place.outerCell = "第 \(outer.table) 个表格 第 \(outer.row) 行 第 \(outer.cell) 列"
        }
        place.textBox = textBoxes.last?.number
        place.textBoxParagraph = t == nil ? textBoxes.last?.paragraphs : nil
        place.areaName = areaName
        return place
    }

    private mutating func lexParagraph(_ paragraph: TNode, inFallback: Bool) {
        let brokenBefore = openAtParagraphEnd
        openAtParagraphEnd = nil
        let pieces = paragraph.paragraphTextNodes()
        guard !pieces.isEmpty else { return }
        var scalars: [Unicode.Scalar] = []
        var starts: [Int] = []
        for piece in pieces {
            starts.append(scalars.count)
            scalars.append(contentsOf: piece.elementText.unicodeScalars)
        }
        // Braces of a mixed-width tag (`{{项目名称}｝`) are reported there once and are no
        // delimiters to the scan below, which would add "no close delimiter" for the same slip.
        // The tag as meant still stands in the structure (`{{#indicators｝｝` opens its section),
        // so its close tag is not reported as well.
        var scan = scalars
        var mixed: [Int: Range<Int>] = [:]
        var meant: [Int: Range<Int>] = [:]
        if !inFallback {
            for slip in findInputMethodSlips(paragraph, scalars) {
                mixed[slip.span.lowerBound] = slip.span
                meant[slip.span.lowerBound] = slip.inner
                for k in slip.span where scan[k] == "{" || scan[k] == "}" { scan[k] = "\u{FFFC}" }
            }
        }
        // Cheap exit: most paragraphs hold no delimiter at all.
        guard let firstOpen = open.first, let firstClose = close.first,
              scalars.contains(where: { $0 == firstOpen || $0 == firstClose }) else { return }

        var found: [Range<Int>] = []
        var i = 0
        while i < scan.count {
            if let span = mixed[i] {
                found.append(span)
                i = span.upperBound
            } else if matches(scan, i, open) {
                var j = i + open.count
                var end: Int?
                var reopened: Int?
                while j < scan.count {
                    if matches(scan, j, close) { end = j; break }
                    if matches(scan, j, open) { reopened = j; break }
                    j += 1
                }
                if let end {
                    found.append(i..<(end + close.count))
                    i = end + close.count
                } else {
                    let stop = reopened ?? scan.count
                    let single = singleCloseBrace(scan, from: i + open.count, to: stop)
                    if !inFallback, single?.spaced == true {
                        // `{{项目名称}　}`: E-TPL-023 (a space between the braces) says it all.
                    } else if !inFallback, let single {
                        let written = String(String.UnicodeScalarView(scan[i...single.at]))
                        errors.append(TemplateError(.unclosedTag, "标签 “\(written)” 末尾只有一个 “}”：标签用两个大括号结束，应写 \(written)}，请补上一个 “}”",
                                                    location: location(paragraph, text: scalars, range: i..<(single.at + 1)), tag: written))
                    } else if !inFallback {
                        if reopened == nil {
                            openAtParagraphEnd = (errors.count, String(String.UnicodeScalarView(scan[i...])))
                        }
                        errors.append(TemplateError(.unclosedTag, "标签 “\(delimiterDescription)” 只有开始定界符，在本段内没有结束定界符：一个标签要写在同一段里（中间不能按回车），请补上结束定界符，或把被回车断开的标签合回一段",
                                                    location: location(paragraph, text: scalars, range: i..<min(stop, i + open.count + 10)),
                                                    tag: String(String.UnicodeScalarView(scan[i..<min(stop, i + open.count + 20)]))))
                    }
                    i = stop
                }
            } else if close.count >= 2, matches(scan, i, close) {
                if !inFallback, found.isEmpty, let broken = brokenBefore,
                   !scan[..<i].contains(where: { $0 == open.first }) {
                    // The rest of the tag the previous paragraph left open: one message for both halves.
                    let tail = String(String.UnicodeScalarView(scan[...(i + close.count - 1)]))
                    let first = errors[broken.error]
                    errors[broken.error] = TemplateError(.unclosedTag, "标签被回车断开成两段：上一段末尾的 “\(broken.text)” 与本段开头的 “\(tail)”；一个标签要写在同一段里，请把它合回一段（删去中间的回车）",
                                                         location: first.location, tag: broken.text + tail)
                } else if !inFallback, spacedOpenBefore(scan, i) {
                    // `{ {项目名称}}`: E-TPL-023 (a space between the braces) says it all.
                } else if !inFallback, let single = singleOpenBrace(scan, before: i) {
                    let written = String(String.UnicodeScalarView(scan[single...(i + close.count - 1)]))
                    errors.append(TemplateError(.unopenedTag, "标签 “\(written)” 开头只有一个 “{”：标签用两个大括号开始，应写 {\(written)，请补上一个 “{”",
                                                location: location(paragraph, text: scalars, range: single..<(i + close.count)), tag: written))
                } else if !inFallback {
                    errors.append(TemplateError(.unopenedTag, "结束定界符 “\(String(String.UnicodeScalarView(close)))” 前面没有开始定界符：请删去多余的 “\(String(String.UnicodeScalarView(close)))”，或补上开始定界符（标签被回车断开时，把它合回一段）",
                                                location: location(paragraph, text: scalars, range: i..<(i + close.count))))
                }
                i += close.count
            } else {
                i += 1
            }
        }
        guard !found.isEmpty else { return }
        if !inFallback, pieces.count > 1 { noteBreaksInTags(paragraph, found: found, pieces: pieces, starts: starts, scalars: scalars) }

        // `found` is sorted and disjoint: every walk below advances one cursor through it, so a
        // paragraph of n characters and t tags costs O(n + t), not O(n·t).
        var nonSpace = false
        var cursor = 0
        for index in scalars.indices {
            while cursor < found.count, found[cursor].upperBound <= index { cursor += 1 }
            if cursor < found.count, found[cursor].contains(index) { continue }
            if !TagSyntax.isSpace(Character(scalars[index])) { nonSpace = true; break }
        }
        let alone = found.count == 1 && !nonSpace

        // Each tag's characters move into the `w:t` where it starts; the pieces of the other
        // runs disappear, so the output keeps the formatting of the run where the tag starts.
        var tagIDs: [Int] = []
        var owner = 0
        for range in found {
            let raw = String(String.UnicodeScalarView(scalars[range]))
            let innerRange = meant[range.lowerBound] ?? ((range.lowerBound + open.count)..<(range.upperBound - close.count))
            var inner = String(String.UnicodeScalarView(scalars[innerRange]))
            while owner + 1 < starts.count, starts[owner + 1] <= range.lowerBound { owner += 1 }
            let loc = location(paragraph, text: scalars, range: range)
            if let extra = extraBrace(inner: inner, after: range.upperBound, in: scalars) {
                if !inFallback { errors.append(TemplateError(.extraBrace, extra.message, location: loc, tag: extra.tag)) }
                // The tag as meant stands in the structure: one message, not a cascade.
                inner = extra.meant
            }
            if let invisible = InvisibleCharacters.strip(inner, open: delimiterOpen, close: delimiterClose) {
                if !inFallback { errors.append(TemplateError(.malformedTag, invisible.message, location: loc, tag: invisible.shown)) }
                inner = invisible.meant
            }
            var parsed: ParsedTag?
            switch TagSyntax.parse(inner) {
            case .success(let tag):
                // `{{项目名称｜upper}}` parses as one odd path: the full-width bar is the slip.
                if tag.kind != .block, let slip = InputMethodSlip.inside(inner) {
                    if !inFallback { errors.append(TemplateError(.fullWidthInTag, slip, location: loc, tag: raw)) }
                    parsed = try? TagSyntax.parse(InputMethodSlip.corrected(inner)).get()
                } else {
                    parsed = tag
                }
            case .failure(let problem):
                let slip = InputMethodSlip.inside(inner)
                if !inFallback {
                    errors.append(TemplateError(slip == nil ? problem.code : .fullWidthInTag, slip ?? problem.message, location: loc, tag: raw))
                }
                // The tag as meant stands in the structure, so one slip is one message.
                if slip != nil { parsed = try? TagSyntax.parse(InputMethodSlip.corrected(inner)).get() }
            }
            if !inFallback, parsed?.kind == .value,
               let linked = RunFormats.linkedPart(pieces: pieces, starts: starts, owner: owner, range: range, scalars: scalars) {
                errors.append(TemplateError(.mixedTagFormat,
                    "标签中 “\(linked.part)” 在超链接里，开头 “\(linked.start)” 不在：生成的值全部写在标签开头处，不带链接，报告中的超链接成了空的（看不到，也点不到）。"
                    + "要让值带链接，请选中整个标签（连同两边的大括号），右键“取消超链接”，再按 Ctrl+K 给整个标签插入链接；不要链接就只“取消超链接”",
                    location: loc, tag: raw))
            } else if !inFallback, parsed?.kind == .value,
               let mixed = RunFormats.mixed(pieces: pieces, starts: starts, owner: owner, range: range, scalars: scalars) {
                let what = mixed.differences.joined(separator: "、")
                errors.append(TemplateError(.mixedTagFormat,
                    "标签中 “\(mixed.part)” 的\(what)与开头 “\(mixed.start)” 不同：生成的值全部按标签开头的格式印出，“\(mixed.part)” 设置的格式不起作用。"
                    + "请选中整个标签（连同两边的大括号）统一设置格式", location: loc, tag: raw))
            }
            if !inFallback, parsed?.kind == .value, let row = paragraph.ancestor(w: "tr"), !fixedRowsSaid.contains(ObjectIdentifier(row)),
               let height = Self.exactHeight(row) {
                // W-TPL-020: Word cuts what does not fit a row of fixed height.
                fixedRowsSaid.insert(ObjectIdentifier(row))
                let centimetres = (Double(height) / 567 * 100).rounded() / 100
                errors.append(TemplateError(.fixedRowHeight,
                    "这一行设了固定行高（\(centimetres) 厘米）：填入的文字一行放不下时，超出的部分不会印出（Word、LibreOffice 都截去）。"
                    + "请选中这一行，在“表格属性 → 行”中把“行高值是”改为“最小值”（WPS：“表格属性 → 行 → 行高”选“最小值”），再检查", location: loc, tag: raw))
            }
            // W-TPL-019: the value takes the hidden text's formatting and prints nowhere.
            if !inFallback, parsed?.kind == .value || parsed?.kind == .image, RunFormats.visible(pieces[owner])["vanish"] != nil {
                errors.append(TemplateError(.hiddenTag,
                    "标签设成了隐藏文字（字体 → 效果 → 隐藏）：生成的值同样是隐藏的，报告中看不到，也不会印出。"
                    + "请选中这个标签，在“开始 → 字体”对话框（Ctrl+D）中取消勾选“隐藏”；若确实不要印出这个值，请删去这个标签", location: loc, tag: raw))
            }
            tagIDs.append(tags.count)
            tags.append(TagOccurrence(raw: raw, parsed: parsed, paragraph: paragraph, textNode: pieces[owner],
                                      location: loc, alone: alone, inFallback: inFallback, besideText: nonSpace))
        }
        var first = 0  // the first tag not wholly before the current piece
        for (index, piece) in pieces.enumerated() {
            let start = starts[index]
            let end = index + 1 < starts.count ? starts[index + 1] : scalars.count
            while first < found.count, found[first].upperBound <= start { first += 1 }
            guard first < found.count, found[first].lowerBound < end else { continue }
            var segments: [TNode.Segment] = []
            var buffer = String.UnicodeScalarView()
            var k = start
            var t = first
            while k < end {
                while t < found.count, found[t].upperBound <= k { t += 1 }
                if t < found.count, found[t].contains(k) {
                    if found[t].lowerBound == k {
                        if !buffer.isEmpty { segments.append(.text(String(buffer))); buffer = .init() }
                        segments.append(.tag(tagIDs[t]))
                    }
                    k = min(end, found[t].upperBound)
                } else {
                    buffer.append(scalars[k])
                    k += 1
                }
            }
            if !buffer.isEmpty { segments.append(.text(String(buffer))) }
            piece.segments = segments
        }
    }

    /// A row's height in twips when Word holds it fixed (`w:trHeight w:hRule="exact"`).
    static func exactHeight(_ row: TNode) -> Int? {
        guard let height = row.firstChild(w: "trPr")?.firstChild(w: "trHeight"),
              height.attributes.contains(where: { $0.name == "w:hRule" && $0.value == "exact" }) else { return nil }
        return height.attributes.first { $0.name == "w:val" }.flatMap { Int($0.value) } ?? 0
    }

    /// E-TPL-040 (`TagBreaks`), once a tag. The tag still stands in the structure as read.
    private mutating func noteBreaksInTags(_ paragraph: TNode, found: [Range<Int>], pieces: [TNode], starts: [Int], scalars: [Unicode.Scalar]) {
        let breaks = TagBreaks.find(in: paragraph, pieces: pieces, starts: starts, length: scalars.count)
        guard !breaks.isEmpty else { return }
        var b = 0
        for range in found {
            while b < breaks.count, breaks[b].offset <= range.lowerBound { b += 1 }
            var inside: [(offset: Int, kind: TagBreaks.Kind)] = []
            while b < breaks.count, breaks[b].offset < range.upperBound { inside.append(breaks[b]); b += 1 }
            guard !inside.isEmpty else { continue }
            let said = TagBreaks.message(tag: scalars[range], breaks: inside)
            errors.append(TemplateError(.breakInTag, said.message, location: location(paragraph, text: scalars, range: range), tag: said.tag))
        }
    }

    /// The tags of a hyperlink's address (`https://example.gov.cn/{{project.id}}`): only value
    /// tags can stand there. They count as tags of the link's paragraph.
    private mutating func lexLink(_ link: TNode, target: String, inFallback: Bool) {
        guard let paragraph = link.ancestor(w: "p") else { return }
        let scalars = Array(target.unicodeScalars)
        var pieces: [TNode.LinkPiece] = []
        var literal = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            guard matches(scalars, i, open), let end = (i + open.count..<scalars.count).first(where: { matches(scalars, $0, close) }) else {
                literal.append(scalars[i])
                i += 1
                continue
            }
            if !literal.isEmpty { pieces.append(.text(String(literal))); literal = .init() }
            let raw = String(String.UnicodeScalarView(scalars[i..<(end + close.count)]))
            let inner = String(String.UnicodeScalarView(scalars[(i + open.count)..<end]))
            var place = location(paragraph, text: scalars, range: i..<(end + close.count))
            place.snippet = "超链接地址 " + target
            var parsed: ParsedTag?
            switch TagSyntax.parse(inner) {
            case .success(let tag) where tag.kind == .value:
                parsed = tag
            case .success:
                if !inFallback {
                    errors.append(TemplateError(.hyperlinkTag, "超链接地址中只能写取值标签（如 {{project.url}}），不能写区段、图片或块标签", location: place, tag: raw))
                }
            case .failure(let problem):
                if !inFallback { errors.append(TemplateError(problem.code, problem.message, location: place, tag: raw)) }
            }
            pieces.append(.tag(tags.count))
            tags.append(TagOccurrence(raw: raw, parsed: parsed, paragraph: paragraph, textNode: link,
                                      location: place, alone: false, inFallback: inFallback))
            i = end + close.count
        }
        if !literal.isEmpty { pieces.append(.text(String(literal))) }
        link.linkPieces = pieces
        paragraph.holdsTemplatedLink = true
    }

    /// Tags typed with a Chinese input method: full-width braces (`｛｛项目名称｝｝`, `{｛`) and
    /// delimiters with a space inside (`{ {`). They are not tags, so without this they would
    /// stay in the document as typed. Only for the standard `{{ }}` delimiters.
    /// Reports the full-width characters a Chinese input method typed for braces; returns the
    /// spans of tags written with braces of both widths, reported here alone.
    private mutating func findInputMethodSlips(_ paragraph: TNode, _ scalars: [Unicode.Scalar]) -> [(span: Range<Int>, inner: Range<Int>)] {
        guard open == ["{", "{"], close == ["}", "}"] else { return [] }
        let fullOpen: Unicode.Scalar = "\u{FF5B}", fullClose: Unicode.Scalar = "\u{FF5D}"
        func isBrace(_ c: Unicode.Scalar) -> Bool { c == "{" || c == fullOpen }
        func isCloseBrace(_ c: Unicode.Scalar) -> Bool { c == "}" || c == fullClose }
        var spacedOpen = false
        var mixed: [(span: Range<Int>, inner: Range<Int>)] = []
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            // `{{实施单位】`, `{{实施单位】】`, `【【实施单位}}`, `{{实施单位]]`: a bracket typed for a brace.
            if let slip = BracketSlip.find(scalars, at: i) {
                let written = String(String.UnicodeScalarView(scalars[slip.span]))
                let inner = String(String.UnicodeScalarView(scalars[slip.inner]))
                let place = location(paragraph, text: scalars, range: slip.span)
                if slip.hasBrace {
                    errors.append(TemplateError(.fullWidthInTag, BracketSlip.message(written: written, inner: inner, wrong: slip.wrong, closes: slip.closes),
                                                location: place, tag: written))
                    mixed.append((slip.span, slip.inner))
                } else {
                    errors.append(TemplateError(.lookalikeTag, BracketSlip.lookalikeMessage(written: written, inner: inner, wrong: slip.wrong), location: place, tag: written))
                }
                i = slip.span.upperBound
                continue
            }
            // `{实施单位}`: one brace each side, a tag's inside between them.
            if let single = BracketSlip.singleBraces(scalars, at: i) {
                let written = String(String.UnicodeScalarView(scalars[single]))
                errors.append(TemplateError(.lookalikeTag, BracketSlip.singleBraceMessage(written: written),
                                            location: location(paragraph, text: scalars, range: single), tag: written))
                i = single.upperBound
                continue
            }
            // `{{项目名称}｝`, `｛{项目名称}}`, `{{项目名称｝｝`: two braces each side, of both widths.
            if isBrace(c), i + 1 < scalars.count, isBrace(scalars[i + 1]) {
                var end = i + 2
                while end < scalars.count, !isBrace(scalars[end]), !isCloseBrace(scalars[end]) { end += 1 }
                if end > i + 2, end + 1 < scalars.count, isCloseBrace(scalars[end]), isCloseBrace(scalars[end + 1]) {
                    let braces = [scalars[i], scalars[i + 1], scalars[end], scalars[end + 1]]
                    let wide = braces.filter { $0 == fullOpen || $0 == fullClose }.count
                    if wide > 0, wide < 4 {
                        let written = String(String.UnicodeScalarView(scalars[i...(end + 1)]))
                        let inner = String(String.UnicodeScalarView(scalars[(i + 2)..<end]))
                        let which = braces.filter { $0 == fullOpen || $0 == fullClose }.map { String($0) }.joined()
                        errors.append(TemplateError(.fullWidthInTag,
                            "标签 “\(written)” 中的 “\(which)” 是全角大括号，这个标签不成立，会原样印出：请切换到英文输入法（或按 Shift 切换中英文），"
                            + "把全角的大括号改为半角，应写 {{\(inner)}}",
                            location: location(paragraph, text: scalars, range: i..<(end + 2)), tag: written))
                        mixed.append((i..<(end + 2), (i + 2)..<end))
                        i = end + 2
                        continue
                    }
                }
            }
            if c == fullOpen {
                let double = (i + 1 < scalars.count && isBrace(scalars[i + 1])) || (i > 0 && scalars[i - 1] == "{")
                var end = i + 1
                while end < scalars.count, scalars[end] != fullClose, scalars[end] != "}" { end += 1 }
                while end < scalars.count, scalars[end] == fullClose || scalars[end] == "}" { end += 1 }
                let start = i > 0 && scalars[i - 1] == "{" ? i - 1 : i
                let text = String(String.UnicodeScalarView(scalars[start..<min(end, scalars.count)]))
                if double {
                    errors.append(TemplateError(.fullWidthInTag, InputMethodSlip.braces, location: location(paragraph, text: scalars, range: start..<end), tag: text))
                } else {
                    errors.append(TemplateError(.lookalikeTag, "这里有全角大括号“｛ ｝”；它不是标签，会原样印出。如果想写标签，请切换到英文输入法输入半角 {{ }}",
                                                location: location(paragraph, text: scalars, range: start..<end), tag: text))
                }
                i = max(end, i + 1)
                continue
            }
            if c == "{" || c == "}" {
                var j = i + 1
                while j < scalars.count, TagSyntax.isSpace(Character(scalars[j])) { j += 1 }
                if j > i + 1, j < scalars.count, scalars[j] == c, !(c == "}" && spacedOpen) {
                    spacedOpen = spacedOpen || c == "{"
                    let pair = c == "{" ? "{{" : "}}"
                    errors.append(TemplateError(.fullWidthInTag, "定界符 “\(c)\(" ")\(c)” 中间有空格（或全角空格），应连写为 \(pair)；请在英文输入法下输入，不要在两个大括号之间按空格",
                                                location: location(paragraph, text: scalars, range: i..<(j + 1)),
                                                tag: String(String.UnicodeScalarView(scalars[i...j]))))
                    i = j + 1
                    continue
                }
            }
            i += 1
        }
        return mixed
    }

    /// `{{项目名称}` (one close brace): where the lone `}` stands, and whether a space and a second
    /// `}` follow (`{{项目名称}　}`, reported as a spaced delimiter). Only for the standard `{{ }}`.
    private func singleCloseBrace(_ scalars: [Unicode.Scalar], from start: Int, to stop: Int) -> (at: Int, spaced: Bool)? {
        guard open == ["{", "{"], close == ["}", "}"],
              let at = (start..<stop).first(where: { scalars[$0] == "}" }) else { return nil }
        var next = at + 1
        while next < stop, TagSyntax.isSpace(Character(scalars[next])) { next += 1 }
        return (at, next > at + 1 && next < stop && scalars[next] == "}")
    }

    /// `{项目名称}}` (one open brace): where the lone `{` before the close delimiter at `end`
    /// stands, when the text between holds no brace. Only for the standard `{{ }}`.
    private func singleOpenBrace(_ scalars: [Unicode.Scalar], before end: Int) -> Int? {
        guard open == ["{", "{"], close == ["}", "}"],
              let brace = scalars[..<end].lastIndex(where: { $0 == "{" || $0 == "}" }), scalars[brace] == "{",
              brace == 0 || scalars[brace - 1] != "{" else { return nil }
        return brace
    }

    /// `{ {项目名称}}`: the close delimiter at `end` follows an open delimiter typed with a space
    /// inside. Only for the standard `{{ }}`.
    private func spacedOpenBefore(_ scalars: [Unicode.Scalar], _ end: Int) -> Bool {
        guard open == ["{", "{"], close == ["}", "}"],
              let brace = scalars[..<end].lastIndex(of: "{"), brace > 0 else { return false }
        var k = brace - 1
        while k >= 0, TagSyntax.isSpace(Character(scalars[k])) { k -= 1 }
        return k >= 0 && k < brace - 1 && scalars[k] == "{"
    }

    /// A third brace typed next to a tag (`{{{项目名称}}`, `{{项目名称}}}`, mustache's `{{{x}}}`):
    /// the message, the tag as written and its inside as meant. Only for the standard `{{ }}`.
    private func extraBrace(inner: String, after end: Int, in scalars: [Unicode.Scalar])
        -> (message: String, tag: String, meant: String)? {
        guard open == ["{", "{"], close == ["}", "}"] else { return nil }
        let meant = String(inner.drop { $0 == "{" })
        let before = inner.count - meant.count
        var after = 0
        while end + after < scalars.count, scalars[end + after] == "}" { after += 1 }
        guard before > 0 || after > 0 else { return nil }
        let right = "{{" + meant.trimmingCharacters(in: .whitespaces) + "}}"
        let written = String(repeating: "{", count: 2 + before) + meant + String(repeating: "}", count: 2 + after)
        let message: String
        switch (before > 0, after > 0) {
        case (true, true):
            message = "标签用了三个大括号：标签只用两个大括号，应写 \(right)；请删去多余的 “\(String(repeating: "{", count: before))” 和 “\(String(repeating: "}", count: after))”"
        case (true, false):
            message = "标签前面多了 “\(String(repeating: "{", count: before))”：标签只用两个大括号，应写 \(right)；请删去多余的 “{”"
        default:
            message = "标签后面多了 “\(String(repeating: "}", count: after))”，它会原样印在文档里：标签只用两个大括号，应写 \(right)；请删去多余的 “}”"
        }
        return (message, written, meant)
    }

    private var delimiterOpen: String { String(String.UnicodeScalarView(open)) }
    private var delimiterClose: String { String(String.UnicodeScalarView(close)) }

    private var delimiterDescription: String {
        String(String.UnicodeScalarView(open)) + "…" + String(String.UnicodeScalarView(close))
    }
}
