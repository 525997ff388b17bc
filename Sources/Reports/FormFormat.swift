import Foundation
import TextFormats

/// A calendar date written `yyyy-mm-dd`, checked for a real day (the project's one parser).
public typealias FormDate = CalendarDate

/// How the official forms print numbers, dates and outline numbers.
public enum FormFormat {
    /// Half-up rounding (half away from zero) to `places` fraction digits.
    public static func round(_ value: Decimal, places: Int, mode: NSDecimalNumber.RoundingMode = .plain) -> Decimal {
        DecimalText.rounded(value, places: places, mode: mode)
    }

    /// Exactly `places` fraction digits, never exponent notation: `fixed(37.1, 2)` → `37.10`.
    public static func fixed(_ value: Decimal, places: Int) -> String { DecimalText.fixed(value, places: places) }

    /// Up to `places` fraction digits without trailing zeros: `12.50` → `12.5`, `100.00` → `100`.
    public static func trimmed(_ value: Decimal, places: Int) -> String { DecimalText.trimmed(value, places: places) }

    /// Money in 万元 as the forms print it: exactly the precision it was written with (for a sum
    /// or a difference, the finest of its terms), as seed 002 prints `5` and `0`: `18.00` → `18.00`,
    /// `14.50` → `14.50`, `12` → `12`, `328.055` → `328.055`, 76556 元 → `7.6556`.
    public static func money(_ amount: FormNumber) -> String { fixed(amount.value, places: amount.scale) }

    /// Money at a fixed precision.
    public static func money(_ value: Decimal, places: Int) -> String { fixed(value, places: places) }

    /// A ratio printed as a percentage with two decimals: 2.16229 → `216.23%`.
    public static func rate(_ ratio: Decimal) -> String { fixed(ratio * 100, places: 2) + "%" }

    /// A ratio as a bare percentage number without trailing zeros (fund tables print `100`).
    public static func percentNumber(_ ratio: Decimal) -> String { trimmed(ratio * 100, places: 2) }

    /// Scores and weights without trailing zeros (`12.5`, `2.42`, `100`), never rounded: a weight
    /// of three decimals prints all three (`0.125`), so printed scores add up to the printed 合计.
    public static func score(_ value: Decimal) -> String {
        trimmed(value, places: max(FormRules.scorePlaces, FormNumber.fractionDigits(of: value)))
    }

    /// `2022-06-27` → `2022年6月27日`; nil when the text is not a date.
    public static func date(_ text: String) -> String? {
        guard let d = FormDate(text) else { return nil }
        return "\(d.year)年\(d.month)月\(d.day)日"
    }

    /// `攀枝花市医疗保障局（512001）`; just the name when there is no code.
    public static func departmentWithCode(_ name: String, code: String?) -> String {
        guard let code, !code.isEmpty else { return name }
        return name + "（" + code + "）"
    }
}
