import ErrorCodes
import TextFormats
import JSONValue
import OOXML

public typealias JSONValueType = JSONValue

struct Compiler {
    let partName: String
    let options: TemplateOptions
    let styles: StyleCatalog
    var errors: [TemplateError] = []
    var tags: [TagOccurrence] = []
    /// How many repeating (not inverted) sections enclose what is being emitted.
    var repeatDepth = 0
    /// The outermost repeated section being emitted, counted from 1 (0: none), and the ones
    /// each comment id has anchors in (0: outside every one), for `Program.keptCommentIDs`.
    var repeatRegion = 0
    var commentRegions: [Int: Set<Int>] = [:]
    /// Where, in the arena, the tag of the paragraph value being emitted stands.
    var valueSplit: Int?
    var fields: [TemplateField] = []
    /// Hyperlink relationship id → target holding tags (see `Lexer.links`).
    var links: [String: String] = [:]
    /// Chart and SmartArt texts holding a delimiter, by relationship id (see `Lexer.objectTexts`).
    var objectTexts: [String: [String]] = [:]
    /// The part's name in Word when its file name does not say (`HeaderFooterNames`).
    var areaName: String?
    /// The text width of the body's last section (nil: none), the measure of generated prose.
    var textWidth: Int?
    /// The part's tree, for the hints of W-TPL-026 (`StyleClues`).
    var documentRoot: XMLElement?

    enum TagRole {
        case none
        case value(Int)
        case inlineOpen(Int)
        case inlineClose(Int)
        case removed
        case paragraphValueSplit
        case image(Int)
    }
    var roles: [TagRole] = []
    var program = Program()
    var sectionOpenTag: [Int] = []
    /// Row sections over Word's header rows, by their open tag (`noteHeaderRows`).
    var headerRowsOf: [Int: TemplateField.HeaderRows] = [:]
    var sectionCloseTag: [Int] = []
    /// The first footnote or endnote reference inside each section, by section (`RepeatedNotes`).
    var notesInSections: [Int: RepeatedNotes.Note] = [:]

    struct Marks {
        var beginBefore: [Int] = []
        var beginAfter: [Int] = []
        var endBefore: [Int] = []
        var endAfter: [Int] = []
    }
    var marks: [ObjectIdentifier: Marks] = [:]

    init(partName: String, options: TemplateOptions, styles: StyleCatalog) {
        self.partName = partName
        self.options = options
        self.styles = styles
    }

    mutating func compile(_ document: XMLDocument) -> Program {
        textWidth = Self.pageTextWidth(document)
        documentRoot = document.root
        let root = TNode(document.root, parent: nil)
        var lexer = Lexer(delimiters: options.delimiters, partName: partName)
        lexer.areaName = areaName
        lexer.links = links
        lexer.objectTexts = objectTexts
        lexer.run(root)
        tags = lexer.tags
        errors = lexer.errors
        roles = Array(repeating: .none, count: tags.count)
        findEnclosingSections()
        pairSections()
        classifyValuesAndBlocks()
        notesInSections = RepeatedNotes.find(in: root, sections: sectionOpenTag.indices.map {
            (tags[sectionOpenTag[$0]].textNode, tags[sectionCloseTag[$0]].textNode, program.sections[$0].placement == .rows)
        })
        listFields()
        // Document order, whichever pass found the problem.
        errors = errors.enumerated().sorted {
            ($0.element.location?.paragraph ?? 0, $0.offset) < ($1.element.location?.paragraph ?? 0, $1.offset)
        }.map(\.element)
        // Warnings (W-TPL: text that looks like a tag) are reported but do not stop the part.
        guard !errors.contains(where: { !$0.isWarning }) else { return program }

        var builder = ProgramBuilder()
        builder.literal(document.standalone
            ? "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
            : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n")
        for node in document.prologue {
            var out = XMLOutput()
            out.write(node)
            builder.literal(out.bytes)
        }
        emit(root, &builder)
        builder.flush()
        program.keptCommentIDs = Set(commentRegions.filter { $0.value.count > 1 }.keys)
        if let open = builder.stack.last {
            errors.append(TemplateError(.incompatiblePlacement, "区段的重复范围与其他区段交叉，无法生成", location: open.location))
        }
        program.ops = builder.rootOps
        program.arena = builder.arena
        program.pageTextHeight = Self.pageTextHeight(document)
        return program
    }

    /// The text height of the body's last section (`w:body/w:sectPr`), nil when there is none.
    static func pageTextHeight(_ document: XMLDocument) -> Int? {
        guard let body = document.root.elements.first(where: { $0.is(Namespace.w, "body") }),
              let section = body.elements.last(where: { $0.is(Namespace.w, "sectPr") }) else { return nil }
        let size = section.elements.first { $0.is(Namespace.w, "pgSz") }
        let margins = section.elements.first { $0.is(Namespace.w, "pgMar") }
        return RowHeight.textHeight(pageHeight: size?.attribute("w:h").flatMap { Int($0) },
                                    top: margins?.attribute("w:top").flatMap { Int($0) },
                                    bottom: margins?.attribute("w:bottom").flatMap { Int($0) })
    }

    /// The text width of the body's last section (`w:pgSz w:w` less the left and right
    /// margins), nil when there is none or it says nothing sensible.
    static func pageTextWidth(_ document: XMLDocument) -> Int? {
        guard let body = document.root.elements.first(where: { $0.is(Namespace.w, "body") }),
              let section = body.elements.last(where: { $0.is(Namespace.w, "sectPr") }),
              let width = section.elements.first(where: { $0.is(Namespace.w, "pgSz") })?.attribute("w:w").flatMap({ Int($0) }) else { return nil }
        let margins = section.elements.first { $0.is(Namespace.w, "pgMar") }
        // Word's page is at most 22 inches (31 680 twips); anything beyond is no page to measure.
        func twips(_ name: String, _ fallback: Int) -> Int? {
            let value = margins?.attribute(name).flatMap { Int($0) } ?? fallback
            return abs(value) <= 31_680 ? abs(value) : nil
        }
        guard (1...31_680).contains(width), let left = twips("w:left", 1800), let right = twips("w:right", 1800) else { return nil }
        let text = width - left - right
        return text > 0 ? text : nil
    }

    // MARK: pairing and placement

    /// The close tag a person should add for a section left open: `{{/路径}}`, or `{{/}}` for a
    /// comparison (`{{#等次 == "优"}}`), in the template's own delimiters.
    private func closing(of open: TagOccurrence) -> String {
        let path = open.parsed.map { $0.comparison == nil ? $0.pathText : "" } ?? ""
        return options.delimiters.open + "/" + path + options.delimiters.close
    }

    /// `{{#…}}` or `{{^…}}` as written, whether or not the rest parses.
    private func opensSection(_ raw: String) -> Bool {
        guard raw.hasPrefix(options.delimiters.open) else { return false }
        let inner = raw.dropFirst(options.delimiters.open.count).drop { $0 == " " }
        return inner.hasPrefix("#") || inner.hasPrefix("^")
    }

    /// Whether a close tag named `name` follows `id` before a close of one of the `outer`
    /// sections (sections opened in between and closed again are skipped).
    private func closedLater(_ name: String, after id: Int, outer: [String]) -> Bool {
        var depth = 0
        for tag in tags[(id + 1)...] {
            guard let parsed = tag.parsed else { continue }
            switch parsed.kind {
            case .section, .inverted: depth += 1
            case .close where depth > 0: depth -= 1
            case .close:
                if parsed.pathText == name || parsed.pathText.isEmpty { return true }
                if outer.contains(parsed.pathText) { return false }
            default: break
            }
        }
        return false
    }

    /// Where the missing close tag of an open tag goes. In a table row it is most often the
    /// row loop's, lost with the last column or cut from the last cell: its cell is named.
    /// `moving`: the close tag exists elsewhere and is to be moved there, not added.
    private func whereToClose(_ open: TagOccurrence, before: String?, moving: Bool = false) -> String {
        let closeTag = closing(of: open)
        let verb = moving ? "移到" : "加上"
        let general = moving ? "请把 \(closeTag) 移到这个区段应结束的位置"
            : before.map { "请在 \($0) 之前、这个区段应结束的位置加上 \(closeTag)" } ?? "请在这个区段应结束的位置加上 \(closeTag)"
        guard let row = open.textNode.ancestor(w: "tc")?.parent, row.isW("tr") else { return general }
        let cells = row.children.filter { $0.isW("tc") }.count
        let rowName = moving ? (open.location.row.map { "第 \($0) 行" } ?? "那一行") : "这一行"
        let atEnd = moving ? "请把 \(closeTag) 移到\(rowName)最后一个单元格（第 \(cells) 列）的末尾"
            : "请在这一行最后一个单元格（第 \(cells) 列）的末尾\(verb) \(closeTag)"
        return "若这个区段就是\(rowName)（重复\(rowName)或按条件显示\(rowName)），\(atEnd)；否则" + general.dropFirst()
    }

    /// Open tags whose close stands before them (reported there, E-TPL-002): not reported as
    /// unclosed as well.
    var closedTooEarly: Set<Int> = []

    private mutating func pairSections() {
        var stack: [Int] = []
        var pairs: [(Int, Int)] = []
        // A pair whose open tag did not parse (already reported) is not placed.
        func pair(_ open: Int, _ close: Int) { if tags[open].parsed != nil { pairs.append((open, close)) } }
        for (id, tag) in tags.enumerated() {
            guard let parsed = tag.parsed else {
                // `{{#等次 == 优}}` (E-TPL-005) still opens a section: the `{{/}}` after it is its
                // own, not the enclosing section's (one mistake, one message).
                if opensSection(tag.raw) { stack.append(id) }
                continue
            }
            switch parsed.kind {
            case .section, .inverted:
                stack.append(id)
            case .close:
                guard !stack.isEmpty else {
                    strayCloses.insert(id)
                    let advice = parsed.pathText.isEmpty
                        ? "请删去这个多余的结束标签，或在区段应开始的位置加上开始标签（如 {{#列表}}）"
                        : "请在区段应开始的位置加上 {{#\(parsed.pathText)}}（条件为“否”时显示则加 {{^\(parsed.pathText)}}），或删去这个多余的结束标签"
                    report(.unopenedSection, "结束标签 \(tag.raw) 前面没有对应的开始标签：\(advice)", tag)
                    continue
                }
                if parsed.pathText.isEmpty || tags[stack[stack.count - 1]].parsed?.pathText == parsed.pathText {
                    pair(stack.removeLast(), id)
                } else if let match = stack.lastIndex(where: { tags[$0].parsed?.pathText == parsed.pathText }) {
                    for unclosed in stack[(match + 1)...] where tags[unclosed].parsed != nil {
                        let open = tags[unclosed]
                        noteUnclosed(open)
                        if closedTooEarly.contains(unclosed) { continue }
                        report(.unclosedSection, "区段 \(open.raw) 在 \(tag.raw) 之前没有结束：" + whereToClose(open, before: tag.raw), open)
                    }
                    stack.removeSubrange((match + 1)...)
                    pair(stack.removeLast(), id)
                } else if tags[stack[stack.count - 1]].parsed == nil {
                    // The close of a section whose open tag did not parse (already reported).
                    stack.removeLast()
                } else {
                    let top = stack[stack.count - 1]
                    let open = tags[top]
                    let name = open.parsed?.pathText ?? ""
                    if !parsed.pathText.isEmpty, closedLater(name, after: id, outer: stack.dropLast().compactMap { tags[$0].parsed?.pathText }) {
                        // No section of its name is open: most often its open tag was deleted (cut
                        // from a row and not pasted back). Said first, with where it goes; the
                        // row's `| merge` tags are not reported as well.
                        strayCloses.insert(id)
                        let row = tag.textNode.ancestor(w: "tc")?.parent
                        let inRow = row?.isW("tr") == true
                        if let row, inRow { rowsOfUnclosedSections.insert(ObjectIdentifier(row)) }
                        let opening = options.delimiters.open + "#" + parsed.pathText + options.delimiters.close
                        report(.unopenedSection, "结束标签 \(tag.raw) 前面没有对应的开始标签 \(opening)："
                               + (inRow ? "若要按 \(parsed.pathText) 的每一项重复这一行，请在这一行第一个单元格的开头加上 \(opening)"
                                        : "请在区段应开始的位置加上 \(opening)")
                               + "；若这个结束标签是多余的，请删去它", tag)
                    } else if !parsed.pathText.isEmpty, EditDistance.closest(to: parsed.pathText, in: [name]) == nil,
                              let later = tags[(id + 1)...].firstIndex(where: {
                                  ($0.parsed?.kind == .section || $0.parsed?.kind == .inverted) && $0.parsed?.pathText == parsed.pathText
                              }) {
                        // The close was cut and pasted above its own open tag (no misspelling: the
                        // names differ too much). Said once, here, with where it goes; its open
                        // tag, left without a close, is not reported as well.
                        strayCloses.insert(id)
                        closedTooEarly.insert(later)
                        let open = tags[later]
                        report(.unopenedSection, "结束标签 \(tag.raw) 写在了它的开始标签 \(open.raw)（\(open.location.description)）之前："
                               + "结束标签要写在开始标签之后。" + whereToClose(open, before: nil, moving: true), tag)
                    } else if closedLater(name, after: id, outer: stack.dropLast().compactMap { tags[$0].parsed?.pathText }) {
                        // The section is closed later by its own name: this close is one too many.
                        report(.mismatchedSection, "结束标签 \(tag.raw) 与开始标签 \(open.raw)（\(open.location.description)）不匹配："
                               + "\(open.raw) 在后面由 \(closing(of: open)) 结束，这个结束标签是多余的，请删去", tag)
                    } else {
                        // Nothing closes the innermost section: this is its close, misspelt. It is
                        // taken as closing it, so neither the sections around it nor the row's
                        // `| merge` tags are reported as well (one mistake, one message).
                        stack.removeLast()
                        noteUnclosed(open)
                        // Either tag may be the misspelt one: both ways out are named.
                        report(.mismatchedSection, "结束标签 \(tag.raw) 与开始标签 \(open.raw)（\(open.location.description)）不匹配："
                               + "两者的名称应相同，请改正拼错的一个（\(open.raw) 的结束标签应写 \(closing(of: open))），"
                               + "或只写 \(options.delimiters.open)/\(options.delimiters.close)", tag)
                    }
                }
            default:
                break
            }
        }
        for unclosed in stack where tags[unclosed].parsed != nil {
            noteUnclosed(tags[unclosed])
            if closedTooEarly.contains(unclosed) { continue }
            report(.unclosedSection, "区段 \(tags[unclosed].raw) 没有结束标签：" + whereToClose(tags[unclosed], before: nil), tags[unclosed])
        }
        // Markers on one node must nest: outer sections begin first and end last.
        pairs.sort { $0.0 < $1.0 }
        for (open, close) in pairs { place(open: open, close: close) }
        for key in marks.keys {
            marks[key]?.beginBefore.sort { sectionOpenTag[$0] < sectionOpenTag[$1] }
            marks[key]?.beginAfter.sort { sectionOpenTag[$0] < sectionOpenTag[$1] }
            marks[key]?.endBefore.sort { sectionOpenTag[$0] > sectionOpenTag[$1] }
            marks[key]?.endAfter.sort { sectionOpenTag[$0] > sectionOpenTag[$1] }
        }
    }

    /// Table rows whose `| merge` outside a loop is reported (once a row).
    var mergeRows: Set<ObjectIdentifier> = []

    /// Close tags already reported as having no open tag (E-TPL-002).
    var strayCloses: Set<Int> = []

    /// Alone in its paragraph but for close tags reported as stray: `{{/has.evaluators}}{{/x}}`
    /// is one mistake (the extra `{{/x}}`), not also a section whose close shares a paragraph.
    private func isAlone(_ id: Int) -> Bool {
        let tag = tags[id]
        if tag.alone { return true }
        guard !strayCloses.isEmpty, !tag.besideText else { return false }
        // A paragraph's tags are consecutive in `tags`.
        var others: [Int] = []
        var k = id - 1
        while k >= 0, tags[k].paragraph === tag.paragraph { others.append(k); k -= 1 }
        k = id + 1
        while k < tags.count, tags[k].paragraph === tag.paragraph { others.append(k); k += 1 }
        return !others.isEmpty && others.allSatisfy(strayCloses.contains)
    }

    private mutating func report(_ code: ErrorCode, _ message: String, _ tag: TagOccurrence) {
        guard !tag.inFallback else { return }
        errors.append(TemplateError(code, message + Self.revisionNote(tag), location: tag.location, tag: tag.raw))
    }

    /// A section tag in an unaccepted revision (`{{/indicators}}` moved into the 合计 row with
    /// 修订 on): the structure is read as saved, with both the moved-away and the moved-to tag,
    /// so the message about it would name a tag the person sees struck through or underlined
    /// without saying why. The revision is named, and accepting it first.
    static func revisionNote(_ tag: TagOccurrence) -> String {
        var node = tag.textNode.parent
        while let current = node, !current.isW("p") {
            switch current.w {
            case "moveTo": return "；这个标签是未接受的修订（移动到这里的文字），移走前的原处也还留着同一标签：请先在 Word 中接受所有修订（见 W-TPL-014），再检查"
            case "moveFrom": return "；这个标签是未接受的修订（已移走的原处，显示为删除线），接受修订后才会删去：请先在 Word 中接受所有修订（见 W-TPL-014），再检查"
            case "ins": return "；这个标签是未接受的修订（插入的文字）：请先在 Word 中接受所有修订（见 W-TPL-014），再检查"
            default: node = current.parent
            }
        }
        return ""
    }

    private func ancestors(_ node: TNode) -> [TNode] {
        var list: [TNode] = []
        var next: TNode? = node
        while let current = next { list.append(current); next = current.parent }
        return list
    }

    /// Why two section paragraphs apart only by a content control (内容控件, `w:sdt`: a box Word
    /// shows with its title when clicked) cannot pair: a section cannot leave the control. It
    /// used to read “不在同一层级（例如一个在表格单元格内……）”, which named nothing on the page.
    private func contentControlApart(_ open: TNode, _ close: TNode) -> String? {
        func control(_ node: TNode) -> TNode? { ancestors(node).first { $0.isW("sdt") } }
        let (a, b) = (control(open), control(close))
        guard a !== b else { return nil }
        let fix = "请在 Word 中右键单击这个控件，选“删除内容控件”（其中的文字保留），再检查"
        switch (a, b) {
        case (.some, nil): return "开始标签所在的段落在一个内容控件里（Word 中点击时显示为带标题的方框），结束标签不在其中：区段不能跨出内容控件。" + fix
        case (nil, .some): return "结束标签所在的段落在一个内容控件里（Word 中点击时显示为带标题的方框），开始标签不在其中：区段不能跨出内容控件。" + fix
        default: return "开始与结束标签在两个不同的内容控件里（Word 中点击时显示为带标题的方框）：区段不能跨出内容控件。请在 Word 中右键单击这两个控件，选“删除内容控件”（其中的文字保留），再检查"
        }
    }

    private mutating func place(open: Int, close: Int) {
        let opening = tags[open], closing = tags[close]
        guard let parsed = opening.parsed, let written = parsed.path else { return }
        // Sections read aliases as values do (`{{#等次 == "优"}}`, `{{#绩效指标}}`).
        let path = resolveAlias(written, tag: open)
        let openParagraph = opening.paragraph, closeParagraph = closing.paragraph
        var placement: Program.Placement
        var rowRange: (TNode, TNode)?
        if openParagraph === closeParagraph {
            placement = .inline
        } else if isAlone(open), isAlone(close), openParagraph.parent === closeParagraph.parent, openParagraph.parent != nil {
            placement = .paragraphs
        } else {
            let openAncestors = ancestors(openParagraph)
            let closeAncestors = Set(ancestors(closeParagraph).map(ObjectIdentifier.init))
            guard let lca = openAncestors.first(where: { closeAncestors.contains(ObjectIdentifier($0)) }) else { return }
            func childOf(_ parent: TNode, containing node: TNode) -> TNode? {
                ancestors(node).first { $0.parent === parent }
            }
            var row: TNode?
            if lca.isW("tbl") {
                if let firstRow = childOf(lca, containing: openParagraph), let lastRow = childOf(lca, containing: closeParagraph), firstRow.isW("tr"), lastRow.isW("tr") {
                    rowRange = (firstRow, lastRow)
                }
            } else {
                var walk: TNode? = lca
                while let current = walk, !current.isW("tr") {
                    if current.isW("p") || current.isW("body") || current.isW("txbxContent") { walk = nil; break }
                    walk = current.parent
                }
                row = walk
                if let row { rowRange = (row, row) }
            }
            guard rowRange != nil else {
                if let advice = rowLoopLeavingItsTable(opening, closing) {
                    report(.incompatiblePlacement, "区段 \(opening.raw) 与结束标签（\(closing.location.description)）的位置无法配合：\(advice)", opening)
                    return
                }
                let why: String
                if !isAlone(open) || !isAlone(close) {
                    why = "开始与结束标签不在同一段落、同一表格行内；若要重复多个段落，开始和结束标签须各自独占一段"
                } else if let control = contentControlApart(openParagraph, closeParagraph) {
                    why = control
                } else {
                    why = "开始与结束标签各自独占一段，但不在同一层级（例如一个在表格单元格内、一个在表格外）"
                }
                report(.incompatiblePlacement, "区段 \(opening.raw) 与结束标签（\(closing.location.description)）的位置无法配合：\(why)", opening)
                return
            }
            placement = .rows
            if let (openRow, closeRow) = rowRange, openRow === closeRow { warnIfColumnLoop(open: opening, close: closing, row: openRow) }
        }

        let id = program.sections.count
        program.sections.append(Program.Section(path: path, comparison: parsed.comparison, inverted: parsed.kind == .inverted,
                                                placement: placement, location: opening.location, writtenPath: parsed.pathText))
        sectionOpenTag.append(open)
        sectionCloseTag.append(close)
        switch placement {
        case .inline:
            roles[open] = .inlineOpen(id)
            roles[close] = .inlineClose(id)
        case .paragraphs:
            openParagraph.paragraphRole = .sectionTag
            closeParagraph.paragraphRole = .sectionTag
            roles[open] = .removed
            roles[close] = .removed
            marks[ObjectIdentifier(openParagraph), default: Marks()].beginAfter.append(id)
            marks[ObjectIdentifier(closeParagraph), default: Marks()].endBefore.append(id)
        case .rows:
            roles[open] = .removed
            roles[close] = .removed
            if let (firstRow, lastRow) = rowRange {
                marks[ObjectIdentifier(firstRow), default: Marks()].beginBefore.append(id)
                marks[ObjectIdentifier(lastRow), default: Marks()].endAfter.append(id)
                var rows: [TNode] = []
                if let parent = firstRow.parent, let start = parent.children.firstIndex(where: { $0 === firstRow }),
                   let end = parent.children.firstIndex(where: { $0 === lastRow }), start <= end {
                    rows = Array(parent.children[start...end])
                }
                for row in rows { rowsInLoops.insert(ObjectIdentifier(row)) }
                noteHeaderRows(rows, open: open)
                if firstRow === lastRow { Self.markLoopSpans(firstRow) }
                if let parent = lastRow.parent, let end = parent.children.firstIndex(where: { $0 === lastRow }) {
                    let after = parent.children[(end + 1)...]
                    program.sections[id].endsTable = parent.isW("tbl") && !after.contains { $0.isW("tr") }
                    if parent.isW("tbl"), let next = after.first(where: { $0.isW("tr") }) {
                        program.sections[id].nextRowKeeps = Self.keepsWithNext(next)
                    }
                }
            }
        }
    }

    /// A section one of whose tags is in a table row and the other outside that table (a
    /// paragraph after it, another table): most often the row loop's close tag cut from the last
    /// cell and pasted below the table, or its open tag above it. Says which row the loop is
    /// and where the tag goes; that row's `| merge` tags are not reported as well. Nil when
    /// neither tag is in a table row.
    private mutating func rowLoopLeavingItsTable(_ opening: TagOccurrence, _ closing: TagOccurrence) -> String? {
        func row(_ tag: TagOccurrence) -> TNode? {
            guard let tr = tag.textNode.ancestor(w: "tc")?.parent, tr.isW("tr") else { return nil }
            return tr
        }
        let name = opening.parsed?.pathText ?? ""
        let closeTag = closing.raw, openTag = opening.raw
        func rowName(_ location: TemplateLocation) -> String {
            location.row.map { "第 \($0) 行" } ?? "这一行"
        }
        if let tr = row(opening) {
            rowsOfUnclosedSections.insert(ObjectIdentifier(tr))
            let cells = tr.children.filter { $0.isW("tc") }.count
            return "\(openTag) 在表格的\(rowName(opening.location))，\(closeTag) 却在这张表格之外；表格中的区段重复的是整行，开始与结束标签须在同一张表格内。"
                + "要按 \(name) 的每一项重复这一行，请把 \(closeTag) 移到这一行最后一个单元格（第 \(cells) 列）的末尾"
                + "（若要重复表格前后的几段连同整张表格，请让 \(openTag) 与 \(closeTag) 各自独占表格外的一段）"
        }
        if let tr = row(closing) {
            rowsOfUnclosedSections.insert(ObjectIdentifier(tr))
            return "\(closeTag) 在表格的\(rowName(closing.location))，\(openTag) 却在这张表格之外；表格中的区段重复的是整行，开始与结束标签须在同一张表格内。"
                + "要按 \(name) 的每一项重复这一行，请把 \(openTag) 移到这一行第一个单元格的开头"
                + "（若要重复表格前后的几段连同整张表格，请让 \(openTag) 与 \(closeTag) 各自独占表格外的一段）"
        }
        return nil
    }

    /// In a one-row loop, a cell written as the start of a vertical merge spans the loop's rows:
    /// the 自评表's outer 绩效指标 label. Repeating the restart on every row would merge nothing,
    /// so that reading is the only useful one. Such a label belongs under the header row, not in
    /// it: a merge that starts in a repeated header row (`w:tblHeader`) and runs into the rows
    /// below breaks LibreOffice's layout where the table crosses a page (an empty sliver row at
    /// the page foot, the label struck through by a border in the repeated header).
    static func markLoopSpans(_ row: TNode) {
        for tc in row.children where tc.isW("tc") {
            guard let merge = tc.firstChild(w: "tcPr")?.firstChild(w: "vMerge") else { continue }
            if merge.attributes.contains(where: { $0.name.hasSuffix("val") && $0.value == "restart" }) { tc.spansLoop = true }
        }
    }

    /// Whether every paragraph of a row has a direct `w:keepNext` (the template keeps the row on
    /// the page of the next one, as the 汇总表's 合计 row with its note).
    static func keepsWithNext(_ row: TNode) -> Bool {
        var paragraphs: [TNode] = []
        func walk(_ node: TNode) {
            if node.isW("p") { paragraphs.append(node); return }
            node.children.forEach(walk)
        }
        walk(row)
        return !paragraphs.isEmpty && paragraphs.allSatisfy { p in
            guard let keep = p.children.first(where: { $0.isW("pPr") })?.children.first(where: { $0.isW("keepNext") }) else { return false }
            let value = keep.attributes.first { $0.name == "w:val" }?.value
            return value != "0" && value != "false" && value != "off"
        }
    }

    var rowsInLoops: Set<ObjectIdentifier> = []
    /// Table rows where a section opens and never closes: their `| merge` tags are reported by
    /// that E-TPL-001 alone (the row repeats once the close tag is added), not once more each.
    var rowsOfUnclosedSections: Set<ObjectIdentifier> = []

    private mutating func noteUnclosed(_ open: TagOccurrence) {
        if let tr = open.textNode.ancestor(w: "tc")?.parent, tr.isW("tr") { rowsOfUnclosedSections.insert(ObjectIdentifier(tr)) }
    }

    private func inRowOfUnclosedSection(_ tag: TagOccurrence) -> Bool {
        guard let tr = tag.textNode.ancestor(w: "tc")?.parent, tr.isW("tr") else { return false }
        return rowsOfUnclosedSections.contains(ObjectIdentifier(tr))
    }
    var enclosing: [[String]] = []

    /// `{{#x}}` and `{{/x}}` in different cells of one row repeat the whole row. That is the row
    /// loop when they open the first cell and close the last (cells merged down from the row
    /// above do not count); otherwise the writer most likely wanted the columns between them
    /// to repeat, which no loop does: said once, at the open tag, with what to write instead.
    private mutating func warnIfColumnLoop(open opening: TagOccurrence, close closing: TagOccurrence, row: TNode) {
        guard let openCell = opening.textNode.ancestor(w: "tc"), let closeCell = closing.textNode.ancestor(w: "tc"), openCell !== closeCell else { return }
        let cells = row.children.filter { $0.isW("tc") }
        guard let first = cells.firstIndex(where: { $0 === openCell }), let last = cells.firstIndex(where: { $0 === closeCell }) else { return }
        func continuesAbove(_ tc: TNode) -> Bool {
            guard let merge = tc.firstChild(w: "tcPr")?.firstChild(w: "vMerge") else { return false }
            return !merge.attributes.contains { $0.name.hasSuffix("val") && $0.value == "restart" }
        }
        let outside = cells.indices.filter { ($0 < first || $0 > last) && !continuesAbove(cells[$0]) }
        guard !outside.isEmpty else { return }
        let name = opening.parsed?.pathText ?? ""
        let columns = outside.map { "第 \($0 + 1) 列" }.joined(separator: "、")
        let firstOwn = (cells.firstIndex { !continuesAbove($0) } ?? 0) + 1
        report(.loopAcrossCells,
               "区段 \(opening.raw) 在第 \(first + 1) 列开始、\(closing.raw) 在第 \(last + 1) 列结束（同一行的不同单元格）：这会把整行按每一项重复一次（行循环），"
               + "\(columns)也随之重复；不支持只重复其中几列（列循环）。要每项一行，请把 {{#\(name)}} 写在该行第 \(firstOwn) 列的开头、"
               + "{{/\(name)}} 写在第 \(cells.count) 列（最后一列）的末尾；要在一个单元格内列出各项，请把开始和结束标签写在同一单元格内，例如 {{#\(name)}}{{名称}}、{{/\(name)}}", opening)
    }

    /// How a row section's rows stand to Word's repeated header rows (表格属性 → 行 → 在各页顶端
    /// 以标题行形式重复出现, `w:tblHeader`); whether it is a loop (a list) the contract check
    /// knows, and says what it means (E-TPL-006, W-TPL-018).
    private mutating func noteHeaderRows(_ rows: [TNode], open: Int) {
        func isHeader(_ row: TNode) -> Bool {
            guard let mark = row.firstChild(w: "trPr")?.firstChild(w: "tblHeader") else { return false }
            return !mark.attributes.contains { $0.name.hasSuffix("val") && ($0.value == "0" || $0.value == "false" || $0.value == "off") }
        }
        let trs = rows.filter { $0.isW("tr") }
        guard let first = trs.first, trs.contains(where: isHeader) else { return }
        if isHeader(first), trs.count > 1 {
            let merged = tags[open].textNode.ancestor(w: "tc")?.firstChild(w: "tcPr")?.firstChild(w: "vMerge")?
                .attributes.contains { $0.name.hasSuffix("val") && $0.value == "restart" } ?? false
            headerRowsOf[open] = .startsInHeader(merged: merged)
        } else {
            headerRowsOf[open] = .headerRows
        }
    }

    /// For each tag, the written paths of the sections around it that push an item (not
    /// inverted, not a comparison), outermost first: where its aliases are looked up.
    private mutating func findEnclosingSections() {
        var stack: [String?] = []
        enclosing = []
        for tag in tags {
            enclosing.append(stack.compactMap { $0 })
            guard let parsed = tag.parsed else { continue }
            switch parsed.kind {
            case .section: stack.append(parsed.comparison == nil ? parsed.pathText : nil)
            case .inverted: stack.append(nil)
            case .close: _ = stack.popLast()
            default: break
            }
        }
    }

    private func resolveAlias(_ path: DataPath, tag: Int) -> DataPath {
        guard !options.aliases.isEmpty || !options.scopedAliases.isEmpty, path.special == .none else { return path }
        let target = options.resolvingAlias(path.text, inside: tag < enclosing.count ? enclosing[tag] : [])
        guard target != path.text, let resolved = TagSyntax.parsePath(Substring(target)) else { return path }
        return resolved
    }

    private mutating func classifyValuesAndBlocks() {
        var missingStyles: [(style: BlockStyle, tag: Int)] = []
        var foundStyles: Set<String> = []
        defer { reportMissingStyles(missingStyles, found: foundStyles) }
        for (id, tag) in tags.enumerated() {
            guard let parsed = tag.parsed else { continue }
            switch parsed.kind {
            case .value:
                guard let path = parsed.path else { continue }
                var filters: [(FilterCall, Filter)] = []
                var merge = false
                var ok = true
                for call in parsed.filters {
                    guard let filter = options.filters[call.name] else {
                        let names = options.filters.filters.keys.sorted()
                        let guess = EditDistance.closest(to: call.name, in: names).map { "您是不是要写 \($0)？" } ?? ""
                        report(.unknownFilter, "未知的过滤器 “\(call.name)”\(guess.isEmpty ? "" : "，" + guess)（可用：\(names.joined(separator: "、"))）", tag)
                        ok = false
                        continue
                    }
                    if let problem = filter.validate(call.arguments) {
                        report(.badFilterArgument, "过滤器 \(call.name) 的参数有误：\(problem)", tag)
                        ok = false
                    }
                    if call.name == FilterRegistry.mergeName { merge = true }
                    filters.append((call, filter))
                }
                guard ok else { continue }
                let expression = program.expressions.count
                program.expressions.append(Program.Expression(path: resolveAlias(path, tag: id), filters: filters, location: tag.location,
                                                              raw: tag.raw, hasDefault: parsed.filters.contains { $0.name == "default" },
                                                              url: tag.textNode.isW("instrText") ? URLEscaping.mode(inFieldCode: tag.textNode, tag: id) : nil))
                roles[id] = .value(expression)
                if merge {
                    if let tc = tag.textNode.ancestor(w: "tc"), let tr = tc.parent, tr.isW("tr"), rowsInLoops.contains(ObjectIdentifier(tr)) {
                        if tc.mergeTag == nil { tc.mergeTag = expression }
                    } else if let tr = tag.textNode.ancestor(w: "tc")?.parent, tr.isW("tr") {
                        // In a table row that does not repeat: once per row, with both ways out
                        // (the loop tags may have been deleted).
                        if !inRowOfUnclosedSection(tag), mergeRows.insert(ObjectIdentifier(tr)).inserted {
                            report(.mergeOutsideRow, "merge 只能用于重复的表格行中，把上下相同的单元格合并；这一行不重复（行内没有 {{#列表}} 与 {{/列表}}）："
                                   + "若要按列表的每一项重复这一行，请在这一行第一个单元格的开头加上 {{#列表}}、最后一个单元格的末尾加上 {{/列表}}，否则请删去这一行的 “| merge”", tag)
                        }
                    } else if !inRowOfUnclosedSection(tag) {
                        report(.mergeOutsideRow, "merge 只能用于重复的表格行中（行内有 {{#列表}} 与 {{/列表}}），把上下相同的单元格合并；这里不在重复的表格行中，请删去 “| merge”", tag)
                    }
                }
                if tag.alone, !tag.inFallback, !tag.paragraph.carriesSectionBreak, !tag.paragraph.holdsTemplatedLink, !tag.paragraph.containsNestedParagraph(),
                   !tag.paragraph.holdsControlID(),
                   case .normal = tag.paragraph.paragraphRole {
                    tag.paragraph.paragraphRole = .valueParagraph(tag: id)
                }
            case .image:
                guard let path = parsed.path else { continue }
                let (size, problem) = ImageSize.parse(parsed.filters)
                if let problem {
                    report(.imageTag, problem, tag)
                } else {
                    let expression = program.expressions.count
                    program.expressions.append(Program.Expression(path: resolveAlias(path, tag: id), filters: [], location: tag.location,
                                                                  raw: tag.raw, hasDefault: false))
                    roles[id] = .image(program.images.count)
                    program.images.append(Program.Image(expression: expression, size: size))
                }
            case .block:
                let resolved = options.blocks.resolve(parsed.pathText)
                guard let generator = resolved.generator else {
                    report(.unknownBlock, "未知的块 “\(resolved.name)”（可用：\(options.blocks.generators.keys.sorted().joined(separator: "、"))）", tag)
                    continue
                }
                guard tag.alone else {
                    report(.blockNotAlone, "块标签必须独占一个段落：请把同一段中的其他文字移到前后的段落（块标签生成的是整段的内容）", tag)
                    continue
                }
                let pPr = tag.paragraph.firstChild(w: "pPr")?.serializedString(dropping: "sectPr") ?? ""
                let rPr = tag.textNode.ancestor(w: "r")?.firstChild(w: "rPr")?.serializedString() ?? ""
                var context = BlockContext(tag: tag.raw, name: resolved.name, argument: resolved.argument, options: parsed.filters,
                                           paragraphProperties: pPr == "<w:pPr/>" ? "" : pPr, runProperties: rPr,
                                           styles: styles, blocks: options.blocks, location: tag.location)
                context.prose = textWidth.map { styles.proseMeasure(paragraphProperties: context.paragraphProperties, runProperties: rPr, textWidth: $0) }
                if let problem = generator.validate(context) {
                    report(.unknownBlock, "块标签有误：\(problem)", tag)
                    continue
                }
                for style in generator.styles(context) {
                    if let found = style.id(in: styles) { foundStyles.insert(found) } else { missingStyles.append((style, id)) }
                }
                tag.paragraph.paragraphRole = .block(program.blocks.count)
                program.blocks.append(Program.Block(generator: generator, context: context))
                roles[id] = .removed
            default:
                break
            }
        }
    }

    /// W-TPL-026: a style a block writes its output in (表头, 标题 1) that the template lacks,
    /// most often renamed in Word or WPS (the id and the name both changed on saving): the
    /// tables or headings came out in another look and nothing said why (staff review 12). One
    /// warning a style, at the first block tag that needs it. The hint names the styles that
    /// are probably the renamed one: by a similar name (表格表头), else by what a rename keeps
    /// (`StyleClues`: 大标题 still at outline level 1, 首行 in the template's header rows),
    /// `found` (the block styles the template has) never among them.
    private mutating func reportMissingStyles(_ missing: [(style: BlockStyle, tag: Int)], found: Set<String>) {
        guard !missing.isEmpty else { return }
        var said: [BlockStyle] = []
        var taken = found
        for level in 1...9 { if let id = styles.headingStyle(level: level) { taken.insert(id) } }
        if let part = styles.partStyle() { taken.insert(part) }
        if let normal = styles.defaultStyle { taken.insert(normal) }
        for (style, id) in missing where !said.contains(style) {
            said.append(style)
            let others = Set(missing.filter { $0.style == style && $0.tag != id }.map(\.tag)).count
            let more = others > 0 ? "（以及本部分另外 \(others) 个块标签）" : ""
            var similar = styles.paragraphStyles.map(\.name).filter { name in
                name != style.name && (name.contains(style.name) || (name.count >= 2 && style.name.contains(name)))
            }.map { "“\($0)”" }
            if similar.isEmpty, let root = documentRoot {
                let clues = StyleClues(styles: styles, root: root, taken: taken).candidates(for: style)
                similar = clues.map { "“\(styles.name(ofStyle: $0.id) ?? $0.id)”（\($0.why)）" }
            }
            let hint = similar.isEmpty ? "" : "模板中有样式 \(similar.prefix(3).joined(separator: "、"))，可能就是改了名的这个样式。"
            // `heading 1` is Word's own name of 标题 1 (written so in every language); the others are ids.
            let known = style.builtIn.map { "（Word 内置样式 \($0)）" } ?? style.ids.first.map { "（样式 ID \($0)）" } ?? ""
            report(.missingBlockStyle,
                "模板中没有段落样式 “\(style.name)”\(known)，块标签 \(tags[id].raw)\(more) 生成的\(style.use)要用这个样式，"
                + "现在改用\(style.fallback)，与模板原来的样式不同。多半是在 Word 或 WPS 中把这个样式改了名或删除了。\(hint)"
                + "请在“开始 → 样式”窗格中右键单击该样式，选“修改”，把名称改回 “\(style.name)”（没有就新建一个名为 “\(style.name)” 的段落样式），保存后再检查",
                tags[id])
        }
    }

    private mutating func listFields() {
        var sectionOf: [Int: Program.Placement] = [:]
        var indexOf: [Int: Int] = [:]
        for (index, open) in sectionOpenTag.enumerated() { sectionOf[open] = program.sections[index].placement; indexOf[open] = index }
        for (id, tag) in tags.enumerated() where !tag.inFallback {
            guard let parsed = tag.parsed else { continue }
            let cell = tag.textNode.ancestor(w: "tc")
            var field = TemplateField(tag: tag.raw, kind: parsed.kind, path: parsed.pathText, filters: parsed.filters,
                                      placement: sectionOf[id]?.rawValue, location: tag.location,
                                      spansLoopRows: cell.map { $0.spansLoop && $0.mergeTag == nil } ?? false)
            field.headerRows = headerRowsOf[id] ?? .none
            field.inFixedTextBox = parsed.kind == .section && TextBoxLoops.isFixed(tag.textNode)
            field.noteInside = indexOf[id].flatMap { notesInSections[$0] }
            fields.append(field)
        }
    }
}
