import Foundation
import OOXML
import Testing

/// `template check` reads every tag against the data contract of the template's kind;
/// `template fields --for` prints that contract; Chinese names work like paths everywhere.
@Suite struct TemplateContractTests {
    /// A default template with some of its `word/document.xml` text replaced, written under
    /// `name` in a fresh folder.
    static func edited(_ template: String, as name: String? = nil, _ edits: [(String, String)]) throws -> URL {
        let source = EndToEnd.packageRoot.appendingPathComponent("templates/\(template)")
        let archive = try ZipArchive(bytes: Array(try Data(contentsOf: source)), name: template)
        var entries: [(name: String, content: ZipEntryContent)] = []
        for entry in archive.entries {
            var bytes = try archive.read(entry.name)
            if entry.name == "word/document.xml" {
                var text = String(decoding: bytes, as: UTF8.self)
                for (old, new) in edits {
                    #expect(text.contains(old), "\(template) has no \(old)")
                    text = text.replacingOccurrences(of: old, with: new)
                }
                bytes = Array(text.utf8)
            }
            entries.append((entry.name, .bytes(bytes)))
        }
        let url = try EndToEnd.temporaryDirectory().appendingPathComponent(name ?? template)
        try Data(try ZipWriter.bytes(entries)).write(to: url)
        return url
    }

    @Test func misspeltFieldsAreNamedWithTheClosestOnes() throws {
        let file = try Self.edited("project-report.docx", [
            ("实施单位：{{project.implementer}}", "实施单位：{{project.implementor}}"),
            ("{{filledOnText}}", "{{填表日期}}"),
        ])
        let result = try EndToEnd.reportgen(["template", "check", file.path])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let implementor = lines.filter { $0.contains("E-TPL-020") && $0.contains("project.implementor") }
        #expect(implementor.count == 1, "\(result.stderr)")
        #expect(implementor.first?.contains("您是不是要写 project.implementer（实施单位）？") == true, "\(result.stderr)")
        #expect(implementor.first?.contains("实施单位：{{project.implementor}}") == true, "the quoted text: \(result.stderr)")
        let date = lines.filter { $0.contains("E-TPL-020") && $0.contains("填表日期") }
        #expect(date.count == 1 && date[0].contains("填报日期（filledOnText）"), "\(result.stderr)")
    }

    @Test func theKindComesFromTheFileNameOrFor() throws {
        // `sheet.total` exists for a project template but not for the summary.
        let file = try Self.edited("summary.docx", as: "my.docx", [("{{summary.count}}", "{{sheet.total}}")])
        let unknownKind = try EndToEnd.reportgen(["template", "check", file.path])
        #expect(unknownKind.status == 0 && unknownKind.stdout.contains("未核对字段"), "\(unknownKind.stdout)\(unknownKind.stderr)")
        let summary = try EndToEnd.reportgen(["template", "check", file.path, "--for", "summary"])
        #expect(summary.status == 1 && summary.stderr.contains("E-TPL-020") && summary.stderr.contains("sheet.total"), "\(summary.stderr)")
        let named = try Self.edited("summary.docx", as: "单位-summary.docx", [("{{summary.count}}", "{{sheet.total}}")])
        let inferred = try EndToEnd.reportgen(["template", "check", named.path])
        #expect(inferred.status == 1 && inferred.stderr.contains("E-TPL-020"), "\(inferred.stderr)")
        let bad = try EndToEnd.reportgen(["template", "check", file.path, "--for", "projet"])
        #expect(bad.status == 2 && bad.stderr.contains("E-CLI-002"))
    }

    @Test func filtersAndLoopsOnTheWrongKindOfValue() throws {
        let file = try Self.edited("project-report.docx", [
            ("{{filledOnText}}", "{{filledOnText | date}}"),
            ("实施单位：{{project.implementer}}", "实施单位：{{#project.implementer}}{{@number}}{{/}}"),
        ])
        let result = try EndToEnd.reportgen(["template", "check", file.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-TPL-021") && result.stderr.contains("过滤器 date 不能用于 filledOnText（填报日期）"), "\(result.stderr)")
        #expect(result.stderr.contains("E-TPL-022") && result.stderr.contains("project.implementer 不是列表"), "\(result.stderr)")
    }

    @Test func fieldsForAKindListTheContractWithChineseNames() throws {
        let text = try EndToEnd.reportgen(["template", "fields", "--for", "project"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("实施单位\tproject.implementer"), "\(text.stdout)")
        #expect(text.stdout.contains("三级指标\tindicators[].name"))
        let json = try EndToEnd.reportgen(["template", "fields", "--for", "summary", "--json"])
        let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.contains { $0["path"] as? String == "summary.rows[].grade" && $0["chinese"] as? String == "等次" } == true)
    }

    /// The shipped templates with every path a Chinese name replaces render the same bytes.
    @Test func chineseNamesRenderTheSameDocumentAsPaths() throws {
        let english = EndToEnd.packageRoot.appendingPathComponent("templates/self-evaluation-sheet.docx")
        let chinese = try Self.edited("self-evaluation-sheet.docx", [
            ("{{project.name}}", "{{项目名称}}"), ("{{project.implementer}}", "{{实施单位}}"),
            ("{{name}}", "{{三级指标}}"), ("{{score}}", "{{得分}}"), ("{{deviation}}", "{{偏差原因}}"),
            ("{{sheet.grade}}", "{{等次}}"),
        ])
        let data = EndToEnd.packageRoot.appendingPathComponent("templates/samples/project-report-mof.json").path
        let dir = try EndToEnd.temporaryDirectory()
        var outputs: [Data] = []
        for (i, template) in [english, chinese].enumerated() {
            let out = dir.appendingPathComponent("out\(i).docx")
            let result = try EndToEnd.reportgen(["render", "--template", template.path, "--data", data, "-o", out.path])
            #expect(result.status == 0, "\(result.stderr)")
            outputs.append(try Data(contentsOf: out))
        }
        // The documents differ only in the template's own XML text, so compare document.xml.
        let parts = try outputs.map { bytes in
            try ZipArchive(bytes: Array(bytes), name: "out").read("word/document.xml")
        }
        #expect(parts[0] == parts[1])
        let check = try EndToEnd.reportgen(["template", "check", chinese.path])
        #expect(check.status == 0, "\(check.stderr)")
    }
}

extension TemplateContractTests {
    /// `package --templates` checks each template once: a misspelt field in the project report
    /// is one error naming the file, however many projects the package has.
    @Test func packageReportsAContractProblemOncePerTemplate() throws {
        let bad = try Self.edited("project-report.docx", [("实施单位：{{project.implementer}}", "实施单位：{{project.implementor}}")])
        let dir = bad.deletingLastPathComponent()
        let out = dir.appendingPathComponent("out")
        let package = PackageTests.examplePackage("zhongdian-jiuzhu-2021").path
        let result = try EndToEnd.reportgen(["package", package, "--templates", dir.path, "-o", out.path])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").filter { $0.contains("E-TPL-020") }
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(lines.first?.contains("模板 \(bad.path)") == true && lines.first?.contains("project.implementer（实施单位）") == true, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}

/// Places are named in Word's terms: the area of the page, the table's row and column,
/// the paragraph counted among those with text outside tables, and text boxes.
@Suite struct TemplatePlaceTests {
    @Test func placesInStaffTerms() throws {
        let result = try EndToEnd.reportgen(["template", "fields", TemplatingCommandTests.wordLike])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        func place(_ tag: String) -> String? { rows.first { $0.first == tag }?.last }
        // make_fixtures.py: the header's text box holds {{id}}, the footer's table {{contact}} in
        // its second cell, the body's first text paragraph {{项目名称}}, a body text box {{grade}}.
        // A text box is named by its number in the part and the paragraph (with text) in it.
        #expect(place("{{id}}") == "页眉 第 1 个文本框 第 1 段")
        #expect(place("{{contact}}") == "页脚 第 1 个表格 第 1 行 第 2 列")
        #expect(place("{{项目名称}}") == "正文 第 1 段")
        #expect(place("{{grade}}") == "正文 第 1 个文本框 第 1 段")
        #expect(place("{{level2 | merge}}") == "正文 第 2 个表格 第 2 行 第 2 列")
    }
}

/// `template preview` of a report template: Chinese placeholders, one scheme, the samples.
@Suite struct PreviewInStaffTermsTests {
    static func previewText(_ arguments: [String]) throws -> String {
        let out = try EndToEnd.temporaryDirectory().appendingPathComponent("preview.docx")
        let sheet = EndToEnd.packageRoot.appendingPathComponent("templates/self-evaluation-sheet.docx").path
        let result = try EndToEnd.reportgen(["template", "preview", sheet, "-o", out.path] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let archive = try ZipArchive(bytes: Array(try Data(contentsOf: out)), name: "preview")
        return String(decoding: try archive.read("word/document.xml"), as: UTF8.self)
    }

    @Test func placeholdersAreChineseNamesAndOneSchemeShows() throws {
        let mof = try Self.previewText(["--scheme", "mof-2020"])
        #expect(mof.contains("【项目名称】") && mof.contains("【实施单位】") && mof.contains("【三级指标】") && mof.contains("【偏差原因】"))
        #expect(!mof.contains("【project.name】"))
        // The ippe scoring table holds 资金到位率 (ippe.receivedRate); only --scheme ippe shows it.
        #expect(!mof.contains("【资金到位率】"))
        let ippe = try Self.previewText(["--scheme", "ippe"])
        #expect(ippe.contains("【资金到位率】"))
    }

    @Test func theSampleFillsTheTemplate() throws {
        let sample = EndToEnd.packageRoot.appendingPathComponent("templates/samples/project-report-mof.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: sample)) as? [String: Any]
        let name = (json?["project"] as? [String: Any])?["name"] as? String
        let text = try Self.previewText(["--sample"])
        #expect(name.map(text.contains) == true)
        #expect(!text.contains("【"))
    }
}

extension TemplateContractTests {
    /// A condition on a field's value: checked like any tag, rendered from the sample's grade.
    @Test func conditionsCompareAValue() throws {
        let file = try Self.edited("self-evaluation-sheet.docx", [("{{sheet.grade}}", "{{#等次 == \"优\"}}优秀{{/}}{{#等次 != \"优\"}}未达优{{/}}")])
        #expect(try EndToEnd.reportgen(["template", "check", file.path]).status == 0)
        let sample = EndToEnd.packageRoot.appendingPathComponent("templates/samples/project-report-mof.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: sample)) as? [String: Any]
        let grade = (json?["sheet"] as? [String: Any])?["grade"] as? String
        let out = file.deletingLastPathComponent().appendingPathComponent("out.docx")
        let result = try EndToEnd.reportgen(["render", "--template", file.path, "--data", sample.path, "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let text = String(decoding: try ZipArchive(bytes: Array(try Data(contentsOf: out)), name: "o").read("word/document.xml"), as: UTF8.self)
        #expect(text.contains(grade == "优" ? "优秀" : "未达优"))
        #expect(!text.contains(grade == "优" ? "未达优" : "优秀"))
    }
}
