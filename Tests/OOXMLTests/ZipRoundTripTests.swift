import Foundation
import Testing
@testable import OOXML

@Suite struct ZipRoundTripTests {
    @Test(arguments: Fixture.documents)
    func unchangedRewriteKeepsEveryEntry(_ fixture: String) throws {
        let original = try ZipArchive(path: Fixture.path(fixture))
        let package = try DocxPackage(archive: original)
        let written = try package.serialized()
        let reopened = try ZipArchive(bytes: written, name: "rewritten")

        #expect(Set(reopened.entries.map(\.name)) == Set(original.entries.map(\.name)))
        #expect(reopened.entries.first?.name == "[Content_Types].xml")
        for entry in original.entries {
            let copy = try #require(reopened.entry(named: entry.name))
            #expect(try reopened.read(entry.name) == original.read(entry.name), "\(entry.name)")
            // Raw copy: the stored bytes themselves are unchanged, method included.
            #expect(try reopened.readRaw(entry.name) == original.readRaw(entry.name), "\(entry.name)")
            #expect(copy.compressionMethod == entry.compressionMethod)
            #expect(copy.crc32 == entry.crc32)
        }
    }

    @Test func writerOrderTimesAndSizesMatchTheZipFormat() throws {
        // LibreOffice puts [Content_Types].xml late; the writer moves it first and keeps the rest.
        let original = try Fixture.bytes("libreoffice-saved.docx")
        let sourceDirectory = ZipBytes.centralDirectory(original)
        let written = try DocxPackage(bytes: original, name: "lo").serialized()
        let directory = ZipBytes.centralDirectory(written)

        let expectedOrder = ["[Content_Types].xml"] + sourceDirectory.map(\.name).filter { $0 != "[Content_Types].xml" }
        #expect(directory.map(\.name) == expectedOrder)
        for entry in directory {
            #expect(entry.dosDate == 0x0021, "1980-01-01 for \(entry.name)")
            #expect(entry.dosTime == 0)
            let source = try #require(sourceDirectory.first { $0.name == entry.name })
            #expect(entry.crc32 == source.crc32)
            #expect(entry.compressedSize == source.compressedSize)
            #expect(entry.uncompressedSize == source.uncompressedSize)
            #expect(entry.method == source.method)
        }
    }

    @Test func twoWritesAreByteIdentical() throws {
        let first = try DocxPackage(path: Fixture.path("word-like.docx"))
        let second = try DocxPackage(bytes: Fixture.bytes("word-like.docx"), name: "again")
        var a = first, b = second
        let text = Array("<?xml version=\"1.0\"?><x/>".utf8)
        a.replace("word/document.xml", with: try first.bytes(of: "word/document.xml") + [])
        b.replace("word/document.xml", with: try second.bytes(of: "word/document.xml"))
        try a.add("word/extra.xml", contentType: "application/xml", bytes: text, relatedFrom: "word/document.xml", type: RelationshipType.customXml)
        try b.add("word/extra.xml", contentType: "application/xml", bytes: text, relatedFrom: "word/document.xml", type: RelationshipType.customXml)
        let one = try a.serialized()
        #expect(one == (try a.serialized()))
        #expect(one == (try b.serialized()))
        #expect(try first.serialized() == second.serialized())

        let directory = try TemporaryDirectory()
        try a.write(to: directory.path("1.docx"))
        try b.write(to: directory.path("2.docx"))
        let fileBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory.path("1.docx"))))
        #expect(fileBytes == one)
        #expect(fileBytes == [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory.path("2.docx")))))
    }

    @Test(arguments: Fixture.documents)
    func writtenArchivePassesUnzipTest(_ fixture: String) throws {
        let directory = try TemporaryDirectory()
        var package = try DocxPackage(path: Fixture.path(fixture))
        package.replace(package.mainDocumentPartName, with: try package.xml(package.mainDocumentPartName).serialized())
        let path = directory.path("out.docx")
        try package.write(to: path)
        let result = try runProgram("/usr/bin/unzip", ["-t", path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("No errors detected"))
    }

    @Test func zipWriterWritesGivenEntriesAndCopies() throws {
        let text = Array("第一行\n".utf8)
        let bytes = try ZipWriter.bytes([("a/b.txt", .bytes(text)), ("empty", .bytes([]))])
        let archive = try ZipArchive(bytes: bytes, name: "mem")
        #expect(archive.entries.map(\.name) == ["a/b.txt", "empty"])
        #expect(try archive.read("a/b.txt") == text)
        #expect(try archive.read("empty") == [])
        #expect(archive.entry(named: "a/b.txt")?.isCompressed == true)

        let copied = try ZipWriter.bytes([("c.txt", .copy(archive, entryName: "a/b.txt"))])
        #expect(try ZipArchive(bytes: copied, name: "copy").read("c.txt") == text)

        expectError(.entryMissing) { _ = try ZipWriter.bytes([("x", .copy(archive, entryName: "nope"))]) }
        expectError(.zipWrite) { _ = try ZipWriter.bytes([("x", .bytes(text)), ("x", .bytes(text))]) }
        for name in ["../evil", "/etc/x", "a\\b", "C:/x", "a/../../b", ""] {
            expectError(.unsafeEntryName) { _ = try ZipWriter.bytes([(name, .bytes(text))]) }
        }
    }
}
