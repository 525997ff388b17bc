import Testing
import JSONValue
import OOXML
@testable import Templating

/// Random templates (tag fragments split across runs, paragraphs and table cells) either
/// compile or report coded errors — never a crash — and what compiles renders parseable XML.
@Suite struct TemplateFuzzTests {
    static let fragments = ["{{", "}}", "{", "}", "#a", "/a", "^a", "#b", "/b", "/", "a", "b", "c.d", ".", "@index", " | ",
                            "number:2", "merge", "default:“无”", "> body", "> outline:body", "文字", " ", "&amp;", "&lt;", "x"]

    func randomParagraph(_ g: inout RenderPropertyTests.SplitMix64) -> String {
        var runs = ""
        for _ in 0..<Int.random(in: 1...6, using: &g) {
            let text = (0..<Int.random(in: 1...4, using: &g)).map { _ in Self.fragments.randomElement(using: &g)! }.joined()
            runs += run(text, Bool.random(using: &g) ? "<w:b/>" : "")
            if Int.random(in: 0..<4, using: &g) == 0 { runs += "<w:proofErr w:type=\"spellStart\"/>" }
        }
        return "<w:p>" + runs + "</w:p>"
    }

    func randomBody(_ g: inout RenderPropertyTests.SplitMix64) -> String {
        var body = ""
        for _ in 0..<Int.random(in: 1...8, using: &g) {
            if Int.random(in: 0..<4, using: &g) == 0 {
                var rows = ""
                for _ in 0..<Int.random(in: 1...3, using: &g) {
                    rows += "<w:tr>" + (0..<Int.random(in: 1...3, using: &g)).map { _ in cell(randomParagraph(&g)) }.joined() + "</w:tr>"
                }
                body += "<w:tbl><w:tblPr/><w:tblGrid/>" + rows + "</w:tbl>"
            } else {
                body += randomParagraph(&g)
            }
        }
        return body
    }

    @Test func randomTemplatesNeverCrash() throws {
        var g = RenderPropertyTests.SplitMix64(state: 7)
        var compiled = 0, rejected = 0
        let data: JSONValue = ["a": [["c": ["d": "1"], "b": true], ["c": ["d": "2"]]], "b": [1, 2], "c": ["d": "<x>"],
                               "body": [["heading": "h", "text": "t"]]]
        for _ in 0..<400 {
            let body = randomBody(&g)
            do {
                let template = try compile(body, options: TemplateOptions(missing: .empty))
                compiled += 1
                do {
                    let bytes = try template.render(data, missing: .empty).bytes
                    _ = try XMLDocument(parsing: bytes, partName: "fuzz")
                } catch let errors as RenderErrors {
                    #expect(errors.errors.allSatisfy { $0.code == .filterFailed || $0.code == .blockFailed })
                }
            } catch let errors as TemplateErrors {
                rejected += 1
                #expect(!errors.errors.isEmpty)
                #expect(errors.errors.allSatisfy { $0.location != nil && $0.code.rawValue.hasPrefix("E-TPL-") })
            }
        }
        #expect(compiled > 20 && rejected > 20)
    }
}
