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
        case injectedFailure = "E-OUT-099"
    }

    public var code: Code
    public var message: String
    public var path: String?

    public init(_ code: Code, _ message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    public var description: String {
        if let path { return "\(code.rawValue) \(path)：\(message)" }
        return "\(code.rawValue) \(message)"
    }
}
