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
        let unreadable = RawArguments.notUTF8()
        if !unreadable.isEmpty { CommandSupport.fail(unreadable) }
        if let empty = RawArguments.empty(Array(CommandLine.arguments.dropFirst())) {
            Console.write(empty + "\n")
            exit(withError: ExitCode(2))
        }
        if let unknown = UnknownSubcommand.message(Array(CommandLine.arguments.dropFirst())) {
            Console.write(unknown + "\n")
            exit(withError: ExitCode(2))
        }
        if let (text, status) = parseAndRun() {
            // Exits only once the parser's error is gone: LeakSanitizer took the error of a
            // value ArgumentParser could not convert (`--jobs abc`), still alive at `exit`, for a
            // 48-byte leak (its key path sits in a multi-payload enum, behind a tagged pointer
            // the checker does not follow), and the leak report turned exit status 2 into 1.
            if status == .success { print(text) } else if !text.isEmpty { Console.write(text + "\n") }
            exit(withError: status)
        }
    }

    /// nil when the command ran; else ArgumentParser's text (help screens, command-line
    /// errors) in Chinese and the exit status. A coded error is printed and exits here.
    private static func parseAndRun() -> (String, ExitCode)? {
        do {
            var command = try parseAsRoot()
            try command.run()
            return nil
        } catch let error as CommandError where error.isUsage {
            return (error.description, ExitCode(2))
        } catch let error as any CodedError {
            CommandSupport.fail(error)
        } catch {
            switch exitCode(for: error) {
            case .success: return (ParserText.help(fullMessage(for: error)), .success)
            case .validationFailure: return (ParserText.usageError(fullMessage(for: error)), ExitCode(2))
            // A command's own `ExitCode(1)` after it printed its problems: no text.
            case let code: return (fullMessage(for: error), code)
            }
        }
    }
}

enum ReportgenVersion {
    static let current = "0.1.0"
}
