import Foundation
import Testing
@testable import OOXML

@Suite struct DocxPackageTests {
    @Test func readsPartsTypesAndRelationshipsOfWordLikeFixture() throws {
        let package = try DocxPackage(path: Fixture.path("word-like.docx"))
        #expect(package.mainDocumentPartName == "word/document.xml")
        #expect(package.partNames.count == 24)
        #expect(package.partNames.first == "[Content_Types].xml")
        #expect(package.contentType(of: "word/document.xml") == ContentType.mainDocument)
        #expect(package.contentType(of: "word/header1.xml") == ContentType.header)
        #expect(package.contentType(of: "word/media/image1.png") == "image/png")  // by Default
        #expect(package.contentType(of: "WORD/Media/IMAGE1.PNG") == "image/png")  // OPC: case-insensitive
        #expect(package.contentType(of: "word/nothing.bin") == nil)

        let root = try package.relationships(of: "")
        #expect(root.contains(Relationship(id: "rId1", type: RelationshipType.officeDocument, target: "word/document.xml")))

        let main = try package.relationships(of: "word/document.xml")
        #expect(main.count == 15)
        #expect(main.first { $0.id == "rId13" } == Relationship(id: "rId13", type: RelationshipType.image, target: "media/image1.png"))
        #expect(try package.relatedParts(of: "word/document.xml", type: RelationshipType.header) == ["word/header1.xml", "word/header2.xml"])
        #expect(try package.relatedParts(of: "word/document.xml", type: RelationshipType.customXml) == ["customXml/item1.xml"])
        #expect(try package.relatedParts(of: "word/document.xml", type: RelationshipType.styles) == ["word/styles.xml"])
        #expect(try package.relatedParts(of: "word/document.xml", type: RelationshipType.settings) == ["word/settings.xml"])
        #expect(try package.relationships(of: "word/styles.xml").isEmpty)
        #expect(try package.templatedPartNames() == [
            "word/header1.xml", "word/header2.xml", "word/footer1.xml", "word/footer2.xml",
            "word/document.xml", "word/footnotes.xml", "word/endnotes.xml",
        ])
    }

    @Test func templatedPartsFollowTheRelationshipOrderOfLibreOffice() throws {
        let package = try DocxPackage(path: Fixture.path("libreoffice-saved.docx"))
        // LibreOffice lists header1, footer1, header2, footer2 (rId3…rId6).
        #expect(try package.templatedPartNames() == [
            "word/header1.xml", "word/footer1.xml", "word/header2.xml", "word/footer2.xml",
            "word/document.xml", "word/footnotes.xml", "word/endnotes.xml",
        ])
    }

    @Test func mainDocumentComesFromPackageRelationships() throws {
        let package = try DocxPackage(path: Fixture.path("renamed-main.docx"))
        #expect(package.mainDocumentPartName == "word/document2.xml")
        #expect(try package.relatedParts(of: "word/document2.xml", type: RelationshipType.footnotes) == ["word/footnotes.xml"])
        #expect(try package.templatedPartNames().contains("word/document2.xml"))
        let texts = try package.xpathStrings("//w:t", in: package.mainDocumentPartName)
        #expect(texts.contains("第二节正文。"))
    }

    @Test func xmlPartsParseAndXPathFindsText() throws {
        let package = try DocxPackage(path: Fixture.path("word-like.docx"))
        let document = try package.xml("word/document.xml")
        #expect(document.root.is(Namespace.w, "document"))
        let texts = try document.xpathStrings("//w:body/w:p//w:t")
        #expect(texts.contains("项目概况：进一步健全医疗救助制度，资助重点救助对象参保。"))
        #expect(try document.xpathStrings("count(//w:tbl/w:tr)") == ["3"])
        #expect(try package.xpathStrings("//w:footnote[@w:id='1']//w:t", in: "word/footnotes.xml") == [" 脚注：数据来源于医保信息系统。"])
        #expect(try package.xpathStrings("//rel:Relationship[@Id='rId1']/@Target", in: "_rels/.rels") == ["word/document.xml"])
        expectError(.xpath) { _ = try document.xpathStrings("//w:p[") }
    }

    @Test func replaceAndAddParts() throws {
        _ = try Self.changedPackage()
    }

    /// A Python with python-docx and lxml: docx-check's venv (`../shared/tools/setup-docx-check.sh`)
    /// or python3 on PATH; nil without one, and the test below shows as skipped (it used to fail
    /// on a machine without ../shared, requiring the venv's fixed path).
    static let pythonDocx: String? = {
        var candidates: [String] = []
        if let venv = ProcessInfo.processInfo.environment["DOCX_CHECK_VENV"] { candidates.append(venv + "/bin/python") }
        candidates.append("/opt/docx-check-venv/bin/python")
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append(String(directory) + "/python3")
        }
        return candidates.first { candidate in
            FileManager.default.isExecutableFile(atPath: candidate)
                && (try? runProgram(candidate, ["-c", "import docx, lxml"]).status) == 0
        }
    }()

    @Test(.enabled(if: pythonDocx != nil, "需要装有 python-docx 与 lxml 的 Python（../shared/tools/setup-docx-check.sh 安装）"))
    func pythonDocxOpensTheChangedPackage() throws {
        let package = try Self.changedPackage()
        // An independent reader: python-docx (lxml, zipfile) finds the new paragraph and part.
        let directory = try TemporaryDirectory()
        let path = directory.path("changed.docx")
        try package.write(to: path)
        let script = """
        import sys, docx
        d = docx.Document(sys.argv[1])
        print(d.paragraphs[0].text)
        rels = {r.rId: r for r in d.part.rels.values()}
        print(rels['rId16'].target_part.partname, rels['rId16'].target_part.content_type)
        print(len(d.sections[0].header.paragraphs))
        """
        let result = try runProgram(try #require(Self.pythonDocx), ["-c", script, path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("新增段落 & <测试>"))
        #expect(result.output.contains("/word/charts/chart1.xml \(ContentType.chart)"))
    }

    /// word-like.docx with a paragraph replaced and a chart and an image added, checked as read back.
    static func changedPackage() throws -> DocxPackage {
        var package = try DocxPackage(path: Fixture.path("word-like.docx"))
        var document = try package.xml("word/document.xml")
        // A new first paragraph, the way Word writes one.
        let run = XMLElement(name: "w:r", namespaceURI: Namespace.w, children: [
            .element(XMLElement(name: "w:t", namespaceURI: Namespace.w, children: [.text("新增段落 & <测试>")])),
        ])
        var body = try #require(document.root.elements.first { $0.is(Namespace.w, "body") })
        body.children.insert(.element(XMLElement(name: "w:p", namespaceURI: Namespace.w, children: [.element(run)])), at: 0)
        let bodyIndex = try #require(document.root.children.firstIndex {
            if case .element(let e) = $0 { return e.is(Namespace.w, "body") } else { return false }
        })
        document.root.children[bodyIndex] = .element(body)
        package.replace("word/document.xml", with: document.serialized())

        let chart = Array("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r
        <c:chartSpace xmlns:c="\(Namespace.c)"><c:chart/></c:chartSpace>
        """.utf8)
        let chartId = try package.add("word/charts/chart1.xml", contentType: ContentType.chart, bytes: chart,
                                      relatedFrom: "word/document.xml", type: RelationshipType.chart)
        #expect(chartId == "rId16")
        let noteId = try package.add("word/media/note.png", contentType: "image/png", bytes: [0x89, 0x50],
                                     relatedFrom: "word/footnotes.xml", type: RelationshipType.image)
        #expect(noteId == "rId1")
        expectError(.partExists) {
            try package.add("word/styles.xml", contentType: ContentType.styles, bytes: [], relatedFrom: "word/document.xml", type: RelationshipType.styles)
        }
        expectError(.unsafeEntryName) {
            try package.add("../x.xml", contentType: "application/xml", bytes: [], relatedFrom: "", type: RelationshipType.customXml)
        }

        #expect(package.partNames.suffix(3) == ["word/charts/chart1.xml", "word/media/note.png", "word/_rels/footnotes.xml.rels"])
        let written = try package.serialized()
        let reopened = try DocxPackage(bytes: written, name: "written")
        #expect(reopened.contentType(of: "word/charts/chart1.xml") == ContentType.chart)
        #expect(try reopened.relatedParts(of: "word/document.xml", type: RelationshipType.chart) == ["word/charts/chart1.xml"])
        #expect(try reopened.relationships(of: "word/document.xml").last
            == Relationship(id: "rId16", type: RelationshipType.chart, target: "charts/chart1.xml"))
        #expect(try reopened.relatedParts(of: "word/footnotes.xml", type: RelationshipType.image) == ["word/media/note.png"])
        #expect(try reopened.bytes(of: "word/charts/chart1.xml") == chart)
        #expect(try reopened.xpathStrings("//w:body/w:p[1]//w:t", in: "word/document.xml") == ["新增段落 & <测试>"])
        // Everything else came through untouched.
        let original = try ZipArchive(path: Fixture.path("word-like.docx"))
        for entry in original.entries where !["word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"].contains(entry.name) {
            #expect(try reopened.archive.readRaw(entry.name) == original.readRaw(entry.name), "\(entry.name)")
        }

        return package
    }

    @Test func addingToThePackageRootAndToAPartWithoutRelationships() throws {
        var package = try DocxPackage(path: Fixture.path("libreoffice-saved.docx"))
        let id = try package.add("customXml/item9.xml", contentType: "application/xml", bytes: Array("<a/>".utf8),
                                 relatedFrom: "", type: RelationshipType.customXml)
        #expect(id == "rId5")  // LibreOffice used rId1…rId4
        let reopened = try DocxPackage(bytes: package.serialized(), name: "x")
        #expect(try reopened.relatedParts(of: "", type: RelationshipType.customXml) == ["customXml/item9.xml"])
        #expect(try reopened.relationships(of: "").first { $0.id == id }?.target == "customXml/item9.xml")
        expectError(.entryMissing) {
            try package.add("word/y.xml", contentType: "application/xml", bytes: [], relatedFrom: "word/missing.xml", type: RelationshipType.customXml)
        }
    }

    @Test func partNamesResolveLikeOPC() {
        #expect(PartName.relationshipsPart(of: "") == "_rels/.rels")
        #expect(PartName.relationshipsPart(of: "word/document.xml") == "word/_rels/document.xml.rels")
        #expect(PartName.resolve("../customXml/item1.xml", from: "word/document.xml") == "customXml/item1.xml")
        #expect(PartName.resolve("/word/styles.xml", from: "word/document.xml") == "word/styles.xml")
        #expect(PartName.resolve("media/image%201.png", from: "word/document.xml") == "word/media/image 1.png")
        #expect(PartName.resolve("./theme/theme1.xml", from: "word/document.xml") == "word/theme/theme1.xml")
        #expect(PartName.resolve("../../etc/passwd", from: "word/document.xml") == nil)
        #expect(PartName.relativeTarget(for: "customXml/item1.xml", from: "word/document.xml") == "../customXml/item1.xml")
        #expect(PartName.relativeTarget(for: "word/charts/chart1.xml", from: "word/document.xml") == "charts/chart1.xml")
        #expect(PartName.relativeTarget(for: "word/document.xml", from: "") == "word/document.xml")
        #expect(RelationshipType.matches("http://purl.oclc.org/ooxml/officeDocument/relationships/header", RelationshipType.header))
        #expect(!RelationshipType.matches(RelationshipType.footer, RelationshipType.header))
    }

    @Test func inspectionListsPartsSizesAndRelationships() throws {
        let inspection = try DocxPackage(path: Fixture.path("word-like.docx")).inspection()
        #expect(inspection.mainDocument == "word/document.xml")
        #expect(inspection.parts.count == 24)
        let image = try #require(inspection.parts.first { $0.name == "word/media/image1.png" })
        #expect(image.compression == "stored")
        #expect(image.uncompressedSize == 249 && image.compressedSize == 249)
        let main = try #require(inspection.relationships.first { $0.source == "word/document.xml" })
        #expect(main.relationshipsPart == "word/_rels/document.xml.rels")
        #expect(main.relationships.filter { $0.typeName == "header" }.map(\.part) == ["word/header1.xml", "word/header2.xml"])
        #expect(inspection.relationships.contains { $0.source == "" && $0.relationshipsPart == "_rels/.rels" })
        #expect(inspection.text.contains("word/footnotes.xml"))
        #expect(inspection.text.contains("主文档：word/document.xml"))
    }
}
