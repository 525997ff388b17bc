import Foundation
import JSONValue

/// Computes a project's figures and reports what the rules find (mismatched totals, units that
/// do not agree, missing scores). Problems carry the project's path (`projects[2].…` inline).
struct ProjectEvaluator {
    let project: ProjectDefinition
    let base: String
    let context: DecodingContext

    private func path(_ parts: String...) -> String {
        parts.reduce(base) { p, part in
            if part.hasPrefix("[") { return p + part }
            return PathSupport.member(p, part)
        }
    }

    private func s(_ d: Decimal) -> String { FormFormat.score(d) }

    func evaluate() -> ProjectEvaluation? {
        let errorsBefore = context.errorCount
        let funds = fundBlock()
        var budget: BudgetExecutionFigures?
        var sheet: Scoresheet?
        let indicators = indicatorFigures()

        switch project.scoring {
        case .mof2020:
            budget = budgetExecution(funds: funds, scored: true)
            if let budget { sheet = mofScoresheet(budget: budget, indicators: indicators) }
        case .none:
            if let b = funds.total.annualBudget, b.value > 0, funds.total.executed != nil {
                budget = budgetExecution(funds: funds, scored: false)
            }
        case .ippe:
            if project.budgetExecution != nil {
                context.report(.notApplicableToScheme, path("budgetExecution"),
                               "ippe 方案的预算执行率是「资金落实/预算执行率」子项，由资金计算；请删除 budgetExecution。")
            }
            sheet = ippeScoresheet(funds: funds)
        }
        if project.scoring != .ippe, project.ippeScores != nil {
            context.report(.notApplicableToScheme, path("ippeScores"),
                           "ippeScores 只用于 \"scoring\": \"ippe\"；本项目的评分方案是 \(project.scoring.rawValue)。")
        }
        if project.scoring == .none {
            for (key, value) in [("totalScore", project.totalScore != nil), ("grade", project.grade != nil),
                                 ("subtotals", project.subtotals != nil)] where value {
                context.report(.notApplicableToScheme, path(key), "评分方案 none 不打分，不能给出 \(key)。")
            }
        }
        if let sheet {
            checkGiven(sheet)
            BodyScores.check(project.body, sheet: sheet, path: path("body"), context: context)
        }
        // ippe's own 预算执行率 is 执行数 ÷ 到位数; a body may mean either, so only mof-2020/none.
        if project.scoring != .ippe, let rate = funds.total.executionRate {
            BodyRates.check(project.body, rate: rate, path: path("body")) { context.report(.bodyRateDiffers, $0, $1) }
        }
        BodyAmounts.check(project.body, funds: funds, path: path("body")) { context.report(.bodyAmountDiffers, $0, $1) }
        BodyTableFilter.check(project.body, scoring: project.scoring, indicators: project.indicators.map(\.level1), path: path("body")) {
            context.report(.tableLevel1Unknown, $0, $1)
        }
        let errorsAfter = context.errorCount
        guard errorsAfter == errorsBefore else { return nil }
        return ProjectEvaluation(id: project.id, name: project.name, scoring: project.scoring, funds: funds,
                                 budgetExecution: budget, indicators: indicators, scoresheet: sheet,
                                 appendix: appendix(funds: funds))
    }

    // MARK: appended forms

    func appendix(funds: FundBlock) -> Appendix {
        func places(_ kinds: Set<TableKind>, _ nodes: [BodyNode]) -> Bool {
            nodes.contains { node in (node.table.map(kinds.contains) ?? false) || places(kinds, node.children ?? []) }
        }
        let target = project.targetSelfEvaluation == true
        let hasAmounts = funds.lines.contains(where: { $0.figures.hasAmounts })
        var fundsForm = !places([.funds, .fundsSummary], project.body)
        if fundsForm, !hasAmounts {
            fundsForm = false
            context.report(.formNotAppended, path("funds"),
                           "项目没有任何资金数额，报告不附《项目资金情况表》（空表）。")
        }
        // Seed 002 prints its indicator tables in the body and still attaches the 自评表;
        // the 特定目标类 form replaces it where it is attached.
        var sheet = !places([.scoresheet], project.body) && !target
        if sheet, project.scoring == .none, project.indicators.isEmpty {
            sheet = false
            context.report(.sheetNotAppended, path("indicators"),
                           "项目没有绩效指标（不评分），报告不附《项目支出绩效自评表》（空表）；单独的自评表只列资金情况。")
        }
        // The same rule for the standalone 自评表: an unscored project without any amount or
        // indicator would print an empty form (scored ones always have rows and a 合计).
        let sheetFile = project.scoring != .none || hasAmounts || !project.indicators.isEmpty
        if !sheetFile {
            context.report(.sheetFileNotWritten, path("indicators"),
                           "项目既没有资金数额也没有绩效指标，不生成单独的《项目支出绩效自评表》（DOCX 与 CSV，空表）。")
        }
        return Appendix(funds: fundsForm, sheet: sheet, target: target, sheetFile: sheetFile)
    }

    // MARK: funds

    /// 万元 amounts from this on (10 亿元) are taken for 元 typed without `"unit": "元"`: a
    /// county unit's project is a few 万元 to a few thousand, and its 元 figures have six digits
    /// or more. Said once per fund line, at its largest amount; a real 10 亿 line just reads it.
    static let yuanSlipThreshold: Decimal = 100_000

    func yuanSlip(_ fund: Fund, at i: Int) {
        // A given 合计 line is the sum of lines warned about already: one slip, one warning.
        guard (fund.unit ?? .wanYuan) == .wanYuan, !fund.isGivenTotal else { return }
        let amounts = [("initialBudget", fund.initialBudget), ("annualBudget", fund.annualBudget),
                       ("received", fund.received), ("executed", fund.executed)]
        guard let (key, largest) = amounts.compactMap({ key, value in value.map { (key, $0) } })
                .max(by: { $0.1.value < $1.1.value }),
              largest.value >= Self.yuanSlipThreshold else { return }
        let tenThousandths = FormFormat.money(FormNumber(largest.value / 10_000))
        context.report(.amountLooksLikeYuan, path("funds", "[\(i)]", key),
                       "金额 \(FormFormat.money(largest)) 按万元（缺省单位）是 \(tenThousandths) 亿元，对一个项目少见。",
                       remedy: .yuanUnit(amount: FormFormat.money(largest), wan: tenThousandths))
    }

    /// Lines with amounts of which some give `received` and some do not (scored projects; a
    /// `none` project copies what its original printed). Said once, at the first line without.
    func receivedPartly(total: FundFigures) {
        guard project.scoring != .none, let received = total.received else { return }
        let lines = project.funds.enumerated().filter { !$0.element.isGivenTotal }
        let given = lines.filter { $0.element.received != nil }.count
        guard given > 0, let missing = lines.first(where: { fund in
            fund.element.received == nil && (fund.element.annualBudget != nil || fund.element.executed != nil)
        }) else { return }
        // The total's own 资金结余 and 预算到位率 (`FundFigures`), as the form prints them.
        var effects: [String] = []
        if let balance = total.balance { effects.append("资金结余（\(FormFormat.money(balance))）") }
        if let rate = total.receivedRate { effects.append("预算到位率（\(FormFormat.rate(rate))）") }
        let name = missing.element.source + (missing.element.level.map { "（\($0.rawValue)）" } ?? "")
        context.report(.fundsReceivedPartly, path("funds", "[\(missing.offset)]", "received"),
                       "资金条目「\(name)」没有实际到位数（received），而另外 \(given) 个条目有：合计的实际到位数只计入填有的条目（\(FormFormat.money(received))），"
                       + "资金表合计的\(effects.joined(separator: "与"))由部分资金得出。", remedy: .receivedOnEveryLine)
    }

    func fundBlock() -> FundBlock {
        let units = project.funds.map { $0.unit ?? .wanYuan }
        let unit = units.first ?? .wanYuan
        for (i, fund) in project.funds.enumerated() where (fund.unit ?? .wanYuan) != unit {
            context.report(.mixedFundUnits, path("funds", "[\(i)]", "unit"),
                           "资金单位不一致：funds[0] 为\(unit.rawValue)，这里为\((fund.unit ?? .wanYuan).rawValue)。同一项目的资金表只能用一种单位，请统一换算。")
        }
        var places = 0
        var lines: [FundLineFigures] = []
        var givenTotals: [(Int, Fund, FundFigures)] = []
        for (i, fund) in project.funds.enumerated() {
            // Every amount in the forms' unit from here on: 元 converted exactly, never mixed.
            var figures = FundFigures(initialBudget: wan(fund.initialBudget, fund), annualBudget: wan(fund.annualBudget, fund),
                                      received: wan(fund.received, fund), executed: wan(fund.executed, fund))
            if !fund.isGivenTotal, !figures.hasAmounts {
                // A source named without any amount: unknown, not zero and not absent.
                figures = .unlistedShare
                if project.scoring == .none {
                    let name = fund.source + (fund.level.map { "（\($0.rawValue)）" } ?? "")
                    context.report(.fundAmountsUnlisted, path("funds", "[\(i)]"),
                                   "资金条目「\(name)」没有任何金额：按“有此资金、金额未列”处理，表中印“—”；含它的合计（资金表合计、自评表年度资金总额、汇总表）无法得出，也印“—”，不以其余条目之和充作合计。")
                }
            }
            places = max(places, [figures.initialBudget, figures.annualBudget, figures.received, figures.executed]
                .compactMap { $0?.scale }.max() ?? 0)
            if project.scoring != .none {
                for (key, value) in [("annualBudget", fund.annualBudget), ("executed", fund.executed)] where value == nil {
                    context.report(.missingField, path("funds", "[\(i)]", key),
                                   "评分方案 \(project.scoring.rawValue) 需要每个资金条目的 \(key)（\(key == "executed" ? "全年执行数" : "全年预算数")）；只有 none 方案可以省略。")
                }
            }
            yuanSlip(fund, at: i)
            if let level = fund.level, !FundBlock.fiscalSources.contains(fund.source) {
                // The 级次 columns and {{资金:省级.…}} are 财政资金 by level (FundBlock.figures(level:)):
                // a level on another source was kept in the listing yet printed nowhere.
                context.report(.levelOutsideFiscalFunds, path("funds", "[\(i)]", "level"),
                               "资金级次「\(level.rawValue)」只用于财政资金（source 为 财政资金 或 财政拨款）："
                               + "「\(fund.source)」的金额不计入资金表的\(level.rawValue)一列与 {{资金:\(level.rawValue).…}}。"
                               + "这笔钱是\(level.rawValue)财政资金的，把 source 改为「财政资金」；否则删去 level。")
            }
            if fund.isGivenTotal { givenTotals.append((i, fund, figures)); continue }
            lines.append(FundLineFigures(source: fund.source, level: fund.level, figures: figures))
            if let received = fund.received, let budget = fund.annualBudget, received.value > budget.value {
                context.report(.fundsInconsistent, path("funds", "[\(i)]", "received"),
                               "实际到位 \(FormFormat.money(received)) 大于全年预算 \(FormFormat.money(budget))，请核对。")
            }
            if let executed = fund.executed, let ceiling = fund.received ?? fund.annualBudget, executed.value > ceiling.value {
                context.report(.fundsInconsistent, path("funds", "[\(i)]", "executed"),
                               "全年执行 \(FormFormat.money(executed)) 大于\(fund.received == nil ? "全年预算" : "实际到位") \(FormFormat.money(ceiling))，请核对。")
            }
        }
        var sourceOrder: [String] = []
        for line in lines where !sourceOrder.contains(line.source) { sourceOrder.append(line.source) }
        let sources = sourceOrder.map { source in
            FundLineFigures(source: source, level: nil,
                            figures: FundFigures.sum(lines.filter { $0.source == source }.map(\.figures)))
        }
        let total = FundFigures.sum(lines.map(\.figures))
        receivedPartly(total: total)
        // A total over an unlisted share is unknown: a given 合计 cannot be checked against it.
        for (i, given, written) in givenTotals where !total.unlisted {
            let pairs: [(String, FormNumber?, FormNumber?)] = [
                ("initialBudget", written.initialBudget, total.initialBudget),
                ("annualBudget", written.annualBudget, total.annualBudget),
                ("received", written.received, total.received),
                ("executed", written.executed, total.executed),
            ]
            // The column as the form names it: an imported sheet's reader knows no `annualBudget`.
            let columns = ["initialBudget": "年初预算数", "annualBudget": "全年预算数", "received": "实际到位数", "executed": "全年执行数"]
            for (key, written, computed) in pairs {
                guard let written else { continue }
                let expected = computed?.value ?? 0
                if FormFormat.round(written.value, places: places) != FormFormat.round(expected, places: places) {
                    context.report(.fundTotalMismatch, path("funds", "[\(i)]", key),
                                   "「\(given.source)」的\(columns[key] ?? key)（\(key)）写为 \(FormFormat.money(written)) 万元，但各资金来源之和为 \(FormFormat.money(expected, places: max(places, 2))) 万元。合计由程序计算，请核对这个合计或各来源的数（JSON 中也可删除这个合计条目）。")
                }
            }
        }
        return FundBlock(unit: unit, places: places, lines: lines, sources: sources, total: total)
    }

    private func wan(_ amount: FormNumber?, _ fund: Fund) -> FormNumber? {
        amount.map { FormRules.toWanYuan($0, from: fund.unit ?? .wanYuan) }
    }

    // MARK: budget execution

    func budgetExecution(funds: FundBlock, scored: Bool) -> BudgetExecutionFigures? {
        let weight = project.budgetExecution?.weight.value ?? 10
        guard let executed = funds.total.executed, let annualBudget = funds.total.annualBudget,
              let rate = FormRules.budgetExecutionRate(executed: executed.value, annualBudget: annualBudget.value) else {
            if scored {
                context.report(.noBudget, path("funds"),
                               "无法计算预算执行率：全年预算数合计为 0 或没有资金。请在 funds 中填写 annualBudget 与 executed。")
            }
            return nil
        }
        let computed = FormRules.budgetExecutionScore(weight: weight, rate: rate)
        var score = computed
        if scored, let given = project.budgetExecution?.score?.value {
            if given > weight {
                context.report(.scoreOutOfRange, path("budgetExecution", "score"), "得分 \(s(given)) 超过分值 \(s(weight))。")
            } else if given != computed {
                context.report(.scoreDiffers, path("budgetExecution", "score"),
                               "给出的预算执行得分 \(s(given)) 与按预算执行率 \(FormFormat.rate(rate)) 计算的 \(s(computed)) 不同；采用给出的得分。")
            }
            score = given
        }
        let deviation = project.budgetExecution?.deviation
        if scored, rate < Decimal(sign: .plus, exponent: -1, significand: 9), (deviation ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            context.report(.budgetExecutionWithoutDeviation, path(project.budgetExecution == nil ? "funds" : "budgetExecution"),
                           "预算执行率 \(FormFormat.rate(rate)) 低于 90%，", remedy: .budgetDeviation)
        }
        return BudgetExecutionFigures(weight: weight, target: project.budgetExecution?.target ?? "100%", rate: rate,
                                      computedScore: computed, score: score, deviation: deviation)
    }

    // MARK: indicators

    func indicatorFigures() -> [IndicatorFigures] {
        project.indicators.enumerated().map { i, indicator in figures(of: indicator, at: i) }
    }

    /// Each indicator on its own, at its index in the file, when the project cannot be
    /// evaluated as a whole (`DefinitionDecoder.project` found other errors).
    func checkIndicators(at indices: [Int]) {
        for (indicator, i) in zip(project.indicators, indices) { _ = figures(of: indicator, at: i) }
    }

    private func figures(of indicator: Indicator, at i: Int) -> IndicatorFigures {
        let here = path("indicators", "[\(i)]")
        let scored = project.scoring == .mof2020
        // ippe files its sub-items under 投入/过程/产出/效果, not the forms' 一级指标.
        if project.scoring != .ippe, let expected = IndicatorLevels.misfiled(level1: indicator.level1, level2: indicator.level2) {
            context.report(.indicatorUnderWrongLevel1, PathSupport.member(here, "level1"),
                           "二级指标「\(indicator.level2)」属于\(expected)，一级指标却为「\(indicator.level1)」（表中合并的一级指标格是否多盖了几行？）。")
        }
        let weight = indicator.weight?.value
        if scored, weight == nil {
            context.report(.weightRequired, PathSupport.member(here, "weight"),
                           "评分方案 mof-2020 的每个指标都需要 weight（分值）。")
        }
        let given = indicator.score?.value
        if let given, let weight, given > weight {
            context.report(.scoreOutOfRange, PathSupport.member(here, "score"), "得分 \(s(given)) 超过分值 \(s(weight))。")
        }
        if !scored, given != nil, project.scoring == .none {
            context.report(.notApplicableToScheme, PathSupport.member(here, "score"), "评分方案 none 不打分，请删除 score。")
        }
        var rate: Decimal?
        var computed: Decimal?
        var quantitative = false
        let label = "「\(indicator.name)」"
        switch FormRules.completionRate(target: indicator.target, actual: indicator.actual,
                                        direction: indicator.direction, unit: indicator.unit) {
        case .success(let r):
            rate = r
            quantitative = true
            if let weight { computed = FormRules.indicatorScore(weight: weight, completionRate: r) }
            if scored, let given, let computed, given != computed {
                context.report(.scoreDiffers, PathSupport.member(here, "score"),
                               "\(label)给出的得分 \(s(given)) 与按完成率 \(FormFormat.rate(r)) 计算的得分 \(s(computed)) 不同；采用给出的得分。")
            }
            if project.scoring != .none, FormRules.needsDeviationExplanation(completionRate: r),
               (indicator.deviation ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                context.report(.rateWithoutDeviation, PathSupport.member(here, "deviation"),
                               "\(label)完成率 \(FormFormat.rate(r)) 低于 90% 或高于 130%，", remedy: .indicatorDeviation)
            }
        case .failure(let problem):
            let sameText = IndicatorValue.normalize(indicator.target) == IndicatorValue.normalize(indicator.actual)
            if let given {
                if let weight, weight > 0 { rate = given / weight }
                if scored, problem != .qualitative, problem != .actualIsRange {
                    context.report(.oddValueWithGivenScore, here, "\(label)" + describe(problem, indicator) + "；已采用给出的得分，请核对目标值与实际值。")
                }
            } else if sameText && !indicator.target.trimmingCharacters(in: .whitespaces).isEmpty {
                // Documented rule: a qualitative actual identical to its target is fully met.
                rate = 1
                if let weight { computed = weight }
            } else if scored {
                switch problem {
                case .qualitative, .actualIsRange:
                    context.report(.qualitativeWithoutScore, here,
                                   "\(label)是定性指标（目标值「\(indicator.target)」，实际值「\(indicator.actual)」），无法计算完成率；请加上 \"score\": 得分（不超过分值 \(weight.map(s) ?? "?")）。")
                case .unknownUnit:
                    context.report(.unknownUnit, here, "\(label)" + describe(problem, indicator) + "；请改用已知单位（人、人次、件、页、万元、%、天……，全部见 docs/数据格式.md §3.1），或给出 \"score\": 得分（不超过分值 \(weight.map(s) ?? "?")）。")
                case .incompatibleUnits:
                    context.report(.incompatibleUnits, here, "\(label)" + describe(problem, indicator) + "；请统一单位，或给出 score。")
                case .tooManyDigits(let literal):
                    // The side that holds it, so the path leads to the value to mend.
                    let side = IndicatorValue.parse(indicator.target) == .tooManyDigits(literal) ? "target" : "actual"
                    context.report(.badNumber, PathSupport.member(here, side),
                                   "\(label)" + describe(problem, indicator) + "：请核对是否多打了数字。")
                }
            } else if case .incompatibleUnits = problem {
                context.report(.oddValueWithGivenScore, here, "\(label)" + describe(problem, indicator) + "，无法计算完成率。")
            }
        }
        let score = scored || project.scoring == .ippe ? (given ?? computed) : nil
        return IndicatorFigures(level1: indicator.level1, level2: indicator.level2, name: indicator.name,
                                weight: weight, target: indicator.target, actual: indicator.actual,
                                direction: indicator.direction, completionRate: rate,
                                computedScore: scored ? computed : nil, score: score, scoreGiven: given != nil,
                                quantitative: quantitative, deviation: indicator.deviation)
    }

    private func describe(_ problem: FormRules.RateProblem, _ indicator: Indicator) -> String {
        switch problem {
        case .qualitative, .actualIsRange: return "的目标值「\(indicator.target)」或实际值「\(indicator.actual)」不是可计算的数量"
        case .unknownUnit(let u): return "含无法识别的计量单位「\(u)」（目标值「\(indicator.target)」，实际值「\(indicator.actual)」）"
        case .tooManyDigits(let literal):
            let side = IndicatorValue.parse(indicator.target) == .tooManyDigits(literal) ? "目标值" : "实际值"
            let value = side == "目标值" ? indicator.target : indicator.actual
            return "的\(side)「\(Node.quoted(value, 40))」中的数有 \(literal.filter(\.isNumber).count) 位数字，"
                + "超过 reportgen 能精确计算的 \(IndicatorValue.maximumDigits) 位，无法计算完成率"
        case .incompatibleUnits(let t, let a):
            return "的目标值单位「\(t.text)」与实际值单位「\(a.text)」不一致（目标值「\(indicator.target)」，实际值「\(indicator.actual)」），不能换算"
        }
    }

    // MARK: scoresheets

    func mofScoresheet(budget: BudgetExecutionFigures, indicators: [IndicatorFigures]) -> Scoresheet? {
        var rows = [ScoresheetRow(level1: "预算执行指标", level2: "预算执行指标", name: "预算执行率", weight: budget.weight,
                                  target: budget.target, actual: FormFormat.rate(budget.rate), completionRate: budget.rate,
                                  score: budget.score, computed: project.budgetExecution?.score == nil,
                                  deviation: budget.deviation)]
        for figure in indicators {
            guard let weight = figure.weight, let score = figure.score else { return nil }
            rows.append(ScoresheetRow(level1: figure.level1, level2: figure.level2, name: figure.name, weight: weight,
                                      target: figure.target, actual: figure.actual, completionRate: figure.completionRate,
                                      score: score, computed: !figure.scoreGiven, deviation: figure.deviation))
        }
        let totalWeight = rows.map(\.weight).reduce(0, +)
        if indicators.isEmpty {
            // A skeleton (`import --projects` writes one per project of a list): not a form yet.
            context.report(.indicatorsToBeAdded, path("indicators"),
                           "还没有绩效指标：自评表只有预算执行一行（分值 \(s(totalWeight))），总分与等次要在补全指标、分值合计为 \(s(FormRules.mofTotalWeight)) 后才有意义。")
        } else if totalWeight != FormRules.mofTotalWeight {
            context.report(.weightsNotFormTotal, path("indicators"),
                           "分值合计为 \(s(totalWeight))（预算执行 \(s(budget.weight)) + 指标 \(s(totalWeight - budget.weight))），"
                           + "绩效自评表要求 \(s(FormRules.mofTotalWeight))：总分与等次按满分 100 计，请调整各指标的分值（weight）。")
        }
        return sheet(rows: rows, totalWeight: totalWeight)
    }

    private func sheet(rows: [ScoresheetRow], totalWeight: Decimal) -> Scoresheet {
        var order: [String] = []
        for row in rows where !order.contains(row.level1) { order.append(row.level1) }
        let subtotals = order.map { name in
            let group = rows.filter { $0.level1 == name }
            return Subtotal(name: name, weight: group.map(\.weight).reduce(0, +), score: FormRules.subtotal(group.map(\.score)))
        }
        let total = FormRules.subtotal(rows.map(\.score))
        return Scoresheet(scheme: project.scoring, rows: rows, subtotals: subtotals, totalWeight: totalWeight,
                          total: total, grade: FormRules.grade(totalScore: total))
    }

    func ippeScoresheet(funds: FundBlock) -> Scoresheet? {
        let given = project.ippeScores ?? ScoreEntries()
        let keys = IppeScheme.items.map(\.key)
        for (key, _) in given.entries where !keys.contains(key) {
            var message = "「\(key)」不是 ippe 方案的子项；键应写成「二级指标/三级指标」。"
            if let guess = Suggestion.closest(to: key, in: keys) { message += "是否应为「\(guess)」？" }
            context.report(.ippeUnknownItem, path("ippeScores", key), message)
        }
        let missing = IppeScheme.items.filter { given[$0.key] == nil && !IppeScheme.computedKeys.contains($0.key) }.map(\.key)
        if !missing.isEmpty {
            context.report(.ippeMissingItem, path("ippeScores"),
                           "缺少以下子项的得分：\(missing.joined(separator: "、"))。")
        }
        var rows: [ScoresheetRow] = []
        let total = funds.total
        for item in IppeScheme.items {
            var rate: Decimal?
            if item.key == IppeScheme.fundsInPlaceKey, let received = total.received, let budget = total.annualBudget {
                rate = FormRules.ippeFundsInPlaceRate(received: received.value, annualBudget: budget.value)
            } else if item.key == IppeScheme.budgetExecutionKey, let received = total.received, let executed = total.executed {
                rate = FormRules.ippeBudgetExecutionRate(executed: executed.value, received: received.value)
            }
            let computed = rate.map { FormRules.ippeItemScore(weight: item.weight, rate: $0) }
            var score = given[item.key]?.value
            if let g = score, g > item.weight {
                context.report(.scoreOutOfRange, path("ippeScores", item.key), "得分 \(s(g)) 超过分值 \(s(item.weight))。")
            }
            if IppeScheme.computedKeys.contains(item.key) {
                if let g = score, let computed, g != computed {
                    context.report(.scoreDiffers, path("ippeScores", item.key),
                                   "给出的「\(item.key)」得分 \(s(g)) 与按资金计算的 \(s(computed)) 不同；采用给出的得分。")
                }
                if score == nil, computed == nil {
                    context.report(.noBudget, path("funds"),
                                   "无法计算「\(item.key)」：需要 funds 的 annualBudget、received、executed（且不为 0），或在 ippeScores 中给出该项得分。")
                }
                score = score ?? computed
            }
            rows.append(ScoresheetRow(level1: item.level1, level2: item.level2, name: item.name, weight: item.weight,
                                      target: nil, actual: nil, completionRate: rate, score: score ?? 0,
                                      computed: given[item.key] == nil, deviation: nil))
        }
        return sheet(rows: rows, totalWeight: 100)
    }

    // MARK: totals the user wrote

    func checkGiven(_ sheet: Scoresheet) {
        if let written = project.totalScore?.value, written != sheet.total {
            context.report(.totalMismatch, path("totalScore"),
                           "总得分写为 \(s(written))，计算得分为 \(s(sheet.total))（各项得分之和）。总分由程序计算，可删除 totalScore。")
        }
        if let written = project.grade, written != sheet.grade {
            context.report(.gradeMismatch, path("grade"),
                           "等次写为「\(written.rawValue)」，按总得分 \(s(sheet.total)) 应为「\(sheet.grade.rawValue)」。")
        }
        for (key, value) in project.subtotals?.entries ?? [] {
            guard let computed = sheet.subtotals.first(where: { $0.name == key }) else {
                let names = sheet.subtotals.map(\.name)
                var message = "没有名为「\(key)」的小计；可用：\(names.joined(separator: "、"))。"
                if let guess = Suggestion.closest(to: key, in: names) { message += "是否应为「\(guess)」？" }
                context.report(.unknownKey, path("subtotals", key), message)
                continue
            }
            if value.value != computed.score {
                context.report(.subtotalMismatch, path("subtotals", key),
                               "「\(key)」小计写为 \(s(value.value))，计算得分为 \(s(computed.score))。")
            }
        }
    }
}
