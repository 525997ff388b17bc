import ArgumentParser
import Foundation
import ReportKit
import Reports

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "校验报告包或项目定义文件，并列出全部计算结果。",
        discussion: """
        列出全部错误与警告（文件、JSON 路径、行列、代码，写到标准错误，与 package 相同）；通过时按项目列出资金、完成率、得分、小计、合计与等次（写到标准输出；--json 时全部写到标准输出）。
        退出码：0 通过，1 定义有错误，2 用法错误。

        示例（在仓库根目录运行）：
          reportgen validate examples/zhongdian-jiuzhu-2021/package.json
          reportgen validate examples/ippe-demo/package.json --json
        """)

    @Argument(help: ArgumentHelp("报告包或项目定义文件（JSON）。", valueName: "定义文件")) var file: String
    @Flag(help: "以 JSON 输出（每个项目一个对象：id、name、budgetExecutionRate、indicators、subtotals、total、grade）。")
    var json = false

    func run() throws {
        let summary = ValidationSummary.validate(path: file) { loaded in
            switch loaded {
            case .package(let package): return TemplateSet.missingOverrides(in: package) + ChartCheck.problems(in: package)
            case .project(let project, _): return ChartCheck.problems(in: project)
            }
        }
        if json {
            // One document for programs, problems included (`problems`).
            Console.write(summary.json() + "\n", to: .standardOutput)
        } else {
            // Problems on standard error, as every other command prints them; the figures on
            // standard output.
            Console.write(summary.problemText())
            Console.write(summary.resultText(), to: .standardOutput)
        }
        if !summary.valid { throw ExitCode(1) }
    }
}
