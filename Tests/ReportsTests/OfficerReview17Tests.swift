import Foundation
import Testing
@testable import Reports

/// Officer review 17: figures the 决算说明 and the 部门整体 report derive in their own prose from the
/// amounts they print — seed 004's “年初安排基本支出预算资金324.07万元……实际支出324.07万元，资金执行率100%”
/// (附件1) and “共计支出0.81万元，具体内容包括：①……0.2万元；②……0.28万元；③……0.33万元” (第二部分 七、) — were
/// typed and nothing checked them: the data could change under them and the signed document would
/// contradict itself. The 基本支出 rate is now computed (a 预算数 in the data, `{{完成预算:支出.基本支出}}`);
/// a rate typed beside its budget and spending is W-FA-006, itemised amounts not adding up to the
/// total they break down W-FA-007.
@Suite struct OfficerReview17Tests {
    static let accounts = #"""
    {"figures": {"支出": {"合计": "320", "基本支出": {"决算数": "320", "预算数": "324.07", "预算差异原因": "人员调出"}},
      "三公经费": {"合计": "0.81", "因公出国（境）费": 0, "公务用车购置及运行维护费": 0, "公务接待费": "0.81", "国内公务接待费": "0.81", "外事接待费": 0}},
     "body": [{"heading": "部门概况", "text": "BODY"}]}
    """#

    /// A package whose 决算说明 body holds `accountsBody` and whose 部门整体 report holds `departmentBody`.
    static func load(accountsBody: String = "无。", departmentBody: String = "无。") throws -> (package: LoadedPackage?, problems: [DefinitionProblem]) {
        try loadAccountsPackage(finalAccounts: accounts.replacingOccurrences(of: "BODY", with: accountsBody),
                                department: #"{"title": "2021年部门整体绩效评价报告", "body": [{"heading": "部门整体预算绩效管理情况", "text": "\#(departmentBody)"}]}"#)
    }

    static func codes(_ problems: [DefinitionProblem], _ code: String) -> [DefinitionProblem] {
        problems.filter { $0.code.rawValue == code }
    }

    // MARK: - the rate computed

    /// The tag prints the rate of the data: spending 320 of a budget of 324.07 is 98.74%
    /// (320 ÷ 324.07 = 0.98744…; 324.07 × 0.9875 = 320.02 > 320), where the typed “100%” went on printing 100%.
    @Test func theBasicExpenditureRateIsComputedFromTheData() throws {
        let result = try Self.load(departmentBody: "年初安排基本支出预算资金{{支出.基本支出.预算数}}万元，实际支出{{支出.基本支出}}万元，资金执行率{{完成预算:支出.基本支出}}。")
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.package?.department?.body.first?.text == "年初安排基本支出预算资金324.07万元，实际支出320万元，资金执行率98.74%。")
    }

    /// examples/panzhihua-2021 prints its 附件1 基本支出 sentence from the data: with the 决算说明's
    /// 基本支出 changed, the rate follows (it was typed “100%” and stayed so).
    @Test func theExampleAttachmentFollowsTheData() throws {
        let root = FinalAccountsSeedTests.root.appendingPathComponent("examples/panzhihua-2021")
        let dir = try TemporaryDirectory()
        for name in ["package.json", "department.json"] {
            try dir.write(name, Array(try Data(contentsOf: root.appendingPathComponent(name))))
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("projects").path) {
            try dir.write("projects/" + file, Array(try Data(contentsOf: root.appendingPathComponent("projects/" + file))))
        }
        let accounts = try String(contentsOf: root.appendingPathComponent("final-accounts.json"), encoding: .utf8)
        #expect(accounts.contains(#""基本支出": {"决算数": "324.07", "预算数": "324.07"}"#))
        try dir.write("final-accounts.json", accounts.replacingOccurrences(of: #""基本支出": {"决算数": "324.07", "预算数": "324.07"}"#,
                                                                          with: #""基本支出": {"决算数": "324.07", "预算数": "330", "预算差异原因": "人员调出"}"#))
        let package = try PackageLoader.load(path: dir.url.appendingPathComponent("package.json").path)
        var texts: [String] = []
        func walk(_ nodes: [BodyNode]) { for n in nodes { texts += [n.text, n.item, n.heading].compactMap { $0 }; walk(n.children ?? []) } }
        walk(try #require(package.department).body)
        // 324.07 ÷ 330 = 98.2030…%
        #expect(texts.contains { $0.contains("年初安排基本支出预算资金330万元，其中人员经费274.51万元，公用经费49.56万元，实际支出324.07万元，资金执行率98.2%。") },
                "\(texts.filter { $0.contains("基本支出预算资金") })")
    }

    // MARK: - a typed rate checked (W-FA-006)

    @Test func aTypedRateTheAmountsDoNotGiveIsAWarning() throws {
        let result = try Self.load(departmentBody: "年初安排基本支出预算资金324.07万元，其中人员经费274.51万元，实际支出{{支出.基本支出}}万元，资金执行率100%。")
        let found = Self.codes(result.problems, "W-FA-006")
        #expect(found.count == 1, "\(result.problems)")
        let warning = try #require(found.first)
        #expect(warning.file == "department.json" && warning.path == "body[0].text")
        // 320 ÷ 324.07 = 98.744…% → 99% at the body's precision (none).
        #expect(warning.message.contains("资金执行率100%") && warning.message.contains("324.07万元") && warning.message.contains("320万元")
                && warning.message.contains("99%"), "\(warning.message)")
        #expect(result.package != nil, "a warning, not an error")
    }

    @Test func eachRateIsReadAgainstTheAmountsSinceThePreviousOne() throws {
        // The second rate's budget is the 预算资金 after the first rate, not the first sentence's.
        let consistent = "业务运行费预算资金7.65万元，主要保障日常办公。实际支出7.65万元，资金执行率100%。"
            + "追加专项预算资金370.86万元，实际支出225.82万元，资金执行率60.89%。"
        #expect(Self.codes(try Self.load(departmentBody: consistent).problems, "W-FA-006").isEmpty)
        let wrong = "业务运行费预算资金7.65万元，实际支出7.65万元，资金执行率100%。追加专项预算资金370.86万元，实际支出225.82万元，资金执行率100%。"
        let found = Self.codes(try Self.load(departmentBody: wrong).problems, "W-FA-006")
        #expect(found.count == 1 && found.first?.message.contains("60.89%") == false && found.first?.message.contains("61%") == true,
                "\(found.map(\.message))")
    }

    /// A rate computed before its operands were rounded is no false alarm: 225.816 ÷ 370.86 = 60.890…%
    /// printed beside 225.82 (225.82 ÷ 370.86 = 60.891…%), and a rate of 60.89% beside 225.82 / 370.86 both
    /// agree; a figure at the edge of rounding is read as the interval it prints.
    @Test func amountsCountAsPrinted() throws {
        for body in ["预算资金370.86万元，实际支出225.82万元，资金执行率60.89%。",
                     "预算资金3万元，实际支出2万元，资金执行率66.67%。",
                     "预算资金0.3万元，实际支出0.2万元，执行率为67%。"] {
            #expect(Self.codes(try Self.load(departmentBody: body).problems, "W-FA-006").isEmpty, "\(body)")
        }
        // A bound is not a stated rate; a rate without a budget before it is not checked.
        for body in ["全年预算资金执行率在80%以上。", "上级专项补助资金67万元，实际支出60万元，资金执行率100%。"] {
            #expect(Self.codes(try Self.load(departmentBody: body).problems, "W-FA-006").isEmpty, "\(body)")
        }
    }

    // MARK: - itemised amounts checked (W-FA-007)

    static let reception = "国内公务接待3批次，共计支出{{三公经费.国内公务接待费}}万元，具体内容包括：①学习考察工作餐费0.2万元；②交叉调研评估餐费0.28万元；③飞行检查餐费AMOUNT万元。"

    @Test func itemsThatDoNotAddUpToTheirTotalAreAWarning() throws {
        // 0.2 + 0.28 + 0.32 = 0.8 is no contradiction (items rounded from 0.812 in all, officer review 18); 0.23 is.
        let result = try Self.load(accountsBody: Self.reception.replacingOccurrences(of: "AMOUNT", with: "0.23"))
        let found = Self.codes(result.problems, "W-FA-007")
        #expect(found.count == 1, "\(result.problems)")
        let warning = try #require(found.first)
        #expect(warning.file == "final-accounts.json" && warning.path == "body[0].text")
        // 0.2 + 0.28 + 0.23 = 0.71, against the figure 0.81 at figures.三公经费["国内公务接待费"].
        #expect(warning.message.contains("0.71万元") && warning.message.contains("0.2万元 + 0.28万元 + 0.23万元")
                && warning.message.contains("0.81万元") && warning.message.contains("三公经费") && warning.message.contains("国内公务接待费"),
                "\(warning.message)")
        #expect(result.package != nil)
    }

    @Test func itemsThatAddUpAreNotReported() throws {
        let result = try Self.load(accountsBody: Self.reception.replacingOccurrences(of: "AMOUNT", with: "0.33"))
        #expect(Self.codes(result.problems, "W-FA-007").isEmpty, "\(result.problems)")
        // The same list typed in the 部门整体 report, items in 元 against a total in 万元.
        let yuan = try Self.load(departmentBody: "共计支出0.81万元，其中：①餐费2000元；②餐费6100元。")
        #expect(Self.codes(yuan.problems, "W-FA-007").isEmpty, "\(yuan.problems)")
        let wrongYuan = try Self.load(departmentBody: "共计支出0.81万元，其中：①餐费2000元；②餐费6000元。")
        #expect(Self.codes(wrongYuan.problems, "W-FA-007").count == 1, "\(wrongYuan.problems)")
    }

    /// A list that is no breakdown of an amount before it is left alone (seed 000's 质量指标:
    /// “①资助参保资金支出165.9万元；②住院救助资金支出793.47万元；……”), as is an item without one amount.
    @Test func listsThatBreakDownNothingAreLeftAlone() throws {
        for body in ["质量指标：①资助参保资金支出165.9万元；②住院救助资金支出793.47万元；③门诊救助资金支出2.66万元。",
                     "共计支出0.81万元，具体内容包括：①考察餐费；②评估餐费0.28万元。"] {
            #expect(Self.codes(try Self.load(departmentBody: body).problems, "W-FA-007").isEmpty, "\(body)")
        }
    }

    /// No example prints a rate or a list its own amounts contradict.
    @Test func theExamplesAgreeWithThemselves() throws {
        for example in ["panzhihua-2021", "yanbian-2021", "zhongdian-jiuzhu-2021", "ippe-demo"] {
            let path = FinalAccountsSeedTests.root.appendingPathComponent("examples/\(example)/package.json").path
            let warnings = try PackageLoader.load(path: path).warnings
            #expect(!warnings.contains { ["W-FA-006", "W-FA-007"].contains($0.code.rawValue) }, "\(example): \(warnings)")
        }
    }
}
