import TextFormats

/// Where the text of a form cell (a 三级指标 name, a target value, a 偏差原因 note) breaks so
/// that its last line is not one character alone. LibreOffice fills each line of a cell to its
/// edge and wraps the rest, so a name one character longer than its lines printed that character
/// by itself: “召开医保工作市级新闻发布会、政策吹风” / “会” in the 特定目标类 form, “定点医药机构监督
/// 检查覆盖” / “率”, “按省上要求完” / “成” in the 自评表, “宣” / “传。” in a 偏差原因 note (officer
/// review 13). No column width avoids them all (a wider 三级指标 column left “跨省异地就医直接结算”
/// over “率”). In a narrow column a cell text of up to three lines is spread evenly over its lines
/// (“定点医药机构监” / “督检查覆盖率”); a longer one, or one in a cell as wide as a paragraph (the 年度
/// 总体目标 cell of 33 characters a line: spread, 目标4's lines stood a third short beside the full
/// lines of 目标1–3, officer review 15), ends its last but one line a piece early, so the last
/// holds two and the others stay full.
/// Breaks go only between pieces LibreOffice would not split either: a run of digits and Latin
/// letters (“DRG”, “≥90%”) stays whole, closing punctuation stays after the character before it
/// and opening punctuation before the one after it (`TextFormats/LineBreakPunctuation.swift`, the
/// list the --help screens break by too). Widths by the model body paragraphs are measured by
/// (`TextWidths`), table text at 10.5 pt (a full-width character 210 twips).
/// The labels of the label columns break by `LabelLines`.
public enum CellLines {
    /// Twips a line must leave free to stand on its own (“全年预算数”, 1050 twips in a cell whose
    /// text may take 1050, wrapped its last character; eight characters with 6 twips to spare did not).
    static let fill = 3
    /// One full-width character of table text (10.5 pt), in twips.
    static let em = TextWidths.tableEm
    /// The widest line (in twips) whose cell text is spread evenly: a column of up to 15
    /// characters (the forms' 三级指标, 指标值 and 偏差原因 columns), not a 目标 cell.
    static let spreadWidth = 16 * em
    /// Scalar offsets in `line` where a printed line starts (the first excepted), when the line,
    /// filled into `usable` twips, would end with one character alone; empty when it fits on one
    /// line, ends with more, or no break mends it.
    public static func breaks(_ line: [Unicode.Scalar], usable: Int) -> [Int] {
        guard usable >= 2 * em, line.count > 1 else { return [] }
        // LibreOffice wraps a line that fills its cell exactly.
        let usable = usable - fill
        // Most cells hold a figure or a short name that fits.
        guard width(0..<line.count, line) > usable else { return [] }
        let pieces = Self.pieces(line)
        let lines = greedy(pieces, line: line, usable: usable)
        guard lines.count > 1, let last = lines.last, last.count == 1, isLone(pieces[last[0]], in: line) else { return [] }
        var result: [[Int]]? = nil
        if lines.count <= 3, usable < spreadWidth { result = spread(pieces, count: lines.count, usable: usable, line: line) }
        if result == nil {
            // Long text: its last but one line gives its last piece to the last line.
            var moved = lines
            let penultimate = moved.count - 2
            guard moved[penultimate].count > 1, let piece = moved[penultimate].popLast() else { return [] }
            moved[penultimate + 1].insert(piece, at: 0)
            result = moved
        }
        guard let chosen = result else { return [] }
        return chosen.dropFirst().map { pieces[$0[0]].lowerBound }
    }

    /// One character (with the punctuation that keeps to it) standing alone.
    static func isLone(_ piece: Range<Int>, in line: [Unicode.Scalar]) -> Bool {
        guard TextWidths.isFull(line[piece.lowerBound]), !LineBreakPunctuation.isClosing(line[piece.lowerBound]) else { return false }
        return line[(piece.lowerBound + 1)..<piece.upperBound].allSatisfy(LineBreakPunctuation.isClosing)
    }

    /// The line cut where no line break may fall inside: each piece is one full-width character,
    /// or a run of half-width ones, with the closing punctuation after it and the opening
    /// punctuation before it.
    static func pieces(_ line: [Unicode.Scalar]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        var i = 0
        while i < line.count {
            var end = i
            // Opening punctuation keeps to what follows it.
            while end < line.count - 1 && LineBreakPunctuation.isOpening(line[end]) { end += 1 }
            if TextWidths.isSpace(line[end]) {
                end += 1
            } else if TextWidths.isFull(line[end]) {
                end += 1
            } else {
                while end < line.count, !TextWidths.isFull(line[end]), !TextWidths.isSpace(line[end]), !LineBreakPunctuation.isOpening(line[end]) { end += 1 }
                if end == i { end += 1 }
            }
            while end < line.count && LineBreakPunctuation.isClosing(line[end]) { end += 1 }
            result.append(start..<end)
            start = end
            i = end
        }
        return result
    }

    /// Pieces by line, each line filled as far as it holds.
    static func greedy(_ pieces: [Range<Int>], line: [Unicode.Scalar], usable: Int) -> [[Int]] {
        var lines: [[Int]] = [[]]
        var filled = 0
        for (k, piece) in pieces.enumerated() {
            let w = width(piece, line)
            // A space may hang past the edge.
            if filled > 0 && filled + w > usable && !TextWidths.isSpace(line[piece.lowerBound]) {
                lines.append([])
                filled = 0
            }
            lines[lines.count - 1].append(k)
            filled += w
        }
        return lines
    }

    /// The pieces over `count` lines of about the same width (a tie gives the longer first
    /// line); nil when a line would overfill or end alone again.
    static func spread(_ pieces: [Range<Int>], count: Int, usable: Int, line: [Unicode.Scalar]) -> [[Int]]? {
        let widths = pieces.map { width($0, line) }
        let total = widths.reduce(0, +)
        var lines: [[Int]] = [[]]
        var running = 0
        for (k, w) in widths.enumerated() {
            let target = total * lines.count / count
            if lines.count < count, !lines[lines.count - 1].isEmpty, abs(running - target) < abs(running + w - target) {
                lines.append([])
            }
            lines[lines.count - 1].append(k)
            running += w
        }
        guard lines.count == count,
              lines.allSatisfy({ l in l.reduce(0) { $0 + widths[$1] } <= usable }),
              !(lines[count - 1].count == 1 && isLone(pieces[lines[count - 1][0]], in: line)) else { return nil }
        return lines
    }

    /// Whether `scalars` might take more than `usable` twips, by a bound quicker than their width
    /// (most cells hold a figure or a short name): an ASCII character takes at most 282 twips
    /// (“W”, 198, with the space to Han text on both sides), any other at most an em.
    public static func mayOverfill(_ scalars: some Sequence<Unicode.Scalar>, usable: Int) -> Bool {
        var most = 0
        for scalar in scalars {
            most += scalar.isASCII ? 282 : em
            if most > usable { return true }
        }
        return false
    }

    /// A piece's printed width, with the space before it where it meets the character before.
    static func width(_ piece: Range<Int>, _ line: [Unicode.Scalar]) -> Int {
        TextWidths.width(piece, line, em: em, joined: true)
    }
}

extension CellLines {
    /// `text` with `\n` where its lines break in `usable` twips (each of its lines on its own);
    /// the same text when no line ends alone.
    public static func broken(_ text: String, usable: Int) -> String {
        // A text that surely fits is returned at once.
        guard mayOverfill(text.unicodeScalars, usable: usable) else { return text }
        // Scalars, not Characters: grapheme walking is slow for CJK.
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var changed = false
        var start = 0
        while start <= scalars.count {
            let end = scalars[start...].firstIndex(of: "\n") ?? scalars.count
            let line = Array(scalars[start..<end])
            var cuts = breaks(line, usable: usable)[...]
            changed = changed || !cuts.isEmpty
            for (i, scalar) in line.enumerated() {
                if cuts.first == i { out.append("\n"); cuts = cuts.dropFirst() }
                out.append(scalar)
            }
            if end < scalars.count { out.append("\n") }
            start = end + 1
        }
        return changed ? String(out) : text
    }
}
