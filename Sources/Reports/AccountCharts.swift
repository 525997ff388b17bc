import Foundation
import JSONValue

/// The seven charts of a 部门决算情况说明 (图1–图7), produced from the figures by name:
/// `"chart": {"derived": "收支总计变动"}`. 变动 charts show last year beside this year (two
/// series) when last year is given; structure charts are pies of this year's breakdown with
/// zero items kept in the data (the chart drawing leaves them out).
struct AccountCharts {
    let figures: FinalAccountsFigures
    let year: Int

    static let titles: [(name: String, title: String)] = [
        ("收支总计变动", "收、支决算总计变动情况图"),
        ("收入结构", "收入决算结构图"),
        ("支出结构", "支出决算结构图"),
        ("财政拨款变动", "财政拨款收、支决算总计变动情况"),
        ("一般公共预算变动", "一般公共预算财政拨款支出决算变动情况"),
        ("一般公共预算结构", "一般公共预算财政拨款支出决算结构"),
        ("三公结构", "“三公”经费财政拨款支出结构"),
    ]

    struct Failure: Error { let message: String }

    /// The chart object ChartBlock reads (`kind`, `title`, `unit`, `categories`, `series`).
    func chart(_ name: String, title: String?) -> Result<JSONValue, Failure> {
        guard let defaultTitle = Self.titles.first(where: { $0.name == name })?.title else {
            return .failure(Failure(message: "未知的派生图表「\(name)」；可用：\(Self.titles.map(\.name).joined(separator: "、"))。"))
        }
        let title = title ?? defaultTitle
        func get(_ key: String) -> AccountFigure? { figures[key] }
        switch name {
        case "收支总计变动":
            return change(title, categories: ["收入总计", "支出总计"], figure: get("收支总计"), key: "收支总计", repeated: 2)
        case "财政拨款变动":
            return change(title, categories: ["财政拨款收入总计", "财政拨款支出总计"], figure: get("财政拨款收支总计"), key: "财政拨款收支总计", repeated: 2)
        case "一般公共预算变动":
            return change(title, categories: ["一般公共预算财政拨款支出"], figure: get("\(AccountCatalog.generalBudget).合计"),
                          key: "\(AccountCatalog.generalBudget).合计", repeated: 1)
        case "收入结构":
            return pie(title, AccountCatalog.incomeSources.map { n in (n, get("\(AccountCatalog.income).\(n)")) })
        case "支出结构":
            return pie(title, AccountCatalog.expenditureKinds.map { n in (n, get("\(AccountCatalog.expenditure).\(n)")) })
        case "一般公共预算结构":
            return pie(title, figures.categories.map { ($0.name, $0.figure) })
        default:
            return pie(title, ["因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"].map { n in
                (n, get("\(AccountCatalog.threePublic).\(n)")) })
        }
    }

    func number(_ n: FormNumber) -> JSONValue { .string(AccountPhrases.amount(n)) }

    func change(_ title: String, categories: [String], figure: AccountFigure?, key: String, repeated: Int) -> Result<JSONValue, Failure> {
        guard let figure, let v = figure.value else { return .failure(Failure(message: "需要数据「\(key)」的决算数。")) }
        var series: [JSONValue] = []
        if let p = figure.previous {
            series.append(.members([("name", .string("\(year - 1)年")), ("values", .array(Array(repeating: number(p), count: repeated)))]))
        }
        series.append(.members([("name", .string("\(year)年")), ("values", .array(Array(repeating: number(v), count: repeated)))]))
        return .success(.members([("kind", .string("column")), ("title", .string(title)), ("unit", .string(figures.unit.rawValue)),
                                 ("categories", .array(categories.map { .string($0) })), ("series", .array(series))]))
    }

    /// Every category of the catalogue stays a slice, a missing figure as a zero one (not drawn,
    /// labelled or listed): a slice's colour is its category's place, so leaving a missing
    /// category out would hand its colour to the next one, and a chart would change colours
    /// between a figure given as 0 and one not given.
    func pie(_ title: String, _ parts: [(String, AccountFigure?)]) -> Result<JSONValue, Failure> {
        guard parts.contains(where: { $0.1?.value != nil }) else {
            return .failure(Failure(message: "图表「\(title)」需要的数据都没有给出。"))
        }
        let given = parts.map { p in (p.0, p.1?.value ?? FormNumber(0, scale: 0)) }
        return .success(.members([("kind", .string("pie")), ("title", .string(title)), ("unit", .string(figures.unit.rawValue)),
                                 ("categories", .array(given.map { .string($0.0) })),
                                 ("series", .array([.members([("name", .string("\(year)年")), ("values", .array(given.map { number($0.1) }))])]))]))
    }
}

private extension JSONValue {
    static func members(_ list: [(String, JSONValue)]) -> JSONValue {
        .object(JSONObject(list.map { (key: $0.0, value: $0.1) }))
    }
}
