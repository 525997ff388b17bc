import Foundation
import JSONValue
import Reports

/// Builds the data a project's documents are rendered from: the keys of
/// docs/template-context.md, every figure computed by `Reports` and formatted as the official
/// forms print it. Templates only place these strings.
public struct ProjectContext {
    public let project: LoadedProject
    public let unit: UnitInfo

    public init(project: LoadedProject, unit: UnitInfo) {
        self.project = project
        self.unit = unit
    }

    var definition: ProjectDefinition { project.definition }
    var evaluation: ProjectEvaluation { project.evaluation }

    public func value() -> JSONValue {
        let scheme = definition.scoring
        var members: [(String, JSONValue)] = [
            ("year", .string(String(project.year))),
            ("unit", Self.unitValue(unit)),
            ("project", projectValue()),
            ("body", BodyValue.outline(definition.body)),
            ("scheme", .object([
                ("name", .string(scheme.rawValue)),
                ("mof", .bool(scheme == .mof2020)),
                ("ippe", .bool(scheme == .ippe)),
                ("none", .bool(scheme == .none)),
            ])),
            ("scored", .bool(scheme != .none)),
            ("funds", fundsValue()),
            ("budgetExecution", budgetExecutionValue()),
            ("goals", .object([
                ("period", .text(definition.goals?.period)),
                ("annual", .text(definition.goals?.annual)),
                ("achieved", .text(definition.goals?.achieved)),
            ])),
            ("indicators", .array(indicatorRows())),
            ("sheet", sheetValue()),
            ("ippe", ippeValue()),
        ]
        members += peopleAndDates()
        members += [
            ("appendix", .object([
                ("funds", .bool(!bodyPlaces(tables: [.funds, .fundsSummary]))),
                // Seed 002 prints its indicator tables in the body and still attaches the 自评表;
                // the 特定目标类 form replaces it where it is attached.
                ("sheet", .bool(!definition.indicators.isEmpty && !bodyPlaces(tables: [.scoresheet])
                                && definition.targetSelfEvaluation != true)),
                ("target", .bool(definition.targetSelfEvaluation == true)),
            ])),
            ("targetForm", .object([
                ("title", .string(definition.targetFormTitle ?? "\(project.year)年特定目标类部门预算项目绩效目标自评")),
            ])),
        ]
        return .object(members)
    }

    /// The few keys the summary reads: `project`, `funds.total`, `sheet.total`/`grade`.
    public func summaryFields() -> JSONValue {
        let sheet = evaluation.scoresheet
        let block = evaluation.funds
        return .object([
            ("project", projectValue()),
            ("funds", .object([("total", fundValue(source: "合计", level: "", block.lines.isEmpty ? nil : block.total))])),
            ("sheet", .object([
                ("total", .string(sheet.map { FormFormat.score($0.total) } ?? "")),
                ("grade", .string(sheet?.grade.rawValue ?? "")),
            ])),
        ])
    }

    static func unitValue(_ unit: UnitInfo) -> JSONValue {
        .object([
            ("name", .string(unit.name)),
            ("shortName", .text(unit.shortName)),
            ("code", .text(unit.code)),
        ])
    }

    /// The title line: the project's own wording, else `<year>年度项目支出绩效自评报告`.
    public var title: String {
        definition.title ?? "\(project.year)年度项目支出绩效自评报告"
    }

    func projectValue() -> JSONValue {
        let department = project.department ?? unit.name
        let code = definition.departmentCode ?? (department == unit.name ? unit.code : nil)
        var period = ""
        if let from = definition.period.flatMap({ FormFormat.date($0.from) }),
           let to = definition.period.flatMap({ FormFormat.date($0.to) }) {
            period = "\(from)至\(to)"
        }
        return .object([
            ("id", .string(definition.id)),
            ("name", .string(definition.name)),
            ("title", .string(title)),
            ("department", .string(department)),
            ("departmentCode", .text(code)),
            ("departmentLabel", .string(FormFormat.departmentWithCode(department, code: code))),
            ("implementer", .string(project.implementer ?? department)),
            ("kind", .text(definition.kind)),
            ("periodText", .string(period)),
        ])
    }

    // MARK: Funds

    /// Amounts print with the precision of the block (the most decimals any input used),
    /// without trailing zeros: `5`, `149.88`, `50.094`.
    func money(_ value: Decimal?) -> String {
        guard let value else { return "" }
        return FormFormat.trimmed(value, places: max(evaluation.funds.places, 2))
    }

    func rate(_ value: Decimal?) -> String {
        value.map(FormFormat.rate) ?? ""
    }

    func fundValue(source: String, level: String, _ figures: FundFigures?) -> JSONValue {
        .object([
            ("source", .string(source)),
            ("level", .string(level)),
            ("initialBudget", .string(money(figures?.initialBudget))),
            ("annualBudget", .string(money(figures?.annualBudget))),
            ("received", .string(money(figures?.received))),
            ("executed", .string(money(figures?.executed))),
            ("balance", .string(money(figures?.balance))),
            ("receivedRate", .string(rate(figures?.receivedRate))),
            ("executionRate", .string(rate(figures?.executionRate))),
        ])
    }

    func fundsValue() -> JSONValue {
        let block = evaluation.funds
        let rows = block.lines.map { fundValue(source: $0.source, level: $0.level?.rawValue ?? "", $0.figures) }
        let fiscal = block.fiscal
        let carryover = block.figures(source: "上年结转资金")
        let others = block.lines.filter { !FundBlock.fiscalSources.contains($0.source) && $0.source != "上年结转资金" }
        let other = others.isEmpty ? nil : FundFigures.sum(others.map(\.figures))
        var levels: [(String, JSONValue)] = []
        for (key, level) in [("central", FundLevel.central), ("provincial", .provincial), ("municipal", .municipal), ("county", .county)] {
            let fiscalAtLevel = block.lines.filter { FundBlock.fiscalSources.contains($0.source) && $0.level == level }
            levels.append((key, fundValue(source: level.rawValue, level: level.rawValue,
                                          fiscalAtLevel.isEmpty ? nil : FundFigures.sum(fiscalAtLevel.map(\.figures)))))
        }
        return .object([
            ("rows", .array(rows)),
            ("total", fundValue(source: "合计", level: "", block.lines.isEmpty ? nil : block.total)),
            ("fiscal", fundValue(source: "财政资金", level: "", fiscal)),
            ("carryover", fundValue(source: "上年结转资金", level: "", carryover)),
            ("other", fundValue(source: "其他资金", level: "", other)),
            ("nonFiscal", fundValue(source: "其他资金", level: "", block.nonFiscal)),
            ("levels", .object(levels)),
        ])
    }

    // MARK: Scores

    func budgetExecutionValue() -> JSONValue {
        let figures = evaluation.budgetExecution
        let scored = definition.scoring == .mof2020
        return .object([
            ("weight", .string(scored ? figures.map { FormFormat.score($0.weight) } ?? "" : "")),
            ("target", .string(figures?.target ?? "100%")),
            ("rate", .string(rate(figures?.rate ?? evaluation.funds.total.executionRate))),
            ("score", .string(scored ? figures.map { FormFormat.score($0.score) } ?? "" : "")),
        ])
    }

    func indicatorRows() -> [JSONValue] {
        let scored = definition.scoring == .mof2020
        return evaluation.indicators.enumerated().map { i, indicator in
            .object([
                ("index", .string(String(i + 1))),
                ("level1", .string(indicator.level1)),
                ("level2", .string(indicator.level2)),
                ("name", .string(indicator.name)),
                ("weight", .string(scored ? indicator.weight.map(FormFormat.score) ?? "" : "")),
                ("target", .string(indicator.target)),
                ("actual", .string(indicator.actual)),
                ("rate", .string(rate(indicator.completionRate))),
                ("score", .string(scored ? indicator.score.map(FormFormat.score) ?? "" : "")),
                ("deviation", .text(indicator.deviation)),
            ])
        }
    }

    func sheetValue() -> JSONValue {
        var rows: [JSONValue] = []
        if definition.scoring != .ippe {
            let figures = evaluation.budgetExecution
            let scored = definition.scoring == .mof2020
            let executionRate = figures?.rate ?? evaluation.funds.total.executionRate
            rows.append(.object([
                ("index", .string("0")),
                ("level1", .string("预算执行指标")),
                ("level2", .string("预算执行指标")),
                ("name", .string("预算执行率")),
                ("weight", .string(scored ? figures.map { FormFormat.score($0.weight) } ?? "" : "")),
                ("target", .string(figures?.target ?? "100%")),
                ("actual", .string(executionRate.map { FormFormat.percentNumber($0) + "%" } ?? "")),
                ("rate", .string(rate(executionRate))),
                ("score", .string(scored ? figures.map { FormFormat.score($0.score) } ?? "" : "")),
                ("deviation", .text(figures?.deviation)),
            ]))
        }
        rows += indicatorRows()
        let sheet = evaluation.scoresheet
        return .object([
            ("rows", .array(rows)),
            ("totalWeight", .string(sheet.map { FormFormat.score($0.totalWeight) } ?? "")),
            ("total", .string(sheet.map { FormFormat.score($0.total) } ?? "")),
            ("grade", .string(sheet?.grade.rawValue ?? "")),
        ])
    }

    func ippeValue() -> JSONValue {
        guard definition.scoring == .ippe, let sheet = evaluation.scoresheet else {
            return .object([("rows", .array([])), ("receivedRate", .string("")), ("executionRate", .string(""))])
        }
        var rows: [JSONValue] = []
        for level1 in IppeScheme.level1Names {
            let items = sheet.rows.filter { $0.level1 == level1 }
            guard !items.isEmpty else { continue }
            for row in items {
                rows.append(.object([
                    ("level1", .string(row.level1)), ("level2", .string(row.level2)), ("name", .string(row.name)),
                    ("weight", .string(FormFormat.score(row.weight))), ("score", .string(FormFormat.score(row.score))),
                ]))
            }
            if let subtotal = sheet.subtotals.first(where: { $0.name == level1 }) {
                rows.append(.object([
                    ("level1", .string(level1)), ("level2", .string("小计")), ("name", .string("")),
                    ("weight", .string(FormFormat.score(subtotal.weight))), ("score", .string(FormFormat.score(subtotal.score))),
                ]))
            }
        }
        let funds = evaluation.funds.total
        let receivedRate = funds.received.flatMap { r in funds.annualBudget.flatMap { FormRules.ippeFundsInPlaceRate(received: r, annualBudget: $0) } }
        let executionRate = funds.executed.flatMap { e in funds.received.flatMap { FormRules.ippeBudgetExecutionRate(executed: e, received: $0) } }
        return .object([
            ("rows", .array(rows)),
            ("receivedRate", .string(rate(receivedRate))),
            ("executionRate", .string(rate(executionRate))),
        ])
    }

    func peopleAndDates() -> [(String, JSONValue)] {
        let evaluators = definition.evaluators.map { e in
            JSONValue.object([("name", .string(e.name)), ("title", .text(e.title)), ("office", .text(e.office)), ("phone", .text(e.phone))])
        }
        let first = definition.evaluators.first
        return [
            ("evaluators", .array(evaluators)),
            ("has", .object([("evaluators", .bool(!evaluators.isEmpty))])),
            ("contact", .object([
                ("name", .text(first?.name)), ("title", .text(first?.title)),
                ("office", .text(first?.office)), ("phone", .text(first?.phone)),
            ])),
            ("filledOn", .text(definition.filledOn)),
            ("filledOnText", .text(definition.filledOn.flatMap(FormFormat.date))),
        ]
    }

    func bodyPlaces(tables kinds: Set<TableKind>) -> Bool {
        func search(_ nodes: [BodyNode]) -> Bool {
            nodes.contains { node in
                (node.table.map(kinds.contains) ?? false) || search(node.children ?? [])
            }
        }
        return search(definition.body)
    }
}

/// The body outline as template data.
enum BodyValue {
    static func outline(_ nodes: [BodyNode]) -> JSONValue {
        .array(nodes.map(node))
    }

    static func node(_ node: BodyNode) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let heading = node.heading { members.append(("heading", .string(heading))) }
        if let item = node.item { members.append(("item", .string(item))) }
        if let text = node.text { members.append(("text", .string(text))) }
        if let table = node.table { members.append(("table", .string(table.rawValue))) }
        if let level1 = node.level1 { members.append(("level1", .string(level1))) }
        if let chart = node.chart { members.append(("chart", chart.value)) }
        if let children = node.children { members.append(("children", outline(children))) }
        return .object(members)
    }
}
