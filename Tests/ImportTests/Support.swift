import Foundation
import OOXML
import Testing

enum Fixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    /// The repository root (Tests/ImportTests/…).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// A one-sheet workbook in memory: `cells` is the inside of `<sheetData>`, `styles` the
/// `<numFmts>`/`<cellXfs>` of styles.xml (no styles part when nil).
func workbook(cells: String, merges: [String] = [], styles: String? = nil, shared: [String] = [], sheetName: String = "表1",
              strict: Bool = false) throws -> [UInt8] {
    let ns = strict ? #"xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main" xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships""#
        : #"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#
    let rel = strict ? "http://purl.oclc.org/ooxml/officeDocument/relationships" : "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    var rels = #"<Relationship Id="rId1" Type="\#(rel)/worksheet" Target="worksheets/sheet1.xml"/>"#
    var entries: [(name: String, content: ZipEntryContent)] = []
    let mergeXML = merges.isEmpty ? "" : "<mergeCells>" + merges.map { #"<mergeCell ref="\#($0)"/>"# }.joined() + "</mergeCells>"
    entries.append(("xl/worksheets/sheet1.xml", .bytes(Array("<worksheet \(ns)><sheetData>\(cells)</sheetData>\(mergeXML)</worksheet>".utf8))))
    if let styles {
        rels += #"<Relationship Id="rId2" Type="\#(rel)/styles" Target="styles.xml"/>"#
        entries.append(("xl/styles.xml", .bytes(Array("<styleSheet \(ns)>\(styles)</styleSheet>".utf8))))
    }
    if !shared.isEmpty {
        rels += #"<Relationship Id="rId3" Type="\#(rel)/sharedStrings" Target="sharedStrings.xml"/>"#
        entries.append(("xl/sharedStrings.xml", .bytes(Array("<sst \(ns)>\(shared.joined())</sst>".utf8))))
    }
    entries.append(("xl/_rels/workbook.xml.rels", .bytes(Array(#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\#(rels)</Relationships>"#.utf8))))
    entries.append(("xl/workbook.xml", .bytes(Array(#"<workbook \#(ns)><sheets><sheet name="\#(sheetName)" sheetId="1" r:id="rId1"/></sheets></workbook>"#.utf8))))
    entries.append(("_rels/.rels", .bytes(Array(#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(rel)/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.utf8))))
    return try ZipWriter.bytes(entries)
}

/// A scratch folder, removed when the value goes away.
final class Scratch {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("import-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}
