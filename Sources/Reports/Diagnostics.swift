import Foundation

/// One problem found in a definition: a stable code, a Chinese message, and where it is.
public struct DefinitionProblem: Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable { case error, warning }

    /// Stable code: `E-DEF-xxx` (error), `W-DEF-xxx` (warning) or the JSON reader's `E-JSON-xxx`.
    public var code: String
    public var severity: Severity
    /// Simplified Chinese, names the offending value and what to do.
    public var message: String
    /// File as the user named it (relative to the package file); empty for inline text.
    public var file: String
    /// JSON path inside `file`: `indicators[0].weight`; empty for the whole file.
    public var path: String
    public var line: Int?
    public var column: Int?

    public init(code: String, severity: Severity, message: String, file: String, path: String,
                line: Int? = nil, column: Int? = nil) {
        self.code = code
        self.severity = severity
        self.message = message
        self.file = file
        self.path = path
        self.line = line
        self.column = column
    }

    public var isError: Bool { severity == .error }

    /// `projects/a.json:12:5: E-DEF-012 indicators[0].weight：…`
    public var description: String {
        var place = file
        if let line { place += (place.isEmpty ? "" : ":") + "\(line)" + (column.map { ":\($0)" } ?? "") }
        var text = place.isEmpty ? "" : place + ": "
        text += code
        if !path.isEmpty { text += " " + path }
        text += "：" + message
        return text
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

/// The catalogue of problem codes. A code never changes meaning once released.
public enum ProblemCode: String, Sendable, CaseIterable {
    // Files and structure
    case fileUnreadable = "E-DEF-001"
    case duplicateKey = "E-DEF-003"
    case includeNoMatch = "E-DEF-004"
    case includeCycle = "E-DEF-005"
    case unsupportedFormat = "E-DEF-006"
    // Shape of values
    case wrongType = "E-DEF-010"
    case missingField = "E-DEF-011"
    case unknownKey = "E-DEF-012"
    case badValue = "E-DEF-013"
    case badNumber = "E-DEF-014"
    case negativeMoney = "E-DEF-015"
    case badDate = "E-DEF-016"
    case badID = "E-DEF-017"
    case duplicateID = "E-DEF-018"
    case duplicateName = "E-DEF-019"
    case emptyText = "E-DEF-020"
    case missingYear = "E-DEF-021"
    case badPeriod = "E-DEF-022"
    // Funds
    case mixedFundUnits = "E-DEF-030"
    case fundTotalMismatch = "E-DEF-031"
    case noBudget = "E-DEF-032"
    // Indicators
    case incompatibleUnits = "E-DEF-040"
    case unknownUnit = "E-DEF-041"
    case qualitativeWithoutScore = "E-DEF-042"
    case scoreOutOfRange = "E-DEF-044"
    case weightRequired = "E-DEF-045"
    // Totals
    case totalMismatch = "E-DEF-050"
    case subtotalMismatch = "E-DEF-051"
    case gradeMismatch = "E-DEF-052"
    // ippe
    case ippeUnknownItem = "E-DEF-060"
    case ippeMissingItem = "E-DEF-061"
    case notApplicableToScheme = "E-DEF-062"
    // Outline
    case headingAndItem = "E-DEF-080"

    // Department (部门整体) scoring
    case departmentScoreWithoutIndicators = "E-DEF-090"
    case departmentTag = "E-DEF-091"

    // Warnings
    case weightsNot100 = "W-DEF-001"
    case scoreDiffers = "W-DEF-002"
    case rateWithoutDeviation = "W-DEF-003"
    case budgetExecutionWithoutDeviation = "W-DEF-004"
    case fileReferencedTwice = "W-DEF-005"
    case oddValueWithGivenScore = "W-DEF-006"
    case fundsInconsistent = "W-DEF-007"
    case yearDiffers = "W-DEF-008"
    // Issue 8: forms left out, years taken from elsewhere (W-DEF-010…019).
    case formNotAppended = "W-DEF-010"
    case sheetNotAppended = "W-DEF-011"
    case yearFromPackage = "W-DEF-012"
    case yearUnknown = "W-DEF-013"
    // Officer review (W-DEF-020…029).
    case sheetFileNotWritten = "W-DEF-020"
    case indicatorUnderWrongLevel1 = "W-DEF-021"

    public var severity: DefinitionProblem.Severity { rawValue.hasPrefix("W-") ? .warning : .error }

    /// Notes on what a report leaves out, listed by `validate`; `package` only counts them.
    public static let formNotes: Set<String> = [ProblemCode.formNotAppended.rawValue, ProblemCode.sheetNotAppended.rawValue,
                                                 ProblemCode.sheetFileNotWritten.rawValue]
}
