import ErrorCodes
import Foundation

/// The command line as bytes, before Swift decodes it.
///
/// `CommandLine.arguments` repairs bytes that are not UTF-8 with U+FFFD: `-o 报告/x\xff` (a name
/// made under a GBK locale) was written to a new folder `x�` — another path than the one named,
/// and the run said it succeeded. Such an argument is refused instead, every one named.
enum RawArguments {
    static func notUTF8() -> [CommandError] {
        (1 ..< Int(CommandLine.argc)).compactMap { index in
            guard let pointer = CommandLine.unsafeArgv[index] else { return nil }
            let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer)))
            guard String(validating: bytes, as: UTF8.self) == nil else { return nil }
            return CommandError(.ioArgumentNotUTF8, "命令行第 \(index) 个参数「\(shown(bytes))」不是有效的 UTF-8（\\x 后是无法识别的字节，常见于在 GBK 系统上命名的文件或目录）；reportgen 无法准确读写这个路径，请把它改名后重试。")
        }
    }

    /// Valid UTF-8 as text, every other byte as `\xFF`.
    static func shown(_ bytes: [UInt8]) -> String {
        var text = ""
        var rest = bytes[...]
        while !rest.isEmpty {
            // The longest valid prefix (1 to 4 bytes per scalar), else one byte escaped.
            if let length = (1 ... min(4, rest.count)).first(where: { String(validating: rest.prefix($0), as: UTF8.self) != nil }) {
                text += String(decoding: rest.prefix(length), as: UTF8.self)
                rest = rest.dropFirst(length)
            } else {
                text += String(format: "\\x%02X", rest.first!)
                rest = rest.dropFirst()
            }
        }
        return text
    }
}
