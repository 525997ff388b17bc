import ErrorCodes
import Foundation
import TextFormats

/// Reads a 项目支出绩效自评表 from a sheet: the blocks are found by their labels, wherever
/// they sit (项目名称/主管部门/实施单位, the 项目资金 block by its 年初预算数…全年执行数 header,
/// 年度总体目标 by 预期目标, the indicator table by its 一级指标…三级指标 header). Every cell it
/// cannot read is a problem with its address; nothing is filled in by guessing.
struct SelfEvaluationReader {
    let grid: SheetGrid
    var problems: [ImportProblem] = []
    /// Cells whose value came from a formula's saved result, with the note to print.
    var formulas: [(cell: String, text: String)] = []
    var sheet = ImportedSheet()
    /// Rows above the indicator table that a block was read from.
    var placedRows: Set<Int> = []

    init(grid: SheetGrid) {
        self.grid = grid
    }

    mutating func problem(_ code: ErrorCode, _ message: String, _ cell: SheetGrid.Cell? = nil) {
        problems.append(ImportProblem(code, message, file: grid.file, sheet: grid.sheet, cell: cell?.address))
    }

    func texts(_ row: Int) -> [String] { grid.rows[row].map { Labels.normalize($0.text) } }

    // MARK: - Whole sheet

    mutating func read() {
        let headers = indicatorHeaders()
        let firstTable = headers.first ?? grid.rows.count
        readProjectFields(above: firstTable)
        if let fundHeader = (0..<firstTable).first(where: isFundHeader) {
            readFunds(header: fundHeader, end: firstTable)
            checkFundSources()
        } else if let pairRow = (0..<firstTable).first(where: { pairColumns($0) != nil }), let columns = pairColumns(pairRow) {
            readPairFunds(header: pairRow, columns: columns, end: firstTable)
            checkFundSources()
        }
        readGoals(above: firstTable)
        reportUnplacedFigures(above: firstTable)
        guard !headers.isEmpty else {
            problem(.noIndicatorHeader, "找不到绩效指标表的表头（应有“一级指标”“二级指标”“三级指标”“年度指标值”“实际完成值”等列名）")
            return
        }
        for (i, header) in headers.enumerated() {
            let end = i + 1 < headers.count ? headers[i + 1] : grid.rows.count
            readTable(header: header, end: end)
        }
    }

    /// Rows of indicator (or ippe 评分) table headers: 一级指标 and 三级指标 (or its synonyms).
    func indicatorHeaders() -> [Int] {
        grid.rows.indices.filter { r in
            let kinds = Set(texts(r).compactMap { Labels.indicatorColumns[Labels.bare($0)] })
            return kinds.contains(.level1) && kinds.contains(.name)
        }
    }

    /// A number above the indicator table outside every block the import knows is data it
    /// would otherwise drop without a word (a fund block laid out as “预算数： 167.64”).
    mutating func reportUnplacedFigures(above end: Int) {
        for r in 0..<end where !placedRows.contains(r) {
            for cell in grid.rows[r] where !cell.fromMerge && (cell.isNumber || Labels.number(cell.text) != nil || Labels.percent(cell.text) != nil) {
                problem(.unplacedFigure, "这个数「\(cell.text.trimmed)」不在可识别的块中（项目资金表头应有“全年预算数”“全年执行数”等列名）；请按官方表式整理，或删去", cell)
            }
        }
    }

    // MARK: - 项目名称, 主管部门, 实施单位, year

    /// The text right of a label cell, skipping the label's own merged continuation.
    func value(rightOf r: Int, _ c: Int) -> SheetGrid.Cell? {
        let label = grid.rows[r][c]
        for cell in grid.rows[r][(c + 1)...] where !(cell.fromMerge && cell.text == label.text) {
            if !Labels.normalize(cell.text).isEmpty { return cell }
        }
        return nil
    }

    mutating func readProjectFields(above end: Int) {
        for r in 0..<end {
            let row = texts(r)
            for (c, text) in row.enumerated() where !grid.rows[r][c].fromMerge {
                let bare = Labels.bare(text)
                switch bare {
                case "项目名称":
                    placedRows.insert(r)
                    if sheet.name == nil, let cell = value(rightOf: r, c) { sheet.name = (cell.text.trimmed, cell.address) }
                case "主管部门", "主管部门及代码", "主管单位":
                    placedRows.insert(r)
                    if sheet.department == nil, let cell = value(rightOf: r, c) { sheet.department = (cell.text.trimmed, cell.address) }
                case "实施单位", "项目实施单位":
                    placedRows.insert(r)
                    if sheet.implementer == nil, let cell = value(rightOf: r, c) { sheet.implementer = (cell.text.trimmed, cell.address) }
                default:
                    if sheet.year == nil, text.contains("年"), text.contains("自评") || text.contains("绩效"),
                       let year = Self.year(in: text) {
                        sheet.year = year
                    }
                    if let unit = Labels.moneyUnit(text), text.contains("单位") {
                        noteUnit(unit, grid.rows[r][c])
                    }
                }
            }
        }
        if sheet.name == nil {
            problem(.noProjectName, "找不到项目名称（表中应有“项目名称”一格，右边是名称）")
        }
    }

    static func year(in text: String) -> Int? {
        let scalars = Array(text.unicodeScalars)
        for i in scalars.indices where i + 4 < scalars.count {
            let digits = scalars[i..<(i + 4)]
            if digits.allSatisfy({ ("0"..."9").contains($0) }), scalars[i + 4] == "年",
               i == 0 || !("0"..."9").contains(scalars[i - 1]),
               let year = Int(String(String.UnicodeScalarView(digits))), (1949...2200).contains(year) {
                return year
            }
        }
        return nil
    }

    mutating func noteUnit(_ unit: String, _ cell: SheetGrid.Cell) {
        guard unit == "万元" || unit == "元" else {
            problem(.moneyUnit, "金额单位「\(unit)」无法识别：只接受 万元 或 元", cell)
            return
        }
        if let known = sheet.unit, known.unit != unit {
            problem(.moneyUnit, "金额单位「\(unit)」与 \(known.address) 的「\(known.unit)」不同：一张表只能用一种金额单位", cell)
            return
        }
        if sheet.unit == nil { sheet.unit = (unit, cell.address) }
    }

    // MARK: - 项目资金

    /// Labels that start the blocks below the fund block.
    static let sectionLabels: Set<String> = ["年度总体目标", "预期目标", "绩效指标", "一级指标", "年度绩效指标", "年度总体目标完成情况"]

    func isFundHeader(_ r: Int) -> Bool {
        let kinds = texts(r).compactMap { Labels.fundColumn(Labels.bare($0)) }
        return kinds.contains(.annualBudget) && kinds.contains(.executed)
    }

    mutating func readFunds(header r: Int, end: Int) {
        placedRows.insert(r)
        var columns: [Labels.FundColumn: Int] = [:]
        var rateKinds: [Int: Labels.RateKind] = [:]
        var labelColumns: [Int] = []
        for (c, cell) in grid.rows[r].enumerated() where !cell.fromMerge {
            let text = Labels.normalize(cell.text)
            if let unit = Labels.moneyUnit(text) { noteUnit(unit, cell) }
            let bare = Labels.bare(text)
            if let kind = Labels.fundColumn(bare) {
                if kind == .rate {
                    rateKinds[c] = Labels.RateKind(header: text)
                } else if let first = columns[kind] {
                    problem(.duplicateColumn, "「\(text)」与 \(grid.rows[r][first].address) 是同一列（\(kind.label)）", cell)
                } else {
                    columns[kind] = c
                }
            } else if bare.isEmpty || Labels.fundBlockLabels.contains(bare) || bare == "资金来源" || bare == "项目" {
                labelColumns.append(c)
            } else {
                problem(.unknownColumn, "项目资金表头中的「\(text)」不是可识别的列（年初预算数、全年预算数、到位数、全年执行数、分值、执行率、得分）", cell)
            }
        }
        let firstFigure = (columns.values.min() ?? 0)
        var row = r + 1
        while row < end {
            let cells = grid.rows[row]
            // The source is the rightmost text left of the figures (a merged 项目资金 label
            // carried down stands left of it).
            let label = cells[..<firstFigure].last { !Labels.normalize($0.text).isEmpty && !Labels.fundBlockLabels.contains(Labels.bare($0.text)) }
            // A figure is a number (or a broken formula) in an amount column; text carried
            // from a merged 预期目标 below the block is not.
            let hasFigures = columns.values.contains { c in
                !cells[c].fromMerge && (cells[c].isBroken || Labels.number(cells[c].text) != nil)
            }
            guard let label else {
                if hasFigures {
                    placedRows.insert(row)
                    problem(.unknownFundRow, "项目资金表中这一行有金额，却没有资金来源（年度资金总额、财政拨款、上年结转资金、其他资金）", cells[firstFigure])
                    noteUnread(cells, columns: columns, at: cells[firstFigure])
                }
                if cells.allSatisfy({ Labels.normalize($0.text).isEmpty }) { row += 1; continue }
                break
            }
            guard let source = Labels.fundSource(label.text) else {
                if hasFigures && !Self.sectionLabels.contains(Labels.bare(label.text)) {
                    placedRows.insert(row)
                    problem(.unknownFundRow, "资金来源「\(label.text.trimmed)」无法识别：应为 年度资金总额、其中：当年财政拨款、上年结转资金 或 其他资金", label)
                    noteUnread(cells, columns: columns, at: label)
                }
                break
            }
            var line = ImportedSheet.FundLine(source: source, label: label.address)
            for (kind, c) in columns.sorted(by: { $0.value < $1.value }) {
                let cell = cells[c]
                let input: ImportedSheet.Input = kind == .weight ? .weight : kind == .score ? .score : .fund(kind)
                guard !Labels.isBlank(cell.text) || cell.isBroken,
                      let figure = figure(cell, what: kind.label, money: kind != .weight && kind != .score, input: input) else { continue }
                line.figures[kind] = figure
            }
            for (c, kind) in rateKinds.sorted(by: { $0.key < $1.key }) where !Labels.isBlank(cells[c].text) {
                guard let given = Labels.percent(cells[c].text) else {
                    problem(.importNotANumber, Self.notANumber(nil, cells[c].text, percent: true, expected: "执行率应写成 96.27% 这样"), cells[c])
                    continue
                }
                noteFormula(cells[c])
                line.rates.append((kind, given.value, given.places, cells[c]))
            }
            sheet.funds.append(line)
            placedRows.insert(row)
            row += 1
        }
    }

    /// A fund row that could not be read: its amounts are missing from the 年度资金总额 they add up to.
    mutating func noteUnread(_ cells: [SheetGrid.Cell], columns: [Labels.FundColumn: Int], at cell: SheetGrid.Cell) {
        for kind in [Labels.FundColumn.initialBudget, .annualBudget, .received, .executed] {
            if let c = columns[kind], !Labels.isBlank(cells[c].text) { sheet.unreadable.append((cell.address, .fund(kind))) }
        }
    }

    /// The 特定目标类 form's fund block (seed 004): label–value pairs across a row,
    /// “项目预算执行情况（万元） | 预算数： | 167.64 | 执行数： | 50.094”, the sources below
    /// (“其中：财政拨款 | 167.64 | 其中：财政拨款 | 50.094”, “其他资金 | | 其他资金 |”).
    /// The value columns of such a row: the cell right of each “预算数：”/“执行数：” label.
    func pairColumns(_ r: Int) -> [Labels.FundColumn: Int]? {
        let cells = grid.rows[r]
        var columns: [Labels.FundColumn: Int] = [:]
        for (c, cell) in cells.enumerated() where !cell.fromMerge {
            let text = Labels.normalize(cell.text)
            guard text.hasSuffix("：") || text.hasSuffix(":"), c + 1 < cells.count,
                  let kind = Labels.fundColumn(Labels.bare(String(text.dropLast()))),
                  [.initialBudget, .annualBudget, .received, .executed].contains(kind) else { continue }
            columns[kind] = c + 1
        }
        return columns[.annualBudget] != nil && columns[.executed] != nil ? columns : nil
    }

    mutating func readPairFunds(header r: Int, columns: [Labels.FundColumn: Int], end: Int) {
        for c in 0..<grid.columnCount {
            if let unit = Labels.moneyUnit(grid.rows[r][c].text) { noteUnit(unit, grid.rows[r][c]) }
        }
        var row = r
        while row < end {
            let cells = grid.rows[row]
            var line: ImportedSheet.FundLine
            if row == r {
                line = ImportedSheet.FundLine(source: .total, label: cells[columns.values.min()! - 1].address)
            } else {
                // Each value's label is the cell left of it; the first names the row.
                let labels = columns.values.sorted().map { cells[$0 - 1] }.filter { !Labels.normalize($0.text).isEmpty }
                guard let label = labels.first, let source = Labels.fundSource(label.text), source != .total else { break }
                line = ImportedSheet.FundLine(source: source, label: label.address)
            }
            for (kind, c) in columns.sorted(by: { $0.value < $1.value }) where !Labels.isBlank(cells[c].text) || cells[c].isBroken {
                if let figure = figure(cells[c], what: kind.label, money: true, input: .fund(kind)) { line.figures[kind] = figure }
            }
            sheet.funds.append(line)
            placedRows.insert(row)
            row += 1
        }
    }

    /// 年度资金总额 without any source under it cannot become fund lines (the form's one
    /// figure would have to be guessed a source).
    mutating func checkFundSources() {
        guard let total = sheet.funds.first(where: { $0.source == .total && !$0.amounts.isEmpty }),
              !sheet.funds.contains(where: { $0.source != .total && !$0.amounts.isEmpty }) else { return }
        problems.append(ImportProblem(.fundsWithoutSources, "年度资金总额有金额，但财政拨款、上年结转资金、其他资金各行都没有；请在来源行填写金额（只有财政拨款时填在“其中：当年财政拨款”一行）",
                                      file: grid.file, sheet: grid.sheet, cell: total.label))
    }

    /// A figure cell read as written; problems for text, errors, negative amounts.
    /// `input`: what the figure is to give, recorded when it cannot be read.
    mutating func figure(_ cell: SheetGrid.Cell, what: String, money: Bool, input: ImportedSheet.Input? = nil) -> ImportedSheet.Figure? {
        guard let figure = readFigure(cell, what: what, money: money) else {
            if let input { sheet.unreadable.append((cell.address, input)) }
            return nil
        }
        return figure
    }

    private mutating func readFigure(_ cell: SheetGrid.Cell, what: String, money: Bool) -> ImportedSheet.Figure? {
        if cell.isBroken {
            problem(.formulaValue, cell.formula.map { "公式 \(SheetGrid.describe(formula: $0)) 没有可用的计算结果（「\(cell.text)」）；请在 Excel/WPS 中重新计算并保存" }
                    ?? "单元格是错误值「\(cell.text)」", cell)
            return nil
        }
        guard let number = Labels.number(cell.text) else {
            problem(.importNotANumber, Self.notANumber(what, cell.text, expected: "不要带单位或文字"), cell)
            return nil
        }
        if money, number.hasPrefix("-") {
            problem(.negativeAmount, "\(what)「\(number)」是负数", cell)
            return nil
        }
        noteFormula(cell)
        return ImportedSheet.Figure(text: number, address: cell.address)
    }

    mutating func noteFormula(_ cell: SheetGrid.Cell) {
        if let formula = cell.formula, !cell.fromMerge {
            formulas.append((cell.address, "是公式（\(SheetGrid.describe(formula: formula))），采用其保存的计算结果「\(cell.text)」"))
        }
    }

    // MARK: - 年度总体目标

    mutating func readGoals(above end: Int) {
        for r in 0..<end {
            let row = texts(r)
            guard let expected = row.firstIndex(where: { Labels.bare($0) == "预期目标" }) else { continue }
            let achieved = row.firstIndex { ["实际完成情况", "目标实际完成情况", "实际完成"].contains(Labels.bare($0)) }
            guard r + 1 < end else { return }
            placedRows.formUnion([r, r + 1])
            let values = grid.rows[r + 1]
            let annual = values[expected].text.trimmed
            let done = achieved.map { values[$0].text.trimmed } ?? ""
            if !annual.isEmpty || !done.isEmpty {
                sheet.goals = (annual, done, values[expected].address)
            }
            return
        }
    }

    // MARK: - Indicator and 评分 tables

    mutating func readTable(header r: Int, end: Int) {
        var columns: [Labels.IndicatorColumn: Int] = [:]
        var first = r + 1
        // Two header rows: a group label above (指标值 merged over two columns) with
        // 年度指标值/实际完成值 below it. The row below is a header row when it names a known
        // column and holds no figure.
        var headerRows = [r]
        if first < end {
            let below = texts(first)
            let known = below.contains { Labels.indicatorColumns[Labels.bare($0)] != nil }
            let figures = below.contains { Labels.number($0) != nil || Labels.percent($0) != nil }
            if known && !figures {
                headerRows.append(first)
                first += 1
            }
        }
        for c in 0..<grid.columnCount {
            // The lower header row names the column when it can (年度指标值 under 指标值).
            let rows = grid.rows
            let label = headerRows.reversed().map { rows[$0][c] }.first { Labels.indicatorColumns[Labels.bare($0.text)] != nil }
            if let label, let kind = Labels.indicatorColumns[Labels.bare(label.text)] {
                if let previous = columns[kind] {
                    // A merged header cell carried right is the same column, not a second one.
                    if label.fromMerge { continue }
                    problem(.duplicateColumn, "「\(Labels.normalize(label.text))」与 \(CellAddress.column(previous))列 是同一列（\(kind.label)）", label)
                } else {
                    columns[kind] = c
                }
                continue
            }
            for cell in headerRows.map({ grid.rows[$0][c] }) where !cell.fromMerge && !Labels.normalize(cell.text).isEmpty {
                let bare = Labels.bare(cell.text)
                // The merged 绩效指标 label down the table's left edge, and 序号, are not data.
                if Labels.indicatorBlockLabels.contains(bare) || bare == "序号" { continue }
                problem(.unknownColumn, "表头「\(Labels.normalize(cell.text))」不是可识别的列；可识别的列：一级指标、二级指标、三级指标、分值、年度指标值、实际完成值、完成率、得分、偏差原因分析及改进措施", cell)
            }
        }
        let isIppe = columns[.target] == nil && columns[.actual] == nil && columns[.weight] != nil && columns[.score] != nil
        if isIppe {
            readIppe(columns: columns, rows: first..<end)
            return
        }
        for kind in [Labels.IndicatorColumn.level2, .name, .target, .actual] where columns[kind] == nil {
            problem(.missingColumn, "绩效指标表缺少“\(kind.label)”列", grid.rows[r].first)
        }
        guard let nameColumn = columns[.name], columns[.level1] != nil, columns[.level2] != nil,
              columns[.target] != nil, columns[.actual] != nil else { return }
        var table = ImportedSheet.IndicatorTable()
        var previous: (level1: String, level2: String) = ("", "")
        for row in first..<end {
            let cells = grid.rows[row]
            func text(_ kind: Labels.IndicatorColumn) -> String { columns[kind].map { cells[$0].text.trimmed } ?? "" }
            func cell(_ kind: Labels.IndicatorColumn) -> SheetGrid.Cell? { columns[kind].map { cells[$0] } }
            // A row with nothing typed in it is blank, even inside a merged 一级指标 cell that
            // carries its label down (an indicator's contents cleared but its row kept).
            let leading = cells.first { !$0.fromMerge && !Labels.normalize($0.text).isEmpty && !Labels.indicatorBlockLabels.contains(Labels.bare($0.text)) }
            guard let leading else { continue }
            let lead = Labels.bare(leading.text)
            if ["合计", "总分", "总计"].contains(lead) {
                readTotals(cells, columns: columns, into: &table.totals)
                continue
            }
            if lead == "等次" || lead.hasPrefix("等次：") || lead.hasPrefix("等次:") {
                readGrade(cells, into: &table.totals)
                continue
            }
            // Line breaks and spaces that the table's layout put into a label (“完成\n指标”,
            // “社会效益  指标”) are not part of it (examples/README.md 录入约定); names and
            // values lose their line breaks only.
            var level1 = Labels.normalize(text(.level1))
            var level2 = Labels.normalize(text(.level2))
            let name = Self.joinedLines(text(.name))
            // A merged 一级/二级 cell is empty below its first row in a CSV: carried down.
            if level1.isEmpty { level1 = previous.level1 }
            if level2.isEmpty, text(.level1).isEmpty { level2 = previous.level2 }
            previous = (level1, level2)
            var indicator = ImportedSheet.Indicator(level1: level1, level2: level2, name: name,
                                                    target: Self.joinedLines(text(.target)), actual: Self.joinedLines(text(.actual)),
                                                    deviation: text(.deviation))
            indicator.nameCell = cell(.name)?.address ?? leading.address
            for (kind, what) in [(Labels.IndicatorColumn.level1, "一级指标"), (.level2, "二级指标"), (.name, "三级指标")] {
                let value = kind == .level1 ? level1 : kind == .level2 ? level2 : name
                if value.isEmpty { problem(.incompleteRow, "这一行缺少\(what)", cell(kind) ?? cells[nameColumn]) }
            }
            let isBudgetRow = name == "预算执行率" || level1 == "预算执行指标"
            if !isBudgetRow {
                for (kind, what) in [(Labels.IndicatorColumn.target, "年度指标值"), (.actual, "实际完成值")] where text(kind).isEmpty {
                    problem(.incompleteRow, "指标「\(name)」缺少\(what)", cell(kind))
                }
            }
            for kind in [Labels.IndicatorColumn.target, .actual] {
                if let c = cell(kind) {
                    if c.isBroken {
                        problem(.formulaValue, "单元格是错误值或没有计算结果的公式「\(c.text)」", c)
                        sheet.unreadable.append((c.address, .indicatorValue))
                    }
                    noteFormula(c)
                }
            }
            if let c = cell(.weight), !Labels.isBlank(c.text) || c.isBroken { indicator.weight = figure(c, what: "分值", money: true, input: .weight) }
            if let c = cell(.score), !Labels.isBlank(c.text) || c.isBroken { indicator.score = figure(c, what: "得分", money: true, input: .score) }
            if let c = cell(.rate), !Labels.isBlank(c.text) {
                if let given = Labels.percent(c.text) {
                    indicator.rate = (given.value, given.places, c)
                    noteFormula(c)
                } else {
                    problem(.importNotANumber, Self.notANumber("完成率", c.text, percent: true, expected: "完成率应写成 216.23% 这样"), c)
                }
            }
            if isBudgetRow {
                table.budgetRow = indicator
            } else {
                table.indicators.append(indicator)
            }
        }
        sheet.tables.append(table)
    }

    /// E-IMP-030's words: the value as it is (invisible characters named), and what to type —
    /// for a full-width number typed with a Chinese input method (「１２.５」), the same number
    /// in half-width digits, as definition files are told (E-DEF-014); otherwise `expected`.
    static func notANumber(_ what: String?, _ text: String, percent: Bool = false, expected: String) -> String {
        let value = text.trimmed
        let head = "\(what ?? "")「\(UnseenCharacters.marked(value))」不是\(percent ? "百分数" : "数字")"
        if let note = UnseenCharacters.note(value) { return head + "；" + note }
        return head + "（\(expected)）"
    }

    static func joinedLines(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).map { $0.trimmingCharacters(in: .whitespaces) }.joined()
    }

    mutating func readTotals(_ cells: [SheetGrid.Cell], columns: [Labels.IndicatorColumn: Int], into totals: inout ImportedSheet.Totals) {
        // Forms place 合计's figures under 分值 and 得分, or (总分 rows spanning columns) in order.
        let numbers = cells.enumerated().filter { !$0.element.fromMerge && Labels.number($0.element.text) != nil }
        if let c = columns[.weight], Labels.number(cells[c].text) != nil {
            totals.weight = figure(cells[c], what: "分值合计", money: true)
        } else if numbers.count >= 2, let first = numbers.first {
            totals.weight = figure(first.element, what: "分值合计", money: true)
        }
        if let c = columns[.score], Labels.number(cells[c].text) != nil {
            totals.score = figure(cells[c], what: "总分", money: true)
        } else if let last = numbers.last, numbers.count >= 1, last.element.address != totals.weight?.address {
            totals.score = figure(last.element, what: "总分", money: true)
        }
        readGrade(cells, into: &totals)
    }

    mutating func readGrade(_ cells: [SheetGrid.Cell], into totals: inout ImportedSheet.Totals) {
        for cell in cells.reversed() where !cell.fromMerge {
            let text = Labels.normalize(cell.text)
            guard !text.isEmpty, Labels.number(text) == nil, !["合计", "总分", "总计", "等次"].contains(text) else { continue }
            if let grade = Labels.grade(text) {
                totals.grade = (grade, cell.address)
            } else if text.hasPrefix("等次") {
                problem(.badGrade, "等次「\(text)」应为 优、良、中 或 差", cell)
            }
            return
        }
    }

    mutating func readIppe(columns: [Labels.IndicatorColumn: Int], rows: Range<Int>) {
        var table = ImportedSheet.IppeTable()
        var previous = ("", "")
        for row in rows {
            let cells = grid.rows[row]
            guard let leading = cells.first(where: { !Labels.normalize($0.text).isEmpty }) else { continue }
            let lead = Labels.bare(leading.text)
            if ["合计", "总分"].contains(lead) { readTotals(cells, columns: columns, into: &table.totals); continue }
            if lead == "等次" || lead.hasPrefix("等次：") { readGrade(cells, into: &table.totals); continue }
            func text(_ kind: Labels.IndicatorColumn) -> String { columns[kind].map { cells[$0].text.trimmed } ?? "" }
            var level1 = Labels.normalize(text(.level1)), level2 = Labels.normalize(text(.level2))
            if level1.isEmpty { level1 = previous.0 }
            if level2.isEmpty, text(.level1).isEmpty { level2 = previous.1 }
            previous = (level1, level2)
            let scoreCell = columns[.score].map { cells[$0] }
            guard let scoreCell, !Labels.isBlank(scoreCell.text), let score = figure(scoreCell, what: "得分", money: true, input: .score) else {
                problem(.incompleteRow, "评分表的这一行缺少得分", scoreCell ?? leading)
                continue
            }
            if level2 == "小计" {
                table.subtotals.append((level1, score))
            } else {
                table.items.append((level1, level2, text(.name), score))
            }
        }
        sheet.ippe = table
    }
}

enum CellAddress {
    static func column(_ index: Int) -> String {
        var n = index + 1
        var out = ""
        while n > 0 {
            out = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + out
            n = (n - 1) / 26
        }
        return out
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
