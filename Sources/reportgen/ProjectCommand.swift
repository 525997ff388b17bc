import ErrorCodes
import TextFormats
import ArgumentParser
import Foundation
import ReportKit

struct ProjectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project",
        abstract: "只重新生成一个项目的报告与自评表，并刷新汇总表与清单；其他文件保持不变。",
        discussion: """
        输出目录须是 reportgen package 生成的报告包（含 manifest.json），并以 manifest.json 为准：
        文件与清单记录不一致或缺失时报错且不改动任何文件（加 --force 则重新生成它们）；
        清单未列出的文件不会被收录或删除（有这样的文件时报错）；不跟随符号链接。
        为使耗时只与改动有关，缓存目录（$XDG_CACHE_HOME/reportgen，否则 ~/.cache/reportgen）记着报告包与各项目文件的
        “戳”（inode、大小、修改与状态改变时间）：戳未变的文件不再读取，每个文件仍逐个核对戳，所以输出目录里被改过的文件
        照样报错；所有项目文件的改动都会读入（汇总表与整包文档随之更新），但只有 --id 指定的项目的报告与自评表重新生成，
        其他改过的项目请各自运行一次，或运行 reportgen package。

        示例（在仓库根目录运行）：
          reportgen package examples/zhongdian-jiuzhu-2021/package.json -o 报告包
          reportgen project examples/zhongdian-jiuzhu-2021/package.json \\
            --id zhongdian-jiuzhu -o 报告包
        """)

    @Argument(help: ArgumentHelp("报告包定义文件（JSON）。", valueName: "报告包文件")) var packageFile: String
    @Option(help: ArgumentHelp("项目标识（id）。", valueName: "项目标识")) var id: String
    @OptionGroup var options: PackageRunOptions
    @Flag(help: "重新生成与 manifest.json 记录不一致或缺失的文件（会覆盖对它们的手工改动）。") var force = false

    func run() throws {
        let run = PackageRun(file: packageFile, options: options)
        let (generator, destination) = try run.prepare()
        guard generator.package.project(id: id) != nil else {
            let projects = generator.package.projects.map { UnknownProject.Project(id: $0.definition.id, name: $0.definition.name) }
            run.console.problems([ReportKitError(.unknownProject, UnknownProject.message(id: id, projects: projects, packageFile: packageFile))],
                                 summary: "未改动任何文件。")
            throw ExitCode(1)
        }
        // Told from what the run wrote, not by reading the manifest before and after (on tens of
        // thousands of files that was a tenth of the run).
        var changes: ProjectChanges?
        try run.write { progress throws(ReportKitFailure) in
            try PackageWriter.writeProject(generator, projectID: id, in: destination, force: force, progress: progress,
                                           update: { changes = ProjectChanges($0) })
        }
        run.listFiles(in: destination)
        if !options.quiet {
            run.console.info("已重新生成项目「\(id)」并刷新汇总表与清单：\(destination.path)")
            changes?.lines.forEach(run.console.info)
        }
    }
}
