/// Where the chart data sits in the embedded workbook; the chart's `c:f` formulas and the
/// sheet must agree, or Word's "Edit data" shows a different table than the chart.
/// Column A holds the categories from row 2, row 1 the series names from column B.
struct SheetLayout {
    static let sheetName = "Sheet1"
    let categoryCount: Int
    let seriesCount: Int

    /// `A`, `B`, … `Z`, `AA`, … for a 0-based column.
    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var letters: [Character] = []
        while n > 0 {
            let remainder = (n - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + remainder))))
            n = (n - 1) / 26
        }
        return String(letters.reversed())
    }

    static func cell(column: Int, row: Int) -> String { "\(columnName(column))\(row)" }

    private static func absolute(column: Int, row: Int) -> String { "$\(columnName(column))$\(row)" }

    var lastRow: Int { categoryCount + 1 }

    /// `Sheet1!$B$1`
    func seriesNameFormula(_ series: Int) -> String {
        "\(Self.sheetName)!\(Self.absolute(column: series + 1, row: 1))"
    }

    /// `Sheet1!$A$2:$A$3`
    var categoriesFormula: String {
        "\(Self.sheetName)!\(Self.absolute(column: 0, row: 2)):\(Self.absolute(column: 0, row: lastRow))"
    }

    /// `Sheet1!$B$2:$B$3`
    func valuesFormula(_ series: Int) -> String {
        "\(Self.sheetName)!\(Self.absolute(column: series + 1, row: 2)):\(Self.absolute(column: series + 1, row: lastRow))"
    }

    /// `A1:C3`
    var dimension: String {
        "A1:\(Self.cell(column: seriesCount, row: lastRow))"
    }
}
