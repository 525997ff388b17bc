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

    /// An empty argument, said as such: `-o "$OUT"` with OUT unset made the output folder the
    /// current directory (E-OUT-017 about 「.」), and `reportgen package "$PKG"` said "这是一个
    /// 目录" naming no file. No option or argument of reportgen takes an empty value.
    static func empty(_ arguments: [String]) -> String? {
        var what: String?
        for (index, argument) in arguments.enumerated() {
            if argument.isEmpty {
                let before = index > 0 ? arguments[index - 1] : ""
                what = before.hasPrefix("-") && !before.contains("=") ? "\(before) 后面的参数" : "第 \(index + 1) 个参数"
            } else if argument.hasPrefix("--"), argument.hasSuffix("=") {
                what = "选项 \(argument.dropLast()) 的值"
            }
            if what != nil { break }
        }
        guard let what else { return nil }
        let commands: Set<String> = ["package", "project", "validate", "render", "import", "template", "docx", "check", "fields", "preview", "inspect"]
        let subcommand = arguments.prefix { commands.contains($0) }
        return "\(ErrorCode.emptyArgument.rawValue) 命令行有误：\(what)是空的（\"\"）。多半是命令中的变量没有赋值（如 -o \"$OUT\" 而 OUT 为空）；"
            + "请写出实际的文件或目录名。\n  完整说明：reportgen \((Array(subcommand) + ["--help"]).joined(separator: " "))"
    }
}
