import Foundation
import Testing
@testable import Reports

/// Officer review 18: what the finance officer who signs finds in the examples and in the
/// mistakes a clerk makes typing them —
/// - a project body's rate typed (“资金执行率75.61%”, seed 004; “预算执行率：100%”, seed 002) is
///   printed by `{{资金.执行率}}`, now in prose's form (`100%`, as the 决算说明 and 附件1 print
///   rates) rather than the table's `100.00%`;
/// - ①②③ items printed rounded no longer contradict their total (W-FA-007 read each as printed);
/// - a stray space (“〔2019〕1 号”, “共有 124家”, Word's no-break space) is W-DEF-041;
/// - a figure typed in 元 in a 万元 file is named in its E-FA-010.
@Suite struct OfficerReview18Tests {
    // MARK: - the rate in a project body computed

    /// Seed 004 能力提升培训: 全年预算 54, 实际支出 40.83; 40.83 ÷ 54 = 0.75611… → “75.61%”.
    /// Seed 002: 5 of 5 → “100%”, as the seed's prose prints it (not the fund table's 100.00%).
    static func projectJSON(_ text: String, budget: String, executed: String) -> String {
        """
        {"id": "p", "name": "能力提升培训", "year": 2021, "scoring": "none",
         "funds": [{"source": "财政资金", "level": "市级", "annualBudget": "\(budget)", "received": "\(budget)", "executed": "\(executed)"}],
         "indicators": [], "evaluators": [],
         "body": [{"heading": "项目绩效情况", "children": [{"heading": "项目完成情况。", "text": "\(text)"}]}]}
        """
    }

    static func body(_ text: String, budget: String, executed: String) -> (text: String?, problems: [DefinitionProblem]) {
        let json = projectJSON(text, budget: budget, executed: executed)
        let (loaded, problems) = DefinitionLoader.checkProject(bytes: Array(json.utf8), name: "p.json")
        return (loaded?.definition.body.first?.children?.first?.text, problems)
    }

    @Test func theBodysRateTagPrintsAsProseDoes() {
        let sentence = "全年绩效目标{{资金.全年预算数}}万元，实际支出{{资金.执行数}}万元，资金执行率{{资金.执行率}}。"
        let seed004 = Self.body(sentence, budget: "54", executed: "40.83")
        #expect(seed004.text == "全年绩效目标54万元，实际支出40.83万元，资金执行率75.61%。", "\(seed004.problems)")
        let spent = Self.body("预算执行率：{{资金.执行率}}，资助参保人次4863人。", budget: "5", executed: "5")
        #expect(spent.text == "预算执行率：100%，资助参保人次4863人。")
        // 45 ÷ 54 = 0.83333… → 83.33%: the sentence follows the data where the typed “75.61%” went stale (W-DEF-023).
        let changed = Self.body(sentence, budget: "54", executed: "45")
        #expect(changed.text == "全年绩效目标54万元，实际支出45万元，资金执行率83.33%。")
        #expect(!changed.problems.contains { $0.code.rawValue == "W-DEF-023" })
        let typed = Self.body("全年绩效目标54万元，实际支出45万元，资金执行率75.61%。", budget: "54", executed: "45")
        #expect(typed.problems.contains { $0.code.rawValue == "W-DEF-023" }, "\(typed.problems)")
    }

    /// The examples print their three formerly typed project rates from the data.
    @Test func theExamplesProjectRatesAreTags() throws {
        let root = FinalAccountsSeedTests.root.appendingPathComponent("examples")
        for (file, phrase) in [("panzhihua-2021/projects/nengli-tisheng-peixun.json", "资金执行率{{资金.执行率}}"),
                               ("panzhihua-2021/projects/yewu-yunxingfei.json", "资金执行率{{资金.执行率}}"),
                               ("zhongdian-jiuzhu-2021/projects/zhongdian-jiuzhu.json", "预算执行率：{{资金.执行率}}")] {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            #expect(text.contains(phrase), "\(file)")
            let project = try loadProject(root.appendingPathComponent(file).path)
            var texts: [String] = []
            func walk(_ nodes: [BodyNode]) { for n in nodes { texts += [n.text, n.item].compactMap { $0 }; walk(n.children ?? []) } }
            walk(project.definition.body)
            // The seeds' own words: 75.61% (40.83 of 54), 100% (业务运行费 and seed 002's 5 of 5).
            let expected = file.contains("nengli") ? "资金执行率75.61%" : file.contains("yewu") ? "资金执行率100%" : "预算执行率：100%"
            #expect(texts.contains { $0.contains(expected) }, "\(file)")
        }
    }

    // MARK: - ①②③ items read as printed (W-FA-007)

    static func itemWarnings(_ body: String) throws -> [DefinitionProblem] {
        let accounts = #"{"figures": {"三公经费": {"合计": "0.81", "因公出国（境）费": 0, "公务用车购置及运行维护费": 0, "公务接待费": "0.81", "国内公务接待费": "0.81", "外事接待费": 0}}, "body": [{"heading": "部门概况", "text": "BODY"}]}"#
        let result = try loadAccountsPackage(finalAccounts: accounts.replacingOccurrences(of: "BODY", with: body),
                                             department: #"{"title": "2021年部门整体绩效评价报告", "body": [{"heading": "概况", "text": "无。"}]}"#)
        return result.problems.filter { $0.code.rawValue == "W-FA-007" }
    }

    /// Three meals of 2 040, 2 840 and 3 240 元 print 0.2, 0.28, 0.32 万元 at the list's two
    /// decimals and add up to 0.812, the 0.81 printed before them: no contradiction, though the
    /// printed items add up to 0.8. A third of 1 万元 printed thrice is 0.99 against 1.00.
    @Test func roundedItemsAreNoContradiction() throws {
        let meals = "国内公务接待3批次，共计支出{{三公经费.国内公务接待费}}万元，具体内容包括：①学习考察工作餐费0.2万元；②交叉调研评估餐费0.28万元；③飞行检查餐费0.32万元。"
        #expect(try Self.itemWarnings(meals).isEmpty)
        #expect(try Self.itemWarnings("委托服务共计支出1.00万元，其中：①一季度0.33万元；②二季度0.33万元；③三季度0.33万元。").isEmpty)
    }

    /// A sum no rounding explains is still reported: 0.2 + 0.28 + 0.23 = 0.71 (at most 0.725
    /// before rounding) against 0.81; 0.3 + 0.33 + 0.33 = 0.96 (at most 0.975) against 1.00; an item
    /// written “0.2” beside “0.28” counts as 0.20, not as anything from 0.15 to 0.25.
    @Test func aSumNoRoundingExplainsIsReported() throws {
        let wrong = try Self.itemWarnings("共计支出{{三公经费.国内公务接待费}}万元，具体内容包括：①餐费0.2万元；②餐费0.28万元；③餐费0.23万元。")
        #expect(wrong.count == 1 && wrong.first?.message.contains("0.71万元") == true, "\(wrong)")
        #expect(try Self.itemWarnings("共计支出1.00万元，其中：①一季度0.3万元；②二季度0.33万元；③三季度0.33万元。").count == 1)
    }

    // MARK: - stray spaces (W-DEF-041)

    /// The project file's warnings as `validate p.json` reads it (the text checks run on files).
    static func spaceWarnings(_ text: String) throws -> [DefinitionProblem] {
        let dir = try TemporaryDirectory()
        let path = try dir.write("p.json", Self.projectJSON(text, budget: "5", executed: "5"))
        return problems(of: path).filter { $0.code.rawValue == "W-DEF-041" }
    }

    /// Seed 000's “（盐边委发〔2019〕1 号）”, seed 004's “全市共有 124家”, seed 002's “各股室对 强化”
    /// (a no-break space) and “100% 重点”.
    @Test func aStraySpaceIsAWarningAtItsPath() throws {
        for text in ["根据（盐边委发〔2019〕1 号）文件", "全市共有 124家定点医疗机构", "其主要原因是单位各股室对\u{00A0}强化绩效的意识不够强",
                     "覆盖率100% 重点救助对象", "机关行政编制 10名"] {
            let found = try Self.spaceWarnings(text)
            #expect(found.count == 1, "\(text)")
            #expect(found.first?.path == "body[0].children[0].text" && found.first?.message.contains("多余的空格") == true, "\(found)")
        }
    }

    /// Issuing bodies set apart by ordinary spaces, a Latin code's number and a tag keep their space.
    @Test func spacesThatBelongAreLeftAlone() throws {
        for text in ["四川省医疗保障局 四川省财政厅关于推广", "通过 ISO 9001 认证", "按 GB/T 9704 规定排版", "共{{资金.执行数}} 万元"] {
            #expect(try Self.spaceWarnings(text).isEmpty, "\(text)")
        }
    }

    /// No example prints a stray space, a space beside a full-width mark or a typed rate.
    @Test func theExamplesAreClean() throws {
        for example in ["panzhihua-2021", "yanbian-2021", "zhongdian-jiuzhu-2021", "ippe-demo"] {
            let path = FinalAccountsSeedTests.root.appendingPathComponent("examples/\(example)/package.json").path
            let warnings = try PackageLoader.load(path: path).warnings
            #expect(!warnings.contains { ["W-DEF-023", "W-DEF-040", "W-DEF-041", "W-FA-008"].contains($0.code.rawValue) }, "\(example): \(warnings)")
        }
    }

    // MARK: - a tag's amount followed by the other unit (W-FA-008)

    /// Seed 004 附件1: “市医保局财政拨款全年支出645.55元，其中基本支出324.07万元” — the 645.55 is 万元
    /// (the 决算说明's 支出合计), so “元” prints it ten thousand times too small.
    @Test func aTagFollowedByTheOtherUnitIsAWarning() throws {
        func unitWarnings(_ body: String, unit: String = "万元") throws -> [DefinitionProblem] {
            let accounts = #"{"unit": "UNIT", "figures": {"支出": {"合计": "645.55", "基本支出": "324.07", "项目支出": "321.48"}}, "body": [{"heading": "部门概况", "text": "无。"}]}"#
                .replacingOccurrences(of: "UNIT", with: unit)
            let result = try loadAccountsPackage(finalAccounts: accounts,
                                                 department: #"{"title": "2021年部门整体绩效评价报告", "body": [{"heading": "概况", "text": "\#(body)"}]}"#)
            return result.problems.filter { $0.code.rawValue == "W-FA-008" }
        }
        let seed = try unitWarnings("2021年，市医保局财政拨款全年支出{{支出.合计}}元，其中基本支出{{支出.基本支出}}万元。")
        #expect(seed.count == 1 && seed.first?.file == "department.json" && seed.first?.path == "body[0].text", "\(seed)")
        #expect(seed.first?.message.contains("645.55元") == true && seed.first?.message.contains("{{支出.合计}}万元") == true, "\(seed)")
        #expect(try unitWarnings("全年支出{{支出.合计}}万元，其中基本支出{{支出.基本支出}}万元。").isEmpty)
        // A file kept in 元: “万元” after its tag is the slip; “元” is right.
        #expect(try unitWarnings("全年支出{{支出.合计}}万元。", unit: "元").count == 1)
        #expect(try unitWarnings("全年支出{{支出.合计}}元。", unit: "元").isEmpty)
    }

    // MARK: - a figure typed in 元 in a 万元 file

    /// The clerk copies 基本支出 from the 决算报表 in 元 (3 240 700) into the 万元 file: the total's
    /// E-FA-010 names that figure, 3 240 700 元 = 324.07 万元, which makes 324.07 + 321.48 = 645.55.
    @Test func aFigureTypedInYuanIsNamed() throws {
        func sumErrors(_ basic: String, total: String = "645.55") throws -> [DefinitionProblem] {
            let accounts = #"{"figures": {"支出": {"合计": "TOTAL", "基本支出": "BASIC", "项目支出": "321.48"}}, "body": [{"heading": "部门概况", "text": "无。"}]}"#
                .replacingOccurrences(of: "BASIC", with: basic).replacingOccurrences(of: "TOTAL", with: total)
            let result = try loadAccountsPackage(finalAccounts: accounts,
                                                 department: #"{"title": "2021年部门整体绩效评价报告", "body": [{"heading": "概况", "text": "无。"}]}"#)
            return result.problems.filter { $0.code.rawValue == "E-FA-010" }
        }
        let yuan = try sumErrors("3240700")
        #expect(yuan.count == 1 && yuan[0].path == "figures.支出.合计", "\(yuan)")
        #expect(yuan.first?.message.contains("figures.支出.基本支出 的 3240700 像是以元填写") == true
                && yuan.first?.message.contains("324.07万元") == true, "\(yuan)")
        // The total typed in 元 (6 455 500 = 645.55 万元) is named the same way.
        let total = try sumErrors("324.07", total: "6455500")
        #expect(total.first?.message.contains("figures.支出.合计 的 6455500 像是以元填写") == true, "\(total)")
        // A plain slip (324.7 for 324.07) is no unit mistake and gets no such hint.
        let slip = try sumErrors("324.7")
        #expect(slip.count == 1 && slip.first?.message.contains("以元填写") == false, "\(slip)")
    }
}
