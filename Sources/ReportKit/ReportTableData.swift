import JSONValue
import OOXML
import Reports
import Templating

/// The figures a report table draws, asked for by typed names: a fund column and field, a row
/// list and a row field, a sheet total. `FormsTableSource` answers from a project's typed
/// `ProjectForms` (what `reportgen package` renders with); `ContextReader` from plain JSON.
protocol TableSource {
    associatedtype Row
    mutating func scheme() -> ScoringScheme
    mutating func fund(_ column: FundColumn, _ field: FundField) -> String
    mutating func rows(_ list: RowList) -> [Row]
    mutating func field(_ row: Row, _ field: RowField) -> String
    mutating func sheet(_ total: SheetTotal) -> String
    mutating func report(_ problem: String)
    func problem(table: String) -> String?
}

/// A column of the 预算执行情况 form (and 合计 of the 资金情况 table).
enum FundColumn: CaseIterable {
    case total, fiscal, central, provincial, municipal, county, carryover, other

    /// Its place in docs/template-context.md.
    var path: String {
        switch self {
        case .total: return "funds.total"
        case .fiscal: return "funds.fiscal"
        case .central: return "funds.levels.central"
        case .provincial: return "funds.levels.provincial"
        case .municipal: return "funds.levels.municipal"
        case .county: return "funds.levels.county"
        case .carryover: return "funds.carryover"
        case .other: return "funds.other"
        }
    }
}

enum FundField: String {
    case initialBudget, annualBudget, received, executed, balance, receivedRate, executionRate
}

enum RowList: String {
    case sheetRows = "sheet.rows"
    case indicators
    case ippeRows = "ippe.rows"
}

enum RowField: String {
    case index, level1, level2, name, weight, target, actual, rate, score, deviation
}

enum SheetTotal: String {
    case totalWeight, total, grade
}

/// One row of a typed list: an indicator / 自评表 row, or a row of the ippe 评分表.
enum FormsRow {
    case sheet(ProjectForms.SheetRow)
    case ippe(ProjectForms.IppeRow)
}

/// The figures of a project as `ProjectForms` computed them: nothing to look up, nothing missing.
struct FormsTableSource: TableSource {
    let forms: ProjectForms
    let missing: MissingPolicy
    private(set) var other: [String] = []

    init(forms: ProjectForms, missing: MissingPolicy) {
        self.forms = forms
        self.missing = missing
    }

    func scheme() -> ScoringScheme { forms.scheme }

    func fund(_ column: FundColumn, _ field: FundField) -> String {
        let funds = forms.funds
        let row: ProjectForms.FundRow
        switch column {
        case .total: row = funds.total
        case .fiscal: row = funds.fiscal
        case .carryover: row = funds.carryover
        case .other: row = funds.other
        case .central, .provincial, .municipal, .county:
            let level: FundLevel = column == .central ? .central : column == .provincial ? .provincial
                : column == .municipal ? .municipal : .county
            guard let found = funds.levels.first(where: { $0.level == level }) else { return "" }
            row = found.row
        }
        switch field {
        case .initialBudget: return row.initialBudget
        case .annualBudget: return row.annualBudget
        case .received: return row.received
        case .executed: return row.executed
        case .balance: return row.balance
        case .receivedRate: return row.receivedRate
        case .executionRate: return row.executionRate
        }
    }

    func rows(_ list: RowList) -> [FormsRow] {
        switch list {
        case .sheetRows: return forms.sheetRows.map(FormsRow.sheet)
        case .indicators: return forms.indicators.map(FormsRow.sheet)
        case .ippeRows: return forms.ippeRows.map(FormsRow.ippe)
        }
    }

    /// Text as a cell may hold it (characters XML 1.0 forbids removed, as for JSON data).
    static func clean(_ text: String) -> String { XMLText.sanitized(text).text }

    func field(_ row: FormsRow, _ field: RowField) -> String { Self.clean(rawField(row, field)) }

    private func rawField(_ row: FormsRow, _ field: RowField) -> String {
        switch row {
        case .sheet(let r):
            switch field {
            case .index: return r.index
            case .level1: return r.level1
            case .level2: return r.level2
            case .name: return r.name
            case .weight: return r.weight
            case .target: return r.target
            case .actual: return r.actual
            case .rate: return r.rate
            case .score: return r.score
            case .deviation: return r.deviation ?? ""
            }
        case .ippe(let r):
            switch field {
            case .level1: return r.level1
            case .level2: return r.level2
            case .name: return r.name
            case .weight: return r.weight
            case .score: return r.score
            case .index, .target, .actual, .rate, .deviation: return ""
            }
        }
    }

    func sheet(_ total: SheetTotal) -> String {
        switch total {
        case .totalWeight: return forms.totalWeight
        case .total: return forms.total
        case .grade: return forms.grade
        }
    }

    mutating func report(_ problem: String) { other.append(problem) }

    func problem(table: String) -> String? {
        guard missing == .error, !other.isEmpty else { return nil }
        return "表格 “\(table)”：" + other.joined(separator: "；")
    }
}


/// One item of a context list.
struct ContextRow {
    var object: JSONObject
    var path: String

    func field(_ key: String, _ data: inout ContextReader) -> String {
        data.text(object[key], path: path + "." + key)
    }
}

/// Reads the figures of plain JSON data (`reportgen render`, template previews) by the keys of
/// docs/template-context.md, collecting every missing or malformed path so that one error
/// names them all. The only place the table block looks figures up by key.
struct ContextReader: TableSource {
    let scope: BlockScope
    private(set) var missing: [String] = []
    private(set) var malformed: [String] = []
    private(set) var other: [String] = []

    init(scope: BlockScope) { self.scope = scope }

    mutating func fund(_ column: FundColumn, _ field: FundField) -> String {
        text(column.path + "." + field.rawValue)
    }

    mutating func sheet(_ total: SheetTotal) -> String { text("sheet." + total.rawValue) }

    mutating func field(_ row: ContextRow, _ field: RowField) -> String { row.field(field.rawValue, &self) }

    mutating func rows(_ list: RowList) -> [ContextRow] { rows(list.rawValue) }

    mutating func text(_ path: String) -> String {
        let value = scope.value(at: path)
        if value == nil {
            // Name the outermost absent object once (`funds.levels`), not each of its fields.
            let components = path.split(separator: ".")
            for k in 1..<max(1, components.count) {
                let prefix = components[0..<k].joined(separator: ".")
                if scope.value(at: prefix) == nil { return text(nil, path: prefix) }
            }
        }
        return text(value, path: path)
    }

    mutating func text(_ value: JSONValue?, path: String) -> String {
        switch value {
        case nil, .null?:
            if !missing.contains(path) { missing.append(path) }
            return ""
        case .object?, .array?:
            if !malformed.contains(path) { malformed.append(path) }
            return ""
        case let value?:
            return XMLText.sanitized(ValueText.string(value)).text
        }
    }

    /// The project's scheme, named once in the context (`scheme.name`); `none` when absent.
    mutating func scheme() -> ScoringScheme {
        let path = "scheme.name"
        switch scope.value(at: path) {
        case .string(let name)?:
            if let scheme = ScoringScheme(rawValue: name) { return scheme }
            if !malformed.contains(path) { malformed.append(path) }
            return .none
        case nil, .null?:
            if !missing.contains(path) { missing.append(path) }
            return .none
        default:
            if !malformed.contains(path) { malformed.append(path) }
            return .none
        }
    }

    mutating func rows(_ path: String) -> [ContextRow] {
        switch scope.value(at: path) {
        case .array(let items)?:
            var rows: [ContextRow] = []
            for (i, item) in items.enumerated() {
                guard case .object(let object) = item else {
                    malformed.append("\(path)[\(i)]")
                    continue
                }
                rows.append(ContextRow(object: object, path: "\(path)[\(i)]"))
            }
            return rows
        case nil, .null?:
            missing.append(path)
            return []
        default:
            malformed.append(path)
            return []
        }
    }

    mutating func report(_ problem: String) {
        other.append(problem)
    }

    /// The error for everything collected; missing values are fine under `--missing empty`.
    func problem(table: String) -> String? {
        var parts: [String] = []
        if scope.missing == .error, !missing.isEmpty { parts.append("数据中没有 " + Self.list(missing)) }
        if !malformed.isEmpty { parts.append(Self.list(malformed) + " 的类型不对（应为文字，列表项应为对象）") }
        if scope.missing == .error { parts += other }
        if parts.isEmpty { return nil }
        return "表格 “\(table)”：" + parts.joined(separator: "；")
    }

    static func list(_ paths: [String]) -> String {
        let shown = paths.prefix(8).joined(separator: "、")
        return paths.count > 8 ? shown + " 等 \(paths.count) 处" : shown
    }
}

