import Foundation

/// How a 决算说明 words its derived figures. Rates print with up to two decimals and no
/// trailing zeros (`50.2%`, `0%`, `100%`), unlike the 自评表's `100.00%`; all arithmetic is
/// Decimal, rounded half-up only when printed.
public enum AccountPhrases {
    /// A ratio as the 决算说明 prints it: `0.502` → `50.2%`.
    public static func percent(_ ratio: Decimal) -> String { FormFormat.percentNumber(ratio) + "%" }

    /// A percentage already rounded (from `shares`): `50.20` → `50.2%`.
    public static func percentValue(_ percent: Decimal) -> String { FormFormat.trimmed(percent, places: 2) + "%" }

    /// A given amount as the 决算说明 prints it: the precision it was written with, trailing
    /// zeros dropped (`20`, `216.7`, `645.55`; `0` for 0.00) — unlike the forms' fixed `20.00`.
    public static func amount(_ n: FormNumber) -> String { FormFormat.trimmed(n.value, places: n.scale) }

    /// A computed amount (a difference) at the finer precision of its operands, trailing zeros dropped.
    public static func amount(_ value: Decimal, places: Int) -> String { FormFormat.trimmed(value, places: places) }

    public enum Direction: Sendable, Equatable { case increase, decrease, unchanged }

    /// This year against last year.
    public struct Change: Sendable, Equatable {
        public var direction: Direction
        /// |this − previous|.
        public var amount: Decimal
        /// |this − previous| ÷ |previous|; nil when last year is 0 (no rate can be stated).
        public var ratio: Decimal?
        /// Fraction digits the amount prints with.
        public var places: Int
    }

    public static func change(this: FormNumber, previous: FormNumber) -> Change {
        let d = this.value - previous.value
        let direction: Direction = d > 0 ? .increase : (d < 0 ? .decrease : .unchanged)
        let magnitude = abs(d)
        let ratio: Decimal? = previous.value == 0 ? nil : magnitude / abs(previous.value)
        return Change(direction: direction, amount: magnitude, ratio: ratio, places: max(this.scale, previous.scale))
    }

    /// `增加` / `减少` / `持平`.
    public static func verb(_ change: Change) -> String {
        switch change.direction {
        case .increase: return "增加"
        case .decrease: return "减少"
        case .unchanged: return "持平"
        }
    }

    /// `增加234.46万元，增长57.03%`, `减少30.61万元，下降93.07%`, `持平`; last year 0:
    /// `增加0.81万元` (a rate over nothing is not stated).
    public static func phrase(_ change: Change, unit: String) -> String {
        switch change.direction {
        case .unchanged: return "持平"
        case .increase, .decrease:
            var text = verb(change) + amount(change.amount, places: change.places) + unit
            if let ratio = change.ratio { text += "，" + (change.direction == .increase ? "增长" : "下降") + percent(ratio) }
            return text
        }
    }

    /// 完成预算 ratio: 决算数 ÷ 预算数; nil over a budget of 0. Nothing spent against nothing
    /// budgeted (seed 004's 因公出国（境）费) is 0 ÷ 0, not 0%: the project tables leave such a rate
    /// blank, and the 决算说明 says `noBudget` (officer review 6; seed 004 printed “完成预算0%”).
    public static func completion(value: FormNumber, budget: FormNumber) -> Decimal? {
        budget.value == 0 ? nil : value.value / budget.value
    }

    /// What the 决算说明 says in place of a rate when neither a budget nor any spending was made.
    public static let noBudget = "未安排预算"

    /// Neither budgeted nor spent: 0 ÷ 0, where a sentence says `noBudget` instead of a rate.
    public static func isUnbudgetedAndUnspent(value: FormNumber, budget: FormNumber) -> Bool {
        value.value == 0 && budget.value == 0
    }

    /// `完成预算63.45%`, or `未安排预算` when nothing was budgeted or spent; nil when money was
    /// spent without a budget (no ratio exists).
    public static func completionClause(value: FormNumber, budget: FormNumber) -> String? {
        if isUnbudgetedAndUnspent(value: value, budget: budget) { return noBudget }
        return completion(value: value, budget: budget).map { "完成预算" + percent($0) }
    }

    /// Shares (占X%) of one breakdown as percentages rounded half-up to two decimals.
    /// Rule: when the parts add up exactly to the total but the rounded shares do not add
    /// up to 100, the difference goes to the largest share (the first of equal ones), so a
    /// printed breakdown always totals 100%. A total of 0 gives 0% for every part.
    public static func shares(_ parts: [Decimal], total: Decimal) -> [Decimal] {
        guard total != 0 else { return parts.map { _ in 0 } }
        var result = parts.map { FormFormat.round($0 / total * 100, places: 2) }
        let sumParts = parts.reduce(0, +)
        let sumShares = result.reduce(0, +)
        if sumParts == total, sumShares != 100, let largest = parts.indices.max(by: { parts[$0] < parts[$1] || (parts[$0] == parts[$1] && $0 > $1) }) {
            result[largest] += 100 - sumShares
        }
        return result
    }

    /// `主要变动原因是……。`-style reason clause: the reason text ends with one `。`.
    public static func sentence(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let last = trimmed.last, "。！？.".contains(last) { return trimmed }
        return trimmed + "。"
    }
}
