import ErrorCodes
import Foundation

/// The 部门整体 report's summary of the 部门预算项目, built from the package's projects:
/// tags in its outline's text sum the projects' funds, so no project total is typed twice.
///
/// `{{项目.全年预算数}}` `{{项目.到位数}}` `{{项目.执行数}}` `{{项目.结余}}` `{{项目.执行率}}` (执行数 ÷ 全年预算数)
/// over every project of the package; `{{项目:id1,id2.执行数}}` over the listed ones; `{{项目个数}}`.
/// Amounts in 万元 at most two decimals, trailing zeros dropped (as the 决算说明 prints them), rates `60.89%`.
struct DepartmentText: BodyTagResolver {
    let projects: ProjectList
    /// The package's 决算说明 figures, when it has them. The department report is 附件1 of the
    /// 决算公开 document and restates them (收入合计, 基本支出, 人员经费…): it may print them by the
    /// 决算说明's tags (`{{收入.合计}}`), and a number typed beside a figure's name that is not the
    /// figure is W-FA-002, as in the 决算说明 itself — one signed document, one set of figures.
    var accounts: AccountText? = nil

    static let fields = ["全年预算数", "到位数", "执行数", "结余", "执行率"]
    var tagCode: ErrorCode { .departmentTag }

    func check(_ text: String, path: String, context: DecodingContext) {
        accounts?.checkTypedNumbers(text, path: path, context: context)
        accounts?.checkTagUnits(text, path: path, context: context)
        ProseFigures.check(text, path: path, value: { try? value($0).get() }, place: { accounts?.figures[$0]?.path },
                           context: context)
    }

    func value(_ tag: String) -> Result<String, BodyTagFailure> {
        if tag == "项目个数" { return .success(String(projects.count)) }
        if let accounts, !tag.hasPrefix("项目") {
            return accounts.value(of: tag).mapError { BodyTagFailure(message: $0.message) }
        }
        guard tag.hasPrefix("项目"), let dot = tag.lastIndex(of: ".") else {
            // Without figures the tag may be a 决算说明 one whose file has errors of its own, listed
            // with it: say so, so the officer mends that file instead of rewriting good tags.
            return .failure(BodyTagFailure(message: "部门整体报告的标签为 {{项目.执行数}}、{{项目:id1,id2.全年预算数}}、{{项目个数}}；"
                                           + "决算说明的数（{{收入.合计}}、{{支出.基本支出}} 等）只在报告包给出 finalAccounts 且其中没有错误时可用。"))
        }
        let field = String(tag[tag.index(after: dot)...])
        guard Self.fields.contains(field) else {
            return .failure(BodyTagFailure(message: "未知的「\(field)」；可用：\(Self.fields.joined(separator: "、"))。"))
        }
        // nil: every project of the package (not copied out of the compact list).
        var selected: [LoadedProject]?
        let head = tag[..<dot]
        if head != "项目" {
            guard head.hasPrefix("项目:") || head.hasPrefix("项目：") else { return .failure(BodyTagFailure(message: "应写成 {{项目:id1,id2.\(field)}}。")) }
            let ids = head.dropFirst(3).split(whereSeparator: { $0 == "," || $0 == "，" }).map { $0.trimmingCharacters(in: .whitespaces) }
            let unknown = ids.filter { id in !projects.contains { $0.definition.id == id } }
            if !unknown.isEmpty {
                // A project whose file has errors is not loaded either; its errors are listed too.
                return .failure(BodyTagFailure(message: "报告包中没有项目「\(unknown.joined(separator: "、"))」"
                                               + "（项目文件有错误时也不读入：先改正该项目文件的错误）。"))
            }
            selected = ids.compactMap { id in projects.first { $0.definition.id == id } }
        }
        func sum(_ pick: (FundFigures) -> FormNumber?) -> (Decimal, Int)? {
            func add<Projects: Sequence>(_ list: Projects) -> (Decimal, Int)? where Projects.Element == LoadedProject {
                var total = Decimal(0), places = 0
                for p in list {
                    guard let n = pick(p.evaluation.funds.total) else { return nil }
                    total += n.value
                    places = max(places, n.scale)
                }
                return (total, places)
            }
            if let selected { return add(selected) }
            return add(projects)
        }
        let result: (Decimal, Int)?
        switch field {
        case "全年预算数": result = sum(\.annualBudget)
        case "到位数": result = sum(\.received)
        case "执行数": result = sum(\.executed)
        case "结余": result = sum(\.balance)
        default:
            guard let b = sum(\.annualBudget), let e = sum(\.executed), b.0 != 0 else {
                return .failure(BodyTagFailure(message: "所选项目缺少全年预算数或执行数。"))
            }
            return .success(AccountPhrases.percent(e.0 / b.0))
        }
        guard let (value, places) = result else { return .failure(BodyTagFailure(message: "所选项目有的没有「\(field)」。")) }
        // Narrative amounts: at most two decimals (the sum 225.816 prints 225.82), trailing zeros dropped.
        return .success(AccountPhrases.amount(value, places: min(places, 2)))
    }
}
