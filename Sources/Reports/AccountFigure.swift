import Foundation

/// Why a figure differs from last year or from its budget, or the user's statement that no
/// reason applies (`false` in JSON): the 决算说明 must explain every change and every
/// budget not spent exactly.
public enum AccountReason: Sendable, Equatable {
    case text(String)
    case notApplicable

    public var text: String? {
        if case .text(let t) = self { return t }
        return nil
    }
}

/// One raw figure of the final accounts: this year's 决算数 and, where given, last year's
/// 决算数 and this year's 预算数; counts (车辆、批次、人次) use `value` only.
public struct AccountFigure: Sendable, Equatable {
    /// `收入.合计`, `一般公共预算财政拨款支出.类[1].款[0].项[2]`: the tag name and the JSON
    /// path below `figures`.
    public var key: String
    /// JSON path of the figure in its file (`figures.三公经费["公务接待费"]`).
    public var path: String
    public var value: FormNumber?
    public var previous: FormNumber?
    public var budget: FormNumber?
    public var changeReason: AccountReason?
    public var budgetReason: AccountReason?

    public init(key: String, path: String, value: FormNumber? = nil, previous: FormNumber? = nil, budget: FormNumber? = nil,
                changeReason: AccountReason? = nil, budgetReason: AccountReason? = nil) {
        self.key = key
        self.path = path
        self.value = value
        self.previous = previous
        self.budget = budget
        self.changeReason = changeReason
        self.budgetReason = budgetReason
    }
}

/// 一般公共预算财政拨款支出 by 功能分类: 类 → 款 → 项, each with its own figure.
public struct BudgetSubject: Sendable, Equatable {
    /// 类/款/项 name as the 支出功能分类 spells it (`一般公共服务`, `商贸事务`, `招商引资`).
    public var name: String
    /// How the 结构 sentence names a 类 (`一般公共服务（类）支出`); default `<name>（类）支出`.
    public var label: String?
    public var figure: AccountFigure
    /// 款 of a 类, 项 of a 款; empty for a 项.
    public var children: [BudgetSubject]

    public init(name: String, label: String? = nil, figure: AccountFigure, children: [BudgetSubject] = []) {
        self.name = name
        self.label = label
        self.figure = figure
        self.children = children
    }
}

/// Money unit of every figure of one final-accounts file.
public enum AccountUnit: String, Sendable, CaseIterable {
    case wanYuan = "万元"
    case yuan = "元"
}

/// The raw figures of one 部门决算 (this year and last), as the unit's 决算报表 give them.
/// Every derived figure — sums, shares, changes, 完成预算 rates — is computed from these.
public struct FinalAccountsFigures: Sendable, Equatable {
    public var unit: AccountUnit
    /// Every scalar figure by key (`收入.合计`, `三公经费.公务接待费`), in file order.
    public var figures: [AccountFigure]
    /// 一般公共预算财政拨款支出 by 类 (with 款 and 项), in file order.
    public var categories: [BudgetSubject]

    public init(unit: AccountUnit = .wanYuan, figures: [AccountFigure] = [], categories: [BudgetSubject] = []) {
        self.unit = unit
        self.figures = figures
        self.categories = categories
    }

    public subscript(key: String) -> AccountFigure? {
        if let found = figures.first(where: { $0.key == key }) { return found }
        return subjects.first { $0.figure.key == key }?.figure
    }

    /// Every 类, 款 and 项 depth-first.
    public var subjects: [BudgetSubject] {
        var all: [BudgetSubject] = []
        func walk(_ list: [BudgetSubject]) { for s in list { all.append(s); walk(s.children) } }
        walk(categories)
        return all
    }

    /// The 项 with the 类 and 款 they belong to, in order.
    public var items: [(category: BudgetSubject, section: BudgetSubject, item: BudgetSubject)] {
        var all: [(BudgetSubject, BudgetSubject, BudgetSubject)] = []
        for c in categories { for k in c.children { for x in k.children { all.append((c, k, x)) } } }
        return all
    }
}

/// The final-accounts document: title, raw figures, known slips of the published text, and
/// the outline whose texts may hold figure tags (`{{收入.合计}}`).
public struct FinalAccountsDefinition: Sendable, Equatable {
    public var title: String?
    public var figures: FinalAccountsFigures
    /// Paths (below the file) of given figures that disagree with their parts but must be
    /// printed as published: their mismatch is a warning instead of an error.
    public var acceptedSlips: [String]
    public var body: [BodyNode]

    public init(title: String? = nil, figures: FinalAccountsFigures = FinalAccountsFigures(), acceptedSlips: [String] = [],
                body: [BodyNode] = []) {
        self.title = title
        self.figures = figures
        self.acceptedSlips = acceptedSlips
        self.body = body
    }
}
