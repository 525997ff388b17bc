import OOXML

/// Emission: the part's tree written as literal bytes and operations, sections, merged
/// cells and paragraph values cut out where the placement pass put them.
extension Compiler {
    private mutating func beginSection(_ id: Int, _ builder: inout ProgramBuilder) {
        builder.push(.section(id), location: program.sections[id].location)
        if !program.sections[id].inverted {
            if repeatDepth == 0 { repeatRegion += 1 }
            repeatDepth += 1
        }
    }

    private mutating func endSection(_ id: Int, _ builder: inout ProgramBuilder) {
        if !program.sections[id].inverted { repeatDepth = max(0, repeatDepth - 1) }
        guard let open = builder.pop() else { return }
        guard case .section(let openID) = open.kind, openID == id else {
            errors.append(TemplateError(.incompatiblePlacement, "区段的重复范围与其他区段交叉（例如两个区段共用一行却不嵌套），无法生成",
                                        location: program.sections[id].location))
            return
        }
        program.sections[id].body = open.ops
        builder.append(.section(id))
    }

    private func startTag(_ node: TNode) -> [UInt8] {
        var out = XMLOutput()
        var attributes = node.attributes
        if repeatDepth > 0, node.isW("p") {
            // Word wants paragraph ids unique; copies of a repeated paragraph would share them.
            attributes.removeAll { $0.name.hasSuffix(":paraId") || $0.name.hasSuffix(":textId") }
        }
        if node.isW("t"), node.segments != nil, !attributes.contains(where: { $0.name == "xml:space" }) {
            attributes.append(XMLAttribute("xml:space", "preserve"))
        }
        out.writeStartTag(XMLElement(name: node.name, attributes: attributes))
        return out.bytes
    }

    /// Start tags from just below the paragraph down to the `w:t` (with the run's
    /// properties), and the matching end tags.
    private func chain(_ text: TNode) -> (open: [UInt8], close: [UInt8]) {
        var list: [TNode] = []
        var next: TNode? = text
        while let current = next, !current.isW("p") { list.append(current); next = current.parent }
        var open: [UInt8] = [], close: [UInt8] = []
        for node in list.reversed() {
            open += startTag(node)
            if node.isW("r"), let rPr = node.firstChild(w: "rPr") {
                var out = XMLOutput()
                rPr.serialized(into: &out)
                open += out.bytes
            }
        }
        for node in list { close += Array("</\(node.name)>".utf8) }
        return (open, close)
    }

    private func keeperParagraph(_ paragraph: TNode) -> [UInt8]? {
        guard paragraph.carriesSectionBreak, let pPr = paragraph.firstChild(w: "pPr") else { return nil }
        var out = XMLOutput()
        out.append("<\(paragraph.name)>")
        pPr.serialized(into: &out)
        out.append("</\(paragraph.name)>")
        return out.bytes
    }

    private static let blockNames: Set<String> = ["p", "tbl", "sdt"]

    /// Marks whose name or id must be unique in a document, left out of repeated sections.
    private static let uniqueMarks: Set<String> = ["bookmarkStart", "bookmarkEnd", "permStart", "permEnd",
                                                   "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd"]

    private func previousBlock(_ node: TNode) -> TNode? {
        guard let parent = node.parent, let i = parent.children.firstIndex(where: { $0 === node }) else { return nil }
        return parent.children[..<i].last { $0.w.map(Self.blockNames.contains) ?? false }
    }

    /// A cell must end with a paragraph: when a paragraph loop closes a cell, remember
    /// whether an empty paragraph must stand in for what the loop may not produce.
    private mutating func prepareKeeper(section id: Int, closeParagraph pc: TNode, _ builder: inout ProgramBuilder) {
        guard program.sections[id].placement == .paragraphs, let tc = pc.parent, tc.isW("tc"),
              tc.children.last(where: { $0.w.map(Self.blockNames.contains) ?? false }) === pc else { return }
        let po = tags[sectionOpenTag[id]].paragraph
        let beforeOpen = previousBlock(po)
        let whenEmpty = !(beforeOpen?.isW("p") ?? false)
        let last = previousBlock(pc)
        let whenRendered = last === po ? whenEmpty : !(last?.isW("p") ?? false)
        var out = XMLOutput()
        out.append("<\(pc.name)>")
        if let pPr = pc.firstChild(w: "pPr") { out.append(pPr.serializedString(dropping: "sectPr")) }
        out.append("</\(pc.name)>")
        program.sections[id].keeper = builder.side(out.bytes)
        program.sections[id].keeperWhenEmpty = whenEmpty
        program.sections[id].keeperWhenRendered = whenRendered
    }

    mutating func emit(_ node: TNode, _ builder: inout ProgramBuilder) {
        switch node.kind {
        case .text:
            var out = XMLOutput()
            out.appendEscapedText(node.text)
            builder.literal(out.bytes)
            return
        case .other:
            var out = XMLOutput()
            if let other = node.other { out.write(other) }
            builder.literal(out.bytes)
            return
        case .element:
            break
        }
        let marked = marks[ObjectIdentifier(node)]
        // Bookmark names and ids must be unique in a document: repeated copies would clash, so
        // bookmarks inside a repeating section are left out. So are the editable ranges of
        // WPS/Word 限制编辑 (`w:permStart`/`w:permEnd`, ids unique too), which a cell of the
        // indicator row carried into every copy with one id (staff review 10), and the range
        // marks of a move made with 修订 on (named and paired like bookmarks).
        if repeatDepth > 0, marked == nil, let w = node.w, Self.uniqueMarks.contains(w) { return }
        if let marked { for id in marked.endBefore { prepareKeeper(section: id, closeParagraph: node, &builder); endSection(id, &builder) } }
        if let marked { for id in marked.beginBefore { beginSection(id, &builder) } }

        switch node.paragraphRole {
        case .sectionTag:
            if let keeper = keeperParagraph(node) { builder.literal(keeper) }
        case .block(let index):
            builder.op(.block(index))
            if let keeper = keeperParagraph(node) { builder.literal(keeper) }
        case .valueParagraph(let tag):
            emitValueParagraph(node, tag: tag, &builder)
        case .normal:
            let fits = node.isW("tbl") && Self.holdsLabelColumn(node)
            if fits { builder.op(.fitStart(Self.tableCellMargins(of: node, styles: styles))) }
            defer { if fits { builder.op(.fitEnd) } }
            if node.isW("tc"), let expression = node.mergeTag {
                emitMergeCell(node, expression: expression, &builder)
            } else if node.isW("tc"), node.spansLoop {
                emitMergeCell(node, expression: nil, &builder)
            } else if node.isW("tbl"), case let rows = node.children.filter({ $0.isW("tr") }), !rows.isEmpty,
                      rows.allSatisfy({ rowsInLoops.contains(ObjectIdentifier($0)) }) {
                builder.push(.table, location: nil)
                emitElement(node, &builder)
                if let open = builder.pop() {
                    program.optionalTables.append(open.ops)
                    let siblings = node.parent?.children.filter { $0.kind == .element } ?? []
                    let previous = siblings.firstIndex { $0 === node }.flatMap { $0 > 0 ? siblings[$0 - 1] : nil }
                    let endsCell = node.parent?.isW("tc") == true && siblings.last === node && previous?.isW("p") != true
                    program.optionalTableEndsCell.append(endsCell)
                    builder.append(.optionalTable(program.optionalTables.count - 1))
                }
            } else {
                emitElement(node, &builder)
            }
        }

        if let marked { for id in marked.endAfter { endSection(id, &builder) } }
        if let marked { for id in marked.beginAfter { beginSection(id, &builder) } }
    }

    private mutating func emitElement(_ node: TNode, _ builder: inout ProgramBuilder) {
        if let pieces = node.linkPieces, let at = node.attributes.firstIndex(where: TNode.isRelationshipID) {
            emitLink(node, pieces: pieces, relationshipAttribute: at, &builder)
            return
        }
        if repeatDepth > 0, node.isDrawingProperties, let at = node.attributes.firstIndex(where: { $0.name == "id" }) {
            emitFreshID(node, idAttribute: at, op: Program.Op.drawingID, &builder)
            return
        }
        if repeatDepth > 0, node.isW("id"), node.parent?.isW("sdtPr") == true, node.children.isEmpty,
           let at = node.attributes.firstIndex(where: { $0.name == "w:val" }), Int(node.attributes[at].value) != nil {
            // A content control in a repeated section: one id per copy (c42 of staff review 8).
            emitFreshID(node, idAttribute: at, op: { .controlID($0, .control) }, &builder)
            return
        }
        if let kind = node.w.flatMap({ Self.commentAnchors[$0] }),
           let at = node.attributes.firstIndex(where: { $0.name == "w:id" }), let original = Int(node.attributes[at].value) {
            // A comment anchored in a repeated section: every copy named the one comment, and Word
            // wants a comment's anchors once (staff review 12). Each copy's anchors take an id of
            // their own and a copy of the comment (`RenderAttachments.commentID`), unless the
            // comment also has anchors outside the section (`Program.keptCommentIDs`).
            commentRegions[original, default: []].insert(repeatDepth > 0 ? repeatRegion : 0)
            if repeatDepth > 0 {
                emitFreshID(node, idAttribute: at, op: { .controlID($0, kind) }, &builder)
                return
            }
        }
        if repeatDepth > 0, let w = node.w, Self.revisionMarks.contains(w),
           let at = node.attributes.firstIndex(where: { $0.name == "w:id" }), Int(node.attributes[at].value) != nil {
            // A tracked change in a repeated section: every copy carried the template's id, and
            // Word wants one revision per id (staff review 11). W-TPL-014 still says to accept it.
            emitFreshID(node, idAttribute: at, op: { .controlID($0, .control) }, &builder)
            return
        }
        if node.children.isEmpty, node.segments == nil {
            var out = XMLOutput()
            out.writeStartTag(XMLElement(name: node.name, attributes: node.attributes), selfClosing: true)
            builder.literal(out.bytes)
            return
        }
        builder.literal(startTag(node))
        if let segments = node.segments {
            for segment in segments {
                switch segment {
                case .text(let text):
                    var out = XMLOutput()
                    out.appendEscapedText(text)
                    builder.literal(out.bytes)
                case .tag(let id):
                    emitTag(id, &builder)
                }
            }
        } else {
            for child in node.children { emit(child, &builder) }
        }
        builder.literal(Array("</\(node.name)>".utf8))
    }

    /// Tracked changes Word numbers (`w:id`), each a revision of its own; the range marks of a
    /// move (`w:moveFromRangeStart`…), paired by id and named like bookmarks, are left out of
    /// repeated sections with the bookmarks instead.
    static let revisionMarks: Set<String> = Lexer.revisionElements.union(Lexer.tableRevisionElements).union(["numberingChange"])

    /// A comment's anchors: where its range starts and ends, and the run showing its mark.
    static let commentAnchors: [String: Program.FreshID] = ["commentRangeStart": .commentStart, "commentRangeEnd": .commentEnd,
                                                             "commentReference": .commentReference]

    /// An element in a repeated section whose id (`attributes[at]`: a `wp:docPr`'s `id`, a
    /// content control's `w:val`, a tracked change's `w:id`) is given at render time, one per
    /// copy, by `op` from the template's id.
    private mutating func emitFreshID(_ node: TNode, idAttribute at: Int, op: (Int) -> Program.Op, _ builder: inout ProgramBuilder) {
        var attributes = node.attributes
        let attribute = attributes.remove(at: at)
        let original = Int(attribute.value) ?? 0
        var out = XMLOutput()
        out.writeStartTag(XMLElement(name: node.name, attributes: attributes), selfClosing: node.children.isEmpty)
        // `<wp:docPr` then the id, then the other attributes and the rest of the start tag.
        let head = 1 + node.name.utf8.count
        builder.literal(Array(out.bytes[..<head]) + Array(" \(attribute.name)=\"".utf8))
        builder.op(op(original))
        builder.literal(Array("\"".utf8) + Array(out.bytes[head...]))
        guard !node.children.isEmpty else { return }
        for child in node.children { emit(child, &builder) }
        builder.literal(Array("</\(node.name)>".utf8))
    }

    private mutating func emitTag(_ id: Int, _ builder: inout ProgramBuilder) {
        switch roles[id] {
        case .value(let expression):
            builder.op(.value(expression))
        case .image(let image):
            if let run = tags[id].textNode.parent, run.isW("r") {
                var properties = XMLOutput()
                run.firstChild(w: "rPr")?.serialized(into: &properties)
                let start = startTag(run) + properties.bytes
                program.images[image].openRun = builder.side(Array("</w:t></\(run.name)>".utf8) + start)
                program.images[image].closeRun = builder.side(Array("</\(run.name)>".utf8) + start + Array("<w:t xml:space=\"preserve\">".utf8))
            } else {
                program.images[image].openRun = builder.side(Array("</w:t>".utf8))
                program.images[image].closeRun = builder.side(Array("<w:t xml:space=\"preserve\">".utf8))
            }
            builder.op(.image(image))
        case .inlineOpen(let section):
            let opening = chain(tags[sectionOpenTag[section]].textNode)
            let closing = chain(tags[sectionCloseTag[section]].textNode)
            program.sections[section].between = builder.side(closing.close + opening.open)
            program.sections[section].whenEmpty = builder.side(opening.close + closing.open)
            beginSection(section, &builder)
        case .inlineClose(let section):
            endSection(section, &builder)
        case .paragraphValueSplit:
            valueSplit = builder.arena.count
        case .none, .removed:
            break
        }
    }

    /// A hyperlink whose address holds tags: its relationship id is written when rendered
    /// (one relationship per address, `Renderer.runLink`), the rest of the element as it stands.
    private mutating func emitLink(_ node: TNode, pieces: [TNode.LinkPiece], relationshipAttribute at: Int, _ builder: inout ProgramBuilder) {
        var attributes = node.attributes
        let name = attributes.remove(at: at).name
        var out = XMLOutput()
        out.writeStartTag(XMLElement(name: node.name, attributes: attributes))
        var start = out.bytes
        if start.last == UInt8(ascii: ">") { start.removeLast() }
        builder.literal(start + Array(" \(name)=\"".utf8))
        program.links.append(pieces.map { piece in
            switch piece {
            case .text(let text): return .text(text)
            case .tag(let id):
                if case .value(let expression) = roles[id] { return .value(expression) }
                return .text("")
            }
        })
        builder.op(.link(program.links.count - 1))
        builder.literal(Array("\">".utf8))
        for child in node.children { emit(child, &builder) }
        builder.literal(Array("</\(node.name)>".utf8))
    }

    /// A paragraph that holds only a value tag: its bytes before and after the tag become the
    /// prefix and suffix that a multi-line value repeats around each of its lines.
    private mutating func emitValueParagraph(_ paragraph: TNode, tag: Int, _ builder: inout ProgramBuilder) {
        guard case .value(let expression) = roles[tag] else { emitElement(paragraph, &builder); return }
        builder.flush()
        let start = builder.arena.count
        roles[tag] = .paragraphValueSplit
        valueSplit = nil
        emitElement(paragraph, &builder)
        let end = builder.arena.count
        builder.pending = end
        guard let split = valueSplit else { return }
        program.paragraphValues.append(Program.ParagraphValue(expression: expression, prefix: Int32(start)..<Int32(split),
                                                              suffix: Int32(split)..<Int32(end)))
        builder.append(.paragraphValue(program.paragraphValues.count - 1))
    }

    /// Element order inside `w:tcPr` (ECMA-376 §17.4.66): `w:vMerge` follows these.
    private static let beforeVMerge: Set<String> = ["cnfStyle", "tcW", "gridSpan", "hMerge"]

    /// `expression` nil: the cell spans its loop's rows (`TNode.spansLoop`).
    /// Left plus right margin of a cell: its own `w:tcMar`, else its table's `w:tblCellMar`,
    /// else its table style's.
    static func cellMargins(of tc: TNode, styles: StyleCatalog) -> Int {
        if let own = horizontalMargins(tc.firstChild(w: "tcPr"), "tcMar") { return own }
        return tableCellMargins(of: tc.parent?.parent, styles: styles)
    }

    /// Left plus right margin of a table's cells: its `w:tblCellMar`, else its table style's.
    static func tableCellMargins(of table: TNode?, styles: StyleCatalog) -> Int {
        let tblPr = table?.firstChild(w: "tblPr")
        if let direct = horizontalMargins(tblPr, "tblCellMar") { return direct }
        let style = tblPr?.firstChild(w: "tblStyle")?.attributes.first { $0.name == "w:val" }?.value
        return styles.cellMargins(tableStyle: style)
    }

    /// Left plus right of the margins element `name` in `holder` (a side it leaves out: Word's 108).
    private static func horizontalMargins(_ holder: TNode?, _ name: String) -> Int? {
        guard let mar = holder?.firstChild(w: name) else { return nil }
        func side(_ names: [String]) -> Int? {
            for n in names {
                if let e = mar.firstChild(w: n), let w = e.attributes.first(where: { $0.name == "w:w" }).flatMap({ Int($0.value) }),
                   (e.attributes.first { $0.name == "w:type" }?.value ?? "dxa") == "dxa" { return w }
            }
            return nil
        }
        let left = side(["left", "start"]), right = side(["right", "end"])
        guard left != nil || right != nil else { return nil }
        return (left ?? 108) + (right ?? 108)
    }

    /// Whether a table has a `| merge` cell of its own (not one of a table nested in it).
    static func holdsLabelColumn(_ table: TNode) -> Bool {
        func search(_ node: TNode) -> Bool {
            node.children.contains { child in
                child.kind == .element && !child.isW("tbl") && ((child.isW("tc") && child.mergeTag != nil) || search(child))
            }
        }
        return search(table)
    }

    private mutating func emitMergeCell(_ tc: TNode, expression: Int?, _ builder: inout ProgramBuilder) {
        builder.literal(startTag(tc))
        let tcPr = tc.firstChild(w: "tcPr")
        var prefix = XMLOutput(), suffix = XMLOutput()
        if let tcPr {
            prefix.writeStartTag(XMLElement(name: tcPr.name, attributes: tcPr.attributes))
            for child in tcPr.children where !child.isW("vMerge") {
                if let name = child.w, Self.beforeVMerge.contains(name) { child.serialized(into: &prefix) } else { child.serialized(into: &suffix) }
            }
            suffix.append("</\(tcPr.name)>")
        } else {
            prefix.append("<w:tcPr>")
            suffix.append("</w:tcPr>")
        }
        var empty = XMLOutput()
        empty.append("<w:p>")
        if let pPr = tc.firstChild(w: "p")?.firstChild(w: "pPr") { empty.append(pPr.serializedString(dropping: "sectPr")) }
        empty.append("</w:p>")
        let index = program.mergeCells.count
        let width = tcPr?.firstChild(w: "tcW").flatMap { w -> Int? in
            let type = w.attributes.first { $0.name == "w:type" }?.value
            guard type == nil || type == "dxa" else { return nil }
            return w.attributes.first { $0.name == "w:w" }.flatMap { Int($0.value) }
        }
        program.mergeCells.append(Program.MergeCell(expression: expression, tcPrPrefix: builder.side(prefix.bytes),
                                                    tcPrSuffix: builder.side(suffix.bytes), emptyContent: builder.side(empty.bytes),
                                                    width: width, margins: Self.cellMargins(of: tc, styles: styles)))
        // The innermost open row loop resets this cell's memory when it starts.
        if let section = builder.stack.reversed().compactMap({ open -> Int? in
            if case .section(let id) = open.kind, program.sections[id].placement == .rows { return id }
            return nil
        }).first {
            program.sections[section].mergeCells.append(index)
        }
        builder.push(.merge(index), location: nil)
        for child in tc.children where !(child === tcPr) { emit(child, &builder) }
        if let open = builder.pop() {
            program.mergeCells[index].body = open.ops
        }
        builder.append(.mergeCell(index))
        builder.literal(Array("</\(tc.name)>".utf8))
    }
}
