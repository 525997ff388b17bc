/// An .xlsx workbook opened for reading (SpreadsheetML beside the WordprocessingML of
/// `DocxPackage`): its sheets by name, shared strings and number formats. Every part goes
/// through the same `ZipArchive` limits and the same per-archive XML budget as a .docx.
///
/// Not thread-safe (the archive is not); open one per thread.
public final class SpreadsheetPackage {
    public let name: String
    public let archive: ZipArchive
    /// Sheets in workbook order: the name shown on its tab and its part.
    public let sheets: [(name: String, part: String)]
    private let sharedStrings: [String]
    private let styles: SpreadsheetStyles

    public convenience init(path: String) throws(OOXMLError) {
        try self.init(archive: ZipArchive(path: path))
    }

    public convenience init(bytes: [UInt8], name: String) throws(OOXMLError) {
        try self.init(archive: ZipArchive(bytes: bytes, name: name))
    }

    public init(archive: ZipArchive) throws(OOXMLError) {
        self.archive = archive
        name = archive.name
        let file = archive.name
        func parse(_ part: String) throws(OOXMLError) -> XMLDocument {
            try DocxPackage.parse(archive.read(part), part: part, file: file, charging: archive)
        }
        func relationships(of part: String) throws(OOXMLError) -> [Relationship] {
            let rels = PartName.relationshipsPart(of: part)
            guard archive.entry(named: rels) != nil else { return [] }
            do {
                return try Relationship.list(in: parse(rels), partName: rels)
            } catch {
                throw error.with(file: file)
            }
        }
        // The workbook is whatever _rels/.rels names (xl/workbook.xml when it names none).
        var workbook = "xl/workbook.xml"
        if let office = try relationships(of: "").first(where: {
            RelationshipType.matches($0.type, RelationshipType.officeDocument) && !$0.isExternal
        }), let resolved = PartName.resolve(office.target, from: "") {
            workbook = resolved
        }
        guard archive.entry(named: workbook) != nil else {
            throw OOXMLError(.workbookMissing, "不是 Excel 工作簿（.xlsx）：缺少 \(workbook)", file: file)
        }
        let workbookRelationships = try relationships(of: workbook)
        func target(_ relationship: Relationship) -> String? {
            guard !relationship.isExternal, let part = PartName.resolve(relationship.target, from: workbook),
                  archive.entry(named: part) != nil else { return nil }
            return part
        }
        let workbookRoot = try parse(workbook).root
        guard workbookRoot.isSpreadsheet("workbook") else {
            throw OOXMLError(.workbookMissing, "不是 Excel 工作簿（.xlsx）：主部件 \(workbook) 不是工作簿（可能是改了扩展名的 Word 文档）", file: file)
        }
        var found: [(String, String)] = []
        for sheet in workbookRoot.spreadsheetDescendants("sheet") {
            guard let sheetName = sheet.attribute("name"),
                  let id = sheet.attributes.first(where: { $0.name.hasSuffix(":id") || $0.name == "id" })?.value,
                  let relationship = workbookRelationships.first(where: { $0.id == id }) else {
                throw OOXMLError(.workbookMissing, "工作簿中的工作表缺少名称或关系", file: file, part: workbook)
            }
            // Chart sheets and dialog sheets have no cells to read.
            guard RelationshipType.matches(relationship.type, RelationshipType.worksheet) else { continue }
            guard let part = target(relationship) else {
                throw OOXMLError(.workbookMissing, "工作表「\(sheetName)」指向的部件「\(relationship.target)」不存在", file: file, part: workbook)
            }
            found.append((sheetName, part))
        }
        sheets = found
        var strings: [String] = []
        if let relationship = workbookRelationships.first(where: { RelationshipType.matches($0.type, RelationshipType.sharedStrings) }),
           let part = target(relationship) {
            strings = try parse(part).root.elements.filter { $0.isSpreadsheet("si") }.map(SpreadsheetPackage.text(of:))
        }
        sharedStrings = strings
        if let relationship = workbookRelationships.first(where: { RelationshipType.matches($0.type, RelationshipType.spreadsheetStyles) }),
           let part = target(relationship) {
            styles = SpreadsheetStyles(try parse(part))
        } else {
            styles = SpreadsheetStyles()
        }
    }

    public var sheetNames: [String] { sheets.map(\.name) }

    /// The sheet named `sheetName` (the first when nil), its cells read and formatted.
    public func sheet(named sheetName: String? = nil) throws(OOXMLError) -> Spreadsheet {
        guard let entry = sheetName.map({ n in sheets.first { $0.name == n } }) ?? sheets.first else {
            let list = sheets.map { "「\($0.name)」" }.joined(separator: "、")
            throw OOXMLError(.sheetMissing, sheetName.map { "工作簿中没有名为「\($0)」的工作表（有：\(list)）" } ?? "工作簿中没有工作表", file: name)
        }
        let document = try DocxPackage.parse(archive.read(entry.part), part: entry.part, file: name, charging: archive)
        return try Spreadsheet(name: entry.name, document: document, strings: sharedStrings, styles: styles, file: name, part: entry.part)
    }

    /// The text of a shared or inline string: its `<t>`, or its rich-text runs' `<t>` joined
    /// (phonetic `<rPh>` runs are guides, not text).
    static func text(of item: XMLElement) -> String {
        unescaped(rawText(of: item))
    }

    /// ST_Xstring escapes: Excel writes characters XML cannot hold (a carriage return) as
    /// `_x000D_`, and a literal `_x` sequence as `_x005F_x…`.
    static func unescaped(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var out = ""
        var rest = Substring(text)
        while let start = rest.range(of: "_x") {
            out += rest[..<start.lowerBound]
            let after = rest[start.upperBound...]
            let hex = after.prefix(4)
            if hex.count == 4, after.dropFirst(4).first == "_", let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) {
                out.unicodeScalars.append(scalar)
                rest = after.dropFirst(5)
            } else {
                out += "_x"
                rest = after
            }
        }
        return out + rest
    }

    static func rawText(of item: XMLElement) -> String {
        var out = ""
        for child in item.elements {
            if child.isSpreadsheet("t") {
                out += child.textContent
            } else if child.isSpreadsheet("r") {
                for t in child.elements where t.isSpreadsheet("t") { out += t.textContent }
            }
        }
        return out
    }
}

/// One sheet's cells, by position, with its merged ranges.
public struct Spreadsheet: Sendable {
    public let name: String
    /// Cells with a value or a formula, in row then column order.
    public let cells: [SpreadsheetCell]
    public let merges: [CellRange]
    private let index: [CellPosition: Int]

    init(name: String, document: XMLDocument, strings: [String], styles: SpreadsheetStyles, file: String, part: String) throws(OOXMLError) {
        self.name = name
        var cells: [SpreadsheetCell] = []
        var merges: [CellRange] = []
        func failure(_ message: String) -> OOXMLError {
            OOXMLError(.badCell, "工作表「\(name)」\(message)", file: file, part: part)
        }
        for section in document.root.elements {
            if section.isSpreadsheet("sheetData") {
                var rowNumber = 0
                for row in section.elements where row.isSpreadsheet("row") {
                    rowNumber = row.attribute("r").flatMap(Int.init) ?? rowNumber + 1
                    guard (1...CellPosition.maximumRow).contains(rowNumber) else { throw failure("的行号「\(row.attribute("r") ?? "")」无效") }
                    var column = 0
                    for c in row.elements where c.isSpreadsheet("c") {
                        if let reference = c.attribute("r") {
                            guard let position = CellPosition(reference), position.row == rowNumber else {
                                throw failure("的单元格地址「\(reference)」无效或不在第 \(rowNumber) 行")
                            }
                            column = position.column
                        } else {
                            column += 1
                        }
                        guard column <= CellPosition.maximumColumn else { throw failure("第 \(rowNumber) 行的列超出范围") }
                        let position = CellPosition(row: rowNumber, column: column)
                        if let cell = try SpreadsheetCell(c, at: position, strings: strings, styles: styles, sheet: name, file: file, part: part) {
                            cells.append(cell)
                        }
                    }
                }
            } else if section.isSpreadsheet("mergeCells") {
                for merge in section.elements where merge.isSpreadsheet("mergeCell") {
                    guard let reference = merge.attribute("ref"), let range = CellRange(reference) else {
                        throw failure("的合并单元格范围「\(merge.attribute("ref") ?? "")」无效")
                    }
                    merges.append(range)
                }
            }
        }
        cells.sort { ($0.position.row, $0.position.column) < ($1.position.row, $1.position.column) }
        var index: [CellPosition: Int] = [:]
        for (i, cell) in cells.enumerated() {
            guard index.updateValue(i, forKey: cell.position) == nil else { throw failure("的单元格 \(cell.address) 出现了两次") }
        }
        self.cells = cells
        self.merges = merges
        self.index = index
    }

    /// The cell written at `position`, if any (merged areas not filled).
    public func cell(at position: CellPosition) -> SpreadsheetCell? {
        index[position].map { cells[$0] }
    }

    /// The cell shown at `position`: inside a merged range, the range's first cell (a merged
    /// 一级指标 carries down, a merged title carries right).
    public func shownCell(at position: CellPosition) -> SpreadsheetCell? {
        if let merge = merges.first(where: { $0.contains(position) }) {
            return cell(at: merge.first)
        }
        return cell(at: position)
    }

    /// The merged range `position` lies in, if any.
    public func merge(containing position: CellPosition) -> CellRange? {
        merges.first { $0.contains(position) }
    }
}

/// A cell's value as Excel shows it.
public struct SpreadsheetCell: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Shared string (`t="s"`), formula string (`str`) or inline string.
        case text
        /// A number: `value` is the cached `<v>` as written (never through a binary Double),
        /// `text` it formatted by the cell's number format.
        case number
        case boolean
        /// An error value (`#DIV/0!`).
        case error
    }

    public let position: CellPosition
    public let kind: Kind
    /// What Excel displays: a number formatted by its number format (`0.00` keeps two decimals;
    /// General shows at most 15 significant digits, as Excel stores them), `TRUE`/`FALSE`,
    /// an error's code. Thousands separators and literal decorations of the format are left
    /// out so that the text reads back as a number.
    public let text: String
    /// The stored value: `<v>` exactly as written for numbers, the string otherwise.
    public let value: String
    /// The formula when the cell has one (its cached value is `value`); empty for a shared
    /// formula's followers, whose text lives on the first cell of the group.
    public let formula: String?
    /// The number format code applied (`0.00`, `General`).
    public let numberFormat: String
    /// A formula saved without its result (the file was never calculated): there is no value.
    public private(set) var isUncalculated = false

    public var address: String { position.address }
    public var isFormula: Bool { formula != nil }

    init?(_ c: XMLElement, at position: CellPosition, strings: [String], styles: SpreadsheetStyles,
          sheet: String, file: String, part: String) throws(OOXMLError) {
        self.position = position
        let type = c.attribute("t") ?? "n"
        let v = c.elements.first { $0.isSpreadsheet("v") }?.textContent
        let f = c.elements.first { $0.isSpreadsheet("f") }
        formula = f.map(\.textContent)
        numberFormat = styles.formatCode(style: c.attribute("s").flatMap(Int.init) ?? 0)
        func failure(_ message: String) -> OOXMLError {
            OOXMLError(.badCell, "工作表「\(sheet)」单元格 \(position.address)：\(message)", file: file, part: part)
        }
        switch type {
        case "s":
            guard let v else { return nil }
            guard let i = Int(v.trimmingSpaces), strings.indices.contains(i) else {
                throw failure("共享字符串序号「\(v)」不存在")
            }
            kind = .text
            value = strings[i]
            text = value
        case "inlineStr":
            guard let item = c.elements.first(where: { $0.isSpreadsheet("is") }) else {
                if f == nil { return nil }
                kind = .text; value = ""; text = ""
                return
            }
            kind = .text
            value = SpreadsheetPackage.text(of: item)
            text = value
        case "str":
            kind = .text
            value = v ?? ""
            text = value
        case "b":
            guard let v else { return nil }
            kind = .boolean
            value = v
            text = v.trimmingSpaces == "1" ? "TRUE" : "FALSE"
        case "e":
            kind = .error
            value = v ?? ""
            text = value
        case "n", "d":
            guard let v else {
                // A formula without a cached value (never calculated) is still reported.
                guard f != nil else { return nil }
                kind = .text; value = ""; text = ""
                isUncalculated = true
                return
            }
            if type == "d" {
                kind = .text; value = v; text = v
                return
            }
            guard let number = NumberFormat.decimal(v.trimmingSpaces) else {
                throw failure("数值「\(v)」无效")
            }
            kind = .number
            value = v.trimmingSpaces
            text = NumberFormat(numberFormat).display(number)
        default:
            throw failure("未知的单元格类型「\(type)」")
        }
    }
}

/// A cell position, 1-based (`B7` is row 7, column 2).
public struct CellPosition: Sendable, Hashable, Comparable {
    public static let maximumRow = 1_048_576
    public static let maximumColumn = 16_384

    public var row: Int
    public var column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Parses `B7` (`$B$7` too); nil for anything else or beyond Excel's grid.
    public init?(_ reference: String) {
        var letters = 0
        var digits = ""
        var column = 0
        for ch in reference.uppercased() where ch != "$" {
            if let ascii = ch.asciiValue, (65...90).contains(ascii), digits.isEmpty {
                column = column * 26 + Int(ascii - 64)
                letters += 1
                guard letters <= 3 else { return nil }
            } else if ch.isASCII, ch.isNumber {
                digits.append(ch)
            } else {
                return nil
            }
        }
        guard letters > 0, let row = Int(digits), (1...Self.maximumRow).contains(row), column <= Self.maximumColumn else { return nil }
        self.init(row: row, column: column)
    }

    /// `B`, `AA`: the column's letters.
    public static func columnName(_ column: Int) -> String {
        var n = column
        var out = ""
        while n > 0 {
            let r = (n - 1) % 26
            out = String(UnicodeScalar(UInt8(65 + r))) + out
            n = (n - 1) / 26
        }
        return out
    }

    public var address: String { Self.columnName(column) + String(row) }

    public static func < (a: CellPosition, b: CellPosition) -> Bool { (a.row, a.column) < (b.row, b.column) }
}

/// A rectangular range (`A3:A7`).
public struct CellRange: Sendable, Hashable {
    public var first: CellPosition
    public var last: CellPosition

    public init?(_ reference: String) {
        let parts = reference.split(separator: ":")
        guard let a = parts.first.flatMap({ CellPosition(String($0)) }),
              let b = (parts.count == 2 ? parts.last : parts.first).flatMap({ CellPosition(String($0)) }), parts.count <= 2 else { return nil }
        first = CellPosition(row: min(a.row, b.row), column: min(a.column, b.column))
        last = CellPosition(row: max(a.row, b.row), column: max(a.column, b.column))
    }

    public func contains(_ p: CellPosition) -> Bool {
        (first.row...last.row).contains(p.row) && (first.column...last.column).contains(p.column)
    }
}

/// `styles.xml` as far as values need it: each cell style's number format code.
struct SpreadsheetStyles {
    private var custom: [Int: String] = [:]
    private var cellFormats: [Int] = []

    init() {}

    init(_ document: XMLDocument) {
        for section in document.root.elements {
            if section.isSpreadsheet("numFmts") {
                for format in section.elements where format.isSpreadsheet("numFmt") {
                    if let id = format.attribute("numFmtId").flatMap(Int.init), let code = format.attribute("formatCode") {
                        custom[id] = code
                    }
                }
            } else if section.isSpreadsheet("cellXfs") {
                cellFormats = section.elements.filter { $0.isSpreadsheet("xf") }.map { $0.attribute("numFmtId").flatMap(Int.init) ?? 0 }
            }
        }
    }

    func formatCode(style: Int) -> String {
        let id = cellFormats.indices.contains(style) ? cellFormats[style] : 0
        return custom[id] ?? NumberFormat.builtIn[id] ?? "General"
    }
}

extension XMLElement {
    /// Text of the element and its descendants, in order.
    var textContent: String {
        var out = ""
        for child in children {
            switch child {
            case .text(let t), .cdata(let t): out += t
            case .element(let e): out += e.textContent
            default: break
            }
        }
        return out
    }

    /// A SpreadsheetML element, in the transitional namespace Excel, WPS and LibreOffice write
    /// or the strict one of Excel's “Strict Open XML” saves.
    func isSpreadsheet(_ localName: String) -> Bool {
        (namespaceURI == Namespace.s || namespaceURI == Namespace.sStrict) && self.localName == localName
    }

    /// Every descendant SpreadsheetML element named `localName`, in document order.
    func spreadsheetDescendants(_ localName: String) -> [XMLElement] {
        var out: [XMLElement] = []
        for child in elements {
            if child.isSpreadsheet(localName) { out.append(child) }
            out += child.spreadsheetDescendants(localName)
        }
        return out
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\n" || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\n" || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
