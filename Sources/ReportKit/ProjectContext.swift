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

    /// The template context: the one place typed figures become JSON (docs/template-context.md).
    public func value() -> JSONValue { value(ProjectForms(project)) }

    /// The context of figures already computed (the documents' table blocks draw the same `forms`).
    public func value(_ forms: ProjectForms) -> JSONValue {
        let scheme = forms.scheme
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
            ("funds", Self.fundsValue(forms.funds)),
            ("budgetExecution", .object([
                ("weight", .string(forms.budgetExecution.weight)),
                ("target", .string(forms.budgetExecution.target)),
                ("rate", .string(forms.budgetExecution.rate)),
                ("score", .string(forms.budgetExecution.score)),
            ])),
            ("goals", .object([
                ("period", .text(definition.goals?.period)),
                ("annual", .text(definition.goals?.annual)),
                ("achieved", .text(definition.goals?.achieved)),
            ])),
            ("indicators", .array(forms.indicators.map(Self.rowValue))),
            ("sheet", .object([
                ("rows", .array(forms.sheetRows.map(Self.rowValue))),
                ("totalWeight", .string(forms.totalWeight)),
                ("total", .string(forms.total)),
                ("grade", .string(forms.grade)),
            ])),
            ("ippe", .object([
                ("rows", .array(forms.ippeRows.map { row in
                    .object([("level1", .string(row.level1)), ("level2", .string(row.level2)), ("name", .string(row.name)),
                             ("weight", .string(row.weight)), ("score", .string(row.score))])
                })),
                ("receivedRate", .string(forms.ippeReceivedRate)),
                ("executionRate", .string(forms.ippeExecutionRate)),
            ])),
        ]
        members += peopleAndDates()
        // Appended forms are labelled 附件1, 附件2 … in order, as seed 002 labels its 自评表
        // (附件1.项目支出绩效自评表); the 特定目标类 form keeps seed 004's 附表：.
        let appendix = forms.appendix
        let numbered = [appendix.funds, appendix.sheet]
        func label(_ position: Int) -> String { "附件\(numbered.prefix(position + 1).filter { $0 }.count)" }
        members += [
            ("appendix", .object([
                ("funds", .bool(appendix.funds)),
                ("sheet", .bool(appendix.sheet)),
                ("target", .bool(appendix.target)),
                ("fundsLabel", .string(label(0))),
                ("sheetLabel", .string(label(1))),
                ("targetLabel", .string("附表：")),
            ])),
            ("targetForm", .object([
                ("title", .string(TargetFormTitle.printed(TargetFormTitle.text(year: project.year, given: definition.targetFormTitle)))),
            ])),
        ]
        return .object(members)
    }

    static func unitValue(_ unit: UnitInfo) -> JSONValue {
        .object([
            ("name", .string(unit.name)),
            ("shortName", .text(unit.shortName)),
            ("code", .text(unit.code)),
            ("seal", .text(unit.seal)),
        ])
    }

    /// The title line: the project's own wording, else `<year>年度项目支出绩效自评报告`.
    public var title: String {
        definition.title ?? "\(project.year)年度项目支出绩效自评报告"
    }

    /// 主管部门 as the forms print it: the project's own, else the unit.
    public var departmentName: String { project.department ?? unit.name }

    /// 实施单位 as the forms print it: the project's own, else its 主管部门.
    public var implementerName: String { project.implementer ?? departmentName }

    func projectValue() -> JSONValue {
        let department = departmentName
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
            ("implementer", .string(implementerName)),
            ("kind", .text(definition.kind)),
            ("periodText", .string(period)),
        ])
    }

    // MARK: Typed figures to JSON

    /// Every figure of a fund row is already printed text (万元, rates with %).
    static func fundValue(_ row: ProjectForms.FundRow) -> JSONValue {
        let fields = [("source", row.source), ("level", row.level), ("initialBudget", row.initialBudget),
                      ("annualBudget", row.annualBudget), ("received", row.received), ("executed", row.executed),
                      ("balance", row.balance), ("receivedRate", row.receivedRate), ("executionRate", row.executionRate)]
        return .object(fields.map { ($0, JSONValue.string($1)) })
    }

    static func fundsValue(_ funds: ProjectForms.Funds) -> JSONValue {
        let keys: [FundLevel: String] = [.central: "central", .provincial: "provincial", .municipal: "municipal", .county: "county"]
        return .object([
            ("rows", .array(funds.rows.map(fundValue))),
            ("total", fundValue(funds.total)),
            ("fiscal", fundValue(funds.fiscal)),
            ("carryover", fundValue(funds.carryover)),
            ("other", fundValue(funds.other)),
            ("nonFiscal", fundValue(funds.nonFiscal)),
            ("levels", .object(funds.levels.map { (keys[$0.level] ?? $0.level.rawValue, fundValue($0.row)) })),
            ("hasNote", .bool(!funds.note.isEmpty)),
            ("note", .string(funds.note)),
        ])
    }

    /// A 自评表 row: printed text, and the 偏差原因 as the user wrote it (null when absent).
    static func rowValue(_ row: ProjectForms.SheetRow) -> JSONValue {
        let fields = [("index", row.index), ("level1", row.level1), ("level2", row.level2), ("name", row.name),
                      ("weight", row.weight), ("target", row.target), ("actual", row.actual), ("rate", row.rate),
                      ("score", row.score)]
        return .object(fields.map { ($0, JSONValue.string($1)) } + [("deviation", .text(row.deviation))])
    }

    func peopleAndDates() -> [(String, JSONValue)] {
        let evaluators = definition.evaluators.map { e in
            JSONValue.object([("name", .string(e.name)), ("title", .text(e.title)), ("office", .text(e.office)), ("phone", .text(e.phone))])
        }
        let first = definition.evaluators.first
        return [
            ("evaluators", .array(evaluators)),
            ("has", .object([("evaluators", .bool(!evaluators.isEmpty)),
                             // An unscored sheet without indicators prints no bare 绩效指标 header row.
                             ("indicators", .bool(!definition.indicators.isEmpty))])),
            ("contact", .object([
                ("name", .text(first?.name)), ("title", .text(first?.title)),
                ("office", .text(first?.office)), ("phone", .text(first?.phone)),
            ])),
            ("filledOn", .text(definition.filledOn)),
            ("filledOnText", .text(definition.filledOn.flatMap(FormFormat.date))),
        ]
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
        if let numbering = node.numbering { members.append(("numbering", .string(numbering))) }
        return .object(members)
    }
}
