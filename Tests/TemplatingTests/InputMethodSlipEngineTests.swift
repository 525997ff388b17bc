import JSONValue
import OOXML
import Testing
@testable import Templating

/// The lexer names input-method slips; a warning does not stop the template from compiling.
@Suite struct InputMethodSlipEngineTests {
    static func problems(_ body: String) throws -> [TemplateError] {
        let doc = try XMLDocument(parsing: Array(documentXML(body).utf8), partName: "word/document.xml")
        return PartTemplate.check(document: doc, partName: "word/document.xml", options: TemplateOptions(), styles: StyleCatalog()).errors
    }

    @Test func slipsHaveTheirCodes() throws {
        let errors = try Self.problems(para(run("｛｛项目名称｝｝")) + para(run("{{a ｜ upper}}")) + para(run("{ {a}}")))
        let slips = errors.filter { $0.code == .fullWidthInTag }
        #expect(slips.map { $0.location?.paragraph } == [1, 2, 3], "\(errors.map(\.description))")
        #expect(slips[0].message.contains("全角大括号") && slips[1].message.contains("全角竖线") && slips[2].message.contains("空格"))
    }

    @Test func aLookalikeIsOnlyAWarning() throws {
        let body = para(run("注：｛见附表｝{{a}}"))
        let errors = try Self.problems(body)
        #expect(errors.map(\.code) == [.lookalikeTag])
        #expect(errors.allSatisfy { $0.isWarning })
        _ = try compile(body)
    }

    @Test func aliasesResolveTheLongestPrefix() {
        let options = TemplateOptions(aliases: ["资金": "funds", "资金合计": "funds.total"])
        #expect(options.resolvingAlias("资金合计.executed") == "funds.total.executed")
        #expect(options.resolvingAlias("资金.rows") == "funds.rows")
        #expect(options.resolvingAlias("name") == "name")
    }
}

/// `{{#等次 == "优"}}…{{/}}`: a section shown when the value equals (or not) a string or number.
@Suite struct ComparisonSectionTests {
    static let body = para(run("{{#grade == \"优\"}}优秀{{/}}{{^grade == \"优\"}}待改进{{/grade}}{{#score != 100}}未满分{{/}}{{#score == 100}}满分{{/}}"))

    @Test(arguments: [("优", "100", "优秀满分"), ("良", "96.30", "待改进未满分"), ("良", "100.0", "待改进满分")])
    func comparisons(grade: String, score: String, expected: String) throws {
        let data = JSONValue.object(JSONObject([(key: "grade", value: .string(grade)), (key: "score", value: .number(score))]))
        let doc = try render(Self.body, data)
        #expect(lines(doc) == [expected])
    }

    @Test func anUnquotedWordIsAnError() throws {
        let errors = try compileErrors(para(run("{{#grade == 优}}x{{/}}")))
        #expect(errors.first?.code == .malformedTag && errors.first?.message.contains("要加引号") == true, "\(errors)")
    }
}
