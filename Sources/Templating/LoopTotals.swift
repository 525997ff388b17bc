/// E-TPL-038: a row loop prints a column the form totals (得分, 执行数) while the 合计 of that
/// column is printed nowhere with it. Deleting the 合计 row in Word left a template that passed
/// every check and printed 自评表 without 总分 and 等次 — the figures the officer signs.
///
/// A total goes with a loop when it stands in the loop's table, or outside the table in a
/// place printed whenever the loop is (every section around the total also encloses the loop:
/// `自评得分：{{sheet.total}}` under the table in the same `{{#scheme.mof}}`). A total in the
/// `{{#scheme.ippe}}` branch does not stand for the `{{#scheme.mof}}` table's.
struct LoopTotals {
    struct Loop {
        var open: TemplateField
        var list: String
        var items: Set<String>
        var sections: [Int]
        var table: String?
    }

    struct Printed {
        var path: String
        var sections: [Int]
        var table: String?
        var location: TemplateLocation
        var tag: String
    }

    let contract: DataContract
    let delimiters: Delimiters
    private var loops: [Loop] = []
    private var printed: [Printed] = []
    private let totalPaths: Set<String>

    init(contract: DataContract, delimiters: Delimiters) {
        self.contract = contract
        self.delimiters = delimiters
        totalPaths = Set(contract.totals.flatMap(\.totals))
    }

    /// A value tag naming `path` (a contract path), inside the sections numbered `sections`.
    mutating func notePrinted(_ path: String, by field: TemplateField, sections: [Int]) {
        guard totalPaths.contains(path) else { return }
        printed.append(Printed(path: path, sections: sections, table: ContractCheck.tableKey(field.location),
                               location: field.location, tag: field.tag))
    }

    /// A loop over `list` closed; `items` are the item fields its rows printed.
    mutating func noteLoop(_ open: TemplateField, list: String, items: Set<String>, sections: [Int]) {
        guard contract.totals.contains(where: { $0.lists.contains(list) }) else { return }
        loops.append(Loop(open: open, list: list, items: items, sections: sections, table: ContractCheck.tableKey(open.location)))
    }

    /// `unreadable`: places of tags that could not be read; a loop whose table holds one is
    /// not reported (the broken tag may be its total: `｛｛sheet.total｝｝` typed full-width).
    func problems(unreadable: [TemplateLocation]) -> [TemplateError] {
        let broken = Set(unreadable.compactMap(ContractCheck.tableKey))
        return loops.filter { $0.table.map { !broken.contains($0) } ?? true }.compactMap(problem) + totalsWithoutRows(broken: broken)
    }

    /// W-TPL-015: tables printing a total that stands under its rows, with no loop over them.
    private func totalsWithoutRows(broken: Set<String>) -> [TemplateError] {
        var warned: Set<String> = []
        var warnings: [TemplateError] = []
        for total in printed {
            guard let table = total.table, !broken.contains(table), !warned.contains(table),
                  let rule = contract.totals.first(where: { $0.underRows && $0.totals.contains(total.path) }),
                  !loops.contains(where: { $0.table == table && rule.lists.contains($0.list) }) else { continue }
            warned.insert(table)
            let open = delimiters.open, close = delimiters.close
            let chinese = contract.field(total.path)?.chinese ?? ""
            let loops = rule.lists.map(DataContract.Total.written).map { "\(open)#\($0)\(close)…\(open)/\($0)\(close)" }.joined(separator: "、")
            warnings.append(TemplateError(.totalWithoutRows,
                "这张表印出合计 \(chinese) \(total.tag)，表中却没有逐项列出的重复行（\(loops) 都没有）：生成的表格只有合计、没有各项指标。"
                + "若是删掉了指标行，请从默认模板的同一张表复制指标的重复行（开头有 \(open)#…\(close)、末尾有 \(open)/…\(close) 的一行），"
                + "粘贴在“合计”行之前；若合计本就单独印在这里，可不理会此警告",
                location: total.location, tag: total.tag))
        }
        return warnings
    }

    private func problem(_ loop: Loop) -> TemplateError? {
        let rules = contract.totals.filter { $0.lists.contains(loop.list) && loop.items.contains($0.item) }
        var missing: [String] = []
        for rule in rules {
            for total in rule.totals where !missing.contains(total) && !printed.contains(where: { goes($0, with: loop, path: total) }) {
                missing.append(total)
            }
        }
        guard !missing.isEmpty else { return nil }
        let open = delimiters.open, close = delimiters.close
        func named(_ path: String) -> String {
            let chinese = contract.field(path)?.chinese ?? ""
            return (chinese.isEmpty ? "" : chinese + " ") + open + DataContract.Total.written(path) + close
        }
        let short = rules.filter { rule in rule.totals.contains(where: missing.contains) }
        let why = short.map(\.why).filter { !$0.isEmpty }.first.map { "（\($0)）" } ?? ""
        let columns = short
            .map { rule in
                let chinese = contract.field(loop.list + "[]." + rule.item)?.chinese ?? ""
                return chinese.isEmpty ? open + rule.item + close : "\(chinese)（\(open)\(rule.item)\(close)）"
            }
        let place = loop.table == nil ? "这一区段" : "这张表"
        return TemplateError(.missingLoopTotal,
            "\(place)按 \(loop.open.path) 的每一项印出 " + columns.joined(separator: "、")
            + "，却没有印与之对应的合计 " + missing.map(named).joined(separator: "、")
            + "：生成的表格没有这些合计\(why)。若是删掉了“合计”行，请在重复行"
            + "（\(open)/\(loop.open.path)\(close) 所在行）之后加回一行“合计”，在对应的列写上这些标签；"
            + "合计也可写在表格下方，但要与这张表在同一区段内",
            location: loop.open.location, tag: loop.open.tag)
    }

    private func goes(_ total: Printed, with loop: Loop, path: String) -> Bool {
        guard total.path == path else { return false }
        if let table = loop.table, total.table == table { return true }
        return total.sections.count <= loop.sections.count && Array(loop.sections.prefix(total.sections.count)) == total.sections
    }
}
