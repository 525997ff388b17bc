/// An error from reading or writing a .docx, with a stable code and a Chinese message
/// that names the file, the part and (for XML) the line.
public struct OOXMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case notAZip = "E-ZIP-001"
        case zipCorrupt = "E-ZIP-002"
        case unsafeEntryName = "E-ZIP-003"
        case zipBomb = "E-ZIP-004"
        case entryMissing = "E-ZIP-005"
        case zipWrite = "E-ZIP-006"
        case zipEncrypted = "E-ZIP-007"
        case zipUnsupportedCompression = "E-ZIP-008"
        case xmlArchiveBytes = "E-LIM-001"
        case xmlArchiveElements = "E-LIM-002"
        case xmlTooManyElements = "E-LIM-003"
        case io = "E-IO-001"
        // Operating-system errors by errno (see SystemFiles.code(of:)).
        case ioNoSpace = "E-IO-002"
        case ioPermission = "E-IO-003"
        case ioReadOnly = "E-IO-004"
        case ioTooLarge = "E-IO-005"
        case ioMissing = "E-IO-006"
        case ioExists = "E-IO-007"
        case ioSymlink = "E-IO-008"
        case ioNameTooLong = "E-IO-009"
        case ioResources = "E-IO-010"
        case ioDevice = "E-IO-011"
        case ioCrossDevice = "E-IO-012"
        case ioBusy = "E-IO-013"
        case ioOther = "E-IO-014"
        /// An input larger than reportgen's limit for its kind (not an OS error).
        case ioOverLimit = "E-IO-015"
        case xmlMalformed = "E-XML-001"
        case xmlDTDForbidden = "E-XML-002"
        case xmlTooLarge = "E-XML-003"
        case xpath = "E-XML-004"
        case missingMainDocument = "E-DOCX-001"
        case contentTypes = "E-DOCX-002"
        case relationships = "E-DOCX-003"
        case partExists = "E-DOCX-004"
    }

    public var code: Code
    public var message: String
    /// The file the error is about, if known.
    public var file: String?
    /// The part inside the package (`word/document.xml`), if any.
    public var part: String?
    /// 1-based line in the part, for XML errors.
    public var line: Int?

    public init(_ code: Code, _ message: String, file: String? = nil, part: String? = nil, line: Int? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.part = part
        self.line = line
    }

    public var description: String {
        var location: [String] = []
        if let file { location.append(file) }
        if let part { location.append(part) }
        if let line { location.append("第 \(line) 行") }
        let prefix = location.isEmpty ? "" : location.joined(separator: " ") + "："
        return "\(code.rawValue) \(prefix)\(message)"
    }

    /// The same error, naming `file` unless it already names one.
    public func with(file: String) -> OOXMLError {
        var copy = self
        if copy.file == nil { copy.file = file }
        return copy
    }
}
