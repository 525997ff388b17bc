import Foundation
import OOXML
import Testing

/// `reportgen template preview` on the default templates, as staff run it after restyling one.
@Suite struct TemplatePreviewTests {
    static let templates = EndToEnd.packageRoot.appendingPathComponent("templates")
    static var projectReport: String { templates.appendingPathComponent("project-report.docx").path }
    static var summary: String { templates.appendingPathComponent("summary.docx").path }

    static func which(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
    static let canConvert = which("soffice") != nil && which("pdftoppm") != nil

    /// The raw XML of every part that can hold tags (body, headers, footers, notes).
    static func templatedXML(_ docx: URL) throws -> String {
        let package = try DocxPackage(path: docx.path)
        return try package.templatedPartNames().map { String(decoding: try package.bytes(of: $0), as: UTF8.self) }.joined()
    }

    @Test func docxPreviewsOfTheDefaultTemplatesShowEveryTag() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [(template: String, placeholders: [String])] = [
            // Report templates show each field's Chinese name (`template fields --for`).
            (Self.projectReport, ["【单位名称】", "【项目名称】", "（【项目名称】）", "【全年预算数】", "【一级指标】", "【等次】"]),
            (Self.summary, ["【单位名称】", "【合计全年预算数】", "【项目名称】", "【等次】"]),
        ]
        for (i, entry) in cases.enumerated() {
            let out = dir.appendingPathComponent("\(i).docx")
            let result = try EndToEnd.reportgen(["template", "preview", entry.template, "-o", out.path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("已生成预览"))
            let xml = try Self.templatedXML(out)
            #expect(!xml.contains("{{"), "tags left in the preview of \(entry.template)")
            let paragraphs = try PackageTests.paragraphs(out)
            for placeholder in entry.placeholders {
                #expect(paragraphs.contains { $0.contains(placeholder) }, "\(placeholder) missing from \(entry.template)")
            }
        }
    }

    @Test func projectReportPreviewShowsTheSampleOutlineAndNamesTheHiddenBranch() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("p.docx")
        let result = try EndToEnd.reportgen(["template", "preview", Self.projectReport, "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let paragraphs = try PackageTests.paragraphs(out)
        #expect(paragraphs.contains("一、一级标题示例【body】"))
        #expect(paragraphs.contains("（一）二级标题示例"))
        // The template has both {{#scheme.mof}} and {{^scheme.mof}}: the output says which one is not shown.
        #expect(result.stdout.contains("{{^scheme.mof}}"))
    }

    @Test func dataReplacesThePlaceholdersAndMissingValuesStayEmpty() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("d.json")
        // Only part of the summary's context: the rest must print as nothing, not fail.
        try Data(#"{"year": "2031", "unit": {"name": "某测试单位"}, "summary": {"rows": [{"name": "甲项目", "grade": "优"}]}}"#.utf8).write(to: data)
        let out = dir.appendingPathComponent("s.docx")
        let result = try EndToEnd.reportgen(["template", "preview", Self.summary, "-o", out.path, "--data", data.path])
        #expect(result.status == 0, "\(result.stderr)")
        let paragraphs = try PackageTests.paragraphs(out)
        #expect(paragraphs.contains { $0.contains("某测试单位") })
        #expect(paragraphs.contains("甲项目"))
        #expect(paragraphs.contains("优"))
        #expect(!paragraphs.contains { $0.contains("【") })
    }

    @Test func templateErrorsAreAllListedAndFail() throws {
        let bad = EndToEnd.packageRoot.appendingPathComponent("Tests/TemplatingFixtures/bad.docx").path
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("bad.docx")
        let result = try EndToEnd.reportgen(["template", "preview", bad, "-o", out.path])
        #expect(result.status == 1)
        for code in ["E-TPL-001", "E-TPL-002", "E-TPL-006"] {
            #expect(result.stderr.contains(code), "missing \(code)")
        }
        #expect(result.stderr.contains("处错误"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// The preview refuses what `template check` refuses, with the same lines: a misspelled field
    /// of a report template (E-TPL-020) is not previewed as if it were right (help: "与 template
    /// check 一样列出全部错误"); a home-made template (`--for none`) has no contract and previews.
    @Test func previewListsTheErrorsTemplateCheckLists() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let template = dir.appendingPathComponent("misspelled.docx")
        try Self.writeDocx(["{{unit.nmae}}", "{{项目名称}}"], to: template)
        let check = try EndToEnd.reportgen(["template", "check", template.path, "--for", "project"])
        #expect(check.status == 1 && check.stderr.contains("E-TPL-020"), "\(check.stderr)")
        let out = dir.appendingPathComponent("preview.docx")
        let preview = try EndToEnd.reportgen(["template", "preview", template.path, "--for", "project", "-o", out.path])
        #expect(preview.status == 1)
        #expect(preview.stderr == check.stderr)
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let own = try EndToEnd.reportgen(["template", "preview", template.path, "--for", "none", "-o", out.path])
        #expect(own.status == 0, "\(own.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.path))
        // The help says what the placeholders are: the Chinese name for a report template's path.
        let right = dir.appendingPathComponent("right.docx")
        try Self.writeDocx(["{{project.name}}"], to: right)
        let named = try EndToEnd.reportgen(["template", "preview", right.path, "--for", "project", "-o", out.path])
        #expect(named.status == 0, "\(named.stderr)")
        #expect(try Self.templatedXML(out).contains("【项目名称】"))
        let help = try EndToEnd.reportgen(["template", "preview", "--help"])
        // Lines joined: the help is filled to the screen's width, wherever the phrase falls.
        let joined = help.stdout.split(separator: "\n").map { $0.drop(while: { $0 == " " }) }.joined()
        #expect(joined.contains("显示为【项目名称】"), "\(help.stdout)")
    }

    @Test func badCommandLinesAreExplained() throws {
        let wrongFormat = try EndToEnd.reportgen(["template", "preview", Self.summary, "-o", "/tmp/x.odt"])
        #expect(wrongFormat.status == 1)
        #expect(wrongFormat.stderr.contains("E-PRV-001"))
        let pageForDocx = try EndToEnd.reportgen(["template", "preview", Self.summary, "-o", "/tmp/x.docx", "--page", "2"])
        #expect(pageForDocx.status == 1)
        #expect(pageForDocx.stderr.contains("E-PRV-006"))
        let help = try EndToEnd.reportgen(["template", "preview", "--help"])
        #expect(help.stdout.contains("反向区段"))
    }

    @Test func missingLibreOfficeIsReportedWithTheInstallCommand() throws {
        let empty = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        let out = empty.appendingPathComponent("x.pdf")
        let result = try EndToEnd.reportgen(["template", "preview", Self.summary, "-o", out.path], environment: ["PATH": empty.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-PRV-002"))
        #expect(result.stderr.contains("apt-get install"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// A minimal .docx whose body is the given paragraphs' text, one run each.
    static func writeDocx(_ paragraphs: [String], to url: URL) throws {
        let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        let body = paragraphs.map { "<w:p><w:r><w:t xml:space=\"preserve\">\($0)</w:t></w:r></w:p>" }.joined()
        let entries: [(name: String, content: ZipEntryContent)] = [
            ("[Content_Types].xml", .bytes(Array("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
            """.utf8))),
            ("_rels/.rels", .bytes(Array("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
            """.utf8))),
            ("word/document.xml", .bytes(Array("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"\(w)\"><w:body>\(body)<w:sectPr/></w:body></w:document>".utf8))),
        ]
        try ZipWriter.write(entries, to: url.path)
    }

    /// Report table and chart blocks are known to check and preview (they are what `package`
    /// renders); the preview draws the table's fixed shape with empty figures and a sample chart.
    @Test func reportTableBlocksCheckAndPreview() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let template = dir.appendingPathComponent("blocks.docx")
        try Self.writeDocx(["{{project.name}}", "{{> table:funds}}", "{{> chart:charts.income}}", "合计 {{total | money:2}}，执行率 {{rate | percent}}"], to: template)
        let check = try EndToEnd.reportgen(["template", "check", template.path])
        #expect(check.status == 0, "\(check.stderr)")
        let out = dir.appendingPathComponent("out.docx")
        let result = try EndToEnd.reportgen(["template", "preview", template.path, "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let paragraphs = try PackageTests.paragraphs(out)
        #expect(paragraphs.first == "【project.name】")
        #expect(paragraphs.contains("全年预算资金"))
        #expect(paragraphs.contains("合计 12.50，执行率 【rate】%"))
        // The chart block draws a sample chart titled with its path.
        let package = try DocxPackage(path: out.path)
        let charts = package.partNames.filter { $0.hasPrefix("word/charts/") && $0.hasSuffix(".xml") && !$0.contains("_rels") }
        #expect(charts.count == 1)
        if let chart = charts.first {
            #expect(String(decoding: try package.bytes(of: chart), as: UTF8.self).contains("【charts.income】"))
        }
        // The money tag shows a sample, so the command says which tag that is.
        #expect(result.stdout.contains("{{total | money:2}} → 12.5"))
    }

    @Test(.enabled(if: canConvert, "soffice or pdftoppm missing"), .timeLimit(.minutes(3)))
    func pdfAndPngPreviews() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pdf = dir.appendingPathComponent("summary.pdf")
        let pdfRun = try EndToEnd.reportgen(["template", "preview", Self.summary, "-o", pdf.path])
        #expect(pdfRun.status == 0, "\(pdfRun.stderr)")
        let pdfBytes = try Data(contentsOf: pdf)
        #expect(pdfBytes.starts(with: Array("%PDF-".utf8)))
        if let pdftotext = Self.which("pdftotext") {
            let text = try EndToEnd.run(URL(fileURLWithPath: pdftotext), [pdf.path, "-"]).stdout.filter { !$0.isWhitespace }
            #expect(text.contains("【单位名称】"))
        }

        let png = dir.appendingPathComponent("report.png")
        let pngRun = try EndToEnd.reportgen(["template", "preview", Self.projectReport, "-o", png.path, "--page", "2"])
        #expect(pngRun.status == 0, "\(pngRun.stderr)")
        let bytes = [UInt8](try Data(contentsOf: png))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        // IHDR width and height: A4 at 80 dpi is about 661 × 935 pixels.
        if bytes.count > 24 {
            let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
            let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
            #expect((655...668).contains(width), "width \(width)")
            #expect((928...942).contains(height), "height \(height)")
        }

        let beyond = try EndToEnd.reportgen(["template", "preview", Self.summary, "-o", dir.appendingPathComponent("p9.png").path, "--page", "9"])
        #expect(beyond.status == 1)
        #expect(beyond.stderr.contains("E-PRV-005"))
    }
}
