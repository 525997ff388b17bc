import ArgumentParser

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render", abstract: "用任意 JSON 数据填充一个 DOCX 模板。")
    @Option(help: "模板文件（.docx）。") var template: String
    @Option(help: "数据文件（JSON）。") var data: String
    @Option(name: .shortAndLong, help: "输出文件（.docx）。") var output: String
    func run() throws { throw NotYetAvailable(command: "render") }
}
