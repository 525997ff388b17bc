import Foundation

/// A rough printed height of a table row, to tell whether a 一级指标's rows can share one page.
/// Rows kept together by `w:keepNext` that cannot fit on a page leave LibreOffice confused: it
/// starts the group on a fresh page (the page before half empty) and leaves an empty sliver of the
/// next row at the foot of every page the group fills. Table text (10.5 pt) is measured by the one
/// width model (`TextWidths`), as the label breaks and the refitted columns measure it.
public enum RowHeight {
    /// Twips per line of table text (10.5 pt type on single spacing, with leading).
    static let line = 300
    /// Twips a row adds to its lines (cell margins, borders).
    static let padding = 80
    /// Lines a paragraph whose text is `total` twips wide takes in a cell `cellWidth` twips wide
    /// (default margins).
    static func lines(total: Int, cellWidth: Int) -> Int {
        let usable = max(TextWidths.tableEm, cellWidth - LabelLines.cellPadding)
        return max(1, (total + usable - 1) / usable)
    }

    /// The estimated height in twips of one rendered `<w:tr>…</w:tr>`. Read as bytes, once: it
    /// runs on every row of every table loop, and the rows are the document's bulk (done with
    /// String searches it was three quarters of `render --each`).
    public static func estimate(_ row: UnsafeBufferPointer<UInt8>) -> Int {
        var tallest = 1
        var at = 0
        while let open = find(cellOpen, in: row, from: at) {
            let contentStart = open + cellOpen.count
            let close = find(cellClose, in: row, from: contentStart) ?? row.count
            let cell = contentStart..<close
            let cellWidth = attribute(in: row, range: cell, element: cellWidthElement, name: widthName) ?? 1000
            var lineCount = 0
            var paragraphStart = cell.lowerBound
            // Each paragraph ends at its `</w:p>`; text after the last one is not a paragraph.
            while let end = find(paragraphClose, in: row, from: paragraphStart, before: cell.upperBound) {
                lineCount += lines(total: textWidth(in: row, range: paragraphStart..<end), cellWidth: cellWidth)
                paragraphStart = end + paragraphClose.count
            }
            tallest = max(tallest, lineCount)
            at = close
        }
        let least = attribute(in: row, range: 0..<row.count, element: rowHeightElement, name: valueName) ?? 0
        return max(least, tallest * line + padding)
    }

    /// The page's text height in twips from a section's `w:pgSz` and `w:pgMar` (nil: unknown).
    public static func textHeight(pageHeight: Int?, top: Int?, bottom: Int?) -> Int? {
        guard let pageHeight, pageHeight > 0 else { return nil }
        let height = pageHeight - abs(top ?? 1440) - abs(bottom ?? 1440)
        return height > 0 ? height : nil
    }

    private static let cellOpen = Array("<w:tc>".utf8), cellClose = Array("</w:tc>".utf8)
    private static let paragraphClose = Array("</w:p>".utf8)
    private static let textOpen = Array("<w:t".utf8), textClose = Array("</w:t>".utf8)
    private static let cellWidthElement = Array("<w:tcW ".utf8), rowHeightElement = Array("<w:trHeight ".utf8)
    private static let widthName = Array("w:w=\"".utf8), valueName = Array("w:val=\"".utf8)

    /// Where `pattern` first starts in `bytes[from..<before]` (nil: nowhere).
    private static func find(_ pattern: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from: Int, before: Int? = nil) -> Int? {
        let end = (before ?? bytes.count) - pattern.count
        guard from <= end, let first = pattern.first else { return nil }
        var i = from
        while i <= end {
            if bytes[i] == first {
                var j = 1
                while j < pattern.count && bytes[i + j] == pattern[j] { j += 1 }
                if j == pattern.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// The decimal value of attribute `name` (`w:w="`) of the first `element` (`<w:tcW `) in
    /// `bytes[range]`.
    private static func attribute(in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, element: [UInt8], name: [UInt8]) -> Int? {
        guard let start = find(element, in: bytes, from: range.lowerBound, before: range.upperBound) else { return nil }
        var tagEnd = start + element.count
        while tagEnd < bytes.count && bytes[tagEnd] != UInt8(ascii: ">") { tagEnd += 1 }
        guard let a = find(name, in: bytes, from: start + element.count, before: tagEnd) else { return nil }
        var i = a + name.count, value = 0, digits = 0
        while i < tagEnd, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9"), digits < 9 {
            value = value * 10 + Int(bytes[i] - UInt8(ascii: "0"))
            i += 1
            digits += 1
        }
        guard digits > 0, i < tagEnd, bytes[i] == UInt8(ascii: "\"") else { return nil }
        return value
    }

    /// The width in twips of the text of the `w:t` elements in `bytes[range]` (an entity counts
    /// as one half-width character, an “x”).
    private static func textWidth(in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Int {
        var total = 0
        var previous: Unicode.Scalar? = nil
        func add(_ scalar: Unicode.Scalar) {
            total += TextWidths.width(of: scalar, after: previous, em: TextWidths.tableEm)
            previous = scalar
        }
        var at = range.lowerBound
        while let open = find(textOpen, in: bytes, from: at, before: range.upperBound) {
            let after = open + textOpen.count
            guard after < range.upperBound, bytes[after] == UInt8(ascii: ">") || bytes[after] == UInt8(ascii: " ") else {
                at = after
                continue
            }
            var bodyStart = after
            while bodyStart < range.upperBound && bytes[bodyStart] != UInt8(ascii: ">") { bodyStart += 1 }
            bodyStart += 1
            let close = find(textClose, in: bytes, from: min(bodyStart, range.upperBound), before: range.upperBound) ?? range.upperBound
            var i = bodyStart
            while i < close {
                let byte = bytes[i]
                if byte == UInt8(ascii: "&"), let semicolon = entityEnd(bytes, from: i + 1, before: close) {
                    add("x")
                    i = semicolon + 1
                    continue
                }
                // One UTF-8 sequence: its scalar's value from the lead and continuation bytes.
                let length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
                var value = length == 1 ? UInt32(byte) : UInt32(byte) & (0xFF >> UInt32(length + 1))
                var k = 1
                while k < length && i + k < close {
                    value = value << 6 | UInt32(bytes[i + k] & 0x3F)
                    k += 1
                }
                add(Unicode.Scalar(value) ?? "x")
                i += length
            }
            at = close
        }
        return total
    }

    /// The `;` ending an entity (`&amp;`, `&#20013;`) that starts after `&` at `from`.
    private static func entityEnd(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, before: Int) -> Int? {
        var i = from
        while i < before {
            let b = bytes[i]
            if b == UInt8(ascii: ";") { return i > from ? i : nil }
            guard (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "#") else { return nil }
            i += 1
        }
        return nil
    }
}
