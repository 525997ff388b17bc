/// Where a generated body paragraph would end with one character alone on its last line
/// (“…达到了预期绩效目” / “标。”), and how to mend it. LibreOffice fills prose lines itself, so
/// no line break may be written into a justified paragraph (a wrong guess would leave a short
/// line in mid-paragraph); instead the characters of the paragraph's last but one line are set
/// a few twips wider (`w:spacing`, under a twentieth of an em each, out of sight in justified
/// text), so that line gives its last piece to the last line: “…达到了预期绩效” / “目标。”, as a
/// typesetter mends a 孤字 by 拉排.
/// Widening only ever moves text down, so a wrong guess costs nothing as long as the paragraph
/// has the lines the estimate says: the rule acts only when the lone character follows from every
/// width in the range the printed text can take (half-width characters ±5 %, the space between
/// Han and Latin text 0.2–0.3 em), never where the last line might in truth hold the whole of the
/// estimated last two (widening it would push a character onto a line of its own).
/// The estimate is LibreOffice's, by the width model form cells are measured by too
/// (`TextWidths`: full-width characters one em, ASCII in Times New Roman's widths, a fifth of an
/// em between Han and digits or Latin letters), closing punctuation kept to the character before
/// it and opening punctuation to the one after (`CellLines.pieces`), and 、。，．：； allowed past
/// the line's end (a line of 28 characters and a comma prints 29). Checked against every body
/// paragraph of the four examples printed by LibreOffice (officer reviews 14 and 15).
public enum ProseLines {
    /// A paragraph's measure: its font size, and the twips its first and its other lines hold.
    public struct Measure: Sendable, Equatable {
        /// One full-width character, in twips (the font size in half-points × 10).
        public var em: Int
        public var firstLine: Int
        public var otherLines: Int

        public init(em: Int, firstLine: Int, otherLines: Int) {
            self.em = em
            self.firstLine = firstLine
            self.otherLines = otherLines
        }
    }

    /// The widening: scalar offsets of the characters to set wider, and by how many twips each.
    public struct Widening: Sendable, Equatable {
        public var scalars: Range<Int>
        public var twips: Int
    }

    /// How sure the estimate is of half-width text other than digits: per mille of its Times width
    /// (LibreOffice may print Latin text in another face than the template names).
    struct Widths {
        var halfWidth: Int
        static let likely = Widths(halfWidth: 1000)
        static let range = [Widths(halfWidth: 950), Widths(halfWidth: 1050)]
    }

    /// The widening that keeps `text` from ending with one character alone on its last line;
    /// nil when it does not (or may not) end so, or no widening mends it.
    public static func widening(_ text: String, measure: Measure) -> Widening? {
        guard measure.em > 0, measure.em <= 32_760, measure.firstLine >= 2 * measure.em, measure.otherLines >= 2 * measure.em else { return nil }
        // A paragraph that surely fits one line (no character is wider than an em and a quarter).
        guard text.unicodeScalars.count * measure.em * 5 / 4 > measure.firstLine else { return nil }
        let line = Array(text.unicodeScalars)
        guard line.count > 1 else { return nil }
        let pieces = CellLines.pieces(line)
        let lines = self.lines(pieces, line: line, measure: measure, widths: .likely)
        guard lines.count > 1, let last = lines.last, last.count == 1, CellLines.isLone(pieces[last[0]], in: line),
              lines[lines.count - 2].count > 1 else { return nil }
        for widths in Widths.range {
            let other = self.lines(pieces, line: line, measure: measure, widths: widths)
            guard other.count == lines.count, other.last?.count == 1 else { return nil }
        }
        // The last but one line's characters, its last piece's closing punctuation excepted (it
        // may hang past the edge, so widening it moves nothing).
        let penultimate = lines[lines.count - 2]
        let start = pieces[penultimate[0]].lowerBound, end = pieces[penultimate[penultimate.count - 1]].upperBound
        let room = lines.count == 2 ? measure.firstLine : measure.otherLines
        let slack = max(0, room - fitWidth(penultimate.map { pieces[$0] }, line: line, measure: measure, widths: .likely))
        // Enough to overfill the line by half an em: one piece moves down, whatever the estimate missed.
        let twips = (slack + measure.em / 2 + (end - start) - 1) / (end - start)
        guard twips <= measure.em / 10 else { return nil }
        return Widening(scalars: start..<end, twips: twips)
    }

    /// Pieces by line, each line filled as far as it holds.
    static func lines(_ pieces: [Range<Int>], line: [Unicode.Scalar], measure: Measure, widths: Widths) -> [[Int]] {
        var lines: [[Int]] = [[]]
        var filled = 0
        var room = measure.firstLine
        for (k, piece) in pieces.enumerated() {
            let w = width(piece, line, measure: measure, widths: widths, joined: true)
            let fits = filled + w - hanging(piece, line, measure: measure) <= room
            if !lines[lines.count - 1].isEmpty && !fits && !TextWidths.isSpace(line[piece.lowerBound]) {
                lines.append([])
                filled = 0
                room = measure.otherLines
                filled = width(piece, line, measure: measure, widths: widths, joined: false)
            } else {
                filled += w
            }
            lines[lines.count - 1].append(k)
        }
        return lines
    }

    /// The width a line of `pieces` takes up to its edge (its last mark may hang past it).
    static func fitWidth(_ pieces: [Range<Int>], line: [Unicode.Scalar], measure: Measure, widths: Widths) -> Int {
        var total = 0
        for (k, piece) in pieces.enumerated() { total += width(piece, line, measure: measure, widths: widths, joined: k > 0) }
        return total - (pieces.last.map { hanging($0, line, measure: measure) } ?? 0)
    }

    /// Twips of the piece's last character that may stand past the line's end.
    static func hanging(_ piece: Range<Int>, _ line: [Unicode.Scalar], measure: Measure) -> Int {
        guard let last = piece.last else { return 0 }
        switch line[last].value {
        case 0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B: return measure.em
        default: return 0
        }
    }

    /// A piece's printed width, with the space where it meets the character before it (`joined`:
    /// on the same line).
    static func width(_ piece: Range<Int>, _ line: [Unicode.Scalar], measure: Measure, widths: Widths, joined: Bool) -> Int {
        TextWidths.width(piece, line, em: measure.em, halfWidth: widths.halfWidth, joined: joined)
    }

    /// `rPr` (or "") with `<w:spacing w:val="twips"/>` in its schema place (after `w:color`,
    /// before `w:w` and the rest), any spacing of its own replaced.
    public static func runProperties(_ rPr: String, widenedBy twips: Int) -> String {
        let spacing = "<w:spacing w:val=\"\(twips)\"/>"
        var inner = ""
        if rPr.hasPrefix("<w:rPr>"), rPr.hasSuffix("</w:rPr>") {
            inner = String(rPr.dropFirst("<w:rPr>".count).dropLast("</w:rPr>".count))
        }
        if let own = inner.range(of: "<w:spacing "), let close = inner[own.upperBound...].range(of: "/>") {
            inner.replaceSubrange(own.lowerBound..<close.upperBound, with: spacing)
            return "<w:rPr>" + inner + "</w:rPr>"
        }
        let after = ["w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
                     "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange"]
        let at = after.compactMap { name in
            [" ", "/", ">"].compactMap { inner.range(of: "<w:" + name + $0)?.lowerBound }.min()
        }.min() ?? inner.endIndex
        inner.insert(contentsOf: spacing, at: at)
        return "<w:rPr>" + inner + "</w:rPr>"
    }
}
