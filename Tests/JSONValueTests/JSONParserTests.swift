import Foundation
import Testing
import JSONValue

@Suite struct JSONParserTests {
    func parse(_ text: String, locations: Bool = false) throws -> JSONDocument {
        try JSONParser.parse(Array(text.utf8), recordLocations: locations)
    }

    func syntaxError(_ bytes: [UInt8]) -> JSONSyntaxError? {
        do {
            _ = try JSONParser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func numberLiteralsAreKeptAsWritten() throws {
        let doc = try parse(#"{"a": 37.10, "b": -1e3, "c": 0, "d": "12579.31"}"#)
        #expect(doc.root["a"] == .number("37.10"))
        #expect(doc.root["b"] == .number("-1e3"))
        #expect(doc.root["a"]?.decimal == Decimal(string: "37.1"))
        #expect(doc.root["d"]?.decimal == Decimal(string: "12579.31"))
        #expect(doc.root["b"]?.decimal == Decimal(-1000))
    }

    @Test func plainDecimalStringsOnly() {
        #expect(JSONValue.string("37.14").decimal != nil)
        #expect(JSONValue.string("-5").decimal == Decimal(-5))
        #expect(JSONValue.string("5万元").decimal == nil)
        #expect(JSONValue.string("1e3").decimal == nil)
        #expect(JSONValue.string(".5").decimal == nil)
        #expect(JSONValue.string("5.").decimal == nil)
    }

    @Test func locationsByPath() throws {
        let text = """
        {
          "projects": [
            { "id": "a" },
            { "indicators": [ { "weight": 12.5 } ] }
          ],
          "键 名": 1,
          "项目名称": "x"
        }
        """
        let doc = try parse(text, locations: true)
        // Counted by hand: 4 spaces, `{ "indicators": [ { "weight": ` puts 12.5 at column 35.
        #expect(doc.locations["projects[1].indicators[0].weight"]?.line == 4)
        #expect(doc.locations["projects[1].indicators[0].weight"]?.column == 35)
        let offset = try #require(doc.locations["projects[1].indicators[0].weight"]?.offset)
        #expect(Array(text.utf8)[offset..<offset + 4] == Array("12.5".utf8)[...])
        #expect(doc.locations["projects[0].id"]?.line == 3)
        #expect(doc.locations["[\"键 名\"]"]?.line == 6)
        // Columns count characters, not bytes: `  "项目名称": ` puts "x" at column 11.
        #expect(doc.locations["项目名称"]?.column == 11)
    }

    /// Locations are kept per value in document order and found by walking the values: every
    /// path `JSONPath` writes (quoted keys holding dots, brackets and quotes, nested arrays) leads
    /// to the value's own position, counted by hand.
    @Test func locationsOfEveryKindOfPath() throws {
        let text = #"{"a.b": [[1, 2], {"x[0]": 3, "q\"k": [4]}], "c": {"d": null}}"#
        let doc = try parse(text, locations: true)
        func column(_ path: String) -> Int? { doc.locations[path]?.column }
        // Columns (1-based) counted on the one line above.
        #expect(column("") == 1)
        #expect(column(#"["a.b"]"#) == 9)
        #expect(column(#"["a.b"][0]"#) == 10)
        #expect(column(#"["a.b"][0][1]"#) == 14)
        #expect(column(#"["a.b"][1]"#) == 18)
        #expect(column(#"["a.b"][1]["x[0]"]"#) == 27)
        #expect(column(#"["a.b"][1]["q\"k"]"#) == 38)
        #expect(column(#"["a.b"][1]["q\"k"][0]"#) == 39)
        #expect(column("c.d") == 56)
        for missing in [#"["a.b"][2]"#, "c.e", "c.d.x", "c[0]", "a.b", "[", #"["x"#, "c..d"] {
            #expect(doc.locations[missing] == nil, "\(missing)")
        }
        // Paths as JSONPath writes them read back to the same components.
        let built = JSONPath.appending(JSONPath.appending(JSONPath.appending("", key: "a.b"), index: 12), key: "项目")
        #expect(JSONPath.components(of: built) == [.key("a.b"), .index(12), .key("项目")])
        #expect(try parse("[1]").locations.isEmpty)
    }

    /// E-LIM-004: one value too many is refused, with where it stands.
    @Test func valuesBeyondTheLimitAreRefused() throws {
        let text = "[" + Array(repeating: "0", count: 9).joined(separator: ",") + "]"
        #expect(throws: Never.self) { try JSONParser.parse(Array(text.utf8), maximumValues: 10) }
        do {
            _ = try JSONParser.parse(Array(text.utf8), recordLocations: true, maximumValues: 9)
            Issue.record("accepted ten values with a limit of nine")
        } catch {
            #expect(error.code == .jsonTooManyValues)
            #expect(error.location.column == 18)
            #expect(error.message.contains("9"))
        }
        // The default applies without being asked for: one more value than it allows.
        let many = "[" + String(repeating: "0,", count: JSONParser.defaultMaximumValues - 1) + "0]"
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(many.utf8)) }
    }

    @Test func duplicateKeysAreReportedWithPath() throws {
        let doc = try parse(#"{"a": {"x": 1, "x": 2}}"#)
        #expect(doc.duplicateKeys.map(\.path) == ["a.x"])
        #expect(doc.root["a"]?["x"] == .number("1"))
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let doc = try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array(#"{"a": "b"}"#.utf8))
        #expect(doc.root["a"] == .string("b"))
    }

    @Test func escapesAndSupplementaryCharacters() throws {
        let doc = try parse(#"["a\nb\t\"q\" \u00e9 \ud842\udfb7 𠮷"]"#)
        #expect(doc.root.arrayValue?.first == .string("a\nb\t\"q\" é 𠮷 𠮷"))
    }

    @Test func gbkFileIsNotUTF8() {
        // "项目" in GBK: D7 EE C4 BF
        let error = syntaxError(Array(#"{"name": ""#.utf8) + [0xD7, 0xEE, 0xC4, 0xBF] + Array(#""}"#.utf8))
        #expect(error?.code == .notUTF8)
        #expect(error?.message.contains("UTF-8") == true)
        #expect(error?.location.offset == 10)
    }

    @Test func syntaxErrorsCarryLineAndColumn() {
        let error = syntaxError(Array("{\n  \"a\": 1\n  \"b\": 2\n}".utf8))
        #expect(error?.code == .syntax)
        #expect(error?.location.line == 3)
        #expect(error?.location.column == 3)
        // The place is printed once, by the one formatter, not repeated in the message.
        #expect(error?.description.hasPrefix("E-JSON-002 第 3 行第 3 列：") == true)
        #expect(error?.message.contains("第 3 行") == false)
    }

    /// A definition typed with a Chinese input method on: each full-width mark (or single quote,
    /// or a doubled comma) is named where it is, with the ASCII mark JSON wants.
    @Test(arguments: [
        ("{“a”: 1}", 2, "中文引号"), ("{'a': 1}", 2, "单引号"), ("{\"a\": 1，\"b\": 2}", 8, "中文逗号“，”，应为英文逗号 ,"),
        ("[1，2]", 3, "中文逗号"), ("{\"a\"：1}", 5, "中文冒号“：”，应为英文冒号 :"), ("{\"a\": 1,, \"b\": 2}", 9, "多了一个逗号"),
    ])
    func inputMethodSlipsAreNamed(text: String, column: Int, words: String) {
        let error = syntaxError(Array(text.utf8))
        #expect(error?.code == .syntax)
        #expect(error?.location.column == column, "\(String(describing: error))")
        #expect(error?.message.contains(words) == true, "\(String(describing: error))")
    }

    @Test func nonFiniteNumbersAreRefused() {
        #expect(syntaxError(Array(#"{"a": NaN}"#.utf8))?.code == .nonFinite)
        #expect(syntaxError(Array(#"[Infinity]"#.utf8))?.code == .nonFinite)
        #expect(syntaxError(Array(#"[-Infinity]"#.utf8))?.code == .nonFinite)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(syntaxError(Array(deep.utf8))?.code == .tooDeep)
    }

    @Test func malformedInputs() {
        for text in ["", "   ", "{", "[1,]", "{\"a\":1,}", "{'a': 1}", "[01]", "[1.]", "[\"a\nb\"]", "[\"\\x\"]", "{\"a\" 1}", "[1] [2]", "[\"\\ud800\"]", "[tru]", "{“a”: 1}"] {
            let error = syntaxError(Array(text.utf8))
            #expect(error != nil, "accepted: \(text)")
        }
        #expect(syntaxError([])?.code == .empty)
    }

    @Test func largeStringValue() throws {
        let big = String(repeating: "绩效", count: 5_000_000)
        let doc = try parse("{\"text\": \"\(big)\"}")
        #expect(doc.root["text"]?.stringValue?.count == 10_000_000)
    }
}
