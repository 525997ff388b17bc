import ArgumentParser
import Foundation
import Import

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "从 Excel/WPS/LibreOffice 保存的 .xlsx 或 .csv 自评表导入项目定义（JSON）。",
        discussion: """
        reportgen import 自评表.xlsx [--sheet 工作表名] -o projects/项目标识.json
          按表头文字找到 项目名称、项目资金、年度总体目标 与绩效指标表，写出 validate 能通过的项目定义；
          合并单元格向下/向右沿用，数字按单元格显示的小数位读取，公式采用其保存的计算结果（逐条说明）；
          表中给出的合计、执行率、完成率、总分、等次与计算值核对，不符即报错；
          -o 的文件已存在且内容不同（可能已补写了正文）时不覆盖，加 --force 才替换。
        reportgen import --projects 项目清单.xlsx -o 目录 [--year 2021] [--unit 单位名称]
          项目清单（每行一个项目）→ 目录/projects/<标识>.json 项目骨架与 目录/package.json。
        CSV 可为 UTF-8（带或不带 BOM）或 GB18030。有错误时列出全部问题（工作表、单元格、代码 E-IMP-…），不写任何文件。
        退出码：0 成功，1 表中有错误，2 用法错误。详见 docs/导入.md。

        示例（在仓库根目录运行）：
          reportgen import examples/import/自评表样例.xlsx -o projects/xiangcun-shebei.json
          reportgen import --projects examples/import/项目清单样例.xlsx -o 2021-某县卫生健康局
        """)

    @Argument(help: ArgumentHelp("自评表（.xlsx 或 .csv）；与 --projects 二者择一。", valueName: "自评表文件")) var sheetFile: String?
    @Option(name: .customLong("projects"), help: ArgumentHelp("项目清单（.xlsx 或 .csv），每行一个项目。", valueName: "项目清单文件")) var projectList: String?
    @Option(help: ArgumentHelp("要读的工作表名称（缺省为第一张）。", valueName: "工作表")) var sheet: String?
    @Option(name: .shortAndLong, help: ArgumentHelp("输出：项目定义文件 projects/<标识>.json；用 --projects 时为目录。", valueName: "输出文件或目录")) var output: String
    @Option(help: ArgumentHelp("年度（表中标题没有写年度时）。", valueName: "年度")) var year: Int?
    @Option(help: ArgumentHelp("填报单位（项目清单中没有“填报单位：”时）。", valueName: "单位名称")) var unit: String?
    @Flag(help: "覆盖已有的、内容不同的输出文件（导入自评表时为 -o 的项目文件，其中手写的正文会丢失；用 --projects 时为目录中已有的文件）。") var force = false

    func validate() throws {
        if (sheetFile == nil) == (projectList == nil) {
            throw ValidationError("请给出一个自评表文件，或用 --projects 给出项目清单（二者择一）")
        }
        if let year, !(1949...2200).contains(year) { throw ValidationError("--year 应为 1949 到 2200 之间的年份") }
    }

    func run() throws {
        let console = Console()
        let report: ImportReport
        do {
            if let projectList {
                report = try ProjectListImport.run(input: projectList, sheet: sheet, folder: output, year: year, unit: unit, force: force)
            } else {
                report = try ProjectImport.run(input: sheetFile ?? "", sheet: sheet, output: output, year: year, force: force)
            }
        } catch {
            console.problems(error.problems, summary: "导入失败：\(error.problems.filter { !$0.isWarning }.count) 处错误，未写出任何文件。")
            throw ExitCode(1)
        }
        for note in report.notes { console.info("说明 " + note) }
        console.warnings(report.warnings)
        for file in report.written { console.info("已写出 " + file) }
        // A sheet holds no report text: said here, or the first package shows a report of a title and a signature.
        if projectList == nil, let file = report.written.first {
            console.info("下一步：自评表中没有报告正文，生成的《项目支出绩效自评报告》只有标题、落款与附表；"
                + "请在 \(file) 中补写 body（正文大纲，见 docs/数据格式.md §2.7）与 goals.period，再运行 reportgen validate。")
        }
    }
}
