import Foundation
import Testing
@testable import OOXML

/// Entries deflated ahead in independent pieces (`DeflatedSegment`, `ZipWriter`'s `.deflated`):
/// libzip must store the pieces as given, with the composed CRC and both sizes, and the result
/// must inflate to the pieces' bytes in order.
@Suite struct DeflatedEntryTests {
    /// Text that compresses (repeated rows) with a varying part, as the 汇总表's rows are.
    static func rows(_ range: Range<Int>) -> [UInt8] {
        Array(range.map { "<w:tr><w:tc><w:p><w:r><w:t>项目\($0)</w:t></w:r></w:p></w:tc></w:tr>" }.joined().utf8)
    }

    static func entry(_ pieces: [[UInt8]]) throws -> DeflatedEntry {
        var entry = DeflatedEntry()
        for piece in pieces { entry.append(try DeflatedSegment.compress(piece[...], level: 6)) }
        return entry
    }

    static let pieces: [[UInt8]] = [Array("<?xml version=\"1.0\"?><w:tbl>".utf8), rows(0..<300), [], rows(300..<700),
                                    Array("</w:tbl>".utf8)]

    /// A kept piece holds its compressed bytes, not room for the uncompressed ones: the
    /// 汇总表 keeps every piece of its part until the part is written (issue 12, flat memory).
    @Test func aPieceHoldsOnlyItsCompressedBytes() throws {
        let bytes = Self.rows(0..<5_000)
        let piece = try DeflatedSegment.compress(bytes[...], level: 6)
        #expect(piece.size == bytes.count)
        // Repeated rows deflate to well under a tenth; the buffer must not keep the input's size.
        #expect(piece.data.count < bytes.count / 10)
        #expect(piece.data.capacity < bytes.count / 5)
    }

    @Test func piecesInflateToTheirBytesInOrderWithTheComposedCRC() throws {
        let entry = try Self.entry(Self.pieces)
        let whole = Self.pieces.flatMap { $0 }
        let bytes = try ZipWriter.bytes([("a.txt", .bytes(Array("前".utf8))), ("word/document.xml", .deflated(entry)),
                                         ("b.txt", .bytes([]))])
        let archive = try ZipArchive(bytes: bytes, name: "mem")
        #expect(archive.entries.map(\.name) == ["a.txt", "word/document.xml", "b.txt"])
        // libzip inflates and checks the CRC against the header's.
        #expect(try archive.read("word/document.xml") == whole)
        // Stored as given: the pieces and the final block, nothing recompressed.
        #expect(try archive.readRaw("word/document.xml") == entry.compressedBytes)
        let directory = ZipBytes.centralDirectory(bytes)
        let header = try #require(directory.first { $0.name == "word/document.xml" })
        #expect(header.method == 8)
        #expect(Int(header.uncompressedSize) == whole.count)
        #expect(Int(header.compressedSize) == entry.compressedSize)
        #expect(header.crc32 == UInt32(truncatingIfNeeded: whole.crc32Reference()))
        #expect(header.dosDate == 0x0021)
    }

    @Test func aPieceDependsOnlyOnItsOwnBytes() throws {
        let alone = try DeflatedSegment.compress(Self.rows(300..<700)[...], level: 6)
        let entry = try Self.entry(Self.pieces)
        #expect(entry.segments[3] == alone)
        // The same pieces give the same archive.
        let one = try ZipWriter.bytes([("x.xml", .deflated(entry))])
        #expect(one == (try ZipWriter.bytes([("x.xml", .deflated(try Self.entry(Self.pieces)))])))
    }

    @Test func anEntryOfNoPiecesIsAnEmptyStream() throws {
        let bytes = try ZipWriter.bytes([("x.xml", .deflated(DeflatedEntry()))])
        #expect(try ZipArchive(bytes: bytes, name: "mem").read("x.xml") == [])
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/unzip"), "unzip missing"))
    func unzipTestsTheArchive() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("pieces.zip")
        try ZipWriter.write([("word/document.xml", .deflated(try Self.entry(Self.pieces))), ("c.txt", .bytes(Self.rows(0..<5)))], to: path)
        let result = try runProgram("/usr/bin/unzip", ["-t", path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("No errors detected"))
    }
}

extension Array where Element == UInt8 {
    /// CRC-32 (IEEE, reflected) computed bit by bit: independent of zlib's.
    func crc32Reference() -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in self {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
