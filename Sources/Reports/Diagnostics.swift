import ErrorCodes
import Foundation

/// One problem found in a definition: a stable code, a Chinese message, and where it is.
public struct DefinitionProblem: CodedError, Equatable, Codable {
    public enum Severity: String, Sendable, Codable { case error, warning }

    /// `E-DEF-xxx` (error), `W-DEF-xxx` (warning), `E-FA`/`W-FA`, the JSON reader's `E-JSON-xxx`
    /// or a chart's `E-CHART-xxx`.
    public var code: ErrorCode
    /// By the code (`W-…` are warnings); stored so that `validate --json` lists it.
    public var severity: Severity
    /// Simplified Chinese, names the offending value and what to do.
    public var message: String
    /// File as the user named it (a package's files relative to the package file's folder,
    /// `folder`); empty for inline text.
    public var file: String
    /// The folder `file` is named from: the package file's, as the user gave it, for the
    /// package's other files (set by `inPackage` where problems leave the package's load and
    /// checks); nil when `file` is as the user gave it. Not part of `validate --json`.
    public var folder: String?
    /// JSON path inside `file`: `indicators[0].weight`; empty for the whole file.
    public var path: String
    public var line: Int?
    public var column: Int?
    /// The change the message ends with, when it is made differently in a spreadsheet the
    /// definition was imported from (`Remedy`); nil for the other problems. Not part of
    /// `validate --json` or the project records.
    public var remedy: Remedy?

    public init(code: ErrorCode, message: String, file: String, path: String, line: Int? = nil, column: Int? = nil) {
        self.code = code
        self.severity = code.severity
        self.message = message
        self.file = file
        self.path = path
        self.line = line
        self.column = column
    }

    public var isError: Bool { severity == .error }

    /// The message without its remedy: what was found.
    public var finding: String {
        guard let remedy, message.hasSuffix(remedy.inDefinition) else { return message }
        return String(message.dropLast(remedy.inDefinition.count))
    }

    /// `projects/a.json:12:5: E-DEF-012 indicators[0].weight：…`: the file position first, as
    /// compilers print it, the JSON path after the code; the file as `ShownPath` names it.
    public var place: ErrorPlace {
        var position = ShownPath.shown(file, in: folder)
        if let line { position += (position.isEmpty ? "" : ":") + "\(line)" + (column.map { ":\($0)" } ?? "") }
        return ErrorPlace(position: position.isEmpty ? nil : position, words: path)
    }

    enum CodingKeys: String, CodingKey { case code, severity, message, file, path, line, column }

    /// The same problem, wherever it is shown from (`folder`) and whatever words an import
    /// gives its remedy in: what the project records keep and give back.
    public static func == (a: DefinitionProblem, b: DefinitionProblem) -> Bool {
        a.code == b.code && a.severity == b.severity && a.message == b.message && a.file == b.file
            && a.path == b.path && a.line == b.line && a.column == b.column
    }

    /// `validate --json` names the file as the messages do.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(severity, forKey: .severity)
        try c.encode(message, forKey: .message)
        try c.encode(ShownPath.shown(file, in: folder), forKey: .file)
        try c.encode(path, forKey: .path)
        try c.encodeIfPresent(line, forKey: .line)
        try c.encodeIfPresent(column, forKey: .column)
    }

    /// The problem found in the package whose file the user named `packageFile`: a file other
    /// than the package file itself is named from the package's folder. Setting it again is
    /// harmless, so each place where problems leave a package's load and checks sets it.
    public func inPackage(_ packageFile: String) -> DefinitionProblem {
        inPackage(packageFile, folder: LoadedPackage.folder(of: packageFile))
    }

    /// `inPackage` with the package file's folder already found.
    func inPackage(_ packageFile: String, folder packageFolder: String) -> DefinitionProblem {
        guard folder == nil, !file.isEmpty, file != packageFile, !file.hasPrefix("/") else { return self }
        var problem = self
        problem.folder = packageFolder
        return problem
    }
}

extension [DefinitionProblem] {
    /// Each problem `inPackage(packageFile)`, the folder found once: a package of 10 000 projects
    /// brings tens of thousands of warnings, and finding the folder was a tenth of loading it.
    public func inPackage(_ packageFile: String) -> [DefinitionProblem] {
        let folder = LoadedPackage.folder(of: packageFile)
        return map { $0.inPackage(packageFile, folder: folder) }
    }
}

/// What a warning asks the user to change, where the words differ between the definition file
/// (`validate`, `package`: `inDefinition`, the end of the message) and the spreadsheet it was
/// imported from (`reportgen import` says it in the sheet's words, `Import/SheetRemedy.swift`):
/// one case per change, so a new one cannot be left in JSON words on the import's screen.
public enum Remedy: Sendable, Equatable {
    /// W-DEF-037: 万元 amounts that look like 元; `amount` 元 is `wan` 万元.
    case yuanUnit(amount: String, wan: String)
    /// W-DEF-003: an indicator's 偏差原因分析及改进措施.
    case indicatorDeviation
    /// W-DEF-004: the budget execution's 偏差原因.
    case budgetDeviation
    /// W-DEF-038: 实际到位数 on some fund lines only.
    case receivedOnEveryLine
    /// W-DEF-013: no year anywhere.
    case year

    /// The change in the words of the definition file.
    public var inDefinition: String {
        switch self {
        case .yuanUnit(let amount, let wan):
            return "若原表的金额单位是元，请在这个资金条目加 \"unit\": \"元\"（\(amount) 元 = \(wan) 万元）；确是万元则不必改动。"
        case .indicatorDeviation: return "请填写 deviation（偏差原因分析及改进措施）。"
        case .budgetDeviation: return "请在 budgetExecution.deviation 中说明偏差原因及改进措施。"
        case .receivedOnEveryLine: return "请给每个条目都填 received（全部到位时与全年预算数相同），或都不填。"
        case .year: return "生成文档前请加上 \"year\": 2021 这样的年度，或放入报告包。"
        }
    }
}

/// Every problem of one load, errors and warnings together; thrown when at least one is an error.
public struct DefinitionErrors: Error, Sendable, CustomStringConvertible {
    public var problems: [DefinitionProblem]
    public init(problems: [DefinitionProblem]) { self.problems = problems }
    public var errors: [DefinitionProblem] { problems.filter(\.isError) }
    public var warnings: [DefinitionProblem] { problems.filter { !$0.isError } }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

extension ErrorCode {
    public var severity: DefinitionProblem.Severity { isWarning ? .warning : .error }

    /// Notes on what a report leaves out, listed by `validate`; `package` only counts them.
    public static let formNotes: Set<ErrorCode> = [.formNotAppended, .sheetNotAppended, .sheetFileNotWritten]

    /// Warnings `package` counts in one line each instead of listing (`validate` lists them):
    /// they come per project, thousands of them on a package of imported skeletons.
    public static let countedNotes: Set<ErrorCode> = formNotes.union([.projectWithoutBody])
}
