import Foundation
import TextFormats

/// Every rule of the forms, one function each, named after the form's term (docs/数据格式.md §3).
/// Ratios are returned unrounded; scores are rounded half-up to the forms' 2 decimals.
public enum FormRules {
    /// Precision of scores on every form.
    public static let scorePlaces = 2

    /// Why a completion rate could not be computed.
    public enum RateProblem: Error, Sendable, Equatable {
        case qualitative
        case unknownUnit(String)
        case incompatibleUnits(target: MeasureUnit, actual: MeasureUnit)
        case actualIsRange
        /// A number of more than `IndicatorValue.maximumDigits` digits, as written.
        case tooManyDigits(String)
    }

    /// 完成率. Higher/equal: actual ÷ target; lower: target ÷ actual; a range target counts as
    /// met inside the range and is measured against the nearer bound outside it. Units must
    /// agree after conversion (万元↔元); a bare number takes the other side's unit. A zero
    /// denominator counts as met (no target to miss, or nothing spent against a ceiling).
    public static func completionRate(target: String, actual: String, direction explicit: Direction?,
                                      unit: String? = nil) -> Result<Decimal, RateProblem> {
        let t = IndicatorValue.parse(target)
        let a = IndicatorValue.parse(actual)
        if case .tooManyDigits(let n) = t { return .failure(.tooManyDigits(n)) }
        if case .tooManyDigits(let n) = a { return .failure(.tooManyDigits(n)) }
        if case .unknownUnit(let u) = t { return .failure(.unknownUnit(u)) }
        if case .unknownUnit(let u) = a { return .failure(.unknownUnit(u)) }
        guard case .quantity(let op, var low, var high, var tUnit) = t,
              case .quantity(_, var value, let aHigh, var aUnit) = a
        else { return .failure(.qualitative) }
        guard aHigh == nil else { return .failure(.actualIsRange) }
        if let unit, let declared = MeasureUnit.parse(unit) {
            if tUnit.isNone { tUnit = declared }
            if aUnit.isNone { aUnit = declared }
        }
        if tUnit.isNone { tUnit = aUnit }
        if aUnit.isNone { aUnit = tUnit }
        guard tUnit.base == aUnit.base else { return .failure(.incompatibleUnits(target: tUnit, actual: aUnit)) }
        low *= tUnit.factor
        high = high.map { $0 * tUnit.factor }
        value *= aUnit.factor
        if let high {
            if value < low { return low == 0 ? .success(1) : .success(value / low) }
            if value > high { return value == 0 ? .success(1) : .success(high / value) }
            return .success(1)
        }
        let direction = explicit ?? op?.direction ?? .higher
        switch direction {
        case .higher, .equal:
            if low == 0 { return .success(1) }
            return .success(value / low)
        case .lower:
            if value == 0 { return .success(1) }
            return .success(low / value)
        }
    }

    /// 得分 of an indicator: weight × min(rate, 1), half-up to 2 decimals, except that a score
    /// never exceeds its weight: when half-up would pass it (a weight of three decimals, 0.125 →
    /// 0.13) the score is cut down to 2 decimals instead (0.12). So every 小计 stays within its
    /// weights' sum, and 小计 and 合计, sums of printed scores, equal what a reader adds up.
    public static func indicatorScore(weight: Decimal, completionRate: Decimal) -> Decimal {
        let exact = weight * min(max(completionRate, 0), 1)
        let rounded = FormFormat.round(exact, places: scorePlaces)
        if rounded <= weight { return rounded }
        return FormFormat.round(exact, places: scorePlaces, mode: .down)
    }

    /// 预算执行率 = 全年执行数 ÷ 全年预算数; nil when there is no budget.
    public static func budgetExecutionRate(executed: Decimal, annualBudget: Decimal) -> Decimal? {
        annualBudget == 0 ? nil : executed / annualBudget
    }

    /// Budget execution 得分 = weight × min(预算执行率, 1), half-up to 2 decimals.
    public static func budgetExecutionScore(weight: Decimal, rate: Decimal) -> Decimal {
        FormRules.indicatorScore(weight: weight, completionRate: rate)
    }

    /// 资金结余 = 实际到位 − 全年执行, at the finer precision of the two.
    public static func balance(received: FormNumber, executed: FormNumber) -> FormNumber {
        FormNumber(received.value - executed.value, scale: max(received.scale, executed.scale))
    }

    /// A sum of amounts at the finest precision of its terms; nil when no term is given
    /// (a form leaves the cell empty rather than printing 0 for nothing).
    public static func sum(_ amounts: [FormNumber?]) -> FormNumber? {
        let given = amounts.compactMap { $0 }
        guard !given.isEmpty else { return nil }
        return FormNumber(DecimalText.sum(given.map(\.value)), scale: given.map(\.scale).max() ?? 0)
    }

    /// An amount in the forms' unit, 万元. 元 are converted exactly (76556 元 = 7.6556 万元): the
    /// result keeps every digit, no rounding, so sums over converted amounts stay exact.
    public static func toWanYuan(_ amount: FormNumber, from unit: MoneyUnit) -> FormNumber {
        switch unit {
        case .wanYuan: return amount
        case .yuan: return FormNumber(amount.value / 10000)
        }
    }

    /// Precision of the 汇总表's amount columns: 万元 to 2 decimals, as the 部门决算 statements
    /// print a sum of money. A project's figure is rounded here, once, half-up (50.094 → 50.09,
    /// 379.51元 = 0.037951 → 0.04), and the 合计 adds these rounded figures, so it equals the
    /// sum of what the table prints.
    public static let summaryPlaces = 2

    /// A project's amount as the 汇总表 prints it (`summaryPlaces`, half-up).
    public static func summaryAmount(_ amount: FormNumber) -> FormNumber {
        FormNumber(FormFormat.round(amount.value, places: summaryPlaces), scale: summaryPlaces)
    }

    /// The 汇总表 合计 row, over one set of projects: those having both 全年预算数 and 全年执行数.
    public struct SummaryTotals: Sendable, Equatable {
        /// Sums of the printed (rounded) figures of the counted projects; nil when none is counted.
        public var annualBudget: FormNumber?
        public var executed: FormNumber?
        /// 合计执行数 ÷ 合计预算数, the two printed totals: a reader can check it from the row.
        public var executionRate: Decimal?
        /// Indices of the projects the totals count, and of those left out (a figure missing).
        public var counted: [Int]
        public var leftOut: [Int]
    }

    /// The 合计 row: both amount columns and the rate add the same projects (those with both
    /// figures), so 合计执行数 ÷ 合计预算数 is the printed 合计 rate. A project lacking either
    /// figure adds to neither column, never its budget to one and nothing to the other.
    public static func summaryTotals(_ projects: [(annualBudget: FormNumber?, executed: FormNumber?)]) -> SummaryTotals {
        // One pass: a `contains` over `counted` per project was quadratic (10 000 projects: 50 M comparisons).
        var counted: [Int] = []
        var leftOut: [Int] = []
        for (i, project) in projects.enumerated() {
            if project.annualBudget != nil && project.executed != nil { counted.append(i) } else { leftOut.append(i) }
        }
        let budget = sum(counted.map { projects[$0].annualBudget.map(summaryAmount) })
        let executed = sum(counted.map { projects[$0].executed.map(summaryAmount) })
        var rate: Decimal?
        if let budget, let executed {
            rate = executionRate(executed: executed.value, annualBudget: budget.value)
        }
        return SummaryTotals(annualBudget: budget, executed: executed, executionRate: rate, counted: counted, leftOut: leftOut)
    }

    /// 预算到位率 = 实际到位 ÷ 全年预算.
    public static func receivedRate(received: Decimal, annualBudget: Decimal) -> Decimal? {
        annualBudget == 0 ? nil : received / annualBudget
    }

    /// 预算执行率 of the fund block = 全年执行 ÷ 全年预算 (per source and total).
    public static func executionRate(executed: Decimal, annualBudget: Decimal) -> Decimal? {
        annualBudget == 0 ? nil : executed / annualBudget
    }

    /// ippe 资金到位率 = 预算下达 ÷ 预算 (received ÷ annualBudget).
    public static func ippeFundsInPlaceRate(received: Decimal, annualBudget: Decimal) -> Decimal? {
        annualBudget == 0 ? nil : received / annualBudget
    }

    /// ippe 预算执行率 = 实际支出 ÷ 预算下达 (executed ÷ received): the local forms divide by
    /// what was actually allotted.
    public static func ippeBudgetExecutionRate(executed: Decimal, received: Decimal) -> Decimal? {
        received == 0 ? nil : executed / received
    }

    /// A computed ippe sub-item: the indicator rule (`indicatorScore`).
    public static func ippeItemScore(weight: Decimal, rate: Decimal) -> Decimal {
        indicatorScore(weight: weight, completionRate: rate)
    }

    /// 小计 / 合计: the sum of already rounded scores (the forms add what they print).
    public static func subtotal(_ scores: [Decimal]) -> Decimal { scores.reduce(0, +) }

    /// The 分值 a mof-2020 绩效自评表 distributes (预算执行 + every indicator): the grades below
    /// are bands of a 100-point total, and every form in the seeds and examples sums to it.
    public static let mofTotalWeight: Decimal = 100

    /// 等次: 优 ≥ 90, 良 80–89.99, 中 60–79.99, 差 < 60.
    public static func grade(totalScore: Decimal) -> Grade {
        if totalScore >= 90 { return .excellent }
        if totalScore >= 80 { return .good }
        if totalScore >= 60 { return .fair }
        return .poor
    }

    /// 偏差原因 is required below 90% or above 130% completion.
    public static func needsDeviationExplanation(completionRate: Decimal) -> Bool {
        completionRate < Decimal(sign: .plus, exponent: -1, significand: 9)
            || completionRate > Decimal(sign: .plus, exponent: -1, significand: 13)
    }
}
