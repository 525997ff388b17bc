import Foundation
import Testing
import JSONValue
import OOXML
@testable import Templating

/// Picture files written for one test in a fresh folder.
struct PictureFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "reportgen-images-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path + "/" + name))
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// The seal made by make_images.py: 472 × 472 pixels at 11811 pixels per metre (300 dpi).
    static func seal() throws -> [UInt8] { try Fixtures.bytes("seal.png") }

    /// A JPEG header only (SOI, JFIF APP0 with a density, SOF0 with the size): enough to be
    /// sniffed and measured.
    static func jpegHeader(width: Int, height: Int, dpi: Int) -> [UInt8] {
        var b: [UInt8] = [0xFF, 0xD8]
        b += [0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0, 1, 1, 1]
        b += [UInt8(dpi >> 8), UInt8(dpi & 0xFF), UInt8(dpi >> 8), UInt8(dpi & 0xFF), 0, 0]
        b += [0xFF, 0xC0, 0x00, 0x11, 8, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF), 3]
        b += [1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]
        b += [0xFF, 0xD9]
        return b
    }

    /// A PNG whose IHDR states a size (no pixel data: only the header is read).
    static func pngHeader(width: Int, height: Int) -> [UInt8] {
        func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be32(13) + Array("IHDR".utf8)
            + be32(width) + be32(height) + [8, 6, 0, 0, 0] + [0, 0, 0, 0]
    }
}

@Suite struct ImageTagTests {
    static let imageType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"

    func render(body: String, header: String = p("页眉"), data: JSONValue, folder: PictureFolder) throws -> DocxPackage {
        let bytes = try AttachmentFixture.package(body: body, header: header)
        let renderer = try Template(bytes: bytes, name: "t.docx").makeRenderer()
        renderer.images = ImageSettings(directory: folder.path)
        return try DocxPackage(bytes: renderer.render(data).bytes, name: "out.docx")
    }

    /// Every `w:drawing` of a part with its `wp:extent`, `wp:docPr` id and `a:blip r:embed`.
    func drawings(_ package: DocxPackage, _ part: String) throws -> [(cx: String, cy: String, id: String, embed: String)] {
        descendants(try package.xml(part).root, "inline").map { inline in
            let extent = descendants(inline, "extent").first
            let docPr = descendants(inline, "docPr").first
            let blip = descendants(inline, "blip").first
            return (extent?.attribute("cx") ?? "", extent?.attribute("cy") ?? "", docPr?.attribute("id") ?? "",
                    blip?.attributes.first { $0.name == "r:embed" }?.value ?? "")
        }
    }

    @Test func pictureInBodyTableAndHeaderIsStoredOnceAndSized() throws {
        let folder = try PictureFolder()
        defer { folder.remove() }
        let seal = try PictureFolder.seal()
        try folder.write("seal.png", seal)
        let body = p("盖章：{{%seal | size:4cm}}（完）") + table(row(cell(p("{{%seal}}"))))
        let package = try render(body: body, header: p("{{%seal | height:1cm}}"), data: ["seal": "seal.png"], folder: folder)

        // One media part with the file's bytes, covered by a Default content type.
        let media = package.archive.entries.map(\.name).filter { $0.hasPrefix("word/media/") }
        #expect(media == ["word/media/image1.png"])
        #expect(try package.bytes(of: "word/media/image1.png") == seal)
        #expect(package.contentType(of: "word/media/image1.png") == "image/png")
        let types = String(decoding: try package.bytes(of: "[Content_Types].xml"), as: UTF8.self)
        #expect(types.contains("<Default Extension=\"png\" ContentType=\"image/png\"/>"))
        #expect(!types.contains("PartName=\"/word/media/image1.png\""))

        // The document relates to it once (both body pictures use that id), the header on its own.
        let documentImages = try package.relationships(of: "word/document.xml").filter { $0.type == Self.imageType }
        #expect(documentImages.map(\.target) == ["media/image1.png"])
        let headerImages = try package.relationships(of: "word/header1.xml").filter { $0.type == Self.imageType }
        #expect(headerImages.map(\.target) == ["media/image1.png"])

        let inBody = try drawings(package, "word/document.xml")
        // The template's own chart drawing comes first (id 41).
        #expect(inBody.count == 3)
        // size:4cm → 4 × 360000 EMU wide; the seal is square, so as high.
        #expect(inBody[1].cx == "1440000" && inBody[1].cy == "1440000")
        // No size: 472 px at 11811 px/m = 472 × 36000000 / 11811 = 1438658.9 → 1438659 EMU.
        #expect(inBody[2].cx == "1438659" && inBody[2].cy == "1438659")
        #expect(inBody[1].embed == documentImages[0].id && inBody[2].embed == documentImages[0].id)
        let inHeader = try drawings(package, "word/header1.xml")
        // height:1cm → 360000 EMU, width in proportion.
        #expect(inHeader.map(\.cy) == ["360000"] && inHeader.map(\.cx) == ["360000"])
        #expect(inHeader.first?.embed == headerImages.first?.id)
        let ids = (inBody + inHeader).map(\.id)
        #expect(Set(ids).count == ids.count)

        // The text around the tag stays in the run, on both sides of the picture.
        #expect(lines(try package.xml("word/document.xml"))[1] == "盖章：（完）")
    }

    @Test func distinctPicturesGetTheirOwnPartsAndJPEGIsMeasuredFromJFIF() throws {
        let folder = try PictureFolder()
        defer { folder.remove() }
        try folder.write("seal.png", try PictureFolder.seal())
        // A `.png` name on JPEG bytes: the bytes decide.
        try folder.write("photo.png", PictureFolder.jpegHeader(width: 600, height: 300, dpi: 300))
        let package = try render(body: p("{{%a}}{{%b}}"), data: ["a": "photo.png", "b": "seal.png"], folder: folder)
        let media = package.archive.entries.map(\.name).filter { $0.hasPrefix("word/media/") }
        #expect(media == ["word/media/image1.jpeg", "word/media/image2.png"])
        #expect(package.contentType(of: "word/media/image1.jpeg") == "image/jpeg")
        // 600 px at 300 dpi = 2 in = 1828800 EMU; 300 px = 914400 EMU.
        let found = try drawings(package, "word/document.xml").dropFirst()
        #expect(found.map(\.cx) == ["1828800", "1438659"])
        #expect(found.map(\.cy) == ["914400", "1438659"])
    }

    @Test func sameDataGivesSameBytes() throws {
        let folder = try PictureFolder()
        defer { folder.remove() }
        try folder.write("seal.png", try PictureFolder.seal())
        let bytes = try AttachmentFixture.package(body: p("{{%seal}}"), header: p("{{%seal}}"))
        let template = try Template(bytes: bytes, name: "t.docx")
        var outputs: [[UInt8]] = []
        for _ in 0..<2 {
            let renderer = try template.makeRenderer()
            renderer.images = ImageSettings(directory: folder.path)
            outputs.append(try renderer.render(["seal": "seal.png"]).bytes)
        }
        #expect(outputs[0] == outputs[1])
    }

    func renderErrors(_ data: JSONValue, files: [(String, [UInt8])]) throws -> [RenderError] {
        let folder = try PictureFolder()
        defer { folder.remove() }
        for (name, bytes) in files { try folder.write(name, bytes) }
        let template = try Template(bytes: try AttachmentFixture.package(body: table(row(cell(p("{{#items}}{{%.pic}}{{/items}}"))))), name: "t.docx")
        let renderer = try template.makeRenderer()
        renderer.images = ImageSettings(directory: folder.path)
        do {
            _ = try renderer.render(data)
            return []
        } catch {
            return error.errors
        }
    }

    @Test func badPicturesAreReportedTogetherWithPathAndPlace() throws {
        let errors = try renderErrors(["items": [["pic": "missing.png"], ["pic": "note.png"], ["pic": "cut.png"],
                                                 ["pic": "huge.png"], ["pic": "empty.jpg"]]],
                                      files: [("note.png", Array("这不是图片".utf8)), ("cut.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
                                              ("huge.png", PictureFolder.pngHeader(width: 30000, height: 10)), ("empty.jpg", [])])
        #expect(errors.map(\.code) == [.imageUnreadable, .imageNotPicture, .imageSizeUnreadable, .imageTooLarge, .imageNotPicture])
        #expect(errors.map(\.code.rawValue) == ["E-TPL-033", "E-TPL-034", "E-TPL-035", "E-TPL-036", "E-TPL-034"])
        #expect(errors.map(\.path) == (0..<5).map { "items[\($0)].pic" })
        for error in errors {
            #expect(error.location?.description == "正文 第 1 个表格 第 1 行 第 1 列")
            #expect(error.description.contains("{{%.pic}}"))
        }
        #expect(errors[0].message.contains("missing.png"))
        #expect(errors[3].message.contains("20000"))
        #expect(errors[4].message.contains("空"))
    }

    @Test func oversizedFileIsRefusedBeforeItIsRead() throws {
        var big = PictureFolder.pngHeader(width: 10, height: 10)
        big += [UInt8](repeating: 0, count: ImageFile.maximumBytes)
        let errors = try renderErrors(["items": [["pic": "big.png"]]], files: [("big.png", big)])
        #expect(errors.map(\.code) == [.imageTooLarge])
        #expect(errors.first?.message.contains("10 MB") == true)
    }

    @Test func imageTagOptionsAreCheckedAtCompileTime() throws {
        let errors = try compileErrors(p("{{%seal | upper}}") + p("{{%seal | size:4}}") + p("{{%seal | size:0cm}}") + p("{{%seal | size:4cm}}"))
        #expect(errors.map(\.code) == [.imageTag, .imageTag, .imageTag])
        #expect(errors.first?.message.contains("size:4cm") == true)
    }

    @Test func sizeLengthsInEMU() {
        #expect(ImageSize.length("4cm") == 1_440_000)
        #expect(ImageSize.length("4 cm") == 1_440_000)
        #expect(ImageSize.length("40mm") == 1_440_000)
        #expect(ImageSize.length("1in") == 914_400)
        #expect(ImageSize.length("72pt") == 914_400)
        #expect(ImageSize.length("2.5厘米") == 900_000)
        #expect(ImageSize.length("4") == nil)
        #expect(ImageSize.length("-4cm") == nil)
    }

    @Test func previewPrintsThePlaceholderInsteadOfAPicture() throws {
        let template = try Template(bytes: try AttachmentFixture.package(body: p("盖章：{{%公章}}")), name: "t.docx")
        let renderer = try template.makeRenderer()
        renderer.images = ImageSettings(placeholders: true)
        let package = try DocxPackage(bytes: renderer.render(["公章": "【公章】"]).bytes, name: "out.docx")
        #expect(lines(try package.xml("word/document.xml"))[1] == "盖章：【公章】")
        #expect(!package.archive.entries.contains { $0.name.hasPrefix("word/media/") })
    }

    /// A template that already holds a picture (a logo) and a png Default: the new part takes the
    /// next free name and no second Default is written.
    @Test func aTemplatePictureKeepsItsNameAndDefault() throws {
        let folder = try PictureFolder()
        defer { folder.remove() }
        let seal = try PictureFolder.seal()
        try folder.write("seal.png", seal)
        let fixture = try ZipArchive(bytes: try AttachmentFixture.package(body: p("{{%seal}}")), name: "t.docx")
        var entries: [(name: String, content: ZipEntryContent)] = []
        for entry in fixture.entries {
            var bytes = try fixture.read(entry.name)
            if entry.name == "[Content_Types].xml" {
                bytes = Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(
                    of: "<Default Extension=\"xml\"", with: "<Default Extension=\"png\" ContentType=\"image/png\"/><Default Extension=\"xml\"").utf8)
            }
            entries.append((entry.name, .bytes(bytes)))
        }
        let logo = PictureFolder.pngHeader(width: 10, height: 10)
        entries.append(("word/media/image1.png", .bytes(logo)))
        let renderer = try Template(bytes: try ZipWriter.bytes(entries), name: "t.docx").makeRenderer()
        renderer.images = ImageSettings(directory: folder.path)
        let package = try DocxPackage(bytes: renderer.render(["seal": "seal.png"]).bytes, name: "out.docx")
        #expect(try package.bytes(of: "word/media/image1.png") == logo)
        #expect(try package.bytes(of: "word/media/image2.png") == seal)
        let types = String(decoding: try package.bytes(of: "[Content_Types].xml"), as: UTF8.self)
        #expect(types.components(separatedBy: "Extension=\"png\"").count == 2)
        #expect(try package.relationships(of: "word/document.xml").contains { $0.target == "media/image2.png" && $0.type == Self.imageType })
    }
}

