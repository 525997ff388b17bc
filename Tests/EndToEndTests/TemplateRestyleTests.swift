import Foundation
import OOXML
import Testing

/// Staff review 4: a finance-office member restyles a default template in Word/WPS (edits made
/// to word/document.xml as Word saves them) and runs `template check` and `package --templates`
/// on it. Each edit that changes what the reports print is named, with its place and the fix.
@Suite struct TemplateRestyleTests {
    static let sheet = "self-evaluation-sheet.docx"

    /// A folder holding a copy of the default `file` with `edits` made to word/document.xml.
    static func edited(_ edits: [(String, String)], in file: String = sheet) throws -> URL {
        let source = EndToEnd.packageRoot.appendingPathComponent("templates/\(file)")
        let archive = try ZipArchive(bytes: Array(try Data(contentsOf: source)), name: file)
        var entries: [(name: String, content: ZipEntryContent)] = []
        for entry in archive.entries {
            guard entry.name == "word/document.xml" else { entries.append((entry.name, .copy(archive, entryName: entry.name))); continue }
            var text = String(decoding: try archive.read(entry.name), as: UTF8.self)
            for (old, new) in edits {
                #expect(text.contains(old), "template lacks \(old)")
                if let range = text.range(of: old) { text.replaceSubrange(range, with: new) }
            }
            entries.append((entry.name, .bytes(Array(text.utf8))))
        }
        let dir = try EndToEnd.temporaryDirectory().appendingPathComponent("我的模板")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(try ZipWriter.bytes(entries)).write(to: dir.appendingPathComponent(file))
        return dir
    }

    /// The coded lines of `template check` on the edited copy.
    static func check(_ dir: URL, _ file: String = sheet) throws -> (status: Int32, lines: [String]) {
        let result = try EndToEnd.reportgen(["template", "check", dir.appendingPathComponent(file).path])
        return (result.status, result.stderr.split(separator: "\n").map(String.init).filter { $0.contains("-TPL-") })
    }

    /// A template with a syntax error and a misspelt field: `package --templates` lists both, as
    /// `template check` does — it used to list only the syntax error, so the person fixed it,
    /// ran again and only then learnt of the misspelt field.
    @Test func packageListsEveryProblemTemplateCheckLists() throws {
        let dir = try Self.edited([("{{/indicators}}", ""), ("{{project.implementer}}", "{{project.implementor}}")])
        let checked = try Self.check(dir)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 2 && checked.lines.contains { $0.contains("E-TPL-001") }
                && checked.lines.contains { $0.contains("E-TPL-020") && $0.contains("project.implementer") }, "\(checked.lines)")
        let out = dir.deletingLastPathComponent().appendingPathComponent("out")
        let package = PackageTests.examplePackage("zhongdian-jiuzhu-2021").path
        let result = try EndToEnd.reportgen(["package", package, "--templates", dir.path, "-o", out.path])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init).filter { $0.contains("E-TPL-") }
        #expect(lines.count == 2 && lines.contains { $0.contains("E-TPL-001") } && lines.contains { $0.contains("E-TPL-020") && $0.contains("project.implementer") }, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
