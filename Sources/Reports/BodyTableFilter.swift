import Foundation

/// A body table node's `level1` (seed 002 prints its 自评表 as four tables, one per 一级指标)
/// must name a 一级指标 the table has: one that names none printed nothing and stopped `package`
/// with a template error (E-RND-003, "sheet.rows 中没有一级指标为 …", at the template's
/// `{{> body}}`) after `validate` had passed (data-entry review 1). The names are those of the rows
/// the table is made of (`ReportTableBlock.indicatorTables`): mof-2020 and none put the
/// 预算执行指标 row before the indicators, ippe's 自评表 (`scoresheet`) lists 投入/过程/产出/效果.
enum BodyTableFilter {
    static func check(_ nodes: [BodyNode], scoring: ScoringScheme, indicators: [String], path: String,
                      report: (String, String) -> Void) {
        for (i, node) in nodes.enumerated() {
            let base = PathSupport.element(path, i)
            if let level1 = node.level1, let table = node.table {
                let names = Self.names(table: table, scoring: scoring, indicators: indicators)
                if !names.contains(level1) {
                    var message: String
                    if names.isEmpty {
                        message = "表格 \(table.rawValue) 不按一级指标分列，不能写 level1「\(level1)」；请删去 level1。"
                    } else {
                        message = "「\(level1)」不是这张表（\(table.rawValue)）中的一级指标，这里什么也印不出；可选："
                            + names.joined(separator: "、") + "。"
                        if let guess = Suggestion.closest(to: level1, in: names) { message += "是否应为「\(guess)」？" }
                    }
                    report(PathSupport.member(base, "level1"), message)
                }
            }
            if let children = node.children {
                check(children, scoring: scoring, indicators: indicators, path: PathSupport.member(base, "children"), report: report)
            }
        }
    }

    /// The 一级指标 of the table's rows, in their order, each once.
    static func names(table: TableKind, scoring: ScoringScheme, indicators: [String]) -> [String] {
        var names: [String]
        switch (table, scoring) {
        case (.funds, _), (.fundsSummary, _): return []
        case (.scoresheet, .ippe): names = IppeScheme.level1Names
        case (_, .ippe): names = indicators
        default: names = ["预算执行指标"] + indicators
        }
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}
