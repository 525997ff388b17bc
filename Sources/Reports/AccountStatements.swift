import Foundation

/// The standard sentences of 第二部分 部门决算情况说明, worded as 四川 部门决算公开 documents
/// (seed 004) word them, computed from the raw figures. Each returns nil with a reason when a
/// figure it needs is not given.
struct AccountStatements {
    let figures: FinalAccountsFigures
    let year: Int

    var unit: String { figures.unit.rawValue }
    var y: String { "\(year)年" }
    var previousYear: String { "\(year - 1)年" }

    static let names = ["收支总计", "收入", "支出", "财政拨款收支总计", "一般公共预算财政拨款支出",
                        "一般公共预算财政拨款支出结构", "一般公共预算财政拨款支出具体", "三公经费", "三公经费结构",
                        "政府性基金预算财政拨款支出", "国有资本经营预算财政拨款支出", "机关运行经费"]

    enum Failure: Error { case missing(String) }

    func statement(_ name: String) throws(Failure) -> String {
        switch name {
        case "收支总计":
            return try total("收支总计", opening: "\(y)度收、支总计", subject: "收、支总计各")
        case "财政拨款收支总计":
            return try total("财政拨款收支总计", opening: "\(y)财政拨款收、支总计", subject: "财政拨款收、支总计各")
        case "收入":
            return try breakdown(AccountCatalog.income, opening: "\(y)本年收入合计")
        case "支出":
            return try breakdown(AccountCatalog.expenditure, opening: "\(y)本年支出合计")
        case "一般公共预算财政拨款支出":
            let f = try need("\(AccountCatalog.generalBudget).合计")
            let v = try value(f)
            var text = "\(y)一般公共预算财政拨款支出\(AccountPhrases.amount(v))\(unit)"
            if let all = figures["\(AccountCatalog.expenditure).合计"]?.value, all.value != 0 {
                text += "，占本年支出合计的\(AccountPhrases.percent(v.value / all.value))"
            }
            text += "。"
            text += comparison(f, subject: "一般公共预算财政拨款")
            return text
        case "一般公共预算财政拨款支出结构":
            let f = try need("\(AccountCatalog.generalBudget).合计")
            let v = try value(f)
            guard !figures.categories.isEmpty else { throw .missing("\(AccountCatalog.generalBudget).类") }
            var parts: [(String, FormNumber)] = []
            for c in figures.categories { parts.append((label(c), try value(c.figure))) }
            let shares = AccountPhrases.shares(parts.map(\.1.value), total: v.value)
            let list = zip(parts, shares).map { "\($0.0)\(AccountPhrases.amount($0.1))\(unit)，占\(AccountPhrases.percentValue($1))" }
            return "\(y)一般公共预算财政拨款支出\(AccountPhrases.amount(v))\(unit)，主要用于以下方面：" + list.joined(separator: "；") + "。"
        case "一般公共预算财政拨款支出具体":
            let f = try need("\(AccountCatalog.generalBudget).合计")
            let v = try value(f)
            var lines = ["\(y)一般公共预算支出决算数为\(AccountPhrases.amount(v))\(unit)\(completion(f, reasonJoin: "。") ?? "")。其中："]
            for (i, entry) in figures.items.enumerated() {
                let x = entry.item.figure
                let amount = try value(x)
                var line = "\(i + 1).\(entry.category.name)（类）\(entry.section.name)（款）\(entry.item.name)（项）：支出决算为\(AccountPhrases.amount(amount))\(unit)"
                line += (completion(x, reasonJoin: "。") ?? "") + "。"
                lines.append(line)
            }
            return lines.joined(separator: "\n")
        case "三公经费":
            let f = try need("\(AccountCatalog.threePublic).合计")
            let v = try value(f)
            return "\(y)“三公”经费财政拨款支出决算为\(AccountPhrases.amount(v))\(unit)\(completion(f, reasonJoin: "，") ?? "")。"
        case "三公经费结构":
            let f = try need("\(AccountCatalog.threePublic).合计")
            let v = try value(f)
            let names = ["因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"]
            var parts: [FormNumber] = []
            for n in names { parts.append(try value(try need("\(AccountCatalog.threePublic).\(n)"))) }
            let shares = AccountPhrases.shares(parts.map(\.value), total: v.value)
            let list = names.indices.map { "\(names[$0])支出决算\(AccountPhrases.amount(parts[$0]))\(unit)，占\(AccountPhrases.percentValue(shares[$0]))" }
            return "\(y)“三公”经费财政拨款支出决算中，" + list.joined(separator: "；") + "。具体情况如下："
        case "政府性基金预算财政拨款支出", "国有资本经营预算财政拨款支出":
            let f = try need(name)
            let what = name == "政府性基金预算财政拨款支出" ? "政府性基金预算拨款支出" : "国有资本经营预算拨款支出"
            var text = "\(y)\(what)\(AccountPhrases.amount(try value(f)))\(unit)。"
            text += comparison(f, subject: what)
            return text
        case "机关运行经费":
            let f = try need(name)
            var text = "\(y)机关运行经费支出\(AccountPhrases.amount(try value(f)))\(unit)"
            if let p = f.previous, let v = f.value {
                let change = AccountPhrases.change(this: v, previous: p)
                text += "，比\(previousYear)\(AccountPhrases.phrase(change, unit: unit))。"
                if change.direction != .unchanged, let r = f.changeReason?.text { text += "主要原因是" + AccountPhrases.sentence(r) }
            } else {
                text += "。"
            }
            return text
        default:
            throw .missing(name)
        }
    }

    /// How the 结构 sentence names a 类.
    func label(_ category: BudgetSubject) -> String { category.label ?? "\(category.name)（类）支出" }

    func need(_ key: String) throws(Failure) -> AccountFigure {
        guard let f = figures[key] else { throw .missing(key) }
        return f
    }

    func value(_ f: AccountFigure) throws(Failure) -> FormNumber {
        guard let v = f.value else { throw .missing(f.key + ".决算数") }
        return v
    }

    func total(_ key: String, opening: String, subject: String) throws(Failure) -> String {
        let f = try need(key)
        return "\(opening)\(AccountPhrases.amount(try value(f)))\(unit)。" + comparison(f, subject: subject)
    }

    /// `与2020年相比，<subject>增加234.46万元，增长57.03%。主要变动原因是……。`; empty without last year.
    func comparison(_ f: AccountFigure, subject: String) -> String {
        guard let v = f.value, let p = f.previous else { return "" }
        let change = AccountPhrases.change(this: v, previous: p)
        if change.direction == .unchanged { return "与\(previousYear)持平。" }
        var text = "与\(previousYear)相比，\(subject)\(AccountPhrases.phrase(change, unit: unit))。"
        if let r = f.changeReason?.text { text += "主要变动原因是" + AccountPhrases.sentence(r) }
        return text
    }

    /// `，完成预算82.88%。决算数小于预算数的主要原因是……` (without the final `。`), `，未安排预算`
    /// when nothing was budgeted or spent; nil without a budget.
    func completion(_ f: AccountFigure, reasonJoin: String) -> String? {
        guard let v = f.value, let b = f.budget, let clause = AccountPhrases.completionClause(value: v, budget: b) else { return nil }
        var text = "，" + clause
        if v.value != b.value, let r = f.budgetReason?.text {
            text += reasonJoin + (v.value < b.value ? "决算数小于预算数" : "决算数大于预算数") + "的主要原因是"
            text += String(AccountPhrases.sentence(r).dropLast())
        }
        return text
    }

    func breakdown(_ section: String, opening: String) throws(Failure) -> String {
        let total = try value(try need("\(section).合计"))
        let names = AccountCatalog.section(section)?.shareParts ?? []
        let given = names.compactMap { n in figures["\(section).\(n)"].flatMap { f in f.value.map { (n, $0) } } }
        let shares = AccountPhrases.shares(given.map(\.1.value), total: total.value)
        let list = zip(given, shares).map { "\($0.0)\(AccountPhrases.amount($0.1))\(unit)，占\(AccountPhrases.percentValue($1))" }
        return "\(opening)\(AccountPhrases.amount(total))\(unit)，其中：" + list.joined(separator: "；") + "。"
    }

    // MARK: - figures for tags

    /// The share of one figure in the breakdown it belongs to, with the breakdown's rounding rule.
    func share(of key: String) -> Decimal? {
        if key == "\(AccountCatalog.generalBudget).合计" {
            guard let v = figures[key]?.value, let all = figures["\(AccountCatalog.expenditure).合计"]?.value, all.value != 0 else { return nil }
            return FormFormat.round(v.value / all.value * 100, places: 2)
        }
        if let index = figures.categories.firstIndex(where: { $0.figure.key == key }) {
            guard let total = figures["\(AccountCatalog.generalBudget).合计"]?.value else { return nil }
            let parts = figures.categories.map { $0.figure.value?.value ?? 0 }
            return AccountPhrases.shares(parts, total: total.value)[index]
        }
        guard let dot = key.firstIndex(of: "."), let section = AccountCatalog.section(String(key[..<dot])) else { return nil }
        let line = String(key[key.index(after: dot)...])
        for (totalLine, parts) in section.sums {
            guard let total = figures["\(section.name).\(totalLine)"]?.value else { continue }
            if let index = parts.firstIndex(of: line) {
                let values = parts.map { figures["\(section.name).\($0)"]?.value?.value ?? 0 }
                return AccountPhrases.shares(values, total: total.value)[index]
            }
        }
        // A line outside the breakdown (授予中小企业合同金额) over the section's first total.
        if let first = section.sums.first, let total = figures["\(section.name).\(first.total)"]?.value,
           let v = figures[key]?.value {
            return total.value == 0 ? 0 : FormFormat.round(v.value / total.value * 100, places: 2)
        }
        return nil
    }
}
