import Foundation
import Testing

/// Newcomer review 3: a finance-bureau IT person described a unit of their own (a county archive)
/// from the docs alone, imported the shipped project list, and copied the docs' examples. Each test
/// is one place where the program or the docs told them something wrong.
@Suite struct NewcomerReview3Tests {
    /// A package of one mof-2020 project in a temporary folder: budget 10 of weight 10 fully spent,
    /// and the given indicators (their weights must make up the other 90).
    static func package(indicators: String) throws -> URL {
        let dir = try EndToEnd.temporaryDirectory()
        try """
        {"format": "reportgen/1", "year": 2023, "unit": {"name": "云溪县档案馆"}, "projects": ["projects/*.json"]}
        """.write(to: dir.appendingPathComponent("package.json"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("projects"), withIntermediateDirectories: true)
        try """
        {"id": "dangan-shuzihua", "name": "馆藏档案数字化加工", "scoring": "mof-2020",
         "funds": [{"source": "财政资金", "level": "县区级", "annualBudget": "10", "executed": "10"}],
         "indicators": [\(indicators)]}
        """.write(to: dir.appendingPathComponent("projects/dangan-shuzihua.json"), atomically: true, encoding: .utf8)
        return dir
    }

    /// “≥50万页 / 52万页” is a count of pages (万 = 10000): 520000 ÷ 500000 = 104.00%. `Character.isNumber`
    /// is true of 万, so the unit text “万页” looked like it held a number and the indicator was called
    /// qualitative (E-DEF-042 “是定性指标”), which a reader of 52万页 cannot make sense of.
    @Test func tenThousandBeforeACountIsANumberWithAUnit() throws {
        let dir = try Self.package(indicators: """
            {"level1": "产出指标", "level2": "数量指标", "name": "数字化加工页数", "weight": 60, "target": "≥50万页", "actual": "52万页"},
            {"level1": "产出指标", "level2": "数量指标", "name": "整理案卷", "weight": 30, "target": "≥2000卷", "actual": "1500卷", "deviation": "人手不足"}
            """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try EndToEnd.reportgen(["validate", dir.appendingPathComponent("package.json").path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("数字化加工页数 | 60 | ≥50万页 | 52万页 | 104.00% | 60"), "\(result.stdout)")
        // 1500 ÷ 2000 = 75.00%, 30 × 0.75 = 22.5.
        #expect(result.stdout.contains("整理案卷 | 30 | ≥2000卷 | 1500卷 | 75.00% | 22.5"), "\(result.stdout)")
        #expect(!(result.stdout + result.stderr).contains("定性"), "\(result.stdout)")
    }

    /// A unit the program does not know, after 万 too, is named (E-DEF-041) with where the known
    /// units are listed, instead of calling the figure qualitative.
    @Test func anUnknownUnitIsNamedWithWhereTheKnownOnesAreListed() throws {
        let dir = try Self.package(indicators: """
            {"level1": "产出指标", "level2": "数量指标", "name": "档案消毒", "weight": 90, "target": "≥5万吨", "actual": "6万吨"}
            """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try EndToEnd.reportgen(["validate", dir.appendingPathComponent("package.json").path])
        #expect(result.status == 1)
        // validate lists its problems on standard output.
        let output = result.stdout + result.stderr
        let line = output.split(separator: "\n").first { $0.contains("E-DEF-041") }.map(String.init) ?? ""
        #expect(line.contains("「万吨」") && line.contains("docs/数据格式.md §3.1") && line.contains("indicators[0]"), "\(output)")
        #expect(!output.contains("E-DEF-042"), "\(output)")
    }

    /// `import --projects` writes skeletons whose 自评表 has only the 预算执行 row (weight 10). The docs
    /// (数据格式.md §3.6) say such a sheet has no 等次 — 9.53 of 10 is not “差” — and the 汇总表 prints “—”;
    /// `validate` printed “合计：10 / 10  等次：差” for a project that spent all its budget.
    @Test func anImportSkeletonHasNoGradeInValidate() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let list = EndToEnd.packageRoot.appendingPathComponent("examples/import/项目清单样例.xlsx")
        let imported = try EndToEnd.reportgen(["import", "--projects", list.path, "-o", work.appendingPathComponent("pkg").path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let package = work.appendingPathComponent("pkg/package.json").path
        let text = try EndToEnd.reportgen(["validate", package])
        #expect(text.status == 0, "\(text.stderr)")
        // examples/import/README.md: 120.3 / 114.6 → 9.53 of 10; 20 / 18.5 → 9.25; 5 / 5 → 10.
        for total in ["9.53", "9.25", "10"] {
            #expect(text.stdout.contains("合计：\(total) / 10  等次：—"), "\(text.stdout)")
        }
        #expect(!text.stdout.contains("等次：差"), "\(text.stdout)")
        let json = try EndToEnd.reportgen(["validate", package, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let projects = object?["projects"] as? [[String: Any]] ?? []
        #expect(projects.count == 3)
        #expect(projects.allSatisfy { $0["grade"] == nil }, "\(json.stdout)")
    }

    /// An imported 自评表 has no report text: the first `package` made a report of a title, a signature
    /// and the appended forms, and nothing had said so. `import` now ends with what to fill in next.
    @Test func aSheetImportSaysTheReportTextIsStillToBeWritten() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let sheet = EndToEnd.packageRoot.appendingPathComponent("examples/import/自评表样例.xlsx")
        let output = work.appendingPathComponent("projects/xiangcun-shebei.json")
        let result = try EndToEnd.reportgen(["import", sheet.path, "-o", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        let said = result.stdout + result.stderr
        let next = said.split(separator: "\n").last { $0.hasPrefix("下一步：") }.map(String.init) ?? ""
        #expect(next.contains(output.path) && next.contains("body") && next.contains("§2.7"), "\(said)")
        let definition = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any]
        #expect(definition?["body"] == nil)
    }

    /// A mistyped subcommand was “2 个多余的参数：“pakage”、“x.json””, and a definition file typed
    /// first (`reportgen package.json`) one extra argument: neither said what to type. Now E-CLI-016
    /// names the word, the closest subcommand or the command to write before the file, exit 2.
    @Test(arguments: [
        (["pakage", "x.json"], "没有子命令「pakage」，是否应为「package」？", "reportgen"),
        (["examples/ippe-demo/package.json"], "「examples/ippe-demo/package.json」不是子命令：子命令写在文件前面，如 reportgen package examples/ippe-demo/package.json", "reportgen"),
        (["自评表.xlsx"], "「自评表.xlsx」不是子命令：子命令写在文件前面，如 reportgen import 自评表.xlsx", "reportgen"),
        (["template", "chek", "templates/summary.docx"], "没有子命令「chek」，是否应为「check」？", "reportgen template"),
        (["no-such-command"], "没有子命令「no-such-command」", "reportgen"),
    ])
    func aWordThatNamesNoSubcommandIsSaidSo(arguments: [String], problem: String, command: String) throws {
        let result = try EndToEnd.reportgen(arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("E-CLI-016 命令行有误：" + problem) == true, "\(result.stderr)")
        #expect(lines.contains("用法：\(command) <子命令>") && lines.contains("  完整说明：\(command) --help"), "\(result.stderr)")
        #expect(!result.stderr.contains("多余的参数"), "\(result.stderr)")
    }

    /// The first example of docs/决算说明数据格式.md is what a newcomer copies to start: it must
    /// validate as it stands (it had `"children": ["……"]`, E-DEF-010, and 类 that did not add up to 合计).
    @Test func theFinalAccountsDocExampleValidates() throws {
        let doc = try String(contentsOf: EndToEnd.packageRoot.appendingPathComponent("docs/决算说明数据格式.md"), encoding: .utf8)
        let start = try #require(doc.range(of: "```json\n"))
        let end = try #require(doc.range(of: "```", range: start.upperBound..<doc.endIndex))
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try String(doc[start.upperBound..<end.lowerBound]).write(to: dir.appendingPathComponent("final-accounts.json"), atomically: true, encoding: .utf8)
        try """
        {"format": "reportgen/1", "year": 2021, "unit": {"name": "攀枝花市医疗保障局"}, "finalAccounts": "final-accounts.json", "projects": []}
        """.write(to: dir.appendingPathComponent("package.json"), atomically: true, encoding: .utf8)
        let result = try EndToEnd.reportgen(["validate", dir.appendingPathComponent("package.json").path])
        #expect(result.status == 0, "\(result.stderr)")
        // 20 + 624.54 = 644.54 of 644.54 budgeted: 完成预算100%.
        #expect(result.stdout.contains("完成预算100%"), "\(result.stdout)")
    }
}
