import ErrorCodes

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
    /// 1-based number of the text box in the part, and of the paragraph with text in it
    /// (nil in a table of the box): a part may hold several boxes, each of several paragraphs.
    public var textBox: Int?
    public var textBoxParagraph: Int?
    /// What Word calls the part when its file name does not say (`偶数页页脚`, `第 2 节 首页页眉`).
    public var areaName: String?
    /// A shape whose text is no paragraph a person can count (`水印`): named in place of one.
    public var shape: String?
    /// The cell of the table a nested table stands in (`第 2 个表格 第 1 行 第 1 列`): a table
    /// moved into a layout table's cell was named by its number alone, which nobody counts.
    public var outerCell: String?

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

    /// `items` as a person reads the document: 正文, then 页眉, 页脚, 脚注, 尾注, each by paragraph;
    /// the order of `items` within a paragraph (unplaced ones first). Problems and tag lists alike.
    public static func inDocumentOrder<T>(_ items: [T], _ place: (T) -> TemplateLocation?) -> [T] {
        func rank(_ location: TemplateLocation?) -> (Int, String, Int) {
            guard let location else { return (-1, "", 0) }
            let areas = ["正文", "页眉", "页脚", "脚注", "尾注", "批注"]
            let area = location.area
            return (areas.firstIndex(where: { area.hasSuffix($0) }) ?? areas.count, location.part, location.paragraph)
        }
        return items.enumerated().sorted { a, b in
            let (x, y) = (rank(place(a.element)), rank(place(b.element)))
            if x != y { return x < y }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// Where in Word: 正文, 页眉, 页脚, 脚注, 尾注 (else the part's name).
    public var area: String {
        if let areaName { return areaName }
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
        if let shape { return "\(area) \(shape)" }
        if inTextBox {
            let box = textBox.map { "第 \($0) 个文本框" } ?? "文本框"
            if let table, let row, let cell { return "\(area) \(box)中 \(outerCell.map { "\($0)中的" } ?? "")第 \(table) 个表格 第 \(row) 行 第 \(cell) 列" }
            if let textBoxParagraph, textBoxParagraph > 0 { return "\(area) \(box) 第 \(textBoxParagraph) 段" }
            return "\(area) \(box)中"
        }
        if let table, let row, let cell {
            let outer = outerCell.map { "\($0)中的" } ?? ""
            return "\(area) \(outer)第 \(table) 个表格 第 \(row) 行 第 \(cell) 列"
        }
        if let visibleParagraph { return "\(area) 第 \(visibleParagraph) 段" }
        // Paragraph 0: the whole part (it could not be read, so no paragraph can be named).
        if paragraph == 0 { return part == "word/document.xml" ? area : "\(area)（\(part)）" }
        return "\(area) 第 \(paragraph) 段"
    }
}

/// One problem in a template, with a stable code (E-TPL / W-TPL).
public struct TemplateError: CodedError, Equatable {
    public var code: ErrorCode
    public var message: String
    public var location: TemplateLocation?
    /// The tag as written, delimiters included.
    public var tag: String?
    /// The template file, named where a message speaks of several templates.
    public var file: String?

    public init(_ code: ErrorCode, _ message: String, location: TemplateLocation? = nil, tag: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.tag = tag
    }

    public var place: ErrorPlace {
        var words = location?.description
        if let file { words = "模板 \(ShownPath.shown(file))" + (words.map { "，" + $0 } ?? "") }
        var context = tag.map { "（标签 \($0)）" } ?? ""
        if let snippet = location?.snippet, !snippet.isEmpty { context += "；原文：“\(snippet)”" }
        return ErrorPlace(words: words, context: context)
    }

    /// The same error naming the template's file first, for messages about several templates
    /// (unless the message names it already).
    public func inTemplate(_ file: String) -> TemplateError {
        if description.contains(file) || description.contains(ShownPath.shown(file)) { return self }
        var named = self
        named.file = file
        return named
    }
}

extension TemplateError {
    /// Problems as a person reads the template: 正文 first, then headers, footers, footnotes,
    /// endnotes; within a part by paragraph; problems of one paragraph keep their order (the
    /// tag's own before the data contract's). Without this the contract's findings came after
    /// every syntax error, and the footers' before the body's.
    public static func inDocumentOrder(_ errors: [TemplateError]) -> [TemplateError] {
        TemplateLocation.inDocumentOrder(errors, \.location)
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

/// A problem found while rendering data into a template (E-RND).
public struct RenderError: CodedError, Equatable {
    public var code: ErrorCode
    public var message: String
    /// The data path (`p.indicators[3].weight`), when the error is about one.
    public var path: String?
    public var location: TemplateLocation?

    public init(_ code: ErrorCode, _ message: String, path: String? = nil, location: TemplateLocation? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.location = location
    }

    public var place: ErrorPlace {
        let snippet = location?.snippet ?? ""
        return ErrorPlace(words: location?.description, context: snippet.isEmpty ? nil : "；原文：“\(snippet)”")
    }
}

public struct RenderErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [RenderError]
    public init(_ errors: [RenderError]) { self.errors = errors }
    public var description: String {
        "填充数据时有 \(errors.count) 处错误：\n" + errors.map { "  " + $0.description }.joined(separator: "\n")
    }
}

/// Something the output lost or changed that the user should know about (W-RND).
public struct RenderWarning: CodedError, Equatable {
    public var code: ErrorCode
    public var message: String
    /// The data path of the value, not printed: the message names the value.
    public var path: String?
    public var place: ErrorPlace { .nowhere }
}
