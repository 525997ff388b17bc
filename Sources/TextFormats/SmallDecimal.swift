import Foundation

/// Decimals whose significand fits in 64 bits (nearly every amount and score of a package), worked
/// on as integers where Foundation's Decimal arithmetic was the cost: rounding and summing the
/// 汇总表's 10 000 rows, formatting 50 000 amounts. Each operation gives the very bytes
/// Foundation gives (significand, exponent, sign, flags: a rate divides by what it returns), or
/// nil, and its caller then asks Foundation. `DecimalTextTests` compares both on many values.
enum SmallDecimal {
    /// The significand of a finite Decimal when it fits in 64 bits, read from the value's 16-bit
    /// mantissa words (Foundation's `description` divides by ten digit by digit). nil for a longer
    /// significand, or when the layout is not the one `mantissaLayoutHolds` found at first use.
    static func significand(_ value: Decimal) -> UInt64? {
        guard mantissaLayoutHolds else { return nil }
        return mantissaWords(value)
    }

    /// `value` rounded half-up (half away from zero) to `places` fraction digits, as
    /// `NSDecimalRound(…, .plain)` gives it; nil for zero, a longer significand or more than 19
    /// digits dropped.
    static func roundedHalfUp(_ value: Decimal, places: Int) -> Decimal? {
        guard value.isFinite, places >= 0, let significand = significand(value), significand != 0 else { return nil }
        let exponent = value.exponent
        // No more fraction digits than asked for: its own rounding.
        if exponent >= -places { return value }
        let dropped = -places - exponent
        guard dropped < powersOfTen.count else { return nil }
        let divisor = powersOfTen[dropped]
        var kept = significand / divisor
        let rest = significand % divisor
        // The magnitude rounds up at half, whatever the sign.
        if rest >= divisor - rest { kept += 1 }
        guard kept != 0 else { return nil }
        return make(negative: value.sign == .minus, magnitude: kept, exponent: -places)
    }

    /// The sum of `values` as Foundation's `+` gives it from 0, term by term; nil when a term is
    /// not small, the terms' exponents lie more than 18 apart, a partial sum leaves 63 bits, or
    /// the sum is zero.
    static func sum(_ values: [Decimal]) -> Decimal? {
        guard let exponent = values.lazy.map(\.exponent).min() else { return nil }
        var total: Int64 = 0
        for value in values {
            guard value.isFinite, let magnitude = significand(value), magnitude <= UInt64(Int64.max) else { return nil }
            let shift = value.exponent - exponent
            guard shift < powersOfTen.count else { return nil }
            let (scaled, overflow) = Int64(magnitude).multipliedReportingOverflow(by: Int64(powersOfTen[shift]))
            guard !overflow else { return nil }
            let (next, carry) = total.addingReportingOverflow(value.sign == .minus ? -scaled : scaled)
            guard !carry else { return nil }
            total = next
        }
        guard total != 0 else { return nil }
        return make(negative: total < 0, magnitude: total.magnitude, exponent: exponent)
    }

    /// `magnitude × 10^exponent` in Foundation's compact form: no trailing zeros in the significand.
    private static func make(negative: Bool, magnitude: UInt64, exponent: Int) -> Decimal {
        var magnitude = magnitude, exponent = exponent
        while magnitude % 10 == 0 {
            magnitude /= 10
            exponent += 1
        }
        return Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: Decimal(magnitude))
    }

    /// 10⁰ … 10¹⁸, each within Int64.
    private static let powersOfTen: [UInt64] = (0...18).map { power in (0..<power).reduce(UInt64(1)) { product, _ in product * 10 } }

    /// Words 0…3 of the mantissa (bytes 4…11 of the value) when words 4…7 are zero.
    private static func mantissaWords(_ value: Decimal) -> UInt64? {
        withUnsafeBytes(of: value) { raw -> UInt64? in
            var high: UInt8 = 0
            for index in 12..<20 { high |= raw[index] }
            guard high == 0 else { return nil }
            var mantissa: UInt64 = 0
            for index in 0..<8 { mantissa |= UInt64(raw[4 + index]) << (8 * UInt64(index)) }
            return mantissa
        }
    }

    /// Whether `mantissaWords` reads Foundation's Decimal as laid out (20 bytes, the 16-bit
    /// mantissa words from byte 4, least significant first): checked once on values whose
    /// digits are known, by Foundation's own arithmetic; otherwise every value takes the slow path.
    private static let mantissaLayoutHolds: Bool = {
        guard MemoryLayout<Decimal>.size == 20 else { return false }
        let probes: [(String, UInt64?)] = [
            ("1", 1), ("-12345.678", 12_345_678), ("0.0000001", 1), ("65536", 65536), ("4294967296.5", 42_949_672_965),
            ("18446744073709551615", UInt64.max), ("-9007199254740993", 9_007_199_254_740_993), ("18446744073709551616", nil),
            ("123456789012345678901234567890", nil),
        ]
        for (text, expected) in probes {
            guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")),
                  mantissaWords(value) == expected else { return false }
            if let expected, value.significand.magnitude != Decimal(expected) { return false }
        }
        return true
    }()
}
