import Foundation
import OOXML
import Testing

/// Leftovers 13: a content control (内容控件, `w:sdt`) in a repeated row was copied with the
/// template's `w:sdtPr/w:id` in every copy, where Word wants each control's id unique (as it
/// does a drawing's, `StaffReview7Tests`). Each copy now gets an id of its own, above the
/// template's largest, the same on every run. (docx-check does not compare these ids; it did
/// catch the first attempt, which wrote the id into a one-value paragraph's cut bytes.)
@Suite struct ContentControlIDTests {
    /// The project report with `{{title}}` of the 自评工作人员 row inside a plain-text content
    /// control (id 7), and another control outside the loop holding the template's largest id.
    static func reportWithControlInLoopRow() throws -> URL {
        let control = "<w:sdt><w:sdtPr><w:id w:val=\"7\"/><w:text/></w:sdtPr><w:sdtContent><w:r><w:t>{{title}}</w:t></w:r></w:sdtContent></w:sdt>"
        let outside = "<w:sdt><w:sdtPr><w:id w:val=\"900\"/><w:text/></w:sdtPr><w:sdtContent><w:r><w:t>{{project.title}}</w:t></w:r></w:sdtContent></w:sdt>"
        return try TemplateRestyleTests.edited([("<w:r><w:t>{{title}}</w:t></w:r>", control),
                                                ("<w:r><w:t>{{project.title}}</w:t></w:r>", outside)], in: StaffReview7Tests.report)
    }

    static func render(_ dir: URL, evaluators names: [String]) throws -> String {
        let sample = EndToEnd.packageRoot.appendingPathComponent("templates/samples/project-report-mof.json")
        var data = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: sample)) as? [String: Any])
        let evaluator = try #require((data["evaluators"] as? [[String: Any]])?.first)
        data["evaluators"] = names.map { name in evaluator.merging(["name": name]) { $1 } }
        let dataFile = dir.deletingLastPathComponent().appendingPathComponent("数据.json")
        try JSONSerialization.data(withJSONObject: data).write(to: dataFile)
        let output = dir.deletingLastPathComponent().appendingPathComponent("报告-\(names.count).docx")
        let rendered = try EndToEnd.reportgen(["render", "--template", dir.appendingPathComponent(StaffReview7Tests.report).path,
                                               "--data", dataFile.path, "-o", output.path])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let document = try DocxPackage(path: output.path)
        return String(decoding: try document.bytes(of: document.mainDocumentPartName), as: UTF8.self)
    }

    static func ids(_ text: String) -> [String] {
        text.components(separatedBy: "<w:id w:val=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func aContentControlInARepeatedRowGetsAnIdPerCopy() throws {
        let dir = try Self.reportWithControlInLoopRow()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let checked = try TemplateRestyleTests.check(dir, StaffReview7Tests.report)
        #expect(checked.status == 0 && checked.lines.isEmpty, "\(checked.lines)")
        let text = try Self.render(dir, evaluators: ["王一", "王二", "王三"])
        let ids = Self.ids(text)
        // The control outside the loop keeps its id; the three copies have three new ones, none
        // of them a template id.
        #expect(ids.count == 4 && ids.contains("900"), "\(ids)")
        let copies = ids.filter { $0 != "900" }
        #expect(Set(copies).count == 3 && !copies.contains("7") && !copies.contains("900"), "\(ids)")
        // The same input, the same bytes.
        #expect(try Self.render(dir, evaluators: ["王一", "王二", "王三"]) == text)
    }

    @Test(.enabled(if: EndToEnd.shared != nil && TemplatePreviewTests.which("soffice") != nil,
                   "需要 ../shared/tools/docx-check 与它运行的 LibreOffice"))
    func aContentControlInARepeatedRowPassesDocxCheck() throws {
        let dir = try Self.reportWithControlInLoopRow()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        _ = try Self.render(dir, evaluators: ["王一", "王二", "王三"])
        let output = dir.deletingLastPathComponent().appendingPathComponent("报告-3.docx")
        let checked = try #require(try EndToEnd.docxCheck(output))
        #expect(checked.status == 0, "\(checked.stdout)")
    }
}
