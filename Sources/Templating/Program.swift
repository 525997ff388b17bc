import JSONValue
import OOXML

/// A compiled part: literal byte chunks (one arena) and instructions. Rendering walks
/// this program once, never the XML.
struct Program: Sendable {
    enum Op: Sendable {
        case literal(start: Int32, end: Int32)
        /// A value tag inside a `w:t`.
        case value(Int)
        /// A value tag alone in its paragraph: one paragraph per line of the value.
        case paragraphValue(Int)
        case section(Int)
        case mergeCell(Int)
        /// A table whose rows all repeat: dropped when no row was rendered (Word rejects a
        /// table without rows).
        case optionalTable(Int)
        case block(Int)
        /// `{{%path}}`: a picture inside the tag's run.
        case image(Int)
        /// The relationship id of a hyperlink whose address holds tags.
        case link(Int)
        /// The id of a template drawing (`wp:docPr`: a text box, shape or picture) inside a
        /// repeated section, given the template's id: each copy gets an id of its own, as Word
        /// wants them unique (copies sharing one made Word report the document unreadable).
        case drawingID(Int)
        /// The id of a content control (`w:sdtPr/w:id`), of a tracked change (`w:ins w:id`,
        /// `w:del`, `w:rPrChange`…) or of a comment's anchor (`w:commentRangeStart`…) inside a
        /// repeated section, given the template's: each copy gets one of its own, as the ids
        /// name one control, one revision or one comment each (`FreshID`).
        case controlID(Int, FreshID)
        /// Around a table with label columns (`| merge` cells): once rendered, its other
        /// columns share their width by what they hold (`ColumnFit`). The table's cell margins
        /// (left plus right, twips).
        case fitStart(Int), fitEnd
    }

    struct Image: Sendable {
        var expression: Int
        var size: ImageSize
        /// From inside the tag's `w:t` to inside a run of its own (same run properties), and
        /// back: readers such as pandoc take a run holding a drawing for the drawing alone.
        var openRun: Range<Int32> = 0..<0
        var closeRun: Range<Int32> = 0..<0
    }

    struct Expression: Sendable {
        var path: DataPath
        var filters: [(call: FilterCall, filter: Filter)]
        var location: TemplateLocation
        var raw: String
        var hasDefault: Bool
        /// In a field code (`HYPERLINK "{{url}}"`): the value is escaped as an address.
        var url: URLEscaping.Mode? = nil
    }

    /// What a `controlID` numbers. A comment's three anchors in one copy share the copy's id,
    /// and the copy gets a comment of its own in the comments part (`RenderAttachments.commentID`).
    enum FreshID: Sendable {
        case control, commentStart, commentEnd, commentReference
    }

    enum LinkPiece: Sendable {
        case text(String)
        case value(Int)
    }

    struct ParagraphValue: Sendable {
        var expression: Int
        var prefix: Range<Int32>
        var suffix: Range<Int32>
    }

    enum Placement: String, Sendable, Codable {
        case inline, paragraphs, rows
    }

    struct Section: Sendable {
        var path: DataPath
        /// `{{#等次 == "优"}}`: shown once when the comparison holds (never a loop).
        var comparison: Comparison? = nil
        var inverted: Bool
        var placement: Placement
        var body: [Op] = []
        /// Emitted between two iterations (inline: back from the close tag's run to the open tag's).
        var between: Range<Int32> = 0..<0
        /// Emitted when nothing is rendered (inline: from the open tag's run to the close tag's).
        var whenEmpty: Range<Int32> = 0..<0
        /// A paragraph that keeps a table cell valid (a cell must end with a paragraph).
        var keeper: Range<Int32> = 0..<0
        var keeperWhenEmpty = false
        var keeperWhenRendered = false
        /// Merge cells inside the repeated rows; their memory is reset when the section starts.
        var mergeCells: [Int] = []
        /// Row loops only: the repeated rows are the table's last, so a paragraph follows them.
        var endsTable = false
        /// Row loops only: the row after the repeated rows keeps with the next (its paragraphs
        /// have a direct keepNext), so the loop's last row keeps with it too.
        var nextRowKeeps = false
        var location: TemplateLocation
        /// The path as the open tag writes it (`等次`), for the preview's marker.
        var writtenPath = ""
    }

    struct MergeCell: Sendable {
        /// nil: the cell spans the loop's rows whatever the data (`TNode.spansLoop`).
        var expression: Int?
        var tcPrPrefix: Range<Int32>
        var tcPrSuffix: Range<Int32>
        var body: [Op] = []
        var emptyContent: Range<Int32>
        /// The cell's width in twips (`w:tcW`, nil: none given) and its left plus right margin:
        /// where its label breaks (`LabelLines`).
        var width: Int? = nil
        var margins = LabelLines.cellPadding
    }

    struct Block: Sendable {
        var generator: any BlockGenerator
        var context: BlockContext
    }

    var arena: [UInt8] = []
    var ops: [Op] = []
    var expressions: [Expression] = []
    var paragraphValues: [ParagraphValue] = []
    var sections: [Section] = []
    var mergeCells: [MergeCell] = []
    var blocks: [Block] = []
    var images: [Image] = []
    var links: [[LinkPiece]] = []
    var optionalTables: [[Op]] = []
    /// Per optional table: it ends a table cell, so removing it must leave a paragraph there
    /// (Word refuses a cell that does not end with one).
    var optionalTableEndsCell: [Bool] = []
    /// Comments anchored both inside a repeated section and outside it (or in two of them):
    /// their anchors keep the template's id, as a copy cannot hold the whole comment.
    var keptCommentIDs: Set<Int> = []
    /// The text height of the part's last section in twips (nil: not a document body, or no
    /// page size): a row loop keeps a 一级指标's rows together only when they fit on a page.
    var pageTextHeight: Int?
    /// XML bytes needed for `\n` and `\t` inside a `w:t`.
    static let lineBreak: [UInt8] = Array("</w:t><w:br/><w:t xml:space=\"preserve\">".utf8)
    static let tab: [UInt8] = Array("</w:t><w:tab/><w:t xml:space=\"preserve\">".utf8)
}

/// What to do when the data has no value at a tag's path.
public enum MissingPolicy: String, Sendable, CaseIterable {
    /// Every missing path is reported; nothing is written.
    case error
    /// Missing values print as nothing.
    case empty
}

/// Renders one program; one per render call (not shared between threads).
struct Renderer {
    let program: Program
    let missing: MissingPolicy
    var out: XMLOutput
    var frames: [Frame] = []
    var mergePrevious: [String?]
    var mergeChain = true
    /// The `| merge` cell whose content is being written: its value is a label of a narrow
    /// column and breaks by `LabelLines`.
    var labelCell: (expression: Int, width: Int?, margins: Int)?
    /// Where each open fitted table starts in `out` (`ColumnFit`), and what had left `out` then.
    var fitMarks: [(at: Int, spilled: Int, inMemory: Bool, margins: Int)] = []
    /// Bytes sent to the spool so far.
    var spilled = 0
    /// Merge cells met and merge cells continuing the row above, in the current loop row.
    var mergeCellsSeen = 0
    var mergeCellsContinued = 0
    /// Rows rendered by row loops so far (lets an all-loop table vanish when empty).
    var rowIterations = 0
    var errors: [RenderError] = []
    var missingPaths: Set<String> = []
    var warnings: [RenderWarning] = []
    var attachments: RenderAttachments?
    var payload: (any Sendable)?
    /// A top-level list whose items are made as the loop over it reaches them (`LazyItems`).
    var rows: LazyItems?
    var partName = ""
    var images = ImageSettings()
    /// Preview: every condition's branch shows, an inline one after a marker saying when.
    var showsEveryCondition = false
    /// A part whose rows grow past `spoolThreshold` bytes sends its finished rows to a
    /// temporary file (`SpoolFile`) as it goes: the 汇总表 of 10 000 projects is never whole in
    /// memory. Only rows of the outermost loop are sent, and only once every table being
    /// rendered has a row: the bytes still open to rewriting (the last row, a table that may
    /// yet be dropped for having none) stay in `out`.
    var spoolThreshold = Int.max
    var spool: SpoolFile?
    var spoolError: OOXMLError?
    /// List sections being iterated; per optional table being rendered, the rows rendered
    /// before it (until it has a row of its own it may yet be cut, so nothing may be sent).
    var openLoops = 0
    var optionalTableStarts: [Int] = []
    /// A long row loop rendered in chunks, each deflated on its own (`RowChunking`); nil: none.
    var chunking: RowChunking?
    var chunkLevel = ZipWriter.defaultCompressionLevel
    /// The pieces so far once a loop was chunked (the part's text before the loop first).
    var deflated: DeflatedEntry?

    struct Frame {
        var value: JSONValue
        /// Loop position, when the frame is a list item.
        var index: Int
        var count: Int
        /// For error paths: the frame the section path was resolved from, and that path.
        var base: Int
        var pathText: String
    }

    init(program: Program, missing: MissingPolicy, data: JSONValue, capacity: Int) {
        self.program = program
        self.missing = missing
        out = XMLOutput(reservingCapacity: capacity)
        mergePrevious = Array(repeating: nil, count: program.mergeCells.count)
        frames.append(Frame(value: data, index: -1, count: 0, base: -1, pathText: ""))
    }

    mutating func run() {
        execute(program.ops)
    }

    @inline(__always)
    mutating func emit(_ range: Range<Int32>) {
        guard range.lowerBound < range.upperBound else { return }
        out.bytes.append(contentsOf: program.arena[Int(range.lowerBound)..<Int(range.upperBound)])
    }

    private mutating func execute(_ ops: [Op]) {
        for op in ops {
            switch op {
            case .literal(let start, let end):
                emit(start..<end)
            case .value(let e):
                if var text = evaluate(e, quiet: false) {
                    if let label = labelCell, label.expression == e { text = LabelLines.broken(text, cellWidth: label.width, margins: label.margins) }
                    if let mode = program.expressions[e].url {
                        writeRunText(URLEscaping.escape(text, mode)[...], expression: e)
                    } else {
                        writeRunText(text[...], expression: e)
                    }
                }
            case .paragraphValue(let p):
                let pv = program.paragraphValues[p]
                let text = evaluate(pv.expression, quiet: false) ?? ""
                if let label = labelCell, label.expression == pv.expression {
                    // A label's lines are one paragraph with line breaks: a cell of two
                    // paragraphs is not a plain table cell to readers such as pandoc.
                    emit(pv.prefix)
                    writeRunText(LabelLines.broken(text, cellWidth: label.width, margins: label.margins)[...], expression: pv.expression)
                    emit(pv.suffix)
                    continue
                }
                // Split on bytes: "\r\n" is one Character, and grapheme walking is slow for CJK.
                let utf8 = text.utf8
                var lineStart = utf8.startIndex
                var i = utf8.startIndex
                while true {
                    let atEnd = i == utf8.endIndex
                    let byte: UInt8 = atEnd ? 0 : utf8[i]
                    if atEnd || byte == 0x0A || byte == 0x0D {
                        emit(pv.prefix)
                        writeRunText(text[lineStart..<i], expression: pv.expression)
                        emit(pv.suffix)
                        if atEnd { break }
                        var next = utf8.index(after: i)
                        if byte == 0x0D, next != utf8.endIndex, utf8[next] == 0x0A { next = utf8.index(after: next) }
                        lineStart = next
                        i = next
                        continue
                    }
                    i = utf8.index(after: i)
                }
            case .section(let s):
                runSection(s)
            case .mergeCell(let m):
                runMergeCell(m)
            case .block(let b):
                runBlock(b)
            case .image(let i):
                runImage(i)
            case .link(let l):
                runLink(l)
            case .drawingID(let original):
                out.append(String(attachments?.nextDrawingID() ?? original))
            case .controlID(let original, let kind):
                if kind == .control {
                    out.append(String(attachments?.nextControlID() ?? original))
                } else if program.keptCommentIDs.contains(original) {
                    out.append(String(original))
                } else {
                    out.append(String(attachments?.commentID(copying: original, kind) ?? original))
                }
            case .fitStart(let margins):
                fitMarks.append((out.bytes.count, spilled, deflated == nil, margins))
            case .fitEnd:
                // A table partly sent to the spool or to deflated pieces is left as it is.
                if let mark = fitMarks.popLast(), mark.spilled == spilled, mark.inMemory, deflated == nil,
                   mark.at <= out.bytes.count, let fitted = ColumnFit.refit(out.bytes, mark.at..<out.bytes.count, margins: mark.margins) {
                    out.bytes.replaceSubrange(fitted.start..., with: fitted.bytes)
                }
            case .optionalTable(let t):
                let mark = out.bytes.count
                let before = rowIterations
                optionalTableStarts.append(before)
                execute(program.optionalTables[t])
                optionalTableStarts.removeLast()
                if rowIterations == before {
                    out.bytes.removeSubrange(mark...)
                    if program.optionalTableEndsCell[t] { out.bytes.append(contentsOf: Array("<w:p/>".utf8)) }
                }
            }
        }
    }

    typealias Op = Program.Op

    // MARK: values

    private func lookup(_ path: DataPath) -> JSONValue? {
        switch path.special {
        case .current: return frames.last?.value
        case .index, .number, .first, .last:
            guard let frame = frames.last(where: { $0.index >= 0 }) else { return nil }
            switch path.special {
            case .index: return .number(String(frame.index))
            case .number: return .number(String(frame.index + 1))
            case .first: return .bool(frame.index == 0)
            default: return .bool(frame.index == frame.count - 1)
            }
        case .none:
            guard case .key(let first, _)? = path.components.first else { return nil }
            var i = frames.count - 1
            while i >= 0 {
                if case .object(let object) = frames[i].value, let start = object[first] {
                    return path.components.count == 1 ? start : ScopeLookup.descend(start, path.components.dropFirst())
                }
                if path.relativeToCurrent { return nil }
                i -= 1
            }
            return nil
        }
    }

    /// Index of the frame a path resolves from (for error paths).
    private func resolvingFrame(_ path: DataPath) -> Int {
        guard path.special == .none, case .key(let first, _)? = path.components.first else { return frames.count - 1 }
        var i = frames.count - 1
        while i >= 0 {
            if case .object(let object) = frames[i].value, object[first] != nil { return i }
            if path.relativeToCurrent { break }
            i -= 1
        }
        return frames.count - 1
    }

    private func fullPath(frame: Int) -> String {
        guard frame > 0 else { return "" }
        let f = frames[frame]
        let base = fullPath(frame: f.base)
        var text = f.pathText.hasPrefix(".") ? String(f.pathText.dropFirst()) : f.pathText
        if text == "." || text.isEmpty { text = "" }
        var result = base.isEmpty ? text : (text.isEmpty ? base : base + "." + text)
        if f.index >= 0 { result += "[\(f.index)]" }
        return result
    }

    func fullPath(of path: DataPath) -> String {
        let base = fullPath(frame: resolvingFrame(path))
        let text = path.text.hasPrefix(".") ? String(path.text.dropFirst()) : path.text
        return base.isEmpty ? text : base + "." + text
    }

    /// The printed text of an expression, or nil when missing (and recorded as such).
    mutating func evaluate(_ e: Int, quiet: Bool) -> String? {
        let expression = program.expressions[e]
        var value = lookup(expression.path)
        for (call, filter) in expression.filters {
            do {
                value = try filter.apply(value, call.arguments)
            } catch {
                if !quiet {
                    errors.append(RenderError(.filterFailed, "\(expression.raw)：\(error.message)（数据路径 \(fullPath(of: expression.path))）",
                                              path: fullPath(of: expression.path), location: expression.location))
                }
                return ""
            }
        }
        guard let value else {
            if missing == .error, !quiet {
                let path = fullPath(of: expression.path)
                if missingPaths.insert(path).inserted {
                    errors.append(RenderError(.missingValue, "数据中没有 \(path)（标签 \(expression.raw)）", path: path, location: expression.location))
                }
            }
            return missing == .error && !quiet ? nil : ""
        }
        return ValueText.string(value)
    }

    /// Escapes a value into an open `w:t`: `\n` becomes a line break, `\t` a tab, and
    /// characters XML 1.0 forbids are dropped (with a warning).
    private mutating func writeRunText(_ text: Substring, expression: Int) {
        let removed = writeEscaped(text.utf8)
        if removed > 0 {
            let expr = program.expressions[expression]
            warnings.append(RenderWarning(code: .forbiddenCharactersRemoved,
                                          message: "\(expr.location.description)：\(fullPath(of: expr.path)) 的值含有 \(removed) 个 XML 不允许的控制字符，已删除",
                                          path: fullPath(of: expr.path)))
        }
    }

    /// The one escaper besides `XMLOutput`'s, for one reason: inside a `w:t` a value's line
    /// breaks and tabs become `<w:br/>`/`<w:tab/>` elements and forbidden characters are dropped
    /// and counted for the warning, in the same pass that escapes `& < >`. Copies runs of
    /// ordinary bytes in bulk (a native string's UTF-8 is contiguous, so each run is one copy);
    /// returns how many forbidden characters were dropped.
    private mutating func writeEscaped(_ text: Substring.UTF8View) -> Int {
        var removed = 0
        var runStart = text.startIndex
        var i = text.startIndex
        let end = text.endIndex
        while i < end {
            let byte = text[i]
            if byte >= 0x20 && byte != 0x26 && byte != 0x3C && byte != 0x3E && byte != 0xEF {
                text.formIndex(after: &i)
                continue
            }
            if runStart < i { out.bytes.append(contentsOf: text[runStart..<i]) }
            var next = text.index(after: i)
            switch byte {
            case 0x26: out.bytes.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])
            case 0x3C: out.bytes.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])
            case 0x3E: out.bytes.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])
            case 0x0D:
                out.bytes.append(contentsOf: Program.lineBreak)
                if next < end, text[next] == 0x0A { text.formIndex(after: &next) }
            case 0x0A: out.bytes.append(contentsOf: Program.lineBreak)
            case 0x09: out.bytes.append(contentsOf: Program.tab)
            case 0xEF:
                // U+FFFE and U+FFFF (EF BF BE / EF BF BF) are not XML characters.
                let second = next
                let third = second < end ? text.index(after: second) : end
                if third < end, text[second] == 0xBF, text[third] == 0xBE || text[third] == 0xBF {
                    removed += 1
                    next = text.index(after: third)
                } else {
                    out.bytes.append(0xEF)
                }
            default:
                removed += 1
            }
            i = next
            runStart = i
        }
        if runStart < end { out.bytes.append(contentsOf: text[runStart..<end]) }
        return removed
    }

    // MARK: sections

    /// The items a loop over `section` takes one at a time (`rows`): a plain `{{#key}}` (or
    /// `{{^key}}`, true when there are none) of the path `key` from the top of the data, which
    /// holds some value there (usually an empty list) standing in for other tags.
    private func lazyItems(_ section: Program.Section) -> LazyItems? {
        guard let rows, section.comparison == nil, section.path.special == .none, !section.path.relativeToCurrent,
              section.path.text == rows.key, resolvingFrame(section.path) == 0, lookup(section.path) != nil else { return nil }
        return rows
    }

    private mutating func runSection(_ index: Int) {
        let section = program.sections[index]
        let lazy = lazyItems(section)
        if let items = lazy, !section.inverted {
            for m in section.mergeCells { mergePrevious[m] = nil }
            if items.count > 0, let outerKeys = chunkedKeys(section: index, count: items.count) {
                runChunked(section: index, count: items.count, base: 0, outerKeys: outerKeys, item: items.item, records: items.records)
            } else if items.count > 0 {
                loop(section, count: items.count, base: 0, item: items.item)
            } else {
                emit(section.whenEmpty)
            }
            if (items.count == 0 && section.keeperWhenEmpty) || (items.count > 0 && section.keeperWhenRendered) {
                emit(section.keeper)
            }
            return
        }
        let value = lookup(section.path)
        let truthy = lazy.map { $0.count > 0 } ?? section.comparison.map { $0.holds(value) } ?? ValueText.isTruthy(value)
        // A section whose data is absent is a typo as often as a `false`: with `--missing error`
        // it is reported like a missing value. Inverted sections exist for absent data.
        if value == nil, !section.inverted, missing == .error, section.path.special == .none {
            let path = fullPath(of: section.path)
            if missingPaths.insert(path).inserted {
                errors.append(RenderError(.missingValue, "数据中没有 \(path)（区段 {{#\(section.path.text)}}；若有意省略，请写 false 或空数组）",
                                          path: path, location: section.location))
            }
        }
        for m in section.mergeCells { mergePrevious[m] = nil }
        if showsEveryCondition, section.comparison != nil {
            if section.placement == .inline { out.appendEscapedText(Self.conditionMarker(section)) }
            iterate(section)
            if section.keeperWhenRendered { emit(section.keeper) }
            return
        }
        var count = 0
        let base = resolvingFrame(section.path)
        if section.inverted {
            if !truthy {
                count = 1
                iterate(section)
            }
        } else if truthy, section.comparison != nil {
            count = 1
            iterate(section)
        } else if truthy, let value {
            if case .array(let items) = value, let outerKeys = chunkedKeys(section: index, count: items.count) {
                count = items.count
                runChunked(section: index, count: items.count, base: base, outerKeys: outerKeys) { items[$0] }
            } else if case .array(let items) = value {
                count = items.count
                loop(section, count: items.count, base: base) { items[$0] }
            } else {
                count = 1
                frames.append(Frame(value: value, index: -1, count: 0, base: base, pathText: section.path.text))
                iterate(section)
                frames.removeLast()
            }
        }
        if count == 0 { emit(section.whenEmpty) }
        if (count == 0 && section.keeperWhenEmpty) || (count > 0 && section.keeperWhenRendered) {
            emit(section.keeper)
        }
    }

    /// Whether a loop's last row keeps with what follows it (the rule above; chunked loops too).
    static func lastRowKeeps(_ section: Program.Section) -> Bool {
        section.placement == .rows && (section.endsTable || section.nextRowKeeps)
    }

    /// Every paragraph of `out`'s `rows` keeps with the next.
    mutating func keepWithNext(_ rows: Range<Int>) {
        out.bytes.replaceSubrange(rows, with: KeepWithNext.everyParagraph(out.bytes[rows]))
    }

    /// Sends `out`'s first `end` bytes to the spool; returns how many left `out` (none once
    /// the temporary file failed: the part then stays in memory and the failure is reported).
    /// A list section's items in turn (`item(i)`: the i-th), each row kept with the row
    /// above or spooled as the rules below say.
    private mutating func loop(_ section: Program.Section, count: Int, base: Int, item: (Int) -> JSONValue) {
        var previousRows: Range<Int>? = nil
        // The rows of the current 一级 group, not yet kept together, and their estimated height;
        // `overlong`: the group was found taller than a page and its keeps are settled.
        var group = Group()
        // The row before the loop's last as it stands in `out`, and the height of the group it
        // ends (0: a group taller than a page, whose rows no longer keep together).
        var penultimate: Range<Int>? = nil
        var penultimateGroupHeight = 0
        openLoops += 1
        defer { openLoops -= 1 }
        for i in 0..<count {
            if i > 0 { emit(section.between) }
            frames.append(Frame(value: item(i), index: i, count: count, base: base, pathText: section.path.text))
            let start = out.bytes.count
            let counts = (mergeCellsSeen, mergeCellsContinued)
            (mergeCellsSeen, mergeCellsContinued) = (0, 0)
            iterate(section)
            // A row whose first merged cell continues the row above is part of its group
            // (one 一级 label): the group's rows keep together, so a group is not split across
            // pages. A merged cell's text prints only on the page where the merge starts, so
            // the rows of a split 一级 group overleaf would stand without their label.
            var rows = start..<out.bytes.count
            penultimate = previousRows
            if section.placement == .rows {
                if mergeCellsContinued == 0 || (group.rows.isEmpty && !group.overlong) {
                    penultimateGroupHeight = group.overlong ? 0 : group.height
                    // The group ends with the row before this one: its keeps change the rows
                    // above that row, which moves it and this row alike.
                    let growth = settle(&group)
                    rows = (rows.lowerBound + growth)..<(rows.upperBound + growth)
                    penultimate = penultimate.map { ($0.lowerBound + growth)..<($0.upperBound + growth) }
                    group = Group()
                } else {
                    penultimate = nil
                }
                if !group.overlong {
                    group.rows.append(rows)
                    group.height += out.bytes.withUnsafeBufferPointer { RowHeight.estimate(UnsafeBufferPointer(rebasing: $0[rows])) }
                    if let page = program.pageTextHeight, group.height > Self.groupRoom(page) {
                        // Taller than a page: only its label row keeps with the row below.
                        group.overlong = true
                        let growth = settle(&group)
                        rows = (rows.lowerBound + growth)..<(rows.upperBound + growth)
                        group.rows = []
                    }
                }
            }
            let upTo = group.rows.first?.lowerBound ?? rows.lowerBound
            if upTo >= spoolThreshold, openLoops == 1, rowIterations > (optionalTableStarts.last ?? -1) {
                let sent = spill(upTo: upTo)
                rows = (rows.lowerBound - sent)..<(rows.upperBound - sent)
                penultimate = penultimate.flatMap { $0.lowerBound >= sent ? ($0.lowerBound - sent)..<($0.upperBound - sent) : nil }
                group.rows = group.rows.map { ($0.lowerBound - sent)..<($0.upperBound - sent) }
            }
            previousRows = rows
            (mergeCellsSeen, mergeCellsContinued) = counts
            frames.removeLast()
        }
        let lastGroupRows = group.overlong ? 0 : group.rows.count
        let growth = settle(&group)
        if let last = previousRows { previousRows = (last.lowerBound + growth)..<(last.upperBound + growth) }
        // A loop that ends its table: its last row keeps with the paragraph after the
        // table (the 填报人 line under a form), so that line never starts a page alone.
        // Rows after the loop (合计, 小计 …) are left alone — pulling a detail row over
        // with them would leave it without its merged 一级 label — unless the template
        // keeps the row after the loop with the next (the 汇总表's 合计 with its note): then
        // the last detail row goes with them, so the last page holds a project row.
        if Self.lastRowKeeps(section), let last = previousRows { keepWithNext(last) }
        // A last 一级 group of one row (满意度指标 under its own label) keeps the row above with
        // it, so the table's last page never holds that row alone under the repeated header —
        // when the group above and this row fit on a page together.
        if section.placement == .rows, !section.mergeCells.isEmpty, count > 1, lastGroupRows == 1, let row = penultimate, let last = previousRows {
            let height = out.bytes.withUnsafeBufferPointer { RowHeight.estimate(UnsafeBufferPointer(rebasing: $0[last])) }
            if program.pageTextHeight.map({ penultimateGroupHeight + height <= Self.groupRoom($0) }) ?? true {
                keepWithNext(row)
            }
        }
    }

    /// A 一级 group's rows in `out` while the loop decides how they keep together.
    struct Group {
        var rows: [Range<Int>] = []
        var height = 0
        var overlong = false
    }

    /// The height a group may take and still keep together: the page's text height less the
    /// repeated header rows and the rows above the group on its page (a two-line header and a
    /// line to spare).
    static func groupRoom(_ page: Int) -> Int { page - 2 * RowHeight.line - RowHeight.padding - RowHeight.line }

    /// Keeps a group's rows with the row below each: every row but the last when the group fits
    /// on a page; only the first (the label with one row) when it is taller than a page. Returns
    /// how many bytes `out` grew by; the group's ranges are spent.
    private mutating func settle(_ group: inout Group) -> Int {
        guard group.rows.count > 1 else { group.rows = []; return 0 }
        let kept = group.overlong ? Array(group.rows.prefix(1)) : Array(group.rows.dropLast())
        var growth = 0
        // From the last: replacing a row moves the rows after it, never those before.
        for range in kept.reversed() {
            let before = out.bytes.count
            keepWithNext(range)
            growth += out.bytes.count - before
        }
        group.rows = []
        return growth
    }

    private mutating func spill(upTo end: Int) -> Int {
        // Once a loop was chunked the part is pieces, not a spool: what follows stays in `out`.
        guard spoolError == nil, deflated == nil, end > 0 else { return 0 }
        do {
            if spool == nil { spool = try SpoolFile() }
            try spool?.append(out.bytes[..<end])
        } catch {
            spoolError = error
            return 0
        }
        out.bytes.removeSubrange(..<end)
        spilled += end
        return end
    }

    /// The rendered part: in memory, or (once rows were spilled) the spool with the rest appended.
    mutating func finishedContent() -> ZipEntryContent {
        if deflated != nil, spoolError == nil {
            // The text after the chunked loop is the last piece.
            if flushPiece() != nil, let deflated { return .deflated(deflated) }
            return .bytes([])
        }
        guard let spool, spoolError == nil else { return .bytes(out.bytes) }
        do {
            try spool.append(out.bytes[...])
        } catch {
            spoolError = error
            return .bytes([])
        }
        out.bytes = []
        return .spool(spool)
    }

    /// `〔若 等次 == "优"〕`, `〔若非 等次 == "优"〕` (for `{{^…}}`).
    static func conditionMarker(_ section: Program.Section) -> String {
        guard let comparison = section.comparison else { return "" }
        let value = comparison.numeric ? comparison.literal : "\"\(comparison.literal)\""
        return "〔\(section.inverted ? "若非" : "若") \(section.writtenPath) \(comparison.equal ? "==" : "!=") \(value)〕"
    }

    @inline(__always)
    mutating func iterate(_ section: Program.Section) {
        if section.placement == .rows {
            mergeChain = true
            rowIterations += 1
        }
        execute(section.body)
    }

    /// `| merge`: the cell continues the one above when its value is equal and every merge
    /// cell to its left in the row continued too (二级 never merges across a 一级 change).
    private mutating func runMergeCell(_ index: Int) {
        let cell = program.mergeCells[index]
        guard let expression = cell.expression else {
            // Spans the loop: the same on every row, so it neither starts nor continues a
            // 一级 group and leaves the chain of the cells to its right alone.
            let continues = mergePrevious[index] != nil
            mergePrevious[index] = ""
            emit(cell.tcPrPrefix)
            out.append(continues ? "<w:vMerge/>" : "<w:vMerge w:val=\"restart\"/>")
            emit(cell.tcPrSuffix)
            if continues { emit(cell.emptyContent) } else { execute(cell.body) }
            return
        }
        let text = evaluate(expression, quiet: true) ?? ""
        let continues = mergeChain && mergePrevious[index] == text
        if !continues { mergeChain = false }
        mergeCellsSeen += 1
        if continues { mergeCellsContinued += 1 }
        mergePrevious[index] = text
        emit(cell.tcPrPrefix)
        out.append(continues ? "<w:vMerge/>" : "<w:vMerge w:val=\"restart\"/>")
        emit(cell.tcPrSuffix)
        if continues {
            emit(cell.emptyContent)
        } else {
            let outer = labelCell
            labelCell = (expression, cell.width, cell.margins)
            execute(cell.body)
            labelCell = outer
        }
    }

    private mutating func runBlock(_ index: Int) {
        let block = program.blocks[index]
        var scope = BlockScope(frames: frames.map(\.value), missing: missing)
        scope.attachments = attachments
        scope.payload = payload
        scope.partName = partName
        do {
            try block.generator.render(block.context, scope: scope, into: &out)
        } catch {
            errors.append(RenderError(.blockFailed, "块标签 \(block.context.tag)：\(error.message)", path: error.path,
                                      location: block.context.location))
        }
    }
}
