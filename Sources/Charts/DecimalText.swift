import Foundation

/// Decimal numbers as the plain text chart caches and sheets need: `-0.05`, `645.55`,
/// `120000`. Never scientific notation, which some consumers misread.
enum DecimalText {
    static func plain(_ value: Decimal) -> String {
        guard value.isFinite else { return "0" }
        if value.isZero { return "0" }
        // The significand of a finite Decimal is an integer; its digits are built here
        // rather than trusting `description`, whose format is not a documented contract.
        var digits = integerDigits(value.significand.magnitude)
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

    /// Digits after the point in the plain form (`645.55` → 2, `120` → 0).
    static func scale(_ value: Decimal) -> Int {
        let text = plain(value)
        guard let point = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: point, to: text.endIndex) - 1
    }

    /// A non-negative integral Decimal (at most 38 digits) to its decimal digits.
    private static func integerDigits(_ integral: Decimal) -> String {
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
