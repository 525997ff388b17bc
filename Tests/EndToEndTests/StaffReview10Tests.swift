import Foundation
import OOXML
import Testing

/// Staff review 10: the default templates restyled as Word and WPS save them (footnotes,
/// tracked table edits, a table of contents, 限制编辑, numbered heading styles, WPS editable
/// ranges), each run through `template check`, `template preview` and `package`.
@Suite struct StaffReview10Tests {
    typealias Restyle = TemplateRestyleTests
    static let sheet = "self-evaluation-sheet.docx"
    static let report = "project-report.docx"
    static let author = " w:author=\"张三\" w:date=\"2026-11-20T09:00:00Z\""

    /// A folder holding a copy of the default `file` with its parts edited (`edits`, by part
    /// name) and parts added (`added`: name → content, with its `[Content_Types].xml` override
    /// and a relationship from word/document.xml of type `relationship`, a name under the
    /// OOXML relationships URI or a full URI).
    static func template(_ file: String, edits: [String: (inout String) -> Void],
                         added: [(name: String, type: String, relationship: String, content: String)] = []) throws -> URL {
        let source = EndToEnd.packageRoot.appendingPathComponent("templates/\(file)")
        let archive = try ZipArchive(bytes: Array(try Data(contentsOf: source)), name: file)
        var entries: [(name: String, content: ZipEntryContent)] = []
        for entry in archive.entries {
            var text = String(decoding: try archive.read(entry.name), as: UTF8.self)
            let before = text
            edits[entry.name]?(&text)
            for (i, part) in added.enumerated() {
                let target = String(part.name.dropFirst("word/".count))
                if entry.name == "[Content_Types].xml" {
                    text = text.replacingOccurrences(of: "</Types>", with: "<Override PartName=\"/\(part.name)\" ContentType=\"\(part.type)\"/></Types>")
                } else if entry.name == "word/_rels/document.xml.rels" {
                    // A full URI (Word 2013's commentsExtended) is written as it is.
                    let type = part.relationship.contains("://") ? part.relationship
                        : "http://schemas.openxmlformats.org/officeDocument/2006/relationships/" + part.relationship
                    text = text.replacingOccurrences(of: "</Relationships>", with: "<Relationship Id=\"rId9\(i)\" Type=\"\(type)\" Target=\"\(target)\"/></Relationships>")
                }
            }
            entries.append((entry.name, text == before ? .copy(archive, entryName: entry.name) : .bytes(Array(text.utf8))))
        }
        for part in added { entries.append((part.name, .bytes(Array(part.content.utf8)))) }
        let dir = try EndToEnd.temporaryDirectory().appendingPathComponent("我的模板")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(try ZipWriter.bytes(entries)).write(to: dir.appendingPathComponent(file))
        return dir
    }

    static func replace(_ old: String, with new: String) -> (inout String) -> Void {
        { text in
            #expect(text.contains(old), "template lacks \(old)")
            if let range = text.range(of: old) { text.replaceSubrange(range, with: new) }
        }
    }

    static let footnotes = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:footnotes xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
        + "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
        + "<w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
        + "<w:footnote w:id=\"1\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> 指标按年初申报的绩效目标填写。</w:t></w:r></w:p></w:footnote></w:footnotes>"
    static let footnoteReference = "<w:r><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr><w:footnoteReference w:id=\"1\"/></w:r>"

    /// The 自评表 with a footnote (引用 → 插入脚注) after `{{name}}` in the indicator row, or after
    /// the header cell 三级指标.
    static func footnote(inLoop: Bool) throws -> URL {
        let old = inLoop ? "<w:r><w:t>{{name}}</w:t></w:r>" : "<w:r><w:t>三级指标</w:t></w:r>"
        return try template(Self.sheet, edits: ["word/document.xml": replace(old, with: old + Self.footnoteReference)],
                            added: [("word/footnotes.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", "footnotes", Self.footnotes)])
    }

    /// A footnote on 三级指标 in the indicator row: every indicator's copy referred to footnote 1,
    /// and LibreOffice's PDF printed its text under the first and empty notes 2–6 under the
    /// others; the check passed. E-TPL-049 names the loop, the column and where the note goes;
    /// `package` writes nothing. The same footnote in the header cell is fine.
    @Test func aFootnoteInALoopRowIsAnError() throws {
        let dir = try Self.footnote(inLoop: true)
        let checked = try Restyle.check(dir)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 1, "\(checked.lines)")
        let line = checked.lines.first ?? ""
        #expect(line.contains("E-TPL-049 正文 第 2 个表格 第 2 行 第 1 列：区段 {{#indicators}} 按 indicators 的每一项重复这一行，其中有脚注（脚注编号在第 4 列）")
                && line.contains("其余各处的脚注是空的") && line.contains("移到 {{#indicators}}…{{/indicators}} 之外"), "\(line)")
        let out = dir.deletingLastPathComponent().appendingPathComponent("out")
        let package = try EndToEnd.reportgen(["package", PackageTests.examplePackage("zhongdian-jiuzhu-2021").path, "--templates", dir.path, "-o", out.path])
        #expect(package.status == 1 && package.stderr.contains("E-TPL-049"), "\(package.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))

        let header = try Self.footnote(inLoop: false)
        let fine = try Restyle.check(header)
        #expect(fine.status == 0 && fine.lines.isEmpty, "\(fine.lines)")
    }

    /// The evaluators of the project report in paragraphs (`{{#evaluators}}` and `{{/evaluators}}`
    /// each alone in a paragraph) with a footnote on the name: E-TPL-049 says 这几段.
    @Test func aFootnoteInARepeatedParagraphIsAnError() throws {
        let table = { (text: inout String) in
            guard let open = text.range(of: "{{#evaluators}}{{name}}"),
                  let start = text.range(of: "<w:tbl>", options: .backwards, range: text.startIndex..<open.lowerBound),
                  let end = text.range(of: "</w:tbl>", range: open.upperBound..<text.endIndex) else { Issue.record("no evaluators table"); return }
            text.replaceSubrange(start.lowerBound..<end.upperBound, with: "<w:p><w:r><w:t>{{#evaluators}}</w:t></w:r></w:p><w:p><w:r><w:t>{{name}}</w:t></w:r>"
                + Self.footnoteReference + "</w:p><w:p><w:r><w:t>{{/evaluators}}</w:t></w:r></w:p>")
        }
        let dir = try Self.template(Self.report, edits: ["word/document.xml": table],
                                    added: [("word/footnotes.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", "footnotes", Self.footnotes)])
        let checked = try Restyle.check(dir, Self.report)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 1 && checked.lines[0].contains("E-TPL-049") && checked.lines[0].contains("按 evaluators 的每一项重复这几段，其中有脚注："),
                "\(checked.lines)")
    }

    /// A row inserted with 修订 on (`w:trPr/w:ins`) and a column width changed with it on
    /// (`w:tcPrChange`): both passed the check, and every indicator row of every report came out
    /// marked as an inserted row. Both are W-TPL-014 at the row.
    @Test func tableRevisionsAreWarned() throws {
        func loopRow(_ old: String, _ new: String) -> (inout String) -> Void {
            { text in
                guard let row = Restyle.row(holding: "{{#indicators}}", in: text), let at = text.range(of: old, range: row) else {
                    Issue.record("no \(old) in the indicator row"); return
                }
                text.replaceSubrange(at, with: new)
            }
        }
        let inserted = try Self.template(Self.sheet, edits: ["word/document.xml": loopRow(
            "<w:cantSplit/></w:trPr>", "<w:cantSplit/><w:ins w:id=\"7\"\(Self.author)/></w:trPr>")])
        let widened = try Self.template(Self.sheet, edits: ["word/document.xml": loopRow(
            "<w:vAlign w:val=\"center\"/></w:tcPr>", "<w:vAlign w:val=\"center\"/><w:tcPrChange w:id=\"8\"\(Self.author)><w:tcPr><w:tcW w:w=\"800\" w:type=\"dxa\"/></w:tcPr></w:tcPrChange></w:tcPr>")])
        for dir in [inserted, widened] {
            let checked = try Restyle.check(dir)
            #expect(checked.status == 0, "a warning only: \(checked.lines)")
            #expect(checked.lines.count == 1 && checked.lines[0].contains("W-TPL-014 正文 第 2 个表格 第 2 行 第 1 列")
                    && checked.lines[0].contains("共 1 处，修订者：张三") && checked.lines[0].contains("接受所有修订"), "\(checked.lines)")
        }
    }

    /// `package --templates` compiled each template and kept only the warnings of the contract
    /// check: tracked changes (W-TPL-014), comments (W-TPL-017), half-formatted tags (W-TPL-016)
    /// and the like were listed by `template check` and passed over in silence by `package`,
    /// whose reports all carried them. Now `package` lists them, as the guide says it does.
    @Test func packageListsTheWarningsTemplateCheckLists() throws {
        let revised = "<w:r><w:t>{{project.impl</w:t></w:r><w:del w:id=\"1\"\(Self.author)><w:r><w:delText>ementor</w:delText></w:r></w:del>"
            + "<w:ins w:id=\"2\"\(Self.author)><w:r><w:t>ementer</w:t></w:r></w:ins><w:r><w:t>}}</w:t></w:r>"
        let dir = try Self.template(Self.sheet, edits: ["word/document.xml": Self.replace("<w:r><w:t>{{project.implementer}}</w:t></w:r>", with: revised)])
        let checked = try Restyle.check(dir)
        #expect(checked.lines.count == 1 && checked.lines[0].contains("W-TPL-014 正文 第 1 个表格 第 2 行 第 4 列"), "\(checked.lines)")
        let out = dir.deletingLastPathComponent().appendingPathComponent("out")
        let package = try EndToEnd.reportgen(["package", PackageTests.examplePackage("zhongdian-jiuzhu-2021").path, "--templates", dir.path, "-o", out.path])
        #expect(package.status == 0, "\(package.stderr)")
        #expect(package.stderr.contains("警告 W-TPL-014 模板 \(dir.appendingPathComponent(Self.sheet).path)，正文 第 1 个表格 第 2 行 第 4 列"), "\(package.stderr)")
    }

    static let tableOfContents = "<w:sdt><w:sdtPr><w:id w:val=\"147476411\"/><w:docPartObj><w:docPartGallery w:val=\"Table of Contents\"/><w:docPartUnique/></w:docPartObj></w:sdtPr>"
        + "<w:sdtContent><w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-3\" \\h \\z \\u </w:instrText></w:r>"
        + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>未找到目录项。</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:sdtContent></w:sdt>"

    /// 引用 → 目录 above the report's body: nothing updates the TOC, so every report (and its
    /// PDF) printed “未找到目录项。” above the generated outline, and the check passed. W-TPL-024
    /// says so and how to update or delete it; the report is still generated.
    @Test func aTableOfContentsIsWarned() throws {
        let body = "<w:p><w:pPr><w:pStyle w:val=\"BodyText\"/></w:pPr><w:r><w:t>{{> body"
        let dir = try Self.template(Self.report, edits: ["word/document.xml": Self.replace(body, with: Self.tableOfContents + body)])
        let checked = try Restyle.check(dir, Self.report)
        #expect(checked.status == 0, "a warning only: \(checked.lines)")
        #expect(checked.lines.count == 1, "\(checked.lines)")
        let line = checked.lines.first ?? ""
        #expect(line.contains("W-TPL-024 正文 第 4 段：这里是目录（引用 → 目录，域代码 TOC \\o \"1-3\" \\h \\z \\u）") && line.contains("reportgen 不更新目录")
                && line.contains("更新整个目录") && line.contains("删除目录") && line.contains("原文：“未找到目录项。”"), "\(line)")
        let out = dir.deletingLastPathComponent().appendingPathComponent("out")
        let package = try EndToEnd.reportgen(["package", PackageTests.examplePackage("zhongdian-jiuzhu-2021").path, "--templates", dir.path, "-o", out.path])
        #expect(package.status == 0 && package.stderr.contains("警告 W-TPL-024"), "\(package.stderr)")
    }

    /// 审阅 → 限制编辑 (read only, enforced) saved in the 自评表: the settings part went into every
    /// report, each opened read-only. W-TPL-025 says so; protection that is not enforced is fine.
    @Test func anEnforcedProtectionIsWarned() throws {
        let enforced = try Self.template(Self.sheet, edits: ["word/settings.xml": Self.replace(
            "<w:zoom", with: "<w:documentProtection w:edit=\"readOnly\" w:enforcement=\"1\"/><w:zoom")])
        let checked = try Restyle.check(enforced)
        #expect(checked.status == 0, "a warning only: \(checked.lines)")
        #expect(checked.lines.count == 1 && checked.lines[0].contains("W-TPL-025 模板设置了限制编辑（文档保护，只读）：生成的每份报告同样受保护")
                && checked.lines[0].contains("停止保护"), "\(checked.lines)")
        let stopped = try Self.template(Self.sheet, edits: ["word/settings.xml": Self.replace(
            "<w:zoom", with: "<w:documentProtection w:edit=\"readOnly\" w:enforcement=\"0\"/><w:zoom")])
        let fine = try Restyle.check(stopped)
        #expect(fine.status == 0 && fine.lines.isEmpty, "\(fine.lines)")
    }

    static let numbering = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
        + "<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"multilevel\"/>"
        + "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:pStyle w:val=\"Heading1\"/><w:lvlText w:val=\"%1、\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"0\" w:firstLine=\"0\"/></w:pPr></w:lvl>"
        + "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:pStyle w:val=\"Heading2\"/><w:lvlText w:val=\"（%2）\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"0\" w:firstLine=\"0\"/></w:pPr></w:lvl>"
        + "</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>"

    /// The project report with a multilevel list (一、（一）) linked to 标题 1 and 标题 2 (开始 →
    /// 多级列表 → 定义新的多级列表 → 将级别链接到样式). The outline writes the form's numbers as
    /// text, so every report printed “一、 一、项目的基本情况”. Headings now turn the style's list
    /// off (numId 0) and state the style's indents; the default template's headings are untouched.
    static func numberedHeadings() throws -> URL {
        let link = { (text: inout String) in
            for level in 1...2 {
                let style = "<w:style w:type=\"paragraph\" w:styleId=\"Heading\(level)\">"
                // Word writes w:numPr before the style's w:ind (schema order).
                guard let at = text.range(of: style), let ind = text.range(of: "<w:ind ", range: at.upperBound..<text.endIndex) else {
                    Issue.record("no \(style)"); return
                }
                text.insert(contentsOf: "<w:numPr><w:ilvl w:val=\"\(level - 1)\"/><w:numId w:val=\"1\"/></w:numPr>", at: ind.lowerBound)
            }
        }
        return try Self.template(Self.report, edits: ["word/styles.xml": link],
                                 added: [("word/numbering.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml", "numbering", Self.numbering)])
    }

    static func renderedReport(_ dir: URL) throws -> (docx: URL, xml: String) {
        let output = dir.deletingLastPathComponent().appendingPathComponent("报告.docx")
        let sample = EndToEnd.packageRoot.appendingPathComponent("templates/samples/project-report-mof.json")
        let rendered = try EndToEnd.reportgen(["render", "--template", dir.appendingPathComponent(Self.report).path, "--data", sample.path, "-o", output.path])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let document = try DocxPackage(path: output.path)
        return (output, String(decoding: try document.bytes(of: document.mainDocumentPartName), as: UTF8.self))
    }

    @Test func headingsOfANumberedStyleAreNotNumberedTwice() throws {
        let dir = try Self.numberedHeadings()
        let checked = try Restyle.check(dir, Self.report)
        #expect(checked.status == 0 && checked.lines.isEmpty, "\(checked.lines)")
        let xml = try Self.renderedReport(dir).xml
        let headings = xml.components(separatedBy: "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/>").dropFirst()
        #expect(!headings.isEmpty)
        for heading in headings {
            // After keep-with-next where the outline's last paragraphs keep with the signature.
            let pPr = heading.components(separatedBy: "</w:pPr>").first ?? ""
            #expect(pPr.hasSuffix("<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"0\"/></w:numPr><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>"),
                    "\(heading.prefix(200))")
        }
        // Heading 3 has no list: its paragraphs are as before.
        #expect(xml.contains("<w:p><w:pPr><w:pStyle w:val=\"Heading3\"/></w:pPr>"))
        // The default template's headings carry no numbering.
        let plain = try Self.renderedReport(try Self.template(Self.report, edits: [:])).xml
        #expect(plain.contains("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>") && !plain.contains("<w:numId"))
    }

    /// What the numbered headings looked like in LibreOffice's PDF (“一、 一、项目的基本情况”), and
    /// that the indent of 标题 1 is kept (LibreOffice takes numId 0 alone as indents of 0).
    @Test(.enabled(if: PrintedLayoutTests.canRead, "需要 LibreOffice 与 pdftotext"))
    func numberedHeadingsPrintTheFormsNumberOnce() throws {
        let docx = try Self.renderedReport(try Self.numberedHeadings()).docx
        let soffice = try #require(PrintedLayoutTests.tool("soffice"))
        let work = docx.deletingLastPathComponent()
        let converted = try EndToEnd.run(soffice, ["-env:UserInstallation=\(work.appendingPathComponent("profile").absoluteString)", "--headless",
                                                   "--convert-to", "pdf", "--outdir", work.path, docx.path])
        #expect(converted.status == 0, "\(converted.stderr)")
        let lines = try OfficerReview11Tests.rawLines(work.appendingPathComponent("报告.pdf"))
        let first = try #require(lines.first { $0.contains("项目的基本情况") })
        #expect(first.trimmingCharacters(in: .whitespaces) == "一、项目的基本情况", "\(first)")
        #expect(!lines.contains { $0.contains("（一）（一）") || $0.contains("（一） （一）") }, "\(lines.prefix(20))")
    }

    /// WPS 限制编辑 with the indicator row's 年度指标值 as an editable range (`w:permStart` /
    /// `w:permEnd` inside the tag): every indicator's copy carried the range's id. Copies leave
    /// the range out, as they leave bookmarks out (so does any section, a condition too); the
    /// range outside every section is kept.
    @Test func editableRangesInARepeatedRowAreLeftOut() throws {
        let dir = try Self.template(Self.sheet, edits: ["word/document.xml": { text in
            Self.replace("<w:r><w:t>{{target}}</w:t></w:r>", with: "<w:permStart w:id=\"1\" w:edGrp=\"everyone\"/><w:r><w:t>{{tar</w:t></w:r>"
                + "<w:r><w:t>get}}</w:t></w:r><w:permEnd w:id=\"1\"/>")(&text)
            // 填报人 is outside every section: its range is kept.
            Self.replace("填报人：", with: "</w:t></w:r><w:permStart w:id=\"2\" w:edGrp=\"everyone\"/><w:r><w:t>填报人：</w:t></w:r><w:permEnd w:id=\"2\"/><w:r><w:t>")(&text)
        }])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 0 && checked.lines.isEmpty, "\(checked.lines)")
        let output = dir.deletingLastPathComponent().appendingPathComponent("自评表.docx")
        let sample = EndToEnd.packageRoot.appendingPathComponent("templates/samples/project-report-mof.json")
        let rendered = try EndToEnd.reportgen(["render", "--template", dir.appendingPathComponent(Self.sheet).path, "--data", sample.path, "-o", output.path])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let document = try DocxPackage(path: output.path)
        let xml = String(decoding: try document.bytes(of: document.mainDocumentPartName), as: UTF8.self)
        #expect(xml.components(separatedBy: "<w:permStart ").count == 2 && xml.contains("<w:permStart w:id=\"2\""), "permStart count")
        #expect(xml.components(separatedBy: "<w:permEnd ").count == 2)
        #expect(xml.contains("资助重点救助对象参保人数") && !xml.contains("{{"))
    }
}
