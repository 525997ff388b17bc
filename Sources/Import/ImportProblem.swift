import OOXML

/// One problem of reading a spreadsheet: a stable code, the file, the sheet and the cell
/// (`B7`) it is about, and a Chinese message saying what to change.
public struct ImportProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// Import codes (E-IMP-010…049; E-IMP-001…003 are the workbook reader's, `OOXMLError`).
    /// A code never changes meaning once released.
    public enum Code: String, Sendable, CaseIterable {
        /// The file cannot be read: missing, a folder, too large, or neither .xlsx nor .csv.
        case unreadableFile = "E-IMP-010"
        /// A CSV file is neither UTF-8 nor GB18030 text.
        case csvEncoding = "E-IMP-011"
        /// A CSV field's quotes are not closed or are followed by other text (RFC 4180).
        case csvQuotes = "E-IMP-012"
        /// The sheet has more rows or columns than a form can have.
        case sheetTooLarge = "E-IMP-013"
        /// No header row with the indicator labels (一级指标, 二级指标, 三级指标 …).
        case noIndicatorHeader = "E-IMP-020"
        /// A column the import needs is not in the header (三级指标, 年度指标值, 实际完成值; 项目名称 in a list).
        case missingColumn = "E-IMP-021"
        /// A header cell the import cannot place in any column it knows.
        case unknownColumn = "E-IMP-022"
        /// Two columns of a header carry the same meaning.
        case duplicateColumn = "E-IMP-023"
        /// 项目名称 is missing or empty.
        case noProjectName = "E-IMP-024"
        /// The money unit in the headers is not 元 or 万元, or two headers name different units.
        case moneyUnit = "E-IMP-025"
        /// The output file name is not a project id (`[a-z0-9-]+.json`).
        case badOutputName = "E-IMP-026"
        /// A cell that must hold a number (分值, 得分, an amount) holds something else.
        case notANumber = "E-IMP-030"
        /// An amount is negative.
        case negativeAmount = "E-IMP-031"
        /// An indicator row lacks its 一级/二级/三级指标, 年度指标值 or 实际完成值.
        case incompleteRow = "E-IMP-032"
        /// A cell is an error value (`#DIV/0!`) or a formula never calculated (no cached value).
        case formulaValue = "E-IMP-033"
        /// A row of the fund block whose source is none of 年度资金总额/财政拨款/上年结转资金/其他资金.
        case unknownFundRow = "E-IMP-034"
        /// 年度资金总额 has amounts but no source row has any.
        case fundsWithoutSources = "E-IMP-035"
        /// A number above the indicator table outside every block the import knows.
        case unplacedFigure = "E-IMP-036"
        /// A given 执行率 / 到位率 / 完成率 differs from the one computed from the amounts.
        case rateMismatch = "E-IMP-040"
        /// The given 合计 of 分值 differs from the sum of the rows.
        case weightTotalMismatch = "E-IMP-041"
        /// The imported definition does not validate (the E-DEF problem is quoted, with its cell).
        case definitionInvalid = "E-IMP-042"
        /// A text where a grade (优/良/中/差) is expected.
        case badGrade = "E-IMP-043"
        /// A project list needs the package year or unit and the list does not say it.
        case listNeedsOption = "E-IMP-045"
        /// Two projects of a list have the same name.
        case duplicateProject = "E-IMP-046"
        /// An output file exists (lists refuse to overwrite without --force) or cannot be written.
        case outputWrite = "E-IMP-047"
    }

    public var code: String
    public var message: String
    public var file: String
    public var sheet: String?
    /// `B7`; nil when the problem is about the whole sheet or file.
    public var cell: String?

    public init(_ code: Code, _ message: String, file: String, sheet: String? = nil, cell: String? = nil) {
        self.init(code: code.rawValue, message, file: file, sheet: sheet, cell: cell)
    }

    public init(code: String, _ message: String, file: String, sheet: String? = nil, cell: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.sheet = sheet
        self.cell = cell
    }

    init(_ error: OOXMLError, file: String) {
        self.init(code: error.code.rawValue, error.message, file: error.file ?? file)
    }

    /// `表.xlsx 工作表「自评表」B7: E-IMP-030 …`
    public var description: String {
        var place = file
        if let sheet { place += " 工作表「\(sheet)」" }
        if let cell { place += (sheet == nil ? " " : "") + cell }
        return place + ": " + code + " " + message
    }
}

/// Every problem of one import, thrown together; nothing is written when there is one.
public struct ImportErrors: Error, Sendable, CustomStringConvertible {
    public var problems: [ImportProblem]
    public init(_ problems: [ImportProblem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
