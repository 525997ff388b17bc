import Foundation
import OOXML
import Testing

/// Officer review 10: the four examples converted by LibreOffice and read page by page as the
/// signing officer reads them (leftovers of review 9 and what the pages showed).
@Suite(.serialized) struct OfficerReview10Tests {
    // MARK: 1. one unit statement per table

    /// Seed 004 prints its 资金情况 table with the unit in the row label only (资金情况 | 计划数 |
    /// 到位数 | 使用数, then 金额（万元）), no “单位：万元” line. The appendix 项目资金情况表 printed both a
    /// “单位：万元” line and the row label 金额（万元）; the standalone 自评表 printed “单位：万元” above a
    /// form whose row label already says 项目资金（万元）. Each table now states its unit once: the
    /// 计划数 table by its row label, the 预算执行情况 table (no money in its headers) by its caption.
    @Test func eachMoneyTableStatesItsUnitOnce() throws {
        let out = try PackageTests.generate("yanbian-2021")
        if let seed = try OfficerReview5Tests.seedText("004_") {
            #expect(seed.contains("资金情况计划数到位数使用数金额（万元）"))
        }
        let unit = "万元"
        let report = try PackageTests.paragraphs(out.appendingPathComponent("项目支出绩效自评报告-欺诈骗保举报奖励金.docx"))
        let title = try #require(report.firstIndex(of: "项目资金情况表"))
        let second = try #require(report[title...].firstIndex { $0.hasPrefix("预算执行情况") })
        let first = report[title..<second].filter { $0.contains(unit) }
        #expect(first == ["金额（万元）"], "项目资金情况表 (计划数 table): \(first)")
        let rest = report[second...].filter { $0.contains(unit) }
        #expect(rest.count == 1 && rest.first == report[second], "预算执行情况 table: \(rest)")

        let sheet = try PackageTests.paragraphs(out.appendingPathComponent("项目支出绩效自评表-欺诈骗保举报奖励金.docx"))
        let statements = sheet.filter { $0.contains(unit) }
        #expect(statements == ["项目资金（万元）"], "自评表: \(statements)")
    }
}
