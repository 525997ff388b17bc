import Foundation
import OOXML
import Testing

/// Issue 11 item 9: every committed fuzz seed (Fuzz/corpus, which keeps each input a campaign
/// found) goes through the commands that read that kind of input, on the built binary. Each
/// ends with an exit status, never a signal; the campaigns themselves run in scripts/fuzz.sh.
@Suite struct FuzzCorpusTests {
    static func seeds(_ kind: String) throws -> [URL] {
        let folder = EndToEnd.packageRoot.appendingPathComponent("Fuzz/corpus/\(kind)")
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func expectNoCrash(_ result: EndToEnd.Result, _ what: String) {
        #expect(result.status == 0 || result.status == 1, "\(what): exit \(result.status)\n\(result.stderr.prefix(400))")
        #expect(!result.stderr.contains("Fatal error"), "\(what)")
    }

    @Test func jsonSeedsAreValidatedWithoutACrash() throws {
        let seeds = try Self.seeds("json")
        #expect(seeds.count >= 5)
        for seed in seeds {
            Self.expectNoCrash(try EndToEnd.reportgen(["validate", seed.path]), seed.lastPathComponent)
            Self.expectNoCrash(try EndToEnd.reportgen(["validate", "--json", seed.path]), seed.lastPathComponent + " --json")
        }
    }

    @Test func archiveSeedsAreInspectedAndCheckedWithoutACrash() throws {
        for seed in try Self.seeds("archive") {
            Self.expectNoCrash(try EndToEnd.reportgen(["docx", "inspect", seed.path]), seed.lastPathComponent)
            Self.expectNoCrash(try EndToEnd.reportgen(["template", "check", seed.path]), seed.lastPathComponent)
        }
    }

    /// Template seeds are main document parts: wrapped in a minimal package, as FuzzTemplate does,
    /// then checked and rendered.
    @Test func templateSeedsAreCheckedAndRenderedWithoutACrash() throws {
        let work = try EndToEnd.temporaryDirectory()
        let data = work.appendingPathComponent("d.json")
        try Data(#"{"name": "甲", "a": [1, "x"], "b": true, "n": 12.5}"#.utf8).write(to: data)
        for seed in try Self.seeds("template") {
            let docx = work.appendingPathComponent(seed.deletingPathExtension().lastPathComponent + ".docx")
            try Data(try Self.wrap(Array(try Data(contentsOf: seed)))).write(to: docx)
            Self.expectNoCrash(try EndToEnd.reportgen(["template", "check", docx.path]), seed.lastPathComponent)
            Self.expectNoCrash(try EndToEnd.reportgen(["render", "--template", docx.path, "--data", data.path,
                                                       "-o", work.appendingPathComponent("out.docx").path]), seed.lastPathComponent)
        }
    }

    /// The smallest .docx around a main part: content types, the package relationship, the part.
    static func wrap(_ document: [UInt8]) throws -> [UInt8] {
        let types = """
        <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
        """
        let rels = """
        <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
        """
        return try ZipWriter.bytes([("[Content_Types].xml", .bytes(Array(types.utf8))), ("_rels/.rels", .bytes(Array(rels.utf8))),
                                    ("word/document.xml", .bytes(document))])
    }
}
