import Foundation
import Testing
@testable import Reports

@Suite struct FormFormatTests {
    @Test func moneyKeepsItsWrittenPrecision() throws {
        #expect(FormFormat.money(try #require(FormNumber(literal: "37.14"))) == "37.14")
        #expect(FormFormat.money(try #require(FormNumber(literal: "37.10"))) == "37.10")
        #expect(FormFormat.money(try #require(FormNumber(literal: "12579.31"))) == "12579.31")
        #expect(FormFormat.money(try #require(FormNumber(literal: "50.094"))) == "50.094")
        #expect(FormFormat.money(try #require(FormNumber(literal: "3.714E1"))) == "37.14")
        #expect(FormFormat.money(decimal("0.385"), places: 2) == "0.39")
        #expect(FormFormat.money(decimal("1234567890.5"), places: 2) == "1234567890.50")
    }

    @Test func ratesHaveTwoDecimalsAndRoundHalfUp() {
        #expect(FormFormat.rate(decimal("4863") / decimal("2249")) == "216.23%")
        #expect(FormFormat.rate(decimal("0.96265")) == "96.27%")
        #expect(FormFormat.rate(1) == "100.00%")
        #expect(FormFormat.rate(decimal("0.00004")) == "0.00%")
        #expect(FormFormat.percentNumber(decimal("0.6087")) == "60.87")
    }

    @Test func scoresWithoutTrailingZeros() {
        #expect(FormFormat.score(decimal("12.50")) == "12.5")
        // Never rounded: a weight of three decimals prints all of them (issue 8 item 9).
        #expect(FormFormat.score(decimal("2.415")) == "2.415")
        #expect(FormFormat.score(decimal("100.00")) == "100")
        #expect(FormFormat.score(decimal("9.990")) == "9.99")
        #expect(FormFormat.score(0) == "0")
    }

    @Test func dates() {
        #expect(FormFormat.date("2022-06-27") == "2022年6月27日")
        #expect(FormFormat.date("2021-12-01") == "2021年12月1日")
        #expect(FormFormat.date("2021-02-29") == nil)
        #expect(FormFormat.date("2024-02-29") == "2024年2月29日")
        #expect(FormFormat.date("2022-6-27") == nil)
    }

    @Test func departmentWithCode() {
        #expect(FormFormat.departmentWithCode("攀枝花市医疗保障局", code: "512001") == "攀枝花市医疗保障局（512001）")
        #expect(FormFormat.departmentWithCode("攀枝花市医疗保障局", code: nil) == "攀枝花市医疗保障局")
    }
}
