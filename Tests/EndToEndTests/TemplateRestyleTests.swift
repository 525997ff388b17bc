import Foundation
import OOXML
import Testing

/// Staff review 4: a finance-office member restyles a default template in Word/WPS (edits made
/// to word/document.xml as Word saves them) and runs `template check` and `package --templates`
/// on it. Each edit that changes what the reports print is named, with its place and the fix.
@Suite struct TemplateRestyleTests {
    static let sheet = "self-evaluation-sheet.docx"

    /// A folder holding a copy of the default `file` with `edits` made to word/document.xml.
    static func edited(_ edits: [(String, String)], in file: String = sheet) throws -> URL {
        try edited(in: file) { text in
            for (old, new) in edits {
                #expect(text.contains(old), "template lacks \(old)")
                if let range = text.range(of: old) { text.replaceSubrange(range, with: new) }
            }
        }
    }

    /// The table row (`<w:tr>…</w:tr>`) of word/document.xml holding the first `marker`.
    static func row(holding marker: String, in text: String) -> Range<String.Index>? {
        guard let at = text.range(of: marker),
              let start = text.range(of: "<w:tr>", options: .backwards, range: text.startIndex..<at.lowerBound),
              let end = text.range(of: "</w:tr>", range: at.upperBound..<text.endIndex) else { return nil }
        return start.lowerBound..<end.upperBound
    }

    static func edited(in file: String = sheet, parts: Set<String> = ["word/document.xml"], _ edit: (inout String) -> Void) throws -> URL {
        let source = EndToEnd.packageRoot.appendingPathComponent("templates/\(file)")
        let archive = try ZipArchive(bytes: Array(try Data(contentsOf: source)), name: file)
        var entries: [(name: String, content: ZipEntryContent)] = []
        for entry in archive.entries {
            guard parts.contains(entry.name) else { entries.append((entry.name, .copy(archive, entryName: entry.name))); continue }
            var text = String(decoding: try archive.read(entry.name), as: UTF8.self)
            let before = text
            edit(&text)
            #expect(text != before, "the edit changed nothing")
            entries.append((entry.name, .bytes(Array(text.utf8))))
        }
        let dir = try EndToEnd.temporaryDirectory().appendingPathComponent("我的模板")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(try ZipWriter.bytes(entries)).write(to: dir.appendingPathComponent(file))
        return dir
    }

    /// The coded lines of `template check` on the edited copy.
    static func check(_ dir: URL, _ file: String = sheet) throws -> (status: Int32, lines: [String]) {
        let result = try EndToEnd.reportgen(["template", "check", dir.appendingPathComponent(file).path])
        return (result.status, result.stderr.split(separator: "\n").map(String.init).filter { $0.contains("-TPL-") })
    }

    /// A template with a syntax error and a misspelt field: `package --templates` lists both, as
    /// `template check` does — it used to list only the syntax error, so the person fixed it,
    /// ran again and only then learnt of the misspelt field.
    @Test func packageListsEveryProblemTemplateCheckLists() throws {
        let dir = try Self.edited([("{{/indicators}}", ""), ("{{project.implementer}}", "{{project.implementor}}")])
        let checked = try Self.check(dir)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 2 && checked.lines.contains { $0.contains("E-TPL-001") }
                && checked.lines.contains { $0.contains("E-TPL-020") && $0.contains("project.implementer") }, "\(checked.lines)")
        let out = dir.deletingLastPathComponent().appendingPathComponent("out")
        let package = PackageTests.examplePackage("zhongdian-jiuzhu-2021").path
        let result = try EndToEnd.reportgen(["package", package, "--templates", dir.path, "-o", out.path])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init).filter { $0.contains("E-TPL-") }
        #expect(lines.count == 2 && lines.contains { $0.contains("E-TPL-001") } && lines.contains { $0.contains("E-TPL-020") && $0.contains("project.implementer") }, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// The indicator row copied in Word (two `{{#indicators}}` rows in one table): W-TPL-013 at
    /// the copy, from `template check` and from `package` — every indicator would be printed twice.
    @Test func aCopiedLoopRowIsWarned() throws {
        let dir = try Self.edited { text in
            guard let row = Self.row(holding: "{{#indicators}}", in: text) else { return }
            text.insert(contentsOf: text[row], at: row.upperBound)
        }
        let checked = try Self.check(dir)
        #expect(checked.status == 0, "a warning only: \(checked.lines)")
        #expect(checked.lines.count == 1, "\(checked.lines)")
        let line = checked.lines.first ?? ""
        #expect(line.contains("W-TPL-013") && line.contains("第 2 个表格 第 3 行") && line.contains("第 3 行与第 2 行都按 indicators 的每一项重复")
                && line.contains("请删去多出的一行"), "\(line)")
        let out = dir.deletingLastPathComponent().appendingPathComponent("out")
        let package = PackageTests.examplePackage("zhongdian-jiuzhu-2021").path
        let result = try EndToEnd.reportgen(["package", package, "--templates", dir.path, "-o", out.path])
        #expect(result.status == 0)
        #expect(result.stderr.contains("警告 W-TPL-013 模板 \(dir.appendingPathComponent(Self.sheet).path)，正文 第 2 个表格 第 3 行"), "\(result.stderr)")
    }

    /// `{{/indicators}}` moved from the indicator row into the 合计 row below it: the loop spans
    /// both rows, so the 合计 row would follow every indicator. W-TPL-012 names the row and says
    /// where the close tag goes.
    @Test func aCloseTagMovedIntoTheTotalRowIsWarned() throws {
        let dir = try Self.edited([("{{deviation}}{{/indicators}}", "{{deviation}}"),
                                   ("等次：{{sheet.grade}}", "等次：{{sheet.grade}}{{/indicators}}")])
        let checked = try Self.check(dir)
        #expect(checked.status == 0, "a warning only: \(checked.lines)")
        #expect(checked.lines.count == 1, "\(checked.lines)")
        let line = checked.lines.first ?? ""
        #expect(line.contains("W-TPL-012") && line.contains("第 2 个表格 第 3 行") && line.contains("第 3 行没有用到每一项的字段")
                && line.contains("请把 {{/indicators}} 移到第 2 行最后一个单元格的末尾"), "\(line)")
        // A loop of two rows that both use the item's fields is no mistake.
        let twoRows = try Self.edited { text in
            guard let row = Self.row(holding: "{{#indicators}}", in: text) else { return }
            let copy = String(text[row]).replacingOccurrences(of: "{{#indicators}}", with: "")
            text.replaceSubrange(row, with: String(text[row]).replacingOccurrences(of: "{{/indicators}}", with: "") + copy)
        }
        let fine = try Self.check(twoRows)
        #expect(fine.status == 0 && fine.lines.isEmpty, "\(fine.lines)")
    }

    /// A template saved with track changes on: the tag typed across a spell-check mark, a
    /// bookmark and a revision is still found (the deleted text is not part of it), and
    /// W-TPL-014 says the revisions would be in every document and how to accept them.
    @Test func unacceptedRevisionsAreWarned() throws {
        let revised = "<w:r><w:t>{{proj</w:t></w:r><w:proofErr w:type=\"spellStart\"/><w:bookmarkStart w:id=\"0\" w:name=\"_GoBack\"/>"
            + "<w:r><w:rPr><w:b/></w:rPr><w:t>ect.impl</w:t></w:r><w:bookmarkEnd w:id=\"0\"/><w:proofErr w:type=\"spellEnd\"/>"
            + "<w:del w:id=\"1\" w:author=\"张三\" w:date=\"2026-01-01T00:00:00Z\"><w:r><w:delText>ementor</w:delText></w:r></w:del>"
            + "<w:ins w:id=\"2\" w:author=\"张三\" w:date=\"2026-01-01T00:00:00Z\"><w:r><w:t>ementer</w:t></w:r></w:ins><w:r><w:t>}}</w:t></w:r>"
        let dir = try Self.edited([("<w:r><w:t>{{project.implementer}}</w:t></w:r>", revised)])
        let checked = try Self.check(dir)
        #expect(checked.status == 0, "a warning only: \(checked.lines)")
        // The bold middle of the tag is W-TPL-016 (staff review 6): the value is printed as “{{proj”.
        #expect(checked.lines.count == 2, "\(checked.lines)")
        #expect(checked.lines.first?.contains("W-TPL-016 正文 第 1 个表格 第 2 行 第 4 列：标签中 “ect.impl” 的加粗") == true, "\(checked.lines)")
        let line = checked.lines.last ?? ""
        #expect(line.contains("W-TPL-014 正文 第 1 个表格 第 2 行 第 4 列") && line.contains("共 2 处，修订者：张三")
                && line.contains("接受所有修订") && line.contains("原文：“{{project.implementer}}”"), "\(line)")
        let fields = try EndToEnd.reportgen(["template", "fields", dir.appendingPathComponent(Self.sheet).path])
        #expect(fields.stdout.contains("{{project.implementer}}\t取值\tproject.implementer"), "\(fields.stdout)")
    }

    /// Hand-edited XML with an element whose prefix is declared nowhere (pasted from another
    /// document's XML): Word refuses such a file, so `template check` names the part, line and the
    /// prefix instead of passing it on to every generated report.
    @Test func anUndeclaredNamespacePrefixIsAnError() throws {
        let dir = try Self.edited([("<w:r><w:t>{{project.implementer}}</w:t></w:r>",
                                    "<w:r><w:t>{{project.implementer}}</w:t></w:r><zz:mark/>")])
        let checked = try Self.check(dir)
        #expect(checked.status == 1)
        let line = checked.lines.first ?? ""
        #expect(checked.lines.count == 1 && line.contains("E-TPL-013 正文：") && line.contains("word/document.xml 第 ")
                && line.contains("命名空间前缀「zz」没有声明") && line.contains("Word 无法打开"), "\(checked.lines)")
    }

    /// The 偏差原因 column deleted (Word: 表格工具 → 删除列), and with its cell the loop's
    /// `{{/indicators}}`: E-TPL-001 names the cell the close tag now goes in (the row's last).
    @Test func aDeletedLastColumnSaysWhichCellGetsTheCloseTag() throws {
        let dir = try Self.edited { text in
            guard let row = Self.row(holding: "{{#indicators}}", in: text),
                  let last = text.range(of: "<w:tc>", options: .backwards, range: row),
                  let end = text.range(of: "</w:tc>", range: last.upperBound..<row.upperBound) else { return }
            text.removeSubrange(last.lowerBound..<end.upperBound)
        }
        let checked = try Self.check(dir)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 1, "\(checked.lines)")
        // The row had ten cells (绩效指标, where {{#indicators}} opens, then nine columns); one is gone.
        #expect(checked.lines.first?.contains("E-TPL-001 正文 第 2 个表格 第 2 行 第 1 列") == true
                && checked.lines.first?.contains("请在这一行最后一个单元格（第 9 列）的末尾加上 {{/indicators}}") == true, "\(checked.lines)")
    }

    /// A tag retyped with one brace of each width (the input method switched mid-tag): one
    /// E-TPL-023 each, naming the full-width brace and the tag to write — the second case used
    /// to be "no close delimiter … do not press Enter" (E-TPL-011), the first two came with a
    /// second message about a missing half-width brace.
    @Test func bracesOfBothWidthsAreOneMessageEach() throws {
        let dir = try Self.edited([("{{project.name}}", "{{项目名称}｝"), ("{{project.department}}", "｛{主管部门}}"),
                                   ("{{project.implementer}}", "{{实施单位｝｝")])
        let checked = try Self.check(dir)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 3 && checked.lines.allSatisfy { $0.contains("E-TPL-023") }, "\(checked.lines)")
        for (written, wide, meant) in [("{{项目名称}｝", "｝", "{{项目名称}}"), ("｛{主管部门}}", "｛", "{{主管部门}}"), ("{{实施单位｝｝", "｝｝", "{{实施单位}}")] {
            #expect(checked.lines.contains { $0.contains("标签 “\(written)” 中的 “\(wide)” 是全角大括号") && $0.contains("应写 \(meant)") }, "\(written): \(checked.lines)")
        }
        // A section tag so typed still opens its section: its close tag is not reported as well.
        let section = try Self.check(try Self.edited([("{{#indicators}}", "{{#indicators｝｝")]))
        #expect(section.lines.count == 1 && section.lines.first?.contains("E-TPL-023") == true
                && section.lines.first?.contains("应写 {{#indicators}}") == true, "\(section.lines)")
    }

    /// The table styles renamed as Word/WPS may save them: the style 表头 gets the id `a5`,
    /// 表格正文 `a6`. The tables the program writes (`"table": "indicators"` in the body) find
    /// them by the name shown in Word; they used to fall back to direct formatting, dropping the
    /// template's table fonts without a word.
    @Test func generatedTablesFindRenamedTableStylesByName() throws {
        let dir = try Self.edited(in: "project-report.docx", parts: ["word/document.xml", "word/styles.xml"]) { text in
            text = text.replacingOccurrences(of: "w:styleId=\"TableHeader\"", with: "w:styleId=\"a5\"")
                .replacingOccurrences(of: "w:styleId=\"TableText\"", with: "w:styleId=\"a6\"")
                .replacingOccurrences(of: "w:val=\"TableHeader\"", with: "w:val=\"a5\"")
                .replacingOccurrences(of: "w:val=\"TableText\"", with: "w:val=\"a6\"")
        }
        let out = dir.deletingLastPathComponent().appendingPathComponent("out")
        let result = try EndToEnd.reportgen(["package", PackageTests.examplePackage("ippe-demo").path, "--templates", dir.path, "-o", out.path, "-q"])
        #expect(result.status == 0, "\(result.stderr)")
        let reports = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix("项目支出绩效自评报告-") && $0.hasSuffix(".docx") }
        #expect(reports.count == 1)
        let bytes = Array(try Data(contentsOf: out.appendingPathComponent(reports[0])))
        let xml = String(decoding: try ZipArchive(bytes: bytes, name: reports[0]).read("word/document.xml"), as: UTF8.self)
        // The template's own cells use 表头 only; 表格正文 appears in the written tables alone.
        #expect(xml.contains("<w:pStyle w:val=\"a6\"/>"), "the written tables lost the 表格正文 style")
        #expect(!xml.contains("<w:pStyle w:val=\"TableHeader\"/>") && !xml.contains("<w:pStyle w:val=\"TableText\"/>"))
    }
}
