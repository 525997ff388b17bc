import ErrorCodes
import Foundation

/// A project report's body restates the amounts its fund tables compute ("共计12万元", "2021年支付
/// 5.3万元", "已到位省级下达资金274.54万元"). Typed, such a figure can disagree with the table beside
/// it; tagged, it is the table's figure:
///
/// `{{资金.全年预算数}}` over the whole project (the 合计 line); `{{资金:省级.到位数}}` over one 级次
/// (the 财政资金 column of that level); `{{资金:财政资金.执行数}}` over one source. Fields: 年初预算数,
/// 全年预算数, 到位数, 执行数, 结余 (amounts in 万元, printed as the tables print them,
/// `FormFormat.money`), 到位率, 执行率 (as prose prints a rate, like the 决算说明 and the 部门整体
/// report: two decimals at most, trailing zeros dropped — seed 004's “资金执行率75.61%”, “资金执行率100%”,
/// seed 002's “预算执行率：100%”; the tables' `100.00%` reads as a figure pasted from a form). A tag
/// naming no figure is E-DEF-101.
struct ProjectBodyText: BodyTagResolver {
    let funds: FundBlock
    var tagCode: ErrorCode { .projectBodyTag }

    static let fieldNames = ["年初预算数", "全年预算数", "到位数", "执行数", "结余", "到位率", "执行率"]

    static func amount(_ field: String, of f: FundFigures) -> FormNumber?? {
        switch field {
        case "年初预算数": return .some(f.initialBudget)
        case "全年预算数": return .some(f.annualBudget)
        case "到位数": return .some(f.received)
        case "执行数": return .some(f.executed)
        case "结余": return .some(f.balance)
        default: return nil
        }
    }

    static func rate(_ field: String, of f: FundFigures) -> Decimal?? {
        switch field {
        case "到位率": return .some(f.receivedRate)
        case "执行率": return .some(f.executionRate)
        default: return nil
        }
    }

    func value(_ tag: String) -> Result<String, BodyTagFailure> {
        let usage = "项目正文的标签为 {{资金.执行数}}、{{资金:省级.到位数}}、{{资金:财政资金.全年预算数}}（字段：\(Self.fieldNames.joined(separator: "、"))）。"
        guard tag.hasPrefix("资金"), let dot = tag.lastIndex(of: ".") else { return .failure(BodyTagFailure(message: usage)) }
        let field = String(tag[tag.index(after: dot)...])
        let head = tag[..<dot]
        let figures: FundFigures?
        let scope: String
        if head == "资金" {
            figures = funds.lines.isEmpty ? nil : funds.total
            scope = "项目"
        } else if head.hasPrefix("资金:") || head.hasPrefix("资金：") {
            let name = head.dropFirst(3).trimmingCharacters(in: .whitespaces)
            if let level = FundLevel(rawValue: name) {
                figures = funds.figures(level: level)
            } else {
                figures = funds.figures(source: name)
            }
            scope = "「\(name)」"
            if figures == nil {
                let named = FundLevel.allCases.map(\.rawValue) + funds.sources.map(\.source)
                return .failure(BodyTagFailure(message: "项目资金中没有「\(name)」（可用：\(named.joined(separator: "、"))）。"))
            }
        } else {
            return .failure(BodyTagFailure(message: usage))
        }
        guard let figures else { return .failure(BodyTagFailure(message: "项目没有资金条目。")) }
        if figures.unlisted {
            return .failure(BodyTagFailure(message: "\(scope)含未列金额的资金（W-DEF-022），\(field)无法得出，表中印“—”。"))
        }
        if let amount = Self.amount(field, of: figures) {
            guard let n = amount else {
                return .failure(BodyTagFailure(message: "\(scope)没有「\(field)」（资金条目未填这一金额）。"))
            }
            return .success(FormFormat.money(n))
        }
        if let rate = Self.rate(field, of: figures) {
            guard let r = rate else {
                return .failure(BodyTagFailure(message: "\(scope)缺少计算「\(field)」所需的金额（或全年预算数为 0）。"))
            }
            return .success(AccountPhrases.percent(r))
        }
        return .failure(BodyTagFailure(message: "未知的字段「\(field)」；可用：\(Self.fieldNames.joined(separator: "、"))。"))
    }
}
