import Foundation
import OOXML
import TextFormats

/// The smallest .xlsx Excel, WPS and LibreOffice open without repair: content types,
/// package and workbook relationships, one workbook, one sheet with inline strings (no
/// sharedStrings or styles part needed). Word's "Edit data" opens it.
enum Workbook {
    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

    /// The parts in the order they are zipped (`[Content_Types].xml` first, as Office does).
    static func parts(for spec: ChartSpec) -> [(name: String, bytes: [UInt8])] {
        [
            ("[Content_Types].xml", contentTypes()),
            ("_rels/.rels", packageRelationships()),
            ("xl/workbook.xml", workbook()),
            ("xl/_rels/workbook.xml.rels", workbookRelationships()),
            ("xl/worksheets/sheet1.xml", sheet(for: spec)),
        ]
    }

    static func contentTypes() -> [UInt8] {
        var x = XMLBuffer()
        x.open("Types", ["xmlns": Namespace.contentTypes])
        x.empty("Default", ["Extension": "rels", "ContentType": ContentType.relationships])
        x.empty("Default", ["Extension": "xml", "ContentType": "application/xml"])
        x.empty("Override", ["PartName": "/xl/workbook.xml", "ContentType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"])
        x.empty("Override", ["PartName": "/xl/worksheets/sheet1.xml", "ContentType": "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"])
        x.close("Types")
        return x.bytes
    }

    static func packageRelationships() -> [UInt8] {
        var x = XMLBuffer()
        x.open("Relationships", ["xmlns": Namespace.packageRelationships])
        x.empty("Relationship", ["Id": "rId1", "Type": RelationshipType.officeDocument, "Target": "xl/workbook.xml"])
        x.close("Relationships")
        return x.bytes
    }

    static func workbook() -> [UInt8] {
        var x = XMLBuffer()
        x.open("workbook", ["xmlns": mainNS, "xmlns:r": Namespace.r])
        x.open("sheets")
        x.empty("sheet", ["name": SheetLayout.sheetName, "sheetId": "1", "r:id": "rId1"])
        x.close("sheets")
        x.close("workbook")
        return x.bytes
    }

    static func workbookRelationships() -> [UInt8] {
        var x = XMLBuffer()
        x.open("Relationships", ["xmlns": Namespace.packageRelationships])
        x.empty("Relationship", ["Id": "rId1", "Type": RelationshipType.worksheet, "Target": "worksheets/sheet1.xml"])
        x.close("Relationships")
        return x.bytes
    }

    static func sheet(for spec: ChartSpec) -> [UInt8] {
        let layout = SheetLayout(categoryCount: spec.categories.count, seriesCount: spec.series.count)
        var x = XMLBuffer()
        x.open("worksheet", ["xmlns": mainNS])
        x.empty("dimension", ["ref": layout.dimension])
        x.open("sheetData")
        x.open("row", ["r": "1"])
        if let unit = spec.unit?.trimmingCharacters(in: .whitespaces), !unit.isEmpty {
            stringCell(&x, column: 0, row: 1, "单位：\(unit)")
        }
        for (s, series) in spec.series.enumerated() {
            stringCell(&x, column: s + 1, row: 1, series.name)
        }
        x.close("row")
        for (i, category) in spec.categories.enumerated() {
            let row = i + 2
            x.open("row", ["r": String(row)])
            stringCell(&x, column: 0, row: row, category)
            for (s, series) in spec.series.enumerated() where i < series.values.count {
                x.open("c", ["r": SheetLayout.cell(column: s + 1, row: row)])
                x.text("v", DecimalText.plain(series.values[i]))
                x.close("c")
            }
            x.close("row")
        }
        x.close("sheetData")
        x.close("worksheet")
        return x.bytes
    }

    private static func stringCell(_ x: inout XMLBuffer, column: Int, row: Int, _ text: String) {
        x.open("c", ["r": SheetLayout.cell(column: column, row: row), "t": "inlineStr"])
        x.open("is")
        if text.first?.isWhitespace == true || text.last?.isWhitespace == true {
            x.text("t", text, ["xml:space": "preserve"])
        } else {
            x.text("t", text)
        }
        x.close("is")
        x.close("c")
    }
}
