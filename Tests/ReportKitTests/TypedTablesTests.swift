import Foundation
import JSONValue
import OOXML
import Reports
import Templating
import Testing
@testable import ReportKit

/// `reportgen package` hands each document its project's typed figures: the table block draws
/// them without looking anything up in the JSON context.
@Suite struct TypedTablesTests {
    static let project = """
    {"id": "p", "name": "项目", "year": 2021, "scoring": "mof-2020",
     "funds": [{"source": "财政资金", "level": "县区级", "unit": "元", "annualBudget": 50000, "received": 50000, "executed": 37140}],
     "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "人数", "weight": 90, "target": "10人", "actual": "10人"}],
     "body": [], "evaluators": []}
    """

    @Test func tableBlockDrawsTheTypedFigures() throws {
        let loaded = try DefinitionLoader.loadProject(bytes: Array(Self.project.utf8), name: "p.json")
        let forms = ProjectForms(loaded)
        let template = try TableFixture.compile("{{> body}}")
        // The JSON holds only the outline: no funds, no sheet, no scheme.
        let data = try TableFixture.json(#"{"body": [{"table": "funds-summary"}, {"table": "scoresheet"}]}"#)
        #expect(throws: RenderErrors.self) { try template.render(data, missing: .error) }
        let bytes = try template.render(data, missing: .error, payload: forms).bytes
        let text = String(decoding: bytes, as: UTF8.self)
        // 50000 元 = 5 万元, 37140 元 = 3.714 万元 (exact), 预算执行率 3.714 ÷ 5 = 74.28%.
        #expect(text.contains(">5<") && text.contains(">3.714<"))
        #expect(text.contains(">74.28%<"))
        // 得分 90 × 1 + 10 × 0.7428 = 97.43 (7.428 half-up), 等次 优.
        #expect(text.contains(">97.43<") && text.contains("等次：优"))
    }
}
