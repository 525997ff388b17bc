import JSONValue
import OOXML
import Testing
@testable import Templating

/// Issue 11 item 2: the lexer walks each paragraph once (a cursor through its sorted tags), so
/// 200 000 tags in one paragraph took 123 s and now take seconds. No timing is asserted; a
/// quadratic lexer would make these tests run for minutes, and the scaling figures are in
/// docs/安全与可靠性.md.
@Suite struct ScaleTests {
    @Test func fiftyThousandTagsInOneParagraphAreAllFoundAndRendered() throws {
        let count = 50_000
        let text = Array(repeating: "{{name}}", count: count).joined(separator: " ")
        let template = try compile(para(run(text)))
        #expect(Set(template.fields.map(\.path)) == ["name"])
        let rendered = try template.render(["name": "甲"] as JSONValue, missing: .error).bytes
        let output = String(decoding: rendered, as: UTF8.self)
        #expect(output.components(separatedBy: "甲").count - 1 == count)
        #expect(!output.contains("{{"))
    }

    @Test func tagsSplitAcrossManyRunsAreAllFound() throws {
        let count = 10_000
        let runs = String(repeating: run("{{na") + run("me}} "), count: count)
        let template = try compile(para(runs))
        let output = String(decoding: try template.render(["name": "乙"] as JSONValue, missing: .error).bytes, as: UTF8.self)
        #expect(output.components(separatedBy: "乙").count - 1 == count)
    }
}
