import Foundation

/// A calendar date written `yyyy-mm-dd`, checked for a real day (no 2021-02-30).
public struct FormDate: Sendable, Hashable, Comparable, Codable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1
        else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        guard d <= days else { return nil }
        year = y
        month = m
        day = d
    }

    public static func < (a: FormDate, b: FormDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

/// How the official forms print numbers, dates and outline numbers.
public enum FormFormat {
    /// Half-up rounding (half away from zero) to `places` fraction digits.
    public static func round(_ value: Decimal, places: Int, mode: NSDecimalNumber.RoundingMode = .plain) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, places, mode)
        return result
    }

    /// Exactly `places` fraction digits, never exponent notation: `fixed(37.1, 2)` → `37.10`.
    public static func fixed(_ value: Decimal, places: Int) -> String {
        let rounded = round(value, places: places)
        var text = "\(rounded)"
        if text.hasPrefix("-"), rounded == 0 { text.removeFirst() }
        guard places > 0 else { return text }
        if let dot = text.firstIndex(of: ".") {
            let have = text.distance(from: text.index(after: dot), to: text.endIndex)
            if have < places { text += String(repeating: "0", count: places - have) }
        } else {
            text += "." + String(repeating: "0", count: places)
        }
        return text
    }

    /// Up to `places` fraction digits without trailing zeros: `12.50` → `12.5`, `100.00` → `100`.
    public static func trimmed(_ value: Decimal, places: Int) -> String {
        var text = fixed(value, places: places)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// Money with the precision it was written with (`37.14`, `12579.31`, `50.094`).
    /// Money in 万元 as the forms print it: the precision it was written with (or, for a sum, the
    /// finest of its terms), at least two decimals: `12` → `12.00`, `14.5` → `14.50`,
    /// `18.00` → `18.00`, `328.055` → `328.055`, 76556 元 → `7.6556`.
    public static func money(_ amount: FormNumber) -> String {
        fixed(amount.value, places: max(amount.scale, FormRules.moneyMinimumPlaces))
    }

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
