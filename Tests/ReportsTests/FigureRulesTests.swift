import Foundation
import Testing
import Reports

/// Issue 8 items 1, 2, 9 and 10 (project file), through `Reports`' public surface.
@Suite struct FigureRulesTests {
    func number(_ text: String) throws -> FormNumber { try #require(FormNumber(literal: text)) }

    @Test func yuanConvertsExactlyToWanYuan() throws {
        // Seed 000: "资金支出76556元" is 7.6556万元, every digit kept.
        #expect(FormFormat.money(FormRules.toWanYuan(try number("76556"), from: .yuan)) == "7.6556")
        // "已将资金379.51元全额…发放": 0.037951万元.
        #expect(FormFormat.money(FormRules.toWanYuan(try number("379.51"), from: .yuan)) == "0.037951")
        #expect(FormFormat.money(FormRules.toWanYuan(try number("50000"), from: .yuan)) == "5")
        #expect(FormFormat.money(FormRules.toWanYuan(try number("37.14"), from: .wanYuan)) == "37.14")
    }

    @Test func moneyKeepsItsGivenPrecision() throws {
        #expect(FormFormat.money(try number("18.00")) == "18.00")
        #expect(FormFormat.money(try number("14.50")) == "14.50")
        #expect(FormFormat.money(try number("12")) == "12")      // seed 002 prints 年度总金额 5
        #expect(FormFormat.money(try number("328.055")) == "328.055")
        // A sum keeps the finest precision of its terms: 274.54 + 328.055.
        let sum = try #require(FormRules.sum([try number("274.54"), try number("328.055"), nil]))
        #expect(FormFormat.money(sum) == "602.595")
        #expect(FormRules.sum([nil, nil]) == nil)
    }

    /// The 汇总表 prints 万元 to 2 decimals, rounded half-up once (hand-worked).
    @Test func summaryAmountsRoundHalfUpToTwoDecimals() throws {
        for (given, printed) in [("0.037951", "0.04"), ("50.094", "50.09"), ("602.595", "602.60"), ("7.6556", "7.66"),
                                 ("0.005", "0.01"), ("0.0049", "0.00"), ("12", "12.00")] {
            #expect(FormFormat.money(FormRules.summaryAmount(try number(given))) == printed, "\(given)")
        }
    }

    /// Seed 000's nine projects as encoded (万元; 76556 元 and 379.51 元 converted): the 合计 row
    /// counts one set of projects, the five with both figures, in both columns and in the rate.
    @Test func summaryTotalsCountOneSetOfProjects() throws {
        func n(_ s: String?) throws -> FormNumber? { try s.map(number) }
        let projects: [(String?, String?)] = [
            (nil, nil), ("12", "5.3"), (nil, nil), (nil, "7.6556"), ("602.595", "602.595"),
            ("50", "37.14"), ("0.038", "0.037951"), ("393.725", nil), ("3", "1.49"),
        ]
        let totals = FormRules.summaryTotals(try projects.map { (try n($0.0), try n($0.1)) })
        #expect(totals.counted == [1, 4, 5, 6, 8])
        #expect(totals.leftOut == [0, 2, 3, 7])
        // Printed figures: 12.00 + 602.60 + 50.00 + 0.04 + 3.00 = 667.64
        #expect(totals.annualBudget.map(FormFormat.money) == "667.64")
        // 5.30 + 602.60 + 37.14 + 0.04 + 1.49 = 646.57
        #expect(totals.executed.map(FormFormat.money) == "646.57")
        // 646.57 ÷ 667.64 = 0.968441… : the 合计 rate is the 合计 row's own quotient.
        #expect(totals.executionRate.map(FormFormat.rate) == "96.84%")
    }

    /// 5 000 indicators with three-decimal weights (summing to the form's 100) and random completion: no score above its
    /// weight, no 小计 above its weights' sum, 合计 = the sum of the printed scores.
    @Test func scoresNeverExceedWeightsAndAddUpAsPrinted() throws {
        var generator = SplitMix(seed: 20211231)
        var indicators: [String] = []
        // The form's 100 points (E-DEF-100): 0.125 for budget execution, 4 999 weights of
        // 0.001 … 0.030 (about 77 in all), the rest on the last indicator.
        var remaining = FormRules.mofTotalWeight - Decimal(string: "0.125")!
        for i in 0..<5000 {
            let weight = i == 4999 ? remaining : Decimal(Int(generator.next() % 30) + 1) / 1000
            remaining -= weight
            let actual = generator.next() % 130                               // 0 … 129 of 100
            indicators.append("""
            {"level1": "指标\(i % 7)", "level2": "数量指标", "name": "指标\(i)", "weight": \(weight), "target": "100人", "actual": "\(actual)人", "deviation": "说明"}
            """)
        }
        let json = """
        {"id": "p", "name": "评分", "year": 2021, "scoring": "mof-2020",
         "funds": [{"source": "财政资金", "annualBudget": 10, "executed": 10}],
         "budgetExecution": {"weight": 0.125},
         "indicators": [\(indicators.joined(separator: ","))], "body": [], "evaluators": []}
        """
        let project: LoadedProject
        do {
            project = try DefinitionLoader.loadProject(bytes: Array(json.utf8), name: "p.json")
        } catch {
            Issue.record("\(error)")
            return
        }
        let sheet = try #require(project.evaluation.scoresheet)
        for row in sheet.rows { #expect(row.score <= row.weight, "\(row.name): \(row.score) > \(row.weight)") }
        // Weight 0.125 fully met: half-up would print 0.13 > 0.125, so 0.12.
        #expect(sheet.rows.first?.score == Decimal(string: "0.12"))
        for subtotal in sheet.subtotals { #expect(subtotal.score <= subtotal.weight) }
        let printed = sheet.rows.map { Decimal(string: FormFormat.score($0.score))! }.reduce(0, +)
        #expect(Decimal(string: FormFormat.score(sheet.total)) == printed)
        #expect(sheet.total <= sheet.totalWeight)
    }

    @Test func indicatorScoreRule() {
        #expect(FormRules.indicatorScore(weight: Decimal(string: "0.125")!, completionRate: 1) == Decimal(string: "0.12"))
        #expect(FormRules.indicatorScore(weight: Decimal(string: "12.5")!, completionRate: Decimal(string: "0.9")!) == Decimal(string: "11.25"))
        #expect(FormRules.indicatorScore(weight: 10, completionRate: Decimal(string: "0.99955")!) == 10)
        #expect(FormRules.indicatorScore(weight: Decimal(string: "3.333")!, completionRate: Decimal(string: "0.5")!) == Decimal(string: "1.67"))
    }

    /// A source named without any amount (seed 000 医疗救助: "该项目有中央资金、省级资金", no figure)
    /// is unknown, and so is every sum over it: the county's 163.725 + 230 is its own line's figure,
    /// never the 合计; the 汇总表 therefore lacks the project's 全年预算数 (W-DEF-022 says so).
    @Test func unlistedShareMakesItsTotalsUnknown() throws {
        let json = """
        {"id": "j", "name": "医疗救助资金", "year": 2021, "scoring": "none",
         "funds": [{"source": "财政资金", "level": "中央级"}, {"source": "财政资金", "level": "省级"},
                   {"source": "财政资金", "level": "县区级", "annualBudget": "393.725"}],
         "indicators": [], "body": [], "evaluators": []}
        """
        let project = try DefinitionLoader.loadProject(bytes: Array(json.utf8), name: "j.json")
        let funds = project.evaluation.funds
        #expect(funds.lines.map(\.figures.unlisted) == [true, true, false])
        let county = try #require(funds.figures(level: .county))
        #expect(county.annualBudget?.value == Decimal(string: "163.725")! + Decimal(string: "230")!)
        #expect(funds.total.unlisted && funds.total.annualBudget == nil)
        #expect(funds.fiscal?.unlisted == true)
        #expect(funds.figures(source: "财政资金")?.unlisted == true)
        // A sum of given figures alone stays known.
        let known = FundFigures(initialBudget: nil, annualBudget: try number("12"), received: nil, executed: try number("5.3"))
        #expect(FundFigures.sum([known, known]).annualBudget.map(FormFormat.money) == "24")
        #expect(FundFigures.sum([known, .unlistedShare]).unlisted)
        let totals = FormRules.summaryTotals([(funds.total.annualBudget, funds.total.executed)])
        #expect(totals.counted.isEmpty && totals.leftOut == [0])
        let (_, problems) = ProjectEvaluation.evaluate(project.definition)
        #expect(problems.filter { $0.code.rawValue == "W-DEF-022" }.map(\.path) == ["funds[0]", "funds[1]"])
    }

    /// Seed 004 能力提升培训's body: "全年绩效目标54万元，实际支出40.83万元……资金执行率75.61%":
    /// 40.83 ÷ 54 = 0.756111… → 75.61%, so nothing to say; had 40.84 been spent, 40.84 ÷ 54 =
    /// 0.756296… → 75.63% and the typed 75.61% is stale (W-DEF-023 at the sentence). "100%" is
    /// compared at no decimals; "执行率在80%以上" states a bound, not a rate.
    @Test func bodyRateAgreesWithTheFunds() throws {
        func codes(executed: String, text: String) -> [String] {
            let json = """
            {"id": "n", "name": "能力提升培训", "year": 2021, "scoring": "none",
             "funds": [{"source": "财政资金", "annualBudget": "54", "executed": "\(executed)"}],
             "indicators": [], "evaluators": [],
             "body": [{"heading": "项目绩效情况", "children": [{"heading": "项目完成情况。", "text": "\(text)"}]}]}
            """
            do {
                let project = try DefinitionLoader.loadProject(bytes: Array(json.utf8), name: "n.json")
                return ProjectEvaluation.evaluate(project.definition).problems.filter { $0.code.rawValue == "W-DEF-023" }.map(\.path)
            } catch {
                return ["load failed: \(error)"]
            }
        }
        let typed = "全年绩效目标54万元，实际支出40.83万元，资金执行率75.61%。"
        #expect(codes(executed: "40.83", text: typed).isEmpty)
        #expect(codes(executed: "40.84", text: typed) == ["body[0].children[0].text"])
        #expect(codes(executed: "54", text: "预算执行率：100%").isEmpty)
        #expect(codes(executed: "53.99", text: "预算执行率：100%").isEmpty)      // 99.98% prints 100% at no decimals
        #expect(codes(executed: "50", text: "预算执行率：100%") == ["body[0].children[0].text"])
        #expect(codes(executed: "40.83", text: "全年预算资金执行率在80%以上").isEmpty)
    }

    /// A project file on its own reports all its problems, never just "no year".
    @Test func projectFileValidatesOnItsOwn() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("figure-rules-\(UUID().uuidString)")
        let projects = root.appendingPathComponent("projects")
        try FileManager.default.createDirectory(at: projects, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let file = projects.appendingPathComponent("a.json")
        // No year, and a score above its weight.
        try Data("""
        {"id": "a", "name": "项目", "scoring": "mof-2020",
         "funds": [{"source": "财政资金", "annualBudget": 10, "executed": 10}],
         "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "人数", "weight": 90, "target": "10人", "actual": "10人", "score": 95}],
         "body": [], "evaluators": []}
        """.utf8).write(to: file)
        func codes() -> [String] {
            do {
                return try DefinitionLoader.load(path: file.path).warnings.map(\.code.rawValue)
            } catch {
                return error.problems.map(\.code.rawValue)
            }
        }
        let alone = codes()
        #expect(!alone.contains("E-DEF-021"))
        #expect(alone.contains("W-DEF-013"))
        #expect(alone.contains("E-DEF-044"))
        try Data(#"{"format": "reportgen/1", "year": 2022, "unit": {"name": "某局"}, "projects": ["projects/*.json"]}"#.utf8)
            .write(to: root.appendingPathComponent("package.json"))
        let inPackage = codes()
        #expect(inPackage.contains("W-DEF-012"))
        #expect(inPackage.contains("E-DEF-044"))
    }
}

/// A small deterministic generator (SplitMix64), so the property test is reproducible.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
