import ArgumentParser
import Foundation
import Templating

struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "template", abstract: "模板维护：检查模板、列出标签。", subcommands: [TemplateCheckCommand.self, TemplateFieldsCommand.self])
}

struct TemplateCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "检查模板中的全部错误及其位置（有错误时退出码为 1）。")
    @Argument(help: "模板文件（.docx）。") var template: String
    @Option(help: ArgumentHelp("标签定界符，例如 \"{ }\"。", valueName: "开 闭")) var delimiters: String?

    func run() throws {
        let options = try CommandSupport.options(delimiters: delimiters, missing: "error")
        guard let data = FileManager.default.contents(atPath: template) else {
            CommandSupport.fail("E-IO-001 无法读取模板文件 \(template)")
        }
        let result = Template.check(bytes: Array(data), name: template, options: options)
        if !result.errors.isEmpty {
            CommandSupport.fail("模板 \(template) 有 \(result.errors.count) 处错误：\n" + result.errors.map { "  " + $0.description }.joined(separator: "\n"))
        }
        print("模板 \(template) 检查通过，共 \(result.fields.count) 个标签。")
    }
}

struct TemplateFieldsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fields", abstract: "列出模板中的全部标签：路径、过滤器与位置。")
    @Argument(help: "模板文件（.docx）。") var template: String
    @Option(help: ArgumentHelp("标签定界符，例如 \"{ }\"。", valueName: "开 闭")) var delimiters: String?
    @Flag(help: "以 JSON 输出。") var json = false

    func run() throws {
        let options = try CommandSupport.options(delimiters: delimiters, missing: "error")
        guard let data = FileManager.default.contents(atPath: template) else {
            CommandSupport.fail("E-IO-001 无法读取模板文件 \(template)")
        }
        let result = Template.check(bytes: Array(data), name: template, options: options)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let text = String(decoding: try encoder.encode(result.fields), as: UTF8.self)
            print(text)
        } else {
            print(["标签", "类型", "路径", "过滤器", "位置"].joined(separator: "\t"))
            for field in result.fields {
                let kind: String
                switch field.kind {
                case .value: kind = "取值"
                case .section: kind = "区段" + (field.placement.map { "（\(Self.placementName($0))）" } ?? "")
                case .inverted: kind = "反向区段" + (field.placement.map { "（\(Self.placementName($0))）" } ?? "")
                case .close: kind = "结束"
                case .block: kind = "块"
                }
                let filters = field.filters.map { ([$0.name] + $0.arguments).joined(separator: ":") }.joined(separator: " | ")
                print([field.tag, kind, field.path, filters, field.location.description].joined(separator: "\t"))
            }
        }
        if !result.errors.isEmpty {
            CommandSupport.fail("模板有 \(result.errors.count) 处错误，请用 reportgen template check 查看。")
        }
    }

    static func placementName(_ p: String) -> String {
        switch p {
        case "rows": return "重复表格行"
        case "paragraphs": return "重复段落"
        default: return "段内重复"
        }
    }
}
