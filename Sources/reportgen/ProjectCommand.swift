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
        """)

    @Argument(help: "报告包定义文件（JSON）。") var packageFile: String
    @Option(help: "项目标识（id）。") var id: String
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
