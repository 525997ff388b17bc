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
    /// File as the user named it (relative to the package file); empty for inline text.
    public var file: String
    /// JSON path inside `file`: `indicators[0].weight`; empty for the whole file.
    public var path: String
    public var line: Int?
    public var column: Int?

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

    /// `projects/a.json:12:5: E-DEF-012 indicators[0].weight：…`: the file position first, as
    /// compilers print it, the JSON path after the code.
    public var place: ErrorPlace {
        var position = file
        if let line { position += (position.isEmpty ? "" : ":") + "\(line)" + (column.map { ":\($0)" } ?? "") }
        return ErrorPlace(position: position.isEmpty ? nil : position, words: path)
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
