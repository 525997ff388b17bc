import Foundation
import JSONValue
import TextFormats

/// Walks a `JSONValue` and builds the model, reporting every problem it meets (wrong types,
/// missing fields, unknown keys with a suggestion, bad values) rather than stopping at one.
/// A value with a problem is left out; the caller treats the file as invalid.
enum DefinitionDecoder {
    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    // MARK: package

    /// What a package file says, as far as it decodes: its other files are checked in the same
    /// run even when `format`, `year` or `unit` has an error (nothing is generated then).
    struct PackageParts {
        var year: Int?
        var unit: UnitInfo?
        var finalAccounts: Embedded<AnyJSON>?
        var department: Embedded<DepartmentReport>?
        var projects: [ProjectReference]
        /// The whole definition, when every required part decoded.
        var definition: PackageDefinition?
    }

    static func package(_ node: Node) -> PackageParts? {
        guard let o = node.object() else { return nil }
        let format = o.required("format", "格式版本，应为 \"\(PackageDefinition.currentFormat)\"")?.string()
        if let format, format != PackageDefinition.currentFormat {
            o.context.report(.unsupportedFormat, PathSupport.member(o.path, "format"),
                             "不支持的格式版本「\(format)」；本程序读取 \"\(PackageDefinition.currentFormat)\"。")
        }
        let year = o.required("year", "年度，例如 2021")?.int(in: 1949...2200)
        let unit = o.required("unit", "单位信息")?.object().flatMap(unitInfo)
        let finalAccounts: Embedded<AnyJSON>?? = o.optional("finalAccounts").map { n in
            switch n.value {
            case .string: return n.string(nonEmpty: true).map { .file($0) }
            case .object: return .inline(AnyJSON(n.value))
            default: n.typeError("对象或文件路径"); return nil
            }
        }
        let department: Embedded<DepartmentReport>?? = o.optional("department").map { n in
            switch n.value {
            case .string: return n.string(nonEmpty: true).map { .file($0) }
            case .object: return departmentReport(n).map { .inline($0) }
            default: n.typeError("对象或文件路径"); return nil
            }
        }
        var projects: [ProjectReference] = []
        var items: [Node] = []
        if let list = o.required("projects", "项目列表：项目对象或相对路径（可用通配符）；没有它，项目文件无法读取和检查") {
            if case .array = list.value {
                items = list.array() ?? []
            } else {
                list.typeError("数组（项目对象或相对路径的列表，如 [\"projects/*.json\"]）", note: "项目文件因此未读取、未检查")
            }
        }
        for item in items {
            switch item.value {
            case .string: if let p = item.string(nonEmpty: true) { projects.append(.file(p)) }
            case .object: if let p = project(item) { projects.append(.inline(p)) }
            default: item.typeError("项目对象或文件路径")
            }
        }
        let templates = o.optional("templates")?.object().map { t in
            let result = TemplateOverrides(project: t.optional("project")?.string(nonEmpty: true),
                                           department: t.optional("department")?.string(nonEmpty: true),
                                           finalAccounts: t.optional("finalAccounts")?.string(nonEmpty: true))
            t.finish()
            return result
        }
        o.finish()
        var parts = PackageParts(year: year, unit: unit, finalAccounts: finalAccounts ?? nil,
                                 department: department ?? nil, projects: projects)
        if let format, let year, let unit {
            parts.definition = PackageDefinition(format: format, year: year, unit: unit,
                                                 finalAccounts: parts.finalAccounts, department: parts.department,
                                                 projects: projects, templates: templates)
        }
        return parts
    }

    /// A name holding zero-width characters (copied from a web page, WeChat or a PDF) looks
    /// like the name without them but is another text: printed into titles and file names, it
    /// makes two files that look the same and a name that searching for it does not find
    /// (W-DEF-032). Direction controls are E-DEF-103 already, for every text.
    static func unseenCharacters(in name: String?, key: String, what: String, printed: String, _ o: ObjectReader) {
        guard let name, !name.unicodeScalars.contains(where: UnseenCharacters.isDirectionControl) else { return }
        var names: [String] = []
        var seen = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            if let named = UnseenCharacters.names[scalar] {
                if !names.contains(named) { names.append(named) }
            } else {
                seen.append(scalar)
            }
        }
        guard !names.isEmpty else { return }
        o.context.report(.invisibleCharacterInName, PathSupport.member(o.path, key),
                         "\(what)「\(Node.quoted(name, 60))」中有看不见的字符（\(names.joined(separator: "、"))，多半是从网页、微信或 PDF 复制来的）："
                            + "它原样印入\(printed)，看起来与「\(Node.quoted(String(seen), 60))」相同，却是另一个名称（查找、比对时对不上）；请删去它。")
    }

    static func unitInfo(_ o: ObjectReader) -> UnitInfo? {
        let name = o.required("name", "单位全称")?.string(nonEmpty: true)
        unseenCharacters(in: name, key: "name", what: "单位名称", printed: "报告的填报单位、落款与输出目录名", o)
        let shortName = o.optional("shortName")?.string(nonEmpty: true)
        let code = o.optional("code")?.string(nonEmpty: true)
        let seal = o.optional("seal")?.string(nonEmpty: true)
        o.finish()
        guard let name else { return nil }
        return UnitInfo(name: name, shortName: shortName, code: code, seal: seal)
    }

    static func departmentReport(_ node: Node) -> DepartmentReport? {
        guard let o = node.object() else { return nil }
        let title = o.optional("title")?.string(nonEmpty: true)
        let body = o.required("body", "报告大纲")?.array().map { $0.compactMap(bodyNode) }
        // The 部门整体 self-evaluation is scored as a project is: the same fields, the same rules.
        let isScored = o.has("scoring") || o.has("indicators") || o.has("ippeScores")
        let scoring = o.optional("scoring").map { $0.oneOf(ScoringScheme.allCases.map { ($0.rawValue, $0) }, what: "评分方案") } ?? .mof2020
        let funds = o.optional("funds")?.array()?.compactMap(fund) ?? []
        let fields = ScoredFields(o)
        let evaluators = o.optional("evaluators")?.array()?.compactMap(evaluator) ?? []
        let filledOn = o.optional("filledOn")?.date()
        o.finish()
        guard let body else { return nil }
        if !isScored && (o.has("totalScore") || o.has("grade") || o.has("subtotals")) {
            o.context.report(.departmentScoreWithoutIndicators, o.path.isEmpty ? "totalScore" : PathSupport.member(o.path, "totalScore"),
                             "给出了部门整体的得分或等次，但没有 indicators（或 scoring）可据以计算；请补上指标，得分由程序计算并核对。")
        }
        var assessment: ProjectDefinition?
        if isScored, let scoring {
            assessment = ProjectDefinition(
                id: "department", name: title ?? "部门整体绩效", year: nil, unit: nil, department: nil, departmentCode: nil,
                implementer: nil, kind: nil, title: title, period: nil, scoring: scoring, funds: funds, goals: nil,
                budgetExecution: fields.budgetExecution, indicators: fields.indicators, ippeScores: fields.ippeScores,
                subtotals: fields.subtotals, totalScore: fields.totalScore, grade: fields.grade, targetSelfEvaluation: nil, targetFormTitle: nil, body: body,
                evaluators: evaluators, filledOn: filledOn)
        }
        return DepartmentReport(title: title, body: body, assessment: assessment)
    }

    /// The fields a self-evaluation is scored by, read alike for a project and for the 部门整体 report.
    struct ScoredFields {
        var budgetExecution: BudgetExecution?
        var indicators: [Indicator]
        /// Where each of `indicators` stands in the file's array (a bad one is left out).
        var indicatorIndices: [Int]
        var ippeScores: ScoreEntries?
        var subtotals: ScoreEntries?
        var totalScore: FormNumber?
        var grade: Grade?

        init(_ o: ObjectReader) {
            budgetExecution = o.optional("budgetExecution").flatMap(DefinitionDecoder.budgetExecution)
            let decoded = (o.optional("indicators")?.array() ?? []).enumerated().compactMap { i, node in
                DefinitionDecoder.indicator(node).map { (i, $0) }
            }
            indicators = decoded.map(\.1)
            indicatorIndices = decoded.map(\.0)
            ippeScores = o.optional("ippeScores").flatMap { DefinitionDecoder.scoreEntries($0, money: false) }
            subtotals = o.optional("subtotals").flatMap { DefinitionDecoder.scoreEntries($0, money: false) }
            totalScore = o.optional("totalScore")?.number(nonNegative: true)
            grade = o.optional("grade")?.oneOf(Grade.allCases.map { ($0.rawValue, $0) }, what: "等次")
        }
    }

    // MARK: project

    static func project(_ node: Node) -> ProjectDefinition? {
        guard let o = node.object() else { return nil }
        let before = o.context.errorCount
        let id = o.required("id", "项目标识，只含小写字母、数字和连字符")?.string(nonEmpty: true)
        if let id, !isValidID(id) {
            o.context.report(.badID, PathSupport.member(o.path, "id"),
                             "项目标识「\(Node.quoted(id, 60))」只能包含小写字母 a-z、数字 0-9 和连字符 -，例如 \"zhongdian-jiuzhu\"。"
                                + (UnseenCharacters.note(id) ?? ""))
        }
        let name = o.required("name", "项目名称")?.string(nonEmpty: true)
        unseenCharacters(in: name, key: "name", what: "项目名称", printed: "报告标题、汇总表与输出文件名", o)
        let year = o.optional("year")?.int(in: 1949...2200)
        let unit = o.optional("unit")?.string(nonEmpty: true)
        let department = o.optional("department")?.string(nonEmpty: true)
        let departmentCode = o.optional("departmentCode")?.string(nonEmpty: true)
        let implementer = o.optional("implementer")?.string(nonEmpty: true)
        let kind = o.optional("kind")?.string(nonEmpty: true)
        let title = o.optional("title")?.string(nonEmpty: true)
        let period = o.optional("period").flatMap(period)
        let scoringNode = o.optional("scoring")
        let scoring = scoringNode.map { $0.oneOf(ScoringScheme.allCases.map { ($0.rawValue, $0) }, what: "评分方案") } ?? .mof2020
        let funds = o.optional("funds")?.array()?.compactMap(fund) ?? []
        let goals = o.optional("goals")?.object().map { g in
            let result = Goals(period: g.optional("period")?.string(), annual: g.optional("annual")?.string(),
                               achieved: g.optional("achieved")?.string())
            g.finish()
            return result
        }
        let scored = ScoredFields(o)
        let targetSelfEvaluation = o.optional("targetSelfEvaluation")?.bool()
        let targetFormTitle = o.optional("targetFormTitle")?.string(nonEmpty: true)
        let bodyValue = o.optional("body")
        let body = bodyValue?.array()?.compactMap(bodyNode) ?? []
        if bodyValue == nil || bodyValue?.value == .array([]) {
            // Not an error (an imported skeleton has none yet), but the report would print its
            // title and the appended forms with no 正文 at all.
            o.context.report(.projectWithoutBody, PathSupport.member(o.path, "body"),
                             "项目没有正文（body \(bodyValue == nil ? "缺少" : "为空")）：《项目支出绩效自评报告》只有标题和所附的表，没有“一、项目基本情况”等说明文字。请按 docs/数据格式.md §2 写出 body（报告大纲）。")
        }
        let evaluators = o.optional("evaluators")?.array()?.compactMap(evaluator) ?? []
        let filledOn = o.optional("filledOn")?.date()
        o.finish()
        let after = o.context.errorCount
        guard after == before, let id, let name, let scoring else {
            // A wrong type or a missing field elsewhere stops the totals, but each indicator read
            // is still checked on its own (an unknown unit, a score above its weight): otherwise
            // those came only after the first problems were fixed and the file validated again.
            if let scoring, !scored.indicators.isEmpty {
                let partial = ProjectDefinition(
                    id: id ?? "", name: name ?? "", year: nil, unit: nil, department: nil, departmentCode: nil,
                    implementer: nil, kind: nil, title: nil, period: nil, scoring: scoring, funds: [], goals: nil,
                    budgetExecution: nil, indicators: scored.indicators, ippeScores: nil, subtotals: nil, totalScore: nil,
                    grade: nil, targetSelfEvaluation: nil, targetFormTitle: nil, body: [], evaluators: [], filledOn: nil)
                ProjectEvaluator(project: partial, base: o.path, context: o.context).checkIndicators(at: scored.indicatorIndices)
            }
            return nil
        }
        return ProjectDefinition(
            id: id, name: name, year: year, unit: unit, department: department, departmentCode: departmentCode,
            implementer: implementer, kind: kind, title: title, period: period, scoring: scoring, funds: funds,
            goals: goals, budgetExecution: scored.budgetExecution, indicators: scored.indicators, ippeScores: scored.ippeScores,
            subtotals: scored.subtotals, totalScore: scored.totalScore, grade: scored.grade, targetSelfEvaluation: targetSelfEvaluation, targetFormTitle: targetFormTitle,
            body: body, evaluators: evaluators, filledOn: filledOn)
    }

    static func period(_ node: Node) -> Period? {
        guard let o = node.object() else { return nil }
        let from = o.required("from", "开始日期 yyyy-mm-dd")?.date()
        let to = o.required("to", "结束日期 yyyy-mm-dd")?.date()
        o.finish()
        guard let from, let to else { return nil }
        if let a = FormDate(from), let b = FormDate(to), b < a {
            o.context.report(.badPeriod, o.path, "实施期结束日期 \(to) 早于开始日期 \(from)。")
            return nil
        }
        return Period(from: from, to: to)
    }

    static func fund(_ node: Node) -> Fund? {
        guard let o = node.object() else { return nil }
        let source = o.required("source", "资金来源，例如 财政资金、上年结转资金、其他资金")?.string(nonEmpty: true)
        let level = o.optional("level")?.oneOf(FundLevel.allCases.map { ($0.rawValue, $0) }, what: "资金级次")
        let initialBudget = o.optional("initialBudget")?.number(nonNegative: true, money: true)
        let annualBudget = o.optional("annualBudget")?.number(nonNegative: true, money: true)
        let received = o.optional("received")?.number(nonNegative: true, money: true)
        let executed = o.optional("executed")?.number(nonNegative: true, money: true)
        let unit = o.optional("unit")?.oneOf(MoneyUnit.allCases.map { ($0.rawValue, $0) }, what: "金额单位")
        o.finish()
        guard let source else { return nil }
        for key in ["initialBudget", "annualBudget", "received", "executed"] where o.has(key) {
            if (key == "initialBudget" && initialBudget == nil) || (key == "annualBudget" && annualBudget == nil)
                || (key == "received" && received == nil) || (key == "executed" && executed == nil) { return nil }
        }
        if o.has("level") && level == nil { return nil }
        if o.has("unit") && unit == nil { return nil }
        return Fund(source: source, level: level, initialBudget: initialBudget, annualBudget: annualBudget,
                    received: received, executed: executed, unit: unit)
    }

    static func budgetExecution(_ node: Node) -> BudgetExecution? {
        guard let o = node.object() else { return nil }
        let weight = o.required("weight", "预算执行率的分值，通常为 10")?.number(nonNegative: true)
        let target = o.optional("target")?.string(nonEmpty: true)
        let score = o.optional("score")?.number(nonNegative: true)
        let deviation = o.optional("deviation")?.string()
        o.finish()
        guard let weight else { return nil }
        return BudgetExecution(weight: weight, target: target, score: score, deviation: deviation)
    }

    static func indicator(_ node: Node) -> Indicator? {
        guard let o = node.object() else { return nil }
        let level1 = o.required("level1", "一级指标")?.string(nonEmpty: true)
        let level2 = o.required("level2", "二级指标")?.string(nonEmpty: true)
        let name = o.required("name", "三级指标")?.string(nonEmpty: true)
        let weight = o.optional("weight")?.number(nonNegative: true)
        let target = o.required("target", "年度指标值")?.text()
        let actual = o.required("actual", "实际完成值")?.text()
        let direction = o.optional("direction")?.oneOf(Direction.allCases.map { ($0.rawValue, $0) }, what: "指标方向")
        let score = o.optional("score")?.number(nonNegative: true)
        let deviation = o.optional("deviation")?.string()
        let unit = o.optional("unit")?.string(nonEmpty: true)
        o.finish()
        guard let level1, let level2, let name, let target, let actual else { return nil }
        if o.has("direction") && direction == nil { return nil }
        if o.has("weight") && weight == nil { return nil }
        if o.has("score") && score == nil { return nil }
        return Indicator(level1: level1, level2: level2, name: name, weight: weight, target: target, actual: actual,
                         direction: direction, score: score, deviation: deviation, unit: unit)
    }

    static func bodyNode(_ node: Node) -> BodyNode? {
        guard let o = node.object() else { return nil }
        let heading = o.optional("heading")?.string(nonEmpty: true)
        let item = o.optional("item")?.string(nonEmpty: true)
        if o.has("heading") && o.has("item") {
            o.context.report(.headingAndItem, o.path, "大纲节点不能同时有 heading（标题）和 item（编号段落）：二者择一。")
        }
        let text = o.optional("text")?.string()
        let table = o.optional("table")?.oneOf(TableKind.allCases.map { ($0.rawValue, $0) }, what: "表格类型")
        let level1 = o.optional("level1")?.string(nonEmpty: true)
        if level1 != nil && table == nil && o.has("level1") && !o.has("table") {
            o.context.report(.badValue, PathSupport.member(o.path, "level1"), "level1 只用于筛选表格（table）中的指标，此节点没有 table。")
        }
        let chartNode = o.optional("chart")
        var chart: AnyJSON?
        if let chartNode {
            if case .object = chartNode.value { chart = AnyJSON(chartNode.value) } else { chartNode.typeError("对象") }
        }
        let children = o.optional("children")?.array()?.compactMap(bodyNode)
        let numbering = o.optional("numbering")?.oneOf(BodyNode.numberingStyles.map { ($0, $0) }, what: "下级编号样式")
        o.finish()
        if heading == nil && item == nil && text == nil && table == nil && chart == nil && (children ?? []).isEmpty
            && !o.has("heading") && !o.has("item") && !o.has("text") && !o.has("table") && !o.has("chart") {
            o.context.report(.emptyText, o.path, "大纲节点为空：至少需要 heading、item、text、table、chart 或 children 之一。")
            return nil
        }
        if o.has("heading") && o.has("item") { return nil }
        return BodyNode(heading: heading, item: item, text: text, table: table, level1: level1, chart: chart, children: children,
                        numbering: numbering)
    }

    static func evaluator(_ node: Node) -> Evaluator? {
        guard let o = node.object() else { return nil }
        let name = o.required("name", "评价人员姓名")?.string(nonEmpty: true)
        let title = o.optional("title")?.string()
        let office = o.optional("office")?.string()
        let phone = o.optional("phone")?.string()
        o.finish()
        guard let name else { return nil }
        return Evaluator(name: name, title: title, office: office, phone: phone)
    }

    static func scoreEntries(_ node: Node, money: Bool) -> ScoreEntries? {
        guard let o = node.object() else { return nil }
        var entries: [(key: String, value: FormNumber)] = []
        for (key, value) in o.members.members where !key.hasPrefix("_") {
            let child = Node(value: value, path: PathSupport.member(o.path, key), context: o.context)
            if let number = child.number(nonNegative: true, money: money) { entries.append((key, number)) }
        }
        return ScoreEntries(entries)
    }
}
