import OOXML

/// Options fixed when a template is compiled.
public struct TemplateOptions: Sendable {
    public var delimiters: Delimiters
    public var missing: MissingPolicy
    public var filters: FilterRegistry
    public var blocks: BlockRegistry
    /// Alternative names for paths, e.g. `项目名称` → `name`: a tag whose path is an alias
    /// (or starts with one followed by `.`) reads the aliased path.
    public var aliases: [String: String]

    public init(delimiters: Delimiters = .standard, missing: MissingPolicy = .error,
                filters: FilterRegistry = .standard, blocks: BlockRegistry = .standard,
                aliases: [String: String] = [:]) {
        self.delimiters = delimiters
        self.missing = missing
        self.filters = filters
        self.blocks = blocks
        self.aliases = aliases
    }
}

/// A tag as `template fields` lists it.
public struct TemplateField: Sendable, Equatable, Codable {
    public var tag: String
    public var kind: TagKind
    public var path: String
    public var filters: [FilterCall]
    /// For sections: `inline`, `paragraphs` or `rows`.
    public var placement: String?
    public var location: TemplateLocation
}

/// One compiled XML part.
public struct PartTemplate: Sendable {
    public let partName: String
    public let fields: [TemplateField]
    /// False when the part has no tag: it is copied through untouched.
    public let hasTags: Bool
    let program: Program
    let sizeHint: Int

    /// Compiles; every problem is collected and thrown together.
    public init(document: XMLDocument, partName: String, options: TemplateOptions = TemplateOptions(),
                styles: StyleCatalog = StyleCatalog()) throws(TemplateErrors) {
        var compiler = Compiler(partName: partName, options: options, styles: styles)
        let result = compiler.compile(document)
        if !compiler.errors.isEmpty { throw TemplateErrors(compiler.errors) }
        self.partName = partName
        self.fields = compiler.fields
        self.hasTags = !compiler.tags.isEmpty
        self.program = result
        self.sizeHint = result.arena.count
    }

    /// Only the errors (for `template check`, which wants every part's problems).
    static func check(document: XMLDocument, partName: String, options: TemplateOptions, styles: StyleCatalog)
        -> (template: PartTemplate?, errors: [TemplateError], fields: [TemplateField]) {
        var compiler = Compiler(partName: partName, options: options, styles: styles)
        let result = compiler.compile(document)
        if !compiler.errors.isEmpty { return (nil, compiler.errors, compiler.fields) }
        return (PartTemplate(partName: partName, fields: compiler.fields, hasTags: !compiler.tags.isEmpty,
                             program: result, sizeHint: result.arena.count), [], compiler.fields)
    }

    private init(partName: String, fields: [TemplateField], hasTags: Bool, program: Program, sizeHint: Int) {
        self.partName = partName
        self.fields = fields
        self.hasTags = hasTags
        self.program = program
        self.sizeHint = sizeHint
    }

    /// Renders the part's XML bytes.
    /// `attachments`: where block generators add parts (nil: a generator that needs it fails).
    /// `payload`: typed data for block generators (`BlockScope.payload`), beside the JSON.
    public func render(_ data: JSONValueType, missing: MissingPolicy, attachments: RenderAttachments? = nil,
                       payload: (any Sendable)? = nil) throws(RenderErrors) -> (bytes: [UInt8], warnings: [RenderWarning]) {
        var renderer = Renderer(program: program, missing: missing, data: data, capacity: sizeHint + sizeHint / 2)
        renderer.attachments = attachments
        renderer.payload = payload
        renderer.partName = partName
        renderer.run()
        if !renderer.errors.isEmpty { throw RenderErrors(renderer.errors) }
        return (renderer.out.bytes, renderer.warnings)
    }
}

import JSONValue
public typealias JSONValueType = JSONValue

struct Compiler {
    let partName: String
    let options: TemplateOptions
    let styles: StyleCatalog
    var errors: [TemplateError] = []
    var tags: [TagOccurrence] = []
    /// How many repeating (not inverted) sections enclose what is being emitted.
    private var repeatDepth = 0
    var fields: [TemplateField] = []

    private enum TagRole {
        case none
        case value(Int)
        case inlineOpen(Int)
        case inlineClose(Int)
        case removed
        case paragraphValueSplit
    }
    private var roles: [TagRole] = []
    private var program = Program()
    private var sectionOpenTag: [Int] = []
    private var sectionCloseTag: [Int] = []

    private struct Marks {
        var beginBefore: [Int] = []
        var beginAfter: [Int] = []
        var endBefore: [Int] = []
        var endAfter: [Int] = []
    }
    private var marks: [ObjectIdentifier: Marks] = [:]

    init(partName: String, options: TemplateOptions, styles: StyleCatalog) {
        self.partName = partName
        self.options = options
        self.styles = styles
    }

    mutating func compile(_ document: XMLDocument) -> Program {
        let root = TNode(document.root, parent: nil)
        var lexer = Lexer(delimiters: options.delimiters, partName: partName)
        lexer.run(root)
        tags = lexer.tags
        errors = lexer.errors
        roles = Array(repeating: .none, count: tags.count)
        pairSections()
        classifyValuesAndBlocks()
        listFields()
        // Document order, whichever pass found the problem.
        errors = errors.enumerated().sorted {
            ($0.element.location?.paragraph ?? 0, $0.offset) < ($1.element.location?.paragraph ?? 0, $1.offset)
        }.map(\.element)
        guard errors.isEmpty else { return program }

        var builder = Builder()
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
        if let open = builder.stack.last {
            errors.append(TemplateError(.incompatiblePlacement, "区段的重复范围与其他区段交叉，无法生成", location: open.location))
        }
        program.ops = builder.rootOps
        program.arena = builder.arena
        return program
    }

    // MARK: pairing and placement

    private mutating func pairSections() {
        var stack: [Int] = []
        var pairs: [(Int, Int)] = []
        for (id, tag) in tags.enumerated() {
            guard let parsed = tag.parsed else { continue }
            switch parsed.kind {
            case .section, .inverted:
                stack.append(id)
            case .close:
                guard !stack.isEmpty else {
                    report(.unopenedSection, "结束标签 \(tag.raw) 前面没有对应的开始标签", tag)
                    continue
                }
                if parsed.pathText.isEmpty || tags[stack[stack.count - 1]].parsed?.pathText == parsed.pathText {
                    pairs.append((stack.removeLast(), id))
                } else if let match = stack.lastIndex(where: { tags[$0].parsed?.pathText == parsed.pathText }) {
                    for unclosed in stack[(match + 1)...] {
                        let open = tags[unclosed]
                        report(.unclosedSection, "区段 \(open.raw) 在 \(tag.raw) 之前没有结束", open)
                    }
                    stack.removeSubrange((match + 1)...)
                    pairs.append((stack.removeLast(), id))
                } else {
                    let open = tags[stack[stack.count - 1]]
                    report(.mismatchedSection, "结束标签 \(tag.raw) 与开始标签 \(open.raw)（\(open.location.description)）不匹配", tag)
                }
            default:
                break
            }
        }
        for unclosed in stack {
            report(.unclosedSection, "区段 \(tags[unclosed].raw) 没有结束标签", tags[unclosed])
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

    private mutating func report(_ code: TemplateError.Code, _ message: String, _ tag: TagOccurrence) {
        guard !tag.inFallback else { return }
        errors.append(TemplateError(code, message, location: tag.location, tag: tag.raw))
    }

    private func ancestors(_ node: TNode) -> [TNode] {
        var list: [TNode] = []
        var n: TNode? = node
        while let current = n { list.append(current); n = current.parent }
        return list
    }

    private mutating func place(open: Int, close: Int) {
        let o = tags[open], c = tags[close]
        guard let parsed = o.parsed, let path = parsed.path else { return }
        let po = o.paragraph, pc = c.paragraph
        var placement: Program.Placement
        var rowRange: (TNode, TNode)?
        if po === pc {
            placement = .inline
        } else if o.alone, c.alone, po.parent === pc.parent, po.parent != nil {
            placement = .paragraphs
        } else {
            let chainO = ancestors(po)
            let setC = Set(ancestors(pc).map(ObjectIdentifier.init))
            guard let lca = chainO.first(where: { setC.contains(ObjectIdentifier($0)) }) else { return }
            func childOf(_ parent: TNode, containing node: TNode) -> TNode? {
                ancestors(node).first { $0.parent === parent }
            }
            var tr: TNode?
            if lca.isW("tbl") {
                if let ro = childOf(lca, containing: po), let rc = childOf(lca, containing: pc), ro.isW("tr"), rc.isW("tr") {
                    rowRange = (ro, rc)
                }
            } else {
                var n: TNode? = lca
                while let current = n, !current.isW("tr") {
                    if current.isW("p") || current.isW("body") || current.isW("txbxContent") { n = nil; break }
                    n = current.parent
                }
                tr = n
                if let tr { rowRange = (tr, tr) }
            }
            guard rowRange != nil else {
                let why: String
                if !o.alone || !c.alone {
                    why = "开始与结束标签不在同一段落、同一表格行内；若要重复多个段落，开始和结束标签须各自独占一段"
                } else {
                    why = "开始与结束标签各自独占一段，但不在同一层级（例如一个在表格单元格内、一个在表格外）"
                }
                report(.incompatiblePlacement, "区段 \(o.raw) 与结束标签（\(c.location.description)）的位置无法配合：\(why)", o)
                return
            }
            placement = .rows
        }

        let id = program.sections.count
        program.sections.append(Program.Section(path: path, inverted: parsed.kind == .inverted, placement: placement,
                                                location: o.location))
        sectionOpenTag.append(open)
        sectionCloseTag.append(close)
        switch placement {
        case .inline:
            roles[open] = .inlineOpen(id)
            roles[close] = .inlineClose(id)
        case .paragraphs:
            po.paragraphRole = .sectionTag
            pc.paragraphRole = .sectionTag
            roles[open] = .removed
            roles[close] = .removed
            marks[ObjectIdentifier(po), default: Marks()].beginAfter.append(id)
            marks[ObjectIdentifier(pc), default: Marks()].endBefore.append(id)
        case .rows:
            roles[open] = .removed
            roles[close] = .removed
            if let (ro, rc) = rowRange {
                marks[ObjectIdentifier(ro), default: Marks()].beginBefore.append(id)
                marks[ObjectIdentifier(rc), default: Marks()].endAfter.append(id)
                var rows: [TNode] = []
                if let parent = ro.parent, let start = parent.children.firstIndex(where: { $0 === ro }),
                   let end = parent.children.firstIndex(where: { $0 === rc }), start <= end {
                    rows = Array(parent.children[start...end])
                }
                for row in rows { rowsInLoops.insert(ObjectIdentifier(row)) }
            }
        }
    }

    private var rowsInLoops: Set<ObjectIdentifier> = []

    private func resolveAlias(_ path: DataPath) -> DataPath {
        guard !options.aliases.isEmpty, path.special == .none else { return path }
        if let target = options.aliases[path.text], let resolved = TagSyntax.parsePath(Substring(target)) { return resolved }
        for (alias, target) in options.aliases where path.text.hasPrefix(alias + ".") {
            if let resolved = TagSyntax.parsePath(Substring(target + path.text.dropFirst(alias.count))) { return resolved }
        }
        return path
    }

    private mutating func classifyValuesAndBlocks() {
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
                        report(.unknownFilter, "未知的过滤器 “\(call.name)”（可用：\(options.filters.filters.keys.sorted().joined(separator: "、"))）", tag)
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
                program.expressions.append(Program.Expression(path: resolveAlias(path), filters: filters, location: tag.location,
                                                              raw: tag.raw, hasDefault: parsed.filters.contains { $0.name == "default" }))
                roles[id] = .value(expression)
                if merge {
                    if let tc = tag.textNode.ancestor(w: "tc"), let tr = tc.parent, tr.isW("tr"), rowsInLoops.contains(ObjectIdentifier(tr)) {
                        if tc.mergeTag == nil { tc.mergeTag = expression }
                    } else {
                        report(.mergeOutsideRow, "merge 只能用于重复的表格行中（行内有 {{#列表}} 与 {{/列表}}）", tag)
                    }
                }
                if tag.alone, !tag.inFallback, !tag.paragraph.carriesSectionBreak, !tag.paragraph.containsNestedParagraph(),
                   case .normal = tag.paragraph.paragraphRole {
                    tag.paragraph.paragraphRole = .valueParagraph(tag: id)
                }
            case .block:
                let resolved = options.blocks.resolve(parsed.pathText)
                guard let generator = resolved.generator else {
                    report(.unknownBlock, "未知的块 “\(resolved.name)”（可用：\(options.blocks.generators.keys.sorted().joined(separator: "、"))）", tag)
                    continue
                }
                guard tag.alone else {
                    report(.blockNotAlone, "块标签必须独占一个段落", tag)
                    continue
                }
                let p = tag.paragraph
                let pPr = p.firstChild(w: "pPr")?.serializedString(dropping: "sectPr") ?? ""
                let rPr = tag.textNode.ancestor(w: "r")?.firstChild(w: "rPr")?.serializedString() ?? ""
                let context = BlockContext(tag: tag.raw, name: resolved.name, argument: resolved.argument, options: parsed.filters,
                                           paragraphProperties: pPr == "<w:pPr/>" ? "" : pPr, runProperties: rPr,
                                           styles: styles, blocks: options.blocks, location: tag.location)
                if let problem = generator.validate(context) {
                    report(.unknownBlock, "块标签有误：\(problem)", tag)
                    continue
                }
                p.paragraphRole = .block(program.blocks.count)
                program.blocks.append(Program.Block(generator: generator, context: context))
                roles[id] = .removed
            default:
                break
            }
        }
    }

    private mutating func listFields() {
        var sectionOf: [Int: Program.Placement] = [:]
        for (index, open) in sectionOpenTag.enumerated() { sectionOf[open] = program.sections[index].placement }
        for (id, tag) in tags.enumerated() where !tag.inFallback {
            guard let parsed = tag.parsed else { continue }
            fields.append(TemplateField(tag: tag.raw, kind: parsed.kind, path: parsed.pathText, filters: parsed.filters,
                                        placement: sectionOf[id]?.rawValue, location: tag.location))
        }
    }

    // MARK: emission

    struct Builder {
        struct Open {
            enum Kind { case section(Int), merge(Int), table }
            var kind: Kind
            var ops: [Program.Op] = []
            var location: TemplateLocation?
        }
        var arena: [UInt8] = []
        var pending = 0
        var rootOps: [Program.Op] = []
        var stack: [Open] = []

        mutating func literal(_ s: String) { arena.append(contentsOf: s.utf8) }
        mutating func literal(_ b: [UInt8]) { arena.append(contentsOf: b) }

        mutating func flush() {
            if arena.count > pending {
                append(.literal(start: Int32(pending), end: Int32(arena.count)))
            }
            pending = arena.count
        }

        mutating func append(_ op: Program.Op) {
            if stack.isEmpty { rootOps.append(op) } else { stack[stack.count - 1].ops.append(op) }
        }

        mutating func op(_ op: Program.Op) {
            flush()
            append(op)
        }

        /// Stores bytes outside the literal flow (transitions), returning their range.
        mutating func side(_ bytes: [UInt8]) -> Range<Int32> {
            flush()
            let start = Int32(arena.count)
            arena.append(contentsOf: bytes)
            pending = arena.count
            return start..<Int32(arena.count)
        }

        mutating func push(_ kind: Open.Kind, location: TemplateLocation?) {
            flush()
            stack.append(Open(kind: kind, location: location))
        }

        mutating func pop() -> Open? {
            flush()
            return stack.popLast()
        }
    }

    private mutating func beginSection(_ id: Int, _ b: inout Builder) {
        b.push(.section(id), location: program.sections[id].location)
        if !program.sections[id].inverted { repeatDepth += 1 }
    }

    private mutating func endSection(_ id: Int, _ b: inout Builder) {
        if !program.sections[id].inverted { repeatDepth = max(0, repeatDepth - 1) }
        guard let open = b.pop() else { return }
        guard case .section(let openID) = open.kind, openID == id else {
            errors.append(TemplateError(.incompatiblePlacement, "区段的重复范围与其他区段交叉（例如两个区段共用一行却不嵌套），无法生成",
                                        location: program.sections[id].location))
            return
        }
        program.sections[id].body = open.ops
        b.append(.section(id))
    }

    private func startTag(_ n: TNode) -> [UInt8] {
        var out = XMLOutput()
        var attributes = n.attributes
        if repeatDepth > 0, n.isW("p") {
            // Word wants paragraph ids unique; copies of a repeated paragraph would share them.
            attributes.removeAll { $0.name.hasSuffix(":paraId") || $0.name.hasSuffix(":textId") }
        }
        if n.isW("t"), n.segments != nil, !attributes.contains(where: { $0.name == "xml:space" }) {
            attributes.append(XMLAttribute("xml:space", "preserve"))
        }
        out.writeStartTag(XMLElement(name: n.name, attributes: attributes))
        return out.bytes
    }

    /// Start tags from just below the paragraph down to the `w:t` (with the run's
    /// properties), and the matching end tags.
    private func chain(_ t: TNode) -> (open: [UInt8], close: [UInt8]) {
        var list: [TNode] = []
        var n: TNode? = t
        while let current = n, !current.isW("p") { list.append(current); n = current.parent }
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

    private func keeperParagraph(_ p: TNode) -> [UInt8]? {
        guard p.carriesSectionBreak, let pPr = p.firstChild(w: "pPr") else { return nil }
        var out = XMLOutput()
        out.append("<\(p.name)>")
        pPr.serialized(into: &out)
        out.append("</\(p.name)>")
        return out.bytes
    }

    private static let blockNames: Set<String> = ["p", "tbl", "sdt", "customXml"]

    private func previousBlock(_ n: TNode) -> TNode? {
        guard let parent = n.parent, let i = parent.children.firstIndex(where: { $0 === n }) else { return nil }
        return parent.children[..<i].last { $0.w.map(Self.blockNames.contains) ?? false }
    }

    /// A cell must end with a paragraph: when a paragraph loop closes a cell, remember
    /// whether an empty paragraph must stand in for what the loop may not produce.
    private mutating func prepareKeeper(section id: Int, closeParagraph pc: TNode, _ b: inout Builder) {
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
        program.sections[id].keeper = b.side(out.bytes)
        program.sections[id].keeperWhenEmpty = whenEmpty
        program.sections[id].keeperWhenRendered = whenRendered
    }

    private mutating func emit(_ n: TNode, _ b: inout Builder) {
        switch n.kind {
        case .text:
            var out = XMLOutput()
            out.appendEscapedText(n.text)
            b.literal(out.bytes)
            return
        case .other:
            var out = XMLOutput()
            if let other = n.other { out.write(other) }
            b.literal(out.bytes)
            return
        case .element:
            break
        }
        let m = marks[ObjectIdentifier(n)]
        // Bookmark names and ids must be unique in a document: repeated copies would clash, so
        // bookmarks inside a repeating section are left out.
        if repeatDepth > 0, m == nil, n.isW("bookmarkStart") || n.isW("bookmarkEnd") { return }
        if let m { for id in m.endBefore { prepareKeeper(section: id, closeParagraph: n, &b); endSection(id, &b) } }
        if let m { for id in m.beginBefore { beginSection(id, &b) } }

        switch n.paragraphRole {
        case .sectionTag:
            if let keeper = keeperParagraph(n) { b.literal(keeper) }
        case .block(let index):
            b.op(.block(index))
            if let keeper = keeperParagraph(n) { b.literal(keeper) }
        case .valueParagraph(let tag):
            emitValueParagraph(n, tag: tag, &b)
        case .normal:
            if n.isW("tc"), let expression = n.mergeTag {
                emitMergeCell(n, expression: expression, &b)
            } else if n.isW("tbl"), case let rows = n.children.filter({ $0.isW("tr") }), !rows.isEmpty,
                      rows.allSatisfy({ rowsInLoops.contains(ObjectIdentifier($0)) }) {
                b.push(.table, location: nil)
                emitElement(n, &b)
                if let open = b.pop() {
                    program.optionalTables.append(open.ops)
                    let siblings = n.parent?.children.filter { $0.kind == .element } ?? []
                    let previous = siblings.firstIndex { $0 === n }.flatMap { $0 > 0 ? siblings[$0 - 1] : nil }
                    let endsCell = n.parent?.isW("tc") == true && siblings.last === n && previous?.isW("p") != true
                    program.optionalTableEndsCell.append(endsCell)
                    b.append(.optionalTable(program.optionalTables.count - 1))
                }
            } else {
                emitElement(n, &b)
            }
        }

        if let m { for id in m.endAfter { endSection(id, &b) } }
        if let m { for id in m.beginAfter { beginSection(id, &b) } }
    }

    private mutating func emitElement(_ n: TNode, _ b: inout Builder) {
        if n.children.isEmpty, n.segments == nil {
            var out = XMLOutput()
            out.writeStartTag(XMLElement(name: n.name, attributes: n.attributes), selfClosing: true)
            b.literal(out.bytes)
            return
        }
        b.literal(startTag(n))
        if let segments = n.segments {
            for segment in segments {
                switch segment {
                case .text(let text):
                    var out = XMLOutput()
                    out.appendEscapedText(text)
                    b.literal(out.bytes)
                case .tag(let id):
                    emitTag(id, &b)
                }
            }
        } else {
            for child in n.children { emit(child, &b) }
        }
        b.literal(Array("</\(n.name)>".utf8))
    }

    private mutating func emitTag(_ id: Int, _ b: inout Builder) {
        switch roles[id] {
        case .value(let e):
            b.op(.value(e))
        case .inlineOpen(let s):
            let o = chain(tags[sectionOpenTag[s]].textNode)
            let c = chain(tags[sectionCloseTag[s]].textNode)
            program.sections[s].between = b.side(c.close + o.open)
            program.sections[s].whenEmpty = b.side(o.close + c.open)
            beginSection(s, &b)
        case .inlineClose(let s):
            endSection(s, &b)
        case .none, .removed, .paragraphValueSplit:
            break
        }
    }

    private mutating func emitValueParagraph(_ p: TNode, tag: Int, _ b: inout Builder) {
        guard case .value(let expression) = roles[tag] else { emitElement(p, &b); return }
        b.flush()
        let start = b.arena.count
        roles[tag] = .paragraphValueSplit
        var split = -1
        // Emit the paragraph as literal bytes, noting where the tag stands.
        func walk(_ n: TNode, _ b: inout Builder, _ compiler: inout Compiler) {
            switch n.kind {
            case .text, .other:
                var out = XMLOutput()
                if n.kind == .text { out.appendEscapedText(n.text) } else if let other = n.other { out.write(other) }
                b.literal(out.bytes)
            case .element:
                if compiler.repeatDepth > 0, n.isW("bookmarkStart") || n.isW("bookmarkEnd") { return }
                if n.children.isEmpty, n.segments == nil {
                    var out = XMLOutput()
                    out.writeStartTag(XMLElement(name: n.name, attributes: n.attributes), selfClosing: true)
                    b.literal(out.bytes)
                    return
                }
                b.literal(compiler.startTag(n))
                if let segments = n.segments {
                    for segment in segments {
                        switch segment {
                        case .text(let text):
                            var out = XMLOutput()
                            out.appendEscapedText(text)
                            b.literal(out.bytes)
                        case .tag(let id) where id == tag:
                            split = b.arena.count
                        case .tag:
                            break
                        }
                    }
                } else {
                    for child in n.children { walk(child, &b, &compiler) }
                }
                b.literal(Array("</\(n.name)>".utf8))
            }
        }
        walk(p, &b, &self)
        let end = b.arena.count
        b.pending = end
        guard split >= 0 else { return }
        program.paragraphValues.append(Program.ParagraphValue(expression: expression, prefix: Int32(start)..<Int32(split),
                                                              suffix: Int32(split)..<Int32(end)))
        b.append(.paragraphValue(program.paragraphValues.count - 1))
    }

    /// Element order inside `w:tcPr` (ECMA-376 §17.4.66): `w:vMerge` follows these.
    private static let beforeVMerge: Set<String> = ["cnfStyle", "tcW", "gridSpan", "hMerge"]

    private mutating func emitMergeCell(_ tc: TNode, expression: Int, _ b: inout Builder) {
        b.literal(startTag(tc))
        let tcPr = tc.firstChild(w: "tcPr")
        var prefix = XMLOutput(), suffix = XMLOutput()
        if let tcPr {
            prefix.writeStartTag(XMLElement(name: tcPr.name, attributes: tcPr.attributes))
            for child in tcPr.children where !child.isW("vMerge") {
                if let w = child.w, Self.beforeVMerge.contains(w) { child.serialized(into: &prefix) } else { child.serialized(into: &suffix) }
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
        program.mergeCells.append(Program.MergeCell(expression: expression, tcPrPrefix: b.side(prefix.bytes),
                                                    tcPrSuffix: b.side(suffix.bytes), emptyContent: b.side(empty.bytes)))
        // The innermost open row loop resets this cell's memory when it starts.
        if let section = b.stack.reversed().compactMap({ open -> Int? in
            if case .section(let id) = open.kind, program.sections[id].placement == .rows { return id }
            return nil
        }).first {
            program.sections[section].mergeCells.append(index)
        }
        b.push(.merge(index), location: nil)
        for child in tc.children where !(child === tcPr) { emit(child, &b) }
        if let open = b.pop() {
            program.mergeCells[index].body = open.ops
        }
        b.append(.mergeCell(index))
        b.literal(Array("</\(tc.name)>".utf8))
    }
}
