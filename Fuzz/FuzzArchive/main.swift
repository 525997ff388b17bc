import Foundation
import FuzzDriver
import OOXML

/// libFuzzer: bytes → a zip archive → a .docx package: every part read, every XML part
/// parsed, every relationship resolved, the package written again.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzArchive(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let archive = try? ZipArchive(bytes: bytes, name: "fuzz.docx") else { return 0 }
    for entry in archive.entries { _ = try? archive.read(entry.name) }
    guard let package = try? DocxPackage(archive: archive) else { return 0 }
    for part in package.partNames where part.hasSuffix(".xml") || part.hasSuffix(".rels") {
        _ = try? package.xml(part)
        _ = try? package.relationships(of: part)
    }
    _ = try? package.templatedPartNames()
    _ = try? package.serialized()
    return 0
}

@_cdecl("FuzzArchive_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runLibFuzzer(argc, argv, fuzzArchive)
}
