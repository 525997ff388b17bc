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
