import Foundation
import Testing

/// Leftovers 13: the warnings of `reportgen import` ask for the change in the sheet. W-DEF-037
/// (a 元 amount typed as 万元) told the person importing a spreadsheet to add `"unit": "元"` to a
/// JSON file they had not written; W-DEF-003 to fill `deviation`. Each now names the cell and
/// what to write in the sheet before importing again; `validate` keeps the JSON words.
@Suite struct ImportWarningWordsTests {
    /// The 自评表 CSV `package` writes for one project of `NewcomerReview5Tests.project` with
    /// `fund` and the indicators' actual values replaced as given, and the unit's folder.
    static func sheet(fund: String, replacing: [(String, String)] = []) throws -> (csv: URL, dir: URL) {
        var project = NewcomerReview5Tests.project(id: "kufang-xiushan", name: "档案库房修缮", fund: fund)
        for (old, new) in replacing { project = project.replacingOccurrences(of: old, with: new) }
        let dir = try NewcomerReview5Tests.unit(["kufang-xiushan": project])
        let out = dir.deletingLastPathComponent().appendingPathComponent("out")
        let made = try EndToEnd.reportgen(["package", dir.appendingPathComponent("package.json").path, "-o", out.path, "-q"])
        try #require(made.status == 0, "\(made.stderr)")
        return (out.appendingPathComponent("项目支出绩效自评表-档案库房修缮.csv"), dir)
    }

    /// The text after `：` of the first line holding `code`, and its position (before `: W-`).
    static func warning(_ code: String, in stderr: String) -> (position: String, text: String)? {
        guard let line = stderr.split(separator: "\n").first(where: { $0.contains(code) }),
              let at = line.range(of: ": " + code) else { return nil }
        return (String(line[line.index(line.startIndex, offsetBy: 3)..<at.lowerBound]), String(line[at.upperBound...]))
    }

    @Test func aYuanAmountIsFixedInTheSheet() throws {
        let (csv, dir) = try Self.sheet(fund: MessagePathTests.slipped)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let imported = try EndToEnd.reportgen(["import", csv.path, "-o", dir.appendingPathComponent("imported.json").path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let found = try #require(Self.warning("W-DEF-037", in: imported.stderr), "\(imported.stderr)")
        // The cell of the amount: the 全年预算数 of the 财政资金 row, where 350000 stands.
        let cell = try #require(found.position.split(separator: " ").last.map(String.init))
        let rows = try String(contentsOf: csv, encoding: .utf8).components(separatedBy: "\r\n").map { $0.components(separatedBy: ",") }
        let column = Int(cell.unicodeScalars.first!.value) - 65, row = Int(cell.dropFirst())! - 1
        #expect(rows[row][column] == "350000", "\(cell) in \(rows)")
        #expect(found.text.contains("350000") && found.text.contains("35 万元") && found.text.contains("金额单位：元") && found.text.contains("重新导入"),
                "\(found.text)")
        #expect(!found.text.contains(#""unit""#) && !found.text.contains("资金条目加"), "\(found.text)")

        // validate on the same figures in JSON keeps the JSON change.
        let validated = try EndToEnd.reportgen(["validate", dir.appendingPathComponent("package.json").path])
        let json = try #require(Self.warning("W-DEF-037", in: validated.stderr), "\(validated.stderr)")
        #expect(json.text.contains(#""unit": "元""#) && !json.text.contains("金额单位：元"), "\(json.text)")
    }

    /// A completion rate under 90% without a 偏差原因: the sheet's column is named, not
    /// `deviation`, at the indicator's row.
    @Test func aMissingDeviationIsWrittenInTheSheet() throws {
        let (csv, dir) = try Self.sheet(fund: NewcomerReview5Tests.smallFund, replacing: [(#""actual": "95%""#, #""actual": "70%""#)])
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let imported = try EndToEnd.reportgen(["import", csv.path, "-o", dir.appendingPathComponent("imported.json").path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let found = try #require(Self.warning("W-DEF-003", in: imported.stderr), "\(imported.stderr)")
        #expect(found.text.contains("“偏差原因分析及改进措施”一格") && !found.text.contains("deviation（"), "\(found.text)")
        // Its row is the indicator's.
        let cell = try #require(found.position.split(separator: " ").last.map(String.init))
        let rows = try String(contentsOf: csv, encoding: .utf8).components(separatedBy: "\r\n")
        let row = Int(cell.drop { $0.isLetter })! - 1
        #expect(rows[row].contains("查档群众满意度"), "\(cell): \(rows[row])")
    }
}
