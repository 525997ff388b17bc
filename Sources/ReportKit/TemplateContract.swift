import Templating

/// The data each report template kind receives (docs/template-context.md in table form): the
/// one source for `template check --for`, `template fields --for`, the Chinese aliases the
/// engine resolves and the field list of the staff guide. ReportKitTests compares it with
/// the samples in templates/samples, which are what ReportKit builds.
public enum TemplateContract {
    public enum Kind: String, CaseIterable, Sendable {
        case project, sheet, target, summary, document

        /// The default template file of the kind.
        public var fileName: String {
            switch self {
            case .project: return TemplateSet.fileNames.projectReport
            case .sheet: return TemplateSet.fileNames.selfEvaluationSheet
            case .target: return TemplateSet.fileNames.targetSelfEvaluation
            case .summary: return TemplateSet.fileNames.summary
            case .document: return TemplateSet.fileNames.document
            }
        }

        public var chineseName: String {
            switch self {
            case .project: return "项目绩效自评报告"
            case .sheet: return "项目支出绩效自评表"
            case .target: return "特定目标类绩效目标自评表"
            case .summary: return "项目汇总表"
            case .document: return "部门决算说明 / 部门整体绩效自评报告"
            }
        }

        /// The kind of a template file named like a default one (`project-report.docx`,
        /// `我的-project-report.docx`), nil when the name says nothing.
        public init?(inferringFrom path: String) {
            let name = String(path.split(separator: "/").last ?? "").lowercased()
            guard let kind = Kind.allCases.first(where: { name.hasSuffix($0.fileName) })
                ?? Kind.allCases.first(where: { name.contains($0.fileName.replacingOccurrences(of: ".docx", with: "")) }) else { return nil }
            self = kind
        }
    }

    public static func contract(_ kind: Kind) -> DataContract {
        switch kind {
        case .project, .sheet, .target: return DataContract(name: kind.rawValue, fields: common + project, essentials: essentials(kind), totals: projectTotals)
        case .summary: return DataContract(name: kind.rawValue, fields: common + summary, essentials: essentials(kind), totals: summaryTotals)
        case .document: return DataContract(name: kind.rawValue, fields: common + document, essentials: essentials(kind), totals: documentTotals)
        }
    }

    /// What every document of a kind prints; a template without it is warned (W-TPL-011).
    static func essentials(_ kind: Kind) -> [DataContract.Essential] {
        let rows = "请在表格的重复行中加回：{{#…}} 写在该行第一个单元格的开头、{{/…}} 写在最后一个单元格的末尾（见默认模板 \(kind.fileName)）"
        switch kind {
        case .project, .document:
            return [DataContract.Essential(paths: ["body"], tag: "{{> body}}（报告正文）",
                                           loss: "生成的每份\(kind == .project ? "项目自评报告" : "文档")都没有正文（一、（一）1. 各级标题与段落）",
                                           advice: "请在标题之后另起一段，只写 {{> body}}（这个标签必须独占一段）")]
        case .sheet:
            return [DataContract.Essential(paths: ["indicators", "sheet.rows", "ippe.rows"], tag: "绩效指标的重复行（{{#indicators}}…{{/indicators}}、{{#sheet.rows}}…{{/sheet.rows}} 或 {{#ippe.rows}}…{{/ippe.rows}}）",
                                           loss: "生成的自评表不列出任何绩效指标", advice: rows)]
        case .target:
            return [DataContract.Essential(paths: ["indicators"], tag: "绩效指标的重复行（{{#indicators}}…{{/indicators}}）",
                                           loss: "生成的特定目标自评表不列出任何绩效指标", advice: rows)]
        case .summary:
            return [DataContract.Essential(paths: ["summary.rows"], tag: "项目的重复行（{{#summary.rows}}…{{/summary.rows}}）",
                                           loss: "生成的汇总表不列出任何项目", advice: rows)]
        }
    }

    /// The columns the default forms total in their 合计 row (E-TPL-038 when a template prints
    /// the column's rows without its total): the scores' 总分 and 等次, the funds' amounts.
    static let projectTotals: [DataContract.Total] = {
        let scored = ["indicators", "sheet.rows", "ippe.rows"]
        var totals = [DataContract.Total(lists: scored, item: "score", totals: ["sheet.total", "sheet.grade"],
                                             why: "自评得分与等次是经办人签字确认的数字", underRows: true),
                      DataContract.Total(lists: scored, item: "weight", totals: ["sheet.totalWeight"])]
        for column in ["initialBudget", "annualBudget", "received", "executed", "balance", "receivedRate", "executionRate"] {
            totals.append(DataContract.Total(lists: ["funds.rows"], item: column, totals: ["funds.total." + column]))
        }
        return totals
    }()

    /// A project attachment carries its project's keys (`document`): its lists owe their totals alike.
    static let documentTotals = projectTotals.map { $0.nested(in: "attachments") }

    static let summaryTotals: [DataContract.Total] = ["annualBudget", "executed", "executionRate"].map {
        DataContract.Total(lists: ["summary.rows"], item: $0, totals: ["summary.total." + $0])
    }

    /// What `template check` reports for a template: the tags' own problems and, for a report
    /// kind, every tag checked against the kind's contract, in document order. `package
    /// --templates` reports the same list (it used to stop at the first syntax error's list and
    /// leave the misspelt fields for the next run).
    public static func problems(errors: [TemplateError], fields: [TemplateField], kind: Kind?,
                                options: TemplateOptions) -> [TemplateError] {
        var problems = errors
        if let kind, !fields.isEmpty {
            problems += ContractCheck.check(fields: fields, contract: contract(kind), options: options,
                                            unreadable: errors.filter { !$0.isWarning }.compactMap(\.location))
        }
        return TemplateError.inDocumentOrder(problems)
    }

    /// Template options for a kind: the report blocks and the kind's aliases.
    public static func options(_ kind: Kind, delimiters: Delimiters = .standard, missing: MissingPolicy = .error) -> TemplateOptions {
        let contract = contract(kind)
        return TemplateOptions(delimiters: delimiters, missing: missing, blocks: ReportBlocks.registry, aliases: contract.aliases,
                               scopedAliases: contract.scopedAliases)
    }

    typealias F = DataContract.Field

    static let common: [F] = [
        F("year", .text, "年度", "报告年度", example: "2021"),
        F("unit", .object, "", "报告单位"),
        F("unit.name", .text, "单位名称", "报告单位全称", example: "攀枝花市医疗保障局"),
        F("unit.shortName", .text, "单位简称", "没有时为空", example: "市医保局"),
        F("unit.code", .text, "单位代码", "没有时为空", example: "512001"),
        F("unit.seal", .image, "公章", "单位公章图片（PNG/JPEG）的路径，相对报告包文件；只用于 {{%公章}}；没有时为空，不印图片", example: "images/seal.png"),
    ]

    /// The nine fields of a fund row or aggregate; `prefix` names the aggregate in Chinese
    /// (`""` for the rows of `funds.rows`, whose aliases are the plain names).
    static func fundFields(_ path: String, _ prefix: String, alias: Bool) -> [F] {
        [
            F("\(path).source", .text, "\(prefix)资金来源", "财政资金、上年结转资金、其他资金；合计行为“合计”", example: "财政资金", alias: alias),
            F("\(path).level", .text, "\(prefix)级次", "中央级、省级、市级、县区级或空", example: "县区级", alias: alias),
            F("\(path).initialBudget", .amount, "\(prefix)年初预算数", "万元", example: "5", alias: alias),
            F("\(path).annualBudget", .amount, "\(prefix)全年预算数", "计划数，万元", example: "5", alias: alias),
            F("\(path).received", .amount, "\(prefix)到位数", "预算下达数，万元", example: "5", alias: alias),
            F("\(path).executed", .amount, "\(prefix)执行数", "实际支出（使用数），万元", example: "5", alias: alias),
            F("\(path).balance", .amount, "\(prefix)资金结余", "到位数 − 执行数", example: "0", alias: alias),
            F("\(path).receivedRate", .rate, "\(prefix)预算到位率", "到位数 ÷ 全年预算数", example: "100.00%", alias: alias),
            F("\(path).executionRate", .rate, "\(prefix)预算执行率", "执行数 ÷ 全年预算数", example: "100.00%", alias: alias),
        ]
    }

    /// Fields of one row of the 自评表 (`indicators[]`, `sheet.rows[]`).
    static func indicatorFields(_ list: String) -> [F] {
        [
            F("\(list)[].index", .text, "序号", "", example: "1"),
            F("\(list)[].level1", .text, "一级指标", "", example: "产出指标"),
            F("\(list)[].level2", .text, "二级指标", "", example: "数量指标"),
            F("\(list)[].name", .text, "三级指标", "指标名称", example: "资助重点救助对象参保人数"),
            F("\(list)[].weight", .amount, "分值", "权重；不按财预〔2020〕10号评分时为空", example: "12.5"),
            F("\(list)[].target", .text, "年度指标值", "目标值、预期指标值，照录", example: "2249"),
            F("\(list)[].actual", .text, "实际完成值", "业绩值，照录", example: "4863人"),
            F("\(list)[].rate", .rate, "完成率", "定性指标为空", example: "216.23%"),
            F("\(list)[].score", .amount, "得分", "不评分时为空", example: "12.5"),
            F("\(list)[].deviation", .text, "偏差原因", "偏差原因分析及改进措施", example: "2021年人数增长"),
        ]
    }

    static let project: [F] = {
        var fields: [F] = [
            F("project", .object, "", "项目"),
            F("project.id", .text, "项目标识", "", example: "zhongdian-jiuzhu"),
            F("project.name", .text, "项目名称", "印在标题下的（）中", example: "重点救助对象医保补助"),
            F("project.title", .text, "报告标题", "", example: "2021年度专项（项目）资金绩效自评报告"),
            F("project.department", .text, "主管部门", "", example: "攀枝花市医疗保障局"),
            F("project.departmentCode", .text, "主管部门代码", "没有时为空", example: "512001"),
            F("project.departmentLabel", .text, "主管部门及代码", "没有代码时只有名称", example: "攀枝花市医疗保障局（512001）"),
            F("project.implementer", .text, "实施单位", "", example: "攀枝花市医保信息中心"),
            F("project.kind", .text, "项目类型", "没有时为空", example: "专项"),
            F("project.periodText", .text, "项目实施期", "", example: "2021年1月1日至2021年12月31日"),
            F("body", .outline, "报告正文", "报告正文大纲，只用于 {{> body}}"),
            F("scheme", .object, "", "评分方案"),
            F("scheme.name", .text, "评分方案", "mof-2020、ippe 或 none", example: "mof-2020"),
            F("scheme.mof", .flag, "按财预评分", "财预〔2020〕10号评分（有分值、得分列）", example: "true"),
            F("scheme.ippe", .flag, "按投入过程产出效果评分", "投入/过程/产出/效果评分", example: "false"),
            F("scheme.none", .flag, "不评分", "", example: "false"),
            F("scored", .flag, "是否评分", "有分值、得分、等次", example: "true"),
            F("funds", .object, "", "资金（万元）"),
            F("funds.rows", .list, "资金明细", "按资金来源，每行字段同“合计”"),
        ]
        fields += fundFields("funds.rows[]", "", alias: false)
        // The total's fields carry the plain names (年初预算数 …), as the forms print them.
        fields.append(F("funds.total", .object, "资金合计", "合计（年度资金总额）各栏"))
        fields += fundFields("funds.total", "", alias: true)
        for (key, name) in [("fiscal", "财政资金"), ("carryover", "上年结转资金"), ("other", "其他资金"), ("nonFiscal", "非财政资金")] {
            fields.append(F("funds.\(key)", .object, name, "资金\(name)各栏"))
            fields += fundFields("funds.\(key)", name, alias: true)
        }
        fields.append(F("funds.hasNote", .flag, "资金表有说明", "有未列金额的资金来源（印“—”）", example: "false"))
        fields.append(F("funds.note", .text, "资金表说明", "未列金额的资金来源及合计印“—”的说明；没有时为空",
                        example: "注：财政资金（中央级、省级）未列金额，印“—”；合计含这些资金，无法得出，也印“—”，不以已列金额之和代替。"))
        fields.append(F("funds.levels", .object, "", "财政资金分级次"))
        for (key, name) in [("central", "中央级"), ("provincial", "省级"), ("municipal", "市级"), ("county", "县区级")] {
            fields.append(F("funds.levels.\(key)", .object, "财政资金\(name)", ""))
            fields += fundFields("funds.levels.\(key)", "财政资金\(name)", alias: false)
        }
        fields += [
            F("budgetExecution", .object, "", "预算执行"),
            F("budgetExecution.weight", .amount, "预算执行分值", "不按财预评分时为空", example: "10"),
            F("budgetExecution.target", .text, "预算执行指标值", "", example: "100%"),
            F("budgetExecution.rate", .rate, "预算执行完成率", "同 funds.total.executionRate", example: "100.00%"),
            F("budgetExecution.score", .amount, "预算执行得分", "不按财预评分时为空", example: "10"),
            F("goals", .object, "", "绩效目标"),
            F("goals.period", .text, "实施期绩效目标", "可含换行", example: ""),
            F("goals.annual", .text, "预期目标", "年度目标，可含换行", example: ""),
            F("goals.achieved", .text, "实际完成情况", "目标实际完成情况，可含换行", example: ""),
            F("indicators", .list, "绩效指标", "按输入顺序，每项一个指标"),
        ]
        fields += indicatorFields("indicators")
        fields += [
            F("sheet", .object, "", "自评表"),
            F("sheet.rows", .list, "自评表行", "财预与不评分方案首行为预算执行率；字段同绩效指标"),
        ]
        fields += indicatorFields("sheet.rows")
        fields += [
            F("sheet.totalWeight", .amount, "合计分值", "不评分时为空", example: "100"),
            F("sheet.total", .amount, "自评得分", "总分；不评分时为空", example: "96.3"),
            F("sheet.grade", .text, "等次", "优、良、中、差；不评分时为空", example: "优"),
            F("ippe", .object, "", "投入/过程/产出/效果评分"),
            F("ippe.rows", .list, "评分表行", "每个一级指标后有小计行"),
            F("ippe.rows[].level1", .text, "一级指标", "投入、过程、产出、效果", example: "投入"),
            F("ippe.rows[].level2", .text, "二级指标", "小计行为“小计”", example: "项目目标"),
            F("ippe.rows[].name", .text, "三级指标", "", example: ""),
            F("ippe.rows[].weight", .amount, "分值", "", example: "5"),
            F("ippe.rows[].score", .amount, "得分", "", example: "5"),
            F("ippe.receivedRate", .rate, "资金到位率", "到位数 ÷ 全年预算数", example: "100.00%"),
            F("ippe.executionRate", .rate, "评分表预算执行率", "执行数 ÷ 到位数", example: "92.30%"),
            F("evaluators", .list, "评价人员", ""),
            F("evaluators[].name", .text, "姓名", "", example: "张三"),
            F("evaluators[].title", .text, "职务", "", example: "科长"),
            F("evaluators[].office", .text, "科室", "", example: "财务科"),
            F("evaluators[].phone", .text, "电话", "", example: "0812-1234567"),
            F("has", .object, "", ""),
            F("has.evaluators", .flag, "有评价人员", "", example: "true"),
            F("has.indicators", .flag, "有绩效指标", "", example: "true"),
            F("contact", .object, "", "填报人（第一位评价人员）"),
            F("contact.name", .text, "填报人", "没有评价人员时为空", example: "张三"),
            F("contact.title", .text, "填报人职务", "", example: "科长"),
            F("contact.office", .text, "填报人科室", "", example: "财务科"),
            F("contact.phone", .text, "联系电话", "", example: "0812-1234567"),
            F("filledOn", .date, "填报日期（ISO）", "ISO 日期，可用 date 过滤器", example: "2022-06-27", alias: false),
            F("filledOnText", .text, "填报日期", "中文日期", example: "2022年6月27日"),
            F("appendix", .object, "", "附表"),
            F("appendix.funds", .flag, "附项目资金情况表", "", example: "true"),
            F("appendix.sheet", .flag, "附自评表", "", example: "true"),
            F("appendix.target", .flag, "附特定目标自评表", "", example: "false"),
            F("appendix.fundsLabel", .text, "资金表附件标识", "", example: "附件1"),
            F("appendix.sheetLabel", .text, "自评表附件标识", "", example: "附件2"),
            F("appendix.targetLabel", .text, "特定目标表附件标识", "", example: "附表："),
            F("targetForm", .object, "", ""),
            F("targetForm.title", .text, "特定目标自评表标题", "", example: "2021年特定目标类部门预算项目绩效目标自评"),
        ]
        return fields
    }()

    static let summary: [F] = [
        F("summary", .object, "", "项目汇总表"),
        F("summary.rows", .list, "汇总表行", "每个项目一行，按报告包顺序"),
        F("summary.rows[].index", .text, "序号", "", example: "1"),
        F("summary.rows[].id", .text, "项目标识", "", example: "zhongdian-jiuzhu"),
        F("summary.rows[].name", .text, "项目名称", "", example: "重点救助对象医保补助"),
        F("summary.rows[].department", .text, "主管部门", "", example: "攀枝花市医疗保障局"),
        F("summary.rows[].implementer", .text, "实施单位", "", example: "攀枝花市医保信息中心"),
        F("summary.rows[].annualBudget", .amount, "全年预算数", "万元，两位小数", example: "5.00"),
        F("summary.rows[].executed", .amount, "全年执行数", "万元，两位小数", example: "5.00"),
        F("summary.rows[].executionRate", .rate, "预算执行率", "", example: "100.00%"),
        F("summary.rows[].score", .amount, "自评得分", "不评分时为空", example: "96.3"),
        F("summary.rows[].grade", .text, "等次", "不评分时为空", example: "优"),
        F("summary.total", .object, "", "合计"),
        F("summary.total.annualBudget", .amount, "合计全年预算数", "万元，所印各项之和", example: "475.51"),
        F("summary.total.executed", .amount, "合计全年执行数", "万元，所印各项之和", example: "321.47"),
        F("summary.total.executionRate", .rate, "总体预算执行率", "", example: "67.61%"),
        F("summary.count", .text, "项目个数", "", example: "6"),
        F("summary.note", .text, "合计说明", "", example: "合计的预算执行率 = …"),
    ]

    static let document: [F] = {
        var fields: [F] = [
            F("document", .object, "", "文档"),
            F("document.title", .text, "文档标题", "", example: "攀枝花市医疗保障局2021年度部门决算"),
            F("document.showUnit", .flag, "另印单位名称", "标题未含单位名称时另印单位一行", example: "false"),
            F("document.parts", .flag, "分部分", "大纲第一层印“第一部分 …”", example: "true"),
            F("body", .outline, "正文", "大纲，只用于 {{> body}}"),
            F("attachmentsPart", .text, "附件部分标题", "无附件时为空", example: "第四部分 附件"),
            F("attachments", .list, "附件", ""),
            F("attachments[].label", .text, "附件标识", "", example: "附件1"),
            F("attachments[].newPage", .flag, "附件另起一页", "", example: "true"),
            F("attachments[].heading", .text, "附件标题", "单位、标题、（项目名称），以换行分行", example: ""),
            F("attachments[].body", .outline, "附件正文", "大纲，只用于 {{> body}}"),
        ]
        // A project attachment carries every key of its project, read inside {{#attachments}}.
        let own = Set(fields.map(\.path))
        for field in project where !own.contains("attachments[]." + field.path) {
            var copy = field
            copy.path = "attachments[]." + field.path
            copy.isAlias = false
            fields.append(copy)
        }
        return fields
    }()
}
