import ErrorCodes
import Foundation
import Testing
@testable import OOXML

enum Fixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String {
        folder.appendingPathComponent(name).path
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    /// The three well-formed fixtures (python-docx, LibreOffice, renamed main part).
    static let documents = ["word-like.docx", "libreoffice-saved.docx", "renamed-main.docx"]
}

/// Runs `body`, expecting an OOXMLError with `code`; returns it for further checks.
@discardableResult
func expectError(_ code: ErrorCode, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> OOXMLError? {
    do {
        try body()
        Issue.record("expected \(code.rawValue), got no error", sourceLocation: sourceLocation)
        return nil
    } catch let error as OOXMLError {
        #expect(error.code == code, "got \(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected OOXMLError \(code.rawValue), got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// A scratch directory removed at deinit.
final class TemporaryDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ooxml-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Runs a program and returns its exit status and combined output.
func runProgram(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The central directory as the bytes say, read independently of libzip, so tests check the
/// writer's output against the zip format itself.
struct CentralDirectoryEntry: Equatable {
    var name: String
    var method: UInt16
    var dosTime: UInt16
    var dosDate: UInt16
    var crc32: UInt32
    var compressedSize: UInt32
    var uncompressedSize: UInt32
    var localHeaderOffset: UInt32
}

enum ZipBytes {
    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(u16(b, i)) | UInt32(u16(b, i + 2)) << 16 }
    static func put32(_ b: inout [UInt8], _ i: Int, _ v: UInt32) {
        for k in 0..<4 { b[i + k] = UInt8((v >> (8 * UInt32(k))) & 0xFF) }
    }

    /// Offset of the end-of-central-directory record.
    static func endOfCentralDirectory(_ b: [UInt8]) -> Int? {
        var i = b.count - 22
        while i >= 0 {
            if u32(b, i) == 0x0605_4B50 { return i }
            i -= 1
        }
        return nil
    }

    static func centralDirectory(_ b: [UInt8]) -> [CentralDirectoryEntry] {
        guard let end = endOfCentralDirectory(b) else { return [] }
        let count = Int(u16(b, end + 10))
        var offset = Int(u32(b, end + 16))
        var result: [CentralDirectoryEntry] = []
        for _ in 0..<count {
            guard u32(b, offset) == 0x0201_4B50 else { break }
            let nameLength = Int(u16(b, offset + 28))
            let extra = Int(u16(b, offset + 30))
            let comment = Int(u16(b, offset + 32))
            result.append(CentralDirectoryEntry(
                name: String(decoding: b[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self),
                method: u16(b, offset + 10), dosTime: u16(b, offset + 12), dosDate: u16(b, offset + 14),
                crc32: u32(b, offset + 16), compressedSize: u32(b, offset + 20), uncompressedSize: u32(b, offset + 24),
                localHeaderOffset: u32(b, offset + 42)))
            offset += 46 + nameLength + extra + comment
        }
        return result
    }

    /// Offset of `name`'s central directory header.
    static func centralHeaderOffset(_ b: [UInt8], name: String) -> Int? {
        guard let end = endOfCentralDirectory(b) else { return nil }
        let count = Int(u16(b, end + 10))
        var offset = Int(u32(b, end + 16))
        for _ in 0..<count {
            let nameLength = Int(u16(b, offset + 28))
            let entryName = String(decoding: b[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            if entryName == name { return offset }
            offset += 46 + nameLength + Int(u16(b, offset + 30)) + Int(u16(b, offset + 32))
        }
        return nil
    }
}
