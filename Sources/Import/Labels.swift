import Foundation

/// What the import recognises in header cells, row labels and figures. Each table names its
/// columns in several ways (this project's CSV and DOCX, seed 002's 权重/目标值/业绩值, seed
/// 004's 预期指标值/实际完成指标值, 一级 and 指标 on two lines); all are listed here, once.
enum Labels {
    /// Whitespace of any width and line breaks removed: “一级\n指标” reads 一级指标.
    static func normalize(_ text: String) -> String {
        String(text.unicodeScalars.filter { !$0.properties.isWhitespace && $0 != "\u{3000}" }.map(Character.init))
    }

    /// The label without a parenthesised unit or formula: “年初预算数（万元）” → 年初预算数.
    static func bare(_ text: String) -> String {
        var out = normalize(text)
        for (open, close) in [("（", "）"), ("(", ")")] {
            while let a = out.range(of: open), let b = out.range(of: close, range: a.upperBound..<out.endIndex) {
                out.removeSubrange(a.lowerBound..<b.upperBound)
            }
        }
        return out
    }

    /// The money unit a label names: “（万元）”, “(元)”, “单位：元”, “金额单位：万元”.
    static func moneyUnit(_ text: String) -> String? {
        let t = normalize(text)
        for unit in ["万元", "元"] {
            if t.contains("（\(unit)）") || t.contains("(\(unit))") || t.hasSuffix("单位：\(unit)") || t.hasSuffix("单位:\(unit)") {
                return unit
            }
        }
        // “单位：千元”, “金额单位：千元” name a unit; “填报单位：…” names an agency.
        if t.hasPrefix("单位：") || t.hasPrefix("单位:") || t.contains("金额单位"),
           let r = t.range(of: "单位：") ?? t.range(of: "单位:") {
            let rest = String(t[r.upperBound...])
            if !rest.isEmpty { return rest }
        }
        return nil
    }

    enum IndicatorColumn: String, CaseIterable {
        case level1, level2, name, weight, target, actual, rate, score, deviation

        var label: String {
            switch self {
            case .level1: "一级指标"
            case .level2: "二级指标"
            case .name: "三级指标"
            case .weight: "分值"
            case .target: "年度指标值"
            case .actual: "实际完成值"
            case .rate: "完成率"
            case .score: "得分"
            case .deviation: "偏差原因分析及改进措施"
            }
        }
    }

    static let indicatorColumns: [String: IndicatorColumn] = [
        "一级指标": .level1, "一级": .level1,
        "二级指标": .level2, "二级": .level2,
        "三级指标": .name, "三级": .name, "目标指标": .name, "指标名称": .name,
        "分值": .weight, "权重": .weight, "指标分值": .weight, "权重分值": .weight,
        "年度指标值": .target, "目标值": .target, "预期指标值": .target, "年度目标值": .target, "指标值": .target,
        "实际完成值": .actual, "业绩值": .actual, "实际完成指标值": .actual, "实际值": .actual, "完成值": .actual,
        "完成率": .rate, "指标完成率": .rate,
        "得分": .score, "指标得分": .score, "自评得分": .score,
        "偏差原因分析及改进措施": .deviation, "偏差原因分析": .deviation, "偏差原因": .deviation,
        "偏差原因及改进措施": .deviation,
    ]

    /// Labels of a block's leading column (merged down the rows of the indicator table).
    static let indicatorBlockLabels: Set<String> = ["绩效指标", "年度绩效指标", "年度绩效指标完成情况", "绩效指标完成情况"]

    enum FundColumn: String, CaseIterable {
        case initialBudget, annualBudget, received, executed, weight, rate, score

        var label: String {
            switch self {
            case .initialBudget: "年初预算数"
            case .annualBudget: "全年预算数"
            case .received: "到位数"
            case .executed: "全年执行数"
            case .weight: "分值"
            case .rate: "执行率"
            case .score: "得分"
            }
        }
    }

    static func fundColumn(_ bare: String) -> FundColumn? {
        switch bare {
        case "年初预算数", "年初预算资金", "年初预算": .initialBudget
        case "全年预算数", "全年预算资金", "全年预算", "预算数", "调整后预算数", "项目预算数": .annualBudget
        case "到位数", "实际到位资金", "实际到位数", "全年到位数", "到位资金", "资金到位数": .received
        case "全年执行数", "执行数", "全年执行资金", "实际支出", "实际执行数", "支出数", "实际支出数": .executed
        case "分值": .weight
        case "得分": .score
        default: bare.hasSuffix("执行率") || bare.hasSuffix("到位率") ? .rate : nil
        }
    }

    /// How a rate column of the fund block is computed, read from its header.
    enum RateKind {
        case executedOverBudget, receivedOverBudget, executedOverReceived

        init(header: String) {
            let t = normalize(header)
            if t.contains("到位率") { self = .receivedOverBudget }
            else if t.contains("÷到位数") || t.contains("/到位数") { self = .executedOverReceived }
            else { self = .executedOverBudget }
        }
    }

    enum FundSource: String {
        case total = "合计", fiscal = "财政拨款", carryover = "上年结转资金", other = "其他资金"
    }

    static func fundSource(_ label: String) -> FundSource? {
        var t = bare(label)
        for prefix in ["其中：", "其中:", "其中"] where t.hasPrefix(prefix) { t.removeFirst(prefix.count) }
        switch t {
        case "年度资金总额", "资金总额", "合计", "总计", "年度总金额": return .total
        case "当年财政拨款", "财政拨款", "财政资金", "本年财政拨款": return .fiscal
        case "上年结转资金", "上年结转", "结转资金": return .carryover
        case "其他资金": return .other
        default: return nil
        }
    }

    static let fundBlockLabels: Set<String> = ["项目资金", "项目资金情况", "资金情况", "项目预算执行情况", "金额"]

    /// Empty, or a dash the forms print where a figure does not apply.
    static func isBlank(_ text: String) -> Bool {
        let t = normalize(text)
        return t.isEmpty || ["—", "-", "--", "——", "／", "/", "－", "无"].contains(t)
    }

    /// A figure as written: `12.50`, `1,234.5` (grouping dropped); nil when not a plain number.
    static func number(_ text: String) -> String? {
        var t = normalize(text)
        if t.contains(",") {
            let parts = t.split(separator: ".", maxSplits: 1)
            let groups = parts[0].split(separator: ",", omittingEmptySubsequences: false)
            guard groups.count > 1, groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
            t = t.replacingOccurrences(of: ",", with: "")
        }
        var sawDigit = false
        var sawDot = false
        for (i, ch) in t.enumerated() {
            if ch.isASCII, ch.isNumber { sawDigit = true }
            else if ch == ".", !sawDot { sawDot = true }
            else if ch == "-", i == 0 {}
            else { return nil }
        }
        return sawDigit ? t : nil
    }

    /// A percentage as written (`96.27%`, `100%`): its number and decimal places.
    static func percent(_ text: String) -> (value: Decimal, places: Int)? {
        let t = normalize(text)
        guard t.hasSuffix("%"), let n = number(String(t.dropLast())), let value = Decimal(string: n, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        let places = n.firstIndex(of: ".").map { n.distance(from: $0, to: n.endIndex) - 1 } ?? 0
        return (value, places)
    }

    static let grades: Set<String> = ["优", "良", "中", "差"]

    /// The grade in “等次：优”, “优”, “优秀”.
    static func grade(_ text: String) -> String? {
        var t = normalize(text)
        for prefix in ["等次：", "等次:", "等级：", "等级:"] where t.hasPrefix(prefix) { t.removeFirst(prefix.count) }
        if grades.contains(t) { return t }
        if ["优秀": "优", "良好": "良", "中等": "中", "较差": "差"][t] != nil { return ["优秀": "优", "良好": "良", "中等": "中", "较差": "差"][t] }
        return nil
    }
}
