import Foundation
import OOXML
import Testing

/// Staff review 13: the default templates restyled in WPS (标题 1 and 表头 renamed to names
/// unlike the old ones, 题注 renamed) and a reviewer's comment answered in the indicator row,
/// each run through `template check` and `render`.
@Suite struct StaffReview13Tests {
    typealias Review10 = StaffReview10Tests
    typealias Review11 = StaffReview11Tests
    typealias Review12 = StaffReview12Tests
    typealias Restyle = TemplateRestyleTests
    static let report = "project-report.docx"
    static let document = "document.docx"

    /// The W-TPL-026 line about `style` (“标题 1”, “表头”), "" when there is none.
    static func line(_ lines: [String], about style: String) -> String {
        lines.first { $0.contains("W-TPL-026") && $0.contains("模板中没有段落样式 “\(style)”") } ?? ""
    }

    /// WPS renames a style in place: the id becomes a number or `a5`, the name what was typed,
    /// every reference follows.
    static func renamed(_ text: inout String, id: String, to newID: String, name: String, to newName: String) {
        Review10.replace("w:styleId=\"\(id)\">", with: "w:styleId=\"\(newID)\">")(&text)
        Review10.replace("<w:name w:val=\"\(name)\"/>", with: "<w:name w:val=\"\(newName)\"/>")(&text)
        text = text.replacingOccurrences(of: "w:val=\"\(id)\"", with: "w:val=\"\(newID)\"")
    }

    /// 标题 1 renamed 大标题 and 表头 renamed 首行 in WPS: W-TPL-026 named the missing styles but,
    /// the new names sharing nothing with the old, not which style they had become. The hint
    /// now names 大标题 by its outline level (1 级, as 标题 1's; 部分标题 at the same level is a
    /// style of its own and not offered) and 首行 by the template's own header rows.
    @Test func aStyleRenamedUnlikeItselfIsFoundByWhatTheRenameKept() throws {
        let dir = try Review10.template(Self.report, edits: [
            "word/styles.xml": { text in
                Self.renamed(&text, id: "Heading1", to: "2", name: "heading 1", to: "大标题")
                Self.renamed(&text, id: "TableHeader", to: "a5", name: "表头", to: "首行")
            },
            "word/document.xml": { text in
                text = text.replacingOccurrences(of: "w:val=\"TableHeader\"", with: "w:val=\"a5\"")
            },
        ])
        let checked = try Restyle.check(dir, Self.report)
        #expect(checked.status == 0 && checked.lines.count == 2, "\(checked.lines)")
        let heading = Self.line(checked.lines, about: "标题 1")
        #expect(heading.contains("模板中有样式 “大标题”（大纲级别为 1 级，与 “标题 1” 相同），可能就是改了名的这个样式。"), "\(heading)")
        #expect(!heading.contains("部分标题"), "\(heading)")
        let header = Self.line(checked.lines, about: "表头")
        #expect(header.contains("模板中有样式 “首行”（模板自己的表格的表头行多用这个样式），可能就是改了名的这个样式。"), "\(header)")

        // A style that merely shares the level is no hint when the rename kept a similar name.
        let similar = try Review10.template(Self.report, edits: ["word/styles.xml": { text in
            Self.renamed(&text, id: "Heading1", to: "2", name: "heading 1", to: "标题 1（正文）")
        }])
        let lines = try Restyle.check(similar, Self.report).lines
        let named = Self.line(lines, about: "标题 1")
        #expect(named.contains("模板中有样式 “标题 1（正文）”，可能就是改了名的这个样式。"), "\(lines)")
    }

    /// 标题 1 renamed 一级标题 in Word: Word keeps a built-in style's own name and writes the new
    /// one as an alias (`w:aliases`, shown “标题 1,一级标题”), so the staff member named it so in
    /// `headings:`; the check failed (“模板中没有名为 “一级标题” 的段落样式”) though the style is
    /// there. The alias names it: the check passes and the first-level headings are in it.
    @Test func aStyleIsFoundByTheAliasWordShows() throws {
        let dir = try Review10.template(Self.report, edits: [
            "word/styles.xml": Review10.replace("<w:name w:val=\"heading 1\"/>", with: "<w:name w:val=\"heading 1\"/><w:aliases w:val=\"一级标题,H1\"/>"),
            "word/document.xml": Review10.replace("{{> body | keepLast:\"2\"}}", with: "{{> body | keepLast:\"2\" | headings:\"一级标题\"}}"),
        ])
        let checked = try Restyle.check(dir, Self.report)
        #expect(checked.status == 0 && checked.lines.isEmpty, "\(checked.lines)")
        let xml = try Review10.renderedReport(dir).xml
        let headings = Review11.matches(of: "<w:p><w:pPr><w:pStyle w:val=\"([^\"]+)\"/>(?:<(?!/w:p>)[^>]+>)*?<w:t[^>]*>[一二三四五六七八九十]+、", in: xml)
        #expect(!headings.isEmpty && Set(headings) == ["Heading1"], "\(headings)")
    }

    /// `headings:"标题 1,标题 2"`, the names a Chinese Word shows: styles.xml keeps the built-in
    /// styles' English names (`heading 1`), so the check said “模板中没有名为 “标题 1” 的段落样式”.
    /// The shown name finds the built-in style.
    @Test func aBuiltInStyleIsFoundByTheNameAChineseWordShows() throws {
        let dir = try Review10.template(Self.report, edits: [
            "word/document.xml": Review10.replace("{{> body | keepLast:\"2\"}}", with: "{{> body | keepLast:\"2\" | headings:\"标题 1，标题 2\"}}"),
        ])
        let checked = try Restyle.check(dir, Self.report)
        #expect(checked.status == 0 && checked.lines.isEmpty, "\(checked.lines)")
        let xml = try Review10.renderedReport(dir).xml
        let headings = Review11.matches(of: "<w:p><w:pPr><w:pStyle w:val=\"([^\"]+)\"/>(?:<(?!/w:p>)[^>]+>)*?<w:t[^>]*>[一二三四五六七八九十]+、", in: xml)
        #expect(!headings.isEmpty && Set(headings) == ["Heading1"], "\(headings)")
        // A name that is no style is still refused.
        let wrong = try Review10.template(Self.report, edits: [
            "word/document.xml": Review10.replace("{{> body | keepLast:\"2\"}}", with: "{{> body | keepLast:\"2\" | headings:\"标题 12\"}}"),
        ])
        let refused = try Restyle.check(wrong, Self.report)
        #expect(refused.status == 1 && refused.lines.count == 1 && refused.lines[0].contains("模板中没有名为 “标题 12” 的段落样式"), "\(refused.lines)")
    }

    /// A figure caption as 引用 → 插入题注 writes it: “图 ” and a SEQ field numbering it.
    static func caption(style: String) -> String {
        "<w:p><w:pPr><w:pStyle w:val=\"\(style)\"/></w:pPr><w:r><w:t xml:space=\"preserve\">图 </w:t></w:r>"
            + "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> SEQ 图 \\* ARABIC </w:instrText></w:r>"
            + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
            + "<w:r><w:t xml:space=\"preserve\"> 机构设置</w:t></w:r></w:p>"
    }

    /// 题注 (Word's `caption`) renamed 图注 in WPS: every chart's caption (图1：……) came out in
    /// the table titles' style 表名 and `template check` said nothing, as the chart block named
    /// no style. W-TPL-026 names 题注 and what the captions use instead; with a caption of the
    /// template's own (a SEQ field) the hint names the renamed style. The package still renders.
    @Test(arguments: [false, true])
    func aRenamedCaptionStyleIsNamed(_ withCaption: Bool) throws {
        let dir = try Review10.template(Self.document, edits: [
            "word/styles.xml": { text in Self.renamed(&text, id: "Caption", to: "5", name: "caption", to: "图注") },
            "word/document.xml": { text in
                guard withCaption, let end = text.range(of: "</w:p>") else { return }
                text.insert(contentsOf: Self.caption(style: "5"), at: end.upperBound)
            },
        ])
        let checked = try Restyle.check(dir, Self.document)
        #expect(checked.status == 0 && checked.lines.count == 1, "\(checked.lines)")
        let line = Self.line(checked.lines, about: "题注")
        #expect(line.contains("“题注”（Word 内置样式 caption）") && line.contains("生成的图表下方的题注（图1：……）要用这个样式")
                && line.contains("现在改用表格标题所用的样式 “表名”"), "\(line)")
        #expect(line.contains("模板中有样式 “图注”（模板中插入的题注用的是这个样式）") == withCaption, "\(line)")

        // The shipped template has the style: no warning.
        let plain = try Restyle.check(try Review10.template(Self.document, edits: [:]), Self.document)
        #expect(plain.status == 0 && plain.lines.isEmpty, "\(plain.lines)")
    }

    /// The captions of the 决算 document's charts, rendered with the template whose 题注 was
    /// renamed, are in 表名 as W-TPL-026 says; the package passes docx-check.
    @Test func captionsOfARenamedCaptionStyleAreWhereTheWarningSays() throws {
        let dir = try Review10.template(Self.document, edits: [
            "word/styles.xml": { text in Self.renamed(&text, id: "Caption", to: "5", name: "caption", to: "图注") },
        ])
        let out = dir.deletingLastPathComponent().appendingPathComponent("out")
        let package = try EndToEnd.reportgen(["package", PackageTests.examplePackage("panzhihua-2021").path, "--templates", dir.path, "-o", out.path])
        #expect(package.status == 0 && package.stderr.contains("W-TPL-026"), "\(package.stderr)")
        let documents = try FileManager.default.subpathsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".docx") }
        var captions = 0
        for name in documents {
            let docx = out.appendingPathComponent(name)
            let xml = try Review12.part(docx, "word/document.xml")
            // A caption paragraph as the chart block writes it, its style if any.
            let styles = Review11.matches(of: "<w:p><w:pPr>((?:<w:pStyle w:val=\"[^\"]+\"/>)?)<w:ind w:left=\"0\" w:leftChars=\"0\" w:firstLine=\"0\" "
                                          + "w:firstLineChars=\"0\"/><w:jc w:val=\"center\"/></w:pPr><w:r><w:t xml:space=\"preserve\">图[0-9]+：", in: xml)
            guard !styles.isEmpty else { continue }
            captions += styles.count
            #expect(Set(styles) == ["<w:pStyle w:val=\"TableTitle\"/>"], "\(styles)")
            if let result = try EndToEnd.docxCheck(docx, renders: false) { #expect(result.status == 0, "\(result.stdout)") }
        }
        #expect(captions > 0, "the panzhihua document has charts")
    }

    static let comments = StaffReview12Tests.commentsPart(""
        + "<w:comment w:id=\"3\" w:author=\"李四\" w:date=\"2026-11-20T10:00:00Z\" w:initials=\"李\">"
        + "<w:p w14:paraId=\"1A2B3C4D\" w14:textId=\"77777777\"><w:r><w:annotationRef/></w:r><w:r><w:t>指标名称请与申报表一致</w:t></w:r></w:p></w:comment>"
        + "<w:comment w:id=\"5\" w:author=\"张三\" w:date=\"2026-11-21T08:00:00Z\" w:initials=\"张\">"
        + "<w:p w14:paraId=\"3C4D5E6F\" w14:textId=\"77777777\"><w:r><w:annotationRef/></w:r><w:r><w:t>已按申报表改</w:t></w:r></w:p></w:comment>"
    )

    /// Word 2013's threads: comment 5 answers comment 3, which is marked resolved.
    static let extended = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        + "<w15:commentsEx xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "
        + "xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\" mc:Ignorable=\"w15\">"
        + "<w15:commentEx w15:paraId=\"1A2B3C4D\" w15:done=\"1\"/>"
        + "<w15:commentEx w15:paraId=\"3C4D5E6F\" w15:paraIdParent=\"1A2B3C4D\" w15:done=\"0\"/>"
        + "</w15:commentsEx>"

    /// A reviewer's comment on `{{name}}` in the indicator row, answered (审阅 → 答复) and marked
    /// resolved: the row's copies carried copies of both comments, but with their paragraph ids
    /// dropped, so commentsExtended.xml tied none of the copies — Word showed each copy of the
    /// answer as a comment of its own and each copy of the resolved comment as open. Each copy
    /// now has a paragraph id of its own, and an entry tying the answer's copy to the copy of
    /// the comment in the same row, resolved as the template's.
    @Test func aCommentThreadInALoopRowStaysAThreadInEveryCopy() throws {
        let dir = try Review10.template(Review12.sheet, edits: ["word/document.xml":
            Review10.replace("<w:r><w:t>{{name}}</w:t></w:r>", with: "<w:commentRangeStart w:id=\"3\"/><w:commentRangeStart w:id=\"5\"/><w:r><w:t>{{name}}</w:t></w:r>"
                + "<w:commentRangeEnd w:id=\"3\"/><w:r><w:commentReference w:id=\"3\"/></w:r><w:commentRangeEnd w:id=\"5\"/><w:r><w:commentReference w:id=\"5\"/></w:r>")],
            added: [("word/comments.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml", "comments", Self.comments),
                    ("word/commentsExtended.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
                     "http://schemas.microsoft.com/office/2011/relationships/commentsExtended", Self.extended)])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 0 && checked.lines.count == 1 && checked.lines[0].contains("W-TPL-017"), "\(checked.lines)")

        let (docx, xml) = try Review11.rendered(dir)
        let comments = try Review12.part(docx, "word/comments.xml")
        let extended = try Review12.part(docx, "word/commentsExtended.xml")
        // Each comment's paragraph id, by comment id.
        var paragraphOf: [String: String] = [:]
        for comment in comments.components(separatedBy: "<w:comment ").dropFirst() {
            guard let id = Review11.matches(of: "^w:id=\"([0-9]+)\"", in: comment).first,
                  let paragraph = Review11.matches(of: "w14:paraId=\"([0-9A-F]{8})\"", in: comment).first else {
                Issue.record("a comment without its id or paragraph id: \(comment.prefix(120))"); continue
            }
            paragraphOf[id] = paragraph
        }
        #expect(Set(paragraphOf.values).count == paragraphOf.count, "paragraph ids are unique: \(paragraphOf)")
        #expect(paragraphOf.values.allSatisfy { Int($0, radix: 16).map { $0 < 0x8000_0000 } ?? false }, "\(paragraphOf)")
        // The threads in commentsExtended.xml: paragraph id → (parent, done).
        var entries: [String: (parent: String?, done: String?)] = [:]
        for entry in extended.components(separatedBy: "<w15:commentEx ").dropFirst() {
            guard let id = Review11.matches(of: "w15:paraId=\"([0-9A-F]{8})\"", in: entry).first else { continue }
            entries[id] = (Review11.matches(of: "w15:paraIdParent=\"([0-9A-F]{8})\"", in: entry).first,
                           Review11.matches(of: "w15:done=\"([01])\"", in: entry).first)
        }
        // Every row copy anchors a comment and its answer; the answer's entry names the comment's.
        let rows = xml.components(separatedBy: "</w:tr>").filter { $0.contains("<w:commentRangeStart ") }
        #expect(rows.count >= 2, "the sample has several indicators")
        var seen = Set<String>()
        for row in rows {
            let ids = Review11.matches(of: "<w:commentRangeStart w:id=\"([0-9]+)\"", in: row)
            #expect(ids.count == 2, "\(ids)")
            guard ids.count == 2, let comment = paragraphOf[ids[0]], let answer = paragraphOf[ids[1]] else { continue }
            seen.formUnion(ids)
            #expect(entries[comment]?.parent == nil && entries[comment]?.done == "1", "\(ids) \(entries)")
            #expect(entries[answer]?.parent == comment && entries[answer]?.done == "0", "\(ids) \(entries)")
        }
        #expect(seen.count == rows.count * 2 && seen == Set(paragraphOf.keys), "\(seen) \(paragraphOf.keys)")
        #expect(entries.count == paragraphOf.count, "one entry a comment: \(entries.count) \(paragraphOf.count)")
        #expect(try Review12.part(try Review11.rendered(dir).docx, "word/commentsExtended.xml") == extended, "the same input, the same bytes")
        if let result = try EndToEnd.docxCheck(docx, renders: false) { #expect(result.status == 0, "\(result.stdout)") }
    }
}
