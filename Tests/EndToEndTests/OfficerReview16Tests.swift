import Foundation
import OOXML
import Testing

/// Officer review 16: the four examples' documents read as the signing officer reads them; the
/// refitted form columns, the label breaks and the row height estimate measure table text by the
/// one width model (`TextWidths`) the cell and body lines use.
@Suite(.serialized) struct OfficerReview16Tests {
    /// The ippe 自评表's indicator table: a column whose longest figure is “106.67%” gets room for
    /// that figure as LibreOffice prints it. In Liberation Serif at 10.5 pt (an em of 210 twips)
    /// the five digits take 5 × 105, “.” 250‰ (52.5) and “%” 833‰ (174.9): 752.4 twips, to which
    /// the refit adds Word's default cell margins (216). The old measure took every half-width
    /// character for half an em (7 × 105 = 735) and gave the 完成率 column 951 twips, 17 short of
    /// the figure's own width; whole twips per character may lose up to one each.
    @Test func aFiguresColumnHoldsItsWidestFigureAsPrinted() throws {
        let ippe = try PackageTests.generate("ippe-demo")
        let docx = ippe.appendingPathComponent("项目支出绩效自评表-医保政策宣传与经办能力提升.docx")
        let package = try DocxPackage(path: docx.path)
        let root = try package.xml(package.mainDocumentPartName).root
        let printed = 5 * 105 + 52.5 + 174.9
        var checked = 0
        for table in OfficerReview11Tests.tables(root) {
            let grid = OfficerReview12Tests.grid(table)
            for row in OfficerReview11Tests.rows(table) {
                for cell in row.cells where OfficerReview4Tests.text(cell.element) == "106.67%" {
                    let width = try #require(grid.indices.contains(cell.column) ? grid[cell.column] : nil)
                    #expect(Double(width) >= printed + 216 - 7, "完成率 column \(width) twips")
                    checked += 1
                }
            }
        }
        #expect(checked == 1)
    }
}

extension OfficerReview16Tests {
    /// Seed 004's “公务用车购置及运行维护费支出2.28万元,完成预算56.3%” printed its half-width comma
    /// among full-width marks, as did six more texts copied from the seeds (“政策,落地”, “采购, 开展”,
    /// “渠道,方便”, “方案,包括”, “结果为:总得分”). `validate` names each such value and the mark
    /// (W-DEF-039); a figure's comma (“1,000”), a number's colon (“目标1:加强”) and a tag's colon
    /// (`{{资金:县区级.到位数}}`) are not between Chinese characters. The examples hold none now.
    @Test func halfWidthMarksBetweenChineseCharactersAreWarnedAbout() throws {
        let warnings = try Self.validated(firstText: "全年支出5万元,完成预算100%；（项）: 支出。",
                                          addedText: "目标1:加强监管，资助1,000人次，到位{{资金:县区级.到位数}}万元。", code: "W-DEF-039")
        #expect(warnings.count == 1, "\(warnings)")
        #expect(warnings.first.map { $0.contains("body[0].text") && $0.contains("万元,完成") && $0.contains("“，”") } == true, "\(warnings)")
    }

    /// The lines of `code` that `validate` prints for a copy of the zhongdian example whose first
    /// body text is `firstText`, with a section of `addedText` after it; the four examples are
    /// checked to give none (they are the seeds' texts, corrected).
    static func validated(firstText: String, addedText: String, code: String) throws -> [Substring] {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let copy = work.appendingPathComponent("pkg")
        try FileManager.default.copyItem(at: ReliabilityReview3Tests.zhongdian, to: copy)
        let projectFile = copy.appendingPathComponent("projects/zhongdian-jiuzhu.json")
        var project = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: projectFile)) as? [String: Any])
        var body = try #require(project["body"] as? [[String: Any]])
        body[0]["text"] = firstText
        body.append(["heading": "其他", "text": addedText])
        project["body"] = body
        try JSONSerialization.data(withJSONObject: project).write(to: projectFile)
        let run = try EndToEnd.reportgen(["validate", copy.appendingPathComponent("package.json").path])
        #expect(run.status == 0, "\(run.stderr)")

        for example in ["yanbian-2021", "panzhihua-2021", "zhongdian-jiuzhu-2021", "ippe-demo"] {
            let check = try EndToEnd.reportgen(["validate", EndToEnd.packageRoot.appendingPathComponent("examples/\(example)/package.json").path])
            #expect(!check.stderr.contains(code), "\(example): \(check.stderr)")
        }
        return run.stderr.split(separator: "\n").filter { $0.contains(code) }
    }
}
