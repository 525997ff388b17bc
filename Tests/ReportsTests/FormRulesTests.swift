import Foundation
import Testing
@testable import Reports

@Suite struct FormRulesTests {
    func rate(_ target: String, _ actual: String, _ direction: Direction? = nil, unit: String? = nil) -> String? {
        guard case .success(let r) = FormRules.completionRate(target: target, actual: actual, direction: direction, unit: unit)
        else { return nil }
        return FormFormat.rate(r)
    }

    @Test func higherIsBetterDividesActualByTarget() {
        #expect(rate("≥95%", "96%") == "101.05%")        // 96 / 95
        #expect(rate("≥2次", "3次") == "150.00%")
        #expect(rate("2249", "4863人") == "216.23%")      // bare target takes the actual's unit
        #expect(rate("≥1次", "2次以上") == "200.00%")
        #expect(rate("1,000人", "1200人") == "120.00%")
        #expect(rate("不低于90%", "９０％") == "100.00%")  // words and full-width digits
        #expect(rate("＞80%", "60%") == "75.00%")
    }

    @Test func lowerIsBetterDividesTargetByActual() {
        #expect(rate("≤12万元", "5.3万元") == "226.42%")    // 12 / 5.3
        #expect(rate("≤10万元", "76556元") == "130.62%")    // 100000 / 76556, 万元 ↔ 元
        #expect(rate("≤60分钟", "小于60分钟") == "100.00%")
        #expect(rate("≤1小时", "90分钟") == "66.67%")       // 60 / 90
        #expect(rate("60日内", "30天") == "200.00%")
        #expect(rate("≤12万元", "0") == "100.00%")          // nothing spent against a ceiling
        #expect(rate("100", "50", .lower) == "200.00%")     // explicit direction wins
    }

    @Test func rangesCountAsMetInside() {
        #expect(rate("55%-85%", "60%") == "100.00%")
        #expect(rate("55%-85%", "50%") == "90.91%")         // 50 / 55
        #expect(rate("55-85%", "90%") == "94.44%")          // 85 / 90
        #expect(rate("55%～85%", "85%") == "100.00%")
    }

    @Test func compositeUnitsAndDeclaredUnit() {
        #expect(rate("280元/人", "320元/人") == "114.29%")
        #expect(rate("0.028万元/人", "320元/人") == "114.29%")
        #expect(rate("100", "95", unit: "人") == "95.00%")
        // A per-万 denominator: 万 counts as a digit nowhere (9 / 10 = 90.00%).
        #expect(rate("10例/万人", "9例/万人") == "90.00%")
    }

    @Test func whatCannotBeComputed() {
        #expect(FormRules.completionRate(target: "≥100人", actual: "98%", direction: nil)
            == .failure(.incompatibleUnits(target: MeasureUnit.parse("人")!, actual: MeasureUnit.parse("%")!)))
        #expect(FormRules.completionRate(target: "全员覆盖", actual: "100%", direction: nil) == .failure(.qualitative))
        #expect(FormRules.completionRate(target: "2021年12月25日以前", actual: "已完成", direction: nil) == .failure(.qualitative))
        #expect(FormRules.completionRate(target: "≥100吨", actual: "120吨", direction: nil) == .failure(.unknownUnit("吨")))
    }

    @Test func indicatorScoreCapsAtTheWeightAndRoundsHalfUp() {
        #expect(FormRules.indicatorScore(weight: decimal("12.5"), completionRate: decimal("2.1623")) == decimal("12.5"))
        #expect(FormRules.indicatorScore(weight: 10, completionRate: decimal("0.9625")) == decimal("9.63"))
        #expect(FormRules.indicatorScore(weight: 3, completionRate: decimal("150") / decimal("180")) == decimal("2.5"))
        #expect(FormRules.indicatorScore(weight: 10, completionRate: 0) == 0)
    }

    @Test func gradeBoundaries() {
        #expect(FormRules.grade(totalScore: 100) == .excellent)
        #expect(FormRules.grade(totalScore: 90) == .excellent)
        #expect(FormRules.grade(totalScore: decimal("89.99")) == .good)
        #expect(FormRules.grade(totalScore: 80) == .good)
        #expect(FormRules.grade(totalScore: decimal("79.99")) == .fair)
        #expect(FormRules.grade(totalScore: 60) == .fair)
        #expect(FormRules.grade(totalScore: decimal("59.99")) == .poor)
    }

    @Test func fundFigures() {
        #expect(FormRules.balance(received: FormNumber(decimal("166.98")), executed: FormNumber(decimal("50.094"))).value == decimal("116.886"))
        #expect(FormRules.receivedRate(received: 54, annualBudget: 54) == 1)
        #expect(FormRules.executionRate(executed: decimal("40.83"), annualBudget: 54).map(FormFormat.rate) == "75.61%")
        #expect(FormRules.executionRate(executed: decimal("21.01"), annualBudget: 30).map(FormFormat.rate) == "70.03%")
        #expect(FormRules.executionRate(executed: 1, annualBudget: 0) == nil)
    }

    @Test func ippeRatesDivideByWhatWasAllotted() {
        #expect(FormRules.ippeFundsInPlaceRate(received: 180, annualBudget: 200) == decimal("0.9"))
        #expect(FormRules.ippeBudgetExecutionRate(executed: 150, received: 180).map(FormFormat.rate) == "83.33%")
    }

    @Test func ippeSchemeWeights() {
        #expect(IppeScheme.items.count == 21)
        #expect(IppeScheme.items.map(\.weight).reduce(0, +) == 100)
        for (level1, weight) in [("投入", 20), ("过程", 20), ("产出", 30), ("效果", 30)] {
            #expect(IppeScheme.items.filter { $0.level1 == level1 }.map(\.weight).reduce(0, +) == Decimal(weight))
        }
    }

    @Test func exactDecimalsFromLiterals() throws {
        let n = try #require(FormNumber(literal: "37.10"))
        #expect(n.value == decimal("37.1") && n.scale == 2)
        #expect(FormNumber(literal: "1e400") == nil)
        #expect(FormNumber(literal: "12abc") == nil)
        #expect(FormNumber(literal: "0.1")?.value == decimal("0.3") - decimal("0.2"))
    }
}

/// The ippe example (Fixtures/valid/ippe-example.json), computed by hand from docs/数据格式.md §3.7:
/// funds 200 / 180 / 150 → 资金到位率 3 × 180/200 = 2.7; 预算执行率 3 × 150/180 = 2.5.
/// 投入 3+3.5+4 + 2.7+3+2.5 = 18.7; 过程 3+2.5+4 + 3+3+3.5 = 19; 产出 8+6+8+7 = 29;
/// 效果 4+5+5+4.5+9 = 27.5; 合计 94.2 → 优.
@Suite struct IppeTests {
    @Test func computedSubItemsSubtotalsAndTotal() throws {
        let project = try loadProject(Fixtures.path("valid/ippe-example.json"))
        let sheet = try #require(project.evaluation.scoresheet)
        #expect(sheet.rows.count == 21)
        let byKey = Dictionary(sheet.rows.map { ($0.level2 + "/" + $0.name, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byKey["资金落实/资金到位率"]?.score == decimal("2.7"))
        #expect(byKey["资金落实/资金到位率"]?.computed == true)
        #expect(byKey["资金落实/预算执行率"]?.score == decimal("2.5"))
        #expect(byKey["业务管理/管理制度健全性"]?.score == 3)
        #expect(byKey["财务管理/财务监控有效性"]?.score == decimal("3.5"))
        let subtotals = sheet.subtotals.map { "\($0.name) \(FormFormat.score($0.score))/\(FormFormat.score($0.weight))" }
        #expect(subtotals == ["投入 18.7/20", "过程 19/20", "产出 29/30", "效果 27.5/30"])
        #expect(sheet.total == decimal("94.2"))
        #expect(sheet.grade == .excellent)
        // The indicator table is still there, with completion rates but no scores.
        #expect(project.evaluation.indicators.first?.completionRate.map(FormFormat.rate) == "120.00%")
        #expect(project.evaluation.indicators.first?.score == nil)
    }

    @Test func givenComputedItemThatDiffersIsAWarning() throws {
        let dir = try TemporaryDirectory()
        var text = try String(contentsOfFile: Fixtures.path("valid/ippe-example.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"资金落实/到位及时率\": 3,", with: "\"资金落实/到位及时率\": 3, \"资金落实/预算执行率\": 3,")
        text = text.replacingOccurrences(of: "\"投入\": 18.7", with: "\"投入\": 19.2")
        text = text.replacingOccurrences(of: "\"totalScore\": 94.2", with: "\"totalScore\": 94.7")
        let found = problems(of: try dir.write("p.json", text))
        #expect(!found.contains { $0.isError }, "\(found)")
        #expect(found.contains { $0.code.rawValue == "W-DEF-002" && $0.path == "ippeScores[\"资金落实/预算执行率\"]" })
    }
}
