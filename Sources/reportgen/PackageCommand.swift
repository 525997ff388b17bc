import ArgumentParser

struct PackageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "package", abstract: "生成年度报告包：全部项目报告、自评表 CSV、汇总表与清单。")
    @Argument(help: "报告包定义文件（JSON）。") var packageFile: String
    @Option(name: .shortAndLong, help: "输出目录。") var output: String?
    func run() throws { throw NotYetAvailable(command: "package") }
}
