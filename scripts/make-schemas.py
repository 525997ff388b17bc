#!/usr/bin/env python3
"""Writes schema/project.schema.json, schema/package.schema.json and schema/final-accounts.schema.json
(JSON Schema 2020-12). Kept in step with Sources/Reports/DefinitionDecoder.swift, FinalAccountsDecoder.swift
and AccountCatalog.swift; ReportsTests/SchemaTests checks that
both accept every example and both reject the schema-violating fixtures."""
import json, os

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "..", "schema")

COMMENTS = {"^_": {"title": "注释", "description": "以 _ 开头的字段是注释，程序忽略。"}}
SCHEMA_KEY = {"$schema": {"type": "string", "title": "模式文件", "description": "JSON Schema 的路径，供编辑器提示；程序忽略。"}}

def obj(title, description, props, required=(), extra=None):
    o = {"type": "object", "title": title, "description": description,
         "properties": dict(props, **SCHEMA_KEY) if extra == "schema" else props,
         "patternProperties": COMMENTS, "additionalProperties": False}
    if required: o["required"] = list(required)
    return o

def text(title, description, nonEmpty=True):
    s = {"type": "string", "title": title, "description": description}
    if nonEmpty: s["pattern"] = "\\S"
    return s

def number(title, description):
    return {"title": title, "description": description, "$ref": "#/$defs/nonNegativeNumber"}

defs = {
    "nonNegativeNumber": {
        "title": "非负数", "description": "JSON 数字或十进制数字字符串（如 37.14 或 \"37.14\"），不带单位和千位分隔符，不能为负。",
        "anyOf": [{"type": "number", "minimum": 0},
                  {"type": "string", "pattern": "^\\+?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$"}]},
    "date": {"type": "string", "title": "日期", "description": "yyyy-mm-dd，例如 2022-06-27。",
             "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
    "fund": obj("资金条目", "一个资金来源（及级次）的预算与执行数，金额默认以万元计。", {
        "source": text("资金来源", "例如 财政资金、财政拨款、上年结转资金、其他资金；写“合计”的条目是给定合计，程序核对而不累加。"),
        "level": {"type": "string", "enum": ["中央级", "省级", "市级", "县区级"], "title": "资金级次", "description": "中央级、省级、市级或县区级。"},
        "initialBudget": number("年初预算数", "年初预算资金。"),
        "annualBudget": number("全年预算数", "全年预算资金（计划数）；mof-2020 与 ippe 方案必填。"),
        "received": number("实际到位数", "实际到位资金（预算下达数）。"),
        "executed": number("全年执行数", "全年执行资金（实际支出数）；mof-2020 与 ippe 方案必填。"),
        "unit": {"type": "string", "enum": ["万元", "元"], "title": "金额单位", "description": "默认万元；同一项目的资金须使用同一单位。"},
    }, ["source"]),
    "indicator": obj("绩效指标", "自评表中的一行：一级/二级/三级指标、分值、年度指标值、实际完成值。", {
        "level1": text("一级指标", "例如 产出指标、效益指标、满意度指标。"),
        "level2": text("二级指标", "例如 数量指标、质量指标、时效指标、成本指标、社会效益。"),
        "name": text("三级指标", "指标名称，照表填写。"),
        "weight": number("分值（权重）", "mof-2020 方案必填；预算执行分值加各指标分值通常为 100。"),
        "target": {"type": ["string", "number"], "title": "年度指标值（目标值）", "description": "照表填写，如 \"≥95%\"、\"≤12万元\"、\"2249\"、\"280元/人\"、\"全员覆盖\"。"},
        "actual": {"type": ["string", "number"], "title": "实际完成值", "description": "照表填写，如 \"4863人\"、\"100%\"。"},
        "direction": {"type": "string", "enum": ["higher", "lower", "equal"], "title": "指标方向", "description": "higher 越大越好，lower 越小越好，equal 等于目标；缺省时由目标值中的 ≥ ≤ 等符号判断。"},
        "score": number("得分", "给出时以此为准；定性指标（如 全员覆盖）必须给出。"),
        "deviation": {"type": "string", "title": "偏差原因分析及改进措施", "description": "完成率低于 90% 或高于 130% 时应填写。"},
        "unit": text("计量单位", "目标值、实际值为不带单位的数字时使用的单位，如 人。"),
    }, ["level1", "level2", "name", "target", "actual"]),
    "bodyNode": {
        **obj("大纲节点", "报告正文的一节；编号由程序按层级生成（一、（一）1.（1）①）。", {
            "heading": text("标题", "不写编号；以标题样式（黑体、楷体等）单独成段。"),
            "item": text("编号段落", "不写编号；与同级标题共用编号（一、（一）1.（1）①），但按正文样式排印，编号与文字同段。与 heading 二者择一。"),
            "text": {"type": "string", "title": "正文", "description": "多段用 \\n 分隔。"},
            "table": {"type": "string", "enum": ["funds", "funds-summary", "indicators", "scoresheet"], "title": "表格",
                      "description": "在此处插入生成的表格：funds 预算执行情况表，funds-summary 计划数/到位数/使用数表，indicators 指标表，scoresheet 自评表。"},
            "level1": text("只列该一级指标", "与 table（indicators、scoresheet）同用：只列出此一级指标（如 产出指标；预算执行率一行为 预算执行指标）下的行；不是表中的一级指标为 E-DEF-112。"),
            "chart": {"type": "object", "title": "图表", "description": "在此处插入图表：kind（column 柱状图、bar 条形图、pie 饼图）、title、unit、categories、series[{name, values}]；部门决算中也可写 {\"derived\": \"收入结构\"} 由数据生成。"},
            "children": {"type": "array", "title": "下级节点", "description": "下一层级的节点。", "items": {"$ref": "#/$defs/bodyNode"}},
            "numbering": {"type": "string", "enum": ["一、", "（一）", "1.", "（1）", "①"], "title": "下级编号样式",
                          "description": "原件跳过层级编号时使用：下级节点按此样式编号（如 （一）主要职能 之下直接用（1）（2）…，名词解释之下直接用 1. 2. …），再下一级接着往下排。"},
        }),
        "anyOf": [{"required": [k]} for k in ["heading", "item", "text", "table", "chart", "children"]],
        "not": {"required": ["heading", "item"]},
    },
    "evaluator": obj("评价人员", "自评表落款的评价人员。", {
        "name": text("姓名", "评价人员姓名。"),
        "title": {"type": "string", "title": "职务", "description": "例如 副主任。"},
        "office": {"type": "string", "title": "科室", "description": "例如 财务科。"},
        "phone": {"type": "string", "title": "电话", "description": "联系电话。"},
    }, ["name"]),
}

IPPE = [("项目目标", ["项目立项规范性", "绩效目标合理性", "绩效指标明确性"]), ("资金落实", ["资金到位率", "到位及时率", "预算执行率"]),
        ("业务管理", ["管理制度健全性", "制度执行有效性", "项目质量可控性"]), ("财务管理", ["管理制度健全性", "资金使用合规性", "财务监控有效性"]),
        ("项目产出", ["实际完成率", "完成及时率", "质量达标率", "成本节约率"]),
        ("项目效果", ["经济效益", "社会效益", "生态效益", "可持续影响", "社会公众或服务对象满意度"])]
ippe_keys = [f"{a}/{b}" for a, bs in IPPE for b in bs]

project_props = {
    "id": {"type": "string", "pattern": "^[a-z0-9-]+$", "title": "项目标识", "description": "只含小写字母、数字和连字符，报告包内唯一，如 zhongdian-jiuzhu。"},
    "name": text("项目名称", "报告包内唯一，用于输出文件名。"),
    "year": {"type": "integer", "minimum": 1949, "maximum": 2200, "title": "年度", "description": "缺省时继承报告包的年度；单独校验项目文件时必填。"},
    "unit": text("单位", "填报单位名称；缺省时用报告包的单位。"),
    "department": text("主管部门", "缺省时同单位。"),
    "departmentCode": text("主管部门代码", "如 512001，打印为 攀枝花市医疗保障局（512001）。"),
    "implementer": text("实施单位", "缺省时同单位。"),
    "kind": text("项目类型", "例如 专项。"),
    "title": text("报告标题", "原件使用非默认标题时填写，如 专项（项目）资金绩效自评报告。"),
    "period": obj("实施期", "项目实施期。", {"from": {"$ref": "#/$defs/date", "title": "开始日期", "description": "yyyy-mm-dd"},
                                          "to": {"$ref": "#/$defs/date", "title": "结束日期", "description": "yyyy-mm-dd"}}, ["from", "to"]),
    "scoring": {"type": "string", "enum": ["mof-2020", "ippe", "none"], "title": "评分方案", "description": "mof-2020（缺省）、ippe（投入/过程/产出/效果）或 none（不打分）。"},
    "funds": {"type": "array", "title": "资金", "description": "各资金来源的预算与执行数；合计、结余、到位率、执行率由程序计算。", "items": {"$ref": "#/$defs/fund"}},
    "goals": obj("绩效目标", "预期目标与实际完成情况。", {
        "period": {"type": "string", "title": "实施期绩效目标", "description": "项目实施期目标。"},
        "annual": {"type": "string", "title": "年度目标（预期目标）", "description": "年度绩效目标。"},
        "achieved": {"type": "string", "title": "实际完成情况", "description": "目标实际完成情况。"}}),
    "budgetExecution": obj("预算执行指标", "自评表第一行：预算执行率。", {
        "weight": number("分值", "通常为 10。"),
        "target": text("目标值", "缺省为 100%。"),
        "score": number("得分", "给出时以此为准；缺省时按 分值 × 预算执行率 计算。"),
        "deviation": {"type": "string", "title": "偏差原因", "description": "预算执行率低于 90% 时应填写。"}}, ["weight"]),
    "indicators": {"type": "array", "title": "绩效指标", "description": "按表中顺序填写。", "items": {"$ref": "#/$defs/indicator"}},
    "ippeScores": {"type": "object", "title": "ippe 得分", "description": "键为“二级指标/三级指标”；资金到位率与预算执行率缺省时由资金计算。",
                   "propertyNames": {"anyOf": [{"enum": ippe_keys}, {"pattern": "^_"}]},
                   "patternProperties": COMMENTS,
                   "additionalProperties": {"$ref": "#/$defs/nonNegativeNumber"}},
    "subtotals": {"type": "object", "title": "给定小计", "description": "原表印出的小计（键为一级指标），程序核对。",
                  "patternProperties": COMMENTS, "additionalProperties": {"$ref": "#/$defs/nonNegativeNumber"}},
    "totalScore": number("给定总分", "原表印出的总得分，程序核对。"),
    "grade": {"type": "string", "enum": ["优", "良", "中", "差"], "title": "给定等次", "description": "原表印出的等次，程序核对。"},
    "targetSelfEvaluation": {"type": "boolean", "title": "附特定目标类自评表", "description": "true 时在报告后附《特定目标类部门预算项目绩效目标自评》表。"},
    "targetFormTitle": text("特定目标类自评表标题", "表的标题与默认“<年度>年特定目标类部门预算项目绩效目标自评”不同时填写。"),
    "body": {"type": "array", "title": "正文大纲", "description": "任意层级；编号由程序生成。", "items": {"$ref": "#/$defs/bodyNode"}},
    "evaluators": {"type": "array", "title": "评价人员", "description": "自评表落款。", "items": {"$ref": "#/$defs/evaluator"}},
    "filledOn": {"$ref": "#/$defs/date", "title": "填报日期", "description": "yyyy-mm-dd，打印为 2022年6月27日。"},
}

# No $id: editors then resolve "project.schema.json" next to the package schema on disk.
project = {"$schema": "https://json-schema.org/draft/2020-12/schema",
           **obj("项目支出绩效自评（reportgen/1）", "一个项目的定义：资金、绩效指标、正文大纲。", project_props, ["id", "name"], "schema"),
           "$defs": defs}

package_props = {
    "format": {"const": "reportgen/1", "title": "格式版本", "description": "固定为 reportgen/1。"},
    "year": {"type": "integer", "minimum": 1949, "maximum": 2200, "title": "年度", "description": "报告年度，如 2021。"},
    "unit": obj("单位", "编报单位。", {"name": text("单位全称", "如 攀枝花市医疗保障局。"),
                                      "shortName": text("简称", "如 市医保局。"), "code": text("单位代码", "如 512001。"),
                                      "seal": text("公章图片", "单位公章图片（PNG 或 JPEG）的路径，相对报告包文件，如 images/seal.png；模板中写 {{%公章}} 或 {{%unit.seal | size:4cm}}。")}, ["name"]),
    "finalAccounts": {"title": "部门决算情况说明", "description": "内联对象或相对路径。", "anyOf": [text("文件路径", "相对于报告包文件。"), {"type": "object"}]},
    "department": {"title": "部门整体绩效自评/评价报告", "description": "内联对象（title、body）或相对路径。",
                   "anyOf": [text("文件路径", "相对于报告包文件。"), {"$ref": "#/$defs/department"}]},
    "projects": {"type": "array", "title": "项目", "description": "项目对象，或相对路径/通配符（如 projects/*.json）。",
                 "items": {"anyOf": [text("项目文件或通配符", "相对于报告包文件，匹配结果按路径排序。"), {"$ref": "project.schema.json"}]}},
    "templates": obj("模板", "覆盖默认模板。", {"project": text("项目报告模板", ".docx 路径"), "department": text("部门报告模板", ".docx 路径"),
                                              "finalAccounts": text("决算说明模板", ".docx 路径")}),
}
package = {"$schema": "https://json-schema.org/draft/2020-12/schema",
           **obj("年度报告包（reportgen/1）", "一个单位一个年度的全部报告。", package_props, ["format", "year", "unit", "projects"], "schema"),
           "$defs": {"department": obj("部门报告", "部门整体绩效自评/评价报告。", {
               "title": text("标题", "报告标题。"),
               "body": {"type": "array", "title": "正文大纲", "description": "与项目正文相同的大纲。", "items": {"$ref": "project.schema.json#/$defs/bodyNode"}}}, ["body"])}}

# Final accounts (docs/决算说明数据格式.md): sections and lines as in Sources/Reports/AccountCatalog.swift.
decimal = {"title": "数", "description": "JSON 数字或十进制数字字符串（如 645.55 或 \"645.55\"），金额以 unit 计（默认万元）。",
           "anyOf": [{"type": "number"}, {"type": "string", "pattern": "^[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$"}]}
reason = {"title": "原因", "description": "说明变动或决算数与预算数差异的原因；写 false 表示不需要说明。",
          "anyOf": [text("原因", "一句话，不必写“主要原因是”。"), {"const": False}]}
figure_fields = {
    "决算数": {"$ref": "#/$defs/decimal", "title": "决算数", "description": "本年决算数。"},
    "上年数": {"$ref": "#/$defs/decimal", "title": "上年数", "description": "上年决算数；给出时生成 增加/减少/持平 及增减率。"},
    "预算数": {"$ref": "#/$defs/decimal", "title": "预算数", "description": "本年预算数；给出时生成 完成预算X%。"},
    "变动原因": {"$ref": "#/$defs/reason", "title": "变动原因", "description": "与上年相比有增减时必填（或写 false）。"},
    "预算差异原因": {"$ref": "#/$defs/reason", "title": "预算差异原因", "description": "完成预算不是 100% 时必填（或写 false）。"},
}
FA_SECTIONS = [
    ("收支总计", "收、支总计", []), ("财政拨款收支总计", "财政拨款收、支总计", []),
    ("政府性基金预算财政拨款支出", "政府性基金预算财政拨款支出", []), ("国有资本经营预算财政拨款支出", "国有资本经营预算财政拨款支出", []),
    ("机关运行经费", "机关运行经费", []),
    ("收入", "本年收入", ["合计", "一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入",
                         "事业收入", "经营收入", "附属单位上缴收入", "其他收入", "年初结转和结余"]),
    ("支出", "本年支出", ["合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出", "年末结转和结余"]),
    ("一般公共预算财政拨款基本支出", "一般公共预算财政拨款基本支出", ["合计", "人员经费", "公用经费"]),
    ("三公经费", "“三公”经费财政拨款支出", ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费", "公务用车购置费", "公务用车运行维护费",
                 "国内公务接待费", "外事接待费", "购置轿车金额", "购置越野车金额", "购置载客汽车金额"]),
    ("政府采购", "政府采购支出", ["合计", "货物", "工程", "服务", "授予中小企业合同金额", "授予小微企业合同金额"]),
]
FA_COUNTS = {"三公经费": ["公务用车购置数", "因公出国（境）团组数", "因公出国（境）人次", "购置轿车数", "购置越野车数", "购置载客汽车数",
                          "公务用车保有量", "保有轿车数", "保有越野车数", "保有载客汽车数", "国内公务接待批次", "国内公务接待人次", "外事接待批次", "外事接待人次"],
             "国有资产": ["车辆合计", "主要领导干部用车", "机要通信用车", "应急保障用车", "执法执勤用车", "特种专业技术用车", "离退休干部服务用车",
                          "其他用车", "单价50万元以上通用设备", "单价100万元以上专用设备"]}
count = {"type": "integer", "minimum": 0, "title": "数量", "description": "辆、次、人次、台（套）。"}
fa_defs = {
    "decimal": decimal, "reason": reason,
    "figure": {"title": "一个数", "description": "只写本年决算数时写数字；另有上年数、预算数或原因时写对象。",
               "anyOf": [{"$ref": "#/$defs/decimal"}, obj("决算数据", "本年决算数及上年数、预算数、原因。", figure_fields)]},
    "subject": obj("功能分类科目", "一般公共预算财政拨款支出的 类、款 或 项。", dict(figure_fields, **{
        "名称": text("名称", "类/款/项名称，如 一般公共服务、商贸事务、招商引资。"),
        "称谓": text("结构说明中的称谓", "只用于类：结构说明中如何称呼，缺省为“<名称>（类）支出”。"),
        "款": {"type": "array", "title": "款", "description": "类下的款。", "items": {"$ref": "#/$defs/subject"}},
        "项": {"type": "array", "title": "项", "description": "款下的项（支出决算具体情况逐项列出）。", "items": {"$ref": "#/$defs/subject"}}}), ["名称"]),
}
fa_sections = {}
for name, title, lines in FA_SECTIONS:
    if not lines:
        fa_sections[name] = {"$ref": "#/$defs/figure", "title": title, "description": f"{title}（本年、上年、预算）。"}
        continue
    props = {line: {"$ref": "#/$defs/figure", "title": line, "description": f"{title}：{line}。"} for line in lines}
    for c in FA_COUNTS.get(name, []): props[c] = dict(count, title=c, description=f"{c}（整数）。")
    if name == "一般公共预算财政拨款支出": pass
    fa_sections[name] = obj(title, f"{title}的各行。", props)
fa_sections["一般公共预算财政拨款支出"] = obj("一般公共预算财政拨款支出", "合计与按功能分类的 类/款/项。", {
    "合计": {"$ref": "#/$defs/figure", "title": "合计", "description": "一般公共预算财政拨款支出合计（本年、上年、预算）。"},
    "类": {"type": "array", "title": "类", "description": "按结构说明的顺序列出，金额为 0 的类也列出（印为 0万元，占0%）。", "items": {"$ref": "#/$defs/subject"}}})
fa_sections["国有资产"] = obj("国有资产占有使用情况", "车辆与大型设备数量。", {c: dict(count, title=c, description=f"{c}（整数）。") for c in FA_COUNTS["国有资产"]})
final_accounts = {"$schema": "https://json-schema.org/draft/2020-12/schema",
    **obj("部门决算情况说明（reportgen/1）", "部门决算公开文档：原始决算数据与正文大纲；派生的数、句子和图表由程序生成。", {
        "title": text("标题", "文档标题，如 攀枝花市医疗保障局2021年度部门决算。"),
        "unit": {"type": "string", "enum": ["万元", "元"], "title": "金额单位", "description": "figures 中全部金额的单位，默认万元。"},
        "figures": obj("决算数据", "各部分的原始数（本年决算数、上年数、预算数）。", fa_sections),
        "acceptedSlips": {"type": "array", "title": "按原件印出的不一致", "description": "与各部分之和不符而必须照原件印出的数据路径（如 figures.收入.合计）：报告为警告而不是错误。",
                          "items": text("数据路径", "如 figures.一般公共预算财政拨款支出.类[4]。")},
        "body": {"type": "array", "title": "正文大纲", "description": "第一层为“部分”；正文可用标签 {{收入.合计}}、{{变动:收支总计}}、{{说明:收入}} 等。",
                 "items": {"$ref": "project.schema.json#/$defs/bodyNode"}},
    }, [], "schema"), "$defs": fa_defs}
package_props["finalAccounts"]["anyOf"] = [text("文件路径", "相对于报告包文件。"), {"$ref": "final-accounts.schema.json"}]

for name, schema in [("project.schema.json", project), ("package.schema.json", package), ("final-accounts.schema.json", final_accounts)]:
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        json.dump(schema, f, ensure_ascii=False, indent=2)
        f.write("\n")
