import Foundation
import Testing
@testable import Reports

/// Every shipped example validates, and every figure its seed prints (examples/*/seed-figures.json,
/// copied from the seed text by the examples author) equals what reportgen computes.
@Suite struct ExamplesTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples")

    static var packages: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: examples.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: examples.appendingPathComponent($0 + "/package.json").path) }.sorted()
    }

    @Test func examplesExist() { #expect(Self.packages.count >= 4) }

    @Test(arguments: packages)
    func exampleValidatesWithoutErrors(_ name: String) throws {
        let path = Self.examples.appendingPathComponent(name + "/package.json").path
        let loaded = try PackageLoader.load(path: path)
        #expect(!loaded.projects.isEmpty)
        #expect(!loaded.warnings.contains { $0.isError })
    }

    @Test(arguments: packages)
    func seedFiguresEqualComputedOnes(_ name: String) throws {
        let dir = Self.examples.appendingPathComponent(name)
        let package = try PackageLoader.load(path: dir.appendingPathComponent("package.json").path)
        let data = try Data(contentsOf: dir.appendingPathComponent("seed-figures.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let projects = try #require(root["projects"] as? [String: [[String: Any]]])
        var checked = 0
        for (id, figures) in projects {
            let project = try #require(package.project(id: id), "seed-figures names unknown project \(id)")
            for figure in figures {
                let key = try #require(figure["key"] as? String)
                // Where the seed contradicts itself, the data follow the consistent figure: compare with it.
                let printed = (figure["inconsistent"] as? Bool == true ? figure["expected"] : nil) as? String
                    ?? figure["means"] as? String ?? figure["value"] as? String
                // Separately printed amounts the data hold as one sum, compared at their printed precision.
                let parts = (figure["parts"] as? [String])?.compactMap { FormNumber(literal: $0) }
                let computed = SeedFigure.value(key, in: project)
                #expect(computed != nil, "\(name)/\(id): no computed figure for \(key)")
                guard let computed else { continue }
                if let parts {
                    let sum = FormNumber(parts.map(\.value).reduce(0, +), scale: parts.map(\.scale).max() ?? 0)
                    #expect(SeedFigure.matches(sum.description, computed, scale: 1), "\(name)/\(id) \(key): parts \(parts) vs \(computed)")
                } else if let printed {
                    // Computed fund figures are in 万元 whatever unit the data used (元 converted).
                    let inYuan = figure["unit"] as? String == "元"
                    #expect(SeedFigure.matches(printed, computed, scale: inYuan ? 10000 : 1),
                            "\(name)/\(id) \(key): seed prints \(printed), computed \(computed)")
                }
                checked += 1
            }
        }
        #expect(checked > 0)
    }
}

/// Seed 004 contradicts itself: the 资金情况 table gives 计划数 166.98 for the 综合柜员制 project,
/// its 特定目标类 form prints 预算数 167.64. The example follows the table; typing the form's
/// figure as a total must be refused with both numbers named, never silently accepted.
@Suite struct SeedDiscrepancyTests {
    @Test func formBudgetOfSeed004IsRefusedAsATotal() throws {
        let dir = try TemporaryDirectory()
        let source = ExamplesTests.examples.appendingPathComponent("panzhihua-2021/projects/zonghe-guiyuanzhi-xitong-tiaozheng.json")
        var text = try String(contentsOf: source, encoding: .utf8)
        let line = "\"executed\": \"50.094\"\n    }"
        #expect(text.contains(line))
        text = text.replacingOccurrences(of: line, with: line + ",\n    { \"source\": \"合计\", \"annualBudget\": \"167.64\", \"executed\": \"50.094\" }")
        let found = problems(of: try dir.write("p.json", text))
        let error = try #require(found.first { $0.code.rawValue == "E-DEF-031" })
        #expect(error.path == "funds[1].annualBudget")
        #expect(error.message.contains("167.64") && error.message.contains("166.98"))
    }
}

enum SeedFigure: Equatable, CustomStringConvertible {
    case number(Decimal)
    case rate(Decimal)
    case text(String)

    var description: String {
        switch self {
        case .number(let d): return "\(d)"
        case .rate(let d): return FormFormat.rate(d)
        case .text(let s): return s
        }
    }

    /// Compares at the precision the seed prints: `216.23%`, `100%`, `0.038`, `12.5`, `优`.
    static func matches(_ printed: String, _ computed: SeedFigure, scale: Decimal) -> Bool {
        switch computed {
        case .text(let s): return s == printed
        case .rate(let r):
            let bare = printed.hasSuffix("%") ? String(printed.dropLast()) : printed
            return matchesNumber(bare, r * 100)
        case .number(let n): return matchesNumber(printed, n * scale)
        }
    }

    static func matchesNumber(_ printed: String, _ value: Decimal) -> Bool {
        guard let number = FormNumber(literal: printed) else { return false }
        return FormFormat.round(value, places: number.scale) == number.value
    }

    /// The computed figure a seed-figures key names.
    static func value(_ key: String, in project: LoadedProject) -> SeedFigure? {
        let e = project.evaluation
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        guard let head = parts.first else { return nil }
        let rest = parts.count > 1 ? parts[1] : ""
        switch head {
        case "total": return e.total.map(SeedFigure.number)
        case "grade": return e.grade.map { .text($0.rawValue) }
        case "weights": return e.scoresheet.map { .number($0.totalWeight) }
        case "budgetExecution":
            guard let b = e.budgetExecution else { return nil }
            return rest == "rate" ? .rate(b.rate) : .number(b.score)
        case "subtotals": return e.scoresheet?.subtotals.first { $0.name == rest }.map { .number($0.score) }
        case "form":
            // 特定目标类 form: 预算数/执行数 and their 其中：财政拨款 rows.
            let figures = rest.hasSuffix(".fiscal") ? e.funds.fiscal : e.funds.total
            let field = rest.hasPrefix("budget") ? figures?.annualBudget : figures?.executed
            return field.map { SeedFigure.number($0.value) }
        case "ippe":
            guard let sheet = e.scoresheet else { return nil }
            if rest.hasPrefix("二级.") {
                let level2 = String(rest.dropFirst(3))
                return .number(sheet.rows.filter { $0.level2 == level2 }.map(\.score).reduce(0, +))
            }
            let itemKey = rest.split(separator: ".").dropLast().joined(separator: ".")
            guard let row = sheet.rows.first(where: { $0.level2 + "/" + $0.name == itemKey }) else { return nil }
            return rest.hasSuffix(".rate") ? row.completionRate.map(SeedFigure.rate) : .number(row.score)
        default:
            break
        }
        if head.hasPrefix("indicators["), let i = index(in: head), i < e.indicators.count {
            let figure = e.indicators[i]
            return rest == "completionRate" ? figure.completionRate.map(SeedFigure.rate) : figure.score.map(SeedFigure.number)
        }
        if head == "funds" || head.hasPrefix("funds[") {
            return fund(head, rest, e.funds)
        }
        return nil
    }

    private static func index(in head: String) -> Int? {
        guard let open = head.firstIndex(of: "["), let close = head.firstIndex(of: "]") else { return nil }
        return Int(head[head.index(after: open)..<close])
    }

    private static func fund(_ head: String, _ rest: String, _ funds: FundBlock) -> SeedFigure? {
        var column: FundFigures?
        var row = rest
        if head == "funds" {
            let pieces = rest.split(separator: ".").map(String.init)
            guard pieces.count == 2 else { return nil }
            row = pieces[1]
            if pieces[0] == "total" {
                column = funds.total
            } else if let level = FundLevel(rawValue: pieces[0]) {
                // The form prints 0 in the derived rows of a 级次 column without any budget.
                column = funds.figures(level: level) ?? FundFigures(initialBudget: nil, annualBudget: FormNumber(0), received: FormNumber(0), executed: FormNumber(0))
            } else {
                column = funds.figures(source: pieces[0])
            }
        } else if let i = index(in: head), i < funds.lines.count {
            column = funds.lines[i].figures
        } else {
            let name = String(head.dropFirst("funds[".count).dropLast())
            column = FundLevel(rawValue: name).flatMap { funds.figures(level: $0) } ?? funds.figures(source: name)
        }
        guard let c = column else { return nil }
        switch row {
        case "initialBudget": return c.initialBudget.map { SeedFigure.number($0.value) }
        case "annualBudget": return c.annualBudget.map { SeedFigure.number($0.value) }
        case "received": return c.received.map { SeedFigure.number($0.value) }
        case "executed": return c.executed.map { SeedFigure.number($0.value) }
        case "balance": return c.balance.map { SeedFigure.number($0.value) }
        case "receivedRate": return .rate(c.receivedRate ?? 0)
        case "executionRate": return .rate(c.executionRate ?? 0)
        default: return nil
        }
    }
}
