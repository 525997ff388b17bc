import Foundation
import JSONValue
import Reports
import Templating

/// The CSV attachments of docs/数据格式.md §5.2, written from the same typed values
/// (`ProjectForms`, `SummaryForm`) the documents print, so a sheet and its CSV never disagree.
public enum SheetCSV {
    /// The columns of the standalone 自评表 DOCX (财预〔2020〕10号's order, 完成率 beside the
    /// values it compares), which this CSV accompanies.
    public static let mofHeader = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "完成率", "分值", "得分", "偏差原因分析及改进措施"]
    public static let ippeHeader = ["一级指标", "二级指标", "三级指标", "分值", "得分"]
    /// The indicators listed with their rates but not scored: the ippe sheet's second table, and
    /// the unscored (none) sheet's only one — the DOCX of either has no 分值/得分 column.
    public static let ippeIndicatorHeader = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "完成率", "偏差原因分析及改进措施"]
    public static let summaryHeader = ["序号", "项目名称", "主管部门", "实施单位", "全年预算数", "全年执行数", "预算执行率", "自评得分", "等次"]

    /// 项目支出绩效自评表 of one project, block by block as its DOCX prints them (the official
    /// form): 项目名称, 主管部门/实施单位, the 项目资金（万元） block with its 年度资金总额 row and
    /// the sources under it (a merged cell is empty below its first row), 年度总体目标, then the
    /// indicator table. mof-2020: 预算执行率, the indicators, 合计. ippe: the sub-items with their
    /// 小计, 合计. none: the indicators only, in the DOCX's columns (no 分值/得分, nothing to
    /// total). Every row has the indicator table's width.
    public static func selfEvaluation(_ forms: ProjectForms, context: ProjectContext) -> CSVTable {
        var table: CSVTable
        switch forms.scheme {
        case .ippe:
            table = CSVTable(header: ippeHeader)
            table.rows = forms.ippeRows.map { [$0.level1, $0.level2, $0.name, $0.weight, $0.score] }
            table.rows.append([ProjectForms.totalLabel, "", "", forms.totalWeight, forms.total])
            table.rows.append(["等次", forms.grade])
            // The DOCX prints the indicators (not scored under ippe) below the 评分 table.
            table.rows.append(ippeIndicatorHeader)
            table.rows += forms.indicators.map {
                [$0.level1, $0.level2, $0.name, $0.target, $0.actual, $0.rate, $0.deviation ?? ""]
            }
        case .mof2020:
            table = CSVTable(header: mofHeader)
            table.rows = forms.selfEvaluationRows.map {
                [$0.level1, $0.level2, $0.name, $0.target, $0.actual, $0.rate, $0.weight, $0.score, $0.deviation ?? ""]
            }
            table.rows.append([ProjectForms.totalLabel, "", "", "", "", "", forms.totalWeight, forms.total, forms.grade])
        case .none:
            // The columns of the DOCX sheet: nothing is scored, so no 分值/得分 columns.
            table = CSVTable(header: ippeIndicatorHeader)
            table.rows = forms.selfEvaluationRows.map {
                [$0.level1, $0.level2, $0.name, $0.target, $0.actual, $0.rate, $0.deviation ?? ""]
            }
        }
        let goals = context.project.definition.goals
        let blocks = [["项目名称", context.project.definition.name],
                      ["主管部门", context.departmentName, "实施单位", context.implementerName]]
            + fundBlock(forms)
            + [["年度总体目标", "预期目标", "实际完成情况"], ["", goals?.annual ?? "", goals?.achieved ?? ""]]
        let width = max(table.header.count, blocks.map(\.count).max() ?? 0)
        func padded(_ row: [String]) -> [String] { row + Array(repeating: "", count: max(0, width - row.count)) }
        table.preamble = blocks.map(padded)
        table.header = padded(table.header)
        table.rows = table.rows.map(padded)
        return table
    }

    /// The label of the fund block's first column; its unit is the form's one money unit.
    public static let fundBlockLabel = "项目资金（万元）"
    /// The sources the fund block lists under 年度资金总额, as the form names them.
    public static let fundSourceLabels = ["年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"]

    /// The 项目资金 block: mof-2020 prints 分值/执行率/得分 on the 年度资金总额 row (the
    /// 预算执行率 item) and each source's 执行率; ippe 到位数 and its two rates; none 到位数
    /// and every row's 执行率.
    static func fundBlock(_ forms: ProjectForms) -> [[String]] {
        let funds = forms.funds
        let rows = [funds.total, funds.fiscal, funds.carryover, funds.other]
        var out: [[String]]
        switch forms.scheme {
        case .mof2020:
            out = [[fundBlockLabel, "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]]
            for (i, row) in rows.enumerated() {
                let tail = i == 0 ? [forms.budgetExecution.weight, forms.budgetExecution.rate, forms.budgetExecution.score]
                    : ["—", row.executionRate, "—"]
                out.append(["", fundSourceLabels[i], row.initialBudget, row.annualBudget, row.executed] + tail)
            }
        case .ippe:
            out = [[fundBlockLabel, "", "年初预算数", "全年预算数", "到位数", "执行数",
                    "资金到位率（到位数÷全年预算数）", "预算执行率（执行数÷到位数）"]]
            for (i, row) in rows.enumerated() {
                let tail = i == 0 ? [forms.ippeReceivedRate, forms.ippeExecutionRate] : ["—", "—"]
                out.append(["", fundSourceLabels[i], row.initialBudget, row.annualBudget, row.received, row.executed] + tail)
            }
        case .none:
            out = [[fundBlockLabel, "", "年初预算数", "全年预算数", "到位数", "执行数", "执行率"]]
            for (i, row) in rows.enumerated() {
                out.append(["", fundSourceLabels[i], row.initialBudget, row.annualBudget, row.received, row.executed, row.executionRate])
            }
        }
        return out
    }

    /// 项目支出绩效自评汇总表: the unit line, 序号 and every project, the 合计 row, the note.
    public static func summary(_ form: SummaryForm) -> CSVTable {
        let records = summaryRecords(form).map(\.strings)
        return CSVTable(preamble: [records[0]], header: records[1], rows: Array(records[2...]))
    }

    /// The records of `summary(form)` (preamble, header, rows), each made when reached: the
    /// package writes them to the file in pieces (`CSVEncoding.encode(records:_:)`), never the
    /// whole table of 10 000 rows, and a project's row from the form's bytes (`SummaryRecord`).
    public static func summaryRecords(_ form: SummaryForm) -> some Sequence<SummaryRecord> {
        let width = summaryHeader.count
        func padded(_ first: String, last: String = "") -> SummaryRecord {
            .text([first] + Array(repeating: "", count: width - 2) + [last])
        }
        let head = [padded("填报单位：" + form.unit.name, last: SummaryForm.moneyUnitLine), .text(summaryHeader)]
        let rows = form.rows.indices.lazy.map { SummaryRecord.row(form.rows, $0) }
        let tail: [SummaryRecord] = [.text(["合计", "", "", "", form.totalAnnualBudget, form.totalExecuted, form.totalExecutionRate, "", ""]),
                                     padded(form.note)]
        return [AnySequence(head), AnySequence(rows), AnySequence(tail)].joined()
    }

    /// A record of the 汇总表's CSV: a line of text, or project `index`'s row, its fields read from
    /// the rows' bytes (the 序号, 项目名称 … 等次 columns of `summaryHeader`: every field but the id).
    public enum SummaryRecord: CSVFields {
        case text([String])
        case row(SummaryRows, Int)

        public func forEachField(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
            switch self {
            case .text(let fields): fields.forEachField(body)
            case .row(let rows, let index):
                var number = 0
                rows.withFields(index) { utf8 in
                    if number != SummaryRows.idField { body(utf8) }
                    number += 1
                }
            }
        }

        public var strings: [String] {
            var fields: [String] = []
            forEachField { fields.append(String(decoding: $0, as: UTF8.self)) }
            return fields
        }
    }
}

extension SummaryForm {
    /// The line under the table: the count and how the 合计 is formed.
    public var note: String { "共\(rows.count)个项目。" + totalNote }

    /// The summary document's context (the JSON edge of `SummaryForm`).
    public func value() -> JSONValue {
        value(rows: .array(rows.indices.map(row)))
    }

    /// `value()` with `summary.rows` made one row at a time as the table renders (`LazyItems`):
    /// 10 000 projects' rows as JSON were megabytes at once; the empty list stands for them.
    /// The rows are records of text (`LazyItems.Records`): the chunks of the table kept from the
    /// last run are looked up by their rows' bytes, the rows' values made only for those rendered.
    public func lazyValue() -> (JSONValue, LazyItems) {
        (value(rows: .array([])), LazyItems(key: "summary.rows", count: rows.count, records: rowRecords))
    }

    func row(_ index: Int) -> JSONValue {
        rowRecords.object(index)
    }

    /// The members of a row's value, in `SummaryForm.Row`'s (and `SummaryRows`') field order.
    static let rowMembers = ["index", "id", "name", "department", "implementer", "annualBudget", "executed", "executionRate",
                             "score", "grade"]

    private var rowRecords: LazyItems.Records {
        let rows = rows
        return LazyItems.Records(members: Self.rowMembers) { index, body in rows.withFields(index, body) }
    }

    private func value(rows list: JSONValue) -> JSONValue {
        .object([
            ("year", .string(String(year))),
            ("unit", ProjectContext.unitValue(unit)),
            ("summary", .object([
                ("rows", list),
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
