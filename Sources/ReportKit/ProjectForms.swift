import Foundation
import Reports

/// Every figure a project's forms print, typed and formatted once from its `ProjectEvaluation`.
/// The template context (`ProjectContext.value()`), the CSV (`SheetCSV`) and the summary read
/// these values, never each other's text, so a DOCX and its CSV cannot disagree.
public struct ProjectForms: Sendable {
    /// The label of a 自评表's last scoring row (Σ分值, 总得分, 等次), mof-2020 and ippe alike,
    /// in the CSV and every DOCX table (DEFINITION: `合计,,,<Σ分值>,,,,<total>,<grade>`); the
    /// templates print the same word.
    public static let totalLabel = "合计"

    /// One line of a fund table; amounts in 万元 at their precision, rates as `96.27%`.
    public struct FundRow: Sendable, Equatable {
        public var source: String
        public var level: String
        public var initialBudget = ""
        public var annualBudget = ""
        public var received = ""
        public var executed = ""
        public var balance = ""
        public var receivedRate = ""
        public var executionRate = ""
    }

    /// The fund figures the forms print: each line, and the aggregates of their columns.
    public struct Funds: Sendable {
        public var rows: [FundRow]
        public var total: FundRow
        public var fiscal: FundRow
        public var carryover: FundRow
        public var other: FundRow
        public var nonFiscal: FundRow
        /// 财政资金 by 级次 (中央级, 省级, 市级, 县区级), in that order.
        public var levels: [(level: FundLevel, row: FundRow)]
        /// The line under a fund table naming the sources given without amounts ("—"), empty
        /// when every source has its amounts.
        public var note = ""
    }

    /// What a fund cell prints for an amount or rate that is unknown (`FundFigures.unlisted`).
    public static let unlistedAmount = "—"

    /// One row of an indicator table or 自评表 (empty texts where the scheme prints nothing).
    public struct SheetRow: Sendable, Equatable {
        public var index: String
        public var level1: String
        public var level2: String
        public var name: String
        public var weight: String
        public var target: String
        public var actual: String
        public var rate: String
        public var score: String
        public var deviation: String?
    }

    /// A row of the ippe 评分表; a 小计 row has `isSubtotal` and an empty name.
    public struct IppeRow: Sendable, Equatable {
        public var level1: String
        public var level2: String
        public var name: String
        public var weight: String
        public var score: String
        public var isSubtotal: Bool
    }

    public struct BudgetExecution: Sendable {
        public var weight: String
        public var target: String
        public var rate: String
        public var score: String
        public var deviation: String?
    }

    public var scheme: ScoringScheme
    public var funds: Funds
    public var budgetExecution: BudgetExecution
    /// The indicators, in input order.
    public var indicators: [SheetRow]
    /// The report appendix's 自评表 rows: 预算执行率 first unless ippe, then the indicators.
    public var sheetRows: [SheetRow]
    public var ippeRows: [IppeRow]
    public var ippeReceivedRate: String
    public var ippeExecutionRate: String
    public var totalWeight: String
    public var total: String
    public var grade: String
    public var appendix: Appendix

    /// The rows of the 自评表 (DOCX and CSV alike): mof-2020 adds 预算执行率 ahead of the
    /// indicators in the CSV (the DOCX prints it in its 项目资金 block); none lists the
    /// indicators only, its execution rate being a fund figure.
    public var selfEvaluationRows: [SheetRow] {
        scheme == .mof2020 ? sheetRows : indicators
    }

    public init(_ project: LoadedProject) {
        let evaluation = project.evaluation
        scheme = evaluation.scoring
        let scored = scheme == .mof2020
        let unscored = scheme == .none
        funds = Self.funds(evaluation.funds)
        let figures = evaluation.budgetExecution
        let executionRate = figures?.rate ?? evaluation.funds.total.executionRate
        budgetExecution = BudgetExecution(
            weight: scored ? figures.map { FormFormat.score($0.weight) } ?? "" : "",
            target: figures?.target ?? "100%",
            rate: Self.rate(executionRate),
            score: scored ? figures.map { FormFormat.score($0.score) } ?? "" : "",
            deviation: figures?.deviation)
        indicators = evaluation.indicators.enumerated().map { i, indicator in
            SheetRow(index: String(i + 1), level1: indicator.level1, level2: indicator.level2, name: indicator.name,
                     weight: scored ? indicator.weight.map(FormFormat.score) ?? "" : "",
                     target: indicator.target, actual: indicator.actual,
                     // Unscored forms (seeds 000, 004) have no 完成率 column to fill: a ratio of
                     // "≤167.64万元" to "50.094万元" means nothing to their reader.
                     rate: unscored ? "" : Self.rate(indicator.completionRate),
                     score: scored ? indicator.score.map(FormFormat.score) ?? "" : "", deviation: indicator.deviation)
        }
        var rows: [SheetRow] = []
        if scheme != .ippe {
            rows.append(SheetRow(index: "0", level1: "预算执行指标", level2: "预算执行指标", name: "预算执行率",
                                 weight: budgetExecution.weight, target: budgetExecution.target,
                                 actual: executionRate.map { FormFormat.percentNumber($0) + "%" } ?? "",
                                 rate: budgetExecution.rate, score: budgetExecution.score, deviation: figures?.deviation))
        }
        sheetRows = rows + indicators
        let sheet = evaluation.scoresheet
        totalWeight = sheet.map { FormFormat.score($0.totalWeight) } ?? ""
        total = sheet.map { FormFormat.score($0.total) } ?? ""
        grade = sheet.map(\.printedGrade) ?? ""
        ippeRows = []
        ippeReceivedRate = ""
        ippeExecutionRate = ""
        if scheme == .ippe, let sheet {
            for level1 in IppeScheme.level1Names {
                let items = sheet.rows.filter { $0.level1 == level1 }
                guard !items.isEmpty else { continue }
                for row in items {
                    ippeRows.append(IppeRow(level1: row.level1, level2: row.level2,
                                            name: IppeScheme.printedName(level2: row.level2, name: row.name),
                                            weight: FormFormat.score(row.weight), score: FormFormat.score(row.score), isSubtotal: false))
                }
                if let subtotal = sheet.subtotals.first(where: { $0.name == level1 }) {
                    ippeRows.append(IppeRow(level1: level1, level2: "小计", name: "", weight: FormFormat.score(subtotal.weight),
                                            score: FormFormat.score(subtotal.score), isSubtotal: true))
                }
            }
            let total = evaluation.funds.total
            if let r = total.received, let b = total.annualBudget {
                ippeReceivedRate = Self.rate(FormRules.ippeFundsInPlaceRate(received: r.value, annualBudget: b.value))
            }
            if let e = total.executed, let r = total.received {
                ippeExecutionRate = Self.rate(FormRules.ippeBudgetExecutionRate(executed: e.value, received: r.value))
            }
        }
        appendix = evaluation.appendix
    }

    static func rate(_ value: Decimal?) -> String { value.map(FormFormat.rate) ?? "" }

    static func money(_ value: FormNumber?) -> String { value.map(FormFormat.money) ?? "" }

    /// Every amount at its own precision (`FormFormat.money`): 274.54 beside 328.055 stays 274.54,
    /// as seed 004's 资金表 prints 166.98 beside 50.094; padding it to 274.540 would claim a
    /// figure to the 10 元 that was given to the 100 元.
    static func row(source: String, level: String, _ figures: FundFigures?) -> FundRow {
        if figures?.unlisted == true {
            let x = unlistedAmount
            return FundRow(source: source, level: level, initialBudget: x, annualBudget: x, received: x, executed: x,
                           balance: x, receivedRate: x, executionRate: x)
        }
        return FundRow(source: source, level: level,
                initialBudget: money(figures?.initialBudget),
                annualBudget: money(figures?.annualBudget),
                received: money(figures?.received),
                executed: money(figures?.executed),
                balance: money(figures?.balance),
                receivedRate: rate(figures?.receivedRate), executionRate: rate(figures?.executionRate))
    }

    static func funds(_ block: FundBlock) -> Funds {
        let others = block.lines.filter { !FundBlock.fiscalSources.contains($0.source) && $0.source != "上年结转资金" }
        let levels = FundLevel.allCases.map { ($0, block.figures(level: $0)) }
        let total = block.lines.isEmpty ? nil : block.total
        let carryover = block.figures(source: "上年结转资金")
        let other = others.isEmpty ? nil : FundFigures.sum(others.map(\.figures))
        return Funds(
            rows: block.lines.map { row(source: $0.source, level: $0.level?.rawValue ?? "", $0.figures) },
            total: row(source: "合计", level: "", total),
            fiscal: row(source: "财政资金", level: "", block.fiscal),
            carryover: row(source: "上年结转资金", level: "", carryover),
            other: row(source: "其他资金", level: "", other),
            nonFiscal: row(source: "其他资金", level: "", block.nonFiscal),
            levels: levels.map { ($0.0, row(source: $0.0.rawValue, level: $0.0.rawValue, $0.1)) },
            note: unlistedNote(block.lines))
    }

    /// "注：财政资金（中央级、省级）的金额未列出……": the sources in input order, each with its 级次.
    static func unlistedNote(_ lines: [FundLineFigures]) -> String {
        var order: [String] = []
        var levels: [String: [String]] = [:]
        for line in lines where line.figures.unlisted {
            if levels[line.source] == nil { order.append(line.source); levels[line.source] = [] }
            if let level = line.level?.rawValue, !levels[line.source]!.contains(level) { levels[line.source]!.append(level) }
        }
        guard !order.isEmpty else { return "" }
        let names = order.map { source in
            levels[source]!.isEmpty ? source : source + "（" + levels[source]!.joined(separator: "、") + "）"
        }
        return "注：\(names.joined(separator: "、"))未列金额，印“\(unlistedAmount)”；"
            + "合计含这些资金，无法得出，也印“\(unlistedAmount)”，不以已列金额之和代替。"
    }
}

/// The 项目支出绩效自评汇总表, DOCX and CSV alike: one row per project in package order and a
/// 合计 row (`FormRules.summaryTotals`): amounts in 万元 at the form's 2 decimals, the 合计
/// adding the printed figures of the projects having both 全年预算数 and 全年执行数; a missing
/// figure prints "—" and the note (the table's last row) counts the projects left out.
public struct SummaryForm: Sendable {
    public struct Row: Sendable, Equatable {
        public var index: String
        public var id: String
        public var name: String
        public var department: String
        public var implementer: String
        public var annualBudget: String
        public var executed: String
        public var executionRate: String
        public var score: String
        public var grade: String
    }

    public var year: Int
    public var unit: UnitInfo
    /// One row per project, held as their fields' bytes (`SummaryRows`).
    public var rows: SummaryRows
    public var totalAnnualBudget: String
    public var totalExecuted: String
    public var totalExecutionRate: String
    /// How the 合计 is formed, and which projects it leaves out (printed under the table).
    public var totalNote: String

    /// The unit line printed above the table.
    public static let moneyUnitLine = "金额单位：万元"
    /// What a cell prints for a figure the project does not have.
    public static let missing = "—"

    public init<Projects: Collection>(year: Int, unit: UnitInfo, projects: Projects) where Projects.Element == LoadedProject {
        self.init(year: year, unit: unit, briefs: projects.lazy.map { ProjectBrief($0) })
    }

    /// From what the form reads of each project (`ProjectList.briefs`: a package's projects are
    /// not decoded whole for it).
    public init<Briefs: Collection>(year: Int, unit: UnitInfo, briefs projects: Briefs) where Briefs.Element == ProjectBrief {
        // One pass, one read of each project.
        var rows = SummaryRows.Part()
        var figures: [(annualBudget: FormNumber?, executed: FormNumber?)] = []
        figures.reserveCapacity(projects.count)
        for (index, project) in projects.enumerated() {
            rows.append(Self.row(project, index, unitName: unit.name))
            figures.append((project.annualBudget, project.executed))
        }
        self.init(year: year, unit: unit, rows: SummaryRows([rows]), figures: figures)
    }

    /// A package's projects (`ProjectList`): the rows are made on every core in slices, since
    /// each row depends on its project alone (10 000 rows were 20 ms on the one thread that
    /// renders the 汇总表 while `project --id` waits for it).
    public init(year: Int, unit: UnitInfo, projects list: ProjectList) {
        let unitName = unit.name
        let made = Slices.map(count: list.count, minimum: 512) { range in
            var rows = SummaryRows.Part(), figures: [(annualBudget: FormNumber?, executed: FormNumber?)] = []
            figures.reserveCapacity(range.count)
            for index in range {
                let project = list.brief(index)
                rows.append(Self.row(project, index, unitName: unitName))
                figures.append((project.annualBudget, project.executed))
            }
            return (rows: rows, figures: figures)
        }
        self.init(year: year, unit: unit, rows: SummaryRows(made.map(\.rows)), figures: made.flatMap(\.figures))
    }

    private init(year: Int, unit: UnitInfo, rows: SummaryRows, figures: [(annualBudget: FormNumber?, executed: FormNumber?)]) {
        self.year = year
        self.unit = unit
        self.rows = rows
        let totals = FormRules.summaryTotals(figures)
        totalAnnualBudget = totals.annualBudget.map(FormFormat.money) ?? Self.missing
        totalExecuted = totals.executed.map(FormFormat.money) ?? Self.missing
        totalExecutionRate = totals.executionRate.map(FormFormat.rate) ?? Self.missing
        var note = "金额四舍五入到两位小数。"
        if totals.leftOut.isEmpty {
            note += "合计为各项目所印金额之和"
        } else {
            note += "合计为同时有全年预算数和全年执行数的\(totals.counted.count)个项目所印金额之和"
        }
        note += "，合计的预算执行率 = 合计执行数 ÷ 合计预算数；各项目的预算执行率取自其自评报告。"
        if !totals.leftOut.isEmpty {
            // A count, not a list of names: each left-out row already shows its missing figure as
            // "—", and a note growing with the package (a page of names at 150 projects) ended the
            // table on a page holding nothing but the note.
            note += "全年预算数或全年执行数印“\(Self.missing)”（没有该数）的\(totals.leftOut.count)个项目未计入合计。"
        }
        totalNote = note
    }
}

extension SummaryForm {
    /// The row of `project`, the package's `index`-th.
    static func row(_ project: ProjectBrief, _ index: Int, unitName: String) -> Row {
        func amount(_ value: FormNumber?) -> String {
            value.map { FormFormat.money(FormRules.summaryAmount($0)) } ?? missing
        }
        let department = project.department ?? unitName
        let sheet = project.scoresheet
        return Row(index: String(index + 1), id: project.id, name: project.name,
                   department: department, implementer: project.implementer ?? department,
                   annualBudget: amount(project.annualBudget), executed: amount(project.executed),
                   // The project's own rate, as its report prints it (from unrounded figures).
                   executionRate: project.executionRate.map(FormFormat.rate) ?? missing,
                   score: sheet.map(\.printedScore) ?? "", grade: sheet.map(\.printedGrade) ?? "")
    }
}

extension Scoresheet {
    /// What the 汇总表 prints: “—” for a sheet not out of 100 (`isOutOf100`).
    var printedGrade: String { isOutOf100 ? grade.rawValue : SummaryForm.missing }
    var printedScore: String { isOutOf100 ? FormFormat.score(total) : SummaryForm.missing }
}
