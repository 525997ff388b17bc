import Foundation
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

    /// Compiles the default templates, with the package's overrides (paths relative to the
    /// package file) in their place. Every problem of every template is reported.
    public static func make(for package: LoadedPackage, defaults: URL) throws(ReportKitFailure) -> TemplateSet {
        let overrides = package.definition.templates
        func path(_ override: String?, _ defaultName: String) -> String {
            if let override { return package.directory.appendingPathComponent(override).path }
            return defaults.appendingPathComponent(defaultName).path
        }
        let options = TemplateOptions(blocks: ReportBlocks.registry, aliases: ReportAliases.chinese)
        var problems: [String] = []
        var compiled: [String: Template] = [:]
        let wanted: [(String, String)] = [
            ("project", path(overrides?.project, fileNames.projectReport)),
            ("sheet", path(nil, fileNames.selfEvaluationSheet)),
            ("target", path(nil, fileNames.targetSelfEvaluation)),
            ("summary", path(nil, fileNames.summary)),
            ("finalAccounts", path(overrides?.finalAccounts, fileNames.document)),
            ("department", path(overrides?.department, fileNames.document)),
        ]
        for (key, file) in wanted {
            if let already = compiled.values.first(where: { $0.name == file }) {
                compiled[key] = already
                continue
            }
            guard FileManager.default.fileExists(atPath: file) else {
                problems.append("\(ReportKitError.Code.template.rawValue) 找不到模板文件 \(file)")
                continue
            }
            do {
                compiled[key] = try Template(path: file, options: options)
            } catch {
                problems += error.errors.map { "\($0)" }
            }
        }
        guard problems.isEmpty, let project = compiled["project"], let sheet = compiled["sheet"],
              let target = compiled["target"], let summary = compiled["summary"],
              let finalAccounts = compiled["finalAccounts"], let department = compiled["department"] else {
            throw ReportKitFailure(problems)
        }
        return TemplateSet(projectReport: project, selfEvaluationSheet: sheet, targetSelfEvaluation: target,
                           summary: summary, finalAccounts: finalAccounts, department: department)
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
            return DefinitionProblem(code: ReportKitError.Code.template.rawValue, severity: .error,
                                     message: "找不到模板文件 \(file)", file: package.file, path: key)
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
}

/// A failure of package generation: every problem found, as printable lines with codes.
public struct ReportKitFailure: Error, Sendable, CustomStringConvertible {
    public var lines: [String]
    public init(_ lines: [String]) { self.lines = lines }
    public var description: String { lines.joined(separator: "\n") }
}
