import JSONValue
import OOXML
import Testing
@testable import Templating

/// Issue 12 item 1: a part whose rows grow with the data (the 汇总表, one row per project) is
/// streamed through a temporary file while it renders instead of being held whole, and the
/// document is byte for byte the one rendered in memory.
@Suite struct SpoolTests {
    /// A row loop with merged cells (a row whose merged cells continue the row above rewrites
    /// that row) followed by an all-loop table (removed when empty), text after both.
    static let body = p("前言{{title}}")
        + table(row(cell(p("{{#rows}}{{group | merge}}")), cell(p("{{name}}")), cell(p("{{amount}}{{/rows}}"))))
        + table(row(cell(p("{{#notes}}{{.}}{{/notes}}"))))
        + p("合计{{total}}")

    static func data(rows count: Int, notes: [String] = []) -> JSONValue {
        let rows: [JSONValue] = (0..<count).map { i in
            // Groups of three rows: merged runs cross every spill point sooner or later. The
            // label fits its 1 000-twip cell (784 twips of text; “第999组” takes 819 with the fifth
            // of an em beside each side of the figure, and its merge label would break).
            ["group": .string("\(i / 3)组"), "name": .string("项目\(i)"), "amount": .string("\(i).00")]
        }
        return ["title": "汇总", "rows": .array(rows), "notes": .array(notes.map { .string($0) }), "total": "999"]
    }

    static func render(_ data: JSONValue, threshold: Int) throws -> RenderedDocument {
        let template = try Template(bytes: AttachmentFixture.package(body: body), name: "t.docx")
        let renderer = try template.makeRenderer()
        renderer.spoolThreshold = threshold
        return try renderer.render(data)
    }

    @Test func rowsPastTheThresholdAreStreamedAndTheDocumentIsUnchanged() throws {
        for (count, notes) in [(2_000, ["甲"]), (1_001, []), (7, [])] {
            let data = Self.data(rows: count, notes: notes)
            let streamed = try Self.render(data, threshold: 4_096)
            let whole = try Self.render(data, threshold: Int.max)
            #expect(streamed.bytes == whole.bytes, "\(count) rows")
            #expect(whole.spooledParts.isEmpty)
            // Seven rows stay under 4 KB: nothing goes to disk.
            #expect(streamed.spooledParts == (count > 7 ? ["word/document.xml"] : []), "\(count) rows")
        }
    }

    @Test func theStreamedPartReadsBackWhole() throws {
        let rendered = try Self.render(Self.data(rows: 3_000), threshold: 1_024)
        let archive = try ZipArchive(bytes: rendered.bytes, name: "out.docx")
        let xml = try XMLDocument(parsing: archive.read("word/document.xml"), partName: "word/document.xml")
        let rows = lines(xml)
        // The fixture opens with a chart paragraph; a continued merged cell prints nothing.
        #expect(rows.contains("前言汇总"))
        #expect(rows.last == "合计999")
        #expect(rows.contains("999组 | 项目2997 | 2997.00"))
        #expect(rows.contains(" | 项目2999 | 2999.00"))
        #expect(rows.filter { $0.contains("项目") }.count == 3_000)
    }

    @Test func aSpoolKeepsWhatIsWrittenInOrder() throws {
        let spool = try SpoolFile()
        try spool.append(Array("甲乙".utf8)[...])
        try spool.append(Array("丙".utf8)[...])
        #expect(try spool.contents() == Array("甲乙丙".utf8))
        try spool.append(Array("丁".utf8)[...])
        #expect(spool.count == Array("甲乙丙丁".utf8).count)
        #expect(try spool.contents() == Array("甲乙丙丁".utf8))
    }
}
