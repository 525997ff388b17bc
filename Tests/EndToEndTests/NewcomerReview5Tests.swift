import Foundation
import Testing

/// Newcomer review 5: a finance-bureau IT person who had never seen reportgen described a unit
/// of their own (云溪县档案馆) from the README, regenerated one project, removed one, and kept a
/// template, making the slips newcomers make. Each test is one place where the program or its
/// help let them down.
@Suite struct NewcomerReview5Tests {
    /// A package folder of the newcomer's unit in a fresh temporary folder: `package.json` and
    /// the given project files (`projects/<id>.json`, written as given).
    static func unit(_ projects: [String: String]) throws -> URL {
        let dir = try EndToEnd.temporaryDirectory().appendingPathComponent("yunxi")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("projects"), withIntermediateDirectories: true)
        try Data(#"{"format": "reportgen/1", "year": 2023, "unit": {"name": "云溪县档案馆"}, "projects": ["projects/*.json"]}"#.utf8)
            .write(to: dir.appendingPathComponent("package.json"))
        for (id, text) in projects {
            try Data(text.utf8).write(to: dir.appendingPathComponent("projects/\(id).json"))
        }
        return dir
    }

    /// A mof-2020 project whose weights make 100 (10 + 50 + 40), fund line as given.
    static func project(id: String, name: String, fund: String, separator: String = ",") -> String {
        """
        {
          "id": "\(id)",
          "name": "\(name)",
          "kind": "专项"\(separator)
          "scoring": "mof-2020",
          "funds": [\(fund)],
          "budgetExecution": {"weight": "10"},
          "indicators": [
            {"level1": "产出指标", "level2": "数量指标", "name": "数字化加工页数", "weight": "50", "target": "≥50万页", "actual": "52万页"},
            {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "查档群众满意度", "weight": "40", "target": "≥90%", "actual": "95%"}
          ],
          "body": [{"heading": "项目概况", "text": "开展档案数字化加工。"}]
        }
        """
    }

    static let smallFund = #"{"source": "财政资金", "level": "县区级", "annualBudget": "80", "executed": "75.23"}"#

    /// The newcomer's 档案库房修缮 was budgeted 350000 元 and typed as `"350000"` without
    /// `"unit": "元"`: validate passed without a word and the 汇总表 printed 350005.00 万元 (35 亿).
    /// A 万元 amount of 10 亿 or more is now W-DEF-037, naming the amount, the 元 reading and the
    /// field to add; the same line with `"unit": "元"`, and an ordinary 万元 amount, say nothing.
    @Test func aYuanAmountTypedAsWanYuanIsWarnedAbout() throws {
        let slipped = #"{"source": "财政资金", "level": "县区级", "annualBudget": "350000", "executed": "348000"}"#
        let dir = try Self.unit(["kufang-xiushan": Self.project(id: "kufang-xiushan", name: "档案库房修缮", fund: slipped),
                                 "dangan-shuzihua": Self.project(id: "dangan-shuzihua", name: "馆藏档案数字化加工", fund: Self.smallFund)])
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let result = try EndToEnd.reportgen(["validate", dir.appendingPathComponent("package.json").path])
        #expect(result.status == 0, "\(result.stderr)")
        let warnings = result.stderr.split(separator: "\n").filter { $0.contains("W-DEF-037") }
        #expect(warnings.count == 1, "\(result.stderr)")
        let line = String(warnings.first ?? "")
        #expect(line.contains("kufang-xiushan.json") && line.contains("funds[0].annualBudget") && line.contains("350000")
                && line.contains("35 亿元") && line.contains(#""unit": "元""#) && line.contains("35 万元"), "\(line)")

        let inYuan = #"{"source": "财政资金", "level": "县区级", "annualBudget": "350000", "executed": "348000", "unit": "元"}"#
        try Data(Self.project(id: "kufang-xiushan", name: "档案库房修缮", fund: inYuan).utf8)
            .write(to: dir.appendingPathComponent("projects/kufang-xiushan.json"))
        let fixed = try EndToEnd.reportgen(["validate", dir.appendingPathComponent("package.json").path])
        #expect(fixed.status == 0 && !fixed.stderr.contains("W-DEF-037"), "\(fixed.stderr)")
        // 350000 元 = 35 万元, 348000 元 = 34.8 万元: 99.43%.
        #expect(fixed.stdout.contains("99.43%"), "\(fixed.stdout)")
    }

    /// The newcomer gave 实际到位 (`received`) for the 财政资金 line and not for 上年结转资金:
    /// the 合计 adds the given ones only (docs/数据格式.md §3.4), so the signed 自评表's fund
    /// table printed 资金结余 -4.8 and 预算到位率 87.50% for money that was all there, and
    /// validate said nothing. W-DEF-038 now names the line and the two figures; a line with
    /// `received` too, or none with it, says nothing.
    @Test func fundLinesWithAndWithoutReceivedAreWarnedAbout() throws {
        let funds = #"{"source": "财政资金", "level": "县区级", "annualBudget": "35", "received": "35", "executed": "34.8"}, "#
        let dir = try Self.unit(["kufang-xiushan": Self.project(id: "kufang-xiushan", name: "档案库房修缮",
                                                                fund: funds + #"{"source": "上年结转资金", "annualBudget": "5", "executed": "5"}"#)])
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let package = dir.appendingPathComponent("package.json").path
        let result = try EndToEnd.reportgen(["validate", package])
        #expect(result.status == 0, "\(result.stderr)")
        let warnings = result.stderr.split(separator: "\n").filter { $0.contains("W-DEF-038") }.map(String.init)
        #expect(warnings.count == 1, "\(result.stderr)")
        // 35 received of 40 budgeted, 39.8 spent: 35 − 39.8 = −4.8, 35 ÷ 40 = 87.50%.
        #expect(warnings.first.map { $0.contains("funds[1].received") && $0.contains("上年结转资金") && $0.contains("-4.8")
                                     && $0.contains("87.50%") } == true, "\(result.stderr)")

        for second in [#"{"source": "上年结转资金", "annualBudget": "5", "received": "5", "executed": "5"}"#,
                       #"{"source": "上年结转资金", "annualBudget": "5", "executed": "5"}"#] {
            let first = second.contains("received") ? funds : funds.replacingOccurrences(of: #""received": "35", "#, with: "")
            try Data(Self.project(id: "kufang-xiushan", name: "档案库房修缮", fund: first + second).utf8)
                .write(to: dir.appendingPathComponent("projects/kufang-xiushan.json"))
            let whole = try EndToEnd.reportgen(["validate", package])
            #expect(whole.status == 0 && !whole.stderr.contains("W-DEF-038"), "\(whole.stderr)")
        }
    }

    /// The import path with the same slip: the 自评表 CSV that `package` wrote, imported back.
    /// W-DEF-037 came twice, for the fund line and again for the sheet's 年度资金总额 (a given
    /// 合计: the same slip); it now comes once. A 年度资金总额 edited so it no longer adds up
    /// was E-DEF-031 “「合计」的 annualBudget 写为 …，可删除这一行” — a JSON field name and a
    /// JSON remedy for someone editing a sheet; it now names the column as the form does.
    @Test func anImportedSheetSaysItsTotalsInTheFormsWords() throws {
        let slipped = #"{"source": "财政资金", "level": "县区级", "annualBudget": "350000", "executed": "348000"}"#
        let dir = try Self.unit(["kufang-xiushan": Self.project(id: "kufang-xiushan", name: "档案库房修缮", fund: slipped)])
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let out = dir.deletingLastPathComponent().appendingPathComponent("out")
        let made = try EndToEnd.reportgen(["package", dir.appendingPathComponent("package.json").path, "-o", out.path, "-q"])
        try #require(made.status == 0, "\(made.stderr)")
        let sheet = out.appendingPathComponent("项目支出绩效自评表-档案库房修缮.csv")
        let imported = try EndToEnd.reportgen(["import", sheet.path, "-o", dir.appendingPathComponent("imported.json").path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.components(separatedBy: "W-DEF-037").count == 2, "\(imported.stderr)")

        let text = try String(contentsOf: sheet, encoding: .utf8)
        let edited = dir.appendingPathComponent("改过的自评表.csv")
        // 年度资金总额: 年初预算数 (empty), 全年预算数 350000 → 350001, 全年执行数 348000.
        // CSV records end in CRLF, one Character to Swift: split on the pair.
        let row = text.components(separatedBy: "\r\n").first { $0.contains("年度资金总额") } ?? ""
        try #require(row.contains(",350000,348000,"), "\(text)")
        try Data(text.replacingOccurrences(of: row, with: row.replacingOccurrences(of: ",350000,348000,", with: ",350001,348000,")).utf8).write(to: edited)
        let refused = try EndToEnd.reportgen(["import", edited.path, "-o", dir.appendingPathComponent("edited.json").path])
        #expect(refused.status == 1)
        let line = refused.stderr.split(separator: "\n").first { $0.contains("E-DEF-031") }.map(String.init) ?? ""
        #expect(line.contains("全年预算数") && line.contains("350001") && line.contains("各资金来源之和为 350000")
                && !line.contains("的 annualBudget 写为") && !line.contains("可删除这一行"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("edited.json").path))
    }

    /// A comma left out after `"kind": "专项"` was “6:3: 缺少逗号或右花括号 }” — line 6 is the
    /// next key, which looks right, and the newcomer searched it for a brace. The message now
    /// names the key whose value wants the comma (the place stays the next key's, said once).
    @Test func aMissingCommaNamesTheKeyBeforeIt() throws {
        let dir = try Self.unit(["dangan-shuzihua": Self.project(id: "dangan-shuzihua", name: "馆藏档案数字化加工",
                                                                 fund: Self.smallFund, separator: "")])
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let result = try EndToEnd.reportgen(["validate", dir.appendingPathComponent("package.json").path])
        #expect(result.status == 1)
        let line = result.stderr.split(separator: "\n").first { $0.contains("E-JSON-002") }.map(String.init) ?? ""
        #expect(line.contains("dangan-shuzihua.json:5:3") && line.contains(#"键 "kind" 的值之后要加英文逗号 ,"#), "\(result.stderr)")

        // In an array: the item before the gap is counted from 1.
        let array = Self.project(id: "dangan-shuzihua", name: "馆藏档案数字化加工", fund: Self.smallFund)
            .replacingOccurrences(of: #""actual": "52万页"},"#, with: #""actual": "52万页"}"#)
        try Data(array.utf8).write(to: dir.appendingPathComponent("projects/dangan-shuzihua.json"))
        let listed = try EndToEnd.reportgen(["validate", dir.appendingPathComponent("package.json").path])
        #expect(listed.status == 1 && listed.stderr.contains("数组的第 1 项之后要加英文逗号 ,"), "\(listed.stderr)")
    }

    /// The newcomer deleted a project's file and ran `project --id` with its id to take it out:
    /// E-OUT-004 listed the other ids, as for a typo. It now says the project is no longer in
    /// the package, that its files are still in the output folder, and gives the `package`
    /// command (with the run's -o) that makes the package without them; nothing is changed.
    @Test func projectIdOfARemovedProjectSaysToRunPackage() throws {
        let dir = try Self.unit(["dangan-shuzihua": Self.project(id: "dangan-shuzihua", name: "馆藏档案数字化加工", fund: Self.smallFund),
                                 "dangan-jiangzuo": Self.project(id: "dangan-jiangzuo", name: "档案文化进校园", fund: Self.smallFund)])
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let package = dir.appendingPathComponent("package.json").path
        let out = dir.deletingLastPathComponent().appendingPathComponent("out")
        let first = try EndToEnd.reportgen(["package", package, "-o", out.path, "-q"])
        try #require(first.status == 0, "\(first.stderr)")
        try FileManager.default.removeItem(at: dir.appendingPathComponent("projects/dangan-jiangzuo.json"))
        let before = try NewcomerReview4Tests.digests(out)

        let result = try EndToEnd.reportgen(["project", package, "--id", "dangan-jiangzuo", "-o", out.path])
        #expect(result.status == 1)
        let line = result.stderr.split(separator: "\n").first { $0.contains("E-OUT-004") }.map(String.init) ?? ""
        #expect(line.contains("档案文化进校园") && line.contains("已不在报告包中") && line.contains("3 个文件")
                && line.contains("reportgen package \(package) -o \(out.path)"), "\(result.stderr)")
        #expect(try NewcomerReview4Tests.digests(out) == before)

        // A typo is still answered with the closest id, not with “removed”.
        let typo = try EndToEnd.reportgen(["project", package, "--id", "dangan-shuzihau", "-o", out.path])
        #expect(typo.status == 1 && typo.stderr.contains("是否指「dangan-shuzihua」") && !typo.stderr.contains("已不在报告包中"), "\(typo.stderr)")

        // The project still in the package, regenerated: the removed one's files go (they stayed,
        // still listed in manifest.json, until the next `package`), and the run lists them.
        let other = try EndToEnd.reportgen(["project", package, "--id", "dangan-shuzihua", "-o", out.path])
        #expect(other.status == 0, "\(other.stderr)")
        #expect(other.stderr.contains("不再生成、已移除的 3 个文件"), "\(other.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(!left.contains { $0.contains("档案文化进校园") }, "\(left)")
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(!manifest.contains("档案文化进校园"))
    }

    /// `project --id` before any `package` (no output folder) ended with E-OUT-003 and “生成失败，
    /// 原有输出未改动” — there was no output to keep. It now says nothing was written.
    @Test func aRunWithNoOutputFolderDoesNotSpeakOfOneKept() throws {
        let out = try EndToEnd.temporaryDirectory().appendingPathComponent("never-made")
        let result = try EndToEnd.reportgen(["project", OutputSafetyTests.example, "--id", OutputSafetyTests.projectID, "-o", out.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-OUT-003") && result.stderr.contains("未写入任何文件") && !result.stderr.contains("原有输出"),
                "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// `project --id` with an id the package lacks printed the load's warnings (yanbian's two
    /// W-DEF-022) above E-OUT-004, which was easy to miss under them: now only the error shows.
    @Test func anUnknownIdIsNotBuriedUnderWarnings() throws {
        let out = try EndToEnd.temporaryDirectory().appendingPathComponent("out")
        let packaged = try EndToEnd.reportgen(["package", OutputSafetyTests.example, "-o", out.path])
        #expect(packaged.status == 0 && packaged.stderr.contains("W-DEF-022"), "\(packaged.stderr)")
        let result = try EndToEnd.reportgen(["project", OutputSafetyTests.example, "--id", "no-such-project", "-o", out.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-OUT-004") && !result.stderr.contains("W-DEF"), "\(result.stderr)")
    }

    /// `-o .` beside package.json was E-OUT-001 “请换一个输出目录（-o）或先清空它” — emptying
    /// that folder deletes the definitions. The package's own folder, or one above it, is now
    /// refused before loading with E-OUT-017, which says not to empty it; nothing is written.
    @Test func theOutputFolderCannotBeThePackagesOwn() throws {
        let dir = try Self.unit(["dangan-shuzihua": Self.project(id: "dangan-shuzihua", name: "馆藏档案数字化加工", fund: Self.smallFund)])
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let package = dir.appendingPathComponent("package.json").path
        let listing = { try FileManager.default.subpathsOfDirectory(atPath: dir.deletingLastPathComponent().path).sorted() }
        let before = try listing()
        for output in [dir.path, dir.path + "/", dir.deletingLastPathComponent().path] {
            for command in [["package", package], ["project", package, "--id", "dangan-shuzihua"]] {
                let result = try EndToEnd.reportgen(command + ["-o", output])
                #expect(result.status == 1, "\(command) -o \(output)")
                #expect(result.stderr.contains("E-OUT-017") && result.stderr.contains("不要为此清空它")
                        && !result.stderr.contains("E-OUT-001"), "\(result.stderr)")
            }
        }
        #expect(try listing() == before)
        // A folder inside the package's folder is fine (the projects glob does not reach it).
        let inside = try EndToEnd.reportgen(["package", package, "-o", dir.appendingPathComponent("报告包").path, "-q"])
        #expect(inside.status == 0, "\(inside.stderr)")
    }

    /// A typed path with a slip was only “文件不存在”, and the package's folder given for its
    /// file only “这是一个目录”. Now the first missing part is named with the name beside it
    /// that was likely meant, and a folder holding package.json names that file.
    @Test(arguments: [
        ("exmaples/yanbian-2021/package.json", "没有「exmaples」，有「examples」"),
        ("examples/yanbian-2021/package.jsn", "中有「package.json」，是否写错了文件名"),
        ("examples/yanbian-2021", "其中有 package.json：应写报告包文件 examples/yanbian-2021/package.json"),
    ])
    func aMistypedPathSaysWhatWasMeant(path: String, said: String) throws {
        for command in ["package", "validate"] {
            let result = try EndToEnd.reportgen([command, path])
            #expect(result.status == 1)
            let line = result.stderr.split(separator: "\n").first { $0.contains("E-DEF-001") }.map(String.init) ?? ""
            #expect(line.contains(said), "\(command): \(result.stderr)")
        }
    }

    /// Help screens are filled by display width, and a closing mark never starts a line; but
    /// the mark took one character back with it, so `DOCX、` was cut to `DOC` / `X、` in
    /// `template --help`, and `相同）；` to `相同` / `）；` in `validate --help`, where joining
    /// ArgumentParser's wrapped line had also dropped the space of `与 package 相同`. In
    /// `template preview --help` a line began with 】 (`【project.name` / `】；`), and the
    /// source's hand-wrapped lines of a `· ` item stayed short inside the refilled text (a line
    /// of just `显示`).
    @Test func helpLinesKeepWordsWholeAndMarksWithThem() throws {
        let closing: Set<Character> = ["，", "。", "、", "；", "：", "）", "」", "』", "》", "！", "？", "”", "’", "】", "〕"]
        for command in [["--help"], ["package", "--help"], ["project", "--help"], ["validate", "--help"], ["import", "--help"],
                        ["render", "--help"], ["template", "--help"], ["template", "check", "--help"],
                        ["template", "fields", "--help"], ["template", "preview", "--help"], ["docx", "inspect", "--help"]] {
            let result = try EndToEnd.reportgen(command)
            #expect(result.status == 0)
            let lines = result.stdout.split(separator: "\n").map { $0.drop(while: { $0 == " " }) }
            #expect(!lines.contains { $0.first.map(closing.contains) == true }, "\(command): \(result.stdout)")
            #expect(!result.stdout.contains("DOC\n"), "\(command): \(result.stdout)")
        }
        let preview = try EndToEnd.reportgen(["template", "preview", "--help"])
        #expect(!preview.stdout.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "显示" }, "\(preview.stdout)")
        #expect(preview.stdout.contains("又\n    有 {{^x}}") || preview.stdout.contains("又有 {{^x}}"), "\(preview.stdout)")
        let template = try EndToEnd.reportgen(["template", "--help"])
        #expect(template.stdout.contains("DOCX、PDF 或 PNG"), "\(template.stdout)")
        let validate = try EndToEnd.reportgen(["validate", "--help"])
        #expect(validate.stdout.replacingOccurrences(of: "\n", with: "").contains("与 package 相同）"), "\(validate.stdout)")
    }
}
