import Foundation
import Testing
@testable import Charts

@Suite struct WorkbookTests {
    /// Reads the workbook with Python's zipfile + a strict XML parser, independent of our code.
    static let zipfileScript = """
    import sys, zipfile, json, xml.dom.minidom
    z = zipfile.ZipFile(sys.argv[1])
    assert z.testzip() is None, "CRC"
    names = z.namelist()
    for n in names:
        xml.dom.minidom.parseString(z.read(n))
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sheet = xml.dom.minidom.parseString(z.read("xl/worksheets/sheet1.xml"))
    cells = {}
    for c in sheet.getElementsByTagNameNS(ns, "c"):
        t = c.getElementsByTagNameNS(ns, "t") or c.getElementsByTagNameNS(ns, "v")
        cells[c.getAttribute("r")] = t[0].firstChild.data
    print(json.dumps({"names": names, "cells": cells}, ensure_ascii=False, sort_keys=True))
    """

    static let openpyxlScript = """
    import sys, json, openpyxl
    wb = openpyxl.load_workbook(sys.argv[1])
    ws = wb["Sheet1"]
    print(json.dumps([[None if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)], ensure_ascii=False))
    """

    struct Listing: Decodable { var names: [String]; var cells: [String: String] }

    func writeWorkbook(_ spec: ChartSpec) throws -> (URL, URL) {
        let dir = try Tools.temporaryDirectory("xlsx")
        let file = dir.appendingPathComponent("book.xlsx")
        try Data(try ChartBuilder.parts(for: spec, index: 1).workbook).write(to: file)
        return (dir, file)
    }

    @Test(.enabled(if: Tools.find("python3") != nil, "python3 missing"))
    func workbookIsAValidZipWithTheChartData() throws {
        let (dir, file) = try writeWorkbook(Seed004.totals)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Tools.run(try #require(Tools.find("python3")), ["-c", Self.zipfileScript, file.path])
        try #require(result.status == 0, "\(result.output)")
        let listing = try JSONDecoder().decode(Listing.self, from: Data(result.output.utf8))
        #expect(listing.names == ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                                  "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"])
        #expect(listing.cells == [
            "A1": "单位：万元", "B1": "收入总计", "C1": "支出总计",
            "A2": "2020年", "B2": "411.09", "C2": "411.09",
            "A3": "2021年", "B3": "645.55", "C3": "645.55",
        ])
    }

    @Test(.enabled(if: Tools.openpyxlPython != nil, "no Python with openpyxl (set CHARTS_TEST_PYTHON)"))
    func openpyxlOpensTheWorkbook() throws {
        let (dir, file) = try writeWorkbook(Seed004.income)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Tools.run(try #require(Tools.openpyxlPython), ["-c", Self.openpyxlScript, file.path])
        try #require(result.status == 0, "\(result.output)")
        let rows = try JSONDecoder().decode([[String?]].self, from: Data(result.output.utf8))
        #expect(rows == [
            ["单位：万元", "本年收入"],
            ["一般公共预算财政拨款收入", "644.52"],
            ["政府性基金预算财政拨款收入", "1.01"],
            ["其他收入", "0"],
        ])
    }
}
