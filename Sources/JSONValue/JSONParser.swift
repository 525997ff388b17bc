import ErrorCodes
import TextFormats

/// A strict RFC 8259 reader that keeps number literals, knows where every value stands and
/// reports the first syntax error with its line and column, in Chinese.
public enum JSONParser {
    /// Values (of any type, keys not counted) read from one input before it is refused with
    /// E-LIM-004. Each value held costs ~50–80 bytes (and 16 more with locations), so this bounds
    /// a 64 MB file of `0,0,0,…` (32 million values, several GB) to well under 512 MB; the
    /// largest definition in the repository has a few thousand values.
    public static let defaultMaximumValues = 1_000_000

    public static func parse(_ bytes: [UInt8], recordLocations: Bool = false, maximumDepth: Int = 512,
                             maximumValues: Int = defaultMaximumValues) throws(JSONSyntaxError) -> JSONDocument {
        var reader = Reader(bytes: bytes, recordLocations: recordLocations, maximumDepth: maximumDepth,
                            maximumValues: maximumValues)
        return try reader.parseDocument()
    }
}

private struct Reader {
    let bytes: [UInt8]
    let recordLocations: Bool
    let maximumDepth: Int
    let maximumValues: Int
    var valueCount = 0
    var index = 0
    var depth = 0
    var line = 1
    var lineStart = 0
    // Column cache: counting scalars from the line start for every value would be quadratic
    // on minified single-line files.
    var columnCacheOffset = 0
    var columnCacheValue = 1
    var locations = JSONLocations()
    /// The path of the value being read; turned into a string only when needed.
    var pathStack: [PathComponent] = []
    enum PathComponent { case key(String), index(Int) }
    var duplicateKeys: [(path: String, location: JSONLocation)] = []

    init(bytes: [UInt8], recordLocations: Bool, maximumDepth: Int, maximumValues: Int) {
        self.bytes = bytes
        self.recordLocations = recordLocations
        self.maximumDepth = maximumDepth
        self.maximumValues = maximumValues
    }

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONDocument {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            index = 3
            lineStart = 3
            columnCacheOffset = 3
        }
        if let kind = binaryDocumentKind() {
            throw JSONSyntaxError(
                code: .notUTF8,
                message: "这不是 JSON 文本文件，而是\(kind)。这里要的是 JSON 文件（报告包的 package.json、项目的 .json、render 的数据文件）；"
                    + "模板 .docx 请用 reportgen template check 检查，Excel/WPS 自评表请用 reportgen import 导入",
                location: JSONLocation(line: 1, column: 1, offset: 0))
        }
        try validateUTF8()
        skipWhitespace()
        guard index < bytes.count else {
            throw JSONSyntaxError(code: .empty, message: "文件为空，没有 JSON 内容", location: location(at: index))
        }
        let root = try parseValue()
        skipWhitespace()
        if index < bytes.count {
            throw error(inputMethodSlip() ?? "JSON 值结束后还有多余内容（可能缺少逗号，或多了一个右括号）")
        }
        if recordLocations { locations.finish(root: root) }
        return JSONDocument(root: root, locations: locations, duplicateKeys: duplicateKeys)
    }

    // MARK: Positions

    mutating func location(at offset: Int) -> JSONLocation {
        // Lines only change in whitespace, which `skipWhitespace` tracks; an offset inside the
        // current line is counted from the cache.
        var lineNumber = line
        var start = lineStart
        if offset < lineStart {
            // An error location before the tracked line (rare): count from the top.
            (lineNumber, start) = lineAndStart(of: offset)
            return JSONLocation(line: lineNumber, column: scalarCount(from: start, to: offset) + 1, offset: offset)
        }
        if columnCacheOffset < start || columnCacheOffset > offset {
            columnCacheOffset = start
            columnCacheValue = 1
        }
        columnCacheValue += scalarCount(from: columnCacheOffset, to: offset)
        columnCacheOffset = offset
        return JSONLocation(line: lineNumber, column: columnCacheValue, offset: offset)
    }

    /// The line of `offset` and where that line starts, counted from the top. A line ends at LF,
    /// CRLF or a lone CR (files saved by old Mac editors): counting LF alone put every error of a
    /// CR-only file on line 1.
    func lineAndStart(of offset: Int) -> (line: Int, start: Int) {
        var lineNumber = 1
        // The byte-order mark is no character of line 1 (`parseDocument`).
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) && offset >= 3 ? 3 : 0
        var i = start
        while i < offset {
            if bytes[i] == 0x0A || (bytes[i] == 0x0D && (i + 1 >= bytes.count || bytes[i + 1] != 0x0A)) {
                lineNumber += 1
                start = i + 1
            }
            i += 1
        }
        return (lineNumber, start)
    }

    func scalarCount(from start: Int, to end: Int) -> Int {
        var count = 0
        var i = start
        while i < end {
            if bytes[i] & 0xC0 != 0x80 { count += 1 }
            i += 1
        }
        return count
    }

    mutating func error(_ message: String, code: ErrorCode = .syntax, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(code: code, message: message, location: location(at: min(offset ?? index, bytes.count)))
    }

    // MARK: Encoding

    mutating func validateUTF8() throws(JSONSyntaxError) {
        var i = index
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            var need = 0
            var minimum: UInt32 = 0
            var scalar: UInt32 = 0
            switch b {
            case 0xC2...0xDF: need = 1; scalar = UInt32(b & 0x1F); minimum = 0x80
            case 0xE0...0xEF: need = 2; scalar = UInt32(b & 0x0F); minimum = 0x800
            case 0xF0...0xF4: need = 3; scalar = UInt32(b & 0x07); minimum = 0x10000
            default: throw notUTF8(at: i)
            }
            guard i + need < n else { throw notUTF8(at: i) }
            for k in 1...need {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { throw notUTF8(at: i) }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { throw notUTF8(at: i) }
            i += need + 1
        }
    }

    /// A document file given where JSON belongs (`validate 自评表.xlsx`, `package summary.docx`):
    /// said as what it is. Its bytes read as "not UTF-8 (可能以 GBK 保存)" at some column of line 1,
    /// which sent the person to re-save a file that was never text.
    func binaryDocumentKind() -> String? {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            return " zip 压缩包（DOCX、XLSX、WPS 等 Office 文件都是这种格式）"
        }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return "旧版 Office 文件（.doc、.xls、.wps、.et）"
        }
        if bytes.starts(with: Array("%PDF-".utf8)) { return " PDF 文件" }
        return nil
    }

    func notUTF8(at offset: Int) -> JSONSyntaxError {
        let (lineNumber, start) = lineAndStart(of: offset)
        // UTF-16 (Notepad's "Unicode") starts with its byte-order mark: say which it is.
        let utf16 = bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))
        return JSONSyntaxError(
            code: .notUTF8,
            message: utf16 ? "文件是 UTF-16 编码（记事本中称为“Unicode”），不是 UTF-8。请用记事本或 WPS 另存为“UTF-8”编码后重试"
                : "文件不是 UTF-8 编码（可能以 GBK/GB18030 保存）。请用记事本或 WPS 另存为“UTF-8”编码后重试",
            location: JSONLocation(line: lineNumber, column: scalarCount(from: start, to: offset) + 1, offset: offset))
    }

    // MARK: Grammar

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09: index += 1
            // LF, CRLF and a lone CR each end a line (`lineAndStart`).
            case 0x0D where index + 1 < bytes.count && bytes[index + 1] == 0x0A:
                index += 1
            case 0x0A, 0x0D:
                index += 1
                line += 1
                lineStart = index
            default: return
            }
        }
    }

    var currentPath: String {
        var path = ""
        for component in pathStack {
            switch component {
            case .key(let key): path = JSONPath.appending(path, key: key)
            case .index(let i): path = JSONPath.appending(path, index: i)
            }
        }
        return path
    }

    mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else { throw error("JSON 意外结束（缺少值或右括号）") }
        valueCount += 1
        if valueCount > maximumValues {
            throw error("JSON 值的个数超过 reportgen 的上限 \(maximumValues) 个（为限制内存；定义文件通常只有数千个值）",
                        code: .jsonTooManyValues)
        }
        guard recordLocations else { return try parseBareValue(record: nil) }
        return try parseBareValue(record: locations.open(location(at: index)))
    }

    /// `record`: the value's location record, when locations are kept.
    mutating func parseBareValue(record: Int?) throws(JSONSyntaxError) -> JSONValue {
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(record: record)
        case UInt8(ascii: "["): return try parseArray(record: record)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw error("JSON 不允许 NaN 或 Infinity，请写成有限的数字", code: .nonFinite)
        case UInt8(ascii: "'"):
            throw error("字符串必须用英文双引号 \" 括起，不能用单引号")
        case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0x9C || bytes[index + 2] == 0x9D):
            throw error("这里用了中文引号“”，JSON 字符串必须用英文双引号 \"")
        default:
            throw error(inputMethodSlip() ?? "这里应是一个 JSON 值（对象、数组、字符串、数字、true、false 或 null）")
        }
    }

    /// A Chinese input method's character where JSON wants its ASCII one (quotes, comma,
    /// colon), said as such: the usual slip of a person typing a definition by hand.
    func inputMethodSlip() -> String? {
        guard index < bytes.count else { return nil }
        func at(_ utf8: [UInt8]) -> Bool { bytes[index...].starts(with: utf8) }
        if bytes[index] == UInt8(ascii: "'") { return "字符串必须用英文双引号 \" 括起，不能用单引号" }
        if at([0xE2, 0x80, 0x9C]) || at([0xE2, 0x80, 0x9D]) { return "这里用了中文引号“”，JSON 字符串必须用英文双引号 \"" }
        if at([0xEF, 0xBC, 0x8C]) { return "这里用了中文逗号“，”，应为英文逗号 ,（切换到英文输入法输入）" }
        if at([0xEF, 0xBC, 0x9A]) { return "这里用了中文冒号“：”，应为英文冒号 :（切换到英文输入法输入）" }
        // A comment, as in JavaScript or a configuration file: JSON has none, and "应是键名"
        // did not say so. The examples' way of writing a note is a key of its own.
        if at([0x2F, 0x2F]) || at([0x2F, 0x2A]) {
            return "JSON 不允许注释（// 或 /* */）：请删去；要写说明，可加一个键 \"_comment\": \"……\"（以 _ 开头的键 reportgen 不读）"
        }
        // Full-width digits, minus and braces from a Chinese input method (EF BC 90–99 is
        // ０–９, EF BC 8D －, EF BD 9B ｛, EF BC BB ［).
        if index + 2 < bytes.count, bytes[index] == 0xEF, bytes[index + 1] == 0xBC, (0x90...0x99).contains(bytes[index + 2]) || bytes[index + 2] == 0x8D {
            return "这里用了全角数字（中文输入法输入的 ０–９ 或 －），应为半角数字（切换到英文输入法输入）"
        }
        if at([0xE3, 0x80, 0x80]) { return "这里有全角空格（中文输入法输入的空格），JSON 中只能用半角空格：请删去或改为半角空格" }
        if at([0xEF, 0xBD, 0x9B]) || at([0xEF, 0xBC, 0xBB]) {
            return "这里用了全角括号“｛”或“［”，应为半角 { 或 [（切换到英文输入法输入）"
        }
        // Characters nobody sees (a zero-width space pasted with a value, a second byte-order
        // mark, a web page's no-break space): the place looked right, and "这里应是一个 JSON 值"
        // named nothing that is there (review 7).
        if bytes[index] >= 0x80,
           let scalar = String(decoding: bytes[index..<min(index + 4, bytes.count)], as: UTF8.self).unicodeScalars.first {
            if let name = UnseenCharacters.names[scalar] {
                return "这里有看不见的字符（\(name)，多半是从网页、微信或 PDF 复制来的），JSON 中不能有它：请删去（把光标移到这里按删除键）"
            }
            if scalar == "\u{00A0}" {
                return "这里有不换行空格（U+00A0，多半是从网页复制来的），JSON 中只能用半角空格：请删去或改为半角空格"
            }
        }
        return nil
    }

    mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > maximumDepth {
            throw error("嵌套层数超过 \(maximumDepth) 层", code: .tooDeep)
        }
    }

    mutating func parseObject(record: Int?) throws(JSONSyntaxError) -> JSONValue {
        try enter()
        index += 1
        var members: [JSONObject.Member] = []
        var seen: Set<String> = []
        var childRecords: [Int32] = []
        defer { if let record { locations.close(record, children: childRecords) } }
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(JSONObject(members))
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error("JSON 意外结束：对象缺少右花括号 }") }
            guard bytes[index] == UInt8(ascii: "\"") else {
                if bytes[index] == UInt8(ascii: "}") { throw error("右花括号 } 前多了一个逗号") }
                if bytes[index] == UInt8(ascii: ",") { throw error("多了一个逗号（两个逗号连在一起）") }
                throw error(inputMethodSlip() ?? "这里应是用英文双引号括起的键名")
            }
            let keyStart = index
            let key = try parseString()
            pathStack.append(.key(key))
            defer { pathStack.removeLast() }
            if !seen.insert(key).inserted {
                duplicateKeys.append((currentPath, location(at: keyStart)))
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error(inputMethodSlip().map { "键名 \"\(key)\" 后：" + $0 } ?? "键名 \"\(key)\" 后缺少冒号 :")
            }
            index += 1
            skipWhitespace()
            if record != nil { childRecords.append(locations.nextRecord) }
            let value = try parseValue()
            members.append((key, value))
            skipWhitespace()
            guard index < bytes.count else { throw error("JSON 意外结束：对象缺少右花括号 }") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; break }
            // The place is the next key, a line below the comma's when the slip is the usual one
            // (a member added or moved without its comma): the message names the key whose value
            // wants it, so that the line above is looked at, not this one.
            if bytes[index] == UInt8(ascii: "\"") {
                throw error(inputMethodSlip() ?? "缺少逗号：键 \"\(key)\" 的值之后要加英文逗号 ,（这里是下一个键）")
            }
            throw error(inputMethodSlip() ?? "缺少逗号或右花括号 }")
        }
        depth -= 1
        return .object(JSONObject(members))
    }

    mutating func parseArray(record: Int?) throws(JSONSyntaxError) -> JSONValue {
        try enter()
        index += 1
        var items: [JSONValue] = []
        var childRecords: [Int32] = []
        defer { if let record { locations.close(record, children: childRecords) } }
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { throw error("右方括号 ] 前多了一个逗号") }
            pathStack.append(.index(items.count))
            if record != nil { childRecords.append(locations.nextRecord) }
            let item = try parseValue()
            pathStack.removeLast()
            items.append(item)
            skipWhitespace()
            guard index < bytes.count else { throw error("JSON 意外结束：数组缺少右方括号 ]") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; break }
            if [UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\"")].contains(bytes[index]) {
                throw error(inputMethodSlip() ?? "缺少逗号：数组的第 \(items.count) 项之后要加英文逗号 ,（这里是下一项）")
            }
            throw error(inputMethodSlip() ?? "缺少逗号或右方括号 ]")
        }
        depth -= 1
        return .array(items)
    }

    mutating func expectWord(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { buffer -> Bool in
            guard index + count <= bytes.count else { return false }
            for k in 0..<count where bytes[index + k] != buffer[k] { return false }
            return true
        }
        guard matches else { throw error("无法识别的值（应为 true、false 或 null，且须小写）") }
        index += count
    }

    mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = index
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        if bytes[index] == UInt8(ascii: "-") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "I") {
                throw error("JSON 不允许 -Infinity，请写成有限的数字", code: .nonFinite, at: start)
            }
        }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("数字格式错误：负号后应为数字", at: start) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw error("数字格式错误：不能以 0 开头（如 012）", at: start) }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("数字格式错误：小数点后应为数字", at: start) }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("数字格式错误：指数部分应为数字", at: start) }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func parseString() throws(JSONSyntaxError) -> String {
        let open = index
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                index += 1
                return text
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw controlCharacter(b) }
            index += 1
        }
        guard index < bytes.count else { throw error("字符串没有结束（缺少右双引号 \"）", at: open) }
        var buffer = Array(bytes[start..<index])
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: buffer, as: UTF8.self)
            }
            if b < 0x20 { throw controlCharacter(b) }
            if b != UInt8(ascii: "\\") {
                buffer.append(b)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): buffer.append(0x22)
            case UInt8(ascii: "\\"): buffer.append(0x5C)
            case UInt8(ascii: "/"): buffer.append(0x2F)
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw error("\\u 转义是不成对的代理项（缺少低位代理）", at: index - 6)
                    }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("\\u 转义的代理项不成对", at: index - 6) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw error("\\u 转义是不成对的低位代理项", at: index - 6)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw error("无效的 \\u 转义", at: index - 6) }
                buffer.append(contentsOf: String(Character(unicode)).utf8)
            default:
                throw error("无效的转义序列 \\\(Character(Unicode.Scalar(escape)))（反斜杠须写成 \\\\）", at: index - 2)
            }
        }
        throw error("字符串没有结束（缺少右双引号 \"）", at: open)
    }

    mutating func controlCharacter(_ byte: UInt8) -> JSONSyntaxError {
        if byte == 0x0A || byte == 0x0D {
            return error("字符串中不能直接换行，请写成 \\n")
        }
        return error("字符串中含有控制字符（U+\(String(byte, radix: 16, uppercase: true))），请写成 \\u 转义或删除")
    }

    mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("\\u 后应有 4 位十六进制数字") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let digit: UInt32
            switch b {
            case 48...57: digit = UInt32(b - 48)
            case 65...70: digit = UInt32(b - 55)
            case 97...102: digit = UInt32(b - 87)
            default: throw error("\\u 后应有 4 位十六进制数字")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}
