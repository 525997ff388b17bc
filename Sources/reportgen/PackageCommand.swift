import ErrorCodes
import ArgumentParser
import Foundation
import JSONValue
import OOXML
import ReportKit
import Reports

/// Options both package commands share.
struct PackageRunOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("输出目录（默认为当前目录下的 output/<年度>-<单位名称>/）。", valueName: "输出目录")) var output: String?
    // No default here: `project` keeps the encoding the package was made with unless told
    // (`PackageRun.csvEncoding`), so it must know whether the option was given.
    @Option(name: .customLong("csv-encoding"), help: ArgumentHelp("CSV 编码：utf-8-bom（带 BOM 的 UTF-8，Excel 可直接打开；package 的默认）或 gb18030；project 不写时沿用报告包中已有 CSV 的编码。", valueName: "编码"))
    var csvEncoding: Choice<CSVEncoding>?
    @Option(help: ArgumentHelp("放有自定义模板的目录：其中有的模板（按文件名，如 summary.docx）替换默认模板，没有的仍用默认模板。", valueName: "模板目录")) var templates: String?
    @Flag(name: .shortAndLong, help: "不显示进度与警告。") var quiet = false
    @Flag(name: .shortAndLong, help: "列出写入的每个文件。") var verbose = false
    // Unconditional: the next word is the value even when it starts with a dash, so `-j -1` is
    // refused for its value (`checkJobs`) instead of read as a missing value and an option `-1`.
    @Option(name: .shortAndLong, parsing: .unconditional,
            help: ArgumentHelp("同时工作的进程/线程数，1 到 256（默认为 CPU 核心数）；结果与此数无关，逐字节相同。", valueName: "并行数"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    /// A whole number outside 1…256 is a value the option cannot take (E-CLI-002, exit 2, as a
    /// word `--csv-encoding` does not take); a word that is no whole number stays ArgumentParser's
    /// E-CLI-013 (a value of the wrong type). Called first by each command's `run`: an error thrown
    /// from `validate()` comes back wrapped by ArgumentParser, without its code.
    func checkJobs() throws(CommandError) {
        guard (1...256).contains(jobs) else {
            throw CommandError(.badOption, "--jobs（-j）应为 1 到 256 之间的正整数（同时工作的进程数），收到的是 “\(jobs)”", isUsage: true)
        }
    }
}

/// Loading, compiling and rendering shared by `package` and `project`.
struct PackageRun {
    let file: String
    let options: PackageRunOptions
    let console = Console()

    /// The counted notes (`ErrorCode.countedNotes`) of a load, one line per kind.
    static func noteLines(_ problems: [DefinitionProblem]) -> [String] {
        let forms = problems.filter { ErrorCode.formNotes.contains($0.code) }.count
        let bodyless = problems.filter { $0.code == .projectWithoutBody }.count
        return (forms > 0 ? ["说明：\(forms) 处空表未附在报告后或未单独生成（W-DEF-010/011/020），reportgen validate 逐条列出。"] : [])
            + (bodyless > 0 ? ["说明：\(bodyless) 个项目没有正文（W-DEF-034），其报告只有标题和所附的表；reportgen validate 逐条列出。"] : [])
    }

    /// `backgroundRecords`: the project record is saved on another thread (see
    /// `PackageLoader.Slim.saveInBackground`); the command calls `finishRecords()` before it ends.
    /// `regenerating`: the project `project --id` makes again (`PackageLoader.Slim.regenerating`).
    func prepare(backgroundRecords: Bool = false, regenerating: String? = nil) throws -> (generator: PackageGenerator, destination: URL) {
        let askedEncoding = try options.csvEncoding?.value()
        // Before loading: on a second run the glob would already have read the output's manifest.
        if let planned = plannedDestination() {
            let inside = OutputInsideGlob.problems(packagePath: file, destination: planned)
            if !inside.isEmpty {
                console.problems(inside, summary: "未生成任何文件。")
                throw ExitCode(1)
            }
        }
        var package: LoadedPackage
        let defaults = TemplateLocator.defaultDirectory()
        let overlay = options.templates.map { URL(fileURLWithPath: $0) }
        // The templates compile while the project files load: they need only the package file.
        let early = TemplateCompilation()
        do {
            // Slim: each project's file is read again by the job that renders it (flat memory).
            var slim = ChartCheck.slimLoading(cache: CacheFolder.user())
            slim.saveInBackground = backgroundRecords
            slim.regenerating = regenerating
            // Nothing after the load reads a project whole but its own job (issue 12).
            slim.compactWith = PackageGenerator.projectDigest
            slim.definitionRead = { definition, directory in
                early.start { () throws(ReportKitFailure) in
                    try TemplateSet.make(overrides: definition.templates, directory: directory, defaults: defaults, overlay: overlay)
                }
            }
            package = try PackageLoader.load(path: file, slim: slim)
        } catch {
            if Self.isProjectFile(file) {
                console.problems([ReportKitError(.projectFileGiven, "这是单个项目的定义文件，不是报告包。reportgen package / project 需要报告包文件（含 format、year、unit、projects）；只校验这个项目请用 reportgen validate \(file)。", path: file)],
                                 summary: "未生成任何文件。")
                throw ExitCode(1)
            }
            // The errors and real warnings; empty-form notes as one line, as on success.
            let shown = error.problems.filter { !ErrorCode.countedNotes.contains($0.code) }
            console.problems(shown, summary: Self.noteLines(error.problems).map { $0 + "\n" }.joined()
                             + "定义有 \(error.errors.count) 处错误，未生成任何文件。")
            throw ExitCode(1)
        }
        // `project --id` with an id the package does not have stops at once with E-OUT-004,
        // which the load's warnings printed above it would push out of sight (newcomer review 5).
        let unknownProject = regenerating.map { package.index(ofProject: $0) == nil } ?? false
        if !options.quiet && !unknownProject {
            // Empty forms left out (W-DEF-010/011/020) are notes `validate` lists one by one;
            // here one line says how many, so real warnings are not drowned.
            console.warnings(package.warnings.filter { !ErrorCode.countedNotes.contains($0.code) }.map(\.description))
            for line in Self.noteLines(package.warnings) { console.info(line) }
        }
        // Shown above; nothing after reads them, and a package of 10 000 projects has some
        // 20 000 (empty-form notes), megabytes of text held through the whole run (issue 12).
        package.warnings = []
        let templates: TemplateSet
        do {
            if let compiled = try early.result() {
                templates = compiled
            } else {
                templates = try TemplateSet.make(for: package, defaults: defaults, overlay: overlay)
            }
            if !options.quiet { console.warnings(templates.warnings.map(\.description)) }
            if options.templates != nil, !options.quiet {
                let chosen = templates.sources.filter { $0.origin == .overlay }.map { URL(fileURLWithPath: $0.file).lastPathComponent }
                let defaults = templates.sources.count - chosen.count
                console.info("使用 --templates 目录中的模板：\(chosen.joined(separator: "、"))" + (defaults > 0 ? "；其余 \(defaults) 个模板不变" : ""))
                if !templates.unusedOverlayFiles.isEmpty {
                    console.info("说明：--templates 目录中的 \(templates.unusedOverlayFiles.joined(separator: "、")) 不是模板的文件名，未使用"
                        + "（模板按文件名替换，应为 \(TemplateSet.fileNameList)；要用它就改成其中的名字）")
                }
            }
        } catch {
            console.problems(error.errors, summary: "模板有错误，未生成任何文件。")
            throw ExitCode(1)
        }
        let destination = URL(fileURLWithPath: options.output ?? Self.defaultOutput(year: package.definition.year, unit: package.definition.unit.name))
        let csvEncoding: CSVEncoding
        do {
            csvEncoding = try Self.csvEncoding(asked: askedEncoding, regenerating: regenerating != nil, destination: destination)
        } catch {
            console.problems([error], summary: "未改动任何文件。")
            throw ExitCode(1)
        }
        let packageBytes = (try? Data(contentsOf: URL(fileURLWithPath: file))).map(Array.init) ?? []
        var generatorOptions = PackageOptions()
        generatorOptions.csvEncoding = csvEncoding
        generatorOptions.toolVersion = "reportgen \(ReportgenVersion.current)"
        generatorOptions.workers = options.jobs
        generatorOptions.cacheFolder = CacheFolder.user()
        generatorOptions.outputFolder = destination
        let generator = PackageGenerator(package: package, templates: templates, packageBytes: packageBytes, options: generatorOptions)
        let chartProblems = generator.chartProblems()
        if !chartProblems.isEmpty {
            console.problems(chartProblems, summary: "图表数据有 \(chartProblems.count) 处错误，未生成任何文件。")
            throw ExitCode(1)
        }
        // Loading freed far more than it kept (the parsed files, the project index's text).
        SystemFiles.trimFreedMemory()
        return (generator, destination)
    }

    /// The encoding the CSVs are written in. `package` writes every CSV anew: the option, or
    /// UTF-8 with BOM. `project --id` writes only some of them beside the kept ones; it used to
    /// write UTF-8 with BOM whenever the option was left out, so a package made with
    /// `--csv-encoding gb18030` ended up with CSVs of two encodings after one routine update
    /// (newcomer review 9). It keeps the package's own encoding now, read from its 汇总表 CSV,
    /// and refuses another one given explicitly (E-OUT-018): only a whole new package can
    /// change the encoding of every CSV.
    static func csvEncoding(asked: CSVEncoding?, regenerating: Bool, destination: URL) throws(ReportKitError) -> CSVEncoding {
        guard regenerating else { return asked ?? .utf8BOM }
        let summary = destination.appendingPathComponent(PackageGenerator.summaryName + ".csv").path
        guard let existing = writtenEncoding(summary) else { return asked ?? .utf8BOM }
        if let asked, asked != existing {
            throw ReportKitError(.csvEncodingDiffers,
                                 "报告包中的 CSV 是 \(existing.word) 编码（生成它时用的 --csv-encoding），而这次给的是 --csv-encoding \(asked.word)：project --id 只重新生成一个项目的 CSV，"
                                 + "不能只把其中几个改成另一种编码。请去掉 --csv-encoding（沿用 \(existing.word)），或运行 reportgen package 加 --csv-encoding \(asked.word) 重新生成整个报告包",
                                 path: destination.path)
        }
        return existing
    }

    /// The encoding of a CSV reportgen wrote: UTF-8 with its byte-order mark, or GB18030 (which
    /// is not UTF-8 for any Chinese text: the 汇总表 starts with 填报单位). Nil when the file is
    /// missing or neither (edited and saved by hand: the manifest check then speaks of it).
    /// Only its first bytes are read: the 汇总表 of 10 000 projects is megabytes (issue 12).
    static func writtenEncoding(_ path: String) -> CSVEncoding? {
        guard SystemFiles.kind(path) == .file, let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 64), !data.isEmpty else { return nil }
        let bytes = Array(data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8BOM }
        // A UTF-8 character cut by the 64 bytes is at most 3 bytes long: valid once they go.
        let valid = (0...min(3, bytes.count - 1)).contains { String(validating: bytes.dropLast($0), as: UTF8.self) != nil }
        return valid ? nil : .gb18030
    }

    /// `output/<year>-<unit name>` in the current folder, the name made safe.
    static func defaultOutput(year: Int, unit: String) -> String {
        "output/" + FileNaming.safeName("\(year)-\(unit)")
    }

    /// The output folder before the definitions are loaded: `-o`, or the default one from the
    /// package file's own `year` and `unit.name`; nil when those cannot be read (loading says why).
    func plannedDestination() -> URL? {
        if let output = options.output { return URL(fileURLWithPath: output) }
        guard let bytes = try? SystemFiles.readFile(file, limit: 64 << 20, followSymlinks: true),
              let root = try? JSONParser.parse(bytes).root, case .object(let object) = root,
              let year = object["year"]?.decimal.flatMap({ Int(exactly: NSDecimalNumber(decimal: $0).int64Value) }),
              case .object(let unit)? = object["unit"], case .string(let name)? = unit["name"] else { return nil }
        return URL(fileURLWithPath: Self.defaultOutput(year: year, unit: name))
    }

    /// Waits for what `prepare(backgroundRecords: true)` left saving.
    static func finishRecords() {
        PackageLoader.finishRecords()
    }

    /// A project definition (an object with `id` and no `projects` or `format`) given where a
    /// package is expected.
    static func isProjectFile(_ path: String) -> Bool {
        guard let bytes = try? SystemFiles.readFile(path, limit: 64 << 20, followSymlinks: true),
              let root = try? JSONParser.parse(bytes).root, case .object(let object) = root else { return false }
        return object["projects"] == nil && object["format"] == nil && object["id"] != nil
    }

    /// With `--verbose`: every file of the package as its manifest lists it.
    func listFiles(in destination: URL) {
        guard options.verbose,
              let data = FileManager.default.contents(atPath: destination.appendingPathComponent(PackageGenerator.manifestName).path),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data) else { return }
        for file in manifest.files { console.info("  \(file.path)  \(file.bytes) 字节  \(file.sha256.prefix(12))") }
    }

    /// Renders into the staged package and swaps it in; `write` is `PackageWriter`'s entry.
    /// `destination`: the output folder, so that a failure says whether there was one to keep.
    func write(to destination: URL, _ body: (@escaping @Sendable (PackageProgress) -> Void) throws(ReportKitFailure) -> [String]) throws {
        let started = Date()
        let existed = SystemFiles.kind(destination.standardizedFileURL.path) != .missing
        let showProgress = !options.quiet && console.isTerminal
        let console = self.console
        do {
            let warnings = try body { progress in
                if showProgress {
                    console.progress("[\(progress.done)/\(progress.total)] \(progress.current)  \(String(format: "%.1f", Date().timeIntervalSince(started)))s")
                }
            }
            if showProgress { console.endProgress() }
            if !options.quiet { console.warnings(warnings) }
        } catch {
            if showProgress { console.endProgress() }
            console.problems(error.errors, summary: existed ? "生成失败，原有输出未改动。" : "生成失败，未写入任何文件。")
            throw ExitCode(1)
        }
    }
}

struct PackageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "package",
        abstract: "生成年度报告包：全部项目报告、自评表（DOCX 与 CSV）、汇总表与清单。",
        discussion: """
        先校验全部定义文件；有错误时列出全部错误并退出（退出码 1），不创建任何输出。
        所有文件先写入输出目录旁的临时目录，完成后整体替换，失败时原有目录保持不变。

        示例（在仓库根目录运行）：
          reportgen package examples/yanbian-2021/package.json
          reportgen package examples/yanbian-2021/package.json -o 盐边 -q
        """)

    @Argument(help: ArgumentHelp("报告包定义文件（JSON）。", valueName: "报告包文件")) var packageFile: String
    @OptionGroup var options: PackageRunOptions
    @Flag(help: "另用 LibreOffice 将每个 DOCX 转为 PDF（需已安装 soffice）。") var pdf = false

    func run() throws {
        try options.checkJobs()
        let run = PackageRun(file: packageFile, options: options)
        let started = Date()
        // First: LibreOffice starts while the definitions load and the package renders.
        let prepared = pdf ? try PDFConversion.prepare(jobs: options.jobs, console: run.console) : nil
        defer { prepared?.end() }
        let (generator, destination) = try run.prepare()
        let console = run.console
        let quiet = options.quiet
        let jobs = options.jobs
        let year = generator.package.definition.year
        var finish: PackageWriter.Finisher?
        if let prepared {
            finish = { files throws(ReportKitFailure) in try PDFConversion.convert(files, year: year, jobs: jobs, prepared: prepared, console: console, quiet: quiet) }
        }
        try run.write(to: destination) { progress throws(ReportKitFailure) in
            try PackageWriter.writePackage(generator, to: destination, progress: progress,
                                           finish: finish)
        }
        run.listFiles(in: destination)
        if !options.quiet {
            run.console.info("已生成 \(generator.package.projects.count) 个项目的报告包：\(ShownPath.shown(destination.path))（\(String(format: "%.2f", Date().timeIntervalSince(started))) 秒）")
        }
    }
}

/// `TemplateSet.make` on another thread, started once the package file is read.
private final class TemplateCompilation: @unchecked Sendable {
    private var work: BackgroundWork<Result<TemplateSet, ReportKitFailure>>?

    func start(_ make: @escaping @Sendable () throws(ReportKitFailure) -> TemplateSet) {
        work = BackgroundWork { Result { () throws(ReportKitFailure) in try make() } }
    }

    /// The compiled set (or why not), once done; nil when it was never started.
    func result() throws(ReportKitFailure) -> TemplateSet? {
        try work?.wait().get()
    }
}
