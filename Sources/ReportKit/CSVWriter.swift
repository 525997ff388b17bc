import Foundation
import OOXML

/// RFC 4180 CSV with CRLF line ends, as Excel and WPS read it.
public struct CSVTable: Sendable, Equatable {
    /// Records before the header: the lines a form prints above its table (填报单位, 金额单位).
    public var preamble: [[String]]
    public var header: [String]
    public var rows: [[String]]

    public init(preamble: [[String]] = [], header: [String], rows: [[String]] = []) {
        self.preamble = preamble
        self.header = header
        self.rows = rows
    }

    public var text: String { String(decoding: utf8, as: UTF8.self) }

    /// The text's UTF-8 bytes, written straight into one buffer: the 汇总表 of 10 000 projects
    /// is 90 000 fields, and building it as strings was a third of what `project --id` spent
    /// on the summary (issue 12).
    public var utf8: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((rows.count + preamble.count + 1) * 64)
        for record in records { CSVTable.append(record: record, to: &out) }
        return out
    }

    /// Every record in file order: the preamble, the header, the rows.
    public var records: [[String]] { preamble + [header] + rows }

    /// One record's bytes: its fields (`append(utf8:to:)`) joined by commas, ended by CRLF.
    static func append(record: some CSVFields, to out: inout [UInt8]) {
        var first = true
        record.forEachField { utf8 in
            if !first { out.append(0x2C) }
            first = false
            append(utf8: utf8, to: &out)
        }
        out += [0x0D, 0x0A]
    }

    /// `field(value)`'s bytes, from the value's UTF-8. Most values hold none of the bytes that
    /// may need quotes and no edge space: those are copied as they are.
    static func append(utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        // What the DOCX leaves out (W-RND-001), the CSV leaves out too (W-DEF-035 says so
        // beforehand): a NUL from `\u0000` in a name went into the file as it was.
        guard XMLText.allAllowed(utf8) else {
            out.append(contentsOf: field(XMLText.sanitized(String(decoding: utf8, as: UTF8.self)).text).utf8)
            return
        }
        if utf8.first != 0x20, utf8.last != 0x20, !utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            out.append(contentsOf: utf8)
        } else {
            out.append(contentsOf: field(String(decoding: utf8, as: UTF8.self)).utf8)
        }
    }

    static func field(_ value: String) -> String {
        let needsQuotes = value.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || value.hasPrefix(" ") || value.hasSuffix(" ")
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A record's fields, handed over as their UTF-8 one after another: a record of Strings, or a
/// row of a table held as bytes (the 汇总表's 10 000 rows: made into Strings only to be written,
/// they were most of writing its CSV).
public protocol CSVFields {
    func forEachField(_ body: (UnsafeBufferPointer<UInt8>) -> Void)
}

extension Array: CSVFields where Element == String {
    public func forEachField(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        for var field in self { field.withUTF8(body) }
    }
}

/// How CSV files are encoded: UTF-8 with a byte-order mark (Excel on Windows needs it to
/// see UTF-8) or GB18030 for older tools.
public enum CSVEncoding: String, Sendable, CaseIterable {
    case utf8BOM = "utf-8-bom"
    case gb18030 = "gb18030"

    // NSStringEncoding of kCFStringEncodingGB_18030_2000; Foundation on Linux converts it
    // through ICU.
    private static let gb18030Encoding = String.Encoding(rawValue: 0x8000_0632)

    /// A table's file bytes (UTF-8 without going through a String).
    public func encode(_ table: CSVTable) throws(ReportKitError) -> [UInt8] {
        switch self {
        case .utf8BOM: return [0xEF, 0xBB, 0xBF] + table.utf8
        case .gb18030: return try encode(table.text)
        }
    }

    /// The bytes `encode` gives for the table of `records`, made record by record and handed to
    /// `write` in pieces of about `pieceSize` bytes (issue 12: the 汇总表 of 10 000 projects as a
    /// table, as its text and as that text with its byte-order mark were megabytes each). Pieces
    /// end at record ends; GB18030 keeps no state from one character to the next, so converting
    /// piece by piece gives the bytes of converting the whole text. A conversion that fails
    /// stops the pieces and is thrown.
    public func encode<Records: Sequence>(records: Records, pieceSize: Int = 64 * 1024,
                                          _ write: ([UInt8]) -> Void) throws(ReportKitError) where Records.Element: CSVFields {
        var piece: [UInt8] = []
        piece.reserveCapacity(pieceSize + 1024)
        if self == .utf8BOM { piece += [0xEF, 0xBB, 0xBF] }
        func flush() throws(ReportKitError) {
            guard !piece.isEmpty else { return }
            switch self {
            case .utf8BOM: write(piece)
            case .gb18030:
                guard let data = String(decoding: piece, as: UTF8.self).data(using: Self.gb18030Encoding) else {
                    throw ReportKitError(.encoding, "无法将 CSV 内容转换为 GB18030 编码")
                }
                write(Array(data))
            }
            piece.removeAll(keepingCapacity: true)
        }
        for record in records {
            CSVTable.append(record: record, to: &piece)
            if piece.count >= pieceSize { try flush() }
        }
        try flush()
    }

    public func encode(_ text: String) throws(ReportKitError) -> [UInt8] {
        switch self {
        case .utf8BOM:
            return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        case .gb18030:
            guard let data = text.data(using: Self.gb18030Encoding) else {
                throw ReportKitError(.encoding, "无法将 CSV 内容转换为 GB18030 编码")
            }
            return Array(data)
        }
    }
}
