import ErrorCodes
import TextFormats
import ArgumentParser
import Foundation
import OOXML
import ReportKit
import Reports

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
        照样报错；所有项目文件的改动都会读入（汇总表与整包文档随之更新），但只有 --id 指定的项目的报告与自评表重新生成
        （以及因它改名而文件名随之变化的其他项目的文件），其他改过的项目请各自运行一次，或运行 reportgen package。

        示例（在仓库根目录运行）：
          reportgen package examples/zhongdian-jiuzhu-2021/package.json -o 报告包
          reportgen project examples/zhongdian-jiuzhu-2021/package.json \\
            --id zhongdian-jiuzhu -o 报告包
        """)

    @Argument(help: ArgumentHelp("报告包定义文件（JSON）。", valueName: "报告包文件")) var packageFile: String
    @Option(help: ArgumentHelp("项目标识（id）。", valueName: "项目标识")) var id: String
    @OptionGroup var options: PackageRunOptions
    @Flag(help: "重新生成与 manifest.json 记录不一致或缺失的文件（会覆盖对它们的手工改动）。") var force = false
    @Flag(help: "另用 LibreOffice 将重新生成的每个 DOCX 转为 PDF；不加时，这些 DOCX 原有的 PDF（package --pdf 生成的）已过期，会被移除。") var pdf = false

    func run() throws {
        let run = PackageRun(file: packageFile, options: options)
        // The output folder is locked and checked against its manifest while the definitions
        // load: both grow with the package and neither needs the other (issue 12). Only when
        // the folder is named and exists, and no killed run left anything to clean or finish
        // beside it (that is done, and said, only once the definitions are known to be right);
        // otherwise it is inspected after loading, as before.
        let early = options.output.map { URL(fileURLWithPath: $0) }
            .flatMap { SystemFiles.kind($0.standardizedFileURL.path) == .directory && !StagedOutput.hasLeftovers(of: $0) ? $0 : nil }
            .map { FolderInspection(destination: $0, cache: CacheFolder.user(), force: force) }
        // The project record is saved on another thread while the run goes on (`PackageRun`).
        defer { PackageRun.finishRecords() }
        let (generator, destination): (PackageGenerator, URL)
        do {
            (generator, destination) = try run.prepare(backgroundRecords: true)
        } catch {
            early?.discard()
            throw error
        }
        guard generator.package.index(ofProject: id) != nil else {
            early?.discard()
            let projects = Array(generator.package.projects.briefs.map { UnknownProject.Project(id: $0.id, name: $0.name) })
            run.console.problems([ReportKitError(.unknownProject, UnknownProject.message(id: id, projects: projects, packageFile: packageFile))],
                                 summary: "未改动任何文件。")
            throw ExitCode(1)
        }
        let prepared = pdf ? try PDFConversion.prepare(jobs: options.jobs, console: run.console) : nil
        defer { prepared?.end() }
        var finish: PackageWriter.Finisher?
        if let prepared {
            let (console, quiet, jobs, year) = (run.console, options.quiet, options.jobs, generator.package.definition.year)
            finish = { files throws(ReportKitFailure) in try PDFConversion.convert(files, year: year, jobs: jobs, prepared: prepared, console: console, quiet: quiet) }
        }
        // Told from what the run wrote, not by reading the manifest before and after (on tens of
        // thousands of files that was a tenth of the run).
        var changes: ProjectChanges?
        try run.write { progress throws(ReportKitFailure) in
            let folder: PackageWriter.ProjectFolder
            if let early {
                folder = try early.result()
            } else {
                folder = try PackageWriter.inspectProjectFolder(destination, cache: generator.options.cacheFolder, force: force)
            }
            return try PackageWriter.writeProject(generator, projectID: id, folder: folder, progress: progress,
                                                  finish: finish, update: { changes = ProjectChanges($0) })
        }
        run.listFiles(in: destination)
        if !options.quiet {
            run.console.info("已重新生成项目「\(id)」并刷新汇总表与清单：\(destination.path)")
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

/// `PackageWriter.inspectProjectFolder` on another thread, started before the definitions load.
private final class FolderInspection: @unchecked Sendable {
    private var outcome: Result<PackageWriter.ProjectFolder, ReportKitFailure>?
    private let done = DispatchSemaphore(value: 0)

    init(destination: URL, cache: URL?, force: Bool) {
        DispatchQueue.global().async {
            self.outcome = Result { () throws(ReportKitFailure) in
                try PackageWriter.inspectProjectFolder(destination, cache: cache, force: force)
            }
            self.done.signal()
        }
    }

    /// The inspected folder (or why it could not be), once the thread is done.
    func result() throws(ReportKitFailure) -> PackageWriter.ProjectFolder {
        done.wait()
        done.signal()
        return try outcome!.get()
    }

    /// Waits for the thread and lets the folder go (its lock and staging folder with it).
    func discard() {
        done.wait()
        done.signal()
        outcome = nil
    }
}
