import Foundation
import Testing

/// `reportgen render` / `template check` / `template fields` on the templating fixtures.
@Suite struct TemplatingCommandTests {
    static let fixtures = EndToEnd.packageRoot.appendingPathComponent("Tests/TemplatingFixtures")
    static var wordLike: String { fixtures.appendingPathComponent("word-like.docx").path }
    static var wordLikeData: String { fixtures.appendingPathComponent("word-like.json").path }

    @Test func renderWritesTheDocument() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.docx")
        let result = try EndToEnd.reportgen(["render", "--template", Self.wordLike, "--data", Self.wordLikeData, "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Data(contentsOf: out).starts(with: Array("PK".utf8)))
    }

    /// A data file that is not JSON: one coded line naming the file and the place once.
    @Test func badDataNamesItsPlaceOnce() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data.json")
        try Data("{\n  \"a\": 1\n  \"b\": 2\n}".utf8).write(to: data)
        let result = try EndToEnd.reportgen(["render", "--template", Self.wordLike, "--data", data.path, "-o", dir.appendingPathComponent("out.docx").path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("E-JSON-002 数据文件 \(data.path) 第 3 行第 3 列："), "\(result.stderr)")
        #expect(result.stderr.components(separatedBy: "第 3 行").count == 2, "\(result.stderr)")
    }

    @Test(.enabled(if: EndToEnd.shared != nil && TemplatePreviewTests.which("soffice") != nil, "../shared/tools or LibreOffice missing"))
    func renderOpensInLibreOfficeAndPassesDocxCheck() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.docx")
        let result = try EndToEnd.reportgen(["render", "--template", Self.wordLike, "--data", Self.wordLikeData, "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let check = try #require(try EndToEnd.docxCheck(out))
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("PASS  libreoffice-pdf"))
    }

    @Test func checkReportsAllErrorsAndFails() throws {
        let result = try EndToEnd.reportgen(["template", "check", Self.fixtures.appendingPathComponent("bad.docx").path])
        #expect(result.status == 1)
        for code in ["E-TPL-001", "E-TPL-002", "E-TPL-004", "E-TPL-005", "E-TPL-006", "E-TPL-007", "E-TPL-009", "E-TPL-011"] {
            #expect(result.stderr.contains(code), "missing \(code)")
        }
        #expect(result.stderr.contains("页眉 第 1 段：结束标签 {{/nothing}}"))
        #expect(result.stderr.contains("正文 第 1 个表格 第 1 行 第 1 列"))
        let ok = try EndToEnd.reportgen(["template", "check", Self.wordLike])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("检查通过"))
    }

    @Test func fieldsAsJSONAndTable() throws {
        let result = try EndToEnd.reportgen(["template", "fields", Self.wordLike, "--json"])
        #expect(result.status == 0)
        let fields = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        let paths = fields.compactMap { $0["path"] as? String }
        #expect(paths.contains("项目名称"))
        #expect(paths.contains("unit.department"))
        let merge = fields.first { ($0["path"] as? String) == "level1" }
        #expect(((merge?["filters"] as? [[String: Any]])?.first?["name"] as? String) == "merge")
        let indicators = fields.first { ($0["path"] as? String) == "indicators" && ($0["kind"] as? String) == "section" }
        #expect((indicators?["placement"] as? String) == "rows")
        let table = try EndToEnd.reportgen(["template", "fields", Self.wordLike])
        #expect(table.stdout.contains("{{level1 | merge}}\t取值\tlevel1\tmerge"))
        #expect(table.stdout.contains("区段（重复表格行）"))
    }

    @Test func missingDataListsEveryPath() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("d.json")
        try Data(#"{"id": "x", "filledOn": "2021-01-01", "total": 1, "evaluators": [{"name": "甲"}]}"#.utf8).write(to: data)
        let out = dir.appendingPathComponent("o.docx")
        let result = try EndToEnd.reportgen(["render", "--template", Self.wordLike, "--data", data.path, "-o", out.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-RND-001"))
        #expect(result.stderr.contains("项目名称"))
        #expect(result.stderr.contains("evaluators[0].title"))
        #expect(result.stderr.contains("unit.department"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let lenient = try EndToEnd.reportgen(["render", "--template", Self.wordLike, "--data", data.path, "-o", out.path, "--missing", "empty"])
        #expect(lenient.status == 0, "\(lenient.stderr)")
    }

    @Test func eachWritesOneDocumentPerItem() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("items.json")
        let one = try String(contentsOfFile: Self.wordLikeData, encoding: .utf8)
        let items = (1...5).map { one.replacingOccurrences(of: "\"zhongdian-jiuzhu\"", with: "\"p\($0)\"") }
        try Data(("[" + items.joined(separator: ",") + "]").utf8).write(to: data)
        let out = dir.appendingPathComponent("out")
        let result = try EndToEnd.reportgen(["render", "--template", Self.wordLike, "--data", data.path, "--each", "-o", out.path, "--name", "{{id}}.docx"])
        #expect(result.status == 0, "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == ["p1.docx", "p2.docx", "p3.docx", "p4.docx", "p5.docx"])

        // Duplicate names are refused and reported.
        let dup = try EndToEnd.reportgen(["render", "--template", Self.wordLike, "--data", data.path, "--each", "-o", dir.appendingPathComponent("dup").path, "--name", "{{unit.name}}.docx"])
        #expect(dup.status == 1)
        #expect(dup.stderr.contains("重复"))
    }

    /// One bad item: by default nothing is written (the folder keeps what it had, no staging
    /// folder is left); with --keep-going the good items are written and the bad one listed.
    @Test func eachIsAllOrNothingUnlessKeepGoing() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("items.json")
        let one = try String(contentsOfFile: Self.wordLikeData, encoding: .utf8)
        var items = (1...5).map { one.replacingOccurrences(of: "\"zhongdian-jiuzhu\"", with: "\"p\($0)\"") }
        items[2] = items[2].replacingOccurrences(of: "\"contact\"", with: "\"contact-renamed\"")
        try Data(("[" + items.joined(separator: ",") + "]").utf8).write(to: data)
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: out.appendingPathComponent("mine.txt"))

        let strict = try EndToEnd.reportgen(["render", "--template", Self.wordLike, "--data", data.path, "--each", "-o", out.path])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("第 3 项") && strict.stderr.contains("未写入任何文件"), "\(strict.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["mine.txt"])

        let lenient = try EndToEnd.reportgen(["render", "--template", Self.wordLike, "--data", data.path, "--each", "-o", out.path, "--keep-going"])
        #expect(lenient.status == 1)
        #expect(lenient.stderr.contains("第 3 项"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["mine.txt", "p1.docx", "p2.docx", "p4.docx", "p5.docx"])
    }

    @Test func badDelimitersAndMissingOption() throws {
        let result = try EndToEnd.reportgen(["render", "--template", Self.wordLike, "--data", Self.wordLikeData, "-o", "/tmp/x.docx", "--delimiters", "{"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-TPL-014"))
        let missing = try EndToEnd.reportgen(["render", "--template", Self.wordLike, "--data", Self.wordLikeData, "-o", "/tmp/x.docx", "--missing", "maybe"])
        // A word the option does not take is a command-line mistake: exit 2 (review 7).
        #expect(missing.status == 2 && missing.stderr.contains("E-CLI-002"), "\(missing.stderr)")
    }
}
