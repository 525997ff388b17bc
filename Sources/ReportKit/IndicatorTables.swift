import Reports

/// The 自评表 tables (`indicators`, `scoresheet`) of each scheme, one per 一级指标 when asked.
extension ReportTableBlock {
    enum Scheme { case mof, ippe, none }

    static func indicatorTables<Data: TableSource>(kind: Kind, level1: String?, data: inout Data) -> [TableSpec] {
        let scheme: Scheme
        switch data.scheme() {
        case .mof2020: scheme = .mof
        case .ippe: scheme = .ippe
        case .none: scheme = .none
        }

        let source: RowList
        switch (kind, scheme) {
        case (.scoresheet, .ippe): source = .ippeRows
        case (_, .none) where level1 == nil: source = .indicators
        default: source = .sheetRows
        }
        var rows = data.rows(source)
        if let level1 {
            rows = rows.filter { data.field($0, .level1) == level1 }
            if rows.isEmpty {
                data.report("\(source.rawValue) 中没有一级指标为 “\(level1)” 的行")
                return []
            }
            return [filteredTable(rows, scheme: scheme, ippeScores: source == .ippeRows, data: &data)]
        }
        switch (kind, scheme) {
        case (_, .mof): return [mofSheet(rows, data: &data)]
        case (.scoresheet, .ippe): return [ippeSheet(rows, data: &data)]
        case (.indicators, .ippe):
            if rows.isEmpty { return [] }
            return [plainSheet(rows, data: &data)]
        case (_, .none):
            if rows.isEmpty { return [] }
            return [completionSheet(rows, data: &data)]
        default:
            return []
        }
    }

    /// The mof-2020 自评表 of the project report's appendix, with its 合计 row.
    static func mofSheet<Data: TableSource>(_ rows: [Data.Row], data: inout Data) -> TableSpec {
        var table = TableSpec(widths: [960, 960, 1400, 560, 1000, 1000, 980, 600, 1385])
        table.rows.append(.header(["一级指标", "二级指标", "三级指标", "分值", "年度指标值",
                                   "实际完成值", "完成率", "得分", "偏差原因分析及改进措施"]))
        let merged = mergedBody(rows, data: &data) { row, data in
            [TableCell(data.field(row, .name), style: .left),
             TableCell(data.field(row, .weight)),
             TableCell(data.field(row, .target)),
             TableCell(data.field(row, .actual)),
             TableCell(data.field(row, .rate)),
             TableCell(data.field(row, .score)),
             TableCell(data.field(row, .deviation), style: .left)]
        }
        table.rows += merged
        // The last indicator keeps with 合计, so the total row never stands alone on a page.
        if !table.rows.isEmpty { table.rows[table.rows.count - 1].keepWithNext = true }
        table.rows.append(TableRow(cells: [
            TableCell(ProjectForms.totalLabel, style: .header, span: 3),
            TableCell(data.sheet(.totalWeight)),
            TableCell("", span: 3),
            TableCell(data.sheet(.total)),
            TableCell("等次：" + data.sheet(.grade)),
        ]))
        return table
    }

    /// The ippe 评分表: 投入/过程/产出/效果 with their 小计 rows, then 合计 and 等次.
    static func ippeSheet<Data: TableSource>(_ rows: [Data.Row], data: inout Data) -> TableSpec {
        var table = TableSpec(widths: [1500, 1800, 3145, 1200, 1200])
        table.rows.append(.header(["一级指标", "二级指标", "三级指标", "分值", "得分"]))
        table.rows += ippeBody(rows, withLevel1: true, data: &data)
        // 合计 keeps with 等次, so the grade row never stands alone on a page.
        var total = TableRow(cells: [
            TableCell(ProjectForms.totalLabel, style: .header, span: 3),
            TableCell(data.sheet(.totalWeight)),
            TableCell(data.sheet(.total)),
        ])
        total.keepWithNext = true
        table.rows.append(total)
        table.rows.append(TableRow(cells: [
            TableCell("等次", style: .header, span: 3),
            TableCell(data.sheet(.grade), span: 2),
        ]))
        return table
    }

    /// The 自评表 without 分值/得分 (the template's `{{^scheme.mof}}` table).
    static func plainSheet<Data: TableSource>(_ rows: [Data.Row], data: inout Data) -> TableSpec {
        var table = TableSpec(widths: [960, 960, 1800, 1300, 1300, 980, 1545])
        table.rows.append(.header(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
                                   "完成率", "偏差原因分析及改进措施"]))
        table.rows += mergedBody(rows, data: &data) { row, data in
            [TableCell(data.field(row, .name), style: .left),
             TableCell(data.field(row, .target)),
             TableCell(data.field(row, .actual)),
             TableCell(data.field(row, .rate)),
             TableCell(data.field(row, .deviation), style: .left)]
        }
        return table
    }

    /// Seed 004's 年度绩效指标完成情况 (projects scored `none`).
    static func completionSheet<Data: TableSource>(_ rows: [Data.Row], data: inout Data) -> TableSpec {
        var table = TableSpec(widths: [1300, 1400, 2545, 1800, 1800])
        table.rows.append(.header(["一级指标", "二级指标", "三级指标", "预期指标值", "实际完成指标值"]))
        table.rows += mergedBody(rows, data: &data) { row, data in
            [TableCell(data.field(row, .name), style: .left),
             TableCell(data.field(row, .target)),
             TableCell(data.field(row, .actual))]
        }
        return table
    }

    /// One 一级指标's rows, as seed 002 prints them in the report body.
    static func filteredTable<Data: TableSource>(_ rows: [Data.Row], scheme: Scheme, ippeScores: Bool,
                                                 data: inout Data) -> TableSpec {
        if ippeScores {
            var table = TableSpec(widths: [1800, 4645, 1200, 1200])
            table.rows.append(.header(["二级指标", "三级指标", "分值", "得分"]))
            table.rows += ippeBody(rows, withLevel1: false, data: &data)
            return table
        }
        let level2 = rows.map { [data.field($0, .level2)] }
        let merges = mergeFlags(level2)
        var table: TableSpec
        if scheme == .mof {
            table = TableSpec(widths: [1300, 2645, 900, 1500, 1500, 1000])
            table.rows.append(.header(["二级指标", "三级指标", "权重", "目标值", "业绩值", "得分"]))
        } else {
            table = TableSpec(widths: [1500, 3345, 2000, 2000])
            table.rows.append(.header(["二级指标", "三级指标", "目标值", "业绩值"]))
        }
        for (i, row) in rows.enumerated() {
            var cells = [mergeCell(level2[i][0], merges: merges, row: i, column: 0),
                         TableCell(data.field(row, .name), style: .left)]
            if scheme == .mof { cells.append(TableCell(data.field(row, .weight))) }
            cells.append(TableCell(data.field(row, .target)))
            cells.append(TableCell(data.field(row, .actual)))
            if scheme == .mof { cells.append(TableCell(data.field(row, .score))) }
            table.rows.append(TableRow(cells: cells))
        }
        return table
    }

    /// Rows of `ippe.rows`: a 小计 row spans 二级 and 三级指标.
    static func ippeBody<Data: TableSource>(_ rows: [Data.Row], withLevel1: Bool, data: inout Data) -> [TableRow] {
        let keys = rows.map { row in
            let level2 = data.field(row, .level2)
            // A subtotal never merges with the row above, whatever its text.
            return (withLevel1 ? [data.field(row, .level1)] : []) + [level2 == "小计" ? "" : level2]
        }
        let merges = mergeFlags(keys)
        var result: [TableRow] = []
        for (i, row) in rows.enumerated() {
            var cells: [TableCell] = []
            if withLevel1 { cells.append(mergeCell(keys[i][0], merges: merges, row: i, column: 0)) }
            let level2Column = withLevel1 ? 1 : 0
            if data.field(row, .level2) == "小计" {
                cells.append(TableCell("小计", style: .header, span: 2))
            } else {
                cells.append(mergeCell(keys[i][level2Column], merges: merges, row: i, column: level2Column))
                cells.append(TableCell(data.field(row, .name), style: .left))
            }
            cells.append(TableCell(data.field(row, .weight)))
            cells.append(TableCell(data.field(row, .score)))
            var tableRow = TableRow(cells: cells)
            // As `mergedBody`: a 一级指标's rows stay on one page (ippe-demo's 财务管理 was split, its
            // 资金使用合规性 row left without a label on the next page), and so does the 小计 below them.
            let nextIsSubtotal = i + 1 < rows.count && data.field(rows[i + 1], .level2) == "小计"
            tableRow.keepWithNext = continuesOnNext(merges, i) || nextIsSubtotal
            result.append(tableRow)
        }
        return result
    }

    /// Whether row `i` keeps with the next: the next row continues the first merged key cell
    /// (the 一级指标). A merged label prints only where its merge starts, so a group split
    /// across pages would leave its rows overleaf without their 一级指标.
    static func continuesOnNext(_ merges: [[Bool]], _ i: Int) -> Bool {
        i + 1 < merges.count && merges[i + 1].first == true
    }

    /// Rows led by 一级/二级指标 cells merged down over equal values, then `rest`.
    static func mergedBody<Data: TableSource>(_ rows: [Data.Row], data: inout Data,
                                              rest: (Data.Row, inout Data) -> [TableCell]) -> [TableRow] {
        let keys = rows.map { [data.field($0, .level1), data.field($0, .level2)] }
        let merges = mergeFlags(keys)
        var result: [TableRow] = []
        for (i, row) in rows.enumerated() {
            var tableRow = TableRow(cells: [mergeCell(keys[i][0], merges: merges, row: i, column: 0),
                                            mergeCell(keys[i][1], merges: merges, row: i, column: 1)]
                                    + rest(row, &data))
            // The rows of one 一级指标 stay on one page, so its merged labels are never left behind
            // on the page before (the template's `| merge` rows do the same).
            tableRow.keepWithNext = continuesOnNext(merges, i)
            result.append(tableRow)
        }
        return result
    }

    /// Whether each key cell continues the cell above: same non-empty text, and every key
    /// column to its left continues too (a 二级指标 never merges across two 一级指标).
    static func mergeFlags(_ keys: [[String]]) -> [[Bool]] {
        var flags: [[Bool]] = []
        for (i, row) in keys.enumerated() {
            var line: [Bool] = []
            var chain = i > 0
            for (c, value) in row.enumerated() {
                chain = chain && !value.isEmpty && c < keys[i - 1].count && keys[i - 1][c] == value
                line.append(chain)
            }
            flags.append(line)
        }
        return flags
    }

    static func mergeCell(_ text: String, merges: [[Bool]], row: Int, column: Int) -> TableCell {
        if merges[row][column] { return TableCell("", vMerge: .continue) }
        let next = row + 1 < merges.count && merges[row + 1][column]
        return TableCell(text, vMerge: next ? .restart : nil, isLabel: true)
    }
}
