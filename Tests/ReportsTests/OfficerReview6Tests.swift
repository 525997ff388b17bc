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
