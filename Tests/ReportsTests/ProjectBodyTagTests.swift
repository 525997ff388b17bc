import Foundation
import Testing
@testable import Reports

/// Officer review 8: a project body restates its fund table ("已到位省级下达资金274.54万元，县财政资金
/// 328.06万元", seed 000 困难群众); typed, the figure can disagree with the table beside it. The
/// body's fund tags print the table's own figures (docs/数据格式.md §2.7).
@Suite struct ProjectBodyTagTests {
    /// Seed 000 困难群众: 省级 129.65 + 144.89 = 274.54 and 县级 328.055, each spent in full.
    static let funds = """
    [{"source": "财政资金", "level": "省级", "annualBudget": "274.54", "received": "274.54", "executed": "274.54"},
     {"source": "财政资金", "level": "县区级", "annualBudget": "328.055", "received": "328.055", "executed": "328.055"}]
    """

    static func load(_ text: String, funds: String = funds) -> (body: String?, problems: [DefinitionProblem]) {
        let json = """
        {"id": "k", "name": "困难群众社会保险个人缴费代缴资金", "year": 2021, "scoring": "none",
         "funds": \(funds), "indicators": [], "evaluators": [],
         "body": [{"heading": "项目资金申报及使用情况", "children": [{"heading": "资金到位。", "text": "\(text)"}]}]}
        """
        let (loaded, problems) = DefinitionLoader.checkProject(bytes: Array(json.utf8), name: "k.json")
        return (loaded?.definition.body.first?.children?.first?.text, problems)
    }

    @Test func tagsPrintTheFundTablesFigures() throws {
        let (body, problems) = Self.load("已到位省级下达资金{{资金:省级.到位数}}万元，县财政资金{{资金:县区级.到位数}}万元，"
                                         + "合计{{资金.到位数}}万元，结余{{资金:省级.结余}}万元，执行率{{资金.执行率}}。")
        #expect(!problems.contains { $0.isError }, "\(problems)")
        // Each amount at its own precision, as the fund table prints it; 602.595 = 274.54 + 328.055.
        // The rate as prose prints one (seed 002 “预算执行率：100%”), not the table's 100.00% (officer review 18).
        #expect(body == "已到位省级下达资金274.54万元，县财政资金328.055万元，合计602.595万元，结余0.00万元，执行率100%。")
    }

    @Test func bySourceAndFieldNames() throws {
        let (body, _) = Self.load("{{资金:财政资金.全年预算数}}|{{ 资金.执行数 }}|{{资金.到位率}}")
        #expect(body == "602.595|602.595|100%")
    }

    @Test func tagNamingNoFigureIsAnErrorAtItsPath() throws {
        for (tag, words) in [("{{资金:市级.到位数}}", "市级"), ("{{资金.年初预算数}}", "年初预算数"),
                             ("{{资金.余额}}", "余额"), ("{{项目.执行数}}", "{{资金.执行数}}")] {
            let (_, problems) = Self.load("到位\(tag)万元")
            let found = problems.filter { $0.code.rawValue == "E-DEF-101" }
            #expect(found.count == 1, "\(tag): \(problems)")
            #expect(found.first?.path == "body[0].children[0].text" && found.first?.message.contains(words) == true,
                    "\(tag): \(found)")
        }
    }

    /// Seed 000 医疗救助: 中央级 and 省级 named without amounts, so the total is unknown ("—").
    @Test func totalOverAnUnlistedShareIsAnError() throws {
        let funds = #"[{"source": "财政资金", "level": "中央级"}, {"source": "财政资金", "level": "县区级", "annualBudget": "393.725"}]"#
        let (_, problems) = Self.load("下达{{资金.全年预算数}}万元", funds: funds)
        #expect(problems.contains { $0.code.rawValue == "E-DEF-101" && $0.message.contains("未列金额") }, "\(problems)")
        let (body, ok) = Self.load("县级{{资金:县区级.全年预算数}}万元", funds: funds)
        #expect(body == "县级393.725万元" && !ok.contains { $0.isError }, "\(ok)")
    }

    /// Typed amounts are compared with the table at the body's precision (W-DEF-031): seed 000's
    /// own "已到位省级下达资金274.54万元，县财政资金328.06万元" agrees (328.055 → 328.06 at two decimals);
    /// a slip of the pen does not; "下达……129.65万元" is one allocation, not a table figure.
    @Test func typedAmountThatNoTableFigureRoundsToIsAWarning() throws {
        func warnings(_ text: String, funds: String = Self.funds) -> [String] {
            Self.load(text, funds: funds).problems.filter { $0.code.rawValue == "W-DEF-031" }.map(\.message)
        }
        #expect(warnings("已到位省级下达资金274.54万元，县财政资金328.06万元。").isEmpty)
        #expect(warnings("盐财资行〔2021〕124号下达省级资金129.65万元，共支付602.595万元。").isEmpty)
        let slip = warnings("已到位省级下达资金274.45万元。")
        #expect(slip.count == 1 && slip[0].contains("274.45") && slip[0].contains("274.54"), "\(slip)")
        // seed 000 对上争取资金奖励: 12 received, 5.3 spent; 基层……通信费: 76556 元 = 7.6556 万元 spent.
        let duishang = #"[{"source": "财政资金", "level": "县区级", "annualBudget": "12", "received": "12", "executed": "5.3"}]"#
        #expect(warnings("2021年共完成支付5.3万元。", funds: duishang).isEmpty)
        #expect(warnings("2021年共完成支付5.8万元。", funds: duishang).count == 1)
        #expect(warnings("共支付3名厅级干部医疗费1.49万元。", funds: duishang).count == 1)
        let yuan = #"[{"source": "财政资金", "level": "县区级", "unit": "元", "executed": "76556"}]"#
        #expect(warnings("截至汇总统计时，资金支出76556元，分7次支出。", funds: yuan).isEmpty)
        #expect(warnings("截至汇总统计时，资金支出76565元。", funds: yuan).count == 1)
        // Another fund's figures (seed 004: "当期基金收入63475万元，支出63329万元") are not compared.
        #expect(warnings("当期基金收入63475万元，支出63329万元。", funds: duishang).isEmpty)
    }
}
