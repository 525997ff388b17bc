import Foundation
import JSONValue
import Reports

/// libFuzzer: bytes → the strict JSON reader, then `validate` of the bytes as a definition file
/// (written to a scratch file, as the loader reads files).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? JSONParser.parse(bytes, recordLocations: true)
    let path = FuzzScratch.file
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return 0 }
    let summary = ValidationSummary.validate(path: path)
    _ = summary.text()
    _ = summary.json()
    return 0
}

enum FuzzScratch {
    static let file: String = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reportgen-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("package.json").path
    }()
}

/// SwiftPM links an executable's entry point as `FuzzJSON_main` (aliased to `main`), so
/// libFuzzer's own main is not used: hand over to its driver.
@_cdecl("FuzzJSON_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    typealias Callback = @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
    typealias Driver = @convention(c) (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>, Callback) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "LLVMFuzzerRunDriver") else {
        FileHandle.standardError.write(Data("libFuzzer 未链接：请用 scripts/fuzz.sh 构建（-sanitize=fuzzer）\n".utf8))
        return 2
    }
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return unsafeBitCast(symbol, to: Driver.self)(&count, &arguments, fuzzJSON)
}
