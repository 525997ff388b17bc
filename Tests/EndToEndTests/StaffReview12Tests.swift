import Foundation
import OOXML
import Testing

/// Staff review 12: the default templates restyled with comments and tracked changes in the
/// indicator row, renamed table and heading styles, and a chart holding tags in more than one
/// text, each run through `template check`, `render` and `package`.
@Suite struct StaffReview12Tests {
    typealias Review10 = StaffReview10Tests
    typealias Review11 = StaffReview11Tests
    typealias Restyle = TemplateRestyleTests
    static let sheet = "self-evaluation-sheet.docx"
    static let report = "project-report.docx"
    static let author = " w:author=\"张三\" w:date=\"2026-11-20T09:00:00Z\""

    /// A comments part (with the w14 namespace Word 2010 writes) holding `comments`.
    static func commentsPart(_ comments: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<w:comments xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
            + "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "
            + "xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" mc:Ignorable=\"w14\">"
            + comments + "</w:comments>"
    }

    static let comments = commentsPart(""
        + "<w:comment w:id=\"3\" w:author=\"李四\" w:date=\"2026-11-20T10:00:00Z\" w:initials=\"李\">"
        + "<w:p w14:paraId=\"1A2B3C4D\" w14:textId=\"77777777\"><w:r><w:annotationRef/></w:r><w:r><w:t>指标名称请与申报表一致</w:t></w:r></w:p></w:comment>"
        + "<w:comment w:id=\"4\" w:author=\"李四\" w:date=\"2026-11-20T10:05:00Z\" w:initials=\"李\">"
        + "<w:p w14:paraId=\"2B3C4D5E\" w14:textId=\"77777777\"><w:r><w:annotationRef/></w:r><w:r><w:t>填报人写全名</w:t></w:r></w:p></w:comment>"
    )

    /// The text of `part` in a rendered document.
    static func part(_ docx: URL, _ name: String) throws -> String {
        let document = try DocxPackage(path: docx.path)
        return String(decoding: try document.bytes(of: name), as: UTF8.self)
    }

    /// 审阅 → 新建批注 on `{{name}}` in the indicator row (a reviewer's note left while the
    /// template was restyled): every copy of the row carried the anchors of comment 3, so a
    /// report of six indicators anchored one comment six times, which Word does not allow.
    /// Each copy now anchors a comment of its own (the first the template's, the others new
    /// ids with the same author, date and text in comments.xml); a comment outside the loop
    /// keeps its id. W-TPL-017 still asks to delete the comments.
    @Test func commentsInALoopRowGetCommentsOfTheirOwn() throws {
        let dir = try Review10.template(Self.sheet, edits: ["word/document.xml": { text in
            Review10.replace("<w:r><w:t>{{name}}</w:t></w:r>", with: "<w:commentRangeStart w:id=\"3\"/><w:r><w:t>{{name}}</w:t></w:r>"
                + "<w:commentRangeEnd w:id=\"3\"/><w:r><w:commentReference w:id=\"3\"/></w:r>")(&text)
            Review10.replace("填报人：", with: "</w:t></w:r><w:commentRangeStart w:id=\"4\"/><w:r><w:t>填报人：</w:t></w:r>"
                + "<w:commentRangeEnd w:id=\"4\"/><w:r><w:commentReference w:id=\"4\"/></w:r><w:r><w:t>")(&text)
        }], added: [("word/comments.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml", "comments", Self.comments)])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 0 && checked.lines.count == 1 && checked.lines[0].contains("W-TPL-017"), "\(checked.lines)")

        let (docx, xml) = try Review11.rendered(dir)
        let indicators = xml.components(separatedBy: "{{name}}").count - 1
        #expect(indicators == 0)
        let starts = Review11.matches(of: "<w:commentRangeStart w:id=\"([0-9]+)\"", in: xml)
        let ends = Review11.matches(of: "<w:commentRangeEnd w:id=\"([0-9]+)\"", in: xml)
        let marks = Review11.matches(of: "<w:commentReference w:id=\"([0-9]+)\"", in: xml)
        let comments = try Self.part(docx, "word/comments.xml")
        let copies = comments.components(separatedBy: "指标名称请与申报表一致").count - 1
        #expect(copies >= 2, "the sample has several indicators, each a copy of the comment")
        // One range and one mark for each comment, the row's copies and the one outside.
        #expect(starts.count == copies + 1 && Set(starts).count == starts.count, "\(starts)")
        #expect(ends.sorted() == starts.sorted() && marks.sorted() == starts.sorted(), "\(starts) \(ends) \(marks)")
        #expect(starts.contains("3") && starts.filter { $0 == "4" }.count == 1, "\(starts)")
        // comments.xml holds exactly the comments the document anchors, each once.
        let commentIDs = Review11.matches(of: "<w:comment w:id=\"([0-9]+)\"", in: comments)
        #expect(commentIDs.sorted() == starts.sorted(), "\(commentIDs) \(starts)")
        #expect(comments.components(separatedBy: "1A2B3C4D").count - 1 == 1, "a paragraph id names one paragraph")
        #expect(try Self.part(try Review11.rendered(dir).docx, "word/comments.xml") == comments, "the same input, the same bytes")
        if let result = try EndToEnd.docxCheck(docx, renders: false) { #expect(result.status == 0, "\(result.stdout)") }
    }

    /// A small shape (插入 → 形状 → 椭圆) as Word saves it: the drawing, and its VML copy for
    /// older readers.
    static let shape = "<w:r><mc:AlternateContent xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "
        + "xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\"><mc:Choice Requires=\"wps\"><w:drawing>"
        + "<wp:inline xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\"><wp:extent cx=\"90000\" cy=\"90000\"/>"
        + "<wp:docPr id=\"50\" name=\"椭圆 50\"/><a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">"
        + "<a:graphicData uri=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\"><wps:wsp><wps:cNvSpPr/><wps:spPr>"
        + "<a:prstGeom prst=\"ellipse\"><a:avLst/></a:prstGeom></wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>"
        + "<mc:Fallback><w:pict><v:oval xmlns:v=\"urn:schemas-microsoft-com:vml\" style=\"width:7pt;height:7pt\"/></w:pict></mc:Fallback></mc:AlternateContent></w:r>"

    /// `{{name}}` retyped in the indicator row with 修订 on (the tag alone in its paragraph,
    /// inside a `w:ins`), or a small shape (插入 → 形状) put before it: the paragraph was cut as
    /// a one-value paragraph, whose bytes cannot hold the copy's new id, and every copy came out
    /// as `<w:ins w:id="8<w:p>…<w:ins w:id=""` (`<wp:docPr id="51<w:p>…`), a document Word and
    /// LibreOffice refuse, while the check passed. Now each copy is whole, with ids of its own.
    @Test(arguments: ["revision", "shape"])
    func aTagBesideSomethingNumberedInALoopRowIsWellFormed(_ kind: String) throws {
        let run = "<w:r><w:t>{{name}}</w:t></w:r>"
        let edited = kind == "revision" ? "<w:ins w:id=\"7\"\(Self.author)>\(run)</w:ins>" : Self.shape + run
        let dir = try Review10.template(Self.sheet, edits: ["word/document.xml": Review10.replace(run, with: edited)])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 0, "\(checked.lines)")
        #expect(kind == "revision" ? checked.lines.count == 1 && checked.lines[0].contains("W-TPL-014") : checked.lines.isEmpty, "\(checked.lines)")
        let (docx, xml) = try Review11.rendered(dir)
        #expect(!xml.contains("id=\"\""), "no copy lost its id")
        let document = try DocxPackage(path: docx.path)
        #expect(throws: Never.self) { _ = try document.xml(document.mainDocumentPartName) }
        let ids = Review11.matches(of: kind == "revision" ? "<w:ins w:id=\"([0-9]+)\"" : "<wp:docPr id=\"([0-9]+)\" name=\"椭圆", in: xml)
        #expect(ids.count >= 2 && Set(ids).count == ids.count, "\(ids)")
        #expect(xml.contains("资助重点救助对象参保人数"), "the indicator names are filled")
        if let result = try EndToEnd.docxCheck(docx, renders: false) { #expect(result.status == 0, "\(result.stdout)") }
    }

    /// The project report with 表头 renamed 表格表头 in Word (“修改样式 → 名称”; Word saved it
    /// under the id `a5` and changed the template's own tables to it) and `heading 1` replaced
    /// by a style 一级标题: the tables the body draws came out with bold plain headers and the
    /// 一、 headings as body text, and nothing said why. W-TPL-026 names each style, the block
    /// tag that needs it and the renamed style; the check and the package still pass.
    @Test func aRenamedTableHeaderOrHeadingStyleIsNamed() throws {
        let dir = try Review10.template(Self.report, edits: [
            "word/styles.xml": { text in
                Review10.replace("w:styleId=\"TableHeader\">", with: "w:styleId=\"a5\">")(&text)
                Review10.replace("<w:name w:val=\"表头\"/>", with: "<w:name w:val=\"表格表头\"/>")(&text)
                text = text.replacingOccurrences(of: "<w:basedOn w:val=\"TableHeader\"/>", with: "<w:basedOn w:val=\"a5\"/>")
                Review10.replace("w:styleId=\"Heading1\">", with: "w:styleId=\"1\">")(&text)
                Review10.replace("<w:name w:val=\"heading 1\"/>", with: "<w:name w:val=\"一级标题\"/>")(&text)
                text = text.replacingOccurrences(of: "w:val=\"Heading1\"", with: "w:val=\"1\"")
            },
            "word/document.xml": { text in
                text = text.replacingOccurrences(of: "<w:pStyle w:val=\"TableHeader\"/>", with: "<w:pStyle w:val=\"a5\"/>")
            },
        ])
        let checked = try Restyle.check(dir, Self.report)
        #expect(checked.status == 0, "\(checked.lines)")
        #expect(checked.lines.count == 2, "\(checked.lines)")
        let header = checked.lines.first { $0.contains("“表头”") } ?? ""
        #expect(header.contains("W-TPL-026 正文 第 ") && header.contains("模板中没有段落样式 “表头”（样式 ID TableHeader）")
                && header.contains("块标签 {{> body | keepLast:\"2\"}} 生成的表格的表头要用这个样式") && header.contains("表格的表头") && header.contains("“表格表头”"), "\(header)")
        let heading = checked.lines.first { $0.contains("“标题 1”") } ?? ""
        #expect(heading.contains("W-TPL-026") && heading.contains("“标题 1”（Word 内置样式 heading 1）") && heading.contains("正文第 1 级标题"), "\(heading)")

        let out = dir.deletingLastPathComponent().appendingPathComponent("out")
        let package = try EndToEnd.reportgen(["package", PackageTests.examplePackage("zhongdian-jiuzhu-2021").path, "--templates", dir.path, "-o", out.path])
        #expect(package.status == 0 && package.stderr.contains("W-TPL-026"), "\(package.stderr)")

        // The shipped template has every style its blocks write in.
        let plain = try Restyle.check(try Review10.template(Self.report, edits: [:]), Self.report)
        #expect(plain.status == 0 && plain.lines.isEmpty, "\(plain.lines)")
    }

    /// A chart whose title (typed in two runs, as Word splits “{{year}}” from the Chinese) and
    /// series name both hold tags: E-TPL-050 named only the first text, so the staff member
    /// fixed the title, checked again and only then heard of the series. Both are named, the
    /// title whole.
    @Test func everyTaggedTextOfAChartIsNamed() throws {
        let chart = Review11.chart
            .replacingOccurrences(of: "<a:r><a:t>{{year}}年度资金执行情况</a:t></a:r>",
                                  with: "<a:r><a:rPr lang=\"en-US\"/><a:t>{{year}}</a:t></a:r><a:r><a:rPr lang=\"zh-CN\"/><a:t>年度资金执行情况</a:t></a:r>")
            .replacingOccurrences(of: "<c:v>执行数</c:v>", with: "<c:v>{{unit.name}}执行数</c:v>")
        #expect(chart.contains("<a:t>{{year}}</a:t>") && chart.contains("{{unit.name}}执行数"))
        let dir = try Review10.template(Self.report, edits: ["word/document.xml": Review10.replace(
            "<w:t>{{filledOnText}}</w:t></w:r></w:p>", with: "<w:t>{{filledOnText}}</w:t></w:r></w:p>" + Review11.chartFrame)],
            added: [("word/charts/chart1.xml", "application/vnd.openxmlformats-officedocument.drawingml.chart+xml", "chart", chart)])
        let checked = try Restyle.check(dir, Self.report)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 2, "\(checked.lines)")
        #expect(checked.lines.contains { $0.contains("E-TPL-050 正文 第 1 个图表：图表中的文字 “{{year}}年度资金执行情况” 含有标签") && $0.contains("（标签 {{year}}）") },
                "\(checked.lines)")
        #expect(checked.lines.contains { $0.contains("E-TPL-050 正文 第 1 个图表：图表中的文字 “{{unit.name}}执行数” 含有标签") }, "\(checked.lines)")
    }

    /// The indicator table cut and pasted into a cell of a one-cell layout table (a frame around
    /// the form), `{{deviation}}` misspelt: the message named “第 3 个表格 第 2 行 第 10 列”,
    /// a number nobody counts (the nested table is the third only in the XML). It names the
    /// layout table's cell it stands in, then the table, row and column.
    @Test func aTableInATableIsNamedByTheCellItStandsIn() throws {
        let dir = try Review10.template(Self.sheet, edits: ["word/document.xml": { text in
            guard let marker = text.range(of: "{{#indicators}}"),
                  let start = text.range(of: "<w:tbl>", options: .backwards, range: text.startIndex..<marker.lowerBound),
                  let end = text.range(of: "</w:tbl>", range: marker.upperBound..<text.endIndex) else { Issue.record("no indicator table"); return }
            let table = String(text[start.lowerBound..<end.upperBound])
            text.replaceSubrange(start.lowerBound..<end.upperBound, with: "<w:tbl><w:tblPr><w:tblW w:w=\"9000\" w:type=\"dxa\"/></w:tblPr>"
                + "<w:tblGrid><w:gridCol w:w=\"9000\"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:tcW w:w=\"9000\" w:type=\"dxa\"/></w:tcPr>"
                + "<w:p><w:r><w:t>外框</w:t></w:r></w:p>" + table + "<w:p/></w:tc></w:tr></w:tbl>")
            Review10.replace("{{deviation}}", with: "{{deviaton}}")(&text)
        }])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 1 && checked.lines[0].contains("E-TPL-020 正文 第 2 个表格 第 1 行 第 1 列中的第 3 个表格 第 2 行 第 10 列：")
                && checked.lines[0].contains("deviation"), "\(checked.lines)")
    }
}
