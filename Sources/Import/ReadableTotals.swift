import ErrorCodes
import Foundation
import Reports

/// A sheet with cells that cannot be read is not converted, but its totals are still checked
/// in the same run over what was read, by the same rules as after the cells are fixed
/// (validation's E-DEF-031/050/051/052, the given 分值合计 and rates). A total whose rows include
/// an unreadable cell is not checked — its sum would be short by that cell — and E-IMP-048 at
/// the total's cell names the cell that keeps it.
enum ReadableTotals {
    static func problems(_ sheet: ImportedSheet, builder: ProjectBuilder, grid: SheetGrid) -> [ImportProblem] {
        guard !sheet.unreadable.isEmpty else { return [] }
        var found: [ImportProblem] = []
        // Each given total with what its check reads.
        var totals: [(what: String, cell: String, text: String, blockedBy: String?)] = []
        let scoreInputs: (ImportedSheet.Input) -> Bool = { input in
            switch input {
            case .weight, .score, .indicatorValue, .fund(.annualBudget), .fund(.executed), .fund(.received): return true
            default: return false
            }
        }
        func first(_ test: (ImportedSheet.Input) -> Bool) -> String? { sheet.unreadable.first { test($0.input) }?.cell }
        if let total = sheet.funds.first(where: { $0.source == .total }) {
            for kind in [Labels.FundColumn.initialBudget, .annualBudget, .received, .executed] {
                guard let figure = total.figures[kind] else { continue }
                totals.append(("年度资金总额的\(kind.label)", figure.address, figure.text, first { $0 == .fund(kind) }))
            }
        }
        for table in sheet.tables {
            if let weight = table.totals.weight { totals.append(("分值合计", weight.address, weight.text, first { $0 == .weight })) }
            if let score = table.totals.score { totals.append(("总分", score.address, score.text, first(scoreInputs))) }
            if let grade = table.totals.grade { totals.append(("等次", grade.1, grade.0, first(scoreInputs))) }
        }
        if let ippe = sheet.ippe {
            for (name, figure) in ippe.subtotals { totals.append(("「\(name)」小计", figure.address, figure.text, first(scoreInputs))) }
            if let score = ippe.totals.score { totals.append(("总分", score.address, score.text, first(scoreInputs))) }
            if let grade = ippe.totals.grade { totals.append(("等次", grade.1, grade.0, first(scoreInputs))) }
        }
        let blocked = Dictionary(totals.compactMap { t in t.blockedBy.map { (t.cell, $0) } }, uniquingKeysWith: { a, _ in a })
        for total in totals {
            guard let cell = total.blockedBy else { continue }
            found.append(ImportProblem(.totalUnchecked, "\(total.what)「\(total.text)」未能核对：它所合计的 \(cell) 未能读入（见 \(cell) 的错误）；改正后重新导入时核对",
                                       file: grid.file, sheet: grid.sheet, cell: total.cell))
        }

        // The rules themselves, on the definition built from what was read.
        let bytes = Array(JSONText.text(builder.json).utf8)
        let (project, problems) = DefinitionLoader.checkProject(bytes: bytes, name: grid.file)
        let totalCodes: Set<ErrorCode> = [.fundTotalMismatch, .totalMismatch, .subtotalMismatch, .gradeMismatch]
        for problem in problems where totalCodes.contains(problem.code) {
            let cell = builder.cell(for: problem.path)
            if let cell, blocked[cell] != nil { continue }
            // A total whose inputs lost a cell, though no given figure of it was placed: skipped too.
            if problem.code != .fundTotalMismatch, first(scoreInputs) != nil { continue }
            found.append(ImportProblem(.definitionInvalid, problem.code.rawValue + " " + (problem.path.isEmpty ? "" : problem.path + "：") + problem.message,
                                       file: grid.file, sheet: grid.sheet, cell: cell))
        }
        if let project {
            let rows = Set(sheet.unreadable.map { Self.row(of: $0.cell) })
            let fundsLost = first { if case .fund = $0 { return true } else { return false } } != nil
            for problem in GivenFigures.check(sheet, against: project.evaluation, grid: grid) {
                guard let cell = problem.cell, blocked[cell] == nil, !rows.contains(Self.row(of: cell)) else { continue }
                if problem.code == .rateMismatch, fundsLost, !sheet.indicators.contains(where: { $0.rate?.cell.address == cell }) { continue }
                found.append(problem)
            }
        }
        return found
    }

    /// `G12` → `12`.
    static func row(of cell: String) -> Substring { cell.drop { $0.isLetter } }
}
