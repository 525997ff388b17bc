import Foundation

/// ArgumentParser writes its help screens and command-line errors in English ("USAGE:",
/// "Show help information.", "Error: Missing expected argument …"); users of reportgen read
/// Chinese. The library offers no hook for its own words, so its text is translated here, once,
/// on the way out: help screens line by line, and an error into one coded line (E-CLI-013) plus
/// the usage and where to read more. Words it does not know are kept, never dropped.
enum ParserText {
    /// A help screen (`--help`, `help COMMAND`) in Chinese.
    static func help(_ text: String) -> String {
        var out = replace(#"See '(.+) <subcommand>' for detailed help\."#, in: text, with: "各子命令的说明：$1 <子命令>")
        for (english, chinese) in helpWords { out = out.replacingOccurrences(of: english, with: chinese) }
        out = replace(#"(?m)^OVERVIEW: "#, in: out, with: "概述：")
        out = replace(#"(?m)^USAGE: "#, in: out, with: "用法：")
        out = replace(#"(?m)^ARGUMENTS:$"#, in: out, with: "参数：")
        out = replace(#"(?m)^OPTIONS:$"#, in: out, with: "选项：")
        out = replace(#"(?m)^SUBCOMMANDS:$"#, in: out, with: "子命令：")
        // The default may be wrapped onto the next line.
        out = replace(#"(\S) ?\(default:\s+([^)]*)\)"#, in: out, with: "$1（默认：$2）")
        out = replace(#"\(default:\s+([^)]*)\)"#, in: out, with: "（默认：$1）")
        return HelpColumns.align(out)
    }

    /// ArgumentParser's message for a command line it cannot parse, as reportgen prints
    /// errors: `E-CLI-013 <what is wrong>`, then the usage and where the full help is.
    static func usageError(_ text: String) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("Error: ") {
                lines.append("E-CLI-013 命令行有误：" + problem(String(line.dropFirst("Error: ".count))))
            } else if line.hasPrefix("Help:  ") {
                lines.append("  说明：" + String(line.dropFirst("Help:  ".count)))
            } else if line.hasPrefix("Usage: ") {
                lines.append("用法：" + String(line.dropFirst("Usage: ".count)).replacingOccurrences(of: "<subcommand>", with: "<子命令>"))
            } else if let match = firstMatch(#"^\s*See '(.+)' for more information\.$"#, in: line) {
                lines.append("  完整说明：\(match[1])")
            } else if !line.isEmpty {
                lines.append(line)
            }
        }
        if !(lines.first ?? "").hasPrefix("E-CLI-013") { lines.insert("E-CLI-013 命令行有误：", at: 0) }
        return lines.joined(separator: "\n")
    }

    /// One of ArgumentParser's error sentences (Usage/UsageGenerator.swift) in Chinese.
    static func problem(_ english: String) -> String {
        let rules: [(String, ([String]) -> String)] = [
            (#"^Missing expected argument '(.+)'$"#, { "缺少参数 \($0[1])" }),
            (#"^Missing one of: '(.+)'$"#, { "缺少以下参数之一：" + $0[1].replacingOccurrences(of: "', '", with: "、") }),
            (#"^Missing value for '(.+)'$"#, { "选项 \($0[1]) 后面缺少取值" }),
            (#"^Unknown option '(.+)'\. Did you mean '(.+)'\?$"#, { "没有选项 \($0[1])，您是不是要写 \($0[2])？" }),
            (#"^Unknown option '(.+)'$"#, { "没有选项 \($0[1])" }),
            (#"^Unexpected argument '(.+)'$"#, { "多余的参数 “\($0[1])”（不是这个命令的参数或子命令；含空格的值请加引号）" }),
            (#"^(\d+) unexpected arguments: '(.+)'$"#,
             { "\($0[1]) 个多余的参数：“" + $0[2].replacingOccurrences(of: "', '", with: "”、“") + "”（含空格的值请加引号）" }),
            (#"^The value '(.*)' is invalid for '(.+?)'(: .*)?$"#,
             { "\($0[2]) 的取值 “\($0[1])” 无效" + ($0[3].isEmpty ? "" : "（" + String($0[3].dropFirst(2)) + "）") }),
            (#"^The option '(.+)' does not take any value, but '(.*)' was specified\.$"#,
             { "选项 \($0[1]) 不带取值，却给了 “\($0[2])”" }),
            (#"^Value to be set with (.+) had already been set with (.+)$"#, { "选项重复：\($0[1]) 与前面的 \($0[2]) 设置同一项" }),
        ]
        for (pattern, render) in rules {
            if let match = firstMatch(pattern, in: english) { return render(match) }
        }
        return english
    }

    private static let helpWords: [(String, String)] = [
        ("Show the version.", "显示版本号。"),
        ("Show help information.", "显示本帮助。"),
        ("<subcommand>", "<子命令>"),
    ]

    private static func replace(_ pattern: String, in text: String, with template: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return text }
        return regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }

    /// The whole match and its groups (an unmatched group is "").
    private static func firstMatch(_ pattern: String, in text: String) -> [String]? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return (0..<match.numberOfRanges).map { index in
            Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
        }
    }
}
