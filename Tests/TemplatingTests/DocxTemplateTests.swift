import Foundation
import Testing
import JSONValue
import OOXML
@testable import Templating

enum Fixtures {
    /// Tests/TemplatingFixtures, built by make_fixtures.py.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("TemplatingFixtures")

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func json(_ name: String) throws -> JSONValue {
        try JSONParser.parse(bytes(name)).root
    }
}

/// Every `w:p` of a part (text boxes included, both DrawingML and VML copies) as text.
func partParagraphs(_ package: DocxPackage, _ part: String) throws -> [String] {
    descendants(try package.xml(part).root, "p").map(paragraphText)
}

@Suite struct DocxTemplateTests {
    @Test func wordLikeTemplateRendersEveryPart() throws {
        let template = try Template(bytes: Fixtures.bytes("word-like.docx"), name: "word-like.docx")
        #expect(Set(template.parts.map(\.partName)) == ["word/header1.xml", "word/footer1.xml", "word/document.xml", "word/footnotes.xml"])
        let output = try template.render(Fixtures.json("word-like.json"))
        let package = try DocxPackage(bytes: output, name: "out.docx")

        let header = try partParagraphs(package, "word/header1.xml")
        #expect(header.contains("某县医疗保障局 绩效自评"))
        // The text box and its VML fallback are both filled.
        #expect(header.filter { $0 == "编号 zhongdian-jiuzhu" }.count == 2)
        #expect(try partParagraphs(package, "word/footer1.xml").contains("0812-1234567"))
        #expect(try partParagraphs(package, "word/footnotes.xml").contains(" 资金单位：万元"))

        let document = try package.xml("word/document.xml")
        let body = lines(document)
        #expect(body.first == "项目名称：重点救助对象医保补助 & <特殊>“项目” 𠮷")
        #expect(body.contains("主管部门：某县卫生健康局（单位）"))
        #expect(body.contains("填报日期：2022年6月27日，总分 92.46"))
        #expect(body.contains("偏差：无"))
        #expect(body.contains("评价人员：张三（副主任）、李四（科长）"))
        // Multi-line value alone in its paragraph: one paragraph per line, indent kept.
        #expect(body.contains("资助重点救助对象参保人次4863人。") && body.contains("全员覆盖。") && body.contains("→按时足额拨付。"))
        // Paragraph loop with a table inside.
        let funds = body.filter { $0.hasPrefix("资金来源：") || $0.hasPrefix("预算数") || $0.hasPrefix("用途：") }
        #expect(funds == ["资金来源：财政资金", "预算数 | 5.00 | 执行数 | 4.80", "用途：参保补助；宣传",
                          "资金来源：其他资金", "预算数 | 1.26 | 执行数 | 0.00", "用途："])
        // Text box in the body (DrawingML + VML).
        #expect(descendants(document.root, "txbxContent").map { descendants($0, "p").map(paragraphText) } == [["等次：优"], ["等次：优"]])
        // Outline with generated numbering in the template's heading styles (ids 1, 2, 3).
        let start = try #require(body.firstIndex(of: "一、项目基本情况"))
        #expect(Array(body[start...]) == ["一、项目基本情况", "（一）项目概况", "进一步健全医疗救助制度。", "第二段。", "（二）资金情况",
                                          "1.预算", "5万元。", "二、评价结论", "总体良好。", "（完）"])
        let headingStyles = descendants(document.root, "p").filter { ["一、项目基本情况", "（一）项目概况", "1.预算"].contains(paragraphText($0)) }
            .map { descendants($0, "pStyle").first?.attribute("w:val") }
        #expect(headingStyles == ["1", "2", "3"])

        // Indicator table: 5 data rows, merged 一级/二级 columns.
        let tables = document.root.elements[0].elements.filter { $0.localName == "tbl" }
        let indicatorRows = tables[2].elements.filter { $0.localName == "tr" }
        #expect(indicatorRows.count == 6)
        let merges = indicatorRows.dropFirst().map { row in
            row.elements.filter { $0.localName == "tc" }.prefix(2).map { descendants($0, "vMerge").first?.attribute("w:val") ?? "continue" }
        }
        #expect(merges == [["restart", "restart"], ["continue", "continue"], ["continue", "restart"], ["restart", "restart"], ["restart", "restart"]])

        // Parts without tags are copied through untouched.
        let source = try DocxPackage(bytes: Fixtures.bytes("word-like.docx"), name: "in.docx")
        #expect(try package.bytes(of: "word/styles.xml") == source.bytes(of: "word/styles.xml"))
    }

    @Test func libreOfficeResavedTemplateRendersTheSameText() throws {
        let data = try Fixtures.json("word-like.json")
        func texts(_ file: String) throws -> [String] {
            let template = try Template(bytes: Fixtures.bytes(file), name: file)
            let package = try DocxPackage(bytes: try template.render(data), name: file)
            var result = lines(try package.xml(package.mainDocumentPartName))
            for part in try package.templatedPartNames() where part != package.mainDocumentPartName {
                result += try partParagraphs(package, part).filter { !$0.isEmpty }
            }
            return result
        }
        let original = try texts("word-like.docx")
        let resaved = try texts("word-like-libreoffice.docx")
        #expect(resaved.filter { !$0.isEmpty } == original.filter { !$0.isEmpty })
        // LibreOffice really did split the tags further.
        let source = try DocxPackage(bytes: Fixtures.bytes("word-like-libreoffice.docx"), name: "lo")
        let xml = String(decoding: try source.bytes(of: source.mainDocumentPartName), as: UTF8.self)
        #expect(xml.contains("<w:t>{{</w:t>"))
    }

    @Test func outputIsDeterministic() throws {
        let template = try Template(bytes: Fixtures.bytes("word-like.docx"), name: "word-like.docx")
        let data = try Fixtures.json("word-like.json")
        #expect(try template.render(data) == template.render(data))
    }

    @Test func badTemplateReportsEveryErrorWithLocation() throws {
        let result = Template.check(bytes: try Fixtures.bytes("bad.docx"), name: "bad.docx")
        let found = result.errors.map { "\($0.code.rawValue)@\($0.location?.part ?? "")#\($0.location?.paragraph ?? 0)" }
        #expect(found == [
            "E-TPL-002@word/header1.xml#1",
            "E-TPL-001@word/document.xml#2",
            "E-TPL-004@word/document.xml#3",
            "E-TPL-005@word/document.xml#4",
            "E-TPL-011@word/document.xml#5",
            "E-TPL-006@word/document.xml#6",
            "E-TPL-009@word/document.xml#9",
            "E-TPL-007@word/document.xml#10",
        ])
        let placement = try #require(result.errors.first { $0.code == .incompatiblePlacement })
        #expect(placement.location?.table == 1 && placement.location?.row == 1 && placement.location?.cell == 1)
        // A tag split over two runs is shown whole in the message.
        #expect(result.errors.first { $0.code == .malformedTag }?.tag == "{{name x}}")
        #expect(throws: TemplateErrors.self) { try Template(bytes: Fixtures.bytes("bad.docx"), name: "bad.docx") }
    }

    @Test func notADocx() {
        let result = Template.check(bytes: Array("not a zip".utf8), name: "x.docx")
        #expect(result.errors.map(\.code) == [.package])
    }

    /// ../shared beside the checkout (as CI provides it).
    static let benchTemplate = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/bench/fixtures/project_report_reportgen.docx").path

    @Test(.enabled(if: FileManager.default.fileExists(atPath: benchTemplate), "未找到 ../shared/bench/fixtures"))
    func benchTemplateRowLoopAndScalars() throws {
        let file = Self.benchTemplate
        let template = try Template(path: file)
        let indicator: JSONValue = ["l1": "产出指标", "l2": "数量指标", "l3": "人数", "weight": "10", "target": "≥95%", "actual": "96%", "rate": "101%", "score": "10"]
        let sections: JSONValue = .object(JSONObject(["overview", "basis", "goals", "management", "organization", "implementation", "funds_use",
                                                      "benefits", "indicators_summary", "problems", "measures", "conclusion", "other"].map { (key: $0, value: .string("文本\($0)")) }))
        var p: [(key: String, value: JSONValue)] = []
        for key in ["year", "name", "dept", "unit", "leader", "phone", "date", "grade", "total_weight", "total_score"] { p.append((key, .string("值\(key)"))) }
        p.append(("sections", sections))
        p.append(("funds", .object(JSONObject())))
        p.append(("indicators", [indicator, indicator, indicator]))
        var options = TemplateOptions()
        options.missing = .empty
        let lenient = try Template(path: file, options: options)
        let output = try lenient.render(["p": .object(JSONObject(p))])
        let package = try DocxPackage(bytes: output, name: "out.docx")
        let document = try package.xml(package.mainDocumentPartName)
        let tables = descendants(document.root, "tbl")
        #expect(tables.count == 2)
        #expect(tables[1].elements.filter { $0.localName == "tr" }.count == 3 + 2)
        #expect(template.fields.contains { $0.kind == .section && $0.placement == "rows" })
    }
}

/// Random data never breaks the XML and never loses the template's own text.
@Suite struct RenderPropertyTests {
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let alphabet: [String] = ["a", "Z", "0", " ", "&", "<", ">", "\"", "'", "\n", "\r\n", "\t", "\u{1}", "\u{B}", "\u{FFFE}",
                                     "项", "目", "𠮷", "𡈽", "，", "{{", "}}", "{", "}", "]]>", "&amp;", "é", "\u{200B}"]

    static func string<G: RandomNumberGenerator>(_ g: inout G) -> String {
        (0..<Int.random(in: 0...12, using: &g)).map { _ in alphabet.randomElement(using: &g)! }.joined()
    }

    static func value<G: RandomNumberGenerator>(_ g: inout G, depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0..<(depth > 2 ? 5 : 8), using: &g) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &g))
        case 2: return .number(String(Int.random(in: -1000...100_000, using: &g)) + (Bool.random(using: &g) ? ".5" : ""))
        case 3, 4: return .string(string(&g))
        case 5, 6: return .array((0..<Int.random(in: 0...4, using: &g)).map { _ in object(&g, depth: depth + 1) })
        default: return object(&g, depth: depth + 1)
        }
    }

    static let keys = ["项目名称", "unit", "name", "department", "contact", "total", "grade", "goals", "achieved", "deviation",
                       "evaluators", "title", "funds", "source", "annualBudget", "executed", "uses", "indicators", "level1",
                       "level2", "actual", "milestones", "text", "id", "fundUnit", "heading", "children", "body"]

    static func object<G: RandomNumberGenerator>(_ g: inout G, depth: Int) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        for key in keys where Int.random(in: 0..<3, using: &g) == 0 {
            members.append((key, depth > 3 ? .string(string(&g)) : value(&g, depth: depth)))
        }
        return .object(JSONObject(members))
    }

    @Test func randomDataKeepsXMLAndTemplateText() throws {
        var options = TemplateOptions()
        options.missing = .empty
        let template = try Template(bytes: Fixtures.bytes("word-like.docx"), name: "word-like.docx", options: options)
        let fixed = ["项目名称：", "主管部门：", "（单位）", "填报日期：", "，总分 ", "文本框锚点", "资金说明", "偏差：", "评价人员：",
                     "绩效指标", "一级指标", "二级指标", "附表", "（完）"]
        var g = SplitMix64(state: 20_260_101)
        var rendered = 0
        for _ in 0..<150 {
            guard case .object(var data) = Self.object(&g, depth: 0) else { continue }
            // Filters need a date and a number; everything else is random, missing or of the wrong type.
            data.members.append(("filledOn", .string("2021-0\(Int.random(in: 1...9, using: &g))-1\(Int.random(in: 0...9, using: &g))")))
            data.members.removeAll { $0.key == "total" || $0.key == "annualBudget" || $0.key == "executed" || $0.key == "body" }
            data.members.append(("total", .number(String(Int.random(in: 0...100, using: &g)))))
            let output: [UInt8]
            do {
                output = try template.render(.object(data))
            } catch {
                // Type mismatches may fail a filter (funds[].annualBudget is random); that is a report, not a crash.
                #expect(error.errors.allSatisfy { $0.code == .filterFailed || $0.code == .blockFailed })
                continue
            }
            rendered += 1
            let package = try DocxPackage(bytes: output, name: "random.docx")
            for part in ["word/document.xml", "word/header1.xml", "word/footer1.xml", "word/footnotes.xml"] {
                _ = try package.xml(part)   // throws if not well-formed
            }
            let text = lines(try package.xml("word/document.xml")).joined(separator: "\n")
            var cursor = text.startIndex
            for piece in fixed {
                let found = try #require(text.range(of: piece, range: cursor..<text.endIndex), "lost “\(piece)”")
                cursor = found.upperBound
            }
        }
        #expect(rendered > 50)
    }
}
