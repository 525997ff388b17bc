import Foundation

/// Derived figures of one fund line, one source, or the total (docs/数据格式.md §3.4). Amounts are
/// in the forms' unit, 万元 (an amount given in 元 is converted exactly, see `FormRules.toWanYuan`),
/// each with the precision it prints with: as written, and for a sum or a difference the most
/// fraction digits of its terms.
public struct FundFigures: Sendable, Equatable {
    public var initialBudget: FormNumber?
    public var annualBudget: FormNumber?
    public var received: FormNumber?
    public var executed: FormNumber?
    /// 资金结余 = received − executed.
    public var balance: FormNumber?
    /// 预算到位率 = received ÷ annualBudget.
    public var receivedRate: Decimal?
    /// 预算执行率 = executed ÷ annualBudget.
    public var executionRate: Decimal?
    /// A share the definition names without any amount (seed 000 医疗救助: "该项目有中央资金、
    /// 省级资金" and no figure), or a sum that includes one: every amount and rate is unknown
    /// (all nil here) and the forms print "—", never a partial sum passed off as the whole.
    public var unlisted = false

    public init(initialBudget: FormNumber?, annualBudget: FormNumber?, received: FormNumber?, executed: FormNumber?) {
        self.initialBudget = initialBudget
        self.annualBudget = annualBudget
        self.received = received
        self.executed = executed
        if let received, let executed { balance = FormRules.balance(received: received, executed: executed) }
        if let received, let annualBudget { receivedRate = FormRules.receivedRate(received: received.value, annualBudget: annualBudget.value) }
        if let executed, let annualBudget { executionRate = FormRules.executionRate(executed: executed.value, annualBudget: annualBudget.value) }
    }

    /// Whether any amount is known (a form with none of them has nothing to show).
    public var hasAmounts: Bool { [initialBudget, annualBudget, received, executed].contains { $0 != nil } }

    /// A fund line that names its source without any amount.
    public static var unlistedShare: FundFigures {
        var figures = FundFigures(initialBudget: nil, annualBudget: nil, received: nil, executed: nil)
        figures.unlisted = true
        return figures
    }

    /// Column by column; a sum over an unlisted share is itself unknown (`unlisted`).
    public static func sum(_ parts: [FundFigures]) -> FundFigures {
        if parts.contains(where: \.unlisted) { return unlistedShare }
        return FundFigures(initialBudget: FormRules.sum(parts.map(\.initialBudget)),
                    annualBudget: FormRules.sum(parts.map(\.annualBudget)),
                    received: FormRules.sum(parts.map(\.received)),
                    executed: FormRules.sum(parts.map(\.executed)))
    }
}

public struct FundLineFigures: Sendable, Equatable {
    public var source: String
    public var level: FundLevel?
    public var figures: FundFigures
}

/// The 预算执行情况 table: each line, a subtotal per source (财政资金 小计), and the total.
public struct FundBlock: Sendable, Equatable {
    /// The unit the amounts were given in; the figures themselves are always in 万元.
    public var unit: MoneyUnit
    /// The most fraction digits of any amount, in 万元 (given totals are checked at it).
    public var places: Int
    public var lines: [FundLineFigures]
    public var sources: [FundLineFigures]
    public var total: FundFigures
}

public struct IndicatorFigures: Sendable, Equatable {
    public var level1: String
    public var level2: String
    public var name: String
    public var weight: Decimal?
    public var target: String
    public var actual: String
    public var direction: Direction?
    /// 完成率, unrounded; nil when it cannot be computed (qualitative, scheme `none`).
    public var completionRate: Decimal?
    /// Score by the rule, when the rate is known and the indicator has a weight.
    public var computedScore: Decimal?
    /// The score printed: the given one if any, else the computed one.
    public var score: Decimal?
    public var scoreGiven: Bool
    public var quantitative: Bool
    public var deviation: String?
}

public struct BudgetExecutionFigures: Sendable, Equatable {
    public var weight: Decimal
    public var target: String
    /// 预算执行率 = executed ÷ annualBudget.
    public var rate: Decimal
    public var computedScore: Decimal
    public var score: Decimal
    public var deviation: String?
}

/// One row of a self-evaluation sheet (自评表).
public struct ScoresheetRow: Sendable, Equatable {
    public var level1: String
    public var level2: String
    public var name: String
    public var weight: Decimal
    public var target: String?
    public var actual: String?
    public var completionRate: Decimal?
    public var score: Decimal
    public var computed: Bool
    public var deviation: String?
}

public struct Subtotal: Sendable, Equatable {
    public var name: String
    public var weight: Decimal
    public var score: Decimal
}

/// The scored sheet of one project: rows, 小计 per 一级指标, 合计 and 等次.
public struct Scoresheet: Sendable, Equatable {
    public var scheme: ScoringScheme
    public var rows: [ScoresheetRow]
    public var subtotals: [Subtotal]
    public var totalWeight: Decimal
    public var total: Decimal
    public var grade: Grade

    /// 等次 is a band of 100 points and the 汇总表's 自评得分 a score out of 100: a sheet whose 分值
    /// do not total 100 (an import skeleton with only its 预算执行 row, W-DEF-030) has neither, and
    /// prints “—” rather than 差 for 9.53 of 10. The sheet's own 合计 row still adds its rows.
    public var isOutOf100: Bool { totalWeight == FormRules.mofTotalWeight }
}

/// Every computed figure of one project.
public struct ProjectEvaluation: Sendable, Equatable {
    public var id: String
    public var name: String
    public var scoring: ScoringScheme
    public var funds: FundBlock
    /// mof-2020 and none: the 预算执行率 row (none prints no score).
    public var budgetExecution: BudgetExecutionFigures?
    public var indicators: [IndicatorFigures]
    /// nil for `none`.
    public var scoresheet: Scoresheet?
    /// The forms the project's report appends after its body.
    public var appendix: Appendix

    public var total: Decimal? { scoresheet?.total }
    public var grade: Grade? { scoresheet?.grade }
}

/// Which forms a project report appends after its body. A form the body already places is not
/// repeated, and a form with nothing to show (no amount, no indicator) is not appended at all;
/// `validate` says so with W-DEF-010 / W-DEF-011.
public struct Appendix: Sendable, Equatable {
    /// 项目资金情况表.
    public var funds: Bool
    /// 项目支出绩效自评表.
    public var sheet: Bool
    /// 特定目标类部门预算项目绩效目标自评表 (it takes the 自评表's place).
    public var target: Bool
    /// The standalone 项目支出绩效自评表 (DOCX and CSV): not written when it would be empty, an
    /// unscored project with neither an amount nor an indicator (W-DEF-020).
    public var sheetFile: Bool

    public init(funds: Bool, sheet: Bool, target: Bool, sheetFile: Bool = true) {
        self.funds = funds
        self.sheet = sheet
        self.target = target
        self.sheetFile = sheetFile
    }
}

extension FundBlock {
    /// Sources the 特定目标类 form prints as 其中：财政拨款.
    public static let fiscalSources: Set<String> = ["财政资金", "财政拨款"]

    /// The column of one 级次 in the 预算执行情况 table (财政资金 at that level); nil when no line has it.
    public func figures(level: FundLevel) -> FundFigures? {
        let matching = lines.filter { FundBlock.fiscalSources.contains($0.source) && $0.level == level }
        return matching.isEmpty ? nil : FundFigures.sum(matching.map(\.figures))
    }

    /// The subtotal of one source (财政资金 小计); nil when no line has it.
    public func figures(source: String) -> FundFigures? { sources.first { $0.source == source }?.figures }

    /// 其中：财政拨款 of the 特定目标类 form.
    public var fiscal: FundFigures? {
        let matching = lines.filter { FundBlock.fiscalSources.contains($0.source) }
        return matching.isEmpty ? nil : FundFigures.sum(matching.map(\.figures))
    }

    /// 其他资金 of the 特定目标类 form: every source that is not fiscal.
    public var nonFiscal: FundFigures? {
        let matching = lines.filter { !FundBlock.fiscalSources.contains($0.source) }
        return matching.isEmpty ? nil : FundFigures.sum(matching.map(\.figures))
    }
}
