import Foundation
import OOXML
import Testing

/// Staff review 11: the default templates as Word saves them with custom XML markup, tracked
/// changes in a repeated row, a chart and an equation holding tags, each run through
/// `template check`, `render` and `package`.
@Suite struct StaffReview11Tests {
    typealias Review10 = StaffReview10Tests
    typealias Restyle = TemplateRestyleTests
    static let sheet = "self-evaluation-sheet.docx"
    static let report = "project-report.docx"
    static let author = " w:author=\"张三\" w:date=\"2026-11-20T09:00:00Z\""

    static func paragraph(_ tag: String) -> String {
        "<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr><w:r><w:t>\(tag)</w:t></w:r></w:p>"
    }

    /// The 自评表 rendered from the mof-2020 sample: the main part's XML.
    static func rendered(_ dir: URL, _ file: String = sheet) throws -> (docx: URL, xml: String) {
        let output = dir.deletingLastPathComponent().appendingPathComponent("生成-\(file)")
        let sample = EndToEnd.packageRoot.appendingPathComponent("templates/samples/project-report-mof.json")
        let rendered = try EndToEnd.reportgen(["render", "--template", dir.appendingPathComponent(file).path, "--data", sample.path, "-o", output.path])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let document = try DocxPackage(path: output.path)
        return (output, String(decoding: try document.bytes(of: document.mainDocumentPartName), as: UTF8.self))
    }

    /// `{{#scheme.mof}}` alone in a paragraph wrapped in custom XML (`w:customXml`, what an XML
    /// schema attached in Word or a document management add-in leaves around paragraphs), the
    /// close tag not: E-TPL-006 said the two were “不在同一层级（例如一个在表格单元格内……）”,
    /// which named nothing on the page. The markup is read through (Word drops it on opening):
    /// the check passes and the report is the default template's, without the markup.
    @Test func customXMLAroundASectionParagraphIsReadThrough() throws {
        let open = Self.paragraph("{{#scheme.mof}}")
        let dir = try Review10.template(Self.sheet, edits: ["word/document.xml": Review10.replace(
            open, with: "<w:customXml w:uri=\"urn:example:budget\" w:element=\"section\"><w:customXmlPr><w:attr w:name=\"kind\" w:val=\"mof\"/></w:customXmlPr>"
                + open + "</w:customXml>")])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 0 && checked.lines.isEmpty, "\(checked.lines)")
        let plain = try Self.rendered(try Review10.template(Self.sheet, edits: [:])).xml
        let wrapped = try Self.rendered(dir).xml
        #expect(wrapped == plain, "the markup is the only difference between the two templates")
        #expect(!wrapped.contains("customXml") && wrapped.contains("资助重点救助对象参保人数"))
    }

    /// Custom XML around the indicator row and around a value paragraph: the row still repeats
    /// once an indicator, the value is filled.
    @Test func customXMLAroundARowOrAValueIsReadThrough() throws {
        let dir = try Review10.template(Self.sheet, edits: ["word/document.xml": { text in
            guard let row = Restyle.row(holding: "{{#indicators}}", in: text) else { Issue.record("no indicator row"); return }
            text.replaceSubrange(row, with: "<w:customXml w:element=\"indicator\">" + text[row] + "</w:customXml>")
            Review10.replace("<w:r><w:t>{{project.name}}</w:t></w:r>",
                             with: "<w:customXml w:element=\"name\"><w:r><w:t>{{project.name}}</w:t></w:r></w:customXml>")(&text)
        }])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 0 && checked.lines.isEmpty, "\(checked.lines)")
        let plain = try Self.rendered(try Review10.template(Self.sheet, edits: [:])).xml
        #expect(try Self.rendered(dir).xml == plain)
    }

    /// Tracked changes (修订) in the indicator row: every copy carried the template's `w:id`, so
    /// a report of six indicators held six insertions numbered 7 (Word wants one revision an id).
    /// Each copy now has ids of its own, none of them used elsewhere in the template; W-TPL-014
    /// still asks to accept the changes.
    @Test func trackedChangesInALoopRowGetIdsOfTheirOwn() throws {
        let revised = "<w:ins w:id=\"7\"\(Self.author)><w:r><w:t>指标：</w:t></w:r></w:ins><w:r><w:t>{{name}}</w:t></w:r>"
            + "<w:del w:id=\"8\"\(Self.author)><w:r><w:delText>旧</w:delText></w:r></w:del>"
        let dir = try Review10.template(Self.sheet, edits: ["word/document.xml": { text in
            Review10.replace("<w:r><w:t>{{name}}</w:t></w:r>", with: revised)(&text)
            // A revision outside every section keeps its id.
            Review10.replace("填报人：", with: "</w:t></w:r><w:ins w:id=\"30\"\(Self.author)><w:r><w:t>填报人：</w:t></w:r></w:ins><w:r><w:t>")(&text)
        }])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 0 && checked.lines.count == 1 && checked.lines[0].contains("W-TPL-014"), "\(checked.lines)")
        let (docx, xml) = try Self.rendered(dir)
        let ids = Self.matches(of: "<w:(?:ins|del) w:id=\"([0-9]+)\"", in: xml)
        let indicators = xml.components(separatedBy: "指标：").count - 1
        #expect(indicators >= 2, "the sample has several indicators")
        // Two revisions an indicator and the one outside: all different, and the row's copies
        // use neither the row's template ids nor the one kept outside.
        #expect(ids.count == 2 * indicators + 1 && Set(ids).count == ids.count, "\(ids)")
        #expect(ids.filter { $0 == "30" }.count == 1 && !ids.contains("7") && !ids.contains("8"), "\(ids)")
        #expect(try Self.rendered(dir).xml == xml, "the same input, the same bytes")
        if let result = try EndToEnd.docxCheck(docx, renders: false) { #expect(result.status == 0, "\(result.stdout)") }
    }

    static func matches(of pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    static let chart = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        + "<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">"
        + "<c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>{{year}}年度资金执行情况</a:t></a:r></a:p></c:rich></c:tx><c:overlay val=\"0\"/></c:title>"
        + "<c:plotArea><c:layout/><c:barChart><c:barDir val=\"col\"/><c:grouping val=\"clustered\"/><c:ser><c:idx val=\"0\"/><c:order val=\"0\"/>"
        + "<c:tx><c:v>执行数</c:v></c:tx><c:cat><c:strLit><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>财政资金</c:v></c:pt></c:strLit></c:cat>"
        + "<c:val><c:numLit><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>5</c:v></c:pt></c:numLit></c:val></c:ser><c:axId val=\"1\"/><c:axId val=\"2\"/></c:barChart>"
        + "</c:plotArea></c:chart></c:chartSpace>"

    static let chartFrame = "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:drawing><wp:inline xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\">"
        + "<wp:extent cx=\"5400000\" cy=\"2340000\"/><wp:docPr id=\"901\" name=\"图表 1\"/><a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">"
        + "<a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\"><c:chart xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" "
        + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" r:id=\"rId90\"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"

    /// 插入 → 图表 in the project report, the chart's title typed as `{{year}}年度资金执行情况`: the
    /// chart's text is a part of its own that nothing fills, so every report printed the tag
    /// over its chart and the check passed. E-TPL-050 names the chart and its text; `package`
    /// writes nothing. The same chart with a title of fixed text is fine.
    @Test func aTagInAChartIsAnError() throws {
        func report(title: String) throws -> URL {
            try Review10.template(Self.report, edits: ["word/document.xml": { text in
                // The chart below the signature line, the part's first chart.
                Review10.replace("<w:t>{{filledOnText}}</w:t></w:r></w:p>", with: "<w:t>{{filledOnText}}</w:t></w:r></w:p>" + Self.chartFrame)(&text)
            }], added: [("word/charts/chart1.xml", "application/vnd.openxmlformats-officedocument.drawingml.chart+xml", "chart",
                         Self.chart.replacingOccurrences(of: "{{year}}年度资金执行情况", with: title))])
        }
        let dir = try report(title: "{{year}}年度资金执行情况")
        let checked = try Restyle.check(dir, Self.report)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 1, "\(checked.lines)")
        let line = checked.lines.first ?? ""
        #expect(line.contains("E-TPL-050 正文 第 1 个图表：图表中的文字 “{{year}}年度资金执行情况” 含有标签") && line.contains("不填写图表里的文字")
                && line.contains("（标签 {{year}}）"), "\(line)")
        let out = dir.deletingLastPathComponent().appendingPathComponent("out")
        let package = try EndToEnd.reportgen(["package", PackageTests.examplePackage("zhongdian-jiuzhu-2021").path, "--templates", dir.path, "-o", out.path])
        #expect(package.status == 1 && package.stderr.contains("E-TPL-050"), "\(package.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))

        let fixed = try Restyle.check(try report(title: "资金执行情况"), Self.report)
        #expect(fixed.status == 0 && fixed.lines.isEmpty, "\(fixed.lines)")
    }

    /// A SmartArt graphic (插入 → SmartArt) under the signature line with a node typed as
    /// `{{unit.name}}`: its text is in the graphic's data part, which nothing fills. E-TPL-050.
    @Test func aTagInASmartArtGraphicIsAnError() throws {
        let data = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<dgm:dataModel xmlns:dgm=\"http://schemas.openxmlformats.org/drawingml/2006/diagram\" "
            + "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><dgm:ptLst><dgm:pt modelId=\"{1}\" type=\"doc\"><dgm:prSet/><dgm:spPr/></dgm:pt>"
            + "<dgm:pt modelId=\"{2}\"><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/><a:p><a:r><a:t>{{unit.name}}</a:t></a:r></a:p></dgm:t></dgm:pt></dgm:ptLst>"
            + "<dgm:cxnLst/><dgm:bg/><dgm:whole/></dgm:dataModel>"
        let frame = Self.chartFrame.replacingOccurrences(of: "drawingml/2006/chart\"><c:chart xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" ", with:
            "drawingml/2006/diagram\"><dgm:relIds xmlns:dgm=\"http://schemas.openxmlformats.org/drawingml/2006/diagram\" ")
            .replacingOccurrences(of: "r:id=\"rId90\"/>", with: "r:dm=\"rId90\" r:lo=\"rId91\" r:qs=\"rId92\" r:cs=\"rId93\"/>")
        #expect(frame.contains("<dgm:relIds") && frame.contains("r:dm=\"rId90\""))
        let dir = try Review10.template(Self.report, edits: ["word/document.xml": Review10.replace(
            "<w:t>{{filledOnText}}</w:t></w:r></w:p>", with: "<w:t>{{filledOnText}}</w:t></w:r></w:p>" + frame)],
            added: [("word/diagrams/data1.xml", "application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml", "diagramData", data)])
        let checked = try Restyle.check(dir, Self.report)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 1 && checked.lines[0].contains("E-TPL-050 正文 第 1 个 SmartArt 图形：SmartArt 图形中的文字 “{{unit.name}}” 含有标签")
                && checked.lines[0].contains("不填写 SmartArt 图形里的文字"), "\(checked.lines)")
    }

    /// 插入 → 公式 beside 填报日期, the equation typed with tags: Office Math text is no Word text,
    /// so the tags were printed as typed. E-TPL-050 names the equation; every other problem of
    /// the template is listed with it.
    @Test func aTagInAnEquationIsAnError() throws {
        let equation = "<m:oMath xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\"><m:r><m:t>执行率={{funds.total.executed}}÷{{funds.total.annualBudget}}</m:t></m:r></m:oMath>"
        let dir = try Review10.template(Self.sheet, edits: ["word/document.xml": { text in
            Review10.replace("填报日期：{{filledOnText}}</w:t></w:r>", with: "填报日期：{{filledOnText}}</w:t></w:r>" + equation)(&text)
            Review10.replace("{{contact.name}}", with: "{{填表人}}")(&text)
        }])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 2, "\(checked.lines)")
        #expect(checked.lines.contains { $0.contains("E-TPL-050 正文 第 1 个公式：公式中的文字 “执行率={{funds.total.executed}}÷{{funds.total.annualBudget}}” 含有标签")
            && $0.contains("写在公式之外的普通文字里") }, "\(checked.lines)")
        #expect(checked.lines.contains { $0.contains("E-TPL-020") && $0.contains("填表人") }, "\(checked.lines)")
        // An equation of fixed text is no problem.
        let plain = try Review10.template(Self.sheet, edits: ["word/document.xml": Review10.replace(
            "填报日期：{{filledOnText}}</w:t></w:r>", with: "填报日期：{{filledOnText}}</w:t></w:r>"
                + equation.replacingOccurrences(of: "{{funds.total.executed}}÷{{funds.total.annualBudget}}", with: "执行数÷全年预算数"))])
        let fine = try Restyle.check(plain)
        #expect(fine.status == 0 && fine.lines.isEmpty, "\(fine.lines)")
    }
}
