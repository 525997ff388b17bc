import Foundation

/// Derived figures of one fund line, one source, or the total (DEFINITION.md §3).
public struct FundFigures: Sendable, Codable, Equatable {
    public var initialBudget: Decimal?
    public var annualBudget: Decimal?
    public var received: Decimal?
    public var executed: Decimal?
    /// 资金结余 = received − executed.
    public var balance: Decimal?
    /// 预算到位率 = received ÷ annualBudget.
    public var receivedRate: Decimal?
    /// 预算执行率 = executed ÷ annualBudget.
    public var executionRate: Decimal?

    init(initialBudget: Decimal?, annualBudget: Decimal?, received: Decimal?, executed: Decimal?) {
        self.initialBudget = initialBudget
        self.annualBudget = annualBudget
        self.received = received
        self.executed = executed
        if let received, let executed { balance = FormRules.balance(received: received, executed: executed) }
        if let received, let annualBudget { receivedRate = FormRules.receivedRate(received: received, annualBudget: annualBudget) }
        if let executed, let annualBudget { executionRate = FormRules.executionRate(executed: executed, annualBudget: annualBudget) }
    }

    public static func sum(_ parts: [FundFigures]) -> FundFigures {
        func total(_ values: [Decimal?]) -> Decimal? {
            let given = values.compactMap { $0 }
            return given.isEmpty ? nil : given.reduce(0, +)
        }
        return FundFigures(initialBudget: total(parts.map(\.initialBudget)),
                           annualBudget: total(parts.map(\.annualBudget)),
                           received: total(parts.map(\.received)),
                           executed: total(parts.map(\.executed)))
    }
}

public struct FundLineFigures: Sendable, Codable, Equatable {
    public var source: String
    public var level: FundLevel?
    public var figures: FundFigures
}

/// The 预算执行情况 table: each line, a subtotal per source (财政资金 小计), and the total.
public struct FundBlock: Sendable, Codable, Equatable {
    public var unit: MoneyUnit
    /// Fraction digits to print amounts with: the most any input amount was written with.
    public var places: Int
    public var lines: [FundLineFigures]
    public var sources: [FundLineFigures]
    public var total: FundFigures
}

public struct IndicatorFigures: Sendable, Codable, Equatable {
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

public struct BudgetExecutionFigures: Sendable, Codable, Equatable {
    public var weight: Decimal
    public var target: String
    /// 预算执行率 = executed ÷ annualBudget.
    public var rate: Decimal
    public var computedScore: Decimal
    public var score: Decimal
    public var deviation: String?
}

/// One row of a self-evaluation sheet (自评表).
public struct ScoresheetRow: Sendable, Codable, Equatable {
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

public struct Subtotal: Sendable, Codable, Equatable {
    public var name: String
    public var weight: Decimal
    public var score: Decimal
}

/// The scored sheet of one project: rows, 小计 per 一级指标, 合计 and 等次.
public struct Scoresheet: Sendable, Codable, Equatable {
    public var scheme: ScoringScheme
    public var rows: [ScoresheetRow]
    public var subtotals: [Subtotal]
    public var totalWeight: Decimal
    public var total: Decimal
    public var grade: Grade
}

/// Every computed figure of one project.
public struct ProjectEvaluation: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var scoring: ScoringScheme
    public var funds: FundBlock
    /// mof-2020 and none: the 预算执行率 row (none prints no score).
    public var budgetExecution: BudgetExecutionFigures?
    public var indicators: [IndicatorFigures]
    /// nil for `none`.
    public var scoresheet: Scoresheet?

    public var total: Decimal? { scoresheet?.total }
    public var grade: Grade? { scoresheet?.grade }
}

extension FundBlock {
    /// Sources the 特定目标类 form prints as 其中：财政拨款.
    public static let fiscalSources: Set<String> = ["财政资金", "财政拨款"]

    /// The column of one 级次 in the 预算执行情况 table; nil when no line has it.
    public func figures(level: FundLevel) -> FundFigures? {
        let matching = lines.filter { $0.level == level }
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
