import Foundation
import OOXML
import Testing

/// Issue 11 items 7 and 8: coded Chinese lines for OS errors and the smaller gaps.
@Suite struct MessageTests {
    static let root = EndToEnd.packageRoot

    @Test func templateFieldsErrorsHaveACode() throws {
        let bad = Self.root.appendingPathComponent("Tests/TemplatingFixtures/bad.docx").path
        let result = try EndToEnd.reportgen(["template", "fields", bad])
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-TPL-015"))
        #expect(result.stderr.contains("E-TPL-0"), "each error listed with its own code")
    }

    @Test func validateFailsAMissingTemplateAsPackageDoes() throws {
        let work = try EndToEnd.temporaryDirectory()
        let copy = work.appendingPathComponent("pkg")
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("examples/ippe-demo"), to: copy)
        let file = copy.appendingPathComponent("package.json")
        var text = try String(contentsOf: file, encoding: .utf8)
        let brace = try #require(text.firstIndex(of: "{"))
        text.insert(contentsOf: #""templates": {"project": "没有这个模板.docx"}, "#, at: text.index(after: brace))
        try text.write(to: file, atomically: true, encoding: .utf8)
        let validate = try EndToEnd.reportgen(["validate", file.path])
        #expect(validate.status == 1)
        #expect(validate.stderr.contains("E-OUT-006") && validate.stderr.contains("templates.project") && validate.stderr.contains("没有这个模板.docx"))
        let package = try EndToEnd.reportgen(["package", file.path, "-o", work.appendingPathComponent("out").path])
        #expect(package.status == 1 && package.stderr.contains("E-OUT-006"))
    }

    @Test func packageGivenAProjectFileSaysSo() throws {
        let projects = Self.root.appendingPathComponent("examples/ippe-demo/projects")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: projects.path).filter { $0.hasSuffix(".json") }.sorted().first)
        let out = try EndToEnd.temporaryDirectory().appendingPathComponent("out")
        let result = try EndToEnd.reportgen(["package", projects.appendingPathComponent(name).path, "-o", out.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-OUT-014") && result.stderr.contains("单个项目的定义文件"))
        #expect(result.stderr.split(separator: "\n").count == 2, "one error line and the summary: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// Found by FuzzTemplate: bytes invalid in the declared encoding made libxml2 print English
    /// lines ("encoding error : input conversion failed") outside reportgen's own message.
    @Test func libxml2PrintsNothingOfItsOwn() throws {
        let good = try MemoryBoundTests.docx("<w:p/>")
        let archive = try ZipArchive(bytes: good, name: "t.docx")
        let document = Array(#"<?xml version="1.0" encoding="EUC-JP"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>"#.utf8)
            + [0xFC, 0x74] + Array("</w:t></w:r></w:p></w:body></w:document>".utf8)
        let entries: [(name: String, content: ZipEntryContent)] = archive.entries.map { entry in
            (entry.name, entry.name == "word/document.xml" ? .bytes(document) : .copy(archive, entryName: entry.name))
        }
        let template = try EndToEnd.temporaryDirectory().appendingPathComponent("t.docx")
        try Data(try ZipWriter.bytes(entries)).write(to: template)
        let result = try EndToEnd.reportgen(["template", "check", template.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-XML-001"))
        #expect(!result.stderr.contains("encoding error") && !result.stderr.contains("I/O error"), "\(result.stderr)")
    }

    @Test func unreadableInputsGiveTheErrnoMeaningInChinese() throws {
        let missing = try EndToEnd.temporaryDirectory().appendingPathComponent("没有.docx").path
        let check = try EndToEnd.reportgen(["template", "check", missing])
        #expect(check.status == 1)
        // Named by its role (review 7), as the person typed it: absolute here.
        #expect(check.stderr.contains("E-IO-006 模板文件 \(missing)：读取失败：文件或目录不存在"), "\(check.stderr)")
        let directory = try EndToEnd.temporaryDirectory().path
        let render = try EndToEnd.reportgen(["render", "--template", directory, "--data", directory, "-o", directory + "/x.docx"])
        #expect(render.status == 1)
        #expect(render.stderr.contains("E-IO-007") && render.stderr.contains("这是目录"))
        for english in ["couldn’t", "couldn't", "NSCocoaErrorDomain", "No such file"] { #expect(!check.stderr.contains(english) && !render.stderr.contains(english)) }
    }
}
