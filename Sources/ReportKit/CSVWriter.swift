import Foundation

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

    public var text: String {
        var out = ""
        for row in preamble + [header] + rows {
            out += row.map(CSVTable.field).joined(separator: ",")
            out += "\r\n"
        }
        return out
    }

    static func field(_ value: String) -> String {
        let needsQuotes = value.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || value.hasPrefix(" ") || value.hasSuffix(" ")
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
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
