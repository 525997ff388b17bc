import ErrorCodes

/// Everything wrong with a chart spec, reported together. Paths are relative to the chart
/// object (`series[0].values[2]`); the caller prefixes the JSON path of the body node.
public struct ChartError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One problem (E-CHART) at a path below the chart object.
    public struct Problem: CodedError, Equatable {
        public var code: ErrorCode
        public var path: String
        public var message: String

        public init(code: ErrorCode, path: String, message: String) {
            self.code = code
            self.path = path
            self.message = message
        }

        public var place: ErrorPlace { ErrorPlace(words: path) }
    }

    public var problems: [Problem]

    public init(_ problems: [Problem]) {
        self.problems = problems
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
