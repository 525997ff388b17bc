import JSONValue
import Testing
@testable import Templating

/// Issue 12: a top-level list whose items are made one at a time as its loop renders (the
/// 决算公开 document's 附件, one per project) gives the document the same list in the data gives.
@Suite struct LazyItemsTests {
    final class Calls { var indices: [Int] = [] }

    static func lazy(_ data: JSONValue, calls: Calls) -> (JSONValue, LazyItems) {
        let items = data["rows"]?.arrayValue ?? []
        var object = data.objectValue ?? JSONObject()
        object.members = object.members.map { $0.key == "rows" ? (key: "rows", value: .array([])) : $0 }
        return (.object(object), LazyItems(key: "rows", count: items.count) { index in
            calls.indices.append(index)
            return items[index]
        })
    }

    @Test func itemsMadeOneAtATimeGiveTheSameDocumentAsTheList() throws {
        for (count, threshold) in [(2_000, 4_096), (7, Int.max), (0, Int.max)] {
            let data = SpoolTests.data(rows: count, notes: ["甲"])
            let template = try Template(bytes: AttachmentFixture.package(body: SpoolTests.body), name: "t.docx")
            let renderer = try template.makeRenderer()
            renderer.spoolThreshold = threshold
            let whole = try renderer.render(data)
            let calls = Calls()
            let (stand, rows) = Self.lazy(data, calls: calls)
            let made = try renderer.render(stand, rows: rows)
            #expect(made.bytes == whole.bytes, "\(count) rows")
            // Each item is asked for once, in order.
            #expect(calls.indices == Array(0..<count))
        }
    }

    /// A loop over the key inside an item, or a test of whether there are items, sees them too.
    @Test func anInvertedSectionCountsTheItems() throws {
        let body = p("{{^rows}}空{{/rows}}") + p("{{#rows}}{{name}}；{{/rows}}")
        let template = try Template(bytes: AttachmentFixture.package(body: body), name: "t.docx")
        for names in [["甲", "乙"], []] {
            let data: JSONValue = ["rows": .array(names.map { ["name": .string($0)] })]
            let calls = Calls()
            let (stand, rows) = Self.lazy(data, calls: calls)
            let made = try template.makeRenderer().render(stand, rows: rows)
            let whole = try template.makeRenderer().render(data)
            #expect(made.bytes == whole.bytes, "\(names)")
            #expect(calls.indices == Array(names.indices))
        }
    }
}
