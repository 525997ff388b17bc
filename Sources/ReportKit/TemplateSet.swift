import ErrorCodes
import Foundation
import OOXML
import Reports
import Templating

/// The templates one package is rendered with, compiled once.
public struct TemplateSet: Sendable {
    public var projectReport: Template
    public var selfEvaluationSheet: Template
    public var targetSelfEvaluation: Template
    public var summary: Template
    /// Title + outline documents: final accounts and the department report.
    public var finalAccounts: Template
    public var department: Template

    public static let fileNames = (
        projectReport: "project-report.docx",
        selfEvaluationSheet: "self-evaluation-sheet.docx",
        targetSelfEvaluation: "target-self-evaluation.docx",
        summary: "summary.docx",
        document: "document.docx"
    )

    /// Where one template of the set came from.
    public enum Origin: String, Sendable {
        /// Named in the package's `templates`.
        case package = "报告包指定"
        /// Found in the `--templates` folder.
        case overlay = "--templates 目录"
        /// The shipped default.
        case defaults = "默认模板"
    }

    /// A project's documents, each made from its own template.
    public enum ProjectDocument: Int, CaseIterable, Sendable {
        case report, sheet, targetForm
    }

    public func template(of document: ProjectDocument) -> Template {
        switch document {
        case .report: projectReport
        case .sheet: selfEvaluationSheet
        case .targetForm: targetSelfEvaluation
        }
    }

    /// SHA-256 (hex) of the template file of each `ProjectDocument`, in its order. The package
    /// record keeps them (`PackageIndex`), so that `project --id` after one of them changed makes
    /// every document of it again (`PackageWriter.writeProject`).
    public var projectTemplateDigests: [String] {
        ProjectDocument.allCases.map { Manifest.sha256(template(of: $0).fileBytes) }
    }

    /// The file each template was read from, in a fixed order, each file once.
    public private(set) var sources: [(file: String, origin: Origin)] = []
    /// .docx files of the `--templates` folder whose names are no template's: they are not used,
    /// which a person who renamed their copy ("我的自评表.docx") needs to be told.
    public private(set) var unusedOverlayFiles: [String] = []
    /// The templates' warnings (`W-TPL-…`, as `template check` lists them), each with its file.
    public private(set) var warnings: [any CodedError] = []

    /// Compiles the templates of a package: for each one the package's override (relative to
    /// the package file), else the file of the same name in `overlay` (`--templates`, which
    /// may hold any subset), else the default. Every problem of every template is reported
    /// once, with the template's file.
    public static func make(for package: LoadedPackage, defaults: URL, overlay: URL? = nil) throws(ReportKitFailure) -> TemplateSet {
        try make(overrides: package.definition.templates, directory: package.directory, defaults: defaults, overlay: overlay)
    }

    /// `make(for:)` from what it reads of the package (its `templates` and its folder), known
    /// once the package file is read: `package` and `project` compile the templates while the
    /// project files load.
    public static func make(overrides: TemplateOverrides?, directory: URL, defaults: URL,
                            overlay: URL? = nil) throws(ReportKitFailure) -> TemplateSet {
        func choose(_ override: String?, _ fileName: String) -> (String, Origin) {
            if let override { return (directory.appendingPathComponent(override).path, .package) }
            if let overlay {
                let candidate = overlay.appendingPathComponent(fileName).path
                // Any entry of that name, a broken symlink too: it is reported below, never
                // silently replaced by the default.
                if SystemFiles.kind(candidate) != .missing { return (candidate, .overlay) }
            }
            return (defaults.appendingPathComponent(fileName).path, .defaults)
        }
        var problems: [any CodedError] = []
        var unused: [String] = []
        if let overlay {
            let known = Set(allFileNames)
            guard let listed = try? FileManager.default.contentsOfDirectory(atPath: overlay.path) else {
                throw ReportKitFailure(ReportKitError(.template, "找不到 --templates 目录 \(ShownPath.shown(overlay.path))"))
            }
            let docx = listed.filter { $0.lowercased().hasSuffix(".docx") && !$0.hasPrefix("~$") }
            unused = docx.filter { !known.contains($0) }.sorted()
            let misnamed = misnamedTemplates(listed, in: overlay)
            problems += misnamed.problems
            unused = (unused + misnamed.unused).sorted()
            if misnamed.problems.isEmpty, !docx.contains(where: known.contains) {
                problems.append(ReportKitError(.template, "--templates 目录 \(ShownPath.shown(overlay.path)) 中没有可用的模板：文件名应为 \(fileNameList) 之一"))
            }
        }
        let wanted: [(String, TemplateContract.Kind, (String, Origin))] = [
            ("project", .project, choose(overrides?.project, fileNames.projectReport)),
            ("sheet", .sheet, choose(nil, fileNames.selfEvaluationSheet)),
            ("target", .target, choose(nil, fileNames.targetSelfEvaluation)),
            ("summary", .summary, choose(nil, fileNames.summary)),
            ("finalAccounts", .document, choose(overrides?.finalAccounts, fileNames.document)),
            ("department", .document, choose(overrides?.department, fileNames.document)),
        ]
        // Each file once, for the first key that names it, in this order (so its problems are
        // listed in this order however the compiling went).
        var distinct: [(file: String, origin: Origin, kind: TemplateContract.Kind)] = []
        for (_, kind, (file, origin)) in wanted where !distinct.contains(where: { $0.file == file }) {
            distinct.append((file, origin, kind))
        }
        // No default template where they were looked for (the binary copied out of the checkout
        // alone): one line saying where reportgen looked and how to point it at them, instead of
        // "找不到模板文件 templates/…" five times naming a folder the person never chose.
        if distinct.contains(where: { $0.origin == .defaults }),
           !allFileNames.contains(where: { SystemFiles.kind(defaults.appendingPathComponent($0).path) != .missing }) {
            throw ReportKitFailure(problems + [ReportKitError(.template, TemplateLocator.notFound(defaults))])
        }
        // Compiled on every core: a file's compile depends on it alone, and the five of a
        // package were a serial tenth of a `project --id` run.
        let outcomes = Self.compileEach(distinct.map { ($0.file, $0.kind) })
        var compiled: [String: Template] = [:]
        let sources = distinct.map { (file: $0.file, origin: $0.origin) }
        for (source, outcome) in zip(distinct, outcomes) {
            problems += outcome.problems
            if let template = outcome.template { compiled[source.file] = template }
        }
        let byKey = Dictionary(uniqueKeysWithValues: wanted.compactMap { key, _, source in compiled[source.0].map { (key, $0) } })
        guard !problems.contains(where: { !$0.isWarning }), let project = byKey["project"], let sheet = byKey["sheet"],
              let target = byKey["target"], let summary = byKey["summary"],
              let finalAccounts = byKey["finalAccounts"], let department = byKey["department"] else {
            throw ReportKitFailure(problems)
        }
        var set = TemplateSet(projectReport: project, selfEvaluationSheet: sheet, targetSelfEvaluation: target,
                              summary: summary, finalAccounts: finalAccounts, department: department)
        set.sources = sources
        set.warnings = problems
        set.unusedOverlayFiles = unused
        return set
    }

    /// Each template file compiled and checked against its kind's contract, as `template check
    /// --for` does: the template when it has no error, and every problem of the file once.
    private static func compileEach(_ files: [(file: String, kind: TemplateContract.Kind)]) -> [(template: Template?, problems: [any CodedError])] {
        // One file per iteration, taken as threads free up: the five differ in size, and fixed
        // slices (`Slices`) left one core with the three largest (25 ms more on `project --id`).
        var outcomes = [(template: Template?, problems: [any CodedError])](repeating: (nil, []), count: files.count)
        outcomes.withUnsafeMutableBufferPointer { out in
            // Each iteration writes only its own index.
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: files.count) { index in
                out[index] = compile(files[index].file, kind: files[index].kind)
            }
        }
        return outcomes
    }

    private static func compile(_ file: String, kind: TemplateContract.Kind) -> (template: Template?, problems: [any CodedError]) {
        guard FileManager.default.fileExists(atPath: file) else {
            let reason = SystemFiles.kind(file) == .missing ? "" : "：" + UnreadableFile.reason(file)
            return (nil, [ReportKitError(.template, "找不到模板文件 \(ShownPath.shown(file))\(reason)")])
        }
        let options = TemplateContract.options(kind)
        var found: [TemplateError]
        var compiled: Template?
        do {
            let template = try Template(path: file, options: options)
            // The compile's own warnings (tracked changes, comments, a TOC…) were left out here, so
            // `package` passed in silence what `template check` warned of (staff review 10).
            found = TemplateContract.problems(errors: template.warnings, fields: template.fields, kind: kind, options: options)
            if !found.contains(where: { !$0.isWarning }) { compiled = template }
        } catch {
            // Checked again for its tags, so the contract's findings come with the syntax
            // errors in one run, as `template check` lists them.
            let checked = (try? SystemFiles.readFile(file, limit: ZipLimits.maximumArchiveSize, followSymlinks: true))
                .map { Template.check(bytes: $0, name: file, options: options) }
            found = TemplateContract.problems(errors: checked?.errors ?? error.errors, fields: checked?.fields ?? [],
                                              kind: kind, options: options)
        }
        // Warnings too: a loop row copied twice prints every item twice, and the person
        // running `package` with their template must hear of it, not only `template check`.
        return (compiled, found.map { $0.inTemplate(file) })
    }

    /// Files of the `--templates` folder named as a template but not that template's .docx
    /// (`self-evaluation-sheet.wps`, `.doc`, `.dotx`, `self-evaluation-sheet.docx.docx`): saved
    /// by WPS or Word in another format, or renamed with Windows hiding the extension. Without
    /// the .docx beside it such a file is the person's template: the package used to go on
    /// with the default one, their restyle silently missing from every report. Beside the
    /// .docx it is a leftover, listed as unused.
    static func misnamedTemplates(_ listed: [String], in overlay: URL) -> (problems: [any CodedError], unused: [String]) {
        var problems: [any CodedError] = []
        var unused: [String] = []
        let present = Set(listed)
        for name in listed.sorted() where !name.hasPrefix("~$") && !name.hasPrefix(".") {
            let lower = name.lowercased()
            guard let dot = lower.firstIndex(of: "."), !lower.hasSuffix(".docx") || !allFileNames.contains(name),
                  let wanted = allFileNames.first(where: { $0.dropLast(5) == lower[..<dot] }) else { continue }
            // A .docx misnamed is already listed as unused.
            if present.contains(wanted) {
                if !lower.hasSuffix(".docx") { unused.append(name) }
                continue
            }
            let ext = String(lower[lower.index(after: lower.lastIndex(of: ".")!)...])
            // Only what Word or WPS saves: `document.docx.bak` kept aside is no template.
            guard Self.wordFormats.contains(ext) else { unused.append(name); continue }
            let what: String
            switch ext {
            case "wps": what = "是 WPS 文字格式（.wps）"
            case "doc": what = "是 Word 97-2003 文档（.doc）"
            case "dot", "dotx", "wpt": what = "是 Word 或 WPS 的模板文件（.\(ext)）"
            case "docm", "dotm": what = "是启用宏的 Word 文件（.\(ext)）"
            case "docx" where lower == wanted: what = "的文件名大小写与模板名不同"
            case "docx": what = "的文件名多了一段扩展名（Windows 隐藏了扩展名时，改名容易写成这样）"
            default: what = "不是 Word 文档（.docx）"
            }
            let fix = ext == "docx" || ext == "dotx"
                ? "请把它改名为 \(wanted)"
                : "请在 Word 或 WPS 中打开它，“文件 → 另存为”，文件类型选“Word 文档 (*.docx)”，文件名 \(wanted)"
            problems.append(ReportKitError(.overlayNotDocx,
                "这个文件\(what)。--templates 目录中的模板按文件名替换，只认 \(wanted)：它不会被使用，"
                + "报告会是默认模板的样子（因此未生成任何文件）。\(fix)，再运行", path: overlay.appendingPathComponent(name).path))
        }
        return (problems, unused)
    }

    /// Extensions of files Word or WPS writes a document as.
    static let wordFormats: Set<String> = ["docx", "doc", "dotx", "dot", "docm", "dotm", "wps", "wpt", "rtf", "odt"]

    /// The template file names as messages list them.
    public static var fileNameList: String { allFileNames.joined(separator: "、") }

    static var allFileNames: [String] {
        [fileNames.projectReport, fileNames.selfEvaluationSheet, fileNames.targetSelfEvaluation, fileNames.summary, fileNames.document]
    }
}

extension TemplateSet {
    /// Template files the package names (`templates.project` …) that do not exist: `validate`
    /// reports them as `package` does, with the JSON path of the setting.
    public static func missingOverrides(in package: LoadedPackage) -> [DefinitionProblem] {
        guard let overrides = package.definition.templates else { return [] }
        let named: [(String, String?)] = [("templates.project", overrides.project), ("templates.finalAccounts", overrides.finalAccounts),
                                          ("templates.department", overrides.department)]
        return named.compactMap { key, value in
            guard let value else { return nil }
            let file = package.directory.appendingPathComponent(value).path
            guard !FileManager.default.fileExists(atPath: file) else { return nil }
            return DefinitionProblem(code: .template,
                                     message: "找不到模板文件 \(ShownPath.shown(file))", file: package.file, path: key)
        }
    }
}

/// Where the default templates are: `$REPORTGEN_TEMPLATES`, else a `templates/` folder found
/// upwards from the executable (a checkout's `.build/release/reportgen`), else beside it in
/// `../share/reportgen/templates` (an installed copy), else `./templates`.
public enum TemplateLocator {
    public static func defaultDirectory() -> URL {
        let fm = FileManager.default
        let marker = TemplateSet.fileNames.projectReport
        if let env = ProcessInfo.processInfo.environment["REPORTGEN_TEMPLATES"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            var directory = executable.deletingLastPathComponent()
            let installed = directory.appendingPathComponent("../share/reportgen/templates").standardizedFileURL
            if fm.fileExists(atPath: installed.appendingPathComponent(marker).path) { return installed }
            for _ in 0..<6 {
                let candidate = directory.appendingPathComponent("templates")
                if fm.fileExists(atPath: candidate.appendingPathComponent(marker).path) { return candidate }
                directory.deleteLastPathComponent()
            }
        }
        return URL(fileURLWithPath: fm.currentDirectoryPath).appendingPathComponent("templates")
    }

    /// Why no default template was found in `directory` (what `defaultDirectory()` gave), and
    /// how to make reportgen find them.
    public static func notFound(_ directory: URL) -> String {
        if let env = ProcessInfo.processInfo.environment["REPORTGEN_TEMPLATES"], !env.isEmpty {
            return "找不到默认模板：环境变量 REPORTGEN_TEMPLATES 指向的 \(ShownPath.shown(directory.path)) 中没有 \(TemplateSet.fileNameList)。"
                + "请把它改为仓库中的 templates 目录（其中有这些文件），或删去这个环境变量"
        }
        return "找不到默认模板（\(TemplateSet.fileNameList)）：reportgen 在程序所在目录及其上级的 templates、程序旁的 "
            + "../share/reportgen/templates 与当前目录的 templates 中都没有找到它们（程序被单独复制到了别处？）。"
            + "请运行仓库中构建的程序（把仓库的 .build/release 加进 PATH，见 README“快速开始”），"
            + "或设置环境变量 REPORTGEN_TEMPLATES=模板目录（仓库中的 templates），或用 --templates 给出全部 5 个模板"
    }
}
