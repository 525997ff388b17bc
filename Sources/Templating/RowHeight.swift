import Foundation

/// A rough printed height of a table row, to tell whether a 一级指标's rows can share one page.
/// Rows kept together by `w:keepNext` that cannot fit on a page leave LibreOffice confused: it
/// starts the group on a fresh page (the page before half empty) and leaves an empty sliver of the
/// next row at the foot of every page the group fills. The estimate errs on the tall side for
/// table text (10.5 pt, full-width characters one em, others half), so a group that surely fits
/// still keeps together.
public enum RowHeight {
    /// Twips per line of table text (10.5 pt type on single spacing, with leading).
    static let line = 300
    /// Twips a row adds to its lines (cell margins, borders).
    static let padding = 80
    /// Twips a character of table text takes: full-width one em, others half.
    static func width(_ scalar: Unicode.Scalar) -> Int {
        scalar.value < 0x1100 || (0xFF61...0xFFDC).contains(scalar.value) ? 105 : 210
    }

    /// Lines a paragraph of `text` takes in a cell `cellWidth` twips wide (default margins).
    static func lines(_ text: Substring, cellWidth: Int) -> Int {
        let usable = max(210, cellWidth - 216)
        let total = text.unicodeScalars.reduce(0) { $0 + width($1) }
        return max(1, (total + usable - 1) / usable)
    }

    /// The estimated height in twips of one rendered `<w:tr>…</w:tr>`.
    public static func estimate(_ row: Substring) -> Int {
        var tallest = 1
        var rest = row[...]
        while let open = rest.range(of: "<w:tc>") {
            let close = rest[open.upperBound...].range(of: "</w:tc>")?.lowerBound ?? rest.endIndex
            let cell = rest[open.upperBound..<close]
            let cellWidth = attribute(in: cell, element: "<w:tcW ", name: "w:w").flatMap { Int($0) } ?? 1000
            var lineCount = 0
            for paragraph in cell.components(separatedBy: "</w:p>").dropLast() {
                lineCount += lines(Substring(text(of: Substring(paragraph))), cellWidth: cellWidth)
            }
            tallest = max(tallest, lineCount)
            rest = rest[close...]
        }
        let least = attribute(in: row, element: "<w:trHeight ", name: "w:val").flatMap { Int($0) } ?? 0
        return max(least, tallest * line + padding)
    }

    /// The page's text height in twips from a section's `w:pgSz` and `w:pgMar` (nil: unknown).
    public static func textHeight(pageHeight: Int?, top: Int?, bottom: Int?) -> Int? {
        guard let pageHeight, pageHeight > 0 else { return nil }
        let height = pageHeight - abs(top ?? 1440) - abs(bottom ?? 1440)
        return height > 0 ? height : nil
    }

    private static func attribute(in xml: Substring, element: String, name: String) -> String? {
        guard let start = xml.range(of: element) else { return nil }
        let tag = xml[start.upperBound...].prefix { $0 != ">" }
        guard let a = tag.range(of: name + "=\"") else { return nil }
        return String(tag[a.upperBound...].prefix { $0 != "\"" })
    }

    /// The text of `w:t` elements in `xml` (entities count as one character).
    private static func text(of xml: Substring) -> String {
        var result = ""
        var rest = xml
        while let open = rest.range(of: "<w:t") {
            let after = rest[open.upperBound...]
            guard let first = after.first, first == ">" || first == " ",
                  let end = after.firstIndex(of: ">") else { rest = after; continue }
            let body = after[after.index(after: end)...]
            let close = body.range(of: "</w:t>")?.lowerBound ?? body.endIndex
            result += body[..<close].replacingOccurrences(of: #"&[a-z#0-9]+;"#, with: "x", options: .regularExpression)
            rest = body[close...]
        }
        return result
    }
}
