import Foundation
import FuzzDriver
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

@_cdecl("FuzzJSON_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runLibFuzzer(argc, argv, fuzzJSON)
}
