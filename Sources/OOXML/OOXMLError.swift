import ErrorCodes

/// An error from reading or writing a .docx, with a stable code and a Chinese message
/// that names the file, the part and (for XML) the line.
public struct OOXMLError: CodedError, Equatable {
    public var code: ErrorCode
    public var message: String
    /// The file the error is about, if known.
    public var file: String?
    /// The part inside the package (`word/document.xml`), if any.
    public var part: String?
    /// 1-based line in the part, for XML errors.
    public var line: Int?

    public init(_ code: ErrorCode, _ message: String, file: String? = nil, part: String? = nil, line: Int? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.part = part
        self.line = line
    }

    public var place: ErrorPlace {
        var words: [String] = []
        if let file { words.append(ShownPath.shown(file)) }
        if let part { words.append(part) }
        if let line { words.append("第 \(line) 行") }
        return ErrorPlace(words: words.isEmpty ? nil : words.joined(separator: " "))
    }

    /// The same error, naming `file` unless it already names one.
    public func with(file: String) -> OOXMLError {
        var copy = self
        if copy.file == nil { copy.file = file }
        return copy
    }
}
