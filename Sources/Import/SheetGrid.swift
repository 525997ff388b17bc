import OOXML

/// A sheet as the import reads it, whatever it came from: rows of cells with their address,
/// shown text and whether a merged range carried them (an .xlsx) or not (a CSV, where a merged
/// 一级指标 is an empty cell below its first row and is carried down by the reader of the table).
public struct SheetGrid: Sendable {
    public struct Cell: Sendable, Equatable {
        public var text: String
        public var address: String
        /// A number cell: `text` is as its number format shows it.
        public var isNumber = false
        /// The formula, when the value is a formula's cached result.
        public var formula: String?
        /// An error value (`#DIV/0!`) or a formula without a cached value.
        public var isBroken = false
        /// Shown here because a merged range starting elsewhere covers this position.
        public var fromMerge = false
    }

    /// Largest sheet read: forms have a few dozen rows, lists a few hundred.
    public static let maximumRows = 10_000
    public static let maximumColumns = 200

    /// The worksheet's name; nil for a CSV file, which has no sheets.
    public var sheet: String?
    public var file: String
    /// `rows[r][c]` is row r+1, column c+1; every row has `columnCount` cells.
    public var rows: [[Cell]]

    public var columnCount: Int { rows.first?.count ?? 0 }

    /// A CSV's records as a grid (ragged records padded with empty cells).
    init(csv records: [[String]], file: String) throws(ImportErrors) {
        let width = records.map(\.count).max() ?? 0
        guard records.count <= Self.maximumRows, width <= Self.maximumColumns else {
            throw ImportErrors([Self.tooLarge(rows: records.count, columns: width, sheet: nil, file: file)])
        }
        sheet = nil
        self.file = file
        rows = records.enumerated().map { r, record in
            (0..<width).map { c in
                Cell(text: c < record.count ? record[c] : "", address: CellPosition(row: r + 1, column: c + 1).address)
            }
        }
    }

    /// An .xlsx sheet as a grid: merged ranges filled from their first cell.
    init(sheet: Spreadsheet, file: String) throws(ImportErrors) {
        self.sheet = sheet.name
        self.file = file
        // Merged ranges are filled only as far as written cells reach: a range down to row
        // 1048576 adds nothing to read.
        let height = sheet.cells.map(\.position.row).max() ?? 0
        let width = sheet.cells.map(\.position.column).max() ?? 0
        guard height <= Self.maximumRows, width <= Self.maximumColumns else {
            throw ImportErrors([Self.tooLarge(rows: height, columns: width, sheet: sheet.name, file: file)])
        }
        var rows: [[Cell]] = (1...max(height, 1)).map { r in
            (1...max(width, 1)).map { c in Cell(text: "", address: CellPosition(row: r, column: c).address) }
        }
        if height == 0 { rows = [] }
        for cell in sheet.cells {
            rows[cell.position.row - 1][cell.position.column - 1] = Self.cell(cell)
        }
        for merge in sheet.merges where merge.first.row <= height && merge.first.column <= width {
            let first = rows[merge.first.row - 1][merge.first.column - 1]
            for r in merge.first.row...min(merge.last.row, height) {
                for c in merge.first.column...min(merge.last.column, width) where (r, c) != (merge.first.row, merge.first.column) {
                    var carried = first
                    carried.address = CellPosition(row: r, column: c).address
                    carried.fromMerge = true
                    rows[r - 1][c - 1] = carried
                }
            }
        }
        self.rows = rows
    }

    static func cell(_ cell: SpreadsheetCell) -> Cell {
        var out = Cell(text: cell.text, address: cell.address)
        out.isNumber = cell.kind == .number
        out.formula = cell.formula
        out.isBroken = cell.kind == .error || cell.isUncalculated
        return out
    }

    /// How a formula is named in notes: `=SUM(D6:D8)`, or 共享公式 for the followers of a
    /// shared formula, whose text Excel keeps on the group's first cell only.
    static func describe(formula: String) -> String {
        formula.isEmpty ? "共享公式" : "=" + formula
    }

    /// Where a note about a cell of this grid points.
    func position(of cell: String) -> String { ImportProblem.position(file: file, sheet: sheet, cell: cell) }

    static func tooLarge(rows: Int, columns: Int, sheet: String?, file: String) -> ImportProblem {
        ImportProblem(.sheetTooLarge, "工作表有 \(rows) 行、\(columns) 列，超过自评表可能的大小（至多 \(maximumRows) 行、\(maximumColumns) 列）；请只保留表格本身",
                      file: file, sheet: sheet)
    }
}
