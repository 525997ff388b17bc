import Foundation

/// The input callback libFuzzer calls once per input.
public typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>, Int) -> Int32

/// SwiftPM links an executable's entry point as `<Target>_main` (aliased to `main`), so
/// libFuzzer's own main is not used: each harness's entry point hands over to its driver here.
public func runLibFuzzer(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
                         _ callback: FuzzCallback) -> Int32 {
    typealias Driver = @convention(c) (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                                       FuzzCallback) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "LLVMFuzzerRunDriver") else {
        FileHandle.standardError.write(Data("libFuzzer 未链接：请用 scripts/fuzz.sh 构建（-sanitize=fuzzer）\n".utf8))
        return 2
    }
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return unsafeBitCast(symbol, to: Driver.self)(&count, &arguments, callback)
}
