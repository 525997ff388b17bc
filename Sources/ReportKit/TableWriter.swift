import OOXML
import Templating

/// Writes tables shaped like the default templates' own: `ReportTable` style, fixed layout,
/// full text width, single 0.5 pt borders, rows that do not split across pages.
struct TableWriter {
    let styles: StyleCatalog
    let width: Int

    func scaled(_ widths: [Int]) -> [Int] {
        let total = widths.reduce(0, +)
        guard total > 0 else { return widths }
        var result = widths.map { $0 * width / total }
        if !result.isEmpty { result[result.count - 1] += width - result.reduce(0, +) }
        return result
    }

    func write(_ table: TableSpec, into out: inout XMLOutput) {
        let grid = scaled(table.widths)
        out.append("<w:tbl><w:tblPr><w:tblStyle w:val=\"ReportTable\"/>")
        out.append("<w:tblW w:w=\"\(width)\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>")
        // Explicit borders too, so a template without the ReportTable style still gets a ruled form.
        out.append("<w:tblBorders>")
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            out.append("<w:\(side) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>")
        }
        out.append("</w:tblBorders><w:tblLayout w:type=\"fixed\"/>")
        if let margin = table.cellMargin {
            out.append("<w:tblCellMar><w:left w:w=\"\(margin)\" w:type=\"dxa\"/><w:right w:w=\"\(margin)\" w:type=\"dxa\"/></w:tblCellMar>")
        }
        out.append("<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>")
        for w in grid { out.append("<w:gridCol w:w=\"\(w)\"/>") }
        out.append("</w:tblGrid>")
        let margins = table.cellMargin.map { 2 * $0 } ?? styles.cellMargins(tableStyle: "ReportTable")
        for row in table.rows {
            out.append("<w:tr><w:trPr><w:cantSplit/>")
            if let height = row.minHeight { out.append("<w:trHeight w:val=\"\(height)\" w:hRule=\"atLeast\"/>") }
            out.append(row.isHeader ? "<w:tblHeader/></w:trPr>" : "</w:trPr>")
            var column = 0
            for cell in row.cells {
                let span = max(1, cell.span)
                let end = min(grid.count, column + span)
                let cellWidth = column < end ? grid[column..<end].reduce(0, +) : 0
                column += span
                out.append("<w:tc><w:tcPr><w:tcW w:w=\"\(cellWidth)\" w:type=\"dxa\"/>")
                if span > 1 { out.append("<w:gridSpan w:val=\"\(span)\"/>") }
                switch cell.vMerge {
                case .restart?: out.append("<w:vMerge w:val=\"restart\"/>")
                case .continue?: out.append("<w:vMerge/>")
                case nil: break
                }
                out.append("<w:vAlign w:val=\"center\"/></w:tcPr>")
                var lineBreaks = false
                var printed = cell
                if cell.isLabel {
                    printed.text = LabelLines.broken(cell.text, cellWidth: cellWidth, margins: margins)
                    lineBreaks = true
                } else if !cell.text.isEmpty, !cell.text.utf8.contains(0x0A) {
                    // A text whose last line would hold one character alone breaks earlier.
                    printed.text = CellLines.broken(cell.text, usable: cellWidth - margins)
                    lineBreaks = printed.text != cell.text
                }
                writeParagraphs(printed, keep: row.keepWithNext, lineBreaks: lineBreaks, into: &out)
                out.append("</w:tc>")
            }
            out.append("</w:tr>")
        }
        out.append("</w:tbl>")
    }

    func writeParagraphProperties(_ style: TableCell.Style, keep: Bool = false, into out: inout XMLOutput) {
        let keepNext = keep ? "<w:keepNext/>" : ""
        if let styleID = paragraphStyle(style) {
            out.append("<w:pPr><w:pStyle w:val=\"")
            out.appendEscapedAttribute(styleID)
            out.append("\"/>" + keepNext + "</w:pPr>")
            return
        }
        // A template without the table styles: keep cells tight and aligned, and bold headers.
        let jc = style == .left ? "left" : "center"
        out.append("<w:pPr>" + keepNext + "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/><w:jc w:val=\"\(jc)\"/></w:pPr>")
    }

    /// The template's style for a kind of cell, by the default templates' style id or, when
    /// Word or WPS gave the style a new id on saving (`a5`), by the name shown in Word (表头).
    func paragraphStyle(_ style: TableCell.Style) -> String? {
        Self.style(style).id(in: styles)
    }

    /// The style of a kind of cell, as `template check` names it when it is missing (W-TPL-026).
    static func style(_ style: TableCell.Style) -> BlockStyle {
        switch style {
        case .header: return BlockStyle(name: "表头", ids: ["TableHeader"], use: "表格的表头", fallback: "加粗、居中、单倍行距的格式",
                                         clue: .tableRows(header: true))
        case .center: return BlockStyle(name: "表格正文", ids: ["TableText"], use: "表格中的数字和短文字", fallback: "居中、单倍行距的正文格式",
                                         clue: .tableRows(header: false))
        case .left: return BlockStyle(name: "表格正文（左）", ids: ["TableTextLeft"], use: "表格中靠左的长文字", fallback: "靠左、单倍行距的正文格式")
        }
    }

    static let blockStyles = [TableCell.Style.header, .center, .left].map(style)

    /// `lineBreaks`: the text's lines are one paragraph with `w:br` between them (a label's
    /// lines), not a paragraph each.
    func writeParagraphs(_ cell: TableCell, keep: Bool = false, lineBreaks: Bool = false, into out: inout XMLOutput) {
        let bold = cell.style == .header && paragraphStyle(.header) == nil
        if lineBreaks, cell.text.contains("\n") {
            out.append("<w:p>")
            writeParagraphProperties(cell.style, keep: keep, into: &out)
            out.append(bold ? "<w:r><w:rPr><w:b/></w:rPr>" : "<w:r>")
            for (i, line) in cell.text.split(separator: "\n").enumerated() {
                if i > 0 { out.append("<w:br/>") }
                out.appendWordText(String(line))
            }
            out.append("</w:r></w:p>")
            return
        }
        let lines = cell.text.replacingOccurrences(of: "\r", with: "")
            .split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines {
            out.append("<w:p>")
            writeParagraphProperties(cell.style, keep: keep, into: &out)
            if !line.isEmpty {
                out.append(bold ? "<w:r><w:rPr><w:b/></w:rPr>" : "<w:r>")
                out.appendWordText(String(line))
                out.append("</w:r>")
            }
            out.append("</w:p>")
        }
    }
}
