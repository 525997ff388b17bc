/// Where a tag stands in a template: enough for a person to find it in Word.
public struct TemplateLocation: Sendable, Equatable, Hashable, Codable {
    /// The part inside the package (`word/document.xml`, `word/header1.xml`).
    public var part: String
    /// 1-based number of the paragraph in the part, counting every paragraph in document
    /// order (table cells, text boxes and footnotes included): stable for tools and tests.
    public var paragraph: Int
    /// 1-based table number in the part, row and cell in that table (innermost table).
    public var table: Int?
    public var row: Int?
    public var cell: Int?
    /// The paragraph's text around the tag.
    public var snippet: String
    /// The paragraph as a person counts it in Word: paragraphs with text, outside tables and
    /// text boxes, from the start of the part (nil inside a table or a text box).
    public var visibleParagraph: Int?
    /// The tag is in a text box (`w:txbxContent`).
    public var inTextBox: Bool

    public init(part: String, paragraph: Int, table: Int? = nil, row: Int? = nil, cell: Int? = nil, snippet: String = "",
                visibleParagraph: Int? = nil, inTextBox: Bool = false) {
        self.part = part
        self.paragraph = paragraph
        self.table = table
        self.row = row
        self.cell = cell
        self.snippet = snippet
        self.visibleParagraph = visibleParagraph
        self.inTextBox = inTextBox
    }

    /// Where in Word: 正文, 页眉, 页脚, 脚注, 尾注 (else the part's name).
    public var area: String {
        let name = part.split(separator: "/").last.map(String.init) ?? part
        if name == "document.xml" { return "正文" }
        if name.hasPrefix("header") { return "页眉" }
        if name.hasPrefix("footer") { return "页脚" }
        if name == "footnotes.xml" { return "脚注" }
        if name == "endnotes.xml" { return "尾注" }
        if name == "comments.xml" { return "批注" }
        return part
    }

    /// Chinese, in the words of Word's screen: `正文 第 12 段`, `正文 第 2 个表格 第 3 行 第 1 列`,
    /// `页眉 第 1 段`, `正文 文本框中`. The quoted text (`snippet`) is added by the messages.
    public var description: String {
        if inTextBox {
            if let table, let row, let cell { return "\(area) 文本框中 第 \(table) 个表格 第 \(row) 行 第 \(cell) 列" }
            return "\(area) 文本框中"
        }
        if let table, let row, let cell { return "\(area) 第 \(table) 个表格 第 \(row) 行 第 \(cell) 列" }
        if let visibleParagraph { return "\(area) 第 \(visibleParagraph) 段" }
        return "\(area) 第 \(paragraph) 段"
    }
}

/// One problem in a template, with a stable code.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable {
        /// `{{#x}}` without a matching close tag.
        case unclosedSection = "E-TPL-001"
        /// `{{/x}}` with nothing open.
        case unopenedSection = "E-TPL-002"
        /// `{{/y}}` closing `{{#x}}`.
        case mismatchedSection = "E-TPL-003"
        case unknownFilter = "E-TPL-004"
        /// Empty tag, bad path, bad filter syntax.
        case malformedTag = "E-TPL-005"
        /// A section whose tags stand in places that cannot be repeated together.
        case incompatiblePlacement = "E-TPL-006"
        /// `{{> name}}` shares its paragraph with other text.
        case blockNotAlone = "E-TPL-007"
        case unknownBlock = "E-TPL-008"
        case badFilterArgument = "E-TPL-009"
        /// `| merge` outside a repeated table row.
        case mergeOutsideRow = "E-TPL-010"
        /// An opening delimiter without a closing one in the same paragraph.
        case unclosedTag = "E-TPL-011"
        /// A closing delimiter with no opening one.
        case unopenedTag = "E-TPL-012"
        /// The template file cannot be read as a .docx.
        case package = "E-TPL-013"
        /// Bad delimiters option.
        case delimiters = "E-TPL-014"
        /// A field the template kind's data contract does not provide.
        case unknownField = "E-TPL-020"
        /// A filter (or block) on a kind of value it cannot take (`date` on a Chinese date).
        case filterOnWrongKind = "E-TPL-021"
        /// `{{.}}` / `{{@index}}` inside a section over something that is not a list.
        case loopOverNonList = "E-TPL-022"
        /// Full-width characters typed by a Chinese input method where a tag needs ASCII.
        case fullWidthInTag = "E-TPL-023"
        /// An image tag written wrongly: an option other than size/width/height, a bad length.
        case imageTag = "E-TPL-030"
        /// `{{%path}}` on a field the contract does not give as a picture file.
        case imageOnNonImage = "E-TPL-031"
        /// A hyperlink's address holds a tag that cannot be filled there (a section, a picture, a block).
        case hyperlinkTag = "E-TPL-032"
        /// Text that looks like a tag but is not one (full-width braces, `{ {`): printed as is.
        case lookalikeTag = "W-TPL-001"
        /// `{{#x}}` and `{{/x}}` in different cells of one row with cells outside them: the
        /// whole row repeats (there are no column loops).
        case loopAcrossCells = "W-TPL-010"
    }

    public var code: Code
    public var message: String
    public var location: TemplateLocation?
    /// The tag as written, delimiters included.
    public var tag: String?

    public init(_ code: Code, _ message: String, location: TemplateLocation? = nil, tag: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.tag = tag
    }

    /// Codes `W-…` are warnings: the template still renders.
    public var isWarning: Bool { code.rawValue.hasPrefix("W-") }

    public var description: String {
        var text = code.rawValue
        if let location { text += " " + location.description }
        text += "：" + message
        if let tag { text += "（标签 \(tag)）" }
        if let snippet = location?.snippet, !snippet.isEmpty { text += "；原文：“\(snippet)”" }
        return text
    }

    /// The description with the template's file named first, for messages about several templates.
    public func description(inTemplate file: String) -> String {
        let full = description
        if full.contains(file) { return full }
        let rest = full.dropFirst(code.rawValue.count)
        return "\(code.rawValue) 模板 \(file)" + (rest.hasPrefix("：") ? rest : "，" + rest.drop(while: { $0 == " " }))
    }
}

/// Every problem found in a template, in document order.
public struct TemplateErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [TemplateError]
    public init(_ errors: [TemplateError]) { self.errors = errors }
    public var description: String {
        "模板有 \(errors.count) 处错误：\n" + errors.map { "  " + $0.description }.joined(separator: "\n")
    }
}

/// A problem found while rendering data into a template.
public struct RenderError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable {
        /// The data has no value at a tag's path (with `missing: .error`).
        case missingValue = "E-RND-001"
        /// A filter cannot handle the value (`number` on `"abc"`).
        case filterFailed = "E-RND-002"
        /// A block generator failed.
        case blockFailed = "E-RND-003"
        /// The document could not be written.
        case output = "E-RND-004"
        /// The picture file of an image tag is missing or unreadable (or the value is no path).
        case imageUnreadable = "E-TPL-033"
        /// The file is neither PNG nor JPEG (judged by its bytes).
        case imageNotPicture = "E-TPL-034"
        /// The file's header does not give a usable pixel size.
        case imageSizeUnreadable = "E-TPL-035"
        /// Over 10 MB or over 20000 pixels a side.
        case imageTooLarge = "E-TPL-036"
    }

    public var code: Code
    public var message: String
    /// The data path (`p.indicators[3].weight`), when the error is about one.
    public var path: String?
    public var location: TemplateLocation?

    public init(_ code: Code, _ message: String, path: String? = nil, location: TemplateLocation? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.location = location
    }

    public var description: String {
        var text = code.rawValue
        if let location { text += " " + location.description }
        text += "：" + message
        if let snippet = location?.snippet, !snippet.isEmpty { text += "；原文：“\(snippet)”" }
        return text
    }
}

public struct RenderErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [RenderError]
    public init(_ errors: [RenderError]) { self.errors = errors }
    public var description: String {
        "填充数据时有 \(errors.count) 处错误：\n" + errors.map { "  " + $0.description }.joined(separator: "\n")
    }
}

/// Something the output lost or changed that the user should know about.
public struct RenderWarning: Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable {
        /// Characters XML 1.0 forbids (control characters) were removed from a value.
        case forbiddenCharactersRemoved = "W-RND-001"
    }
    public var code: Code
    public var message: String
    public var path: String?
    public var description: String { "\(code.rawValue) \(message)" }
}
