import Foundation
import Testing

/// Staff review 5: the 合计 row of a default form deleted in Word. It used to pass every check,
/// and each 自评表 came out without 总分 and 等次 (what the officer signs); now it is E-TPL-038,
/// from `template check`, `template preview` and `package --templates` alike.
@Suite struct TemplateTotalsTests {
    typealias Restyle = TemplateRestyleTests

    /// The row holding the first `marker` after `anchor` (the start when nil).
    static func row(holding marker: String, after anchor: String?, in text: String) -> Range<String.Index>? {
        let from = anchor.flatMap { text.range(of: $0)?.upperBound } ?? text.startIndex
        guard let at = text.range(of: marker, range: from..<text.endIndex),
              let start = text.range(of: "<w:tr>", options: .backwards, range: text.startIndex..<at.lowerBound),
              let end = text.range(of: "</w:tr>", range: at.upperBound..<text.endIndex) else { return nil }
        return start.lowerBound..<end.upperBound
    }

    /// A copy of `file` without the 合计 row (the row holding `marker` after `anchor`), and the
    /// number of that row's table as Word counts it (tables before it in the body, plus one).
    static func withoutTotalRow(_ file: String, marker: String, after anchor: String? = nil) throws -> (dir: URL, table: Int) {
        var table = 0
        let dir = try Restyle.edited(in: file) { text in
            guard let range = row(holding: marker, after: anchor, in: text) else { return }
            table = text[..<range.lowerBound].components(separatedBy: "<w:tbl>").count - 1
            text.removeSubrange(range)
        }
        return (dir, table)
    }

    /// Each default form's 合计 row deleted: one E-TPL-038 at the loop's table naming the lost totals.
    @Test(arguments: [
        ("self-evaluation-sheet.docx", "{{sheet.total}}", nil, ["{{sheet.total}}", "{{sheet.grade}}", "{{sheet.totalWeight}}"]),
        ("self-evaluation-sheet.docx", "{{sheet.total}}", "{{/ippe.rows}}", ["{{sheet.total}}"]),
        ("summary.docx", "{{summary.total.executed}}", nil, ["{{summary.total.annualBudget}}", "{{summary.total.executed}}"]),
        ("project-report.docx", "{{sheet.total}}", nil, ["{{sheet.total}}", "{{sheet.grade}}"]),
        ("project-report.docx", "{{funds.total.balance}}", nil, ["{{funds.total.balance}}"]),
    ] as [(String, String, String?, [String])])
    func aDeletedTotalRowIsAnError(file: String, marker: String, anchor: String?, totals: [String]) throws {
        let (dir, table) = try Self.withoutTotalRow(file, marker: marker, after: anchor)
        let checked = try Restyle.check(dir, file)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 1, "\(checked.lines)")
        let line = checked.lines.first ?? ""
        #expect(line.contains("E-TPL-038") && line.contains("正文 第 \(table) 个表格"), "\(line)")
        for total in totals { #expect(line.contains(total), "\(total): \(line)") }
    }

    /// Nothing is written from such a template: not a preview, not a package.
    @Test func previewAndPackageRefuseATemplateWithoutItsTotals() throws {
        let (dir, _) = try Self.withoutTotalRow(Restyle.sheet, marker: "{{sheet.total}}")
        let template = dir.appendingPathComponent(Restyle.sheet).path
        let preview = dir.appendingPathComponent("预览.docx")
        let previewed = try EndToEnd.reportgen(["template", "preview", template, "-o", preview.path])
        #expect(previewed.status == 1 && previewed.stderr.contains("E-TPL-038"), "\(previewed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: preview.path))
        let out = dir.appendingPathComponent("out")
        let package = PackageTests.examplePackage("zhongdian-jiuzhu-2021").path
        let packaged = try EndToEnd.reportgen(["package", package, "--templates", dir.path, "-o", out.path])
        #expect(packaged.status == 1 && packaged.stderr.contains("E-TPL-038") && packaged.stderr.contains(template), "\(packaged.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// The totals moved from the 合计 row to a line under the table, in the same section: fine.
    /// Worded as a condition (`{{#等次 == "优"}}`), the grade is still printed.
    @Test func totalsUnderTheTableInTheSameSectionPass() throws {
        let dir = try Restyle.edited { text in
            guard let range = Self.row(holding: "{{sheet.total}}", after: nil, in: text) else { return }
            text.removeSubrange(range)
            guard let end = text.range(of: "</w:tbl>", range: range.lowerBound..<text.endIndex) else { return }
            text.insert(contentsOf: "<w:p><w:r><w:t>合计分值 {{sheet.totalWeight}}，自评得分 {{sheet.total}}，"
                        + "{{#等次 == \"优\"}}等次：优{{/}}{{^等次 == \"优\"}}等次：{{sheet.grade}}{{/}}</w:t></w:r></w:p>", at: end.upperBound)
        }
        let checked = try Restyle.check(dir)
        #expect(checked.status == 0, "\(checked.lines)")
        #expect(checked.lines.isEmpty, "\(checked.lines)")
    }

    /// The indicator row of the project report's mof 自评表 deleted, its 合计 row left: W-TPL-015
    /// at that table (the other tables keep their rows), and the check still passes.
    @Test func aTotalRowWithoutItsRowsIsWarned() throws {
        var table = 0
        let dir = try Restyle.edited(in: "project-report.docx") { text in
            guard let range = Self.row(holding: "{{#sheet.rows}}", after: "{{#scheme.mof}}", in: text) else { return }
            table = text[..<range.lowerBound].components(separatedBy: "<w:tbl>").count - 1
            text.removeSubrange(range)
        }
        let checked = try Restyle.check(dir, "project-report.docx")
        #expect(checked.status == 0)
        #expect(checked.lines.count == 1, "\(checked.lines)")
        #expect(checked.lines.first.map { $0.contains("W-TPL-015 正文 第 \(table) 个表格") && $0.contains("{{sheet.total}}") } == true, "\(checked.lines)")
    }

    /// A total typed with full-width braces in the 合计 row is one message (E-TPL-023), not also
    /// reported as missing.
    @Test func aMistypedTotalIsNotAlsoMissing() throws {
        let dir = try Restyle.edited([("{{sheet.total}}", "｛｛sheet.total｝｝")])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 1 && checked.lines[0].contains("E-TPL-023"), "\(checked.lines)")
    }
}

/// A tag in a text box is named by the box's number in the part and its paragraph there: "文本框中"
/// alone left a person searching every box of the page.
@Suite struct TextBoxPlaceTests {
    static func textBox(_ paragraphs: [String], id: Int) -> String {
        let body = paragraphs.map { "<w:p><w:r><w:t>\($0)</w:t></w:r></w:p>" }.joined()
        return "<w:r><w:drawing><wp:anchor xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\" simplePos=\"0\" relativeHeight=\"1\" behindDoc=\"0\" locked=\"0\" layoutInCell=\"1\" allowOverlap=\"1\">"
            + "<wp:simplePos x=\"0\" y=\"0\"/><wp:positionH relativeFrom=\"column\"><wp:posOffset>0</wp:posOffset></wp:positionH>"
            + "<wp:positionV relativeFrom=\"paragraph\"><wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent cx=\"2000000\" cy=\"600000\"/>"
            + "<wp:wrapNone/><wp:docPr id=\"\(id)\" name=\"文本框 \(id)\"/><a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">"
            + "<a:graphicData uri=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\">"
            + "<wps:wsp xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\"><wps:cNvSpPr txBox=\"1\"/><wps:spPr/>"
            + "<wps:txbx><w:txbxContent>\(body)</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    }

    @Test func aTagInATextBoxNamesTheBoxAndItsParagraph() throws {
        let boxes = Self.textBox(["填报说明"], id: 901) + Self.textBox(["说明", "", "联系人：{{contact.nmae}}"], id: 902)
        let dir = try TemplateRestyleTests.edited { text in
            guard let at = text.range(of: "<w:r><w:t>填报人：") else { return }
            text.insert(contentsOf: boxes, at: at.lowerBound)
        }
        let checked = try TemplateRestyleTests.check(dir)
        #expect(checked.status == 1)
        // The second box; its third paragraph is the second with text.
        #expect(checked.lines.count == 1 && checked.lines[0].contains("E-TPL-020 正文 第 2 个文本框 第 2 段："), "\(checked.lines)")
    }
}
