import Foundation
import Testing
import JSONValue
import OOXML
@testable import Templating

/// A small template package written by hand: a header and the main document, an existing
/// chart (`word/charts/chart1.xml`, drawing id 41) and relationship ids with a gap.
enum AttachmentFixture {
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
    static let relsNS = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let officeRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    static let noteType = "http://example.com/relationships/note"
    static let noteContentType = "application/x-note+xml"

    static let contentTypes = declaration + """
    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
    <Default Extension="xml" ContentType="application/xml"/>\
    <Default Extension="txt" ContentType="text/plain"/>\
    <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
    <Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>\
    <Override PartName="/word/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>\
    </Types>
    """

    static let packageRels = declaration + """
    <Relationships xmlns="\(relsNS)"><Relationship Id="rId1" Type="\(officeRel)officeDocument" Target="word/document.xml"/></Relationships>
    """

    static let documentRels = declaration + """
    <Relationships xmlns="\(relsNS)">\
    <Relationship Id="rId1" Type="\(officeRel)styles" Target="styles.xml"/>\
    <Relationship Id="rId2" Type="\(officeRel)chart" Target="charts/chart1.xml"/>\
    <Relationship Id="rId5" Type="\(officeRel)header" Target="header1.xml"/>\
    </Relationships>
    """

    static let existingDrawing = """
    <w:p><w:r><w:drawing><wp:inline xmlns:wp="\(Namespace.wp)"><wp:extent cx="100" cy="100"/>\
    <wp:docPr id="41" name="图表 1"/><a:graphic xmlns:a="\(Namespace.a)"><a:graphicData uri="\(Namespace.c)">\
    <c:chart xmlns:c="\(Namespace.c)" r:id="rId2"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>
    """

    static func document(_ body: String) -> String {
        declaration + "<w:document xmlns:w=\"\(wNS)\" xmlns:r=\"\(Namespace.r)\"><w:body>\(existingDrawing)\(body)"
            + "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId5\"/></w:sectPr></w:body></w:document>"
    }

    static func header(_ body: String) -> String {
        declaration + "<w:hdr xmlns:w=\"\(wNS)\" xmlns:r=\"\(Namespace.r)\">\(body)</w:hdr>"
    }

    static let styles = declaration + "<w:styles xmlns:w=\"\(wNS)\"/>"

    /// `extraRelationships`: more `Relationship` elements of the main document (hyperlinks).
    static func package(body: String, header headerBody: String = p("页眉"), extraRelationships: String = "") throws -> [UInt8] {
        try ZipWriter.bytes([
            ("[Content_Types].xml", .bytes(Array(contentTypes.utf8))),
            ("_rels/.rels", .bytes(Array(packageRels.utf8))),
            ("word/document.xml", .bytes(Array(document(body).utf8))),
            ("word/_rels/document.xml.rels", .bytes(Array(documentRels.replacingOccurrences(of: "</Relationships>", with: extraRelationships + "</Relationships>").utf8))),
            ("word/header1.xml", .bytes(Array(header(headerBody).utf8))),
            ("word/styles.xml", .bytes(Array(styles.utf8))),
            ("word/charts/chart1.xml", .bytes(Array((declaration + "<c:chartSpace xmlns:c=\"\(Namespace.c)\"/>").utf8))),
        ])
    }
}

/// Adds `word/notes/noteN.xml` related from the rendered part and writes a paragraph
/// `rId|N|drawing id|part|node path|node text` so tests can see what it was given.
struct NoteBlock: BlockGenerator {
    var contentType: String? = AttachmentFixture.noteContentType

    func render(_ context: BlockContext, scope: BlockScope, into out: inout XMLOutput) throws(FilterFailure) {
        guard let attachments = scope.attachments else { throw FilterFailure("没有 attachments") }
        let n = attachments.uniqueIndex(prefix: "word/notes/note")
        let text = scope.node.map(ValueText.string) ?? context.argument
        let id = try attachments.addRelated(partName: "word/notes/note\(n).xml", contentType: contentType,
                                            bytes: Array("<note>\(text)</note>".utf8), relationshipType: AttachmentFixture.noteType)
        let drawing = attachments.nextDrawingID()
        out.append("<w:p><w:r><w:t>")
        out.appendEscapedText("\(id)|\(n)|\(drawing)|\(scope.partName)|\(scope.nodePath ?? "-")|\(text)")
        out.append("</w:t></w:r></w:p>")
    }
}

/// Writes a paragraph and adds nothing.
struct QuietBlock: BlockGenerator {
    func render(_ context: BlockContext, scope: BlockScope, into out: inout XMLOutput) throws(FilterFailure) {
        out.append("<w:p><w:r><w:t>quiet</w:t></w:r></w:p>")
    }
}

@Suite struct AttachmentTests {
    static func options(_ extra: [String: any BlockGenerator] = [:]) -> TemplateOptions {
        var blocks = BlockRegistry.standard
        blocks.register("note", NoteBlock())
        blocks.register("quiet", QuietBlock())
        for (name, generator) in extra { blocks.register(name, generator) }
        return TemplateOptions(blocks: blocks)
    }

    static func attribute(_ e: XMLElement, _ name: String) -> String { e.attribute(name) ?? "" }

    @Test func addedPartsGetContentTypesRelationshipsAndFreshIDs() throws {
        let bytes = try AttachmentFixture.package(body: p("{{> note:甲}}") + p("{{name}}") + p("{{> note:乙}}"),
                                                  header: p("{{> note:页眉}}"))
        let template = try Template(bytes: bytes, name: "t.docx", options: Self.options())
        let output = try template.render(["name": "正文"])
        let package = try DocxPackage(bytes: output, name: "out.docx")

        // Parts render in archive order: the document, then the header.
        let body = lines(try package.xml("word/document.xml"))
        #expect(body == ["", "rId3|1|42|word/document.xml|-|甲", "正文", "rId4|2|43|word/document.xml|-|乙"])
        let header = try partParagraphs(package, "word/header1.xml")
        #expect(header == ["rId1|3|44|word/header1.xml|-|页眉"])

        // The template's relationships stay, in order; the new ones follow with new ids.
        let documentRels = try package.relationships(of: "word/document.xml")
        #expect(documentRels.map(\.id) == ["rId1", "rId2", "rId5", "rId3", "rId4"])
        #expect(documentRels.suffix(2).map(\.target) == ["notes/note1.xml", "notes/note2.xml"])
        #expect(documentRels.suffix(2).allSatisfy { $0.type == AttachmentFixture.noteType })
        #expect(try package.relatedParts(of: "word/document.xml", type: AttachmentFixture.noteType) == ["word/notes/note1.xml", "word/notes/note2.xml"])
        // The header had no .rels part: one is created.
        #expect(try package.relationships(of: "word/header1.xml") == [
            Relationship(id: "rId1", type: AttachmentFixture.noteType, target: "notes/note3.xml")])

        for n in 1...3 {
            #expect(package.contentType(of: "word/notes/note\(n).xml") == AttachmentFixture.noteContentType)
        }
        #expect(package.contentType(of: "word/_rels/header1.xml.rels") == ContentType.relationships)
        #expect(package.contentType(of: "word/charts/chart1.xml") == ContentType.chart)
        #expect(try package.bytes(of: "word/notes/note2.xml") == Array("<note>乙</note>".utf8))
        // Untouched parts are still copied through.
        let source = try DocxPackage(bytes: bytes, name: "in.docx")
        #expect(try package.bytes(of: "word/charts/chart1.xml") == source.bytes(of: "word/charts/chart1.xml"))
        #expect(try package.bytes(of: "_rels/.rels") == source.bytes(of: "_rels/.rels"))
    }

    @Test func sameDataSameBytes() throws {
        let bytes = try AttachmentFixture.package(body: p("{{> note:甲}}") + p("{{> note:乙}}"))
        let template = try Template(bytes: bytes, name: "t.docx", options: Self.options())
        let first = try template.render([:])
        #expect(try template.render([:]) == first)
        // A fresh renderer (and a fresh compile) too: nothing depends on hashing order.
        let again = try Template(bytes: bytes, name: "t.docx", options: Self.options())
        #expect(try again.makeRenderer().render([:]).bytes == first)
    }

    @Test func contentTypeCoveredByDefaultAddsNoOverride() throws {
        var options = Self.options()
        options.blocks.register("note", NoteBlock(contentType: nil))
        // `.xml` is covered by the template's Default.
        let template = try Template(bytes: AttachmentFixture.package(body: p("{{> note:x}}")), name: "t.docx", options: options)
        let package = try DocxPackage(bytes: template.render([:]), name: "out.docx")
        let types = try package.xml(DocxPackage.contentTypesPartName)
        let overrides = types.root.elements.compactMap { $0.attribute("PartName") }
        #expect(!overrides.contains("/word/notes/note1.xml"))
        #expect(package.contentType(of: "word/notes/note1.xml") == "application/xml")
    }

    /// One writer (`PackageAdditions`): a part a render adds and the same part added to the
    /// template with `DocxPackage.add` give the same `[Content_Types].xml`, the same `.rels`
    /// and the same part, in the same order — relationship ids fill the template's gap (rId3),
    /// an `Override` only where no `Default` gives the type.
    @Test func aRenderAndDocxPackageAddWriteThePartAlike() throws {
        for contentType in [AttachmentFixture.noteContentType, "application/xml"] {
            var options = Self.options()
            options.blocks.register("note", NoteBlock(contentType: contentType))
            let template = try Template(bytes: AttachmentFixture.package(body: p("{{> note:甲}}")), name: "t.docx", options: options)
            let rendered = try DocxPackage(bytes: template.render([:]), name: "rendered.docx")

            var edited = try DocxPackage(bytes: AttachmentFixture.package(body: p("{{> note:甲}}")), name: "edited.docx")
            let id = try edited.add("word/notes/note1.xml", contentType: contentType, bytes: Array("<note>甲</note>".utf8),
                                    relatedFrom: "word/document.xml", type: AttachmentFixture.noteType)
            #expect(id == "rId3")
            for part in [DocxPackage.contentTypesPartName, "word/_rels/document.xml.rels", "word/notes/note1.xml"] {
                #expect(try rendered.bytes(of: part) == edited.bytes(of: part), "\(contentType) \(part)")
            }
            #expect(rendered.partNames == edited.partNames)
            let overrides = try rendered.xml(DocxPackage.contentTypesPartName).root.elements.compactMap { $0.attribute("PartName") }
            #expect(overrides.contains("/word/notes/note1.xml") == (contentType != "application/xml"))
        }
    }

    @Test func outlineHandsChartNodesToTheChartGenerator() throws {
        let options = Self.options(["chart": NoteBlock()])
        let template = try Template(bytes: AttachmentFixture.package(body: p("{{> body}}")), name: "t.docx", options: options)
        let data: JSONValue = ["body": [
            ["heading": "收入", "text": "说明。", "chart": ["title": "收入图"]],
            ["heading": "支出", "children": [["chart": ["title": "支出图"]]]],
        ]]
        let package = try DocxPackage(bytes: template.render(data), name: "out.docx")
        let body = lines(try package.xml("word/document.xml"))
        // The node value is the chart object (an object prints as ""); its path is exact.
        #expect(body == ["", "一、收入", "说明。", "rId3|1|42|word/document.xml|body[0].chart|", "二、支出",
                         "rId4|2|43|word/document.xml|body[1].children[0].chart|"])
        #expect(try package.relatedParts(of: "word/document.xml", type: AttachmentFixture.noteType) == ["word/notes/note1.xml", "word/notes/note2.xml"])
    }

    @Test func chartNodeWithoutGeneratorIsSkipped() throws {
        let template = try Template(bytes: AttachmentFixture.package(body: p("{{> body}}")), name: "t.docx", options: Self.options())
        let data: JSONValue = ["body": [["heading": "甲"], ["heading": "乙", "chart": ["title": "图"]]]]
        let package = try DocxPackage(bytes: template.render(data), name: "out.docx")
        #expect(lines(try package.xml("word/document.xml")) == ["", "一、甲", "二、乙"])
        #expect(try package.relationships(of: "word/document.xml").count == 3)
    }

    @Test func generatorFailureCarriesItsPath() throws {
        struct Failing: BlockGenerator {
            func render(_ context: BlockContext, scope: BlockScope, into out: inout XMLOutput) throws(FilterFailure) {
                throw FilterFailure("坏图", path: (scope.nodePath ?? "?") + ".kind")
            }
        }
        let template = try Template(bytes: AttachmentFixture.package(body: p("{{> body}}")), name: "t.docx",
                                    options: Self.options(["chart": Failing()]))
        let data: JSONValue = ["body": [["heading": "甲"], ["heading": "乙", "chart": ["title": "图"]]]]
        let error = try #require(throws: RenderErrors.self) { try template.render(data) }
        #expect(error.errors.count == 1)
        #expect(error.errors.first?.code == .blockFailed)
        #expect(error.errors.first?.path == "body[1].chart.kind")
        #expect(error.errors.first?.message.contains("坏图") == true)
    }

    /// What `DocumentRenderer.render` wrote before attachments existed: the template's entries
    /// in order ([Content_Types].xml first), templated parts rendered, the rest raw copies.
    static func renderedTheOldWay(_ template: Template, _ data: JSONValue) throws -> [UInt8] {
        let archive = try ZipArchive(bytes: template.templateBytes, name: template.name)
        let names = archive.entries.map(\.name)
        let order = names.filter { $0 == DocxPackage.contentTypesPartName } + names.filter { $0 != DocxPackage.contentTypesPartName }
        var entries: [(name: String, content: ZipEntryContent)] = []
        for name in order {
            if let part = template.parts.first(where: { $0.partName == name }) {
                entries.append((name, .bytes(try part.render(data, missing: template.options.missing).bytes)))
            } else {
                entries.append((name, .copy(archive, entryName: name)))
            }
        }
        return try ZipWriter.bytes(entries)
    }

    @Test func renderWithoutAttachmentsIsUnchanged() throws {
        let wordLike = try Template(bytes: Fixtures.bytes("word-like.docx"), name: "word-like.docx")
        let data = try Fixtures.json("word-like.json")
        #expect(try wordLike.render(data) == Self.renderedTheOldWay(wordLike, data))

        // A block that writes content but adds no part keeps the fast path too.
        let quiet = try Template(bytes: AttachmentFixture.package(body: p("{{> quiet}}") + p("{{name}}")), name: "t.docx",
                                 options: Self.options())
        let output = try quiet.render(["name": "x"])
        #expect(output == (try Self.renderedTheOldWay(quiet, ["name": "x"])))
        let source = try DocxPackage(bytes: AttachmentFixture.package(body: ""), name: "in.docx")
        let package = try DocxPackage(bytes: output, name: "out.docx")
        #expect(try package.bytes(of: DocxPackage.contentTypesPartName) == source.bytes(of: DocxPackage.contentTypesPartName))
        #expect(try package.bytes(of: "word/_rels/document.xml.rels") == source.bytes(of: "word/_rels/document.xml.rels"))
    }

    @Test func uniqueIndexSkipsTemplatePartsAndReservations() {
        let attachments = RenderAttachments(existingParts: ["word/charts/chart1.xml", "word/charts/chart3.xml",
                                                            "word/embeddings/Microsoft_Excel_Worksheet2.xlsx",
                                                            "word/charts/chartStyle1.xml"])
        let chart = "word/charts/chart", sheet = "word/embeddings/Microsoft_Excel_Worksheet"
        // 1 and 3 are charts, 2 is a workbook: 4 is the first number free under both.
        #expect(attachments.uniqueIndex(prefixes: [chart, sheet]) == 4)
        #expect(attachments.uniqueIndex(prefix: chart) == 2)
        #expect(attachments.uniqueIndex(prefixes: [chart, sheet]) == 5)
        #expect(attachments.uniqueIndex(prefix: "word/media/image") == 1)
    }

    @Test func addPartRejectsClashesAndUntypedParts() throws {
        let attachments = RenderAttachments(existingParts: ["word/document.xml", "word/media/image1.png"])
        #expect(attachments.isEmpty)
        #expect(throws: FilterFailure.self) {
            try attachments.addPart(partName: "word/media/IMAGE1.png", contentType: "image/png", bytes: [])
        }
        #expect(throws: FilterFailure.self) {
            try attachments.addPart(partName: "word/media/image2.png", contentType: nil, bytes: [])
        }
        #expect(throws: FilterFailure.self) {
            try attachments.addPart(partName: "../evil.xml", contentType: "application/xml", bytes: [])
        }
        #expect(throws: FilterFailure.self) {
            try attachments.addPart(partName: "[Content_Types].xml", contentType: "application/xml", bytes: [])
        }
        #expect(attachments.isEmpty)
        try attachments.addPart(partName: "word/media/image2.png", contentType: "image/png", bytes: [1])
        #expect(throws: FilterFailure.self) {
            try attachments.addPart(partName: "word/media/image2.png", contentType: "image/png", bytes: [2])
        }
        #expect(attachments.addedPartNames == ["word/media/image2.png"])
        let id = try attachments.addRelationship(from: "word/document.xml", to: "word/media/image2.png", type: "t")
        let next = try attachments.addRelationship(from: "word/document.xml", to: "word/media/image1.png", type: "t")
        #expect(id != next)
        #expect(throws: FilterFailure.self) {
            try attachments.addRelationship(from: "word/document.xml", to: "word/media/image9.png", type: "t")
        }
    }

    @Test func drawingIDsStartAboveTheTemplatesLargest() throws {
        let template = try Template(bytes: AttachmentFixture.package(body: p("{{> note:a}}")), name: "t.docx", options: Self.options())
        #expect(template.packageFacts.largestDrawingID == 41)
        let attachments = RenderAttachments(facts: template.packageFacts, partName: "word/document.xml")
        #expect(attachments.nextDrawingID() == 42)
        #expect(attachments.nextDrawingID() == 43)
        #expect(attachments.nextNumber("图") == 1)
        #expect(attachments.nextNumber("图") == 2)
        #expect(attachments.nextNumber("表") == 1)
    }
}
