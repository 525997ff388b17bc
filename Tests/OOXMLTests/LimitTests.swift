import Foundation
import Testing
@testable import OOXML

/// Issue 11 item 1: limits over the whole archive, so that anything accepted stays far under
/// 512 MB (figures in docs/安全与可靠性.md), and item 8: control characters in entry names.
@Suite struct LimitTests {
    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    /// A minimal package whose main document has `headers` header parts.
    static func package(document: String, headers: [String] = []) throws -> [UInt8] {
        let types = """
        <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/></Types>
        """
        let rels = """
        <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
        """
        var entries: [(name: String, content: ZipEntryContent)] = [
            ("[Content_Types].xml", .bytes(Array(types.utf8))), ("_rels/.rels", .bytes(Array(rels.utf8))),
            ("word/document.xml", .bytes(Array(document.utf8))),
        ]
        for (index, header) in headers.enumerated() { entries.append(("word/header\(index).xml", .bytes(Array(header.utf8)))) }
        return try ZipWriter.bytes(entries)
    }

    static func part(_ body: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:hdr xmlns:w=\"\(w)\">\(body)</w:hdr>"
    }

    /// Text that deflate cannot shrink much, so only the XML limits can refuse it.
    static func noise(_ count: Int) -> String {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return letters[Int(state >> 58) % letters.count]
        })
    }

    @Test func theRatioIsCheckedOnEveryEntryNotOnlyLargeOnes() throws {
        // 1 MiB of spaces (the issue's headers were 16 MiB each, under the old 16 MiB threshold).
        let header = Self.part("<w:p><w:r><w:t xml:space=\"preserve\">" + String(repeating: " ", count: 1 << 20) + "</w:t></w:r></w:p>")
        let bytes = try Self.package(document: Self.part(""), headers: [header])
        let error = expectError(.zipBomb) { _ = try ZipArchive(bytes: bytes, name: "ratio.docx") }
        #expect(error?.message.contains("word/header0.xml") == true && error?.message.contains("200:1") == true)
    }

    @Test func xmlBytesAreLimitedOverTheWholeArchive() throws {
        // Three parts of 6 MiB: each under the limit, together over it.
        let header = Self.part("<w:p><w:r><w:t>" + Self.noise(6 << 20) + "</w:t></w:r></w:p>")
        let package = try DocxPackage(bytes: try Self.package(document: Self.part(""), headers: [header, header, header]), name: "big.docx")
        _ = try package.xml("word/header0.xml")
        _ = try package.xml("word/header0.xml")  // parsing a part again costs nothing more
        _ = try package.xml("word/header1.xml")
        let error = expectError(.xmlArchiveBytes) { _ = try package.xml("word/header2.xml") }
        #expect(error?.code.rawValue == "E-LIM-001")
        #expect(error?.file == "big.docx" && error?.part == "word/header2.xml")
    }

    @Test func elementsAreLimitedPerPartAndOverTheWholeArchive() throws {
        let many = Self.part("<w:p>" + String(repeating: "<w:r/>", count: XMLLimits.maximumElementsPerArchive + 1) + "</w:p>")
        // 200 001 empty elements deflate to a few hundred bytes: refused before libxml2 sees them.
        expectError(.xmlTooManyElements) { _ = try XMLDocument(parsing: Array(many.utf8), partName: "word/header0.xml") }

        // Elements with incompressible attributes, so that the ratio check does not step in first.
        let count = XMLLimits.maximumElementsPerArchive / 2 + 10
        let noise = Array(Self.noise(count * 6))
        let runs = (0..<count).map { "<w:r w:x=\"\(String(noise[($0 * 6)..<($0 * 6 + 6)]))\"/>" }.joined()
        let half = Self.part("<w:p>" + runs + "</w:p>")
        let package = try DocxPackage(bytes: try Self.package(document: Self.part(""), headers: [half, half]), name: "many.docx")
        _ = try package.xml("word/header0.xml")
        let error = expectError(.xmlArchiveElements) { _ = try package.xml("word/header1.xml") }
        #expect(error?.code.rawValue == "E-LIM-002")
    }

    @Test func elementCountIgnoresEndTagsCommentsAndDeclarations() {
        let xml = "<?xml version=\"1.0\"?><!-- c --><a><b/><c>text</c></a>"
        #expect(XMLDocument.elementCount(Array(xml.utf8)) == 3)
    }

    @Test func controlCharactersInRawEntryNamesAreRefused() throws {
        // Without the UTF-8 flag libzip decodes names as CP437, where 0x01 reads as "☺".
        var bytes = try ZipWriter.bytes([("word/a#b.xml", .bytes(Array("<a/>".utf8)))])
        // ZipWriter refuses such names; patch the name in the local and central headers.
        let name = Array("word/a#b.xml".utf8)
        var patched = 0
        for i in 0...(bytes.count - name.count) where Array(bytes[i..<(i + name.count)]) == name {
            bytes[i + 6] = 0x01
            patched += 1
        }
        #expect(patched == 2)
        let error = expectError(.unsafeEntryName) { _ = try ZipArchive(bytes: bytes, name: "control.docx") }
        #expect(error?.message.contains("控制字符") == true)
        // The name is shown from its raw bytes: "\x01", not CP437's "☺".
        #expect(error?.message.contains("「word/a\\x01b.xml」") == true, "\(String(describing: error))")
    }

    /// A template file over the archive limit is refused from its size, before a byte is read
    /// (a 1 GB file was read up to the limit, and the message blamed the system or ulimit).
    @Test func anOversizedFileIsRefusedFromItsSizeWithReportgensLimitNamed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reportgen-limit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("big.docx").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(ZipLimits.maximumArchiveSize) + 1)  // sparse: no disk used
        try handle.close()
        do {
            _ = try SystemFiles.readFile(path, limit: ZipLimits.maximumArchiveSize)
            Issue.record("read")
        } catch {
            #expect(error.code == .ioOverLimit)
            #expect(error.description.contains("E-IO-015") && error.description.contains("上限 256 MiB"), "\(error)")
            #expect(!error.description.contains("ulimit"), "\(error)")
        }
        let error = expectError(.zipBomb) { _ = try ZipArchive(path: path) }
        #expect(error?.message.contains("上限") == true)
    }
}
