import Foundation
import Testing
@testable import Charts
import TextFormats

@Suite struct DecimalTextTests {
    @Test(arguments: [
        ("3.7E1", "37"), ("645.55", "645.55"), ("-645.550", "-645.55"), ("1E-7", "0.0000001"),
        ("1E20", "100000000000000000000"), ("0", "0"), ("-0.05", "-0.05"), ("12579.31", "12579.31"),
        ("100", "100"), ("0.1", "0.1"), ("-1E-30", "-0.000000000000000000000000000001"),
        ("123456789012345678901234567890.12345", "123456789012345678901234567890.12345"),
    ])
    func plainNeverScientific(input: String, expected: String) throws {
        let value = try #require(Decimal(string: input))
        #expect(DecimalText.plain(value) == expected)
    }

    /// Plain text of amounts whose digits are known, significands across the 16-bit words of
    /// Foundation's Decimal and past 64 bits (read two ways: from the words, and by Foundation),
    /// written out by hand here: digits, a point `places` from the right, no trailing zeros.
    @Test func plainOfKnownDigits() throws {
        func expected(_ digits: String, places: Int, negative: Bool) -> String {
            var digits = String(digits.drop { $0 == "0" })
            if digits.isEmpty { return "0" }
            if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
            var integer = String(digits.dropLast(places))
            var fraction = String(digits.suffix(places))
            while fraction.last == "0" { fraction.removeLast() }
            if integer.isEmpty { integer = "0" }
            return (negative ? "-" : "") + (fraction.isEmpty ? integer : integer + "." + fraction)
        }
        // A fixed sequence (a linear congruential generator), so a failure repeats.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
        var significands: [String] = ["1", "9", "65535", "65536", "4294967295", "4294967296", "281474976710655",
                                      "281474976710656", "18446744073709551615", "18446744073709551616", "99999999999999999999999"]
        for _ in 0..<400 {
            let bits = next() % 64
            significands.append(String(next() >> bits))
        }
        for _ in 0..<50 { significands.append(String(next()) + String(next() % 1_000_000)) }
        for (index, digits) in significands.enumerated() {
            let places = index % 9
            let negative = index % 3 == 0
            let text = (negative ? "-" : "") + (places == 0 ? digits : String(digits.dropLast(min(places, digits.count)))
                + "." + String(repeating: "0", count: max(0, places - digits.count)) + String(digits.suffix(places)))
            let value = try #require(Decimal(string: text.hasPrefix("-.") ? "-0" + text.dropFirst() : text.hasPrefix(".") ? "0" + text : text))
            let plain = expected(digits, places: places, negative: negative && digits.contains { $0 != "0" })
            #expect(DecimalText.plain(value) == plain, "\(text)")
            // At its own places and two more (no rounding): the plain text padded with zeros, and
            // with grouping a comma before each three integer digits from the right.
            for wanted in [places, places + 2] {
                let parts = plain.split(separator: ".", omittingEmptySubsequences: false)
                let sign = plain.hasPrefix("-") ? "-" : ""
                let integer = String(parts[0].drop { $0 == "-" })
                let fraction = parts.count > 1 ? String(parts[1]) : ""
                let padded = wanted == 0 ? "" : "." + fraction + String(repeating: "0", count: wanted - fraction.count)
                #expect(DecimalText.fixed(value, places: wanted) == sign + integer + padded, "\(text) at \(wanted)")
                var grouped = ""
                for (offset, digit) in integer.enumerated() {
                    if offset > 0, (integer.count - offset) % 3 == 0 { grouped.append(",") }
                    grouped.append(digit)
                }
                #expect(DecimalText.fixed(value, places: wanted, grouping: true) == sign + grouped + padded, "\(text) at \(wanted), grouped")
            }
        }
    }

    /// Typed amounts in a fixed sequence (Knuth's MMIX LCG, high bits), the same on every run: up
    /// to `digits` digits, up to `places` of them after the point, one in `negativeOneIn` negative.
    struct TypedAmounts {
        var state: UInt64
        let digits: UInt64, places: Int, negativeOneIn: UInt64

        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 17
        }

        mutating func amount() -> Decimal {
            let count = Int(next() % digits) + 1
            var text = String(next() % 9 + 1)
            for _ in 1..<count { text += String(next() % 10) }
            let fraction = Int(next() % UInt64(min(count, places) + 1))
            if fraction > 0 { text = String(text.dropLast(fraction)) + "." + String(text.suffix(fraction)) }
            if text.hasPrefix(".") { text = "0" + text }
            if next() % negativeOneIn == 0 { text = "-" + text }
            return Decimal(string: text, locale: Self.posix)!
        }

        static let posix = Locale(identifier: "en_US_POSIX")
    }

    static func bytes(_ value: Decimal) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }

    /// `rounded` takes a path of its own for short significands; Foundation's `NSDecimalRound` is
    /// the oracle: the same bytes (significand, exponent, sign, flags), not only the same value,
    /// since a rate divides by what it returns. Values as the data has them (typed with up to 18
    /// digits), as arithmetic leaves them (×10, ÷10000 for 元 → 万元, ÷3, +0.005), at 0–4 places.
    @Test func halfUpRoundingIsFoundations() throws {
        var amounts = TypedAmounts(state: 2026, digits: 18, places: 12, negativeOneIn: 2)
        let posix = TypedAmounts.posix
        var compared = 0
        for _ in 0..<6000 {
            let typed = amounts.amount()
            let made = [typed, typed * 10, typed / 10000, typed / 3, typed + Decimal(string: "0.005", locale: posix)!, Decimal(0)]
            for value in made {
                for places in 0...4 {
                    var input = value
                    var expected = Decimal()
                    NSDecimalRound(&expected, &input, places, .plain)
                    #expect(Self.bytes(DecimalText.rounded(value, places: places)) == Self.bytes(expected), "\(value) at \(places) places")
                    compared += 1
                }
            }
        }
        // Halves at the edge of each place, both signs: 0.5 → 1, -2.345 → -2.35, 0.0049 → 0.
        for (text, places, rounded) in [("0.5", 0, "1"), ("-2.345", 2, "-2.35"), ("2.344999", 2, "2.34"), ("0.0049", 2, "0"),
                                        ("99.995", 2, "100"), ("-0.005", 2, "-0.01"), ("18446744073709551615", 0, "18446744073709551615")] {
            let value = try #require(Decimal(string: text, locale: posix))
            #expect(DecimalText.plain(DecimalText.rounded(value, places: places)) == rounded, "\(text) at \(places)")
        }
        #expect(compared == 6000 * 6 * 5)
    }

    /// `sum` adds small terms as integers; Foundation's `+` from 0, term by term, is the oracle,
    /// compared as bytes: lists of 1–30 amounts of up to 10 digits and 4 places, a fifth negative,
    /// plus sums that cancel to zero and terms too long for 64 bits.
    @Test func sumIsFoundations() throws {
        var amounts = TypedAmounts(state: 27, digits: 10, places: 4, negativeOneIn: 5)
        let posix = TypedAmounts.posix
        var lists: [[Decimal]] = [[], [Decimal(string: "12.5", locale: posix)!, Decimal(string: "-12.50", locale: posix)!],
                                  [Decimal(string: "123456789012345678901234567", locale: posix)!, 1]]
        for _ in 0..<3000 {
            lists.append((0..<(amounts.next() % 30 + 1)).map { _ in amounts.amount() })
        }
        for list in lists {
            #expect(Self.bytes(DecimalText.sum(list)) == Self.bytes(list.reduce(Decimal(0), +)), "\(list)")
        }
    }

    @Test func scaleCountsFractionDigits() throws {
        #expect(DecimalText.scale(try #require(Decimal(string: "645.55"))) == 2)
        #expect(DecimalText.scale(try #require(Decimal(string: "120"))) == 0)
        #expect(DecimalText.scale(try #require(Decimal(string: "1E-7"))) == 7)
    }

    @Test func sheetColumns() {
        #expect(SheetLayout.columnName(0) == "A")
        #expect(SheetLayout.columnName(25) == "Z")
        #expect(SheetLayout.columnName(26) == "AA")
        #expect(SheetLayout.columnName(701) == "ZZ")
        #expect(SheetLayout.columnName(702) == "AAA")
    }

    /// The one formatter serves filters, forms, charts and CSV alike.
    @Test func oneFormatterHalfUpNoExponent() throws {
        #expect(DecimalText.fixed(try #require(Decimal(string: "0.125")), places: 2) == "0.13")
        #expect(DecimalText.fixed(try #require(Decimal(string: "-0.125")), places: 2) == "-0.13")
        #expect(DecimalText.fixed(try #require(Decimal(string: "99.995")), places: 2, grouping: true) == "100.00")
        #expect(DecimalText.fixed(try #require(Decimal(string: "999999.995")), places: 2, grouping: true) == "1,000,000.00")
        #expect(DecimalText.fixed(try #require(Decimal(string: "3E2")), places: 2) == "300.00")
        #expect(DecimalText.fixed(try #require(Decimal(string: "0")), places: 0) == "0")
        let value = try #require(Decimal(string: "12579.305"))
        #expect(DecimalText.fixed(value, places: 2) == "12579.31")
        #expect(DecimalText.fixed(value, places: 2, grouping: true) == "12,579.31")
        #expect(DecimalText.trimmed(try #require(Decimal(string: "100.004")), places: 2) == "100")
        #expect(DecimalText.fixed(try #require(Decimal(string: "-0.004")), places: 2) == "0.00")
    }

    /// The one date parser: strict `yyyy-mm-dd` for definitions, a real day either way.
    @Test func oneStrictDateParser() {
        #expect(CalendarDate("2021-02-31") == nil)
        #expect(CalendarDate("2021-2-3") == nil)
        #expect(CalendarDate("2024-02-29")?.formatted("yyyy年M月d日") == "2024年2月29日")
        #expect(CalendarDate(lenient: "2021/2/31") == nil)
        #expect(CalendarDate(lenient: "2022年6月7日")?.formatted("yyyy.MM.dd") == "2022.06.07")
    }
}

