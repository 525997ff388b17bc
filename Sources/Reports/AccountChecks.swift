import ErrorCodes
import Foundation

/// Cross-checks of the raw figures: totals against their parts (收入合计 = Σ 来源, 支出合计 =
/// Σ 类型, 类 = Σ款 = Σ项, 基本支出 = 人员 + 公用, 三公 = Σ 三项 …), parts against wholes, counts
/// against amounts, and the reasons every change and every budget difference needs. Each
/// mismatch names both JSON paths and both values. A given total that disagrees is an error
/// (it is still what prints: given wins) unless its path is in `acceptedSlips`.
struct AccountChecks {
    let definition: FinalAccountsDefinition
    let context: DecodingContext
    private(set) var slipsUsed: Set<String> = []

    init(definition: FinalAccountsDefinition, context: DecodingContext) {
        self.definition = definition
        self.context = context
    }

    var figures: FinalAccountsFigures { definition.figures }
    var unit: String { figures.unit.rawValue }

    mutating func run() {
        for section in AccountCatalog.sections {
            for (total, parts) in section.sums {
                guard let t = figures["\(section.name).\(total)"] else { continue }
                let given = parts.compactMap { figures["\(section.name).\($0)"] }
                compare(t, given, "各项之和")
            }
        }
        if let total = figures["\(AccountCatalog.generalBudget).合计"], !figures.categories.isEmpty {
            compare(total, figures.categories.map(\.figure), "各类之和")
            let items = figures.items.map(\.item.figure)
            if figures.categories.contains(where: { !$0.children.isEmpty }) {
                compare(total, items, "各项之和", fields: [\.budget])
            }
        }
        for c in figures.categories {
            let sections = c.children.filter { $0.figure.value != nil }
            if !sections.isEmpty && sections.count == c.children.count { compare(c.figure, sections.map(\.figure), "各款之和") }
            let items = c.children.flatMap(\.children).map(\.figure)
            if !items.isEmpty { compare(c.figure, items, "各项之和") }
            for k in c.children where !k.children.isEmpty && k.figure.value != nil {
                compare(k.figure, k.children.map(\.figure), "各项之和")
            }
        }
        notAbove("\(AccountCatalog.basic).合计", "\(AccountCatalog.expenditure).基本支出", "一般公共预算财政拨款基本支出", "全部基本支出")
        notAbove("\(AccountCatalog.generalBudget).合计", "\(AccountCatalog.expenditure).合计", "一般公共预算财政拨款支出", "本年支出合计")
        for kind in ["轿车", "越野车", "载客汽车"] {
            if let count = figures["\(AccountCatalog.threePublic).购置\(kind)数"]?.value, count.value == 0,
               let amount = figures["\(AccountCatalog.threePublic).购置\(kind)金额"], let a = amount.value, a.value != 0 {
                context.report(ErrorCode.countAmountMismatch, amount.path,
                               "购置\(kind)0辆，金额却为 \(AccountPhrases.amount(a))\(unit)（\(amount.path)；数量见 \(AccountPhrases.keyPath(figures, "\(AccountCatalog.threePublic).购置\(kind)数"))）。")
            }
        }
        for f in figures.figures + figures.subjects.map(\.figure) { reasons(f) }
        for slip in definition.acceptedSlips where !slipsUsed.contains(slip) {
            let known = (figures.figures + figures.subjects.map(\.figure)).contains { $0.path == slip }
            context.report(known ? ErrorCode.slipNotNeeded : ErrorCode.badSlipPath, "acceptedSlips",
                           known ? "「\(slip)」与各部分一致，不必列入 acceptedSlips。" : "「\(slip)」不是任何给出的数据的路径（应写成如 figures.收入.合计）。")
        }
    }

    /// total.value = Σ parts.value, and likewise for 上年数 and 预算数 where the total gives them.
    mutating func compare(_ total: AccountFigure, _ parts: [AccountFigure], _ what: String,
                          fields: [KeyPath<AccountFigure, FormNumber?>] = [\.value, \.previous, \.budget]) {
        let names: [KeyPath<AccountFigure, FormNumber?>: String] = [\.value: "决算数", \.previous: "上年数", \.budget: "预算数"]
        for field in fields {
            guard let t = total[keyPath: field] else { continue }
            let given = parts.compactMap { p in p[keyPath: field].map { (p, $0) } }
            // Only where every part states the field (a part left out is not taken as 0 for 上年/预算).
            guard !given.isEmpty, field == \.value || given.count == parts.count else { continue }
            let sum = given.reduce(Decimal(0)) { $0 + $1.1.value }
            guard sum != t.value else { continue }
            let places = max(t.scale, given.map(\.1.scale).max() ?? 0)
            let list = given.map { "\($0.0.path) \(AccountPhrases.amount($0.1))" }.joined(separator: " + ")
            mismatch(total, "\(total.path) 的\(names[field] ?? "")为 \(AccountPhrases.amount(t))\(unit)，与\(what) \(AccountPhrases.amount(sum, places: places))\(unit) 不符（\(list)）。"
                     + typedInYuan(total: (total.path, t), parts: given.map { ($0.0.path, $0.1) }, sum: sum))
        }
    }

    /// In a 万元 file, the one figure that read as 元 (3240700 for 324.07) makes the total agree
    /// with its parts: named, since the sum alone does not say which number was typed in the
    /// wrong unit (officer review 18: a clerk copying 元 from the 决算报表 into a 万元 file).
    func typedInYuan(total: (path: String, number: FormNumber), parts: [(path: String, number: FormNumber)], sum: Decimal) -> String {
        guard figures.unit == .wanYuan else { return "" }
        let t = total.number
        func agrees(_ lhs: Decimal, _ rhs: Decimal) -> Bool { FormFormat.round(lhs, places: t.scale) == rhs }
        func hint(_ path: String, _ n: FormNumber) -> String {
            "其中 \(path) 的 \(AccountPhrases.amount(n)) 像是以元填写：换算为 \(AccountPhrases.amount(n.value / 10000, places: n.scale + 4))万元，"
            + "各项之和即与合计相符（本文件的单位为万元）。"
        }
        for part in parts where part.number.value >= 10000 && agrees(sum - part.number.value + part.number.value / 10000, t.value) {
            return hint(part.path, part.number)
        }
        let partPlaces = parts.map(\.number.scale).max() ?? 0
        if t.value >= 10000, FormFormat.round(t.value / 10000, places: partPlaces) == sum {
            return hint(total.path, t)
        }
        return ""
    }

    mutating func notAbove(_ partKey: String, _ wholeKey: String, _ partName: String, _ wholeName: String) {
        guard let part = figures[partKey], let whole = figures[wholeKey], let p = part.value, let w = whole.value, p.value > w.value else { return }
        mismatch(part, "\(partName) \(part.path) = \(AccountPhrases.amount(p))\(unit) 大于\(wholeName) \(whole.path) = \(AccountPhrases.amount(w))\(unit)。", code: .partExceedsWhole)
    }

    mutating func mismatch(_ figure: AccountFigure, _ message: String, code: ErrorCode = .sumMismatch) {
        if definition.acceptedSlips.contains(figure.path) {
            slipsUsed.insert(figure.path)
            context.report(ErrorCode.acceptedSlip, figure.path, message + "（已列入 acceptedSlips：按原件印出）")
        } else {
            context.report(code, figure.path, message + "给出的数照样印出；若原件如此且不能更正，把该路径列入 acceptedSlips。")
        }
    }

    /// A change from last year and a 完成预算 other than 100% need their reason (or `false`).
    func reasons(_ f: AccountFigure) {
        guard let v = f.value else { return }
        if let p = f.previous, v.value != p.value, f.changeReason == nil {
            let change = AccountPhrases.change(this: v, previous: p)
            context.report(ErrorCode.missingReason, f.path + ".变动原因",
                           "\(f.key) 比上年\(AccountPhrases.phrase(change, unit: unit))，需要说明变动原因（写 \"变动原因\": \"……\"；确实不需要说明时写 false）。")
        }
        if let b = f.budget, v.value != b.value, !(v.value == 0 && b.value == 0), f.budgetReason == nil {
            let ratio = AccountPhrases.completion(value: v, budget: b).map(AccountPhrases.percent) ?? "无法计算"
            context.report(ErrorCode.missingReason, f.path + ".预算差异原因",
                           "\(f.key) 完成预算 \(ratio)，需要说明决算数\(v.value < b.value ? "小于" : "大于")预算数的原因（写 \"预算差异原因\": \"……\"；确实不需要说明时写 false）。")
        }
    }
}

extension AccountPhrases {
    static func keyPath(_ figures: FinalAccountsFigures, _ key: String) -> String { figures[key]?.path ?? key }
}
