import Foundation
import Testing
@testable import Reports

/// Seed 002 (重点救助对象医保补助), encoded as Fixtures/valid/seed-002.json. The expected
/// values are the ones its 附件1 table and fund table print.
@Suite struct Seed002Tests {
    let project: LoadedProject

    init() throws { project = try loadProject(Fixtures.path("valid/seed-002.json")) }

    func indicator(_ name: String) -> IndicatorFigures? { project.evaluation.indicators.first { $0.name == name } }

    @Test func completionRatesAsPrinted() throws {
        // 附件1: 216.23%, 100.00%, 100.00%, 114.29%, 100%, 100.00%.
        let expected: [(String, String)] = [
            ("资助重点救助对象参保人数", "216.23%"), ("资助重点救助对象参保覆盖率", "100.00%"),
            ("资助完成时间", "100.00%"), ("参保费用", "114.29%"),
            ("重点就只对象医保参保补助", "100.00%"), ("群众满意度（%）", "100.00%"),
        ]
        for (name, rate) in expected {
            let figure = try #require(indicator(name))
            #expect(figure.completionRate.map(FormFormat.rate) == rate, "\(name)")
        }
    }

    @Test func scoresAsPrinted() throws {
        // 指标得分 column: 12.5 ×4, 30, 10.
        let scores = project.evaluation.indicators.map { $0.score.map(FormFormat.score) ?? "" }
        #expect(scores == ["12.5", "12.5", "12.5", "12.5", "30", "10"])
    }

    @Test func budgetExecutionAndTotal() throws {
        let budget = try #require(project.evaluation.budgetExecution)
        #expect(FormFormat.rate(budget.rate) == "100.00%")
        #expect(FormFormat.score(budget.score) == "10")
        let sheet = try #require(project.evaluation.scoresheet)
        #expect(FormFormat.score(sheet.total) == "100")
        #expect(sheet.grade == .excellent)
        #expect(sheet.totalWeight == 100)
    }

    @Test func fundBlockAsPrinted() throws {
        // 预算执行情况: 资金结余 0, 预算到位率 100, 预算执行率 100 (total and 县区级).
        let total = project.evaluation.funds.total
        #expect(total.balance?.value == 0)
        #expect(total.receivedRate.map(FormFormat.percentNumber) == "100")
        #expect(total.executionRate.map(FormFormat.percentNumber) == "100")
        #expect(project.evaluation.funds.lines.first?.level == .county)
    }

    @Test func noWarnings() throws {
        let loaded = try DefinitionLoader.load(path: Fixtures.path("valid/seed-002.json"))
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
    }
}

@Suite struct ValidationSummaryTests {
    @Test func jsonListsEveryComputedFigurePerProject() throws {
        let summary = ValidationSummary.validate(path: Fixtures.path("valid/seed-002.json"))
        let data = Data(summary.json().utf8)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(root["valid"] as? Bool == true)
        let project = try #require((root["projects"] as? [[String: Any]])?.first)
        #expect(project["id"] as? String == "zhongdian-jiuzhu")
        #expect((project["budgetExecutionRate"] as? NSNumber)?.stringValue == "100")
        let indicators = try #require(project["indicators"] as? [[String: Any]])
        #expect((indicators.first?["rate"] as? NSNumber)?.stringValue == "216.23")
        #expect((indicators[3]["rate"] as? NSNumber)?.stringValue == "114.29")
        #expect((project["total"] as? NSNumber)?.stringValue == "100")
        #expect(project["grade"] as? String == "优")
        #expect((project["subtotals"] as? [[String: Any]])?.count == 4)
    }

    @Test func invalidFileListsLocatedProblemsAndNoProjects() {
        let summary = ValidationSummary.validate(path: Fixtures.path("invalid/many-problems.json"))
        #expect(!summary.valid && summary.errors == 3 && summary.projects.isEmpty)
        let text = summary.text()
        #expect(text.contains("many-problems.json:2:9: E-DEF-017 id："))
        #expect(text.contains("校验未通过：3 个错误"))
    }

    @Test func textListsFiguresOfAValidPackage() {
        let text = ValidationSummary.validate(path: Fixtures.path("packages/good/package.json")).text()
        // Each column at the precision the forms print it: 50 as written, 37.14, 50 − 37.14 = 12.86.
        #expect(text.contains("财政资金 县区级 | 50 | 50 | 37.14 | 12.86 | 100.00% | 74.28%"))
        #expect(text.contains("校验通过：3 个项目"))
    }
}
