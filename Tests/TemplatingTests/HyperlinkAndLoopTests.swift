import Foundation
import Testing
import JSONValue
import OOXML
@testable import Templating

@Suite struct HyperlinkTagTests {
    static let hyperlinkType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"

    static func link(_ id: String, _ text: String) -> String {
        "<w:p><w:hyperlink r:id=\"\(id)\">\(run(text))</w:hyperlink></w:p>"
    }

    static func relationship(_ id: String, _ target: String) -> String {
        "<Relationship Id=\"\(id)\" Type=\"\(hyperlinkType)\" Target=\"\(target)\" TargetMode=\"External\"/>"
    }

    @Test func linkTargetsAreFilledPerItemEscapedAndTheTemplateRelationshipDropped() throws {
        let body = "<w:p><w:r><w:t>{{#items}}</w:t></w:r></w:p>" + Self.link("rId9", "{{name}}") + "<w:p><w:r><w:t>{{/items}}</w:t></w:r></w:p>"
            + Self.link("rId10", "搜索")
        let rels = Self.relationship("rId9", "{{url}}") + Self.relationship("rId10", "https://example.gov.cn/search?q={{query}}")
        let template = try Template(bytes: try AttachmentFixture.package(body: body, extraRelationships: rels), name: "t.docx")
        let renderedBytes = try template.render(["items": [["name": "甲", "url": "https://example.gov.cn/项目 1?a=1&b=2"],
                                                    ["name": "乙", "url": "https://example.gov.cn/b"],
                                                    ["name": "丙", "url": "https://example.gov.cn/b"]],
                                          "query": "医保 & 救助/2021"])
        let output = renderedBytes
        let package = try DocxPackage(bytes: output, name: "out.docx")
        let links = try package.relationships(of: "word/document.xml").filter { $0.type == Self.hyperlinkType }
        // The address a tag begins keeps its structure; the part after text is encoded whole.
        #expect(links.map(\.target) == ["https://example.gov.cn/%E9%A1%B9%E7%9B%AE%201?a=1&b=2", "https://example.gov.cn/b",
                                        "https://example.gov.cn/search?q=%E5%8C%BB%E4%BF%9D%20%26%20%E6%95%91%E5%8A%A9%2F2021"])
        // The templated relationships are gone; new ids avoid the template's.
        #expect(!links.contains { $0.id == "rId9" || $0.id == "rId10" })
        let written = String(decoding: try package.bytes(of: "word/_rels/document.xml.rels"), as: UTF8.self)
        #expect(!written.contains("{{"))
        #expect(written.components(separatedBy: "TargetMode=\"External\"").count == 4)
        // Each rendered link points at its own address; equal addresses share one relationship.
        let ids = descendants(try package.xml("word/document.xml").root, "hyperlink").map { $0.attributes.first { $0.name == "r:id" }?.value ?? "" }
        #expect(ids.count == 4)
        #expect(ids[1] == ids[2] && ids[0] != ids[1] && ids[3] != ids[0])
        #expect(ids.allSatisfy { id in links.contains { $0.id == id } })
    }

    @Test func fieldCodeAddressesAreFilledAndEscaped() throws {
        let body = "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> HYPERLINK \"{{url}}\" </w:instrText></w:r>"
            + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>\(run("链接"))<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
        let doc = try render(body, ["url": "https://example.gov.cn/a b\"c"])
        let code = descendants(doc.root, "instrText").map { e in e.children.compactMap { if case .text(let t) = $0 { return t } else { return nil } }.joined() }
        #expect(code == [" HYPERLINK \"https://example.gov.cn/a%20b%22c\" "])
    }

    @Test func onlyValueTagsMayStandInAnAddress() throws {
        let rels = Self.relationship("rId9", "{{#items}}x{{/items}}")
        let result = Template.check(bytes: try AttachmentFixture.package(body: Self.link("rId9", "链接"), extraRelationships: rels), name: "t.docx")
        #expect(result.errors.map(\.code) == [.hyperlinkTag, .hyperlinkTag])
        #expect(result.errors.first?.description.contains("超链接地址 {{#items}}x{{/items}}") == true)
    }

    @Test func addressTagsAreListedAsFields() throws {
        let rels = Self.relationship("rId9", "https://example.gov.cn/{{project.id}}")
        let result = Template.check(bytes: try AttachmentFixture.package(body: Self.link("rId9", "链接"), extraRelationships: rels), name: "t.docx")
        #expect(result.errors.isEmpty)
        #expect(result.fields.map(\.path) == ["project.id"])
        #expect(result.fields.first?.location.description == "正文 第 1 段")
    }
}

@Suite struct ColumnLoopTests {
    static let continued = "<w:tc><w:tcPr><w:vMerge/></w:tcPr>\(p(""))</w:tc>"

    @Test func aLoopBetweenInnerCellsOfARowIsSaidToRepeatTheRow() throws {
        let body = table(row(cell(p("指标")), cell(p("{{#years}}{{name}}")), cell(p("{{value}}{{/years}}")), cell(p("备注"))))
        let result = Template.check(bytes: try AttachmentFixture.package(body: body), name: "t.docx")
        #expect(result.errors.map(\.code) == [.loopAcrossCells])
        let message = result.errors.first?.message ?? ""
        #expect(message.contains("第 2 列开始") && message.contains("第 3 列结束") && message.contains("第 1 列、第 4 列也随之重复"))
        #expect(message.contains("列循环") && message.contains("{{#years}} 写在该行第 1 列的开头"))
        #expect(result.errors.first?.isWarning == true)
    }

    @Test func aRowLoopFromFirstToLastCellOrAfterMergedCellsIsSilent() throws {
        let whole = table(row(cell(p("{{#years}}{{name}}")), cell(p("{{value}}{{/years}}"))))
        let merged = table(row(Self.continued, cell(p("{{#years}}{{name}}")), cell(p("{{value}}{{/years}}"))))
        for body in [whole, merged] {
            #expect(Template.check(bytes: try AttachmentFixture.package(body: body), name: "t.docx").errors.isEmpty)
        }
    }
}

@Suite struct ScopedAliasTests {
    static let options = TemplateOptions(aliases: ["年初预算数": "funds.total.initialBudget", "资金明细": "funds.rows"],
                                         scopedAliases: ["funds.rows": ["年初预算数": "initialBudget"]])
    // Computed, not a `static let`: LeakSanitizer reports a global JSONValue's boxes as leaked at
    // exit (it does not follow the enum's tagged pointers; see scripts/lsan-suppressions.txt).
    static var data: JSONValue { ["funds": ["total": ["initialBudget": "30"], "rows": [["initialBudget": "10"], ["initialBudget": "20"]]]] }

    @Test func anAliasInsideARowLoopReadsTheRow() throws {
        let aliased = try render(table(row(cell(p("{{#资金明细}}{{年初预算数}}")), cell(p("{{/资金明细}}")))) + p("{{年初预算数}}"),
                                 Self.data, options: Self.options)
        let english = try render(table(row(cell(p("{{#funds.rows}}{{initialBudget}}")), cell(p("{{/funds.rows}}")))) + p("{{funds.total.initialBudget}}"),
                                 Self.data, options: Self.options)
        #expect(lines(aliased) == ["10 | ", "20 | ", "30"])
        #expect(lines(aliased) == lines(english))
    }

    @Test func resolvingFollowsTheEnclosingSections() {
        #expect(Self.options.resolvingAlias("年初预算数", inside: []) == "funds.total.initialBudget")
        #expect(Self.options.resolvingAlias("年初预算数", inside: ["资金明细"]) == "initialBudget")
        #expect(Self.options.resolvingAlias("年初预算数", inside: ["funds.rows", "other"]) == "initialBudget")
    }
}
