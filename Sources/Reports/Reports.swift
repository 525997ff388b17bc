import ErrorCodes
import Foundation
import JSONValue

// Reports: the definition model (docs/数据格式.md), its validation, and every computed figure.
//
// Entry points
// - `DefinitionLoader.load(path:)` → `.package(LoadedPackage)` or `.project(LoadedProject, warnings:)`
// - `PackageLoader.load(path:)`, `ProjectLoader.load(path:)`; all throw `DefinitionErrors`
//   holding every problem of every file (code, Chinese message, file, JSON path, line:column).
// - `LoadedProject.evaluation: ProjectEvaluation` — fund block, budget execution, indicators,
//   `Scoresheet` (rows, subtotals, total, grade); `FormRules` holds each rule as one function.
// - `FormFormat` — money, rates, scores, dates, Chinese numerals and outline numbers.
// - `ValidationSummary` — what `reportgen validate` prints (text or JSON).

extension ProjectEvaluation {
    /// Computes a project that is already in memory (no file, so problems carry no line).
    /// Returns nil with the errors when a rule fails; warnings come back either way.
    public static func evaluate(_ project: ProjectDefinition, package: PackageDefinition? = nil)
        -> (evaluation: ProjectEvaluation?, problems: [DefinitionProblem]) {
        let context = DecodingContext(file: "", locations: JSONLocations())
        let loaded = ProjectLoader.finish(project, file: "", path: "", context: context, package: package)
        return (loaded?.evaluation, context.problems)
    }
}

extension DefinitionLoader {
    /// Decodes and computes one project from bytes (a template preview, a test, stdin).
    /// `name` is the file name shown in problems.
    public static func loadProject(bytes: [UInt8], name: String, package: PackageDefinition? = nil)
        throws(DefinitionErrors) -> LoadedProject {
        let (loaded, problems) = checkProject(bytes: bytes, name: name, package: package)
        guard let loaded, !problems.contains(where: \.isError) else { throw DefinitionErrors(problems: problems) }
        return loaded
    }

    /// `loadProject` that keeps what it computed when there are errors (a sheet's totals are
    /// checked over the cells that could be read); the project is nil when no rule could run.
    public static func checkProject(bytes: [UInt8], name: String, package: PackageDefinition? = nil)
        -> (project: LoadedProject?, problems: [DefinitionProblem]) {
        let document: JSONDocument
        do {
            document = try JSONParser.parse(bytes, recordLocations: true)
        } catch {
            return (nil, [DefinitionProblem(code: error.code,
                message: error.message, file: name, path: "", line: error.location.line, column: error.location.column)])
        }
        let context = DecodingContext(file: name, locations: document.locations)
        for duplicate in document.duplicateKeys {
            context.append(DefinitionProblem(code: ErrorCode.duplicateKey,
                message: "键重复：同一对象中出现两次的键只有一个会生效，请删除或合并。", file: name, path: duplicate.path,
                line: duplicate.location.line, column: duplicate.location.column))
        }
        var loaded: LoadedProject?
        if let project = DefinitionDecoder.project(Node(value: document.root, path: "", context: context)) {
            if project.year == nil && package == nil {
                context.report(.missingYear, "year", "单独的项目文件需要 year（年度），例如 \"year\": 2021。")
            }
            loaded = ProjectLoader.finish(project, file: name, path: "", context: context, package: package)
        }
        return (loaded, context.problems)
    }
}
