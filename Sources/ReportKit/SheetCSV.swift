import Foundation
import JSONValue
import Reports

/// The CSV attachments of DEFINITION.md §4, built from the same context strings the documents
/// print, so a sheet and its report can never disagree.
public enum SheetCSV {
    public static let mofHeader = ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "完成率", "得分", "偏差原因分析及改进措施"]
    public static let ippeHeader = ["一级指标", "二级指标", "三级指标", "分值", "得分"]
    public static let summaryHeader = ["项目名称", "主管部门", "实施单位", "全年预算数", "全年执行数", "预算执行率", "自评得分", "等次"]

    /// 项目支出绩效自评表 of one project, from its `ProjectContext` value.
    public static func selfEvaluation(_ context: JSONValue) -> CSVTable {
        if context["scheme"]?["ippe"] == .bool(true) {
            var table = CSVTable(header: ippeHeader)
            for row in context["ippe"]?["rows"]?.arrayValue ?? [] {
                table.rows.append(["level1", "level2", "name", "weight", "score"].map { string(row, $0) })
            }
            table.rows.append(["合计", "", "", string(context["sheet"], "totalWeight"), string(context["sheet"], "total")])
            return table
        }
        var table = CSVTable(header: mofHeader)
        for row in context["sheet"]?["rows"]?.arrayValue ?? [] {
            table.rows.append(["level1", "level2", "name", "weight", "target", "actual", "rate", "score", "deviation"].map { string(row, $0) })
        }
        let sheet = context["sheet"]
        table.rows.append(["合计", "", "", string(sheet, "totalWeight"), "", "", "", string(sheet, "total"), string(sheet, "grade")])
        return table
    }

    /// 项目支出绩效自评汇总表, from the summary context's rows.
    public static func summary(_ context: JSONValue) -> CSVTable {
        var table = CSVTable(header: summaryHeader)
        for row in context["summary"]?["rows"]?.arrayValue ?? [] {
            table.rows.append(["name", "department", "implementer", "annualBudget", "executed", "executionRate", "score", "grade"].map { string(row, $0) })
        }
        return table
    }

    static func string(_ value: JSONValue?, _ key: String) -> String {
        value?[key]?.stringValue ?? ""
    }
}

/// The data of the summary document and CSV: one row per project in package order.
public enum SummaryContext {
    public static func value(year: Int, unit: UnitInfo, projects: [(project: LoadedProject, context: JSONValue)]) -> JSONValue {
        var rows: [JSONValue] = []
        var annualBudget: Decimal = 0
        var executed: Decimal = 0
        var places = 2
        for (i, item) in projects.enumerated() {
            let project = item.context["project"]
            let total = item.context["funds"]?["total"]
            let sheet = item.context["sheet"]
            rows.append(.object([
                ("index", .string(String(i + 1))),
                ("id", .string(item.project.definition.id)),
                ("name", .string(item.project.definition.name)),
                ("department", .string(SheetCSV.string(project, "department"))),
                ("implementer", .string(SheetCSV.string(project, "implementer"))),
                ("annualBudget", .string(SheetCSV.string(total, "annualBudget"))),
                ("executed", .string(SheetCSV.string(total, "executed"))),
                ("executionRate", .string(SheetCSV.string(total, "executionRate"))),
                ("score", .string(SheetCSV.string(sheet, "total"))),
                ("grade", .string(SheetCSV.string(sheet, "grade"))),
            ]))
            let funds = item.project.evaluation.funds
            annualBudget += funds.total.annualBudget ?? 0
            executed += funds.total.executed ?? 0
            places = max(places, funds.places)
        }
        let rate = annualBudget == 0 ? "" : FormFormat.rate(executed / annualBudget)
        return .object([
            ("year", .string(String(year))),
            ("unit", ProjectContext.unitValue(unit)),
            ("summary", .object([
                ("rows", .array(rows)),
                ("total", .object([
                    ("annualBudget", .string(FormFormat.trimmed(annualBudget, places: places))),
                    ("executed", .string(FormFormat.trimmed(executed, places: places))),
                    ("executionRate", .string(rate)),
                ])),
                ("count", .string(String(projects.count))),
            ])),
        ])
    }
}
