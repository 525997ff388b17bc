import Foundation
import OOXML
import Testing

/// Staff review 6: a finance-office member restyles a default template in Word/WPS (the edits
/// made to the parts as Word saves them) and runs the `template` commands on it.
@Suite struct StaffReview6Tests {
    typealias Restyle = TemplateRestyleTests
    static let report = "project-report.docx"

    /// Shift+Enter typed inside a tag (`{{ proj` ↵ `ect.name }}`), a page break and a tab in
    /// others, one of them in the footer: each is E-TPL-040 at its tag, all in one run. They used
    /// to pass: the tag read as if joined and the break moved behind the value in every report.
    @Test func aBreakInsideATagIsAnErrorAtItsTag() throws {
        let dir = try Restyle.edited(in: Self.report, parts: ["word/document.xml", "word/footer1.xml"]) { text in
            for (old, new) in [
                ("<w:r><w:t>（{{project.name}}）</w:t></w:r>", "<w:r><w:t>（{{ proj</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>ect.name }}）</w:t></w:r>"),
                // Word's own marks between the characters are no break.
                ("<w:r><w:t>{{project.title}}</w:t></w:r>", "<w:r><w:t>{{project.</w:t><w:lastRenderedPageBreak/><w:br w:type=\"page\"/><w:t>title}}</w:t></w:r>"),
                ("<w:r><w:t xml:space=\"preserve\">— </w:t></w:r>", "<w:r><w:t xml:space=\"preserve\">{{unit.</w:t><w:tab/><w:t>name}} — </w:t></w:r>"),
            ] {
                if let range = text.range(of: old) { text.replaceSubrange(range, with: new) }
            }
        }
        let checked = try Restyle.check(dir, Self.report)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 3, "\(checked.lines)")
        let expected = [("正文 第 2 段", "{{project.↵title}}", "分页符"),
                        ("正文 第 3 段", "{{ proj↵ect.name }}", "手动换行符（Shift+Enter）"),
                        ("奇数页页脚 第 1 段", "{{unit.→name}}", "制表符")]
        for (line, (place, tag, kind)) in zip(checked.lines, expected) {
            #expect(line.contains("E-TPL-040 \(place)：") && line.contains(tag) && line.contains(kind), "\(line)")
        }
        // Nothing is previewed from it.
        let preview = dir.appendingPathComponent("预览.docx")
        let previewed = try EndToEnd.reportgen(["template", "preview", dir.appendingPathComponent(Self.report).path, "-o", preview.path])
        #expect(previewed.status == 1 && previewed.stderr.components(separatedBy: "E-TPL-040").count == 4, "\(previewed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: preview.path))
    }

    /// A break beside a tag, not inside it, is the template's own text: no error.
    @Test func aBreakBesideATagIsFine() throws {
        let dir = try Restyle.edited([("<w:r><w:t>{{project.title}}</w:t></w:r>", "<w:r><w:t>{{project.title}}</w:t><w:br/><w:t>（草稿）</w:t></w:r>")], in: Self.report)
        let checked = try Restyle.check(dir, Self.report)
        #expect(checked.status == 0 && checked.lines.isEmpty, "\(checked.lines)")
    }

    /// A 自评表 (name and 得分 per indicator, then 合计) pasted into `{{#attachments}}` of the
    /// 决算公开 document, under `{{#appendix.sheet}}` as in the project report; `total` false
    /// leaves the 合计 row out.
    static func documentWithSheet(total: Bool) throws -> URL {
        func cell(_ text: String) -> String {
            "<w:tc><w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/></w:tcPr><w:p><w:r><w:t>\(text)</w:t></w:r></w:p></w:tc>"
        }
        let rows = "<w:tr>" + cell("三级指标") + cell("得分") + "</w:tr>"
            + "<w:tr>" + cell("{{#sheet.rows}}{{name}}") + cell("{{score}}{{/sheet.rows}}") + "</w:tr>"
            + (total ? "<w:tr>" + cell("合计（{{sheet.grade}}）") + cell("{{sheet.total}}") + "</w:tr>" : "")
        let table = "<w:p><w:r><w:t>{{#appendix.sheet}}</w:t></w:r></w:p><w:tbl><w:tblPr><w:tblW w:w=\"4000\" w:type=\"dxa\"/></w:tblPr>"
            + "<w:tblGrid><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"2000\"/></w:tblGrid>\(rows)</w:tbl><w:p><w:r><w:t>{{/appendix.sheet}}</w:t></w:r></w:p>"
        return try Restyle.edited(in: "document.docx") { text in
            if let at = text.range(of: "<w:p><w:r><w:t>{{/attachments}}") { text.insert(contentsOf: table, at: at.lowerBound) }
        }
    }

    /// The 合计 rule (E-TPL-038) holds for a table repeated inside each attachment as for the
    /// project report's own: it used to pass, and every attached 自评表 lacked 总分 and 等次.
    @Test func anAttachedSheetWithoutItsTotalRowIsAnError() throws {
        let dir = try Self.documentWithSheet(total: false)
        let checked = try Restyle.check(dir, "document.docx")
        #expect(checked.status == 1)
        #expect(checked.lines.count == 1, "\(checked.lines)")
        let line = checked.lines.first ?? ""
        // The default document has two tables (the 特定目标 form's) before it.
        #expect(line.contains("E-TPL-038 正文 第 3 个表格 第 2 行 第 1 列") && line.contains("按 sheet.rows 的每一项")
                && line.contains("{{sheet.total}}") && line.contains("{{sheet.grade}}") && !line.contains("attachments[]"), "\(line)")
    }

    /// With its 合计 row the template passes, and the package prints it for each project
    /// attachment; the department's report (附件1) has no 自评表 and skips it (it used to stop
    /// the package: E-RND-001 attachments[0].appendix.sheet).
    @Test func anAttachedSheetWithItsTotalRowIsPrinted() throws {
        _ = try Self.attachedSheetDocument()
    }

    /// The same document through the shared checker: shown as skipped without ../shared (it used
    /// to be left out silently, the test passing all the same).
    @Test(.enabled(if: EndToEnd.shared != nil && TemplatePreviewTests.which("soffice") != nil,
                   "需要 ../shared/tools/docx-check 与它运行的 LibreOffice"))
    func anAttachedSheetDocumentPassesDocxCheck() throws {
        let document = try Self.attachedSheetDocument()
        let checked = try #require(try EndToEnd.docxCheck(document))
        #expect(checked.status == 0, "\(checked.stdout)")
    }

    /// 部门决算情况说明.docx of panzhihua-2021 written with `documentWithSheet(total: true)`.
    static func attachedSheetDocument() throws -> URL {
        let dir = try Self.documentWithSheet(total: true)
        let checked = try Restyle.check(dir, "document.docx")
        #expect(checked.status == 0 && checked.lines.isEmpty, "\(checked.lines)")
        let out = dir.deletingLastPathComponent().appendingPathComponent("out")
        let package = PackageTests.examplePackage("panzhihua-2021").path
        let packaged = try EndToEnd.reportgen(["package", package, "--templates", dir.path, "-o", out.path, "-q"])
        #expect(packaged.status == 0, "\(packaged.stderr)")
        // One 合计 row per project report that appends its 自评表 in its own file.
        let reports = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix("项目支出绩效自评报告-") }
        #expect(!reports.isEmpty)
        let appended = try reports.filter { try PackageTests.paragraphs(out.appendingPathComponent($0)).contains { $0.contains("项目支出绩效自评表") } }.count
        let document = out.appendingPathComponent("部门决算情况说明.docx")
        #expect(try PackageTests.paragraphs(document).filter { $0.hasPrefix("合计（") }.count == appended)
        return document
    }

    /// Saved in Word as “Word 模板 (*.dotx)” and renamed back to project-report.docx: the reports
    /// written from it are documents. They used to keep the template's type for their main
    /// part, which Word refuses to open as a .docx (docx-check: python-docx fails).
    @Test func reportsFromAWordTemplateAreDocuments() throws {
        _ = try Self.reportsFromAWordTemplate()
    }

    /// The same reports through the shared checker (python-docx among its readers); shown as
    /// skipped without ../shared instead of being left out silently.
    @Test(.enabled(if: EndToEnd.shared != nil && TemplatePreviewTests.which("soffice") != nil,
                   "需要 ../shared/tools/docx-check 与它运行的 LibreOffice"))
    func reportsFromAWordTemplatePassDocxCheck() throws {
        for file in try Self.reportsFromAWordTemplate() {
            let checked = try #require(try EndToEnd.docxCheck(file))
            #expect(checked.status == 0, "\(checked.stdout)")
        }
    }

    /// The project reports of zhongdian-jiuzhu-2021 written from the default report saved as .dotx.
    static func reportsFromAWordTemplate() throws -> [URL] {
        let dir = try Restyle.edited(in: Self.report, parts: ["[Content_Types].xml"]) { text in
            text = text.replacingOccurrences(of: "wordprocessingml.document.main+xml", with: "wordprocessingml.template.main+xml")
        }
        let out = dir.deletingLastPathComponent().appendingPathComponent("out")
        let package = PackageTests.examplePackage("zhongdian-jiuzhu-2021").path
        let packaged = try EndToEnd.reportgen(["package", package, "--templates", dir.path, "-o", out.path, "-q"])
        #expect(packaged.status == 0, "\(packaged.stderr)")
        let reports = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix("项目支出绩效自评报告-") && $0.hasSuffix(".docx") }
        #expect(!reports.isEmpty)
        for report in reports {
            let file = out.appendingPathComponent(report)
            let written = try DocxPackage(path: file.path)
            #expect(written.contentType(of: written.mainDocumentPartName) == ContentType.mainDocument, "\(report)")
        }
        return reports.map { out.appendingPathComponent($0) }
    }

    /// Half a tag made bold (`{{project.` plain, `name}}）` bold): W-TPL-016 names the bold part;
    /// the report prints the whole value as the tag's start, not bold. It used to pass unsaid.
    @Test func aTagHalfBoldIsWarned() throws {
        let dir = try Restyle.edited([("<w:r><w:t>（{{project.name}}）</w:t></w:r>",
                                       "<w:r><w:t>（{{project.</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>name}}）</w:t></w:r>")], in: Self.report)
        let checked = try Restyle.check(dir, Self.report)
        #expect(checked.status == 0)
        #expect(checked.lines.count == 1, "\(checked.lines)")
        let line = checked.lines.first ?? ""
        #expect(line.contains("W-TPL-016 正文 第 3 段") && line.contains("“name}}”") && line.contains("加粗") && line.contains("{{project.name}}"), "\(line)")
    }

    /// Runs WPS and Word split for the east-Asian font hint, the language, spelling marks, or an
    /// explicit “not bold” or “automatic colour” look alike on the page: no warning.
    @Test func runsSplitByWPSAreNotWarned() throws {
        let dir = try Restyle.edited([("<w:r><w:t>（{{project.name}}）</w:t></w:r>",
                                       "<w:r><w:rPr><w:rFonts w:hint=\"default\"/></w:rPr><w:t>（{{</w:t></w:r><w:proofErr w:type=\"spellStart\"/>"
                                       + "<w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr><w:t>project.name</w:t></w:r>"
                                       + "<w:proofErr w:type=\"spellEnd\"/><w:bookmarkStart w:id=\"0\" w:name=\"_GoBack\"/><w:bookmarkEnd w:id=\"0\"/>"
                                       + "<w:r><w:rPr><w:b w:val=\"0\"/><w:color w:val=\"auto\"/><w:noProof/></w:rPr><w:t>}}）</w:t></w:r>")], in: Self.report)
        let checked = try Restyle.check(dir, Self.report)
        #expect(checked.status == 0 && checked.lines.isEmpty, "\(checked.lines)")
    }

    /// `template fields` lists a footer's tags where `template check` names them: after the body
    /// (they came first, above the title's tags).
    @Test func fieldsListTheFooterAfterTheBody() throws {
        let dir = try Restyle.edited(in: Self.report, parts: ["word/footer1.xml"]) { text in
            text = text.replacingOccurrences(of: "<w:t xml:space=\"preserve\">— </w:t>", with: "<w:t xml:space=\"preserve\">{{unit.name}} — </w:t>")
        }
        let listed = try EndToEnd.reportgen(["template", "fields", dir.appendingPathComponent(Self.report).path])
        #expect(listed.status == 0, "\(listed.stderr)")
        let places = listed.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: "\t").last ?? "") }
        #expect(places.first == "正文 第 1 段" && places.last == "奇数页页脚 第 1 段", "\(places)")
        #expect(places.filter { $0.contains("页脚") }.count == 1)
    }

    /// A comment (批注) left on the template while restyling: W-TPL-017 where it is anchored. It
    /// used to pass unsaid, and every report carried the reviewer's note in its margin.
    @Test func aCommentLeftInTheTemplateIsWarned() throws {
        let dir = try Restyle.edited([("<w:r><w:t>{{project.implementer}}</w:t></w:r>",
                                       "<w:commentRangeStart w:id=\"0\"/><w:r><w:t>{{project.implementer}}</w:t></w:r><w:commentRangeEnd w:id=\"0\"/>"
                                       + "<w:r><w:commentReference w:id=\"0\"/></w:r>")])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 0)
        #expect(checked.lines.count == 1 && checked.lines[0].contains("W-TPL-017 正文 第 1 个表格 第 2 行 第 4 列") && checked.lines[0].contains("共 1 条"),
                "\(checked.lines)")
    }

    /// Word's own mail merge (邮件 → 插入合并域) in place of a tag: «实施单位» was printed in every
    /// report and the check passed. Now E-TPL-041 names the field and the tag to type instead; a
    /// tag typed over a field's shown result is still filled (FieldCodeTagTests).
    @Test func aMailMergeFieldIsAnError() throws {
        let dir = try Restyle.edited([
            ("<w:r><w:t>{{project.implementer}}</w:t></w:r>",
             "<w:fldSimple w:instr=\" MERGEFIELD 实施单位 \\* MERGEFORMAT \"><w:r><w:t>«实施单位»</w:t></w:r></w:fldSimple>"),
            ("<w:r><w:t>{{project.department}}</w:t></w:r>", FieldCodeTagTests.field(code: " MERGEFIELD \"主管 部门\" ", result: "«主管 部门»")),
        ])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 2 && checked.lines.allSatisfy { $0.contains("E-TPL-041") && $0.contains("邮件合并域") }, "\(checked.lines)")
        #expect(checked.lines.contains { $0.contains("{{实施单位}}") && $0.contains("（标签 «实施单位»）") }, "\(checked.lines)")
        #expect(checked.lines.contains { $0.contains("«主管 部门»") }, "\(checked.lines)")
    }
}
