import Foundation
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

/// SwiftPM links an executable's entry point as `FuzzArchive_main` (aliased to `main`), so
/// libFuzzer's own main is not used: hand over to its driver.
@_cdecl("FuzzArchive_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    typealias Callback = @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
    typealias Driver = @convention(c) (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>, Callback) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "LLVMFuzzerRunDriver") else {
        FileHandle.standardError.write(Data("libFuzzer 未链接：请用 scripts/fuzz.sh 构建（-sanitize=fuzzer）\n".utf8))
        return 2
    }
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return unsafeBitCast(symbol, to: Driver.self)(&count, &arguments, fuzzArchive)
}
