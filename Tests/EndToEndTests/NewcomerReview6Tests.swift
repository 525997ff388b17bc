import Foundation
import Testing

/// Newcomer and reliability review 6: a finance-IT person followed the README's first screen,
/// then typed definitions the way a Chinese input method and copy-paste from WeChat or a PDF
/// type them, and pointed the output at odd places. Each test is a message that showed what
/// looked right instead of what was there, or named a file in a way that opened from nowhere.
@Suite struct NewcomerReview6Tests {
    static func run(_ arguments: [String], in directory: URL) throws -> EndToEnd.Result {
        try EndToEnd.run(EndToEnd.binary, arguments, environment: ["XDG_CACHE_HOME": EndToEnd.cacheHome], currentDirectory: directory)
    }

    static func problemLines(_ result: EndToEnd.Result, _ code: String) -> [Substring] {
        result.stderr.split(separator: "\n").filter { $0.contains(code) }
    }

    /// A mof-2020 project as `NewcomerReview5Tests.project`, with the fund line's executed
    /// amount and the id written as given (JSON string contents, escapes allowed).
    static func project(id: String, executed: String, annualBudget: String = "80", from: String = "2023-01-01") -> String {
        """
        {
          "id": "\(id)",
          "name": "馆藏档案数字化加工",
          "kind": "专项",
          "period": {"from": "\(from)", "to": "2023-12-31"},
          "scoring": "mof-2020",
          "funds": [{"source": "财政资金", "level": "县区级", "annualBudget": "\(annualBudget)", "executed": "\(executed)"}],
          "budgetExecution": {"weight": "10"},
          "indicators": [
            {"level1": "产出指标", "level2": "数量指标", "name": "数字化加工页数", "weight": "50", "target": "≥50万页", "actual": "52万页"},
            {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "查档群众满意度", "weight": "40", "target": "≥90%", "actual": "95%"}
          ],
          "body": [{"heading": "项目概况", "text": "开展档案数字化加工。"}]
        }
        """
    }

    /// An amount pasted from a WeChat message carried a zero-width space (`"75.23\u200B"`) and
    /// one typed with the Chinese input method on had full-width digits (`"８０"`): E-DEF-014
    /// quoted them as 「75.23」 and 「８０」 "不是数字" — what the newcomer saw was a number. The
    /// message now names the invisible character and the full-width digits, and what the value
    /// is once mended; an id and a date with them likewise. All in one run, exit 1.
    @Test func invisibleAndFullWidthCharactersAreNamed() throws {
        let dir = try NewcomerReview5Tests.unit([
            "dangan": Self.project(id: "dangan", executed: #"75.23\u200B"#, annualBudget: "８０"),
            "xiushan": Self.project(id: #"xiushan\u200B"#, executed: "10", from: "２０２３-01-01")
                .replacingOccurrences(of: "馆藏档案数字化加工", with: "档案库房修缮"),
        ])
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let result = try Self.run(["validate", "package.json"], in: dir)
        #expect(result.status == 1, "\(result.stderr)")

        let executed = try #require(Self.problemLines(result, "E-DEF-014").first { $0.contains("funds[0].executed") }, "\(result.stderr)")
        #expect(executed.hasPrefix("错误 projects/dangan.json:"), "\(executed)")
        #expect(executed.contains("「75.23〔零宽空格〕」") && executed.contains("零宽空格 U+200B") && executed.contains("改正后是「75.23」"), "\(executed)")

        let budget = try #require(Self.problemLines(result, "E-DEF-014").first { $0.contains("funds[0].annualBudget") }, "\(result.stderr)")
        #expect(budget.contains("全角字符 ８ ０") && budget.contains("英文输入法") && budget.contains("改正后是「80」"), "\(budget)")

        let id = try #require(Self.problemLines(result, "E-DEF-017").first, "\(result.stderr)")
        #expect(id.contains("projects/xiushan.json") && id.contains("「xiushan〔零宽空格〕」") && id.contains("改正后是「xiushan」"), "\(id)")

        let date = try #require(Self.problemLines(result, "period.from").first, "\(result.stderr)")
        #expect(date.contains("全角字符 ２ ０ ３") && date.contains("改正后是「2023-01-01」"), "\(date)")
        // One run names all four.
        #expect(result.stderr.contains("校验未通过：4 个错误"), "\(result.stderr)")
    }

    /// An amount with its digits typed twice (`"7523000000000000"`) and one pasted from a
    /// spreadsheet cell that held a float's tail (`0.0000000000000000000000000000000000001`)
    /// were both "无法精确表示（过大或格式不对）": the second's form is right. Each is now said
    /// as what it is, with what to check.
    @Test func numbersTooLargeOrTooFineAreSaidAsSuch() throws {
        let dir = try NewcomerReview5Tests.unit([
            "dangan": Self.project(id: "dangan", executed: "0.0000000000000000000000000000000000001", annualBudget: "7523000000000000"),
        ])
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let result = try Self.run(["validate", "package.json"], in: dir)
        #expect(result.status == 1, "\(result.stderr)")
        let lines = Self.problemLines(result, "E-DEF-014")
        let large = try #require(lines.first { $0.contains("funds[0].annualBudget") }, "\(result.stderr)")
        #expect(large.contains("过大") && large.contains("10^15") && !large.contains("格式不对"), "\(large)")
        let fine = try #require(lines.first { $0.contains("funds[0].executed") }, "\(result.stderr)")
        #expect(fine.contains("小数位数过多") && fine.contains("最多 10 位") && !fine.contains("过大"), "\(fine)")
    }

    /// The import said "下一步：请在 projects/x.json 中补写 body"; the newcomer did, then
    /// corrected a figure in the sheet and imported it again to the same file: the body was
    /// gone without a word (only `--projects` refused existing files). An existing file that
    /// the import would change is now E-IMP-047 and stays as it was; the same sheet imported
    /// twice is no change and passes; `--force` replaces it.
    @Test func importKeepsAProjectFileWrittenInto() throws {
        let root = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let sheet = EndToEnd.packageRoot.appendingPathComponent("examples/import/自评表样例.xlsx").path
        let first = try Self.run(["import", sheet, "-o", "projects/xiangcun-shebei.json"], in: root)
        #expect(first.status == 0, "\(first.stderr)")
        let again = try Self.run(["import", sheet, "-o", "projects/xiangcun-shebei.json"], in: root)
        #expect(again.status == 0, "\(again.stderr)")

        let file = root.appendingPathComponent("projects/xiangcun-shebei.json")
        let imported = try String(contentsOf: file, encoding: .utf8)
        let written = imported.replacingOccurrences(of: #""id": "xiangcun-shebei","#,
                                                    with: #""id": "xiangcun-shebei", "body": [{"heading": "项目概况", "text": "购置设备。"}],"#)
        #expect(written != imported)
        try Data(written.utf8).write(to: file)
        let refused = try Self.run(["import", sheet, "-o", "projects/xiangcun-shebei.json"], in: root)
        #expect(refused.status == 1, "\(refused.stderr)")
        let line = try #require(Self.problemLines(refused, "E-IMP-047").first, "\(refused.stderr)")
        #expect(line.contains("projects/xiangcun-shebei.json") && line.contains("--force") && line.contains("body"), "\(line)")
        #expect(try String(contentsOf: file, encoding: .utf8) == written)

        let forced = try Self.run(["import", sheet, "-o", "projects/xiangcun-shebei.json", "--force"], in: root)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8) == imported)
    }

    /// A right-to-left override (U+202E) pasted into a project's name: validate passed, the file
    /// name got a `_`, and Word printed the name after it reversed (补助保医 for 医保补助) in
    /// every report. A direction control in a text value is now E-DEF-103 at its JSON path,
    /// the value quoted with the control named in place; in a choice (`scoring`) the choice's own
    /// message names it too. Notes (`_comment`) are never printed and are left alone.
    @Test func aDirectionOverrideIsNamed() throws {
        let text = Self.project(id: "dangan", executed: "75.23")
            .replacingOccurrences(of: "馆藏档案数字化加工", with: #"馆藏档案‮数字化加工"#)
            .replacingOccurrences(of: #""mof-2020""#, with: #""‏mof-2020""#)
            .replacingOccurrences(of: #""kind": "专项","#, with: #""kind": "专项", "_comment": "‮ 备注","#)
        let dir = try NewcomerReview5Tests.unit(["dangan": text])
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let result = try Self.run(["validate", "package.json"], in: dir)
        #expect(result.status == 1, "\(result.stderr)")
        let controls = Self.problemLines(result, "E-DEF-103")
        let name = try #require(controls.first { $0.contains(" name：") }, "\(result.stderr)")
        #expect(name.hasPrefix("错误 projects/dangan.json:") && name.contains("「馆藏档案〔从右到左强制〕数字化加工」")
                && name.contains("U+202E") && name.contains("请删去"), "\(name)")
        #expect(!result.stderr.contains("_comment"), "\(result.stderr)")
        let scoring = try #require(Self.problemLines(result, "E-DEF-013").first { $0.contains("scoring") }, "\(result.stderr)")
        #expect(scoring.contains("〔从右到左标记〕mof-2020") && scoring.contains("U+200F") && scoring.contains("改正后是「mof-2020」"), "\(scoring)")
        #expect(controls.count == 2, "\(result.stderr)")
    }

    /// A note written the way a configuration file or JavaScript has it (`// 2023 年新增`) was
    /// "这里应是用英文双引号括起的键名": JSON has no comments, and the message did not say so or
    /// how the examples write notes. Full-width digits as a bare number and a full-width space
    /// typed for indenting are named too.
    @Test func commentsAndFullWidthSyntaxAreNamed() throws {
        let base = Self.project(id: "dangan", executed: "75.23")
        let cases: [(String, String, String)] = [
            ("comment", base.replacingOccurrences(of: #"  "kind": "专项","#, with: "  // 2023 年新增\n  \"kind\": \"专项\","), "JSON 不允许注释"),
            ("block", base.replacingOccurrences(of: #""scoring": "mof-2020","#, with: #""scoring": "mof-2020", /* 评分 */"#), "JSON 不允许注释"),
            ("digits", base.replacingOccurrences(of: #""weight": "10""#, with: #""weight": １０"#), "全角数字"),
            ("space", base.replacingOccurrences(of: "  \"kind\"", with: "\u{3000}\"kind\""), "全角空格"),
        ]
        for (name, text, words) in cases {
            let dir = try NewcomerReview5Tests.unit(["dangan": text])
            defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
            let result = try Self.run(["validate", "package.json"], in: dir)
            #expect(result.status == 1, "\(name): \(result.stderr)")
            let line = try #require(result.stderr.split(separator: "\n").first { $0.contains("E-JSON-") }, "\(name): \(result.stderr)")
            #expect(line.hasPrefix("错误 projects/dangan.json:") && line.contains(words), "\(name): \(line)")
            if words.contains("注释") { #expect(line.contains("\"_comment\""), "\(line)") }
        }
    }

    /// The output folder's messages (E-OUT-001 for a file in its place, the closing line) named
    /// it absolute, `/home/…/yunxi/output/2023-云溪县档案馆`, while every other message names files
    /// from where the command ran (`ShownPath`): now `output/2023-云溪县档案馆` and `报告包` there.
    @Test func theOutputFolderIsNamedFromWhereTheCommandRan() throws {
        let dir = try NewcomerReview5Tests.unit(["dangan": Self.project(id: "dangan", executed: "75.23")])
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let made = try Self.run(["package", "package.json"], in: dir)
        #expect(made.status == 0, "\(made.stderr)")
        let last = made.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("已生成 1 个项目的报告包：output/2023-云溪县档案馆（"), "\(last)")

        let again = try Self.run(["project", "package.json", "--id", "dangan"], in: dir)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("并刷新汇总表与清单：output/2023-云溪县档案馆\n"), "\(again.stderr)")

        try Data("不是目录".utf8).write(to: dir.appendingPathComponent("报告包"))
        let blocked = try Self.run(["package", "package.json", "-o", "报告包"], in: dir)
        #expect(blocked.status == 1, "\(blocked.stderr)")
        let line = try #require(Self.problemLines(blocked, "E-OUT-001").first, "\(blocked.stderr)")
        #expect(line.hasPrefix("错误 E-OUT-001 报告包："), "\(line)")
    }

    /// An output folder on a read-only disk (a USB stick mounted read-only, a share): the one
    /// line was "创建锁文件失败：文件系统是只读的" about `.out.reportgen-lock`, a file the newcomer
    /// never asked for. It now says what to do, naming the folder from where the command ran.
    @Test(.enabled(if: OutputSafetyTests.canMountTmpfs, "needs root and permission to mount a tmpfs"))
    func aReadOnlyOutputPlaceSaysWhatToDo() throws {
        let dir = try NewcomerReview5Tests.unit(["dangan": Self.project(id: "dangan", executed: "75.23")])
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let stick = dir.appendingPathComponent("U盘")
        try FileManager.default.createDirectory(at: stick, withIntermediateDirectories: true)
        #expect(try EndToEnd.run(URL(fileURLWithPath: "/bin/mount"), ["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", stick.path]).status == 0)
        defer { _ = try? EndToEnd.run(URL(fileURLWithPath: "/bin/umount"), [stick.path]) }
        let result = try Self.run(["package", "package.json", "-o", "U盘/报告包"], in: dir)
        #expect(result.status == 1, "\(result.stderr)")
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("错误") }
        #expect(errors.count == 1, "\(result.stderr)")
        let line = String(errors.first ?? "")
        #expect(line.contains("E-IO-004 U盘/") && line.contains("只读") && line.contains("请用 -o 换一个可写的目录") && !line.contains(dir.path), "\(line)")
        #expect(result.stderr.contains("未写入任何文件"), "\(result.stderr)")
    }

    /// A script's `reportgen package "$PKG" -o "$OUT"` with OUT unset: `-o ""` was taken as the
    /// current directory (E-OUT-017 about 「.」), and an empty package argument said "这是一个
    /// 目录" naming no file. Each is now E-CLI-014 naming the option or the argument, exit 2,
    /// before anything is read or written.
    @Test func anEmptyArgumentIsSaidAsSuch() throws {
        let dir = try NewcomerReview5Tests.unit(["dangan": Self.project(id: "dangan", executed: "75.23")])
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let cases: [([String], String)] = [
            (["package", "package.json", "-o", ""], "-o 后面的参数是空的"),
            (["package", "package.json", "--output="], "选项 --output 的值是空的"),
            (["package", ""], "第 2 个参数是空的"),
            (["validate", ""], "第 2 个参数是空的"),
        ]
        for (arguments, words) in cases {
            let result = try Self.run(arguments, in: dir)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("E-CLI-014 命令行有误：" ) && result.stderr.contains(words)
                    && result.stderr.contains("完整说明：reportgen \(arguments[0]) --help"), "\(arguments): \(result.stderr)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names == ["package.json", "projects"], "\(names)")
    }

    /// A template that is not a zip (a text file saved as .docx) was named three times in one
    /// line, the last two absolute, and told to add --for although there are no fields to check
    /// in a file that is no DOCX. Now the file is named once from where the command ran, and
    /// `package --templates` names it the same way.
    @Test func aTemplateThatIsNoZipIsNamedOnce() throws {
        let root = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("我的 模板")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("hello".utf8).write(to: folder.appendingPathComponent("说明.docx"))
        let checked = try Self.run(["template", "check", "我的 模板/说明.docx"], in: root)
        #expect(checked.status == 1, "\(checked.stderr)")
        #expect(checked.stderr.contains("E-ZIP-001") && !checked.stderr.contains("--for") && !checked.stderr.contains(root.path), "\(checked.stderr)")
        // The headline and the error: not again inside the error's reason.
        #expect(checked.stderr.components(separatedBy: "我的 模板/说明.docx").count - 1 == 2, "\(checked.stderr)")

        try Data("hello".utf8).write(to: folder.appendingPathComponent("summary.docx"))
        let example = EndToEnd.packageRoot.appendingPathComponent("examples/zhongdian-jiuzhu-2021/package.json").path
        let packaged = try Self.run(["package", example, "--templates", "我的 模板", "-o", "out"], in: root)
        #expect(packaged.status == 1, "\(packaged.stderr)")
        let line = try #require(Self.problemLines(packaged, "E-TPL-013").first, "\(packaged.stderr)")
        #expect(line.contains("模板 我的 模板/summary.docx 不是可读的 DOCX") && !line.contains(root.path), "\(line)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out").path))
    }
}
