import JSONValue
import OOXML
import Reports
import Templating

/// The `table` block: the fund and indicator tables an outline node asks for with
/// `"table": "<kind>"` (or a template with `{{> table:<kind>}}`), built from the project
/// context of docs/template-context.md in the shapes of the default templates' own tables.
///
/// Kinds:
/// - `funds-summary`: 资金情况 | 计划数 | 到位数 | 使用数, one row 金额（万元）.
/// - `funds`: the 预算执行情况 form (rows (1)…(7), columns 年度总金额, 财政资金 by level,
///   上年结转资金, 其他资金) with a two-row merged header.
/// - `indicators`, `scoresheet`: the 自评表 of the project's scheme. A node may carry
///   `"level1": "产出指标"` (or the tag `| level1:"产出指标"`) to print only that category,
///   as seed 002 splits its indicators into one small table per 一级指标.
///
/// Text goes through the template's paragraph styles `TableHeader`, `TableText` and
/// `TableTextLeft` when the template has them, so restyling the template restyles the tables.
public struct ReportTableBlock: BlockGenerator {
    /// The kinds are the model's own (`BodyNode.table`), so a kind the loader accepts is one
    /// the block draws.
    public typealias Kind = TableKind

    /// Text width of the default templates: A4 (11906) less 1587 + 1474 twips of margins.
    public static let defaultWidth = 8845
    /// The `width` option's accepted range in twips (a column of a few cm up to A3 landscape).
    static let widthRange = 2000...31680

    public init() {}

    static var kindList: String { Kind.allCases.map(\.rawValue).joined(separator: "、") }

    public func validate(_ context: BlockContext) -> String? {
        if Kind(rawValue: context.argument) == nil {
            return "未知的表格类型 “\(context.argument)”（可用：\(Self.kindList)）"
        }
        if let problem = Self.widthProblem(context) { return problem }
        return nil
    }

    static func widthProblem(_ context: BlockContext) -> String? {
        guard let values = context.option("width") else { return nil }
        guard values.count == 1, let width = Int(values[0]), widthRange.contains(width) else {
            return "width 应为表格宽度（缇，\(widthRange.lowerBound)–\(widthRange.upperBound) 之间的整数），例如 width:\"8845\""
        }
        return nil
    }

    public func render(_ context: BlockContext, scope: BlockScope, into out: inout XMLOutput) throws(FilterFailure) {
        guard let kind = Kind(rawValue: context.argument) else {
            throw FilterFailure("未知的表格类型 “\(context.argument)”（可用：\(Self.kindList)）")
        }
        if let problem = Self.widthProblem(context) { throw FilterFailure(problem) }
        let width = context.option("width").flatMap { $0.first }.flatMap { Int($0) } ?? Self.defaultWidth

        var level1Filter: String?
        if case .object(let node)? = context.node, let value = node["level1"] {
            guard case .string(let text) = value else {
                throw FilterFailure("表格 “\(kind.rawValue)” 的 level1 应为一级指标名称（文字），实际为 \(ValueText.describe(value))")
            }
            level1Filter = text
        } else if let values = context.option("level1"), let first = values.first {
            level1Filter = first
        }

        // `reportgen package` renders with the project's typed figures; plain JSON (`render`,
        // template previews) is read by key at this one edge.
        let tables: [TableSpec]
        if let forms = scope.payload as? ProjectForms {
            var data = FormsTableSource(forms: forms, missing: scope.missing)
            tables = try Self.tables(kind: kind, level1: level1Filter, data: &data)
        } else {
            var data = ContextReader(scope: scope)
            tables = try Self.tables(kind: kind, level1: level1Filter, data: &data)
        }
        let writer = TableWriter(styles: context.styles, width: width)
        for table in tables {
            writer.write(table, into: &out)
        }
    }

    static func tables<Data: TableSource>(kind: Kind, level1: String?, data: inout Data) throws(FilterFailure) -> [TableSpec] {
        let tables: [TableSpec]
        switch kind {
        case .fundsSummary: tables = [Self.fundsSummary(&data)]
        case .funds: tables = [Self.funds(&data)]
        case .indicators, .scoresheet:
            tables = Self.indicatorTables(kind: kind, level1: level1, data: &data)
        }
        if let problem = data.problem(table: kind.rawValue) { throw FilterFailure(problem) }
        return tables
    }

    // MARK: - Fund tables

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
        for (label, line, field) in fundRows {
            var cells = [TableCell(label), TableCell(line)]
            for column in fundColumns {
                cells.append(TableCell(data.fund(column, field)))
            }
            table.rows.append(TableRow(cells: cells))
        }
        return table
    }

    // MARK: - Indicator tables

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
        table.rows.append(TableRow(cells: [
            TableCell("合计", style: .header, span: 3),
            TableCell(data.sheet(.totalWeight)),
            TableCell("总分", style: .header, span: 3),
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
        table.rows.append(TableRow(cells: [
            TableCell("合计", style: .header, span: 3),
            TableCell(data.sheet(.totalWeight)),
            TableCell(data.sheet(.total)),
        ]))
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
            result.append(TableRow(cells: cells))
        }
        return result
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
            // The rows of one 二级指标 stay on one page, so its merged label is never left behind
            // on the page before (the template's `| merge` rows do the same).
            tableRow.keepWithNext = i + 1 < merges.count && merges[i + 1].allSatisfy { $0 }
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
        return TableCell(text, vMerge: next ? .restart : nil)
    }
}

// MARK: - Writing WordprocessingML

struct TableCell {
    enum Style { case header, center, left }
    enum VMerge { case restart, `continue` }
    var text: String
    var style: Style
    var span: Int
    var vMerge: VMerge?

    init(_ text: String, style: Style = .center, span: Int = 1, vMerge: VMerge? = nil) {
        self.text = text
        self.style = style
        self.span = span
        self.vMerge = vMerge
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
                writeParagraphs(cell, keep: row.keepWithNext, into: &out)
                out.append("</w:tc>")
            }
            out.append("</w:tr>")
        }
        out.append("</w:tbl>")
    }

    func writeParagraphProperties(_ style: TableCell.Style, keep: Bool = false, into out: inout XMLOutput) {
        let keepNext = keep ? "<w:keepNext/>" : ""
        let id: String
        switch style {
        case .header: id = "TableHeader"
        case .center: id = "TableText"
        case .left: id = "TableTextLeft"
        }
        if let styleID = styles.styleID(id) {
            out.append("<w:pPr><w:pStyle w:val=\"")
            out.appendEscapedAttribute(styleID)
            out.append("\"/>" + keepNext + "</w:pPr>")
            return
        }
        // A template without the table styles: keep cells tight and aligned, and bold headers.
        let jc = style == .left ? "left" : "center"
        out.append("<w:pPr>" + keepNext + "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/><w:jc w:val=\"\(jc)\"/></w:pPr>")
    }

    func writeParagraphs(_ cell: TableCell, keep: Bool = false, into out: inout XMLOutput) {
        let bold = cell.style == .header && styles.styleID("TableHeader") == nil
        let lines = cell.text.replacingOccurrences(of: "\r", with: "")
            .split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines {
            out.append("<w:p>")
            writeParagraphProperties(cell.style, keep: keep, into: &out)
            if !line.isEmpty {
                out.append(bold ? "<w:r><w:rPr><w:b/></w:rPr>" : "<w:r>")
                out.append("<w:t xml:space=\"preserve\">")
                for (k, piece) in line.split(separator: "\t", omittingEmptySubsequences: false).enumerated() {
                    if k > 0 { out.append("</w:t><w:tab/><w:t xml:space=\"preserve\">") }
                    out.appendEscapedText(String(piece))
                }
                out.append("</w:t></w:r>")
            }
            out.append("</w:p>")
        }
    }
}
