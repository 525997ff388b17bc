import Foundation
import OOXML
import Testing

/// The SpreadsheetML reader of `OOXML`: sheets by name, shared and inline strings, cell
/// types, number formats as Excel shows them, merged ranges, formulas with cached values.
@Suite struct SpreadsheetReaderTests {
    @Test func excelStyleFixtureReadsAsExcelShowsIt() throws {
        let book = try SpreadsheetPackage(path: Fixture.path("excel-style.xlsx"))
        #expect(book.sheetNames == ["自评表"])
        let sheet = try book.sheet(named: "自评表")
        func cell(_ a: String) -> SpreadsheetCell? { CellPosition(a).flatMap(sheet.cell(at:)) }
        // Rich-text runs joined; the phonetic guide (rPh) is not text.
        #expect(cell("B2")?.text == "乡村医疗设备购置")
        #expect(cell("A4")?.text == "项目资金（万元）")
        // General shows 15 significant digits: the stored binary artefact reads 0.3.
        #expect(cell("D7")?.value == "0.30000000000000004")
        #expect(cell("D7")?.text == "0.3")
        // Built-in 0.00 (id 2) and 0.00% (id 10); custom `0.00_);[Red]\(0.00\)`.
        #expect(cell("D5")?.text == "120.30")
        #expect(cell("D5")?.formula == "SUM(D6:D8)")
        #expect(cell("G5")?.text == "95.26%")
        #expect(cell("C6")?.text == "100.00")
        #expect(cell("C6")?.numberFormat == #"0.00_);[Red]\(0.00\)"#)
        #expect(cell("J17")?.kind == .text && cell("J17")?.isFormula == true && cell("J17")?.text == "等次：优")
        // A merged range shows its first cell everywhere.
        #expect(sheet.merges.contains(CellRange("A4:A8")!))
        #expect(sheet.shownCell(at: CellPosition("A6")!)?.text == "项目资金（万元）")
        #expect(sheet.cell(at: CellPosition("A6")!) == nil)
    }

    @Test func wpsCustomFormatDropsGrouping() throws {
        let sheet = try SpreadsheetPackage(path: Fixture.path("wps-style.xlsx")).sheet()
        let c6 = try #require(sheet.cell(at: CellPosition("C6")!))
        #expect(c6.numberFormat == "#,##0.00_ ")
        #expect(c6.text == "1203000.00")
        // Empty styled cells under merges are not values.
        #expect(sheet.cell(at: CellPosition("B1")!) == nil)
    }

    @Test func inlineStringsWithoutStyles() throws {
        let sheet = try SpreadsheetPackage(path: Fixture.path("inline-strings.xlsx")).sheet()
        #expect(sheet.cell(at: CellPosition("B1")!)?.text == "乡村医疗设备购置")
        #expect(sheet.cell(at: CellPosition("C4")!)?.text == "100.00" && sheet.cell(at: CellPosition("C4")!)?.kind == .text)
        #expect(sheet.cell(at: CellPosition("D6")!)?.text == "0.3")
    }

    @Test func cellTypesAndNumberFormats() throws {
        let styles = """
        <numFmts><numFmt numFmtId="164" formatCode="0.000"/><numFmt numFmtId="165" formatCode="&quot;¥&quot;#,##0.0;[Red]-#,##0.0"/></numFmts>
        <cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="9"/><xf numFmtId="14"/><xf numFmtId="165"/><xf numFmtId="49"/><xf numFmtId="3"/></cellXfs>
        """
        let cells = """
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="b"><v>1</v></c><c r="C1" t="e"><v>#N/A</v></c>\
        <c r="D1" t="str"><f>A1&amp;"x"</f><v>文本x</v></c><c r="E1"><f>1+1</f></c></row>
        <row r="2"><c r="A2" s="1"><v>12.5</v></c><c r="B2" s="2"><v>0.955</v></c><c r="C2" s="3"><v>44561</v></c>\
        <c r="D2" s="4"><v>1234.56</v></c><c r="E2" s="5"><v>7</v></c><c r="F2" s="6"><v>1234567</v></c></row>
        <row r="3"><c r="A3"><v>1.2345678901234567E-3</v></c><c r="B3"><v>123456789012345678</v></c><c r="C3"><v>-0.1</v></c>\
        <c r="D3" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c><c><v>5</v></c></row>
        """
        let bytes = try workbook(cells: cells, styles: styles, shared: ["<si><t>共享</t></si>"])
        let sheet = try SpreadsheetPackage(bytes: bytes, name: "t.xlsx").sheet(named: "表1")
        func text(_ a: String) -> String? { sheet.cell(at: CellPosition(a)!)?.text }
        #expect(text("A1") == "共享")
        #expect(text("B1") == "TRUE")
        #expect(sheet.cell(at: CellPosition("C1")!)?.kind == .error && text("C1") == "#N/A")
        #expect(text("D1") == "文本x")
        #expect(sheet.cell(at: CellPosition("E1")!)?.isUncalculated == true)
        #expect(text("A2") == "12.500")
        #expect(text("B2") == "96%")              // 0% of 0.955, half-up
        #expect(text("C2") == "2021-12-31")       // serial 44561
        #expect(text("D2") == "1234.6")           // ¥#,##0.0: decoration and grouping left out
        #expect(text("E2") == "7")                // @ shows the value
        #expect(text("F2") == "1234567")
        #expect(text("A3") == "0.00123456789012346")
        #expect(text("B3") == "123456789012346000")
        #expect(text("C3") == "-0.1")
        #expect(text("D3") == "富文本")
        #expect(text("E3") == "5")                // a cell without r follows the previous one
    }

    /// Excel's “Strict Open XML” namespace, and ST_Xstring escapes (`_x000D_`) in shared strings.
    @Test func strictNamespaceAndEscapedCharacters() throws {
        let bytes = try workbook(cells: #"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2.50</v></c></row>"#,
                                 shared: ["<si><t>第一行_x000D_\n第二行 _x005F_x0041_</t></si>"], strict: true)
        let sheet = try SpreadsheetPackage(bytes: bytes, name: "strict.xlsx").sheet()
        #expect(sheet.cell(at: CellPosition("A1")!)?.text == "第一行\r\n第二行 _x0041_")
        #expect(sheet.cell(at: CellPosition("B1")!)?.text == "2.5")
    }

    @Test func structuralProblemsHaveImportCodes() throws {
        let bytes = try workbook(cells: #"<row r="1"><c r="A1"><v>1</v></c></row>"#)
        let book = try SpreadsheetPackage(bytes: bytes, name: "t.xlsx")
        #expect(throws: OOXMLError.self) { try book.sheet(named: "没有") }
        do { _ = try book.sheet(named: "没有") } catch { #expect(error.code == .sheetMissing && error.message.contains("表1")) }
        for cells in [#"<row r="1"><c r="A1" t="s"><v>3</v></c></row>"#, #"<row r="1"><c r="A2"><v>1</v></c></row>"#,
                      #"<row r="1"><c r="A1"><v>1,5</v></c></row>"#, #"<row r="1"><c r="A1" t="q"><v>1</v></c></row>"#] {
            let bad = try SpreadsheetPackage(bytes: try workbook(cells: cells), name: "bad.xlsx")
            do { _ = try bad.sheet(); Issue.record("no error for \(cells)") } catch { #expect(error.code == .badCell, "\(error)") }
        }
        let docx = try ZipWriter.bytes([("word/document.xml", .bytes(Array("<w/>".utf8)))])
        do { _ = try SpreadsheetPackage(bytes: docx, name: "a.docx"); Issue.record("a .docx opened as a workbook") } catch {
            #expect(error.code == .workbookMissing)
        }
    }

    /// The archive limits of a .docx hold for a workbook: a sheet of millions of elements in a
    /// small file is refused before it is parsed.
    @Test func zipAndXMLLimitsApply() throws {
        let row = String(repeating: "<c/>", count: 1000)
        let cells = String(repeating: "<row>\(row)</row>", count: 250)
        do { _ = try SpreadsheetPackage(bytes: try workbook(cells: cells), name: "many.xlsx").sheet(); Issue.record("no limit") } catch let error as OOXMLError { #expect(error.code == .xmlArchiveElements || error.code == .zipBomb, "\(error)") }
    }
}
