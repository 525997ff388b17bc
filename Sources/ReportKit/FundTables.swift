import Reports

/// The fund tables: `funds-summary` (one 金额 row) and `funds` (the 预算执行情况 form).
extension ReportTableBlock {
    static func fundsSummary<Data: TableSource>(_ data: inout Data) -> TableSpec {
        var table = TableSpec(widths: [2245, 2200, 2200, 2200])
        table.rows.append(.header(["资金情况", "计划数", "到位数", "使用数"]))
        table.rows.append(TableRow(cells: [
            TableCell("金额（万元）"),
            TableCell(data.fund(.total, .annualBudget)),
            TableCell(data.fund(.total, .received)),
            TableCell(data.fund(.total, .executed)),
        ]))
        return table
    }

    /// The aggregates behind the columns of the 预算执行情况 form, left to right.
    static let fundColumns: [FundColumn] = [.total, .fiscal, .central, .provincial, .municipal, .county, .carryover, .other]

    /// (项目, 行次, field). 行次 of the derived rows is on two lines so that the narrow
    /// column never breaks inside a formula.
    static let fundRows: [(String, String, FundField)] = [
        ("年初预算资金", "(1)", .initialBudget),
        ("全年预算资金", "(2)", .annualBudget),
        ("实际到位资金", "(3)", .received),
        ("全年执行资金", "(4)", .executed),
        ("资金结余", "(5)\n=(3)-(4)", .balance),
        ("预算到位率", "(6)\n=(3)/(2)", .receivedRate),
        ("预算执行率", "(7)\n=(4)/(2)", .executionRate),
    ]

    static func funds<Data: TableSource>(_ data: inout Data) -> TableSpec {
        // Eight figure columns wide enough for "100.00%" and "12579.31" on one line at 五号;
        // the narrower cell margins are what make that fit in portrait A4.
        var table = TableSpec(widths: [1381, 800] + Array(repeating: 833, count: 8))
        table.cellMargin = 28
        let restart = { (text: String) in TableCell(text, style: .header, vMerge: .restart) }
        let below = TableCell("", style: .header, vMerge: .continue)
        table.rows.append(TableRow(cells: [
            restart("项目"), restart("行次"), restart("年度总金额(万元)"),
            TableCell("财政资金", style: .header, span: 5),
            restart("上年结转资金(万元)"), restart("其他资金(万元)"),
        // 年度总金额(万元) takes three lines at 五号 in its column and spans both header rows,
        // whose own text is one line each: the first row makes room for the third line.
        ], isHeader: true, minHeight: 3 * 252 + 56 - (252 + 56)))
        table.rows.append(TableRow(cells: [below, below, below]
            + ["小计", "中央级", "省级", "市级", "县区级"].map { TableCell($0, style: .header) }
            + [below, below], isHeader: true))
        for (i, (label, line, field)) in fundRows.enumerated() {
            var cells = [TableCell(label), TableCell(line)]
            for column in fundColumns {
                cells.append(TableCell(data.fund(column, field)))
            }
            var row = TableRow(cells: cells)
            // Nine rows of one form: never split across two pages (seed 002 printed (1)–(3)
            // on one page and (4)–(7) under a repeated header on the next).
            row.keepWithNext = i + 1 < fundRows.count
            table.rows.append(row)
        }
        return table
    }
}
