import Foundation
import Testing

/// The signing officer's review of the generated examples, read from the files a reader gets.
@Suite struct OfficerSigningEndToEndTests {
    /// Seed 004's 特定目标类 forms: 数量/质量/时效/成本 under 完成指标 (the seed's wording, the
    /// Sichuan form's), 社会效益/可持续影响 under 效益指标 (the official form; the seed's merged
    /// 完成指标 cell swallowed those rows), 满意度 under 满意度指标.
    @Test func targetFormsFileEveryRowUnderItsFirstLevel() throws {
        let out = try PackageTests.generate("panzhihua-2021")
        let forms = try FormFiguresTests.files(out, prefix: "特定目标类部门预算项目绩效目标自评-", suffix: ".docx")
        #expect(forms.count == 3)
        for form in forms {
            let cells = try FormFiguresTests.tables(out.appendingPathComponent(form)).flatMap { $0 }.flatMap { $0 }
            #expect(cells.contains("完成指标") && cells.contains("效益指标") && cells.contains("满意度指标"), "\(form)")
        }
        let validate = try EndToEnd.reportgen(["validate", PackageTests.examplePackage("panzhihua-2021").path])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(!(validate.stdout + validate.stderr).contains("W-DEF-021"))
    }

    /// An unscored 自评表 without indicators (seed 000) printed a bare 绩效指标 header row with
    /// nothing under it; it is left out, and kept where there are indicators (seed 004).
    @Test func noBareIndicatorHeaderOnASheetWithoutIndicators() throws {
        let yanbian = try PackageTests.generate("yanbian-2021")
        let bare = try FormFiguresTests.tables(yanbian.appendingPathComponent("项目支出绩效自评表-离休干部医疗费.docx")).flatMap { $0 }.flatMap { $0 }
        #expect(bare.contains("37.14"))   // its funds are still there: seed 000: "2021年共支付37.14万元"
        #expect(!bare.contains("绩效指标") && !bare.contains("三级指标"))
        let panzhihua = try PackageTests.generate("panzhihua-2021")
        let full = try FormFiguresTests.tables(panzhihua.appendingPathComponent("项目支出绩效自评表-医疗服务与保障能力提升补助资金.docx")).flatMap { $0 }.flatMap { $0 }
        #expect(full.contains("绩效指标") && full.contains("三级指标"))
    }
}
