import Foundation
import Testing
import JSONValue
@testable import Reports

/// The subset of JSON Schema 2020-12 the two schema files use, enough to check that the
/// schemas and the decoder agree. Returns the paths that fail.
struct SchemaValidator {
    let documents: [String: JSONValue]   // file name → schema

    func validate(_ value: JSONValue, against file: String) -> [String] {
        guard let schema = documents[file] else { return ["no schema \(file)"] }
        var failures: [String] = []
        check(value, schema, file: file, path: "", &failures)
        return failures
    }

    private func resolve(_ ref: String, from file: String) -> (JSONValue, String)? {
        let parts = ref.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let target = parts[0].isEmpty ? file : parts[0]
        guard var node = documents[target] else { return nil }
        if parts.count > 1 {
            for component in parts[1].split(separator: "/") {
                guard let next = node[String(component)] else { return nil }
                node = next
            }
        }
        return (node, target)
    }

    private func typeMatches(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null): return true
        case ("number", .number): return true
        case ("integer", .number(let n)): return Int(n) != nil
        default: return false
        }
    }

    private func matches(_ text: String, _ pattern: String) -> Bool {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    private func check(_ value: JSONValue, _ schema: JSONValue, file: String, path: String, _ failures: inout [String]) {
        let before = failures.count
        func fail(_ why: String) { failures.append("\(path): \(why)") }
        if let ref = schema["$ref"]?.stringValue {
            if let (target, targetFile) = resolve(ref, from: file) { check(value, target, file: targetFile, path: path, &failures) }
            else { fail("unresolved \(ref)") }
        }
        switch schema["type"] {
        case .string(let t)? where !typeMatches(value, t): fail("type \(t)")
        case .array(let ts)? where !ts.contains(where: { $0.stringValue.map { typeMatches(value, $0) } ?? false }): fail("type \(ts)")
        default: break
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) { fail("enum") }
        if let constant = schema["const"], constant != value { fail("const") }
        if case .string(let s) = value {
            if let p = schema["pattern"]?.stringValue, !matches(s, p) { fail("pattern \(p)") }
        }
        if case .number(let n) = value, let d = Decimal(string: n) {
            if let min = schema["minimum"]?.decimal, d < min { fail("minimum") }
            if let max = schema["maximum"]?.decimal, d > max { fail("maximum") }
        }
        if let anyOf = schema["anyOf"]?.arrayValue {
            let ok = anyOf.contains { option in
                var scratch: [String] = []
                check(value, option, file: file, path: path, &scratch)
                return scratch.isEmpty
            }
            if !ok { fail("anyOf") }
        }
        if case .array(let items) = value, let itemSchema = schema["items"] {
            for (i, item) in items.enumerated() { check(item, itemSchema, file: file, path: path + "[\(i)]", &failures) }
        }
        if case .object(let object) = value {
            for key in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[key] == nil {
                fail("required \(key)")
            }
            let properties = schema["properties"]?.objectValue
            let patterns = schema["patternProperties"]?.objectValue
            for (key, member) in object.members {
                let childPath = JSONPath.appending(path, key: key)
                if let names = schema["propertyNames"] {
                    var scratch: [String] = []
                    check(.string(key), names, file: file, path: childPath, &scratch)
                    if !scratch.isEmpty { fail("propertyNames \(key)") }
                }
                var handled = false
                if let p = properties?[key] { check(member, p, file: file, path: childPath, &failures); handled = true }
                for (pattern, p) in patterns?.members ?? [] where matches(key, pattern) {
                    check(member, p, file: file, path: childPath, &failures); handled = true
                }
                if !handled, let additional = schema["additionalProperties"] {
                    if additional == .bool(false) { fail("additional property \(key)") }
                    else { check(member, additional, file: file, path: childPath, &failures) }
                }
            }
        }
        _ = before
    }
}

@Suite struct SchemaTests {
    static let repository = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func parse(_ url: URL) throws -> JSONValue {
        try JSONParser.parse(Array(try Data(contentsOf: url))).root
    }

    let validator: SchemaValidator

    init() throws {
        let dir = Self.repository.appendingPathComponent("schema")
        validator = SchemaValidator(documents: [
            "project.schema.json": try Self.parse(dir.appendingPathComponent("project.schema.json")),
            "package.schema.json": try Self.parse(dir.appendingPathComponent("package.schema.json")),
            "final-accounts.schema.json": try Self.parse(dir.appendingPathComponent("final-accounts.schema.json")),
        ])
    }

    static func files(_ relative: String, suffix: String = ".json") -> [URL] {
        let dir = repository.appendingPathComponent(relative)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { dir.appendingPathComponent($0) }
    }

    static var examplePackages: [URL] {
        ((try? FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("examples").path)) ?? [])
            .sorted().map { repository.appendingPathComponent("examples/\($0)/package.json") }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    @Test func everyExampleAndValidFixtureSatisfiesBothSchemaAndDecoder() throws {
        var projectFiles = Self.files("Tests/ReportsTests/Fixtures/valid")
        var count = 0
        for package in Self.examplePackages + [Fixtures.root.appendingPathComponent("packages/good/package.json")] {
            #expect(validator.validate(try Self.parse(package), against: "package.schema.json") == [], "\(package.path)")
            projectFiles += Self.files(package.deletingLastPathComponent().path
                .replacingOccurrences(of: Self.repository.path + "/", with: "") + "/projects")
            #expect(problems(of: package.path).allSatisfy { !$0.isError })
        }
        for file in projectFiles {
            #expect(validator.validate(try Self.parse(file), against: "project.schema.json") == [], "\(file.path)")
            count += 1
        }
        #expect(count >= 18)
    }

    @Test func finalAccountsSchemaAgreesWithTheDecoder() throws {
        let url = Self.repository.appendingPathComponent("examples/panzhihua-2021/final-accounts.json")
        #expect(validator.validate(try Self.parse(url), against: "final-accounts.schema.json") == [])
        // An unknown section and a fractional count: both reject.
        let bad = try JSONParser.parse(Array(#"{"figures": {"收人": 1, "国有资产": {"车辆合计": 1.5}}, "body": []}"#.utf8)).root
        #expect(validator.validate(bad, against: "final-accounts.schema.json").count == 2)
        let dir = try TemporaryDirectory()
        try dir.write("fa.json", #"{"figures": {"收人": 1, "国有资产": {"车辆合计": 1.5}}, "body": []}"#)
        let package = try dir.write("package.json", #"{"format": "reportgen/1", "year": 2021, "unit": {"name": "某局"}, "finalAccounts": "fa.json", "projects": []}"#)
        #expect(problems(of: package).filter(\.isError).map(\.code.rawValue).sorted() == ["E-FA-001", "E-FA-002"])
    }

    /// Fixtures whose fault is one of shape: the schema must reject them, as the decoder does.
    static let schemaViolations = [
        "bad-date-format", "bad-direction", "bad-fund-level", "bad-id", "bad-money-string", "bad-money-unit",
        "bad-scoring", "bad-table-kind", "bad-year-fraction", "empty-body-node", "empty-name", "ippe-unknown-item",
        "missing-budget-weight", "missing-evaluator-name", "missing-id", "missing-target", "negative-money",
        "negative-weight", "unknown-key-fund", "unknown-key-indicator", "unknown-key-period", "unknown-key-top",
        "wrong-type-chart", "wrong-type-fund-item", "wrong-type-indicators", "wrong-type-name", "wrong-type-null",
        "wrong-type-root-array", "wrong-type-weight", "wrong-type-year-string",
    ]

    @Test(arguments: schemaViolations)
    func schemaViolationIsRejectedByBoth(_ name: String) throws {
        let url = Fixtures.root.appendingPathComponent("invalid/\(name).json")
        #expect(validator.validate(try Self.parse(url), against: "project.schema.json") != [], "schema accepted \(name)")
        #expect(problems(of: url.path).contains { $0.isError }, "decoder accepted \(name)")
    }

    @Test func everyFieldHasAChineseTitleAndDescription() throws {
        for (file, schema) in validator.documents {
            var missing: [String] = []
            func visit(_ node: JSONValue, _ path: String) {
                guard case .object(let object) = node else {
                    if case .array(let items) = node { for (i, item) in items.enumerated() { visit(item, path + "[\(i)]") } }
                    return
                }
                for container in ["properties", "$defs"] {
                    for (key, child) in object[container]?.objectValue?.members ?? [] {
                        let hasTitle = child["title"]?.stringValue.map { $0.unicodeScalars.contains { $0.properties.isIdeographic } } ?? false
                        let hasDescription = child["description"]?.stringValue.map { !$0.isEmpty } ?? false
                        if !hasTitle || !hasDescription { missing.append("\(path)/\(container)/\(key)") }
                    }
                }
                for (key, child) in object.members { visit(child, path + "/" + key) }
            }
            visit(schema, "")
            #expect(missing == [], "\(file): \(missing)")
        }
    }

    @Test func validatorItselfRejectsAndAccepts() {
        let schema: JSONValue = .object(JSONObject([("type", .string("object")), ("required", .array([.string("a")])),
                                                    ("additionalProperties", .bool(false)),
                                                    ("properties", .object(JSONObject([("a", .object(JSONObject([("type", .string("integer"))])))])))]))
        let v = SchemaValidator(documents: ["s": schema])
        #expect(v.validate(.object(JSONObject([("a", .number("1"))])), against: "s") == [])
        #expect(v.validate(.object(JSONObject([("a", .number("1.5"))])), against: "s") != [])
        #expect(v.validate(.object(JSONObject([("b", .number("1"))])), against: "s").count == 2)
    }
}
