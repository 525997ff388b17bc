/// Everything wrong with a chart spec, reported together. Paths are relative to the chart
/// object (`series[0].values[2]`); the caller prefixes the JSON path of the body node.
public struct ChartError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case noCategories = "E-CHART-001"
        case seriesCount = "E-CHART-002"
        case valueCount = "E-CHART-003"
        case pieNegative = "E-CHART-004"
        case pieEmpty = "E-CHART-005"
        case notANumber = "E-CHART-006"
        case forbiddenCharacter = "E-CHART-007"
        case decimals = "E-CHART-008"
        case tooLarge = "E-CHART-009"
        case index = "E-CHART-010"
        case workbook = "E-CHART-011"
        /// The chart's JSON is not of the documented shape (wrong type, unknown key, missing field).
        case definition = "E-CHART-012"
    }

    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var code: Code
        public var path: String
        public var message: String

        public init(code: Code, path: String, message: String) {
            self.code = code
            self.path = path
            self.message = message
        }

        public var description: String {
            path.isEmpty ? "\(code.rawValue) \(message)" : "\(code.rawValue) \(path)：\(message)"
        }
    }

    public var problems: [Problem]

    public init(_ problems: [Problem]) {
        self.problems = problems
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
