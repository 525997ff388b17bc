import Foundation

/// Reads a CSV file as Excel, WPS and reportgen write it: RFC 4180 fields (quotes doubled
/// inside quoted fields; commas, quotes and line breaks allowed there), CRLF or LF records.
///
/// Encoding rule: a UTF-8 byte-order mark means UTF-8; otherwise bytes that are valid UTF-8
/// are UTF-8; otherwise they are decoded as GB18030 (what Excel and WPS on Chinese Windows
/// save as "CSV"), which must succeed. Every byte sequence that is valid UTF-8 is also
/// GB18030, but Chinese text saved as GB18030 is almost never valid UTF-8, so the order
/// decides nothing a real file could mean otherwise.
public enum CSVReader {
    public enum Encoding: String, Sendable { case utf8 = "UTF-8", utf8BOM = "UTF-8（带 BOM）", gb18030 = "GB18030" }

    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// The text of `bytes` and the encoding it was read in; nil when it is neither.
    public static func decode(_ bytes: [UInt8]) -> (String, Encoding)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return String(validating: bytes.dropFirst(3), as: UTF8.self).map { ($0, .utf8BOM) }
        }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, .utf8) }
        if let text = String(data: Data(bytes), encoding: gb18030) {
            // ICU substitutes U+FFFD for bytes that are not GB18030 rather than failing.
            return text.contains("\u{FFFD}") ? nil : (text, .gb18030)
        }
        return nil
    }

    public struct QuoteProblem: Error, Sendable, Equatable {
        /// 1-based record and field where the quoting breaks.
        public var row: Int
        public var column: Int
        public var message: String
    }

    /// The records of `text`; a trailing line break does not start an empty record.
    public static func records(_ text: String) throws(QuoteProblem) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var afterQuote = false
        var fieldStart = true
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return scalars.next()
        }
        func endField() {
            record.append(field)
            field = ""
            fieldStart = true
            afterQuote = false
        }
        func endRecord() {
            endField()
            records.append(record)
            record = []
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.unicodeScalars.append("\""); continue }
                        pending = n
                    }
                    quoted = false
                    afterQuote = true
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case ",":
                endField()
            case "\r":
                if let n = next(), n != "\n" { pending = n }
                endRecord()
            case "\n":
                endRecord()
            case "\"" where fieldStart:
                quoted = true
                fieldStart = false
            default:
                if afterQuote || c == "\"" {
                    throw QuoteProblem(row: records.count + 1, column: record.count + 1,
                                       message: afterQuote ? "右引号后还有其他字符（字段中的引号应写两遍：\"\"）" : "未加引号的字段中出现了引号（含引号的字段应整体加引号，引号写两遍）")
                }
                field.unicodeScalars.append(c)
                fieldStart = false
            }
        }
        if quoted {
            throw QuoteProblem(row: records.count + 1, column: record.count + 1, message: "引号没有闭合（从这个字段起到文件末尾都在引号内）")
        }
        if !fieldStart || !record.isEmpty || afterQuote { endRecord() }
        return records
    }
}
