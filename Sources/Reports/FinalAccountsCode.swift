/// Problem codes of the final accounts (E-FA / W-FA). A code never changes meaning once released.
public enum FinalAccountsCode: String, Sendable, CaseIterable {
    /// A section or line name that the catalogue does not know.
    case unknownFigure = "E-FA-001"
    /// A count (辆、人次) that is not a whole number.
    case badCount = "E-FA-002"
    /// A given total differs from the sum of its parts.
    case sumMismatch = "E-FA-010"
    /// A part exceeds the figure it belongs to (一般公共预算基本支出 > 全部基本支出).
    case partExceedsWhole = "E-FA-011"
    /// A change from last year (or 完成预算 ≠ 100%) without a reason and not marked `false`.
    case missingReason = "E-FA-020"
    /// A tag in a text that names no figure, or needs a figure that is not given.
    case badTag = "E-FA-030"
    /// A derived chart name that is unknown, or whose figures are missing.
    case badDerivedChart = "E-FA-040"
    /// An `acceptedSlips` path that names no given figure.
    case badSlipPath = "E-FA-050"

    /// The sum/part mismatch of a figure listed in `acceptedSlips` (printed as published).
    case acceptedSlip = "W-FA-001"
    /// A number typed in free text contradicts the figure it names.
    case textContradictsFigure = "W-FA-002"
    /// A hand-written chart value differs from the figure its category names.
    case chartContradictsFigure = "W-FA-003"
    /// A count of zero with a non-zero amount (购置越野车0辆、金额32.89万元).
    case countAmountMismatch = "W-FA-004"
    /// An `acceptedSlips` entry whose figure is consistent after all.
    case slipNotNeeded = "W-FA-005"

    public var severity: DefinitionProblem.Severity { rawValue.hasPrefix("W-") ? .warning : .error }
}

extension DecodingContext {
    func report(_ code: FinalAccountsCode, _ path: String, _ message: String) {
        var probe: String? = path
        var location: JSONLocationProbe?
        while let p = probe, location == nil {
            location = locations[p].map { JSONLocationProbe(line: $0.line, column: $0.column) }
            probe = PathSupport.parent(p)
        }
        append(DefinitionProblem(code: code.rawValue, severity: code.severity, message: message, file: file, path: path,
                                 line: location?.line, column: location?.column))
    }
}

private struct JSONLocationProbe {
    let line: Int
    let column: Int
}
