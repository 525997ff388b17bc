/// A table as the report's forms describe it: cells with text, style, spans and vertical merges,
/// column widths at the default text width. `TableWriter` turns it into WordprocessingML.
struct TableCell {
    enum Style { case header, center, left }
    enum VMerge { case restart, `continue` }
    var text: String
    var style: Style
    var span: Int
    var vMerge: VMerge?
    /// A label of a narrow key column (一级/二级指标): breaks where `LabelLines` says.
    var isLabel = false

    init(_ text: String, style: Style = .center, span: Int = 1, vMerge: VMerge? = nil, isLabel: Bool = false) {
        self.text = text
        self.style = style
        self.span = span
        self.vMerge = vMerge
        self.isLabel = isLabel
    }
}

struct TableRow {
    var cells: [TableCell]
    /// Repeated at the top of each page (`w:tblHeader`).
    var isHeader = false
    /// Least height in twips (`w:trHeight` atLeast): LibreOffice does not grow rows for the
    /// text of a cell merged down across them and cuts it off instead.
    var minHeight: Int? = nil
    /// Kept on the page of the next row (direct `w:keepNext` in its paragraphs).
    var keepWithNext = false

    static func header(_ labels: [String]) -> TableRow {
        TableRow(cells: labels.map { TableCell($0, style: .header) }, isHeader: true)
    }
}

struct TableSpec {
    /// Column widths in twips at the default text width; scaled to the actual width.
    var widths: [Int]
    var rows: [TableRow] = []
    /// Left/right cell margin in twips when the table needs narrower ones than the style's.
    var cellMargin: Int?
}
