import Foundation
import JSONValue
import Reports

/// The CSV attachments of docs/数据格式.md §5.2, written from the same typed values
/// (`ProjectForms`, `SummaryForm`) the documents print, so a sheet and its CSV never disagree.
public enum SheetCSV {
    public static let mofHeader = ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "完成率", "得分", "偏差原因分析及改进措施"]
    public static let ippeHeader = ["一级指标", "二级指标", "三级指标", "分值", "得分"]
    public static let summaryHeader = ["序号", "项目名称", "主管部门", "实施单位", "全年预算数", "全年执行数", "预算执行率", "自评得分", "等次"]

    /// 项目支出绩效自评表 of one project. mof-2020: 预算执行率, the indicators, 合计. ippe: the
    /// sub-items with their 小计, 合计. none: the indicators only (分值/得分 empty, nothing to total).
    public static func selfEvaluation(_ forms: ProjectForms) -> CSVTable {
        switch forms.scheme {
        case .ippe:
            var table = CSVTable(header: ippeHeader)
            table.rows = forms.ippeRows.map { [$0.level1, $0.level2, $0.name, $0.weight, $0.score] }
            table.rows.append(["合计", "", "", forms.totalWeight, forms.total])
            return table
        case .mof2020, .none:
            var table = CSVTable(header: mofHeader)
            table.rows = forms.selfEvaluationRows.map {
                [$0.level1, $0.level2, $0.name, $0.weight, $0.target, $0.actual, $0.rate, $0.score, $0.deviation ?? ""]
            }
            if forms.scheme == .mof2020 {
                table.rows.append(["合计", "", "", forms.totalWeight, "", "", "", forms.total, forms.grade])
            }
            return table
        }
    }

    /// 项目支出绩效自评汇总表: the unit line, 序号 and every project, the 合计 row, the note.
    public static func summary(_ form: SummaryForm) -> CSVTable {
        let width = summaryHeader.count
        func padded(_ first: String, last: String = "") -> [String] {
            [first] + Array(repeating: "", count: width - 2) + [last]
        }
        var table = CSVTable(preamble: [padded("填报单位：" + form.unit.name, last: SummaryForm.moneyUnitLine)],
                             header: summaryHeader)
        table.rows = form.rows.map {
            [$0.index, $0.name, $0.department, $0.implementer, $0.annualBudget, $0.executed, $0.executionRate, $0.score, $0.grade]
        }
        table.rows.append(["合计", "", "", "", form.totalAnnualBudget, form.totalExecuted, form.totalExecutionRate, "", ""])
        table.rows.append(padded(form.note))
        return table
    }
}

extension SummaryForm {
    /// The line under the table: the count and how the 合计 is formed.
    public var note: String { "共\(rows.count)个项目。" + totalNote }

    /// The summary document's context (the JSON edge of `SummaryForm`).
    public func value() -> JSONValue {
        .object([
            ("year", .string(String(year))),
            ("unit", ProjectContext.unitValue(unit)),
            ("summary", .object([
                ("rows", .array(rows.map { row in
                    .object([
                        ("index", .string(row.index)), ("id", .string(row.id)), ("name", .string(row.name)),
                        ("department", .string(row.department)), ("implementer", .string(row.implementer)),
                        ("annualBudget", .string(row.annualBudget)), ("executed", .string(row.executed)),
                        ("executionRate", .string(row.executionRate)), ("score", .string(row.score)),
                        ("grade", .string(row.grade)),
                    ])
                })),
                ("total", .object([
                    ("annualBudget", .string(totalAnnualBudget)),
                    ("executed", .string(totalExecuted)),
                    ("executionRate", .string(totalExecutionRate)),
                ])),
                ("count", .string(String(rows.count))),
                ("note", .string(totalNote)),
            ])),
        ])
    }
}
