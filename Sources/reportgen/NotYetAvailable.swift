import ArgumentParser

/// Commands planned in DEFINITION.md that are not built yet exit with this error.
struct NotYetAvailable: Error, CustomStringConvertible {
    let command: String
    var description: String { "E-CLI-001 命令「\(command)」尚未提供，将在后续版本中实现。" }
}

struct PackageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "package", abstract: "生成年度报告包：全部项目报告、自评表 CSV、汇总表与清单。")
    @Argument(help: "报告包定义文件（JSON）。") var packageFile: String
    @Option(name: .shortAndLong, help: "输出目录。") var output: String?
    func run() throws { throw NotYetAvailable(command: "package") }
}

struct ProjectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "project", abstract: "只重新生成一个项目的报告与自评表，并刷新汇总表与清单。")
    @Argument(help: "报告包定义文件（JSON）。") var packageFile: String
    @Option(help: "项目标识（id）。") var id: String
    @Option(name: .shortAndLong, help: "输出目录。") var output: String?
    func run() throws { throw NotYetAvailable(command: "project") }
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "校验报告包或项目定义文件，并列出全部计算结果。")
    @Argument(help: "报告包或项目定义文件（JSON）。") var file: String
    @Flag(help: "以 JSON 输出。") var json = false
    func run() throws { throw NotYetAvailable(command: "validate") }
}

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render", abstract: "用任意 JSON 数据填充一个 DOCX 模板。")
    @Option(help: "模板文件（.docx）。") var template: String
    @Option(help: "数据文件（JSON）。") var data: String
    @Option(name: .shortAndLong, help: "输出文件（.docx）。") var output: String
    func run() throws { throw NotYetAvailable(command: "render") }
}

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

struct DocxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "docx", abstract: "查看 DOCX 文件的结构。", subcommands: [DocxInspectCommand.self])
}

struct DocxInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "列出 DOCX 的部件、内容类型、关系与大小。")
    @Argument(help: "DOCX 文件。") var file: String
    func run() throws { throw NotYetAvailable(command: "docx inspect") }
}
