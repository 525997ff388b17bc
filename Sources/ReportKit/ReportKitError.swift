import OOXML

/// Errors of composing and writing a package, with stable codes and Chinese messages.
public struct ReportKitError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case outputExists = "E-OUT-001"
        case outputWrite = "E-OUT-002"
        case outputNotAPackage = "E-OUT-003"
        case unknownProject = "E-OUT-004"
        case encoding = "E-OUT-005"
        case template = "E-OUT-006"
        case render = "E-OUT-007"
        case outputLocked = "E-OUT-008"
        case outputSymlink = "E-OUT-009"
        case packageModified = "E-OUT-010"
        case packageMissingFiles = "E-OUT-011"
        case manifestUnusable = "E-OUT-012"
        case keptFileChanged = "E-OUT-013"
        case projectFileGiven = "E-OUT-014"
        /// Written by the loader (Reports), which cannot see this enum: a slim project's file changed mid-run.
        case projectFileChanged = "E-OUT-015"
        case injectedFailure = "E-OUT-099"
    }

    public var code: Code
    public var message: String
    public var path: String?
    /// The E-IO code of an operating-system failure, shown instead of `code`.
    public var systemCode: OOXMLError.Code?

    public init(_ code: Code, _ message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    /// One line for a failed system call: its E-IO code, the file and the errno meaning.
    public init(_ error: SystemFileError) {
        self.init(.outputWrite, error.message, path: error.path)
        systemCode = error.code
    }

    public var description: String {
        let code = systemCode?.rawValue ?? self.code.rawValue
        if let path { return "\(code) \(path)：\(message)" }
        return "\(code) \(message)"
    }
}
