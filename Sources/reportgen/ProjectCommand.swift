import ErrorCodes
import TextFormats
import ArgumentParser
import Foundation
import JSONValue
import OOXML
import ReportKit
import Reports

struct ProjectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project",
        abstract: "只重新生成改动过的一个项目（--id），并更新汇总表等受它影响的文件；其他文件不变。",
        discussion: """
        先用 reportgen package 生成过报告包；改了 projects/ 下某个项目文件后，用 --id 给出该项目的 id
        （项目文件中的 "id"，reportgen validate 列出全部 id），重新生成它的报告、自评表（DOCX、CSV）、
        特定目标类表，以及汇总表、manifest.json 和内容因它而变的整包文档（附有各项目报告的部门决算情况说明、
        汇总各项目数的部门整体报告）。结果与整包重新生成逐字节相同；结束时列出内容有变化的文件。

        -o 要与生成时相同（没写 -o 时都是当前目录下的 output/<年度>-<单位名称>/）。
        输出目录以其中的 manifest.json 为准：其中的文件被改动过或缺失时报错、什么也不改（加 --force 则重新生成它们）；
        有 manifest.json 未列出的文件（如自己放进去的说明）时报错，请先移走——reportgen 从不收录、从不删除它们。

        删除了项目（或改了项目的 id）时，它原来的文件在下一次运行（package，或对现有项目的 project --id）时移除。
        改了几个项目时，每个项目运行一次，或直接运行 reportgen package；只重新生成了其中一个时，
        其余改动了汇总表所用数据（名称、单位、金额、得分等）的项目每次都以警告 W-DEF-036 列出
        （汇总表已用其新数据，其报告尚未重新生成）。未改动的文件不再读取
        （缓存目录 ~/.cache/reportgen 或 $XDG_CACHE_HOME/reportgen 记着各文件的大小与修改时间，可随时删除）。

        示例（在仓库根目录运行）：
          reportgen package examples/zhongdian-jiuzhu-2021/package.json -o 报告包
          reportgen project examples/zhongdian-jiuzhu-2021/package.json \\
            --id zhongdian-jiuzhu -o 报告包
        """)

    @Argument(help: ArgumentHelp("报告包定义文件（JSON）。", valueName: "报告包文件")) var packageFile: String
    @Option(help: ArgumentHelp("要重新生成的项目的 id（项目文件中的 \"id\"，如 zhongdian-jiuzhu）；写错时给出最接近的 id。", valueName: "项目标识")) var id: String
    @OptionGroup var options: PackageRunOptions
    @Flag(help: "重新生成与 manifest.json 记录不一致或缺失的文件（会覆盖对它们的手工改动）。") var force = false
    @Flag(help: "另用 LibreOffice 将重新生成的每个 DOCX 转为 PDF；不加时，这些 DOCX 原有的 PDF（package --pdf 生成的）已过期，会被移除。") var pdf = false

    func run() throws {
        try options.checkJobs()
        let run = PackageRun(file: packageFile, options: options)
        // The output folder is locked and checked against its manifest while the definitions
        // load: both grow with the package and neither needs the other (issue 12). Only when
        // the folder is named and exists, and no killed run left anything to clean or finish
        // beside it (that is done, and said, only once the definitions are known to be right);
        // otherwise it is inspected after loading, as before.
        let early = options.output.map { URL(fileURLWithPath: $0) }
            .flatMap { SystemFiles.kind($0.standardizedFileURL.path) == .directory && !StagedOutput.hasLeftovers(of: $0) ? $0 : nil }
            .map { destination in
                let (cache, force) = (CacheFolder.user(), force)
                return BackgroundWork { Result { () throws(ReportKitFailure) in
                    try PackageWriter.inspectProjectFolder(destination, cache: cache, force: force)
                } }
            }
        // LibreOffice starts while the definitions load and the project renders.
        let prepared: PDFConversion.Preparation?
        do {
            prepared = pdf ? try PDFConversion.prepare(jobs: options.jobs, console: run.console) : nil
        } catch {
            _ = early?.wait()  // the check ends first; its lock goes with `early`
            throw error
        }
        defer { prepared?.end() }
        // The project record is saved on another thread while the run goes on (`PackageRun`).
        defer { PackageRun.finishRecords() }
        let (generator, destination): (PackageGenerator, URL)
        do {
            (generator, destination) = try run.prepare(backgroundRecords: true, regenerating: id)
        } catch {
            _ = early?.wait()  // the check ends first; its lock goes with `early`
            throw error
        }
        guard generator.package.index(ofProject: id) != nil else {
            _ = early?.wait()  // the check ends first; its lock goes with `early`
            let projects = Array(generator.package.projects.briefs.map { UnknownProject.Project(id: $0.id, name: $0.name) })
            let removed = UnknownProject.removedProject(id: id, output: destination)
            run.console.problems([ReportKitError(.unknownProject, UnknownProject.message(id: id, projects: projects, packageFile: packageFile, removed: removed,
                                                                          rebuild: "reportgen package \(packageFile)" + (options.output.map { " -o \($0)" } ?? "")))],
                                 summary: "未改动任何文件。")
            throw ExitCode(1)
        }
        var finish: PackageWriter.Finisher?
        if let prepared {
            let (console, quiet, jobs, year) = (run.console, options.quiet, options.jobs, generator.package.definition.year)
            finish = { files throws(ReportKitFailure) in try PDFConversion.convert(files, year: year, jobs: jobs, prepared: prepared, console: console, quiet: quiet) }
        }
        // Told from what the run wrote, not by reading the manifest before and after (on tens of
        // thousands of files that was a tenth of the run).
        var changes: ProjectChanges?
        try run.write(to: destination) { progress throws(ReportKitFailure) in
            let folder: PackageWriter.ProjectFolder
            if let early {
                folder = try early.wait().get()
            } else {
                folder = try PackageWriter.inspectProjectFolder(destination, cache: generator.options.cacheFolder, force: force)
            }
            return try PackageWriter.writeProject(generator, projectID: id, folder: folder, progress: progress,
                                                  finish: finish, update: { changes = ProjectChanges($0) })
        }
        // Another edited project's new figures went into the 汇总表 while its own documents stayed
        // as they were (unless this run made them again too, as it always makes `--id`): said,
        // so that the two are not signed apart.
        let others = generator.package.changedSinceLastRun
            .filter { changes?.regenerated.contains($0.id) != true }.sorted { $0.id < $1.id }
        if !others.isEmpty && !options.quiet {
            let listed = others.map { "「\($0.id)」（\(generator.package.shown(file: $0.file))）" }.joined(separator: "、")
            let commands = others.map { "reportgen project \(packageFile) --id \($0.id)" + (options.output.map { " -o \($0)" } ?? "") }
            run.console.warnings([ReportKitError(.otherProjectChanged, "项目\(listed)的文件在上次生成后也改过：汇总表已按其新数据更新，但其报告与自评表仍是上次生成的。请再运行 \(commands.joined(separator: "；"))，或运行 reportgen package 重新生成整个报告包。").description])
        }
        run.listFiles(in: destination)
        if !options.quiet {
            run.console.info("已重新生成项目「\(id)」并刷新汇总表与清单：\(ShownPath.shown(destination.path))")
            changes?.lines.forEach(run.console.info)
        }
        PackageRun.finishRecords()
        prepared?.end()  // `exit` below runs no `defer`
        // What is left is freeing the loaded package, the folder's listing and the rendering
        // buffers one allocation at a time (tens of milliseconds at 10 000 projects): the
        // process ends instead and the system takes its memory back whole. Not under a leak
        // checker (scripts/sanitize.sh): at exit it cannot tell what the run still held from a
        // leak (it reported 195 objects of the final accounts), so there the run frees as usual.
        if !Self.underLeakChecker { Foundation.exit(0) }
    }

    /// LeakSanitizer's entry point is linked in (`--sanitize=address`).
    private static var underLeakChecker: Bool {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__lsan_do_leak_check") != nil
    }
}
