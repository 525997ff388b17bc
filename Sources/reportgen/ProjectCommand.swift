import ArgumentParser

struct ProjectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "project", abstract: "只重新生成一个项目的报告与自评表，并刷新汇总表与清单。")
    @Argument(help: "报告包定义文件（JSON）。") var packageFile: String
    @Option(help: "项目标识（id）。") var id: String
    @Option(name: .shortAndLong, help: "输出目录。") var output: String?
    func run() throws { throw NotYetAvailable(command: "project") }
}
