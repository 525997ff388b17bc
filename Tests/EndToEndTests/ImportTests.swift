import Foundation
import JSONValue
import Testing

/// Issue 14 through the built binary: every 自评表 CSV that `package` writes, imported again,
/// gives a definition that validates and packages to the same sheet; the staff samples under
/// examples/import (saved by LibreOffice) import and package.
@Suite(.serialized) struct ImportCommandTests {
    /// For every sheet of every example: package → import each 自评表 CSV → package the
    /// imports → the same CSV byte for byte (indicators, figures, fund block, goals), and the
    /// imported indicators are the example's own (level1/level2/name/target/actual).
    @Test(arguments: PackageTests.examples)
    func packagedSheetsImportBackToTheSameSheets(_ name: String) throws {
        let out = try PackageTests.generate(name)
        let work = try EndToEnd.temporaryDirectory()
        let package = try JSONParser.parse(Array(try Data(contentsOf: PackageTests.examplePackage(name)))).root
        let year = try #require(package["year"].flatMap { if case .number(let n) = $0 { n } else { nil } })
        let unit = try #require(package["unit"]?["name"]?.stringValue)
        let sheets = try FormFiguresTests.files(out, prefix: "项目支出绩效自评表-", suffix: ".csv")
        #expect(!sheets.isEmpty)
        for (i, sheet) in sheets.enumerated() {
            let result = try EndToEnd.reportgen(["import", out.appendingPathComponent(sheet).path, "-o",
                                                 work.appendingPathComponent("projects/p\(i + 1).json").path])
            #expect(result.status == 0, "\(name)/\(sheet): \(result.stderr)")
        }
        let again = try Self.packageImports(in: work, year: Int(year) ?? 0, unit: unit)
        // A sheet whose 年度资金总额 is unknown ("—": seed 000 医疗救助 names 中央/省级 shares
        // without amounts) cannot come back: the sheet has no 级次 rows, and a "—" cell reads as
        // empty, as people write it for "none" (Labels.isBlank). Only that sheet is exempt.
        var unknownTotals: [String] = []
        for sheet in sheets {
            let before = try Data(contentsOf: out.appendingPathComponent(sheet))
            let rows = try PackageTests.csvRows(out.appendingPathComponent(sheet))
            if let year = rows.first(where: { $0.count > 5 && $0[1] == "年度资金总额" }), year[2...5].allSatisfy({ $0 == "—" }) {
                unknownTotals.append(sheet)
                continue
            }
            let after = try? Data(contentsOf: again.appendingPathComponent(sheet))
            #expect(before == after, "\(name)/\(sheet) differs after import")
        }
        #expect(unknownTotals == (name == "yanbian-2021" ? ["项目支出绩效自评表-医疗救助资金.csv"] : []), "\(unknownTotals)")
        // The imported indicators are the definitions' own, in order.
        let projects = EndToEnd.packageRoot.appendingPathComponent("examples/\(name)/projects")
        var originals: [String: [[String]]] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: projects.path) where file.hasSuffix(".json") {
            let json = try JSONParser.parse(Array(try Data(contentsOf: projects.appendingPathComponent(file)))).root
            originals[json["name"]?.stringValue ?? ""] = Self.indicators(json)
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("projects").path) where file.hasSuffix(".json") {
            let json = try JSONParser.parse(Array(try Data(contentsOf: work.appendingPathComponent("projects/" + file)))).root
            let projectName = json["name"]?.stringValue ?? ""
            if let original = originals[projectName] {
                #expect(Self.indicators(json) == original, "\(name)/\(projectName)")
            }
        }
    }

    /// Writes a package.json around `work/projects/*.json`, packages it into `work/out` and
    /// returns that folder (the package must succeed).
    static func packageImports(in work: URL, year: Int = 2021, unit: String = "某县卫生健康局") throws -> URL {
        let packageText = #"{"format": "reportgen/1", "year": \#(year), "unit": {"name": "\#(unit)"}, "projects": ["projects/*.json"]}"#
        try Data(packageText.utf8).write(to: work.appendingPathComponent("package.json"))
        let out = work.appendingPathComponent("out")
        let result = try EndToEnd.reportgen(["package", work.appendingPathComponent("package.json").path, "-o", out.path, "--quiet"])
        #expect(result.status == 0, "\(work.lastPathComponent): \(result.stderr)")
        return out
    }

    /// The imported 乡村医疗设备购置 packaged: the rows of its 自评表 CSV.
    static func packagedSheet(in work: URL) throws -> [[String]] {
        try PackageTests.csvRows(try packageImports(in: work).appendingPathComponent("项目支出绩效自评表-乡村医疗设备购置.csv"))
    }

    static func indicators(_ project: JSONValue) -> [[String]] {
        (project["indicators"]?.arrayValue ?? []).map { i in
            ["level1", "level2", "name", "target", "actual"].map { key in
                switch i[key] {
                case .string(let s): s
                case .number(let n): n
                default: ""
                }
            }
        }
    }

    /// examples/import: the LibreOffice save of the staff sample imports, validates and
    /// packages to the figures worked by hand (examples/import/README.md): 执行率 114.6 ÷ 120.3
    /// = 95.26%, 总分 95.53, 优.
    @Test func libreOfficeSampleImportsAndPackages() throws {
        let work = try EndToEnd.temporaryDirectory()
        let sample = EndToEnd.packageRoot.appendingPathComponent("examples/import/自评表样例.xlsx")
        let imported = try EndToEnd.reportgen(["import", sample.path, "-o", work.appendingPathComponent("projects/xiangcun-shebei.json").path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let validate = try EndToEnd.reportgen(["validate", "--json", work.appendingPathComponent("projects/xiangcun-shebei.json").path])
        #expect(validate.status == 0, "\(validate.stdout)")
        let csv = try Self.packagedSheet(in: work)
        #expect(csv.first { $0.count > 1 && $0[1] == "年度资金总额" }.map { Array($0[2...7]) } == ["100", "120.3", "114.6", "10", "95.26%", "9.53"])
        let rows = PackageTests.indicatorRows(csv)
        // Columns: 一级, 二级, 三级, 年度指标值, 实际完成值, 完成率, 分值, 得分, 偏差 (the DOCX's order).
        #expect(rows.dropFirst(2).dropLast().map { $0[5] } == ["104.00%", "100.00%", "100.00%", "80.00%", "105.56%"])
        #expect(rows.last == ["合计", "", "", "", "", "", "100", "95.53", "优"])
    }

    /// The fixtures saved as Excel, WPS (amounts in 元) and an inline-string writer each import,
    /// validate and package to the same 自评表 figures (worked by hand in examples/import/README.md).
    @Test(arguments: ["excel-style.xlsx", "wps-style.xlsx", "inline-strings.xlsx"])
    func xlsxFixturesPackageToTheHandWorkedFigures(_ fixture: String) throws {
        let work = try EndToEnd.temporaryDirectory()
        let input = EndToEnd.packageRoot.appendingPathComponent("Tests/ImportTests/Fixtures/" + fixture)
        let project = work.appendingPathComponent("projects/xiangcun-shebei.json")
        let imported = try EndToEnd.reportgen(["import", input.path, "--year", "2021", "-o", project.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try EndToEnd.reportgen(["validate", project.path]).status == 0)
        let csv = try Self.packagedSheet(in: work)
        let total = try #require(csv.first { $0.count > 1 && $0[1] == "年度资金总额" })
        // Amounts compare as numbers: each layout prints them at its own written precision.
        #expect(total[2...4].map { Decimal(string: $0) } == [100, Decimal(string: "120.3"), Decimal(string: "114.6")])
        #expect(Array(total[5...7]) == ["10", "95.26%", "9.53"])
        let rows = PackageTests.indicatorRows(csv)
        #expect(rows.dropFirst(2).dropLast().map { [$0[5], $0[7]] } == [["104.00%", "20"], ["100.00%", "20"], ["100.00%", "10"], ["80.00%", "16"], ["105.56%", "20"]])
        #expect(rows.last == ["合计", "", "", "", "", "", "100", "95.53", "优"])
    }

    /// An unreadable cell does not hold back the check of the totals: those over readable rows
    /// are checked in the same run, those over the unreadable cell say so (E-IMP-048), and none
    /// is reported as wrong because a cell is missing from its sum.
    @Test func totalsAreCheckedOverWhatCouldBeRead() throws {
        var text = try String(contentsOf: EndToEnd.packageRoot.appendingPathComponent("examples/import/自评表样例.csv"), encoding: .utf8)
        // H12: the first indicator's 分值 in words. C6: 财政拨款's 年初预算数 90 under a 年度资金总额
        // of 100 with 上年结转 0 (90 + 0 ≠ 100), a column without unreadable cells.
        for (given, changed) in [(",购置设备数量,≥50台,52台,104.00%,20,20,", ",购置设备数量,≥50台,52台,104.00%,二十,20,"),
                                 (",其中：当年财政拨款,100.00,", ",其中：当年财政拨款,90.00,")] {
            #expect(text.contains(given), "sample lacks \(given)")
            text = text.replacingOccurrences(of: given, with: changed)
        }
        let work = try EndToEnd.temporaryDirectory()
        let input = work.appendingPathComponent("自评表.csv")
        try Data(text.utf8).write(to: input)
        let output = work.appendingPathComponent("projects/xiangcun-shebei.json")
        let result = try EndToEnd.reportgen(["import", input.path, "-o", output.path])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        func line(_ cell: String, _ code: String) -> String { lines.first { $0.contains("自评表.csv \(cell): \(code)") } ?? "" }
        #expect(line("H12", "E-IMP-030").contains("分值「二十」不是数字"), "\(result.stderr)")
        // 分值合计 100 (H17) and 总分 95.53 (I17), 等次 (J17) sum rows that include H12.
        #expect(line("H17", "E-IMP-048").contains("分值合计「100」未能核对：它所合计的 H12 未能读入"), "\(result.stderr)")
        #expect(line("I17", "E-IMP-048").contains("总分「95.53」未能核对：它所合计的 H12 未能读入"), "\(result.stderr)")
        #expect(line("J17", "E-IMP-048").contains("H12"), "\(result.stderr)")
        // 年初预算数 has no unreadable cell: its 合计 is checked in this run (validation's E-DEF-031 at C5).
        #expect(line("C5", "E-IMP-042").contains("E-DEF-031"), "\(result.stderr)")
        // Nothing reported wrong because H12 is missing from a sum.
        for code in ["E-IMP-041", "E-DEF-050", "E-DEF-052", "E-DEF-045", "E-DEF-100"] { #expect(!result.stderr.contains(code), "\(result.stderr)") }
        #expect(lines.last == "导入失败：5 处错误，未写出任何文件。", "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path))

        // The project list: an amount column with an unreadable cell leaves its 合计 unchecked;
        // the other columns' 合计 are checked.
        let list = """
        2021年度项目清单
        填报单位：某县卫生健康局
        项目名称,全年预算数,全年执行数
        设备购置,12.5,10
        人员培训,十万,8
        合计,22.5,20
        """
        let listFile = work.appendingPathComponent("清单.csv")
        try Data(list.utf8).write(to: listFile)
        let listed = try EndToEnd.reportgen(["import", "--projects", listFile.path, "-o", work.appendingPathComponent("list").path])
        #expect(listed.status == 1)
        let listLines = listed.stderr.split(separator: "\n").map(String.init)
        #expect(listLines.contains { $0.contains("清单.csv B5: E-IMP-030") }, "\(listed.stderr)")
        #expect(listLines.contains { $0.contains("清单.csv B6: E-IMP-048") && $0.contains("B5 未能读入") }, "\(listed.stderr)")
        #expect(listLines.contains { $0.contains("清单.csv C6: E-IMP-041") && $0.contains("18") }, "10 + 8 ≠ 20: \(listed.stderr)")
    }

    /// The unit's project list: three skeletons and a package that validates.
    @Test func projectListSampleMakesAPackage() throws {
        let work = try EndToEnd.temporaryDirectory().appendingPathComponent("unit")
        let list = EndToEnd.packageRoot.appendingPathComponent("examples/import/项目清单样例.xlsx")
        let result = try EndToEnd.reportgen(["import", "--projects", list.path, "-o", work.path])
        #expect(result.status == 0, "\(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("projects").path).sorted()
        #expect(files == ["project-01.json", "project-02.json", "project-03.json"])
        let validate = try EndToEnd.reportgen(["validate", work.appendingPathComponent("package.json").path])
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        // A second run refuses to overwrite; nothing changes.
        let before = try Data(contentsOf: work.appendingPathComponent("package.json"))
        let again = try EndToEnd.reportgen(["import", "--projects", list.path, "-o", work.path])
        #expect(again.status == 1 && again.stderr.contains("E-IMP-047"), "\(again.stderr)")
        #expect(try Data(contentsOf: work.appendingPathComponent("package.json")) == before)
    }

    @Test func usageErrorsExitTwo() throws {
        let neither = try EndToEnd.reportgen(["import", "-o", "x.json"])
        #expect(neither.status == 2 && neither.stderr.contains("二者择一"), "\(neither.stderr)")
    }
}
