import ArgumentParser

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "校验报告包或项目定义文件，并列出全部计算结果。")
    @Argument(help: "报告包或项目定义文件（JSON）。") var file: String
    @Flag(help: "以 JSON 输出。") var json = false
    func run() throws { throw NotYetAvailable(command: "validate") }
}
