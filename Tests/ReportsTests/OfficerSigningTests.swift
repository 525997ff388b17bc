import Foundation
import Testing
import JSONValue
@testable import Reports

/// Findings of the signing officer's review, through the loader as a definition reaches it.
@Suite struct OfficerSigningTests {
    /// The 三公 pie (图7) of a final-accounts file, derived from its figures.
    static func threePublicPie(_ items: String) throws -> (categories: [String], values: [String]) {
        let dir = try TemporaryDirectory()
        try dir.write("final-accounts.json", #"""
        {"figures": {"三公经费": {"合计": {"决算数": "3.09"}, \#(items)}},
         "body": [{"heading": "“三公”经费", "chart": {"derived": "三公结构"}}]}
        """#)
        let path = try dir.write("package.json", #"{"format": "reportgen/1", "year": 2021, "unit": {"name": "某局"}, "finalAccounts": "final-accounts.json", "projects": []}"#)
        guard case .package(let package) = try DefinitionLoader.load(path: path),
              let chart = package.finalAccounts?.body.first?.chart?.value else {
            Issue.record("no chart")
            return ([], [])
        }
        let categories = chart["categories"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let values = chart["series"]?.arrayValue?.first?["values"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return (categories, values)
    }

    /// A slice's colour is its category's place in the chart: a 因公出国 figure left out must
    /// leave 公务用车 and 公务接待 where a 因公出国 of 0 leaves them (0 + 2.28 + 0.81 = 3.09).
    @Test func pieCategoriesKeepTheirPlaceWhetherAFigureIsMissingOrZero() throws {
        let zero = try Self.threePublicPie(#""因公出国（境）费": {"决算数": 0}, "公务用车购置及运行维护费": {"决算数": "2.28"}, "公务接待费": {"决算数": "0.81"}"#)
        let missing = try Self.threePublicPie(#""公务用车购置及运行维护费": {"决算数": "2.28"}, "公务接待费": {"决算数": "0.81"}"#)
        #expect(zero.categories == ["因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"])
        #expect(missing.categories == zero.categories)
        #expect(missing.values == zero.values)
        #expect(zero.values.count == 3 && zero.values.dropFirst() == ["2.28", "0.81"])
    }

    static func project(level1: String, level2: String, scoring: String = "none") throws -> [DefinitionProblem] {
        let dir = try TemporaryDirectory()
        let path = try dir.write("p.json", #"""
        {"id": "p", "name": "项目", "year": 2021, "scoring": "\#(scoring)", "funds": [{"source": "财政资金", "annualBudget": 1, "executed": 1}],
         "indicators": [{"level1": "\#(level1)", "level2": "\#(level2)", "name": "医疗服务水平", "target": "便捷", "actual": "便捷"}],
         "body": [], "evaluators": []}
        """#)
        return problems(of: path)
    }

    /// Seed 004's merged 完成指标 cell also covers its 社会效益/可持续影响 rows; the official form
    /// (and the seed's own text, “（2）效益指标。”) files them under 效益指标.
    @Test func aSecondLevelUnderTheWrongFirstLevelIsReported() throws {
        let wrong = try Self.project(level1: "完成指标", level2: "社会效益指标")
        let found = wrong.filter { $0.code.rawValue == "W-DEF-021" }
        #expect(found.count == 1)
        #expect(found.first?.path == "indicators[0].level1")
        #expect(found.first?.message.contains("效益指标") == true)
        for (level1, level2) in [("效益指标", "社会效益指标"), ("效益指标", "可持续影响指标"), ("完成指标", "数量指标"),
                                 ("产出指标", "成本指标"), ("成本指标", "经济成本指标"), ("满意度指标", "服务对象满意度指标"),
                                 ("效益指标", "社会效益"), ("自定指标", "自定二级")] {
            #expect(try Self.project(level1: level1, level2: level2).allSatisfy { $0.code.rawValue != "W-DEF-021" }, "\(level1)/\(level2)")
        }
        #expect(try Self.project(level1: "产出指标", level2: "满意度指标").contains { $0.code.rawValue == "W-DEF-021" })
    }
}
