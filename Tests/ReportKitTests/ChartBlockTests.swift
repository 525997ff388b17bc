import Charts
import Foundation
import JSONValue
import OOXML
import Reports
import Templating
import Testing
@testable import ReportKit

/// The example charts and a one-tag template for them.
enum ChartBlockSupport {
    static let packageRoot = TestTools.packageRoot

    /// `examples/panzhihua-2021/final-accounts.json`.
    static func finalAccounts() throws -> JSONValue {
        let url = packageRoot.appendingPathComponent("examples/panzhihua-2021/final-accounts.json")
        return try JSONParser.parse(Array(try Data(contentsOf: url))).root
    }

    /// The chart of `body[1].children[index]` in the example, as derived from its figures.
    static func exampleChart(_ index: Int) throws -> JSONValue {
        let package = try PackageLoader.load(path: packageRoot.appendingPathComponent("examples/panzhihua-2021/package.json").path)
        let part = try #require(package.finalAccounts?.body[1].children?[index])
        return try #require(part.chart?.value)
    }

    /// The default project-report template with its body replaced by one `{{> body}}`
    /// paragraph: its real styles (exact line spacing, 表名) and page setup.
    static func template(tag: String = "{{> body}}") throws -> Template {
        let url = packageRoot.appendingPathComponent("templates/project-report.docx")
        var package = try DocxPackage(path: url.path)
        let original = try package.xml("word/document.xml")
        let body = try #require(original.root.elements.first { $0.localName == "body" })
        let sectPr = try #require(body.elements.last { $0.localName == "sectPr" })
        var out = XMLOutput()
        out.write(sectPr)
        let document = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
            + "<w:document xmlns:w=\"\(Namespace.w)\" xmlns:r=\"\(Namespace.r)\"><w:body>"
            + "<w:p><w:pPr><w:pStyle w:val=\"BodyText\"/></w:pPr><w:r><w:t>" + tag + "</w:t></w:r></w:p>"
            + String(decoding: out.bytes, as: UTF8.self) + "</w:body></w:document>"
        package.replace("word/document.xml", with: Array(document.utf8))
        var blocks = BlockRegistry.standard
        blocks.register("chart", ChartBlock())
        return try Template(bytes: package.serialized(), name: "chart-test.docx", options: TemplateOptions(blocks: blocks))
    }
}

@Suite struct ChartBlockDecodingTests {
    @Test func exampleColumnChartDecodes() throws {
        let spec = try ChartBlock.spec(from: ChartBlockSupport.exampleChart(0), path: "body[1].children[0].chart")
        // 2020: 645.55 − 234.46 (the change the seed prints) = 411.09, beside 2021's 645.55.
        let last = Decimal(string: "411.09")!, this = Decimal(string: "645.55")!
        #expect(spec == ChartSpec(kind: .column, title: "收、支决算总计变动情况图", categories: ["收入总计", "支出总计"],
                                  series: [.init(name: "2020年", values: [last, last]),
                                           .init(name: "2021年", values: [this, this])],
                                  unit: "万元"))
    }

    @Test func chineseKindsAndNumbersOrStrings() throws {
        let chart: JSONValue = .object(JSONObject([
            ("kind", .string("饼状图")), ("title", .string("结构")), ("_comment", .string("忽略")),
            ("categories", .array([.string("基本支出"), .number("2021")])),
            ("series", .array([.object(JSONObject([("name", .string("支出")),
                                                   ("values", .array([.number("324.07"), .string("321.48")]))]))])),
            ("decimals", .number("2")),
        ]))
        let spec = try ChartBlock.spec(from: chart, path: "c")
        #expect(spec.kind == .pie)
        #expect(spec.categories == ["基本支出", "2021"])
        #expect(spec.series.first?.values == [Decimal(string: "324.07")!, Decimal(string: "321.48")!])
        #expect(spec.decimals == 2)
    }

    @Test func everyProblemIsReportedWithItsPath() throws {
        let chart: JSONValue = .object(JSONObject([
            ("kind", .string("雷达图")), ("colour", .string("红")),
            ("categories", .array([.string("甲"), .string("乙")])),
            ("series", .array([.object(JSONObject([("name", .string("收入")),
                                                   ("values", .array([.string("1,000"), .bool(true)]))]))])),
        ]))
        let failure = try #require(throws: FilterFailure.self) {
            try ChartBlock.spec(from: chart, path: "body[1].chart")
        }
        for expected in ["body[1].chart.colour：未知字段", "body[1].chart.kind：未知的图表类型 “雷达图”",
                         "body[1].chart.title：缺少图表标题", "body[1].chart.series[0].values[0]：数值应为数字或数字字符串",
                         "“1,000”", "body[1].chart.series[0].values[1]："] {
            #expect(failure.message.contains(expected), "\(failure.message) lacks \(expected)")
        }
        #expect(failure.path == "body[1].chart.colour")
    }

    @Test func specChecksArePrefixedWithThePath() throws {
        // A pie with two series and a value count that does not match the categories.
        let chart: JSONValue = .object(JSONObject([
            ("kind", .string("pie")), ("title", .string("结构")),
            ("categories", .array([.string("甲"), .string("乙")])),
            ("series", .array([
                .object(JSONObject([("name", .string("一")), ("values", .array([.number("1"), .number("2")]))])),
                .object(JSONObject([("name", .string("二")), ("values", .array([.number("1")]))])),
            ])),
        ]))
        let failure = try #require(throws: FilterFailure.self) {
            try ChartBlock.spec(from: chart, path: "body[0].children[2].chart")
        }
        #expect(failure.message.contains("body[0].children[2].chart.series：E-CHART-002 饼状图只能有一个数据系列"))
        #expect(failure.message.contains("body[0].children[2].chart.series[1].values：E-CHART-003"))
    }
}

@Suite struct ChartBlockRenderTests {
    static func data() throws -> JSONValue {
        let node1: JSONValue = .object(JSONObject([
            ("heading", .string("收入支出决算总体情况说明")),
            ("text", .string("2021年度收、支总计均为645.55万元。")),
            ("chart", try ChartBlockSupport.exampleChart(0)),
        ]))
        let node2: JSONValue = .object(JSONObject([
            ("heading", .string("收入决算情况说明")),
            ("text", .string("本年收入合计645.53万元。")),
            ("chart", try ChartBlockSupport.exampleChart(1)),
        ]))
        return .object(JSONObject([("body", .array([node1, node2]))]))
    }

    static func rendered() throws -> [UInt8] {
        try ChartBlockSupport.template().render(data())
    }

    @Test func twoChartsBecomePartsDrawingsAndCaptions() throws {
        let package = try DocxPackage(bytes: Self.rendered(), name: "out.docx")
        let main = "word/document.xml"
        let charts = try package.relatedParts(of: main, type: ChartPackaging.chartRelationshipType)
        #expect(charts == ["word/charts/chart1.xml", "word/charts/chart2.xml"])
        for (n, kind) in [(1, "barChart"), (2, "pieChart")] {
            #expect(package.contentType(of: "word/charts/chart\(n).xml") == ChartPackaging.chartContentType)
            #expect(package.contentType(of: "word/embeddings/Microsoft_Excel_Worksheet\(n).xlsx") == ChartPackaging.workbookContentType)
            let chart = try package.xml("word/charts/chart\(n).xml")
            #expect(descendants(chart.root, kind).count == 1)
            #expect(try package.relatedParts(of: "word/charts/chart\(n).xml", type: ChartPackaging.packageRelationshipType)
                    == ["word/embeddings/Microsoft_Excel_Worksheet\(n).xlsx"])
        }
        let chart2 = String(decoding: try package.bytes(of: "word/charts/chart2.xml"), as: UTF8.self)
        #expect(chart2.contains("644.52") && chart2.contains("一般公共预算财政拨款收入"))

        let document = try package.xml(main)
        let paragraphs = descendants(document.root, "p")
        let texts = paragraphs.map(paragraphText)
        #expect(texts.contains("图1：收、支决算总计变动情况图"))
        #expect(texts.contains("图2：收入决算结构图"))
        // Each drawing paragraph comes right before its caption, after the node's text.
        let first = try #require(texts.firstIndex(of: "图1：收、支决算总计变动情况图"))
        #expect(texts[first - 2] == "2021年度收、支总计均为645.55万元。")
        #expect(!descendants(paragraphs[first - 1], "drawing").isEmpty)
        // Captions use the template's caption style (图名: keeps no paragraph after it with the
        // chart); drawings are centred without exact spacing and keep with their caption.
        let caption = paragraphs[first]
        #expect(descendants(caption, "pStyle").first?.attribute("w:val") == "Caption")
        #expect(descendants(paragraphs[first - 1], "keepNext").count == 1)
        let drawingPPr = try #require(descendants(paragraphs[first - 1], "pPr").first)
        #expect(descendants(drawingPPr, "jc").first?.attribute("w:val") == "center")
        #expect(descendants(drawingPPr, "spacing").first?.attribute("w:lineRule") == "auto")

        // r:ids point at the chart parts, in order; docPr ids are distinct.
        let rels = try package.relationships(of: main)
        let ids = descendants(document.root, "chart").compactMap { $0.attribute("r:id") }
        #expect(ids.count == 2)
        #expect(ids.map { id in rels.first { $0.id == id }?.target } == ["charts/chart1.xml", "charts/chart2.xml"])
        let docPr = descendants(document.root, "docPr").compactMap { $0.attribute("id") }
        #expect(docPr.count == 2 && Set(docPr).count == 2)
        let extent = try #require(descendants(document.root, "extent").first)
        #expect(extent.attribute("cx") == "5400000" && extent.attribute("cy") == "2340000")
    }

    @Test func chartTagReadsADataPath() throws {
        let template = try ChartBlockSupport.template(tag: "{{> chart:charts.income}}")
        let data: JSONValue = .object(JSONObject([("charts", .object(JSONObject([("income", try ChartBlockSupport.exampleChart(1))])))]))
        let package = try DocxPackage(bytes: template.render(data), name: "out.docx")
        #expect(try package.relatedParts(of: "word/document.xml", type: ChartPackaging.chartRelationshipType) == ["word/charts/chart1.xml"])
        #expect(descendants(try package.xml("word/document.xml").root, "p").map(paragraphText).contains("图1：收入决算结构图"))

        let missing = try #require(throws: RenderErrors.self) { try template.render(.object(JSONObject([]))) }
        #expect(missing.errors.first?.message.contains("数据中没有 charts.income") == true)
        #expect(throws: TemplateErrors.self) { try ChartBlockSupport.template(tag: "{{> chart}}") }
    }

    @Test func sameDataSameBytes() throws {
        let template = try ChartBlockSupport.template()
        #expect(try template.render(Self.data()) == template.render(Self.data()))
    }

    @Test func badChartFailsTheRenderWithPathAndMessage() throws {
        let bad: JSONValue = .object(JSONObject([("body", .array([
            .object(JSONObject([("heading", .string("甲")),
                                ("chart", .object(JSONObject([("kind", .string("饼状图")), ("title", .string("结构")),
                                                              ("categories", .array([.string("甲")])),
                                                              ("series", .array([.object(JSONObject([
                                                                  ("name", .string("一")), ("values", .array([.string("-1")]))]))]))])))])),
        ]))]))
        let errors = try #require(throws: RenderErrors.self) { try ChartBlockSupport.template().render(bad) }
        #expect(errors.errors.count == 1)
        #expect(errors.errors.first?.path == "body[0].chart.series[0].values[0]")
        #expect(errors.errors.first?.message.contains("饼状图的数值不能为负数") == true)
    }

    /// docx-check (zip, content types, relationships, XSD, python-docx, LibreOffice) must pass.
    /// `CHARTBLOCK_OUT=dir` keeps the document and the checker's PNG for a look.
    @Test(.enabled(if: TestTools.docxCheck != nil && TestTools.find("soffice") != nil,
                   "docx-check (../shared or REPORTGEN_SHARED) or LibreOffice, which it runs, not found"),
          .timeLimit(.minutes(5)))
    func docxCheckPasses() throws {
        let checker = try #require(TestTools.docxCheck)
        let keep = ProcessInfo.processInfo.environment["CHARTBLOCK_OUT"]
        let dir = keep.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("chartblock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: dir) } }
        let docx = dir.appendingPathComponent("charts.docx")
        try Data(Self.rendered()).write(to: docx)
        let result = try TestTools.run(checker.path, [docx.path, dir.appendingPathComponent("check").path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("RESULT OK"), "\(result.output)")
    }

    /// LibreOffice draws from the chart caches: the PDF carries the numbers and the pie's
    /// percentages (644.52 / 645.53 = 99.84%, 1.01 / 645.53 = 0.16%).
    @Test(.enabled(if: TestTools.find("soffice") != nil && TestTools.find("pdftotext") != nil, "soffice or pdftotext missing"),
          .timeLimit(.minutes(5)))
    func libreOfficePrintsTheChartNumbers() throws {
        let soffice = try #require(TestTools.find("soffice")), pdftotext = try #require(TestTools.find("pdftotext"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chartblock-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let docx = dir.appendingPathComponent("charts.docx")
        try Data(Self.rendered()).write(to: docx)
        let profile = dir.appendingPathComponent("lo-profile")
        _ = try TestTools.run(soffice, ["-env:UserInstallation=file://\(profile.path)", "--headless",
                                                "--convert-to", "pdf", "--outdir", dir.path, docx.path])
        let pdf = dir.appendingPathComponent("charts.pdf")
        try #require(FileManager.default.fileExists(atPath: pdf.path))
        let text = try TestTools.run(pdftotext, [pdf.path, "-"]).output.filter { !$0.isWhitespace }
        for expected in ["图1：收、支决算总计变动情况图", "图2：收入决算结构图", "645.55", "99.84%", "0.16%", "单位：万元"] {
            #expect(text.contains(expected), "PDF text lacks \(expected)")
        }
    }
}

/// Elements with local name `name` anywhere below `e`.
func descendants(_ e: XMLElement, _ name: String) -> [XMLElement] {
    var out: [XMLElement] = []
    for c in e.elements {
        if c.localName == name { out.append(c) }
        out += descendants(c, name)
    }
    return out
}

func paragraphText(_ p: XMLElement) -> String {
    descendants(p, "t").map { $0.children.compactMap { if case .text(let t) = $0 { t } else { nil } }.joined() }.joined()
}
