import ErrorCodes
import Foundation
import JSONValue
import OOXML
import TextFormats

/// `reportgen import --projects LIST.xlsx -o DIR`: a unit's list of projects (one row each:
/// 项目名称, 主管部门, 实施单位, the 资金 figures) → `DIR/projects/<id>.json` skeletons to fill in
/// and `DIR/package.json` listing them. Nothing is written when the list has a problem, and
/// existing files are never overwritten unless asked (`force`).
public enum ProjectListImport {
    enum Column: String, CaseIterable {
        case index, name, code, department, implementer, kind, initialBudget, annualBudget, received, executed
    }

    static func column(_ bare: String) -> Column? {
        switch bare {
        case "序号", "编号": return .index
        case "项目名称", "项目": return .name
        case "项目代码", "项目编码", "项目编号", "标识": return .code
        case "主管部门", "主管部门及代码", "主管单位": return .department
        case "实施单位", "项目实施单位": return .implementer
        case "项目属性", "项目类型", "项目类别": return .kind
        default:
            switch Labels.fundColumn(bare) {
            case .initialBudget: return .initialBudget
            case .annualBudget: return .annualBudget
            case .received: return .received
            case .executed: return .executed
            default: return nil
            }
        }
    }

    public static func run(input: String, sheet sheetName: String?, folder: String, year givenYear: Int?, unit givenUnit: String?,
                           force: Bool) throws(ImportErrors) -> ImportReport {
        var report = ImportReport()
        let grid = try SheetSource.grid(path: input, sheet: sheetName, report: &report)
        var problems: [ImportProblem] = []
        func problem(_ code: ErrorCode, _ message: String, _ cell: SheetGrid.Cell? = nil) {
            problems.append(ImportProblem(code, message, file: grid.file, sheet: grid.sheet, cell: cell?.address))
        }
        guard let header = grid.rows.indices.first(where: { r in grid.rows[r].contains { column(Labels.bare($0.text)) == .name } }) else {
            throw ImportErrors([ImportProblem(.missingColumn, "找不到项目清单的表头（应有“项目名称”列）", file: grid.file, sheet: grid.sheet)])
        }
        var columns: [Column: Int] = [:]
        var moneyUnit: (String, String)?
        func noteUnit(_ text: String, _ cell: SheetGrid.Cell) {
            guard let unit = Labels.moneyUnit(text) else { return }
            if unit != "元" && unit != "万元" { problem(.moneyUnit, "金额单位「\(unit)」无法识别：只接受 万元 或 元", cell); return }
            if let known = moneyUnit, known.0 != unit {
                problem(.moneyUnit, "金额单位「\(unit)」与 \(known.1) 的「\(known.0)」不同", cell)
            } else if moneyUnit == nil {
                moneyUnit = (unit, cell.address)
            }
        }
        var year = givenYear
        var unit = givenUnit
        for r in 0..<header {
            for cell in grid.rows[r] where !cell.fromMerge {
                let text = Labels.normalize(cell.text)
                if year == nil, let y = SelfEvaluationReader.year(in: text) { year = y }
                if unit == nil, let range = text.range(of: "填报单位：") ?? text.range(of: "填报单位:") {
                    let name = String(text[range.upperBound...])
                    if !name.isEmpty { unit = name }
                }
                if text.contains("单位") { noteUnit(text, cell) }
            }
        }
        for (c, cell) in grid.rows[header].enumerated() where !cell.fromMerge && !Labels.normalize(cell.text).isEmpty {
            let text = Labels.normalize(cell.text)
            noteUnit(text, cell)
            guard let kind = column(Labels.bare(text)) else {
                problem(.unknownColumn, "表头「\(text)」不是可识别的列；可识别的列：序号、项目名称、项目代码、主管部门、实施单位、项目属性、年初预算数、全年预算数、到位数、全年执行数", cell)
                continue
            }
            if columns[kind] != nil {
                problem(.duplicateColumn, "「\(text)」与 \(grid.rows[header][columns[kind]!].address) 是同一列", cell)
            } else {
                columns[kind] = c
            }
        }
        guard let nameColumn = columns[.name] else { throw ImportErrors(problems) }
        if year == nil { problem(.listNeedsOption, "清单中没有年度（如标题“2021年度项目清单”）；请用 --year 2021 指定") }
        if unit == nil { problem(.listNeedsOption, "清单中没有填报单位（如“填报单位：某县医疗保障局”）；请用 --unit 单位名称 指定") }

        struct Entry { var id: String; var json: JSONValue; var name: String }
        var entries: [Entry] = []
        var names: [String: String] = [:]
        var totals: [Column: Decimal] = [:]
        // The first cell of each amount column that could not be read: its 合计 cannot be checked.
        var lost: [Column: String] = [:]
        for r in (header + 1)..<grid.rows.count {
            let cells = grid.rows[r]
            let nameCell = cells[nameColumn]
            let name = nameCell.text.trimmed
            let lead = cells.first { !Labels.normalize($0.text).isEmpty }.map { Labels.bare($0.text) } ?? ""
            if ["合计", "总计"].contains(lead) {
                for kind in [Column.initialBudget, .annualBudget, .received, .executed] {
                    guard let c = columns[kind], !Labels.isBlank(cells[c].text) else { continue }
                    guard let n = Labels.number(cells[c].text), let given = Decimal(string: n, locale: Locale(identifier: "en_US_POSIX")) else {
                        problem(.importNotANumber, "合计「\(cells[c].text.trimmed)」不是数字", cells[c]); continue
                    }
                    if let cell = lost[kind] {
                        problem(.totalUnchecked, "合计「\(n)」未能核对：它所合计的 \(cell) 未能读入（见 \(cell) 的错误）；改正后重新导入时核对", cells[c])
                        continue
                    }
                    let sum = totals[kind] ?? 0
                    if given != sum {
                        problem(.weightTotalMismatch, "合计「\(n)」与各项目之和 \(DecimalText.plain(sum)) 不符", cells[c])
                    }
                }
                break
            }
            if cells.allSatisfy({ Labels.normalize($0.text).isEmpty }) { continue }
            guard !name.isEmpty else {
                problem(.noProjectName, "这一行没有项目名称", nameCell)
                continue
            }
            if let previous = names[name] {
                problem(.duplicateProject, "项目「\(name)」在 \(previous) 已经列出", nameCell)
                continue
            }
            names[name] = nameCell.address
            let code = columns[.code].map { cells[$0].text.trimmed } ?? ""
            var id = String(format: "project-%02d", entries.count + 1)
            if !code.isEmpty {
                let slug = String(code.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }.map(Character.init))
                if slug.isEmpty {
                    problem(.badOutputName, "项目代码「\(code)」中没有字母或数字，不能作为项目标识", cells[columns[.code]!])
                } else {
                    id = "p-" + slug
                }
            }
            var members: [(key: String, value: JSONValue)] = [
                ("_comment", .string("由 reportgen import --projects 从「\((input as NSString).lastPathComponent)」第 \(r + 1) 行生成的项目骨架：请补全 goals、indicators、body 等。")),
                ("id", .string(id)), ("name", .string(name)),
            ]
            for (kind, key) in [(Column.department, "department"), (.implementer, "implementer"), (.kind, "kind")] {
                if let c = columns[kind], !cells[c].text.trimmed.isEmpty { members.append((key, .string(cells[c].text.trimmed))) }
            }
            var fund: [(key: String, value: JSONValue)] = [("source", .string("财政拨款"))]
            for (kind, key) in [(Column.initialBudget, "initialBudget"), (.annualBudget, "annualBudget"), (.received, "received"), (.executed, "executed")] {
                guard let c = columns[kind], !Labels.isBlank(cells[c].text) else { continue }
                guard !cells[c].isBroken, let n = Labels.number(cells[c].text), !n.hasPrefix("-") else {
                    if cells[c].isBroken {
                        problem(.formulaValue, "单元格是错误值或没有计算结果的公式", cells[c])
                    } else if let n = Labels.number(cells[c].text) {
                        problem(.negativeAmount, "金额「\(n)」是负数", cells[c])
                    } else {
                        problem(.importNotANumber, "「\(cells[c].text.trimmed)」不是数字", cells[c])
                    }
                    if lost[kind] == nil { lost[kind] = cells[c].address }
                    continue
                }
                if let formula = cells[c].formula { report.notes.append("\(grid.position(of: cells[c].address)) 是公式（\(SheetGrid.describe(formula: formula))），采用其保存的计算结果「\(n)」") }
                fund.append((key, .string(n)))
                totals[kind, default: 0] += Decimal(string: n, locale: Locale(identifier: "en_US_POSIX")) ?? 0
            }
            if moneyUnit?.0 == "元" { fund.append(("unit", .string("元"))) }
            let scored = fund.contains { $0.key == "annualBudget" } && fund.contains { $0.key == "executed" }
            // A skeleton scores only when it can: mof-2020 needs 全年预算数 and 执行数.
            members.append(("scoring", .string(scored ? "mof-2020" : "none")))
            if fund.count > 1 { members.append(("funds", .array([.object(JSONObject(fund))]))) }
            entries.append(Entry(id: id, json: .object(JSONObject(members)), name: name))
        }
        if entries.isEmpty && problems.isEmpty { problem(.noProjectName, "清单中没有任何项目") }
        let ids = Dictionary(grouping: entries, by: \.id).filter { $0.value.count > 1 }
        for (id, same) in ids.sorted(by: { $0.key < $1.key }) {
            problem(.duplicateProject, "项目标识 \(id) 重复（\(same.map(\.name).joined(separator: "、"))）：项目代码应各不相同")
        }
        guard problems.isEmpty, let year, let unit else { throw ImportErrors(problems) }

        var files: [(String, [UInt8])] = entries.map { ("projects/\($0.id).json", Array(JSONText.text($0.json).utf8)) }
        let package = JSONValue.object(JSONObject([
            ("format", .string("reportgen/1")),
            ("year", .number(String(year))),
            ("unit", .object(JSONObject([("name", .string(unit))]))),
            ("projects", .array([.string("projects/*.json")])),
        ]))
        files.append(("package.json", Array(JSONText.text(package).utf8)))
        let root = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        if !force {
            let existing = files.map { root + "/" + $0.0 }.filter { SystemFiles.kind($0) != .missing }
            if !existing.isEmpty {
                throw ImportErrors(existing.map { ImportProblem(.importOutputWrite, "文件已存在；要覆盖请加 --force", file: $0) })
            }
        }
        for (name, bytes) in files {
            let path = root + "/" + name
            try OutputFile.write(bytes, to: path) { (_: String) throws(ImportErrors) in }
            report.written.append(path)
        }
        return report
    }
}
