import Foundation
import Import
import Reports
import Testing

/// `ProjectImport` on the fixtures saved the way Excel, WPS and inline-string writers save, and
/// on CSV in both encodings. The expected figures are worked by hand from the fixture's numbers
/// (scripts/make-xlsx-fixtures.py): 全年预算数 120 + 0.3 = 120.3 万元, 全年执行数 114.3 + 0.3 =
/// 114.6, 执行率 114.6 ÷ 120.3 = 95.26%, its score 10 × 0.952618… = 9.53; indicator rates
/// 52 ÷ 50 = 104%, 100%, 100%, 4 ÷ 5 = 80%, 95 ÷ 90 = 105.56%, scores 20, 20, 10, 16, 20;
/// 总分 9.53 + 86 = 95.53, 优.
@Suite struct ImportFixtureTests {
    static let layouts = ["excel-style.xlsx", "wps-style.xlsx", "inline-strings.xlsx"]

    func imported(_ input: String, sheet: String? = nil, year: Int? = 2021) throws -> (LoadedProject, ImportReport, String) {
        let scratch = try Scratch()
        let output = scratch.path("projects/xiangcun-shebei.json")
        let report = try ProjectImport.run(input: input, sheet: sheet, output: output, year: year)
        let text = try String(contentsOfFile: output, encoding: .utf8)
        let loaded = try DefinitionLoader.load(path: output)
        return (try #require(loaded.projects.first), report, text)
    }

    @Test(arguments: layouts)
    func everyLayoutGivesTheHandWorkedFigures(_ fixture: String) throws {
        let (project, _, _) = try imported(Fixture.path(fixture))
        let e = project.evaluation
        #expect(project.definition.name == "乡村医疗设备购置")
        #expect(project.department == "某县卫生健康局" && project.implementer == "某县人民医院")
        #expect(e.scoring == .mof2020)
        #expect(e.funds.total.annualBudget?.value == Decimal(string: "120.3"))
        #expect(e.funds.total.executed?.value == Decimal(string: "114.6"))
        #expect(e.funds.total.initialBudget?.value == 100)
        #expect(FormFormat.rate(try #require(e.budgetExecution?.rate)) == "95.26%")
        #expect(e.budgetExecution?.score == Decimal(string: "9.53"))
        #expect(e.indicators.map { $0.completionRate.map(FormFormat.rate) ?? "" } == ["104.00%", "100.00%", "100.00%", "80.00%", "105.56%"])
        #expect(e.indicators.map { $0.score ?? -1 } == [20, 20, 10, 16, 20])
        #expect(e.indicators.map(\.level1) == ["产出指标", "产出指标", "产出指标", "效益指标", "满意度指标"])
        #expect(e.indicators[3].deviation == "部分设备年末才投入使用")
        #expect(e.scoresheet?.total == Decimal(string: "95.53"))
        #expect(e.scoresheet?.grade.rawValue == "优")
        #expect(project.definition.goals?.annual == "购置基层医疗设备50台，提升乡镇卫生院诊疗能力。")
    }

    /// Written precision: 0.00 formats keep two decimals, a General 0.30000000000000004 is 0.3;
    /// amounts in 元 stay in 元 for the project's one conversion rule.
    @Test func precisionAndUnitsAreKept() throws {
        let (excel, report, text) = try imported(Fixture.path("excel-style.xlsx"))
        #expect(text.contains(#""annualBudget": "120.00""#) && text.contains(#""annualBudget": "0.3""#))
        #expect(!text.contains("0.30000000000000004"))
        #expect(excel.evaluation.funds.lines.first?.figures.annualBudget?.scale == 2)
        // Formula cells say that their cached value was used.
        #expect(report.notes.contains { $0.contains("D5 是公式（=SUM(D6:D8)）") && $0.contains("「120.30」") })
        let (wps, _, wpsText) = try imported(Fixture.path("wps-style.xlsx"))
        #expect(wpsText.contains(#""unit": "元""#) && wpsText.contains(#""annualBudget": "1200000.00""#))
        #expect(wps.evaluation.funds.total.annualBudget?.value == Decimal(string: "120.3"))
        // Given totals ride along: validate checks the 合计 line (E-DEF-031), 总分, 等次.
        #expect(wpsText.contains(#""source": "合计""#) && wpsText.contains(#""totalScore": 95.53"#) && wpsText.contains(#""grade": "优""#))
    }

    /// One problem of each kind in errors.xlsx, all reported together with their cells.
    @Test func everyUnreadableCellIsReportedWithItsAddress() throws {
        let scratch = try Scratch()
        let output = scratch.path("p.json")
        try Data("keep".utf8).write(to: URL(fileURLWithPath: output))
        do {
            _ = try ProjectImport.run(input: Fixture.path("errors.xlsx"), sheet: nil, output: output, year: nil)
            Issue.record("errors.xlsx imported")
        } catch {
            let found = error.problems.map { "\($0.code) \($0.cell ?? "-")" }
            #expect(found == ["E-IMP-022 G2", "E-IMP-033 D3", "E-IMP-031 C4", "E-IMP-034 B5", "E-IMP-022 J7",
                              "E-IMP-030 D8", "E-IMP-032 F9", "E-IMP-033 H9", "E-IMP-048 E3"], "\(error)")
            // E3's 全年执行数 114.6 adds up E4 and the unreadable row 5: not checked (not “wrong”).
            #expect(error.problems.last?.message.contains("它所合计的 B5 未能读入") == true, "\(error)")
            #expect(error.problems.allSatisfy { $0.sheet == "自评表" && !$0.message.isEmpty })
            #expect(error.description.contains("errors.xlsx 工作表「自评表」D8: E-IMP-030 分值「二十」不是数字"))
        }
        // Nothing written: the existing output is as it was, no staging file is left.
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "keep")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["p.json"])
    }

    @Test func sheetAndOutputNamesAreChecked() throws {
        let scratch = try Scratch()
        #expect(codes { _ = try ProjectImport.run(input: Fixture.path("excel-style.xlsx"), sheet: "Sheet9", output: scratch.path("a.json"), year: nil) } == ["E-IMP-002"])
        #expect(codes { _ = try ProjectImport.run(input: Fixture.path("excel-style.xlsx"), sheet: nil, output: scratch.path("项目.json"), year: nil) } == ["E-IMP-026"])
        #expect(codes { _ = try ProjectImport.run(input: scratch.path("a.xls"), sheet: nil, output: scratch.path("a.json"), year: nil) } == ["E-IMP-010"])
        #expect(codes { _ = try ProjectImport.run(input: scratch.path("missing.xlsx"), sheet: nil, output: scratch.path("a.json"), year: nil) } == ["E-IO-006"])
    }
}

/// Runs `body` and returns the codes of the import problems it throws.
func codes(_ body: () throws -> Void) -> [String] {
    do {
        try body()
        return []
    } catch let error as ImportErrors {
        return error.problems.map(\.code.rawValue)
    } catch {
        return ["\(error)"]
    }
}

/// CSV input: encodings, quoting, and given figures checked against computed ones.
@Suite struct ImportCSVTests {
    /// The layout of reportgen's own 自评表 CSV for the fixture project.
    static let sheet = """
    项目名称,乡村医疗设备购置
    主管部门,某县卫生健康局,实施单位,某县人民医院
    项目资金（万元）,,年初预算数,全年预算数,全年执行数,分值,执行率,得分
    ,年度资金总额,100.00,120.30,114.60,10,95.26%,9.53
    ,其中：当年财政拨款,100.00,120.00,114.30,—,95.25%,—
    ,上年结转资金,0,0.3,0.3,—,100.00%,—
    ,其他资金,,,,—,,—
    年度总体目标,预期目标,实际完成情况
    ,"购置基层医疗设备50台，提升乡镇卫生院诊疗能力。","购置设备52台并全部验收合格，""基层""就诊率提升4%。"
    一级指标,二级指标,三级指标,分值,年度指标值,实际完成值,完成率,得分,偏差原因分析及改进措施
    预算执行指标,预算执行指标,预算执行率,10,100%,95.26%,95.26%,9.53,
    产出指标,数量指标,购置设备数量,20,≥50台,52台,104.00%,20,
    ,质量指标,设备验收合格率,20,100%,100%,100.00%,20,
    ,时效指标,完成时间,10,2021年12月31日前,2021年12月31日前,100.00%,10,
    效益指标,社会效益,基层就诊率提升,20,≥5%,4%,80.00%,16,"部分设备年末才投入使用,次年见效"
    满意度指标,服务对象满意度,群众满意度,20,≥90%,95%,105.56%,20,
    合计,,,100,,,,95.53,优

    """

    func run(_ bytes: [UInt8], name: String = "自评表.csv") throws -> (ImportReport, LoadedProject) {
        let scratch = try Scratch()
        let input = scratch.path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        let output = scratch.path("projects/a.json")
        let report = try ProjectImport.run(input: input, sheet: nil, output: output, year: 2021)
        return (report, try #require(try DefinitionLoader.load(path: output).projects.first))
    }

    @Test func utf8WithAndWithoutBOMAndGB18030() throws {
        let crlf = Self.sheet.replacingOccurrences(of: "\n", with: "\r\n")
        let gb = try #require(crlf.data(using: String.Encoding(rawValue: 0x8000_0632)))
        for (bytes, encoding) in [(Array(Self.sheet.utf8), "UTF-8"), ([0xEF, 0xBB, 0xBF] + Array(crlf.utf8), "UTF-8（带 BOM）"), (Array(gb), "GB18030")] {
            let (report, project) = try run(bytes)
            #expect(report.notes.contains { $0.hasSuffix("按 \(encoding) 编码读取") }, "\(report.notes)")
            #expect(project.evaluation.scoresheet?.total == Decimal(string: "95.53"))
            // RFC 4180: doubled quotes and a comma inside a quoted field.
            #expect(project.definition.goals?.achieved == "购置设备52台并全部验收合格，\"基层\"就诊率提升4%。")
            #expect(project.evaluation.indicators[3].deviation == "部分设备年末才投入使用,次年见效")
        }
    }

    @Test func badBytesAndBadQuotesAreReported() throws {
        #expect(codes { _ = try run([0xFF, 0xFE, 0x00, 0x41, 0x81]) } == ["E-IMP-011"])
        let broken = "项目名称,\"乡村\"医疗\n"
        do { _ = try run(Array(broken.utf8)); Issue.record("no error") } catch let error as ImportErrors {
            #expect(error.problems.map { "\($0.code) \($0.cell ?? "")" } == ["E-IMP-012 B1"])
            // A CSV has no sheets: the cell follows the file name.
            #expect(error.problems.allSatisfy { $0.sheet == nil && $0.description.contains("自评表.csv B1: E-IMP-012") }, "\(error)")
        }
        let open = "项目名称,\"乡村医疗\n"
        #expect(codes { _ = try run(Array(open.utf8)) } == ["E-IMP-012"])
    }

    /// A given 执行率, 完成率 or 分值合计 that the amounts do not give is an error naming its cell;
    /// a 合计 line that is not the sum of its sources is validation's E-DEF-031, at its cell.
    @Test func givenFiguresMustAgreeWithComputedOnes() throws {
        func problems(_ text: String) -> [String] {
            do { _ = try run(Array(text.utf8)); return [] } catch let error as ImportErrors {
                return error.problems.map { "\($0.code) \($0.cell ?? "-")" + ($0.message.hasPrefix("E-DEF") ? " " + String($0.message.prefix(9)) : "") }
            } catch { return ["\(error)"] }
        }
        #expect(problems(Self.sheet.replacingOccurrences(of: ",10,95.26%,9.53\n", with: ",10,96.26%,9.53\n")) == ["E-IMP-040 G4"])
        #expect(problems(Self.sheet.replacingOccurrences(of: "52台,104.00%", with: "52台,105.00%")) == ["E-IMP-040 G12"])
        #expect(problems(Self.sheet.replacingOccurrences(of: "合计,,,100,", with: "合计,,,90,")) == ["E-IMP-041 D17"])
        #expect(problems(Self.sheet.replacingOccurrences(of: ",年度资金总额,100.00,120.30,114.60", with: ",年度资金总额,100.00,121.30,114.60")
            .replacingOccurrences(of: ",10,95.26%,9.53\n", with: ",10,94.48%,9.53\n")) == ["E-IMP-042 D4 E-DEF-031"])
        #expect(problems(Self.sheet.replacingOccurrences(of: ",,,95.53,优", with: ",,,95.53,良")) == ["E-IMP-042 I17 E-DEF-052"])
    }

    /// Columns it cannot place are listed, never dropped; a figure outside every block too.
    @Test func unplacedColumnsAndFiguresAreListed() throws {
        let extra = Self.sheet.replacingOccurrences(of: "偏差原因分析及改进措施\n", with: "偏差原因分析及改进措施,审核意见\n")
            .replacingOccurrences(of: "项目名称,乡村医疗设备购置\n", with: "项目名称,乡村医疗设备购置\n项目预算,167.64\n")
        do { _ = try run(Array(extra.utf8)); Issue.record("no error") } catch let error as ImportErrors {
            #expect(error.problems.map { "\($0.code) \($0.cell ?? "-")" } == ["E-IMP-036 B2", "E-IMP-022 J11"])
            #expect(error.problems.last?.message.contains("审核意见") == true)
        }
    }
}

/// Layout variations: two header rows under a merged 指标值, a 年度绩效指标完成情况 label column,
/// “一级\n指标” on two lines, amounts in 元 with thousands separators in the text.
@Suite struct ImportLayoutTests {
    @Test func twoHeaderRowsAndYuanAmounts() throws {
        let text = """
        2021年度项目支出绩效自评表
        项目名称,测试项目
        项目资金（元）,,年初预算数,全年预算数,全年执行数,分值,执行率,得分
        ,年度资金总额,,"1,000.00",900,10,90.00%,9
        ,其中：当年财政拨款,,"1,000.00",900,—,90.00%,—
        年度绩效指标完成情况,"一级
        指标",二级指标,三级指标,指标值,,分值,得分
        ,,,,年度指标值,实际完成值,,
        ,产出指标,数量指标,人数,≥10人,12人,45,45
        ,,质量指标,合格率,100%,100%,45,45
        ,合计,,,,,100,99

        """
        let scratch = try Scratch()
        try Data(text.utf8).write(to: URL(fileURLWithPath: scratch.path("t.csv")))
        let output = scratch.path("projects/t.json")
        _ = try ProjectImport.run(input: scratch.path("t.csv"), sheet: nil, output: output, year: nil)
        let project = try #require(try DefinitionLoader.load(path: output).projects.first)
        #expect(project.year == 2021)
        #expect(project.evaluation.funds.total.annualBudget?.value == Decimal(string: "0.1"))   // 1,000.00 元 = 0.1 万元
        #expect(project.evaluation.indicators.map(\.level1) == ["产出指标", "产出指标"])
        #expect(project.evaluation.indicators.map(\.target) == ["≥10人", "100%"])
        #expect(project.evaluation.scoresheet?.total == 99)
    }

    /// Seed 004's 特定目标类 form (text of 000/004 seeds, lines 390–470): the fund block as
    /// label–value pairs (“预算数： 167.64 执行数： 50.094”), labels broken over lines
    /// (“一级\n指标”, “完成\n指标”, “社会效益  指标”), 预期指标值/实际完成指标值.
    @Test func seed004TargetFormLayout() throws {
        let text = """
        2021年特定目标类部门预算项目绩效目标自评
        项目名称,“综合柜员制”系统政策性功能调整
        主管部门及代码,攀枝花市医疗保障局（512001）,实施单位,攀枝花市医保信息中心
        "项目预算
        执行情况
        （万元）",预算数：,167.64,执行数：,50.094
        ,"其中：
        财政拨款",167.64,"其中：
        财政拨款",50.094
        ,其他资金,,其他资金,
        "年度总体目标
        完成情况",预期目标,目标实际完成情况
        ,主要包括特殊药品省内异地就医结算……,完成了攀枝花市本地化系统改造……
        年度绩效指标完成情况,"一级
        指标","二级
        指标","三级
        指标",预期指标值,实际完成指标值
        ,"完成
        指标",数量指标,“综合柜员制”系统政策性功能调整,1,1
        ,,成本指标,建设经费,≤167.64万元,50.094万元
        ,,"社会效益  指标",医疗服务水平,明显提升,明显提升

        """
        let scratch = try Scratch()
        try Data(text.utf8).write(to: URL(fileURLWithPath: scratch.path("t.csv")))
        let output = scratch.path("projects/zonghe-guiyuan.json")
        _ = try ProjectImport.run(input: scratch.path("t.csv"), sheet: nil, output: output, year: nil)
        let project = try #require(try DefinitionLoader.load(path: output).projects.first)
        #expect(project.definition.departmentCode == "512001" && project.department == "攀枝花市医疗保障局")
        #expect(project.evaluation.scoring == .none)
        #expect(project.evaluation.funds.total.annualBudget?.value == Decimal(string: "167.64"))
        #expect(project.evaluation.funds.total.executed?.value == Decimal(string: "50.094"))
        #expect(project.evaluation.indicators.map(\.level1) == ["完成指标", "完成指标", "完成指标"])
        #expect(project.evaluation.indicators.map(\.level2) == ["数量指标", "成本指标", "社会效益指标"])
        #expect(project.evaluation.indicators[1].target == "≤167.64万元" && project.evaluation.indicators[1].actual == "50.094万元")
    }

    /// A unit's list: a 合计 that is not the sum is named by its cell; year and unit needed.
    @Test func projectListChecksItsTotalAndNeedsYearAndUnit() throws {
        let scratch = try Scratch()
        let list = """
        序号,项目名称,主管部门,全年预算数,全年执行数
        1,甲项目,某局,10.5,10
        2,乙项目,某局,5,4
        合计,,,15.5,15

        """
        try Data(list.utf8).write(to: URL(fileURLWithPath: scratch.path("list.csv")))
        do {
            _ = try ProjectListImport.run(input: scratch.path("list.csv"), sheet: nil, folder: scratch.path("out"), year: nil, unit: nil, force: false)
            Issue.record("no error")
        } catch {
            #expect(error.problems.map { "\($0.code) \($0.cell ?? "-")" } == ["E-IMP-045 -", "E-IMP-045 -", "E-IMP-041 E4"], "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out")))
        try Data(list.replacingOccurrences(of: "15.5,15", with: "15.5,14").utf8).write(to: URL(fileURLWithPath: scratch.path("list.csv")))
        let report = try ProjectListImport.run(input: scratch.path("list.csv"), sheet: nil, folder: scratch.path("out"), year: 2021, unit: "某局", force: false)
        #expect(report.written.map { URL(fileURLWithPath: $0).lastPathComponent } == ["project-01.json", "project-02.json", "package.json"])
        let package = try DefinitionLoader.load(path: scratch.path("out/package.json"))
        #expect(package.projects.map(\.definition.name) == ["甲项目", "乙项目"])
        #expect(package.projects.first?.evaluation.funds.total.annualBudget?.value == Decimal(string: "10.5"))
    }
}
