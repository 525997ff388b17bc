import ArgumentParser

struct DocxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "docx", abstract: "查看 DOCX 文件的结构。", subcommands: [DocxInspectCommand.self])
}

struct DocxInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "列出 DOCX 的部件、内容类型、关系与大小。")
    @Argument(help: "DOCX 文件。") var file: String
    func run() throws { throw NotYetAvailable(command: "docx inspect") }
}
