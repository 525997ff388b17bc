import Foundation
import Import
import OOXML
import Reports
import Testing

/// Data-entry review 1: what a clerk's own workbook holds that the fixtures did not —
/// 2021年12月31日 typed into a cell (Excel and WPS store a date serial with a 年月日 format),
/// an indicator row cleared inside a merged 一级指标 cell, digits typed with a Chinese input
/// method. Expected values follow from the sheet as a person reads it.
@Suite struct DataEntryReview1Tests {
    /// Serial 44561 is 2021-12-31 (SpreadsheetReaderTests); 44555 six days earlier.
    @Test func chineseDateFormatsReadAsTheCellShowsThem() throws {
        let styles = """
        <numFmts><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>\
        <numFmt numFmtId="177" formatCode="[DBNum1][$-804]yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>\
        <numFmt numFmtId="178" formatCode="[$-804]yyyy&quot;年&quot;mm&quot;月&quot;dd&quot;日&quot;;@"/>\
        <numFmt numFmtId="179" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot; h:mm"/></numFmts>
        <cellXfs><xf numFmtId="0"/><xf numFmtId="176"/><xf numFmtId="31"/><xf numFmtId="58"/><xf numFmtId="177"/>\
        <xf numFmtId="178"/><xf numFmtId="179"/><xf numFmtId="14"/><xf numFmtId="57"/></cellXfs>
        """
        let cells = """
        <row r="1"><c r="A1" s="1"><v>44561</v></c><c r="B1" s="2"><v>44555</v></c><c r="C1" s="3"><v>44555</v></c>\
        <c r="D1" s="4"><v>44555</v></c><c r="E1" s="5"><v>44202</v></c><c r="F1" s="6"><v>44555.5</v></c>\
        <c r="G1" s="7"><v>44555</v></c><c r="H1" s="8"><v>44555</v></c></row>
        """
        let sheet = try SpreadsheetPackage(bytes: try workbook(cells: cells, styles: styles), name: "d.xlsx").sheet()
        func text(_ a: String) -> String? { sheet.cell(at: CellPosition(a)!)?.text }
        #expect(text("A1") == "2021年12月31日")
        #expect(text("B1") == "2021年12月25日")   // built-in 31, as Chinese Excel writes it
        #expect(text("C1") == "12月25日")         // built-in 58
        #expect(text("H1") == "2021年12月")        // built-in 57
        #expect(text("E1") == "2021年01月06日")   // mm/dd pad, [$-804] is only a locale tag
        // Chinese numerals ([DBNum1]), a time of day, and the locale's own yyyy/m/d are not
        // spelled out: the one stable form.
        #expect(text("D1") == "2021-12-25")
        #expect(text("F1") == "2021-12-25")
        #expect(text("G1") == "2021-12-25")
    }

    /// The CSV fixture sheet (ImportCSVTests.sheet) as a workbook of inline strings, each cell
    /// in `override` written as given instead (a number with a style).
    static func workbookOf(_ csv: String, override: [String: String] = [:], styles: String? = nil, merges: [String] = []) throws -> [UInt8] {
        var rows = ""
        for (r, line) in csv.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            var cells = ""
            for (c, field) in Self.fields(String(line)).enumerated() {
                let address = CellPosition.columnName(c + 1) + "\(r + 1)"
                if let given = override[address] { cells += given; continue }
                guard !field.isEmpty else { continue }
                let escaped = field.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                cells += #"<c r="\#(address)" t="inlineStr"><is><t>\#(escaped)</t></is></c>"#
            }
            rows += #"<row r="\#(r + 1)">\#(cells)</row>"#
        }
        return try workbook(cells: rows, merges: merges, styles: styles)
    }

    /// The fields of one CSV line (quoted fields as in the fixture sheet).
    static func fields(_ line: String) -> [String] {
        var out: [String] = [], field = "", quoted = false
        var chars = Array(line)[...]
        while let ch = chars.popFirst() {
            if quoted {
                if ch == "\"" { if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false } } else { field.append(ch) }
            } else if ch == "\"" { quoted = true } else if ch == "," { out.append(field); field = "" } else { field.append(ch) }
        }
        out.append(field)
        return out
    }

    func imported(_ bytes: [UInt8]) throws -> LoadedProject {
        let scratch = try Scratch()
        let input = scratch.path("自评表.xlsx")
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        let output = scratch.path("projects/a.json")
        _ = try ProjectImport.run(input: input, sheet: nil, output: output, year: 2021)
        return try #require(try DefinitionLoader.load(path: output).projects.first)
    }

    /// 完成时间's 2021年12月31日前 typed as the date 2021年12月31日 in both cells: the
    /// definition holds what the sheet shows, and the two equal texts are 100 %.
    @Test func aDateTypedIntoAnIndicatorIsTheTextTheSheetShows() throws {
        let sheet = ImportCSVTests.sheet.replacingOccurrences(of: "2021年12月31日前,2021年12月31日前", with: "D,D")
        let row = try #require(sheet.split(separator: "\n").firstIndex { $0.contains("完成时间") }) + 1
        let styles = #"<numFmts><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="176"/></cellXfs>"#
        let project = try imported(try Self.workbookOf(sheet, override: [
            "E\(row)": #"<c r="E\#(row)" s="1"><v>44561</v></c>"#, "F\(row)": #"<c r="F\#(row)" s="1"><v>44561</v></c>"#,
        ], styles: styles))
        let indicator = try #require(project.definition.indicators.first { $0.name == "完成时间" })
        #expect(indicator.target == "2021年12月31日" && indicator.actual == "2021年12月31日")
        #expect(project.evaluation.scoresheet?.total == Decimal(string: "95.53"))
    }

    /// An indicator's cells cleared but its row kept inside the merged 产出指标 cell: the row
    /// is blank (as a blank row anywhere else in the table), not an indicator missing its
    /// 二级指标, 三级指标 and values.
    @Test func aClearedRowInsideAMergedLevel1CellIsBlank() throws {
        var lines = ImportCSVTests.sheet.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let quality = try #require(lines.firstIndex { $0.contains("设备验收合格率") })
        lines.insert(",,,,,,,,", at: quality + 1)
        let first = try #require(lines.firstIndex { $0.contains("购置设备数量") }) + 1
        // 产出指标 merged down over 数量、质量、the cleared row and 时效 (rows first…first+3).
        let project = try imported(try Self.workbookOf(lines.joined(separator: "\n"), merges: ["A\(first):A\(first + 3)"]))
        #expect(project.definition.indicators.map(\.name) == ["购置设备数量", "设备验收合格率", "完成时间", "基层就诊率提升", "群众满意度"])
        #expect(project.definition.indicators.prefix(3).allSatisfy { $0.level1 == "产出指标" })
        #expect(project.evaluation.scoresheet?.total == Decimal(string: "95.53"))
    }

    func problems(_ text: String) -> [ImportProblem] {
        do {
            let scratch = try Scratch()
            let input = scratch.path("自评表.csv")
            try Data(text.utf8).write(to: URL(fileURLWithPath: input))
            _ = try ProjectImport.run(input: input, sheet: nil, output: scratch.path("projects/a.json"), year: 2021)
            return []
        } catch let error as ImportErrors {
            return error.problems
        } catch {
            Issue.record("\(error)")
            return []
        }
    }

    /// Digits typed with a Chinese input method (２０, １００.００％): E-IMP-030 names the
    /// full-width characters and the value to type, as a definition's E-DEF-014 does.
    @Test func fullWidthFiguresNameTheHalfWidthValue() throws {
        let found = problems(ImportCSVTests.sheet
            .replacingOccurrences(of: ",设备验收合格率,20,100%,100%,100.00%,20,", with: ",设备验收合格率,２０,100%,100%,１００.００％,20,"))
        let weight = try #require(found.first { $0.message.hasPrefix("分值") })
        #expect(weight.code.rawValue == "E-IMP-030")
        #expect(weight.message == "分值「２０」不是数字；其中有中文输入法输入的全角字符 ２ ０，请在英文输入法下重新输入（改正后是「20」）。")
        let rate = try #require(found.first { $0.message.hasPrefix("完成率") })
        #expect(rate.code.rawValue == "E-IMP-030")
        #expect(rate.message.hasSuffix("（改正后是「100.00%」）。"), "\(rate.message)")
        // Text that is no number at all keeps the advice on what a figure looks like.
        let word = problems(ImportCSVTests.sheet.replacingOccurrences(of: ",设备验收合格率,20,", with: ",设备验收合格率,二十,"))
        #expect(word.first?.message == "分值「二十」不是数字（不要带单位或文字）")
    }
}
