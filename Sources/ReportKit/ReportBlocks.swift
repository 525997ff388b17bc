import Templating

/// The block generators report templates can use: the outline (`{{> body}}`) and what the
/// outline places inside it.
public enum ReportBlocks {
    public static var registry: BlockRegistry {
        var registry = BlockRegistry.standard
        registry.register("table", ReportTableBlock())
        registry.register("chart", ChartBlock())
        return registry
    }
}

/// Chinese names staff may type in a report template instead of the English paths
/// (`{{项目名称}}` for `{{project.name}}`); the list is docs/template-context.md's.
public enum ReportAliases {
    public static let chinese: [String: String] = [
        "年度": "year", "单位名称": "unit.name", "项目名称": "project.name",
        "报告标题": "project.title", "主管部门": "project.department",
        "主管部门及代码": "project.departmentLabel", "实施单位": "project.implementer",
        "年初预算数": "funds.total.initialBudget", "全年预算数": "funds.total.annualBudget",
        "到位数": "funds.total.received", "执行数": "funds.total.executed",
        "预算执行率": "funds.total.executionRate", "预期目标": "goals.annual",
        "实际完成情况": "goals.achieved", "自评得分": "sheet.total", "等次": "sheet.grade",
        "填报日期": "filledOnText", "填报人": "contact.name", "联系电话": "contact.phone",
    ]
}
