import ErrorCodes
import Foundation

/// What `reportgen validate` prints: per project every computed figure, as a text table or as
/// JSON. Rates are percentages rounded to 2 decimals (216.23 means 216.23%), as on the forms.
public struct ValidationSummary: Sendable, Encodable {
    public struct IndicatorLine: Sendable, Encodable {
        public var level1: String
        public var level2: String
        public var name: String
        public var weight: Decimal?
        public var target: String
        public var actual: String
        /// Percent, 2 decimals; nil when not computable (qualitative, scheme none).
        public var rate: Decimal?
        public var score: Decimal?
        public var scoreGiven: Bool
    }

    public struct FundLine: Sendable, Encodable {
        public var source: String
        public var level: String?
        public var initialBudget: Decimal?
        public var annualBudget: Decimal?
        public var received: Decimal?
        public var executed: Decimal?
        public var balance: Decimal?
        public var receivedRate: Decimal?
        public var executionRate: Decimal?
        /// 全年预算, 实际到位, 全年执行, 资金结余 as the fund tables print them, each at its own
        /// precision (`FormFormat.money`); "—" when not given. Only the text listing uses them.
        var printed: [String] = []

        enum CodingKeys: String, CodingKey {
            case source, level, initialBudget, annualBudget, received, executed, balance, receivedRate, executionRate
        }
    }

    /// A 小计 row (the model itself is not Codable: `validate --json` writes these).
    public struct SubtotalLine: Sendable, Encodable {
        public var name: String
        public var weight: Decimal
        public var score: Decimal
    }

    public struct Project: Sendable, Encodable {
        public var id: String
        public var name: String
        public var file: String
        public var year: Int
        public var scoring: String
        public var fundUnit: String
        /// Fraction digits of the fund amounts as written.
        public var fundPlaces: Int
        public var funds: [FundLine]
        public var budgetExecutionRate: Decimal?
        public var budgetExecutionScore: Decimal?
        public var indicators: [IndicatorLine]
        public var subtotals: [SubtotalLine]
        public var totalWeight: Decimal?
        public var total: Decimal?
        public var grade: String?
    }

    public var file: String
    public var valid: Bool
    public var errors: Int
    public var warnings: Int
    public var problems: [DefinitionProblem]
    public var projects: [Project]
    /// The 部门整体 assessment, scored like a project, when the department report is scored.
    public var department: Project?
    /// The final accounts' standard sentences computed from the figures (名称 → 句子).
    public var finalAccounts: [Statement]

    public struct Statement: Sendable, Encodable {
        public var name: String
        public var text: String
    }

    public init(file: String, problems: [DefinitionProblem], projects: [LoadedProject], department: LoadedProject? = nil,
                finalAccounts: LoadedFinalAccounts? = nil, year: Int = 0) {
        self.file = file
        self.problems = problems
        errors = problems.filter(\.isError).count
        warnings = problems.count - errors
        valid = errors == 0
        self.projects = projects.map(ValidationSummary.project)
        self.department = department.map(ValidationSummary.project)
        let statements = finalAccounts.map { AccountStatements(figures: $0.definition.figures, year: year) }
        self.finalAccounts = AccountStatements.names.compactMap { name in
            guard let statements, let text = try? statements.statement(name) else { return nil }
            return Statement(name: name, text: text)
        }
    }

    static func percent(_ ratio: Decimal?) -> Decimal? { ratio.map { FormFormat.round($0 * 100, places: 2) } }

    static func project(_ loaded: LoadedProject) -> Project {
        let e = loaded.evaluation
        // Figures are in 万元 whatever unit the data used (元 converted exactly).
        let places = e.funds.places
        func money(_ d: FormNumber?) -> Decimal? { d.map { FormFormat.round($0.value, places: places) } }
        func line(_ l: FundLineFigures, _ label: String? = nil) -> FundLine {
            FundLine(source: label ?? l.source, level: l.level?.rawValue, initialBudget: money(l.figures.initialBudget),
                     annualBudget: money(l.figures.annualBudget), received: money(l.figures.received),
                     executed: money(l.figures.executed), balance: money(l.figures.balance),
                     receivedRate: percent(l.figures.receivedRate), executionRate: percent(l.figures.executionRate),
                     printed: [l.figures.annualBudget, l.figures.received, l.figures.executed, l.figures.balance]
                        .map { $0.map(FormFormat.money) ?? "—" })
        }
        var funds = e.funds.lines.map { line($0) }
        if e.funds.sources.count > 1 || e.funds.lines.count > 1 {
            funds += e.funds.sources.filter { s in e.funds.lines.filter { $0.source == s.source }.count > 1 }
                .map { line($0, $0.source + "小计") }
        }
        funds.append(line(FundLineFigures(source: "合计", level: nil, figures: e.funds.total)))
        return Project(
            id: e.id, name: e.name, file: loaded.file, year: loaded.year, scoring: e.scoring.rawValue,
            fundUnit: MoneyUnit.wanYuan.rawValue, fundPlaces: places,
            funds: funds,
            budgetExecutionRate: percent(e.budgetExecution?.rate),
            budgetExecutionScore: e.scoring == .mof2020 ? e.budgetExecution?.score : nil,
            indicators: e.indicators.map {
                IndicatorLine(level1: $0.level1, level2: $0.level2, name: $0.name, weight: $0.weight, target: $0.target,
                              actual: $0.actual, rate: percent($0.completionRate), score: $0.score, scoreGiven: $0.scoreGiven)
            },
            subtotals: (e.scoresheet?.subtotals ?? []).map { SubtotalLine(name: $0.name, weight: $0.weight, score: $0.score) }, totalWeight: e.scoresheet?.totalWeight,
            // 等次 is a band of 100 points: a sheet out of 10 (an import skeleton, W-DEF-030) has none,
            // as its 自评表 and the 汇总表 print “—” (`Scoresheet.isOutOf100`).
            total: e.scoresheet?.total, grade: e.scoresheet.flatMap { $0.isOutOf100 ? $0.grade.rawValue : nil })
    }

    /// Pretty JSON with keys sorted (the same bytes on every platform) and numbers as exact decimals.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self), let text = String(data: data, encoding: .utf8) else { return "{}" }
        return text
    }

    /// The human-readable listing: problems first, then a table per project.
    public func text() -> String { problemText() + resultText() }

    /// Every problem, one line each, and the verdict when there are errors: what `validate`
    /// prints on standard error, as `package` prints its problems.
    public func problemText() -> String {
        var out: [String] = []
        for problem in problems { out.append((problem.isError ? "错误 " : "警告 ") + problem.description) }
        if !valid { out.append("校验未通过：\(errors) 个错误，\(warnings) 个警告。") }
        return out.isEmpty ? "" : out.joined(separator: "\n") + "\n"
    }

    /// The computed figures of a valid definition, a table per project, and the verdict:
    /// standard output, the result a user may keep (`validate … > 结果.txt`). Empty when invalid.
    public func resultText() -> String {
        guard valid else { return "" }
        var out: [String] = []
        for p in projects {
            out.append("")
            out.append("项目：\(p.name)（\(p.id)）  年度 \(p.year == 0 ? "未知" : String(p.year))  评分方案 \(p.scoring)  文件 \(p.file)")
            out.append("  资金（\(p.fundUnit)）：来源 | 全年预算 | 实际到位 | 全年执行 | 资金结余 | 预算到位率 | 预算执行率")
            for f in p.funds {
                let name = f.source + (f.level.map { " " + $0 } ?? "")
                out.append("    \(name) | " + f.printed.joined(separator: " | ") + " | \(r(f.receivedRate)) | \(r(f.executionRate))")
            }
            if let rate = p.budgetExecutionRate {
                out.append("  预算执行率 \(r(rate))" + (p.budgetExecutionScore.map { "  得分 \(FormFormat.score($0))" } ?? ""))
            }
            if !p.indicators.isEmpty {
                out.append("  指标：一级 | 二级 | 三级 | 分值 | 目标值 | 实际值 | 完成率 | 得分")
                for i in p.indicators {
                    let score = i.score.map { FormFormat.score($0) + (i.scoreGiven ? "（给定）" : "") } ?? "—"
                    out.append("    \(i.level1) | \(i.level2) | \(i.name) | \(i.weight.map(FormFormat.score) ?? "—") | \(i.target) | \(i.actual) | \(r(i.rate)) | \(score)")
                }
            }
            for s in p.subtotals {
                out.append("  小计 \(s.name)：\(FormFormat.score(s.score)) / \(FormFormat.score(s.weight))")
            }
            if let total = p.total, let weight = p.totalWeight {
                out.append("  合计：\(FormFormat.score(total)) / \(FormFormat.score(weight))  等次：\(p.grade ?? "—（分值合计不是 100，没有等次）")")
            }
        }
        if let d = department, let total = d.total, let weight = d.totalWeight {
            out.append("")
            out.append("部门整体：\(d.name)  评分方案 \(d.scoring)  合计：\(FormFormat.score(total)) / \(FormFormat.score(weight))  等次：\(d.grade ?? "—（分值合计不是 100，没有等次）")")
        }
        if !finalAccounts.isEmpty {
            out.append("")
            out.append("部门决算（由数据计算的说明）：")
            for statement in finalAccounts {
                out.append("  \(statement.name)：" + statement.text.replacingOccurrences(of: "\n", with: "\n    "))
            }
        }
        out.append("")
        out.append("校验通过：\(projects.count) 个项目，\(warnings) 个警告。")
        return out.joined(separator: "\n") + "\n"
    }

    private func r(_ d: Decimal?) -> String { d.map { FormFormat.fixed($0, places: 2) + "%" } ?? "—" }
}

extension ValidationSummary {
    /// Loads `path` (package or project) and summarises; never throws.
    /// `checks` adds problems found outside this target (charts are checked by ReportKit).
    public static func validate(path: String, checks: (LoadedDefinition) -> [DefinitionProblem] = { _ in [] }) -> ValidationSummary {
        do {
            let loaded = try DefinitionLoader.load(path: path)
            let extra = checks(loaded)
            let failed = extra.contains(where: \.isError)
            var department: LoadedProject?
            var finalAccounts: LoadedFinalAccounts?
            var year = 0
            if case .package(let package) = loaded, !failed {
                department = package.departmentAssessment
                finalAccounts = package.finalAccounts
                year = package.definition.year
            }
            var summary = ValidationSummary(file: path, problems: extra + loaded.warnings, projects: failed ? [] : loaded.projects,
                                            department: department, finalAccounts: finalAccounts, year: year)
            for i in summary.projects.indices {
                if case .package(let package) = loaded {
                    summary.projects[i].file = package.shown(file: summary.projects[i].file)
                } else {
                    summary.projects[i].file = ShownPath.shown(summary.projects[i].file)
                }
            }
            return summary
        } catch {
            return ValidationSummary(file: path, problems: error.problems, projects: [])
        }
    }
}
