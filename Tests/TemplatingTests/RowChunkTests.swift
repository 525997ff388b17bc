import Foundation
import JSONValue
import OOXML
import Testing
@testable import Templating

/// Issue 12: a long row loop rendered in chunks, each deflated on its own (`RowChunking`). The
/// part's XML is the XML of the whole render; the document's bytes are the same whether the
/// pieces came from a store or were rendered afresh; a changed row costs one chunk.
@Suite struct RowChunkTests {
    /// Counts what it was asked, keeps what it was given.
    final class CountingStore: RowChunkStore, @unchecked Sendable {
        private let lock = NSLock()
        var pieces: [[UInt8]: DeflatedSegment] = [:]
        var reused = 0
        var recorded = 0
        func segment(for key: [UInt8]) -> DeflatedSegment? {
            lock.lock(); defer { lock.unlock() }
            if let piece = pieces[key] { reused += 1; return piece }
            return nil
        }
        func record(_ segment: DeflatedSegment, for key: [UInt8]) {
            lock.lock(); defer { lock.unlock() }
            pieces[key] = segment
            recorded += 1
        }
    }

    /// A header row, the loop (reading `year` from outside its rows in its last cell), a 合计 row,
    /// text after the table.
    static let body = p("{{title}}")
        + table(row(cell(p("序号")), cell(p("名称"))),
                row(cell(p("{{#rows}}{{index}}")), cell(p("{{name}}")), cell(p("{{year}}{{/rows}}"))),
                row(cell(p("合计")), cell(p("{{total}}")), cell(p(""))))
        + p("共{{count}}个")

    static func data(_ count: Int, renamed: Int? = nil, year: String = "2021") -> JSONValue {
        let rows: [JSONValue] = (0..<count).map { i in
            ["index": .string(String(i + 1)), "name": .string(i == renamed ? "改名项目\(i)" : "项目\(i)")]
        }
        return ["title": "汇总", "year": .string(year), "rows": .array(rows), "total": "9", "count": .string(String(count))]
    }

    static func render(_ data: JSONValue, body: String = body, chunks: RowChunking?) throws -> RenderedDocument {
        let template = try Template(bytes: AttachmentFixture.package(body: body), name: "t.docx")
        return try template.makeRenderer().render(data, rowChunks: chunks)
    }

    static func documentXML(_ document: RenderedDocument) throws -> [UInt8] {
        try ZipArchive(bytes: document.bytes, name: "out.docx").read("word/document.xml")
    }

    @Test func chunkedXMLIsTheWholeRendersXML() throws {
        for count in [5, 9, 10, 23] {
            let data = Self.data(count)
            let whole = try Self.render(data, chunks: nil)
            let chunked = try Self.render(data, chunks: RowChunking(rowsPerChunk: 4))
            #expect(try Self.documentXML(chunked) == (try Self.documentXML(whole)), "\(count) rows")
            #expect(whole.chunkedParts.isEmpty)
            #expect(chunked.chunkedParts == ["word/document.xml"], "\(count) rows")
        }
        // Not more rows than a chunk: rendered as before, the same bytes.
        let few = Self.data(4)
        #expect(try Self.render(few, chunks: RowChunking(rowsPerChunk: 4)).bytes == (try Self.render(few, chunks: nil)).bytes)
    }

    @Test func aStoreChangesNothingButTheWorkAndOneChangedRowCostsOneChunk() throws {
        let store = CountingStore()
        let first = try Self.render(Self.data(23), chunks: RowChunking(rowsPerChunk: 4, store: store))
        #expect(store.recorded == 6 && store.reused == 0)
        #expect(first.bytes == (try Self.render(Self.data(23), chunks: RowChunking(rowsPerChunk: 4))).bytes)

        let changed = Self.data(23, renamed: 9)
        let again = try Self.render(changed, chunks: RowChunking(rowsPerChunk: 4, store: store))
        #expect(store.reused == 5 && store.recorded == 7)
        #expect(again.bytes == (try Self.render(changed, chunks: RowChunking(rowsPerChunk: 4))).bytes)
        #expect(again.bytes != first.bytes)
    }

    /// Rows given as records of text (`LazyItems.Records`, the 汇总表's) are keyed from their
    /// bytes, without their values: the keys are the ones their values give, so a store filled
    /// by either serves the other, and the document is the list's.
    @Test func recordsAreKeyedAsTheirValuesAre() throws {
        let names = (0..<23).map { i in i == 7 ? "引号\"与\\反斜杠 \(i)" : i == 11 ? "" : "项目\(i)" }
        func records(_ names: [String]) -> LazyItems {
            LazyItems(key: "rows", count: names.count, records: LazyItems.Records(members: ["index", "name"]) { index, body in
                var number = String(index + 1), name = names[index]
                number.withUTF8(body)
                name.withUTF8(body)
            })
        }
        func data(rows: [JSONValue], count: Int, year: String) -> JSONValue {
            ["title": "汇总", "year": .string(year), "rows": .array(rows), "total": "9", "count": .string(String(count))]
        }
        func listed(_ names: [String], year: String = "2021") -> JSONValue {
            data(rows: names.indices.map { ["index": .string(String($0 + 1)), "name": .string(names[$0])] }, count: names.count, year: year)
        }
        func lazily(_ names: [String], year: String = "2021", store: CountingStore) throws -> RenderedDocument {
            let template = try Template(bytes: AttachmentFixture.package(body: Self.body), name: "t.docx")
            return try template.makeRenderer().render(data(rows: [], count: names.count, year: year), rows: records(names),
                                                      rowChunks: RowChunking(rowsPerChunk: 4, store: store))
        }
        for index in names.indices {
            #expect(records(names).item(index) == listed(names)["rows"]?.arrayValue?[index])
        }
        let byValues = CountingStore(), byRecords = CountingStore()
        let whole = try Self.render(listed(names), chunks: RowChunking(rowsPerChunk: 4, store: byValues))
        #expect(try lazily(names, store: byRecords).bytes == whole.bytes)
        #expect(Set(byRecords.pieces.keys) == Set(byValues.pieces.keys) && byRecords.recorded == 6)
        // The records' keys find the values' pieces; one changed row renders one chunk.
        var renamed = names
        renamed[9] = "改名项目"
        #expect(try lazily(renamed, store: byValues).bytes == (try Self.render(listed(renamed), chunks: RowChunking(rowsPerChunk: 4))).bytes)
        #expect(byValues.reused == 5 && byValues.recorded == 7)
        // `year` is read from outside the rows, which lack it: part of every chunk's key.
        #expect(try lazily(names, year: "2022", store: byRecords).bytes
                    == (try Self.render(listed(names, year: "2022"), chunks: RowChunking(rowsPerChunk: 4))).bytes)
        #expect(byRecords.reused == 0 && byRecords.recorded == 12)
    }

    @Test func aValueReadFromOutsideTheRowsIsPartOfTheKey() throws {
        let store = CountingStore()
        _ = try Self.render(Self.data(12), chunks: RowChunking(rowsPerChunk: 4, store: store))
        let otherYear = Self.data(12, year: "2022")
        let again = try Self.render(otherYear, chunks: RowChunking(rowsPerChunk: 4, store: store))
        #expect(store.reused == 0)
        #expect(again.bytes == (try Self.render(otherYear, chunks: RowChunking(rowsPerChunk: 4))).bytes)
        #expect(try Self.documentXML(again) == (try Self.documentXML(try Self.render(otherYear, chunks: nil))))
    }

    @Test func rowsWithMergedCellsAreRenderedWhole() throws {
        // A merged cell's row depends on the row above (and rewrites it): no chunks.
        let body = table(row(cell(p("{{#rows}}{{group | merge}}")), cell(p("{{name}}{{/rows}}"))))
        let rows: [JSONValue] = (0..<20).map { ["group": .string("第\($0 / 3)组"), "name": .string("项目\($0)")] }
        let data: JSONValue = ["rows": .array(rows)]
        let chunked = try Self.render(data, body: body, chunks: RowChunking(rowsPerChunk: 4))
        #expect(chunked.chunkedParts.isEmpty)
        #expect(chunked.bytes == (try Self.render(data, body: body, chunks: nil)).bytes)
    }

    @Test func aLoopThatEndsItsTableKeepsItsLastRowWithTheTextAfter() throws {
        // The loop is the table's last row: its last row gets keep-with-next, chunked or not.
        let body = table(row(cell(p("序号")), cell(p("名称"))), row(cell(p("{{#rows}}{{@number}}")), cell(p("{{name}}{{/rows}}")))) + p("填报人")
        let data: JSONValue = ["rows": .array((0..<10).map { .object(JSONObject([("name", .string("项目\($0)"))])) })]
        let whole = try Self.render(data, body: body, chunks: nil)
        let chunked = try Self.render(data, body: body, chunks: RowChunking(rowsPerChunk: 3))
        #expect(chunked.chunkedParts == ["word/document.xml"])
        #expect(try Self.documentXML(chunked) == (try Self.documentXML(whole)))
        #expect(String(decoding: try Self.documentXML(whole), as: UTF8.self).contains("keepNext"))
    }

    @Test func aLoopBeforeARowThatKeepsWithTheNextKeepsItsLastRowToo() throws {
        // The 汇总表's shape: the 合计 row after the loop keeps with the note row.
        let keep = para(run("合计"), pPr: "<w:keepNext/>")
        let body = table(row(cell(p("序号")), cell(p("名称"))), row(cell(p("{{#rows}}{{@number}}")), cell(p("{{name}}{{/rows}}"))),
                         row(cell(keep), cell(para(run("9"), pPr: "<w:keepNext/>"))), row(cell(p("注")), cell(p("")))) + p("后")
        let data: JSONValue = ["rows": .array((0..<10).map { .object(JSONObject([("name", .string("项目\($0)"))])) })]
        let whole = try Self.render(data, body: body, chunks: nil)
        let chunked = try Self.render(data, body: body, chunks: RowChunking(rowsPerChunk: 3))
        #expect(chunked.chunkedParts == ["word/document.xml"])
        #expect(try Self.documentXML(chunked) == (try Self.documentXML(whole)))
        let xml = String(decoding: try Self.documentXML(whole), as: UTF8.self)
        #expect(xml.components(separatedBy: "keepNext").count - 1 > 2, "the last project row keeps too")
    }

    @Test func aTableThatVanishesWhenEmptyIsRenderedWhole() throws {
        // Every row repeats: the table may yet be dropped, so its rows are not cut into pieces.
        let body = table(row(cell(p("{{#rows}}{{@number}}")), cell(p("{{name}}{{/rows}}")))) + p("后")
        let data: JSONValue = ["rows": .array((0..<10).map { .object(JSONObject([("name", .string("项目\($0)"))])) })]
        let chunked = try Self.render(data, body: body, chunks: RowChunking(rowsPerChunk: 3))
        #expect(chunked.chunkedParts.isEmpty)
        #expect(chunked.bytes == (try Self.render(data, body: body, chunks: nil)).bytes)
    }
}
