import Foundation

/// The one Decimal-to-text formatter of the project, used by the template filters, the forms
/// (`Reports.FormFormat`), the chart caches and the CSV: no Double, no locale, never
/// scientific notation, half-up rounding (half away from zero).
public enum DecimalText {
    /// `value` rounded to `places` fraction digits (half-up unless another mode is asked for).
    public static func rounded(_ value: Decimal, places: Int, mode: NSDecimalNumber.RoundingMode = .plain) -> Decimal {
        if mode == .plain, let quick = SmallDecimal.roundedHalfUp(value, places: places) { return quick }
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, places, mode)
        return result
    }

    /// The exact sum of `values`, as Foundation's `+` gives it adding them to 0 in turn (in
    /// integers when every term is small: `SmallDecimal.sum`).
    public static func sum(_ values: [Decimal]) -> Decimal {
        SmallDecimal.sum(values) ?? values.reduce(Decimal(0), +)
    }

    /// Every digit, no trailing zeros, no exponent: `3.7E1` → `37`, `-645.550` → `-645.55`,
    /// `1E-7` → `0.0000001`; `-0` → `0`.
    public static func plain(_ value: Decimal) -> String {
        guard value.isFinite, !value.isZero else { return "0" }
        // The significand of a finite Decimal is an integer; its digits are built here rather
        // than trusting `description`, whose format is not a documented contract.
        var digits = SmallDecimal.significand(value).map { String($0) } ?? integerDigits(value.significand.magnitude)
        let exponent = value.exponent
        if exponent > 0 {
            digits += String(repeating: "0", count: exponent)
        } else if exponent < 0 {
            let fraction = -exponent
            if digits.count <= fraction {
                digits = String(repeating: "0", count: fraction - digits.count + 1) + digits
            }
            let point = digits.index(digits.endIndex, offsetBy: -fraction)
            var integer = String(digits[..<point])
            var decimals = String(digits[point...])
            while decimals.last == "0" { decimals.removeLast() }
            if integer.isEmpty { integer = "0" }
            digits = decimals.isEmpty ? integer : integer + "." + decimals
        }
        return (value.sign == .minus ? "-" : "") + digits
    }

    /// Fraction digits of the plain form (`645.55` → 2, `120` → 0, `1E-7` → 7).
    public static func scale(_ value: Decimal) -> Int {
        let text = plain(value)
        guard let point = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: point, to: text.endIndex) - 1
    }

    /// Exactly `places` fraction digits after half-up rounding (`37.1`, 2 → `37.10`), optionally
    /// with thousands separators (`12,579.31`); a value that rounds to zero has no minus sign.
    public static func fixed(_ value: Decimal, places: Int, grouping: Bool = false) -> String {
        // A value with no more than `places` fraction digits is its own rounding (most amounts).
        let r = value.isFinite && places >= 0 && value.exponent >= -places ? value : rounded(value, places: places)
        if let text = smallFixed(r, places: places, grouping: grouping) { return text }
        var text = plain(r)
        var negative = false
        if text.hasPrefix("-") { negative = true; text.removeFirst() }
        var integer = text
        var fraction = ""
        if let dot = text.firstIndex(of: ".") {
            integer = String(text[..<dot])
            fraction = String(text[text.index(after: dot)...])
        }
        if places > 0, fraction.count < places { fraction += String(repeating: "0", count: places - fraction.count) }
        if grouping, integer.count > 3 {
            var grouped = ""
            for (i, c) in integer.enumerated() {
                if i > 0, (integer.count - i) % 3 == 0 { grouped.append(",") }
                grouped.append(c)
            }
            integer = grouped
        }
        return (negative && r != 0 ? "-" : "") + integer + (places > 0 ? "." + fraction : "")
    }

    /// `fixed` of a value already rounded to `places`, written straight from its 64-bit
    /// significand (the general path splits and pads Strings: a third of a 10 000-row 汇总表);
    /// nil when the significand is longer or the exponent outside what this handles.
    private static func smallFixed(_ r: Decimal, places: Int, grouping: Bool) -> String? {
        guard r.isFinite, places >= 0, places <= 40, let significand = SmallDecimal.significand(r) else { return nil }
        let exponent = r.exponent
        guard exponent >= -places, exponent <= 40 else { return nil }
        var digits = Array(String(significand).utf8)
        if significand == 0 {
            digits = [0x30]
        } else if exponent > 0 {
            digits += repeatElement(0x30, count: exponent)
        }
        // Fraction digits the value has (at most `places`): a leading 0 before the point when
        // it has no integer digit.
        let fraction = significand == 0 ? 0 : max(0, -exponent)
        if digits.count <= fraction { digits.insert(contentsOf: repeatElement(0x30, count: fraction - digits.count + 1), at: 0) }
        let integerCount = digits.count - fraction
        var out: [UInt8] = []
        out.reserveCapacity(digits.count + places + integerCount / 3 + 3)
        if r.sign == .minus, significand != 0 { out.append(0x2D) }
        for index in 0..<integerCount {
            if grouping, index > 0, (integerCount - index) % 3 == 0 { out.append(0x2C) }
            out.append(digits[index])
        }
        if places > 0 {
            out.append(0x2E)
            out += digits[integerCount...]
            out += repeatElement(0x30, count: places - fraction)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Up to `places` fraction digits after half-up rounding, trailing zeros removed:
    /// `12.50` → `12.5`, `100.00` → `100`.
    public static func trimmed(_ value: Decimal, places: Int) -> String {
        plain(rounded(value, places: places))
    }

    /// A non-negative integral Decimal (at most 38 digits) to its decimal digits.
    private static func integerDigits(_ integral: Decimal) -> String {
        // Foundation's own text when it is plain digits (it is for an integral value): dividing
        // a Decimal by ten digit by digit made this the main cost of a 10 000-row 汇总表. Any
        // other form falls through to the digit loop.
        let text = integral.description
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return text }
        var rest = integral
        var reversed: [Character] = []
        let ten = Decimal(10)
        var guardCount = 0
        while rest > 0, guardCount < 200 {
            var quotient = rest / ten
            var truncated = Decimal()
            NSDecimalRound(&truncated, &quotient, 0, .down)
            let digit = rest - truncated * ten
            let d = NSDecimalNumber(decimal: digit).intValue
            reversed.append(Character(String(max(0, min(9, d)))))
            rest = truncated
            guardCount += 1
        }
        return reversed.isEmpty ? "0" : String(reversed.reversed())
    }
}
