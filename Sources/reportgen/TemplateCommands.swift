import ArgumentParser

struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "template", abstract: "模板维护：检查模板、列出标签。", subcommands: [TemplateCheckCommand.self, TemplateFieldsCommand.self])
}

struct TemplateCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "检查模板中的全部错误及其位置。")
    @Argument(help: "模板文件（.docx）。") var template: String
    func run() throws { throw NotYetAvailable(command: "template check") }
}

struct TemplateFieldsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fields", abstract: "列出模板中的全部标签。")
    @Argument(help: "模板文件（.docx）。") var template: String
    func run() throws { throw NotYetAvailable(command: "template fields") }
}
