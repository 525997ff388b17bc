import Foundation
import Testing
@testable import OOXML

/// Hostile or broken inputs: each gives its own code, never a crash.
@Suite struct BadInputTests {
    /// word-like.docx with `word/document.xml` replaced (or dropped when `document` is nil).
    func wordLike(document: String?) throws -> [UInt8] {
        let source = try ZipArchive(path: Fixture.path("word-like.docx"))
        var entries: [(name: String, content: ZipEntryContent)] = []
        for entry in source.entries {
            if entry.name == "word/document.xml" {
                if let document { entries.append((entry.name, .bytes(Array(document.utf8)))) }
            } else {
                entries.append((entry.name, .copy(source, entryName: entry.name)))
            }
        }
        return try ZipWriter.bytes(entries)
    }

    @Test func notAZip() throws {
        let error = expectError(.notAZip) { _ = try DocxPackage(bytes: Array("这不是压缩包，只是文字。\n".utf8), name: "notes.docx") }
        #expect(error?.file == "notes.docx")
        #expect(error?.description.hasPrefix("E-ZIP-001 notes.docx：") == true)
        expectError(.notAZip) { _ = try DocxPackage(bytes: [], name: "empty.docx") }
        let scratch = try TemporaryDirectory()
        let text = scratch.path("hostname.docx")
        FileManager.default.createFile(atPath: text, contents: Data("localhost\n".utf8))
        expectError(.notAZip) { _ = try DocxPackage(path: text) }
    }

    /// Operating-system errors: the E-IO code of the errno, the path, its meaning in Chinese.
    @Test func missingOrUnreadableFile() throws {
        let scratch = try TemporaryDirectory()
        let missing = scratch.path("missing/report.docx")
        let error = expectError(.ioMissing) { _ = try DocxPackage(path: missing) }
        #expect(error?.file == missing)
        #expect(error?.description == "E-IO-006 \(missing)：读取失败：文件或目录不存在（errno 2）")
        let directory = expectError(.ioExists) { _ = try DocxPackage(path: scratch.url.path) }
        #expect(directory?.message.contains("这是目录") == true)
    }

    @Test func truncatedZip() throws {
        let bytes = try Fixture.bytes("word-like.docx")
        for length in [bytes.count / 2, bytes.count - 10, 30] {
            let error = expectError(.zipCorrupt) { _ = try DocxPackage(bytes: Array(bytes.prefix(length)), name: "cut.docx") }
            #expect(error?.message.contains("截断") == true)
        }
    }

    @Test func damagedEntryDataIsReportedWhenRead() throws {
        var bytes = try Fixture.bytes("word-like.docx")
        let header = try #require(ZipBytes.centralHeaderOffset(bytes, name: "word/styles.xml"))
        let local = Int(ZipBytes.u32(bytes, header + 42))
        let data = local + 30 + Int(ZipBytes.u16(bytes, local + 26)) + Int(ZipBytes.u16(bytes, local + 28))
        for i in (data + 100)..<(data + 400) { bytes[i] ^= 0x5A }
        let package = try DocxPackage(bytes: bytes, name: "damaged.docx")
        let error = expectError(.zipCorrupt) { _ = try package.bytes(of: "word/styles.xml") }
        #expect(error?.file == "damaged.docx")
        #expect(error?.message.contains("word/styles.xml") == true)
    }

    @Test func zipWithoutMainDocument() throws {
        let error = expectError(.missingMainDocument) { _ = try DocxPackage(bytes: wordLike(document: nil), name: "nodoc.docx") }
        #expect(error?.message.contains("word/document.xml") == true)
        let plain = try ZipWriter.bytes([("readme.txt", .bytes(Array("hello".utf8)))])
        expectError(.missingMainDocument) { _ = try DocxPackage(bytes: plain, name: "plain.zip") }
    }

    @Test func malformedXMLNamesFilePartAndLine() throws {
        let broken = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
        <w:body>
        <w:p><w:r><w:t>未闭合</w:r></w:p>
        </w:body></w:document>
        """
        let package = try DocxPackage(bytes: wordLike(document: broken), name: "broken.docx")
        let error = expectError(.xmlMalformed) { _ = try package.xml("word/document.xml") }
        #expect(error?.file == "broken.docx")
        #expect(error?.part == "word/document.xml")
        #expect(error?.line == 4)
        #expect(error?.description.contains("第 4 行") == true)
        expectError(.xmlMalformed) { _ = try package.templatedPartNames().map { try package.xml($0) } }
    }

    @Test func externalEntityIsNotExpanded() throws {
        let payload = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>
        """
        let package = try DocxPackage(bytes: wordLike(document: payload), name: "xxe.docx")
        let error = expectError(.xmlDTDForbidden) { _ = try package.xml("word/document.xml") }
        #expect(error?.description.contains("root:") == false)
        expectError(.xmlDTDForbidden) { _ = try package.xpathStrings("//w:t", in: "word/document.xml") }
    }

    @Test func billionLaughsIsRefusedQuickly() throws {
        var payload = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            payload += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        payload += "]>\n<w:document xmlns:w=\"\(Namespace.w)\"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
        let package = try DocxPackage(bytes: wordLike(document: payload), name: "lol.docx")
        let start = ContinuousClock.now
        expectError(.xmlDTDForbidden) { _ = try package.xml("word/document.xml") }
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test func pathTraversalEntryIsRefused() {
        let error = expectError(.unsafeEntryName) { _ = try DocxPackage(path: Fixture.path("evil-path.docx")) }
        #expect(error?.message.contains("../evil") == true)
    }

    @Test func highlyCompressibleEntryIsAZipBomb() throws {
        // 32 MiB of zeros deflate to ~32 KiB: a ratio no real part has.
        let zeros = [UInt8](repeating: 0, count: 32 * 1024 * 1024)
        let bomb = try ZipWriter.bytes([("word/document.xml", .bytes(zeros))], compressionLevel: 9)
        #expect(bomb.count < 1024 * 1024)
        let error = expectError(.zipBomb) { _ = try ZipArchive(bytes: bomb, name: "bomb.docx") }
        #expect(error?.message.contains("word/document.xml") == true)
    }

    @Test func forgedHugeSizeIsRefusedBeforeInflating() throws {
        var bytes = try Fixture.bytes("word-like.docx")
        let header = try #require(ZipBytes.centralHeaderOffset(bytes, name: "word/document.xml"))
        ZipBytes.put32(&bytes, header + 24, 0xF000_0000)  // declared uncompressed size: 3.75 GiB
        let error = expectError(.zipBomb) { _ = try ZipArchive(bytes: bytes, name: "forged.docx") }
        #expect(error?.message.contains("word/document.xml") == true)
    }

    @Test func manyLargeEntriesExceedTheTotalLimit() throws {
        var bytes = try Fixture.bytes("word-like.docx")
        // Three entries each declaring 100 MiB: each allowed, the sum not.
        for name in ["word/styles.xml", "word/stylesWithEffects.xml", "word/theme/theme1.xml"] {
            let header = try #require(ZipBytes.centralHeaderOffset(bytes, name: name))
            ZipBytes.put32(&bytes, header + 24, 100 * 1024 * 1024)
            ZipBytes.put32(&bytes, header + 20, 4 * 1024 * 1024)
        }
        let error = expectError(.zipBomb) { _ = try ZipArchive(bytes: bytes, name: "total.docx") }
        #expect(error?.message.contains("总大小") == true)
    }

    @Test func entryInflatingBeyondItsDeclaredSizeIsRefused() throws {
        var bytes = try Fixture.bytes("word-like.docx")
        let header = try #require(ZipBytes.centralHeaderOffset(bytes, name: "word/styles.xml"))
        ZipBytes.put32(&bytes, header + 24, 1000)  // really 349 458 bytes
        let archive = try ZipArchive(bytes: bytes, name: "liar.docx")
        #expect(archive.entry(named: "word/styles.xml")?.uncompressedSize == 1000)
        expectError(.zipBomb) { _ = try archive.read("word/styles.xml") }
    }

    @Test func malformedPackageParts() throws {
        let source = try ZipArchive(path: Fixture.path("word-like.docx"))
        func replacing(_ name: String, with text: String) throws -> [UInt8] {
            try ZipWriter.bytes(source.entries.map { entry in
                (entry.name, entry.name == name ? .bytes(Array(text.utf8)) : .copy(source, entryName: entry.name))
            })
        }
        let badTypes = try replacing("[Content_Types].xml", with: "<Types xmlns=\"urn:wrong\"/>")
        expectError(.contentTypes) { _ = try DocxPackage(bytes: badTypes, name: "t.docx") }
        let badRels = try replacing("_rels/.rels", with: "<Relationships xmlns=\"\(Namespace.packageRelationships)\"><Relationship Id=\"rId1\"/></Relationships>")
        expectError(.relationships) { _ = try DocxPackage(bytes: badRels, name: "r.docx") }
        let brokenRels = try replacing("word/_rels/document.xml.rels", with: "<Relationships")
        let package = try DocxPackage(bytes: brokenRels, name: "b.docx")
        expectError(.xmlMalformed) { _ = try package.templatedPartNames() }
        let dangling = try replacing("word/_rels/document.xml.rels", with: """
            <Relationships xmlns="\(Namespace.packageRelationships)"><Relationship Id="rId9" Type="\(RelationshipType.header)" Target="header9.xml"/></Relationships>
            """)
        let error = expectError(.relationships) { _ = try DocxPackage(bytes: dangling, name: "d.docx").templatedPartNames() }
        #expect(error?.message.contains("word/header9.xml") == true)
    }
}

/// Damaged copies of a real document: every outcome must be a value or an OOXMLError.
@Suite struct DamagedArchiveTests {
    /// Opens, lists, reads and parses everything; returns the error codes met.
    func exercise(_ bytes: [UInt8]) -> Set<String> {
        var codes = Set<String>()
        do {
            let package = try DocxPackage(bytes: bytes, name: "damaged.docx")
            for part in package.partNames {
                do {
                    let data = try package.bytes(of: part)
                    // The two large style parts would only slow the test down.
                    if (part.hasSuffix(".xml") || part.hasSuffix(".rels")) && data.count < 64 * 1024 {
                        _ = try XMLDocument(parsing: data, partName: part)
                    }
                } catch {
                    codes.insert(error.code.rawValue)
                }
            }
            _ = try? package.templatedPartNames()
            _ = try? package.inspection()
        } catch {
            codes.insert(error.code.rawValue)
        }
        return codes
    }

    @Test func randomByteDamageNeverCrashes() throws {
        let original = try Fixture.bytes("word-like.docx")
        var seed: UInt64 = 0x2021_0627
        func next() -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: seed >> 33)
        }
        var codes = Set<String>()
        for _ in 0..<200 {
            var bytes = original
            for _ in 0..<(1 + next() % 8) {
                bytes[next() % bytes.count] = UInt8(truncatingIfNeeded: next())
            }
            codes.formUnion(exercise(bytes))
        }
        // Damage must have been noticed somewhere (CRC, deflate or XML errors).
        #expect(!codes.isEmpty)
        #expect(codes.isSubset(of: Set(["E-ZIP-001", "E-ZIP-002", "E-ZIP-003", "E-ZIP-004", "E-ZIP-005", "E-ZIP-007", "E-ZIP-008",
                                         "E-XML-001", "E-XML-002", "E-DOCX-001", "E-DOCX-002", "E-DOCX-003"])), "\(codes)")
    }

    @Test func everyTruncationIsAnError() throws {
        let original = try Fixture.bytes("word-like.docx")
        for length in stride(from: 0, to: original.count, by: 997) {
            let codes = exercise(Array(original.prefix(length)))
            #expect(!codes.isEmpty, "prefix \(length)")
        }
    }
}
