import ErrorCodes
import Foundation
import JSONValue
import OOXML
import Reports
import TextFormats

/// What an import wrote and what the user should know about it.
public struct ImportReport: Sendable {
    /// Files written, as the user named them.
    public var written: [String] = []
    /// Formula cells whose cached values were used, and the CSV encoding read.
    public var notes: [String] = []
    /// Warnings of the written definitions' validation (W-DEF-…), with their cells.
    public var warnings: [String] = []
}

/// `reportgen import SHEET -o projects/ID.json`: one 自评表 → one project definition that
/// `validate` accepts, or every problem of the sheet and nothing written.
public enum ProjectImport {
    /// `force`: replace an existing `output` that differs from what the sheet gives.
    public static func run(input: String, sheet sheetName: String?, output: String, year: Int?, force: Bool = false) throws(ImportErrors) -> ImportReport {
        var report = ImportReport()
        let id = try projectID(output)
        let grid = try SheetSource.grid(path: input, sheet: sheetName, report: &report)
        var reader = SelfEvaluationReader(grid: grid)
        reader.read()
        report.notes += reader.formulas.map { grid.position(of: $0.cell) + " " + $0.text }
        let builder = ProjectBuilder(sheet: reader.sheet, id: id, year: year, source: (input as NSString).lastPathComponent)
        guard reader.problems.isEmpty else {
            throw ImportErrors(reader.problems + ReadableTotals.problems(reader.sheet, builder: builder, grid: grid))
        }
        let bytes = Array(JSONText.text(builder.json).utf8)
        let kept = force ? nil : keptFile(output, replacedBy: bytes)
        try OutputFile.write(bytes, to: output) { (staged: String) throws(ImportErrors) in
            var problems: [ImportProblem]
            do throws(ImportErrors) {
                let loaded = try validate(staged, builder: builder, grid: grid, report: &report)
                problems = GivenFigures.check(reader.sheet, against: loaded.evaluation, grid: grid)
            } catch {
                problems = error.problems
            }
            if let kept { problems.append(kept) }
            if !problems.isEmpty { throw ImportErrors(problems) }
        }
        report.written.append(output)
        return report
    }

    /// An existing project file that the import would change, refused as `import --projects`
    /// refuses its files: the import writes no body, and the newcomer who had written the
    /// report's text into the imported file and imported the corrected sheet again lost it
    /// without a word. The same bytes again (the same sheet imported twice) are no change.
    static func keptFile(_ output: String, replacedBy bytes: [UInt8]) -> ImportProblem? {
        guard SystemFiles.kind(output) != .missing else { return nil }
        if let old = try? SystemFiles.readFile(output, limit: bytes.count + 1, followSymlinks: true), old == bytes { return nil }
        return ImportProblem(.importOutputWrite, "文件已存在，内容与这次导入的不同（其中可能已补写了正文 body 等表中没有的内容），未覆盖。"
            + "要用表中的数据整个替换它，加 --force（文件中手写的内容会丢失）；或用 -o 写到另一个文件，再把表中改动的数抄过去", file: output)
    }

    /// The id is the output file's name: `projects/zhongdian-jiuzhu.json` → zhongdian-jiuzhu.
    static func projectID(_ output: String) throws(ImportErrors) -> String {
        let name = (output as NSString).lastPathComponent
        let id = name.hasSuffix(".json") ? String(name.dropLast(5)) : ""
        guard !id.isEmpty, id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else {
            throw ImportErrors([ImportProblem(.badOutputName, "输出文件名「\(name)」应为 项目标识.json，标识只用小写字母、数字和连字符（如 projects/zhongdian-jiuzhu.json）",
                                              file: output)])
        }
        return id
    }

    /// Loads the staged definition as `validate` would; its errors become import problems
    /// naming the cell each value came from.
    static func validate(_ staged: String, builder: ProjectBuilder, grid: SheetGrid, report: inout ImportReport) throws(ImportErrors) -> LoadedProject {
        func located(_ p: DefinitionProblem) -> ImportProblem {
            // The change asked for, as it is made in the sheet.
            let message = p.remedy.map { p.finding + $0.inSheet } ?? p.message
            return ImportProblem(p.isError ? .definitionInvalid : p.code,
                                 (p.isError ? p.code.rawValue + " " : "") + (p.path.isEmpty ? "" : p.path + "：") + message,
                                 file: grid.file, sheet: grid.sheet, cell: builder.cell(for: p.path))
        }
        // A sheet holds no 正文: the import's own next step says so (`ImportCommand`), not W-DEF-034.
        func shown(_ problems: [DefinitionProblem]) -> [String] {
            problems.filter { $0.code != .projectWithoutBody }.map { located($0).description }
        }
        let loaded: LoadedDefinition
        do {
            loaded = try DefinitionLoader.load(path: staged)
        } catch {
            report.warnings += shown(error.warnings)
            throw ImportErrors(error.errors.map(located))
        }
        report.warnings += shown(loaded.warnings)
        guard let project = loaded.projects.first else {
            throw ImportErrors([ImportProblem(.definitionInvalid, "导入的定义不是一个项目", file: grid.file, sheet: grid.sheet)])
        }
        return project
    }
}

/// Given figures of a sheet against the computed ones (执行率, 到位率, 完成率, 分值合计);
/// 总分, 等次 and 合计 amounts are checked by validation itself (E-DEF-050/052/031).
enum GivenFigures {
    static func check(_ sheet: ImportedSheet, against evaluation: ProjectEvaluation, grid: SheetGrid) -> [ImportProblem] {
        var problems: [ImportProblem] = []
        func mismatch(_ what: String, given: (value: Decimal, places: Int, cell: SheetGrid.Cell), computed: Decimal?) {
            guard let computed else { return }
            let shown = DecimalText.rounded(computed * 100, places: given.places)
            guard shown != given.value else { return }
            problems.append(ImportProblem(.rateMismatch, "\(what)「\(given.cell.text.trimmed)」与由表中数字算出的 \(DecimalText.fixed(computed * 100, places: max(2, given.places)))% 不符",
                                          file: grid.file, sheet: grid.sheet, cell: given.cell.address))
        }
        func ratio(_ a: ImportedSheet.Figure?, _ b: ImportedSheet.Figure?) -> Decimal? {
            guard let a, let b, b.decimal != 0 else { return nil }
            return a.decimal / b.decimal
        }
        for line in sheet.funds {
            for rate in line.rates {
                let computed: Decimal?
                switch rate.kind {
                case .executedOverBudget: computed = ratio(line.figures[.executed], line.figures[.annualBudget])
                case .receivedOverBudget: computed = ratio(line.figures[.received], line.figures[.annualBudget])
                case .executedOverReceived: computed = ratio(line.figures[.executed], line.figures[.received])
                }
                mismatch(line.source == .total ? "预算执行率" : "\(line.source.rawValue)的执行率", given: (rate.value, rate.places, rate.cell), computed: computed)
            }
        }
        let budgetRate = evaluation.budgetExecution?.rate
        for table in sheet.tables {
            if let row = table.budgetRow {
                if let rate = row.rate { mismatch("预算执行率的完成率", given: rate, computed: budgetRate) }
            }
        }
        for (indicator, figures) in zip(sheet.indicators, evaluation.indicators) {
            guard let rate = indicator.rate else { continue }
            guard let computed = figures.completionRate else {
                problems.append(ImportProblem(.rateMismatch, "表中给出完成率「\(rate.cell.text.trimmed)」，但由年度指标值「\(indicator.target)」与实际完成值「\(indicator.actual)」算不出完成率；请给出得分或删去完成率",
                                              file: grid.file, sheet: grid.sheet, cell: rate.cell.address))
                continue
            }
            mismatch("指标「\(indicator.name)」的完成率", given: rate, computed: computed)
        }
        if let given = sheet.tables.compactMap(\.totals.weight).first, let sheetFigures = evaluation.scoresheet,
           given.decimal != sheetFigures.totalWeight {
            problems.append(ImportProblem(.weightTotalMismatch, "分值合计「\(given.text)」与各行分值之和 \(DecimalText.plain(sheetFigures.totalWeight)) 不符",
                                          file: grid.file, sheet: grid.sheet, cell: given.address))
        }
        return problems
    }
}
