import Foundation
import JSONValue

/// What a 自评表 says, as read, each value with the cell it came from.
struct ImportedSheet {
    /// A number as written in its cell (`12.50` keeps two decimals).
    struct Figure {
        var text: String
        var address: String
        var decimal: Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? 0 }
    }

    struct FundLine {
        var source: Labels.FundSource
        var label: String
        var figures: [Labels.FundColumn: Figure] = [:]
        var rates: [(kind: Labels.RateKind, value: Decimal, places: Int, cell: SheetGrid.Cell)] = []
        var amounts: [Labels.FundColumn] { [.initialBudget, .annualBudget, .received, .executed].filter { figures[$0] != nil } }
    }

    struct Indicator {
        var level1: String
        var level2: String
        var name: String
        var target: String
        var actual: String
        var deviation: String
        var nameCell = ""
        var weight: Figure?
        var score: Figure?
        var rate: (value: Decimal, places: Int, cell: SheetGrid.Cell)?
    }

    struct Totals {
        var weight: Figure?
        var score: Figure?
        var grade: (String, String)?
    }

    struct IndicatorTable {
        var budgetRow: Indicator?
        var indicators: [Indicator] = []
        var totals = Totals()
    }

    struct IppeTable {
        var items: [(level1: String, level2: String, name: String, score: Figure)] = []
        var subtotals: [(String, Figure)] = []
        var totals = Totals()
    }

    var name: (String, String)?
    var department: (String, String)?
    var implementer: (String, String)?
    var year: Int?
    var unit: (unit: String, address: String)?
    var funds: [FundLine] = []
    var goals: (annual: String, achieved: String, address: String)?
    var tables: [IndicatorTable] = []
    var ippe: IppeTable?

    /// What a cell that could not be read was to give: the totals over it cannot be checked.
    enum Input: Equatable {
        case fund(Labels.FundColumn)
        case weight, score
        /// An indicator's 年度指标值 or 实际完成值 (its computed score depends on them).
        case indicatorValue
    }

    /// Cells holding a figure that could not be read (E-IMP-030/031/033), in reading order.
    var unreadable: [(cell: String, input: Input)] = []

    enum Scheme: String { case mof = "mof-2020", ippe, none }

    /// ippe when there is a 评分 table; mof-2020 when the indicators carry 分值; else none.
    var scheme: Scheme {
        if ippe != nil { return .ippe }
        let weighted = tables.contains { $0.indicators.contains { $0.weight != nil } || $0.budgetRow?.weight != nil }
        return weighted ? .mof : .none
    }

    var indicators: [Indicator] { tables.flatMap(\.indicators) }
}

/// The project definition built from an `ImportedSheet`, and where each of its values came
/// from (`indicators[2].weight` → `E9`) so that validation problems name the cell.
struct ProjectBuilder {
    var members: [(String, JSONValue)] = []
    var cells: [String: String] = [:]

    static func money(_ figure: ImportedSheet.Figure) -> JSONValue { .string(figure.text) }
    static func number(_ figure: ImportedSheet.Figure) -> JSONValue { .number(figure.text) }

    init(sheet: ImportedSheet, id: String, year: Int?, source: String) {
        members.append(("_comment", .string("由 reportgen import 从「\(source)」导入；金额、分值照表中印出的写法。")))
        members.append(("id", .string(id)))
        if let name = sheet.name { add("name", .string(name.0), name.1) }
        if let year = year ?? sheet.year { members.append(("year", .number(String(year)))) }
        if let d = sheet.department {
            var department = d.0
            // “攀枝花市医疗保障局（512001）”: the code is a field of its own.
            if let open = department.lastIndex(of: "（"), department.hasSuffix("）") {
                let code = String(department[department.index(after: open)..<department.index(before: department.endIndex)])
                if !code.isEmpty, code.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLetter) }) {
                    department = String(department[..<open])
                    add("departmentCode", .string(code), d.1)
                }
            }
            add("department", .string(department), d.1)
        }
        if let i = sheet.implementer { add("implementer", .string(i.0), i.1) }
        let scheme = sheet.scheme
        add("scoring", .string(scheme.rawValue), "")
        var funds: [JSONValue] = []
        let sources = sheet.funds.filter { $0.source != .total && !$0.amounts.isEmpty }
        let total = sheet.funds.first { $0.source == .total && !$0.amounts.isEmpty }
        for line in sources + (sources.isEmpty ? [] : total.map { [$0] } ?? []) {
            let path = "funds[\(funds.count)]"
            var fund: [(String, JSONValue)] = [("source", .string(line.source.rawValue))]
            cells[path] = line.label
            cells[path + ".source"] = line.label
            for (kind, key) in [(Labels.FundColumn.initialBudget, "initialBudget"), (.annualBudget, "annualBudget"),
                                (.received, "received"), (.executed, "executed")] {
                if let figure = line.figures[kind] {
                    fund.append((key, Self.money(figure)))
                    cells[path + "." + key] = figure.address
                }
            }
            if sheet.unit?.unit == "元" { fund.append(("unit", .string("元"))) }
            funds.append(.object(JSONObject(fund.map { (key: $0.0, value: $0.1) })))
        }
        if !funds.isEmpty { members.append(("funds", .array(funds))) }
        if let goals = sheet.goals {
            add("goals", .object(JSONObject([(key: "annual", value: .string(goals.annual)), (key: "achieved", value: .string(goals.achieved))])), goals.address)
        }
        switch scheme {
        case .mof:
            let table = sheet.tables.first { $0.budgetRow != nil }
            let budget = table?.budgetRow
            let totalLine = sheet.funds.first { $0.source == .total }
            if let weight = budget?.weight ?? totalLine?.figures[.weight] {
                var b: [(key: String, value: JSONValue)] = [("weight", Self.number(weight))]
                cells["budgetExecution.weight"] = weight.address
                if let target = budget?.target, !target.isEmpty, target != "100%" { b.append(("target", .string(target))) }
                if let score = budget?.score ?? totalLine?.figures[.score] {
                    b.append(("score", Self.number(score)))
                    cells["budgetExecution.score"] = score.address
                }
                if let deviation = budget?.deviation, !deviation.isEmpty { b.append(("deviation", .string(deviation))) }
                add("budgetExecution", .object(JSONObject(b)), budget?.nameCell ?? weight.address)
            }
            addIndicators(sheet.indicators, scored: true)
            let totals = sheet.tables.map(\.totals).first { $0.score != nil || $0.grade != nil }
            if let score = totals?.score { add("totalScore", Self.number(score), score.address) }
            if let grade = totals?.grade { add("grade", .string(grade.0), grade.1) }
        case .ippe:
            addIndicators(sheet.indicators, scored: false)
            if let ippe = sheet.ippe {
                var scores: [(key: String, value: JSONValue)] = []
                for item in ippe.items {
                    // The form prints 资金到位率（到位数÷全年预算数）: the key is the item's name.
                    var name = item.name
                    if let open = name.firstIndex(of: "（"), name.hasSuffix("）") { name = String(name[..<open]) }
                    let key = item.level2 + "/" + name
                    scores.append((key, Self.number(item.score)))
                    cells["ippeScores." + key] = item.score.address
                }
                add("ippeScores", .object(JSONObject(scores)), "")
                if !ippe.subtotals.isEmpty {
                    add("subtotals", .object(JSONObject(ippe.subtotals.map { (key: $0.0, value: Self.number($0.1)) })), "")
                    for (name, figure) in ippe.subtotals { cells["subtotals." + name] = figure.address }
                }
                if let score = ippe.totals.score { add("totalScore", Self.number(score), score.address) }
                if let grade = ippe.totals.grade { add("grade", .string(grade.0), grade.1) }
            }
        case .none:
            addIndicators(sheet.indicators, scored: false)
        }
    }

    mutating func add(_ key: String, _ value: JSONValue, _ cell: String) {
        members.append((key, value))
        if !cell.isEmpty { cells[key] = cell }
    }

    mutating func addIndicators(_ indicators: [ImportedSheet.Indicator], scored: Bool) {
        guard !indicators.isEmpty else { return }
        var list: [JSONValue] = []
        for (i, indicator) in indicators.enumerated() {
            let path = "indicators[\(i)]"
            cells[path] = indicator.nameCell
            var m: [(key: String, value: JSONValue)] = [
                ("level1", .string(indicator.level1)), ("level2", .string(indicator.level2)), ("name", .string(indicator.name)),
            ]
            if scored, let weight = indicator.weight {
                m.append(("weight", Self.number(weight)))
                cells[path + ".weight"] = weight.address
            }
            m.append(("target", .string(indicator.target)))
            m.append(("actual", .string(indicator.actual)))
            if scored, let score = indicator.score {
                m.append(("score", Self.number(score)))
                cells[path + ".score"] = score.address
            }
            if !indicator.deviation.isEmpty { m.append(("deviation", .string(indicator.deviation))) }
            list.append(.object(JSONObject(m)))
        }
        members.append(("indicators", .array(list)))
    }

    /// The cell a JSON path came from: the path itself, else its nearest parent.
    func cell(for path: String) -> String? {
        var p = path
        while !p.isEmpty {
            if let c = cells[p] { return c }
            if let dot = p.lastIndex(where: { $0 == "." || $0 == "[" }) { p = String(p[..<dot]) } else { break }
        }
        return nil
    }

    var json: JSONValue { .object(JSONObject(members.map { (key: $0.0, value: $0.1) })) }
}
