import Foundation
import FuzzDriver
import JSONValue
import Reports

/// libFuzzer: bytes → the strict JSON reader without locations, then `validate` of the bytes as a
/// definition file (written to a scratch file, as the loader reads files; `validate` parses them
/// again with locations recorded, so both reader modes are fuzzed).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    _ = try? JSONParser.parse(Array(bytes), recordLocations: false)
    guard FuzzScratch.write(bytes) else { return 0 }
    let summary = ValidationSummary.validate(path: FuzzScratch.file)
    _ = summary.text()
    _ = summary.json()
    return 0
}

/// The scratch file is made once per process, on tmpfs when there is one. The write is a plain
/// write(2): FileManager.createFile writes atomically (temporary file, fsync, rename), and that
/// fsync was most of each execution's time (the campaign ran at ~140 executions/s).
enum FuzzScratch {
    static let file: String = {
        let base = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let directory = (base as NSString).appendingPathComponent("reportgen-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // libFuzzer ends with exit(): without this each run (CI's too) left its folder in /dev/shm.
        atexit { try? FileManager.default.removeItem(atPath: (FuzzScratch.file as NSString).deletingLastPathComponent) }
        return (directory as NSString).appendingPathComponent("package.json")
    }()

    static func write(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }
}

@_cdecl("FuzzJSON_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runLibFuzzer(argc, argv, fuzzJSON)
}
