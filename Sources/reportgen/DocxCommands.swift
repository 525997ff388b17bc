import ArgumentParser
import Foundation
import OOXML

struct DocxCommand: ParsableCommand {
    // Examples like every other help screen (README: each --help has some; `docx --help` had none).
    static let configuration = CommandConfiguration(commandName: "docx", abstract: "查看 DOCX 文件的结构。", discussion: """
        供检查模板或生成的文档时查看其内部结构（部件、内容类型、关系与大小）。

        示例（在仓库根目录运行）：
          reportgen docx inspect templates/summary.docx
        """, subcommands: [DocxInspectCommand.self])
}

struct DocxInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "列出 DOCX 的部件、内容类型、关系与大小。",
        discussion: """
        出错时在标准错误输出带编号的说明（如 E-ZIP-001），退出码为 1。

        示例（在仓库根目录运行）：
          reportgen docx inspect templates/summary.docx
        """)
    @Argument(help: ArgumentHelp("DOCX 文件。", valueName: "DOCX文件")) var file: String
    @Flag(help: "以 JSON 输出。") var json = false

    func run() throws {
        let inspection: DocxInspection
        do {
            inspection = try DocxPackage(path: file).inspection()
        } catch {
            Console.write(error.description + "\n")
            throw ExitCode.failure
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            var data = try encoder.encode(inspection)
            data.append(UInt8(ascii: "\n"))
            try? FileHandle.standardOutput.write(contentsOf: data)
        } else {
            Console.write(inspection.text, to: .standardOutput)
        }
    }
}
