import Foundation
import Testing

/// A newcomer reads `reportgen … --help` and types its examples: every help screen has some,
/// and each runs as written from the repository root (here a scratch folder that sees the
/// repository's examples/ and templates/). PDF/PNG examples run only where LibreOffice is.
@Suite struct HelpExampleTests {
    static let commands: [[String]] = [
        [], ["package"], ["project"], ["validate"], ["import"], ["render"],
        ["template"], ["template", "check"], ["template", "fields"], ["template", "preview"], ["docx"], ["docx", "inspect"],
    ]

    /// The commands under “示例（在仓库根目录运行）：” of a help screen, as argument lists; a line
    /// ending in ` \\` goes on in the next (as the shell reads it). Lines are short enough that
    /// the help screen never wraps one (a wrapped example no longer runs when pasted).
    static func examples(_ help: String) -> [[String]] {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: "示例（在仓库根目录运行）：") else { return [] }
        var commands: [String] = []
        var continues = false
        for line in lines[(start + 1)...] {
            if continues, line.hasPrefix("    ") {
                commands[commands.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("  reportgen ") {
                commands.append(line.trimmingCharacters(in: .whitespaces))
            } else {
                break
            }
            continues = commands[commands.count - 1].hasSuffix(" \\")
            if continues { commands[commands.count - 1].removeLast(2) }
        }
        return commands.map { $0.split(separator: " ").dropFirst().map(String.init) }
    }

    @Test(.timeLimit(.minutes(5))) func everyHelpScreenHasExamplesThatRun() throws {
        let scratch = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        for folder in ["examples", "templates"] {
            try FileManager.default.createSymbolicLink(at: scratch.appendingPathComponent(folder),
                                                       withDestinationURL: EndToEnd.packageRoot.appendingPathComponent(folder))
        }
        for command in Self.commands {
            let help = try EndToEnd.reportgen(command + ["--help"])
            #expect(help.status == 0, "\(command) --help: \(help.stderr)")
            let examples = Self.examples(help.stdout)
            #expect(!examples.isEmpty, "reportgen \(command.joined(separator: " ")) --help has no 示例")
            for example in examples {
                if example.contains(where: { $0.hasSuffix(".pdf") || $0.hasSuffix(".png") }), !TemplatePreviewTests.canConvert { continue }
                let result = try EndToEnd.run(EndToEnd.binary, example, environment: ["XDG_CACHE_HOME": EndToEnd.cacheHome],
                                              currentDirectory: scratch)
                #expect(result.status == 0, "reportgen \(example.joined(separator: " ")): \(result.stderr)")
            }
        }
    }
}
