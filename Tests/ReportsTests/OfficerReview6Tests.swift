import Foundation
import Testing
@testable import Reports

/// Officer review 6: a 完成预算 rate over a budget of 0 with nothing spent (seed 004's 因公出国（境）费:
/// “支出0万元，完成预算0%”). 0 ÷ 0 is no rate; the project tables leave such a rate blank, and the
/// 决算说明 says “未安排预算” instead of printing 0%.
@Suite struct ZeroBudgetCompletionTests {
    func n(_ text: String) -> FormNumber { FormNumber(literal: text)! }

    /// The 决算说明 text of a one-line file, tags resolved, and its problems.
    static func render(_ text: String, figures: String) throws -> (text: String?, problems: [DefinitionProblem]) {
        let dir = try TemporaryDirectory()
        let body = #"[{"heading": "甲", "text": "\#(text)"}]"#
        try dir.write("final-accounts.json", #"{"figures": \#(figures), "body": \#(body)}"#)
        let package = try dir.write("package.json", #"{"format": "reportgen/1", "year": 2021, "unit": {"name": "某局"}, "finalAccounts": "final-accounts.json", "projects": []}"#)
        do {
            let loaded = try PackageLoader.load(path: package)
            return (loaded.finalAccounts?.body.first?.text, loaded.warnings)
        } catch {
            return (nil, error.problems)
        }
    }

    static let threePublic = #"{"三公经费": {"合计": {"决算数": "3.09", "预算数": "4.87", "预算差异原因": "节约"}, "因公出国（境）费": {"决算数": 0, "预算数": 0}, "公务用车购置及运行维护费": {"决算数": "2.28", "预算数": "4.05", "预算差异原因": false}, "公务接待费": {"决算数": "0.81", "预算数": "0.82", "预算差异原因": false}}}"#

    @Test func zeroOverZeroIsNoRate() {
        #expect(AccountPhrases.completion(value: n("0"), budget: n("0")) == nil)
        #expect(AccountPhrases.completion(value: n("1"), budget: n("0")) == nil)
        // 3.09 ÷ 4.87 = 0.63449… → 63.45% (seed 004's 三公经费).
        #expect(AccountPhrases.completion(value: n("3.09"), budget: n("4.87")).map(AccountPhrases.percent) == "63.45%")
    }

    @Test func clauseSaysNoBudgetInsteadOfZeroPercent() throws {
        let zero = try Self.render("因公出国（境）经费支出{{三公经费.因公出国（境）费}}万元，{{预算完成情况:三公经费.因公出国（境）费}}。",
                                   figures: Self.threePublic)
        #expect(zero.problems.isEmpty, "\(zero.problems)")
        #expect(zero.text == "因公出国（境）经费支出0万元，未安排预算。")
        let rate = try Self.render("{{预算完成情况:三公经费.合计}}", figures: Self.threePublic)
        #expect(rate.text == "完成预算63.45%")
    }

    @Test func bareRateOfZeroOverZeroIsATagErrorNamingTheClause() throws {
        let result = try Self.render("完成预算{{完成预算:三公经费.因公出国（境）费}}。", figures: Self.threePublic)
        let error = try #require(result.problems.first { $0.code.rawValue == "E-FA-030" })
        #expect(error.path == "body[0].text")
        #expect(error.message.contains("0 ÷ 0") && error.message.contains("{{预算完成情况:三公经费.因公出国（境）费}}"))
    }

    @Test func standardSentenceSaysNoBudget() throws {
        let figures = #"{"一般公共预算财政拨款支出": {"合计": {"决算数": "20", "预算数": "20"}, "类": [{"名称": "一般公共服务", "决算数": 20, "款": [{"名称": "商贸事务", "项": [{"名称": "招商引资", "决算数": 20, "预算数": 20}, {"名称": "其他", "决算数": 0, "预算数": 0}]}]}]}}"#
        let result = try Self.render("{{说明:一般公共预算财政拨款支出具体}}", figures: figures)
        #expect(result.problems.isEmpty, "\(result.problems)")
        let text = try #require(result.text)
        #expect(text.contains("其他（项）：支出决算为0万元，未安排预算。"), "\(text)")
        #expect(text.contains("招商引资（项）：支出决算为20万元，完成预算100%。"))
        #expect(!text.contains("完成预算0%"))
    }
}

/// Officer review 6: seed 002's body states the derived total and grade in prose (“总得分100分，
/// 属于"优秀"”). The body is typed text that does not follow the data; a stated total or grade
/// that the computed sheet does not give is an error (E-DEF-050 / E-DEF-052, as a given
/// `totalScore`/`grade`), with the body's JSON path.
@Suite struct BodyScoreTests {
    /// Seed 002 (mof-2020: 10 × 100% + 12.5 × 4 + 30 + 10 = 100, 优) with one body text.
    static func load(_ text: String) throws -> [DefinitionProblem] {
        var seed = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Fixtures.path("valid/seed-002.json")))) as? [String: Any] ?? [:]
        seed["body"] = [["heading": "项目绩效情况", "text": text]]
        let dir = try TemporaryDirectory()
        let path = try dir.write("project.json", String(decoding: try JSONSerialization.data(withJSONObject: seed), as: UTF8.self))
        return problems(of: path)
    }

    @Test func seedSentenceAgreesWithTheComputedSheet() throws {
        let found = try Self.load("最终评分结果：重点救助对象医保补助项目绩效自评价结果为:总得分100分，属于\"优秀\"。")
        #expect(!found.contains { ["E-DEF-050", "E-DEF-052"].contains($0.code.rawValue) }, "\(found)")
    }

    @Test func statedTotalAndGradeThatDisagreeAreErrors() throws {
        let found = try Self.load("自评价结果为:总得分98分，属于\"良好\"。")
        let total = try #require(found.first { $0.code.rawValue == "E-DEF-050" })
        #expect(total.path == "body[0].text" && total.isError)
        #expect(total.message.contains("98") && total.message.contains("100"))
        let grade = try #require(found.first { $0.code.rawValue == "E-DEF-052" })
        #expect(grade.path == "body[0].text" && grade.message.contains("良好") && grade.message.contains("优"))
    }

    @Test func otherWordsAreNotGrades() throws {
        // seed 004: “被国家医保局评为“进度优秀”单位”; an indicator's own 得分 is not the total.
        let found = try Self.load("被国家医保局评为“进度优秀”单位，该指标得分12.5分，属于中等收入群体。")
        #expect(!found.contains { ["E-DEF-050", "E-DEF-052"].contains($0.code.rawValue) }, "\(found)")
    }
}

/// Officer review 6: the 部门整体 report is 附件1 of the 决算公开 document and restates its figures
/// (seed 004: “财政拨款全年收入645.53万元，其中一般公共预算财政拨款收入644.52万元……人员经费274.51万元，
/// 公用经费49.56万元”) as typed text, while the 决算说明 prints 日常公用经费370.03万元 from the same
/// package. The department body now takes the 决算说明 tags and its typed numbers are compared
/// with the figures (W-FA-002), as in the 决算说明 itself.
@Suite struct DepartmentAccountFiguresTests {
    static func load(body: String) throws -> (package: LoadedPackage?, problems: [DefinitionProblem]) {
        try loadAccountsPackage(finalAccounts: #"{"figures": {"收入": {"合计": "645.53", "一般公共预算财政拨款收入": "644.52", "政府性基金预算财政拨款收入": "1.01"}, "一般公共预算财政拨款基本支出": {"合计": "644.54", "人员经费": "274.51", "公用经费": "370.03"}}, "body": []}"#,
                                department: #"{"title": "2021年部门整体绩效评价报告", "body": [{"heading": "部门财政资金收支情况", "text": "\#(body)"}]}"#)
    }

    @Test func departmentBodyPrintsAccountFiguresByTag() throws {
        let result = try Self.load(body: "财政拨款全年收入{{收入.合计}}万元，其中一般公共预算财政拨款收入{{收入.一般公共预算财政拨款收入}}万元。")
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.package?.department?.body.first?.text == "财政拨款全年收入645.53万元，其中一般公共预算财政拨款收入644.52万元。")
    }

    @Test func typedNumberContradictingTheAccountsIsAWarning() throws {
        // The seed's 附件1 says 公用经费49.56万元; the figures (the 决算说明's) say 370.03.
        let result = try Self.load(body: "人员经费274.51万元，公用经费49.56万元。")
        let warnings = result.problems.filter { $0.code.rawValue == "W-FA-002" }
        #expect(warnings.count == 1, "\(result.problems)")
        #expect(warnings.first?.file == "department.json" && warnings.first?.path == "body[0].text")
        #expect(warnings.first?.message.contains("49.56") == true && warnings.first?.message.contains("370.03") == true)
        #expect(result.package != nil)
    }

    /// examples/panzhihua-2021: the 附件1's restated figures are the 决算说明's, printed as the seed
    /// prints them (附件1 二、: “财政拨款全年收入645.53万元，其中一般公共预算财政拨款收入644.52万元、
    /// 政府性基金预算财政拨款收入1.01万元”, “全年支出645.55万元，其中基本支出324.07万元、项目支出321.48万元”;
    /// the seed's “645.55元” lacks its 万, mended by officer review 18, W-FA-008),
    /// and its 公用经费49.56 against the 决算说明's 370.03 is reported, not hidden.
    @Test func exampleAttachmentPrintsTheAccountsFigures() throws {
        let package = try PackageLoader.load(path: FinalAccountsSeedTests.root.appendingPathComponent("examples/panzhihua-2021/package.json").path)
        var texts: [String] = []
        func walk(_ nodes: [BodyNode]) { for n in nodes { texts += [n.text, n.item, n.heading].compactMap { $0 }; walk(n.children ?? []) } }
        walk(try #require(package.department).body)
        let all = texts.joined(separator: "\n")
        for phrase in ["财政拨款全年收入645.53万元，其中一般公共预算财政拨款收入644.52万元、政府性基金预算财政拨款收入1.01万元",
                       "全年支出645.55万元，其中基本支出324.07万元、项目支出321.48万元",
                       "其中人员经费274.51万元，公用经费49.56万元，实际支出324.07万元，资金执行率100%"] {
            #expect(all.contains(phrase), "\(phrase)")
        }
        let slip = package.warnings.filter { $0.code.rawValue == "W-FA-002" && $0.file == "department.json" }
        #expect(slip.count == 1 && slip.first?.message.contains("49.56") == true, "\(slip)")
    }

    @Test func unknownAccountTagIsAnError() throws {
        let result = try Self.load(body: "收入{{收入.合记}}万元。")
        #expect(result.package == nil)
        #expect(result.problems.contains { $0.code.rawValue == "E-DEF-091" && $0.path == "body[0].text" && $0.message.contains("收入.合计") })
    }
}
