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
