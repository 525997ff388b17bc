import Reports

/// The change a validation warning asks for, in the words of the spreadsheet being imported:
/// the user of `reportgen import` edits the sheet and imports again, and was told to add
/// `"unit": "元"` or fill `deviation` in a JSON file they had not written (W-DEF-037 and its
/// kind). The warning names the cell (`ProjectImport.validate`); every `Remedy` has its words here.
extension Remedy {
    var inSheet: String {
        switch self {
        case .yuanUnit(let amount, let wan):
            return "若表中金额的单位是元，请在表头或表上方写明“金额单位：元”（或把列名写成“全年预算数（元）”）后重新导入（\(amount) 元 = \(wan) 万元）；确是万元则不必改动。"
        case .indicatorDeviation:
            return "请在这一行的“偏差原因分析及改进措施”一格写明原因（表中没有这一列时加上这一列）后重新导入。"
        case .budgetDeviation:
            return "请在指标表“预算执行率”一行的“偏差原因分析及改进措施”一格说明偏差原因及改进措施后重新导入。"
        case .receivedOnEveryLine:
            return "请在每个资金来源行的“到位数”一格都填上（全部到位时与全年预算数相同），或都不填，再重新导入。"
        case .year:
            return "请在表格标题中写明年度（如“2021年度项目支出绩效自评表”）或加 --year 2021 重新导入，或把输出文件放在报告包的 projects/ 下。"
        }
    }
}
