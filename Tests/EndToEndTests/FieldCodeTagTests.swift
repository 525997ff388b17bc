import Foundation
import Testing

/// Staff review 5: a tag typed into a Word field's code (Insert → 文档部件 → 域, or Alt+F9 and
/// typing) was skipped without a word; it is never filled, and Word prints it as typed when the
/// field is updated. A tag in a HYPERLINK field's shown result is its text and is filled; in
/// other fields' results it is E-TPL-046 (staff review 8, `StaffReview8Tests`).
@Suite struct FieldCodeTagTests {
    static func field(code: String, result: String) -> String {
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\">\(code)</w:instrText></w:r>"
            + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>\(result)</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
    }

    @Test func aTagInAFieldCodeIsAnError() throws {
        let dir = try TemplateRestyleTests.edited([
            ("<w:r><w:t>{{project.department}}</w:t></w:r>", Self.field(code: " QUOTE \"{{project.department}}\" ", result: "主管部门")),
            ("<w:r><w:t>{{project.implementer}}</w:t></w:r>",
             "<w:fldSimple w:instr=\" MERGEFIELD {{project.implementer}} \"><w:r><w:t>«实施单位»</w:t></w:r></w:fldSimple>"),
        ])
        let checked = try TemplateRestyleTests.check(dir)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 2 && checked.lines.allSatisfy { $0.contains("E-TPL-039") && $0.contains("域代码") }, "\(checked.lines)")
        #expect(checked.lines.first?.contains("QUOTE \"{{project.department}}\"") == true, "\(checked.lines)")
        #expect(checked.lines.last?.contains("（标签 {{project.implementer}}）") == true, "\(checked.lines)")
    }

    @Test func aTagInAHyperlinkResultIsFilled() throws {
        let dir = try TemplateRestyleTests.edited([
            ("<w:r><w:t>{{project.department}}</w:t></w:r>",
             Self.field(code: " HYPERLINK &quot;https://www.example.gov.cn/&quot; ", result: "{{project.department}}")),
        ])
        let checked = try TemplateRestyleTests.check(dir)
        #expect(checked.status == 0 && checked.lines.isEmpty, "\(checked.lines)")
    }
}
