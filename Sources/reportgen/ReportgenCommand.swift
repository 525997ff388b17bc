import ErrorCodes
import Foundation
import ArgumentParser
import OOXML

@main
struct Reportgen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reportgen",
        abstract: "生成部门决算公开及项目支出绩效自评报告（DOCX 与 CSV）。",
        discussion: """
        财务人员用 JSON 描述一个年度的数据，reportgen 用 DOCX 模板生成报告文件，
        所有比率、得分、合计与等次均由程序计算。

        示例（在仓库根目录运行）：
          reportgen package examples/yanbian-2021/package.json
          reportgen template check templates/self-evaluation-sheet.docx
        """,
        version: ReportgenVersion.current,
        subcommands: [
            PackageCommand.self,
            ProjectCommand.self,
            ValidateCommand.self,
            ImportCommand.self,
            RenderCommand.self,
            TemplateCommand.self,
            DocxCommand.self,
        ]
    )

    /// Usage errors exit with 2 (ArgumentParser's default is 64) so scripts can tell a bad
    /// command line from an invalid definition (1); they are one coded line (E-CLI-013). A coded error a command throws (a word an
    /// option does not take, `Choice`) is printed as every coded error is, and exits with 1.
    static func main() {
        SystemFiles.ignoreFileSizeSignal()
        Interruption.install()
        SystemFiles.returnFreedMemory()
        if let unknown = UnknownSubcommand.message(Array(CommandLine.arguments.dropFirst())) {
            Console.write(unknown + "\n")
            exit(withError: ExitCode(2))
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as any CodedError {
            CommandSupport.fail(error)
        } catch {
            // ArgumentParser's own text (help screens, command-line errors) goes out in Chinese.
            switch exitCode(for: error) {
            case .success:
                print(ParserText.help(fullMessage(for: error)))
                exit(withError: ExitCode.success)
            case .validationFailure:
                Console.write(ParserText.usageError(fullMessage(for: error)) + "\n")
                exit(withError: ExitCode(2))
            default:
                exit(withError: error)
            }
        }
    }
}

enum ReportgenVersion {
    static let current = "0.1.0"
}
