import ArgumentParser
import ErrorCodes
import TextFormats

/// A mistyped subcommand (`reportgen pakage x.json`) reached ArgumentParser as two extra
/// arguments (“2 个多余的参数”), and a definition file written first (`reportgen x.json`) as one:
/// neither says what to type instead. The words where subcommands belong are read here, before
/// parsing, and the first that names none is one coded line (E-CLI-016) with the closest name.
enum UnknownSubcommand {
    /// The lines to print for `arguments` (without the program name), or nil when every word in a
    /// subcommand's place names one (or an option or `help` comes first: ArgumentParser's own case).
    static func message(_ arguments: [String]) -> String? {
        var command: any ParsableCommand.Type = Reportgen.self
        var path = ["reportgen"]
        for word in arguments {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, !word.hasPrefix("-"), word != "help" else { return nil }
            let names = subcommands.map { $0.configuration.commandName ?? $0._commandName }
            if let index = names.firstIndex(of: word) {
                command = subcommands[index]
                path.append(word)
                continue
            }
            let here = path.joined(separator: " ")
            let problem: String
            if let example = fileExample(word, at: here, names: names) {
                problem = "「\(word)」不是子命令：子命令写在文件前面，如 " + example
            } else if let meant = synonyms[word.lowercased()], let index = names.firstIndex(of: meant) {
                // `template tags`: the help says 列出标签, the subcommand is `fields`.
                var abstract = subcommands[index].configuration.abstract
                while abstract.hasSuffix("。") { abstract.removeLast() }
                problem = "没有子命令「\(word)」，是否应为「\(meant)」（\(abstract)）？"
            } else if let near = EditDistance.closest(to: word, in: names) {
                problem = "没有子命令「\(word)」，是否应为「\(near)」？"
            } else {
                problem = "没有子命令「\(word)」"
            }
            return "\(ErrorCode.unknownSubcommand.rawValue) 命令行有误：\(problem)\n"
                + "  可用的子命令：" + names.joined(separator: "、") + "\n"
                + "用法：\(here) <子命令>\n"
                + "  完整说明：\(here) --help"
        }
        return nil
    }

    /// Words people type for a subcommand's job that are far from its name in letters.
    private static let synonyms: [String: String] = [
        "tags": "fields", "tag": "fields", "list": "fields", "ls": "fields", "标签": "fields", "字段": "fields",
        "lint": "check", "verify": "check", "检查": "check", "预览": "preview", "show": "preview",
    ]

    /// What to type for a file written where the subcommand belongs, by its kind; nil for a word
    /// that is no file name.
    private static func fileExample(_ word: String, at here: String, names: [String]) -> String? {
        let lowered = word.lowercased()
        let isFile = word.contains("/") || [".json", ".docx", ".xlsx", ".csv"].contains { lowered.hasSuffix($0) }
        guard isFile else { return nil }
        guard here == "reportgen" else { return "\(here) \(names[0]) \(word)" }
        if lowered.hasSuffix(".xlsx") || lowered.hasSuffix(".csv") {
            return "reportgen import \(word) -o projects/<项目标识>.json（从自评表导入）"
        }
        if lowered.hasSuffix(".docx") {
            return "reportgen template check \(word)（检查模板）或 reportgen docx inspect \(word)"
        }
        return "reportgen package \(word)（生成报告包）或 reportgen validate \(word)（只校验）"
    }
}
