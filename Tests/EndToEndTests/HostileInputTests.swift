import Foundation
import Testing

/// Inputs a careless or hostile user writes, through the built binary.
@Suite struct HostileInputTests {
    static let example = EndToEnd.packageRoot.appendingPathComponent("examples/yanbian-2021")

    /// A package of the example's first two projects, renamed to `names`.
    static func package(names: [String], in work: URL) throws -> URL {
        let projects = work.appendingPathComponent("projects")
        try FileManager.default.createDirectory(at: projects, withIntermediateDirectories: true)
        let sources = try FileManager.default.contentsOfDirectory(atPath: example.appendingPathComponent("projects").path).sorted()
        var listed: [String] = []
        for (name, source) in zip(names, sources) {
            let data = try Data(contentsOf: example.appendingPathComponent("projects/\(source)"))
            var project = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            project["name"] = name
            try JSONSerialization.data(withJSONObject: project).write(to: projects.appendingPathComponent(source))
            listed.append("projects/\(source)")
        }
        let package: [String: Any] = ["format": "reportgen/1", "year": 2021, "unit": ["name": "测试单位"], "projects": listed]
        let file = work.appendingPathComponent("package.json")
        try JSONSerialization.data(withJSONObject: package).write(to: file)
        return file
    }

    /// Windows and macOS take `ABC项目` and `abc项目` for one file: copied there, one project's
    /// files overwrote the other's. Names equal but for case get the id, as names equal after
    /// making them safe always did.
    @Test func namesEqualButForCaseGetTheirIDs() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let file = try Self.package(names: ["ABC项目", "abc项目"], in: work)
        let out = work.appendingPathComponent("out")
        let result = try EndToEnd.reportgen(["package", file.path, "-o", out.path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(Set(names.map { $0.lowercased() }).count == names.count, "\(names.sorted())")
        let reports = names.filter { $0.hasPrefix("项目支出绩效自评报告-") }.sorted()
        #expect(reports.count == 2)
        #expect(reports.allSatisfy { !$0.hasSuffix("ABC项目.docx") && !$0.hasSuffix("abc项目.docx") }, "\(reports)")
    }

    /// Names are compared as Strings (canonical equivalence), also now that the usual names
    /// (CJK, ASCII, full-width punctuation) are compared as bytes: the same name twice, a name in
    /// NFC and in NFD (`é` and `e` + U+0301), and full-width letters differing only in case.
    @Test func equalNamesAreDuplicatesWhateverTheirBytes() throws {
        for names in [["“综合”项目（第1号）", "“综合”项目（第1号）"], ["Caf\u{E9}项目", "Cafe\u{301}项目"]] {
            let work = try EndToEnd.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: work) }
            let file = try Self.package(names: names, in: work)
            let result = try EndToEnd.reportgen(["validate", file.path])
            #expect(result.status == 1, "\(names)")
            #expect((result.stdout + result.stderr).contains("E-DEF-019"), "\(names): \(result.stdout)\(result.stderr)")
        }
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let file = try Self.package(names: ["\u{FF21}\u{FF22}项目", "\u{FF41}\u{FF42}项目"], in: work)
        let out = work.appendingPathComponent("out")
        let result = try EndToEnd.reportgen(["package", file.path, "-o", out.path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let reports = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix("项目支出绩效自评报告-") }
        #expect(reports.count == 2 && reports.allSatisfy { !$0.hasSuffix("项目.docx") }, "\(reports.sorted())")
    }

    /// Characters Windows forbids, control characters and noncharacters (U+FFFE) never reach a
    /// file name; the documents themselves stay readable XML.
    @Test func namesWithForbiddenCharactersGiveSafeFileNames() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let file = try Self.package(names: ["医疗\u{FFFE}救助\u{1}资金", "a<b>:c\"d|e?f*g\\h/i. "], in: work)
        let out = work.appendingPathComponent("out")
        let result = try EndToEnd.reportgen(["package", file.path, "-o", out.path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        let forbidden = CharacterSet(charactersIn: "<>:\"|?*\\/\u{1}\u{FFFE}\u{FFFF}")
        #expect(names.allSatisfy { $0.rangeOfCharacter(from: forbidden) == nil && !$0.hasSuffix(" ") }, "\(names.sorted())")
        #expect(names.contains("项目支出绩效自评报告-医疗_救助_资金.docx"), "\(names.sorted())")
    }

    /// A number too long to keep is quoted in full up to 40 characters and marked as cut
    /// (it was cut silently: 50 digits were shown as a different, 40-digit number).
    @Test func aCutNumberIsMarkedAsCut() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let file = try Self.package(names: ["项目甲", "项目乙"], in: work)
        let projects = work.appendingPathComponent("projects")
        let first = try #require(try FileManager.default.contentsOfDirectory(atPath: projects.path).sorted().first)
        let url = projects.appendingPathComponent(first)
        var project = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let digits = String(repeating: "1234567890", count: 5)
        project["funds"] = [["source": "财政资金", "level": "县区级", "annualBudget": digits]]
        try JSONSerialization.data(withJSONObject: project).write(to: url)
        let result = try EndToEnd.reportgen(["validate", file.path])
        #expect(result.status == 1)
        let line = try #require(result.stdout.split(separator: "\n").first { $0.contains("annualBudget") && $0.contains("E-DEF-014") }
                                ?? result.stderr.split(separator: "\n").first { $0.contains("annualBudget") && $0.contains("E-DEF-014") },
                                "\(result.stdout)\(result.stderr)")
        #expect(line.contains(String(digits.prefix(40)) + "…（共 50 个字符）"), "\(line)")
    }
}
