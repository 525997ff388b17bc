/// Column widths of a rendered form table chosen from what its columns hold. A template fixes
/// its columns for text it has never seen: the 特定目标类 form's 三级指标 column wrapped
/// “医保系统正常运行” over a lone “率” while 预期指标值 and 实际完成指标值 beside it stood half
/// empty. Once the table is rendered, the columns other than its label columns (those whose
/// cells merge down: 一级/二级指标 and the side label, whose labels break by `LabelLines` for the
/// template's widths) share their template width again by demand: a column gets at least its
/// longest unbreakable piece (a figure such as “≤167.64”, a Latin word), the rest goes to the
/// columns whose text would otherwise wrap, in proportion to what each lacks. The table's width
/// never changes, so it stays inside the margins.
enum ColumnFit {
    /// Room for four characters a line: a column of text narrower than that wraps it almost
    /// character by character.
    static let fewCharacters = 4 * TextWidths.tableEm

    struct Cell {
        var column: Int
        var span: Int
        /// The byte range of the digits of its `w:tcW w:w`.
        var width: Range<Int>?
        var merged: Bool
        var lines: [[Unicode.Scalar]]
        /// Where each scalar of each line starts in the document's bytes (inside its `w:t`).
        var offsets: [[Int]]
    }

    /// What ends a cell's text run, breaks its line and opens the run's text again.
    static let lineBreak: [UInt8] = Array("</w:t><w:br/><w:t xml:space=\"preserve\">".utf8)

    /// The table in `bytes[range]` (the last bytes rendered) with its grid and cell widths refitted, from `start` on: a
    /// table just above it with the same grid, parted from it by one paragraph (the 特定目标类
    /// form's 主管部门/预算/目标 rows over its indicator rows), takes the same widths, so the two
    /// read as one form with its column lines aligned. Nil when the table is left as it is (no
    /// grid, a nested table, nothing to gain).
    /// The grid of the one table opening at `tableStart` in `slice` (nil when another table
    /// opens inside it): where its `w:tblGrid` ends, and the digits of each `w:gridCol`'s `w:w`.
    private static func gridColumns(of slice: ArraySlice<UInt8>, tableAt tableStart: Int) -> (end: Int, columns: [Range<Int>])? {
        guard find(P.table, in: slice, from: tableStart + 7) == nil,
              let gridStart = find(P.grid, in: slice, from: tableStart),
              let gridEnd = find(P.gridEnd, in: slice, from: gridStart) else { return nil }
        var columns: [Range<Int>] = []
        var at = gridStart
        while let column = find(P.gridColumn, in: slice, from: at, before: gridEnd) {
            guard let digits = attributeDigits("w:w=\"", in: slice, from: column, before: gridEnd) else { return nil }
            columns.append(digits)
            at = digits.upperBound
        }
        return (gridEnd, columns)
    }

    /// `margins`: the left plus right margin of the table's cells (twips that hold no text).
    /// Once the widths are chosen, a cell's text that would end with one character alone on
    /// its last line gets its line breaks from `CellLines`.
    static func refit(_ bytes: [UInt8], _ range: Range<Int>, margins: Int = LabelLines.cellPadding) -> (start: Int, bytes: [UInt8])? {
        // The widths are shared with Word's default margins, more than the forms' own: the room
        // left over keeps a header (“全年预算数”) that exactly fills its line from wrapping.
        let padding = LabelLines.cellPadding
        let least = 2 * TextWidths.tableEm + padding
        let fewCharacters = Self.fewCharacters + padding
        let slice = bytes[range]
        guard let tableStart = find(P.table, in: slice, from: slice.startIndex),
              let (gridEnd, grid) = gridColumns(of: slice, tableAt: tableStart) else { return nil }
        let template = grid.map { number(slice, $0) }
        guard template.count > 1, template.allSatisfy({ $0 > 0 }) else { return nil }
        let cells = readCells(slice, from: gridEnd, columns: template.count)
        // Label columns keep their width: their labels were broken for it.
        let labels = Set(cells.filter { $0.merged && $0.span == 1 }.map(\.column))
        let free = (0..<template.count).filter { !labels.contains($0) }
        let fitted = free.count > 1 ? widths(template, cells: cells, free: free, padding: padding, least: least, fewCharacters: fewCharacters) : template
        var edits: [(Range<Int>, [UInt8])] = []
        if fitted != template {
            edits += zip(grid, fitted).map { ($0, Array(String($1).utf8)) }
            edits += cellWidths(cells, fitted)
        }
        edits += lineBreaks(cells, fitted, padding: margins)
        var start = range.lowerBound
        if let above = tableAbove(bytes, before: range.lowerBound, grid: template) {
            if fitted != template {
                start = above.start
                edits += zip(above.grid, fitted).map { ($0, Array(String($1).utf8)) }
                edits += cellWidths(above.cells, fitted)
            }
            let breaks = lineBreaks(above.cells, fitted, padding: margins)
            if !breaks.isEmpty { start = above.start; edits += breaks }
        }
        guard !edits.isEmpty else { return nil }
        // One pass: the bytes between the edits copied, each edit's bytes written in.
        var result: [UInt8] = []
        result.reserveCapacity(range.upperBound - start + 48 * edits.count)
        var copied = start
        for (at, replacement) in edits.sorted(by: { $0.0.lowerBound < $1.0.lowerBound }) where at.lowerBound >= copied {
            result.append(contentsOf: bytes[copied..<at.lowerBound])
            result.append(contentsOf: replacement)
            copied = at.upperBound
        }
        result.append(contentsOf: bytes[copied..<range.upperBound])
        return (start, result)
    }

    /// Each cell's `w:tcW` digits and the width of the grid columns it spans.
    static func cellWidths(_ cells: [Cell], _ fitted: [Int]) -> [(Range<Int>, [UInt8])] {
        cells.compactMap { cell in
            guard let digits = cell.width, cell.column + cell.span <= fitted.count else { return nil }
            return (digits, Array(String(fitted[cell.column..<(cell.column + cell.span)].reduce(0, +)).utf8))
        }
    }

    /// Line breaks for the text of the cells whose last line would hold one character alone
    /// (the labels `LabelLines` broke fit their lines already).
    static func lineBreaks(_ cells: [Cell], _ fitted: [Int], padding: Int) -> [(Range<Int>, [UInt8])] {
        var result: [(Range<Int>, [UInt8])] = []
        for cell in cells where cell.column + cell.span <= fitted.count {
            let usable = fitted[cell.column..<(cell.column + cell.span)].reduce(0, +) - padding
            for (line, offsets) in zip(cell.lines, cell.offsets) where offsets.count == line.count && CellLines.mayOverfill(line, usable: usable) {
                for cut in CellLines.breaks(line, usable: usable) { result.append((offsets[cut]..<offsets[cut], lineBreak)) }
            }
        }
        return result
    }

    /// The template's widths shared again by what the free columns hold.
    static func widths(_ template: [Int], cells: [Cell], free: [Int], padding: Int, least: Int, fewCharacters: Int) -> [Int] {
        var natural = Array(repeating: least, count: template.count)
        var floor = Array(repeating: least, count: template.count)
        for cell in cells where cell.span == 1 && cell.column < template.count {
            for line in cell.lines {
                natural[cell.column] = max(natural[cell.column], width(line[...]) + padding)
                floor[cell.column] = max(floor[cell.column], longestPiece(line) + padding)
            }
        }
        // What each free column must have (its longest unbreakable piece, and room for a few
        // characters a line), what it never uses (room beyond its longest line) and what more
        // it would take (its longest line on one line).
        var need: [Int: Int] = [:], slack: [Int: Int] = [:], more: [Int: Int] = [:]
        for c in free {
            need[c] = max(0, max(floor[c], min(natural[c], fewCharacters)) - template[c])
            slack[c] = max(0, template[c] - max(natural[c], floor[c], fewCharacters))
            more[c] = max(0, natural[c] - template[c] - need[c]!)
        }
        let pool = slack.values.reduce(0, +)
        guard pool > 0 else { return template }
        // The room first to the columns that must grow, then to those whose text wraps.
        var gain: [Int: Int] = [:]
        var left = pool
        for wanted in [need, more] {
            let total = wanted.values.reduce(0, +)
            guard total > 0, left > 0 else { continue }
            let share = min(left, total)
            for c in free where wanted[c]! > 0 {
                let g = share * wanted[c]! / total
                gain[c, default: 0] += g
                left -= g
            }
        }
        let given = pool - left
        guard given > 0 else { return template }
        // Taken from the columns with room to spare, each by its share of the room.
        var fitted = template
        var taken = 0
        for c in free {
            fitted[c] += gain[c] ?? 0
            let loss = given * slack[c]! / pool
            fitted[c] -= loss
            taken += loss
        }
        if let roomiest = free.max(by: { slack[$0]! < slack[$1]! }) { fitted[roomiest] -= given - taken }
        return fitted
    }

    /// The table ending just before `end` (one paragraph between, or none) whose grid is `grid`:
    /// where it starts, its grid's digits and its cells.
    static func tableAbove(_ bytes: [UInt8], before end: Int, grid: [Int]) -> (start: Int, grid: [Range<Int>], cells: [Cell])? {
        let all = bytes[0..<end]
        // The gap paragraph is short: look no further back than this for the table's end.
        guard let close = lastIndex(of: P.tableEnd, in: all[max(0, end - 2048)...]) else { return nil }
        let between = all[(close + 8)...]
        // Only a paragraph (the gap under the first table) may stand between the two.
        guard find(P.tableOrTableProperties, in: between, from: between.startIndex) == nil,
              find(P.text, in: between, from: between.startIndex) == nil, find(P.textSpace, in: between, from: between.startIndex) == nil,
              count(P.paragraphEnd, in: between) <= 1,
              let open = lastIndex(of: P.table, in: all[..<close]) else { return nil }
        let table = bytes[open..<(close + 8)]
        guard let (gridEnd, digits) = gridColumns(of: table, tableAt: open) else { return nil }
        guard digits.map({ number(table, $0) }) == grid else { return nil }
        return (open, digits, readCells(table, from: gridEnd, columns: grid.count))
    }

    static func lastIndex(of p: [UInt8], in slice: ArraySlice<UInt8>) -> Int? {
        var i = slice.endIndex - p.count
        while i >= slice.startIndex {
            if slice[i] == p[0] && slice[i..<(i + p.count)].elementsEqual(p) { return i }
            i -= 1
        }
        return nil
    }

    static func count(_ pattern: [UInt8], in slice: ArraySlice<UInt8>) -> Int {
        var n = 0, at = slice.startIndex
        while let i = find(pattern, in: slice, from: at) { n += 1; at = i + 1 }
        return n
    }

    /// The cells of the table's rows after the grid, with the grid column each starts at.
    static func readCells(_ slice: ArraySlice<UInt8>, from: Int, columns: Int) -> [Cell] {
        var cells: [Cell] = []
        var at = from
        while let rowStart = find(P.row, in: slice, from: at) {
            let rowEnd = find(P.rowEnd, in: slice, from: rowStart) ?? slice.endIndex
            var column = 0
            var cellAt = rowStart
            while let tc = find(P.cell, in: slice, from: cellAt, before: rowEnd) {
                let tcEnd = find(P.cellEnd, in: slice, from: tc, before: rowEnd) ?? rowEnd
                let properties = find(P.cellPropertiesEnd, in: slice, from: tc, before: tcEnd) ?? tc
                let span = find(P.gridSpan, in: slice, from: tc, before: properties)
                    .flatMap { attributeDigits("w:val=\"", in: slice, from: $0, before: properties) }.map { number(slice, $0) } ?? 1
                let width = find(P.cellWidth, in: slice, from: tc, before: properties).flatMap { attributeDigits("w:w=\"", in: slice, from: $0, before: properties) }
                let merged = find(P.vMerge, in: slice, from: tc, before: properties) != nil
                let (lines, offsets) = lines(slice, properties..<tcEnd)
                cells.append(Cell(column: column, span: max(1, span), width: width, merged: merged, lines: lines, offsets: offsets))
                column += max(1, span)
                cellAt = tcEnd
            }
            at = rowEnd
        }
        return cells
    }

    /// The text lines of a cell: one per paragraph, split again at `w:br`; and where each of
    /// their scalars starts in the document.
    static func lines(_ slice: ArraySlice<UInt8>, _ range: Range<Int>) -> ([[Unicode.Scalar]], [[Int]]) {
        var result: [[Unicode.Scalar]] = []
        var offsets: [[Int]] = []
        var line: [UInt8] = []
        var starts: [Int] = []
        func flush() {
            if !line.isEmpty {
                let scalars = Array(String(decoding: line, as: UTF8.self).unicodeScalars)
                result.append(scalars)
                // Valid UTF-8 decodes one scalar per lead byte; anything else gets no breaks.
                offsets.append(scalars.count == starts.count ? starts : [])
            }
            line.removeAll(keepingCapacity: true)
            starts.removeAll(keepingCapacity: true)
        }
        let base = slice.startIndex
        slice.withUnsafeBufferPointer { buffer in
            func at(_ k: Int, _ pattern: [UInt8]) -> Bool {
                guard k + pattern.count <= range.upperBound - base else { return false }
                for (n, byte) in pattern.enumerated() where buffer[k + n] != byte { return false }
                return true
            }
            var i = range.lowerBound - base
            let end = range.upperBound - base
            var inText = false
            while i < end {
                let byte = buffer[i]
                if byte == UInt8(ascii: "<") {
                    if at(i, P.text) || at(i, P.textSpace) {
                        inText = true
                    } else if at(i, P.textEnd) {
                        inText = false
                    } else if at(i, P.br) || at(i, P.paragraphEnd) {
                        flush()
                    }
                    while i < end && buffer[i] != UInt8(ascii: ">") { i += 1 }
                    i += 1
                } else if inText && byte == UInt8(ascii: "&") {
                    // An entity stands for one half-width character.
                    starts.append(i + base)
                    line.append(UInt8(ascii: "x"))
                    while i < end && buffer[i] != UInt8(ascii: ";") { i += 1 }
                    i += 1
                } else {
                    if inText {
                        if byte & 0xC0 != 0x80 { starts.append(i + base) }
                        line.append(byte)
                    }
                    i += 1
                }
            }
        }
        flush()
        return (result, offsets)
    }

    /// The markup the reader looks for, as bytes once.
    enum P {
        static let tableEnd: [UInt8] = Array("</w:tbl>".utf8)
        static let gridEnd: [UInt8] = Array("</w:tblGrid>".utf8)
        static let cellEnd: [UInt8] = Array("</w:tc>".utf8)
        static let cellPropertiesEnd: [UInt8] = Array("</w:tcPr>".utf8)
        static let rowEnd: [UInt8] = Array("</w:tr>".utf8)
        static let gridColumn: [UInt8] = Array("<w:gridCol ".utf8)
        static let gridSpan: [UInt8] = Array("<w:gridSpan ".utf8)
        static let tableOrTableProperties: [UInt8] = Array("<w:tbl".utf8)
        static let table: [UInt8] = Array("<w:tbl>".utf8)
        static let grid: [UInt8] = Array("<w:tblGrid>".utf8)
        static let cell: [UInt8] = Array("<w:tc>".utf8)
        static let cellWidth: [UInt8] = Array("<w:tcW ".utf8)
        static let row: [UInt8] = Array("<w:tr".utf8)
        static let vMerge: [UInt8] = Array("<w:vMerge".utf8)
        static let width: [UInt8] = Array("w:w=\"".utf8), value: [UInt8] = Array("w:val=\"".utf8)
        static let text: [UInt8] = Array("<w:t>".utf8), textSpace: [UInt8] = Array("<w:t ".utf8)
        static let textEnd: [UInt8] = Array("</w:t>".utf8), br: [UInt8] = Array("<w:br".utf8), paragraphEnd: [UInt8] = Array("</w:p>".utf8)
    }

    static func width(_ scalars: ArraySlice<Unicode.Scalar>) -> Int {
        TextWidths.tableWidth(scalars)
    }

    /// The widest run of the line that no line break may split: characters other than Han and
    /// full-width punctuation (digits, Latin letters, ≥ ≤ % .) run together; a Han character
    /// stands alone.
    static func longestPiece(_ line: [Unicode.Scalar]) -> Int {
        var longest = 0, run = 0
        var previous: Unicode.Scalar? = nil
        for scalar in line {
            if scalar.properties.isWhitespace {
                run = 0
                previous = nil
            } else if TextWidths.isFull(scalar) {
                run = 0
                previous = nil
                longest = max(longest, TextWidths.tableEm)
            } else {
                run += TextWidths.width(of: scalar, after: previous, em: TextWidths.tableEm)
                previous = scalar
                longest = max(longest, run)
            }
        }
        return longest
    }

    /// Where `pattern` first starts in `slice[from..<before]` (nil: nowhere). Every search is
    /// bounded by the element it looks in, so a table is read in one pass, not once per cell.
    static func find(_ p: [UInt8], in slice: ArraySlice<UInt8>, from: Int, before: Int? = nil) -> Int? {
        let end = min(before ?? slice.endIndex, slice.endIndex)
        let start = max(from, slice.startIndex)
        guard !p.isEmpty, start <= end - p.count else { return nil }
        let base = slice.startIndex
        // Raw buffers: this scan is most of the fit's time.
        return slice.withUnsafeBufferPointer { buffer in
            p.withUnsafeBufferPointer { pattern -> Int? in
                let first = pattern[0], count = pattern.count
                var i = start - base
                let last = end - count - base
                while i <= last {
                    if buffer[i] == first {
                        var k = 1
                        while k < count && buffer[i + k] == pattern[k] { k += 1 }
                        if k == count { return i + base }
                    }
                    i += 1
                }
                return nil
            }
        }
    }

    /// The digits of the attribute `name` (`w:w="`) in the tag starting at `from`.
    static func attributeDigits(_ name: String, in slice: ArraySlice<UInt8>, from: Int, before: Int) -> Range<Int>? {
        attributeDigits(name == "w:w=\"" ? P.width : P.value, in: slice, from: from, before: before)
    }

    static func attributeDigits(_ name: [UInt8], in slice: ArraySlice<UInt8>, from: Int, before: Int) -> Range<Int>? {
        let tagEnd = slice[from..<min(before, slice.endIndex)].firstIndex(of: UInt8(ascii: ">")) ?? before
        guard let a = find(name, in: slice, from: from, before: min(tagEnd, before)) else { return nil }
        let start = a + name.count
        var end = start
        while end < slice.endIndex, slice[end] >= UInt8(ascii: "0"), slice[end] <= UInt8(ascii: "9") { end += 1 }
        return end > start && end - start < 8 ? start..<end : nil
    }

    static func number(_ slice: ArraySlice<UInt8>, _ digits: Range<Int>) -> Int {
        slice[digits].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }
}
