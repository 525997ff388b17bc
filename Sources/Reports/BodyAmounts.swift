import TextFormats
import Foundation

/// A body amount typed where a fund tag ({{资金.执行数}}, `ProjectBodyText`) could stand: "实际支出
/// 40.83万元", "已到位县级财政资金205.1万元", "资金支出76556元". Each is compared, at the precision
/// the body prints it, with the fund table's figures of that kind (the project's 合计, each source,
/// each 级次, each line); one that none of them rounds to is W-DEF-031. Only these phrases count:
/// "下达资金129.65万元" names one allocation document, "基金支出63329万元" another fund's figures.
enum BodyAmounts {
    enum Kind: CaseIterable {
        case annualBudget, received, executed

        var pattern: NSRegularExpression {
            switch self {
            case .annualBudget: return Self.budgetPattern
            case .received: return Self.receivedPattern
            case .executed: return Self.executedPattern
            }
        }

        /// Words one of which a text must hold for the pattern to match (its phrases' common
        /// parts): most texts hold none, and are not run through the regular expression.
        var keywords: [String] {
            switch self {
            case .annualBudget: return ["全年预算"]
            case .received: return ["到位"]
            case .executed: return ["支出", "支付", "执行"]
            }
        }

        var name: String {
            switch self {
            case .annualBudget: return "全年预算数"
            case .received: return "到位数"
            case .executed: return "执行数"
            }
        }

        func figure(_ f: FundFigures) -> FormNumber? {
            switch self {
            case .annualBudget: return f.annualBudget
            case .received: return f.received
            case .executed: return f.executed
            }
        }

        // The number must start there ("支付3名……医疗费1.49万元" reads 1.49) and carry its unit.
        static let amount = #"[^，。；,;]{0,14}?(?<![\d.])(\d+(?:\.\d+)?)\s*(万元|元)"#
        static let budgetPattern = try! NSRegularExpression(pattern: #"全年预算(?:数|资金)?(?:为|是|：|:)?"# + amount)
        static let receivedPattern = try! NSRegularExpression(pattern: #"(?:已到位|实际到位|到位资金|资金到位)"# + amount)
        static let executedPattern = try! NSRegularExpression(pattern: #"(?:实际支出|资金支出|共支付|完成支付|已支付|支付|实际执行|执行资金)"# + amount)
    }

    static func check(_ nodes: [BodyNode], funds: FundBlock, path: String, report: (String, String) -> Void) {
        let sets = (funds.lines.map(\.figures) + funds.sources.map(\.figures) + [funds.total]
            + FundLevel.allCases.compactMap { funds.figures(level: $0) }).filter { !$0.unlisted }
        // Once per project, not per text: summing the 级次 figures was 4 % of a package's CPU.
        let known = Kind.allCases.map { kind in (kind, sets.compactMap(kind.figure)) }.filter { !$0.1.isEmpty }
        guard !known.isEmpty else { return }
        check(nodes, known: known, path: path, report: report)
    }

    private static func check(_ nodes: [BodyNode], known: [(Kind, [FormNumber])], path: String, report: (String, String) -> Void) {
        for (i, node) in nodes.enumerated() {
            let base = PathSupport.element(path, i)
            for (key, text) in [("heading", node.heading), ("item", node.item), ("text", node.text)] {
                guard let text, text.containsUTF8("元") else { continue }
                for (kind, known) in known where kind.keywords.contains(where: text.containsUTF8) {
                    let range = NSRange(text.startIndex..., in: text)
                    for match in kind.pattern.matches(in: text, range: range) {
                        guard let r = Range(match.range(at: 1), in: text), let u = Range(match.range(at: 2), in: text),
                              let stated = FormNumber(literal: String(text[r])) else { continue }
                        let inYuan = text[u] == "元"
                        let agrees = known.contains { figure in
                            let value = inYuan ? figure.value * 10000 : figure.value
                            return FormFormat.round(value, places: stated.scale) == stated.value
                        }
                        guard !agrees else { continue }
                        let figures = Array(Set(known.map(FormFormat.money))).sorted().joined(separator: "、")
                        let phrase = String(text[Range(match.range, in: text)!])
                        report(PathSupport.member(base, key),
                               "正文写“\(phrase)”，而资金表的\(kind.name)为 \(figures)（万元），没有一个按正文的位数等于它。"
                               + "请核对正文或资金数据，或改用标签 {{资金.\(kind.name)}}（{{资金:级次.\(kind.name)}}），印出的就是表上的数。")
                    }
                }
            }
            if let children = node.children {
                check(children, known: known, path: PathSupport.member(base, "children"), report: report)
            }
        }
    }
}
