import ErrorCodes
import OOXML

/// One problem of reading a spreadsheet: a stable code, the file, the sheet and the cell
/// (`B7`) it is about, and a Chinese message saying what to change.
public struct ImportProblem: CodedError, Equatable {
    public var code: ErrorCode
    public var message: String
    public var file: String
    public var sheet: String?
    /// `B7`; nil when the problem is about the whole sheet or file.
    public var cell: String?

    public init(_ code: ErrorCode, _ message: String, file: String, sheet: String? = nil, cell: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.sheet = sheet
        self.cell = cell
    }

    init(_ error: OOXMLError, file: String) {
        self.init(error.code, error.message, file: error.file ?? file)
    }

    /// `表.xlsx 工作表「自评表」B7: E-IMP-030 …`: the cell first, as an editor position.
    public var place: ErrorPlace { ErrorPlace(position: Self.position(file: file, sheet: sheet, cell: cell)) }

    /// `表.xlsx 工作表「自评表」B7`, `表.csv B7`: how problems and notes name a cell.
    static func position(file: String, sheet: String?, cell: String?) -> String {
        var position = ShownPath.shown(file)
        if let sheet { position += " 工作表「\(sheet)」" }
        if let cell { position += (sheet == nil ? " " : "") + cell }
        return position
    }
}

/// Every problem of one import, thrown together; nothing is written when there is one.
public struct ImportErrors: Error, Sendable, CustomStringConvertible {
    public var problems: [ImportProblem]
    public init(_ problems: [ImportProblem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
