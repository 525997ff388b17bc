import ErrorCodes
import Foundation

/// A JSON value as written. Numbers keep their literal so that money written as `37.10`
/// is never routed through `Double`.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// Object members in document order. Duplicate keys are kept (the first wins on lookup) so
/// that a validator can report them; `JSONDocument.duplicateKeys` lists them.
public struct JSONObject: Sendable, Equatable, Sequence {
    public typealias Member = (key: String, value: JSONValue)
    public var members: [Member]

    public init(_ members: [Member] = []) {
        self.members = members
    }

    public subscript(key: String) -> JSONValue? {
        for member in members where member.key == key { return member.value }
        return nil
    }

    public var keys: [String] { members.map(\.key) }
    public var isEmpty: Bool { members.isEmpty }
    public var count: Int { members.count }

    public func makeIterator() -> IndexingIterator<[Member]> { members.makeIterator() }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension JSONValue {
    /// The exact decimal value of a number, or of a string holding a plain decimal
    /// (`"37.14"`, `"-5"`): the contract lets staff write money either way.
    public var decimal: Decimal? {
        switch self {
        case .number(let literal): return Decimal(string: literal, locale: JSONValue.posix)
        case .string(let text):
            guard JSONValue.isPlainDecimal(text) else { return nil }
            return Decimal(string: text, locale: JSONValue.posix)
        default: return nil
        }
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    public var isNull: Bool { self == .null }

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// A short Chinese name of the value's type, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "布尔值"
        case .number: return "数字"
        case .string: return "字符串"
        case .array: return "数组"
        case .object: return "对象"
        }
    }

    static let posix = Locale(identifier: "en_US_POSIX")

    /// `-?digits(.digits)?` with no spaces, signs elsewhere, or exponents.
    public static func isPlainDecimal(_ text: String) -> Bool {
        var utf8 = Substring(text).utf8[...]
        if utf8.first == UInt8(ascii: "-") { utf8 = utf8.dropFirst() }
        guard let first = utf8.first, (48...57).contains(first) else { return false }
        var seenDot = false
        var lastWasDigit = false
        for byte in utf8 {
            if (48...57).contains(byte) { lastWasDigit = true; continue }
            if byte == UInt8(ascii: "."), !seenDot { seenDot = true; lastWasDigit = false; continue }
            return false
        }
        return lastWasDigit
    }
}

/// 1-based line and column (the column counts Unicode scalars), and the byte offset.
public struct JSONLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public var description: String { "第 \(line) 行第 \(column) 列" }
}

public struct JSONDocument: Sendable {
    public var root: JSONValue
    /// Where every value stands, looked up by path (`projects[2].indicators[0].weight`); only
    /// filled when parsed with `recordLocations: true`.
    public var locations: JSONLocations
    /// Keys written twice in one object: the path of the second occurrence and where it is.
    public var duplicateKeys: [(path: String, location: JSONLocation)]

    public init(root: JSONValue, locations: JSONLocations = JSONLocations(), duplicateKeys: [(path: String, location: JSONLocation)] = []) {
        self.root = root
        self.locations = locations
        self.duplicateKeys = duplicateKeys
    }
}

/// A file that is not JSON; `place` names the line and column (and the byte, for bad UTF-8).
public struct JSONSyntaxError: CodedError, Equatable {
    public var code: ErrorCode
    /// Chinese, without the position: `缺少逗号或右花括号`.
    public var message: String
    public var location: JSONLocation

    public init(code: ErrorCode, message: String, location: JSONLocation) {
        self.code = code
        self.message = message
        self.location = location
    }

    public var place: ErrorPlace {
        ErrorPlace(words: code == .notUTF8 ? "\(location)（第 \(location.offset) 字节）" : location.description)
    }
}

/// How paths are written in locations and messages: `projects[2].indicators[0].weight`.
public enum JSONPath {
    public static func appending(_ path: String, key: String) -> String {
        if isSimpleKey(key) { return path.isEmpty ? key : path + "." + key }
        var escaped = key.replacingOccurrences(of: "\\", with: "\\\\")
        escaped = escaped.replacingOccurrences(of: "\"", with: "\\\"")
        return path + "[\"" + escaped + "\"]"
    }

    public static func appending(_ path: String, index: Int) -> String {
        path + "[" + String(index) + "]"
    }

    static func isSimpleKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first else { return false }
        if ("0"..."9").contains(first) { return false }
        return key.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", "$", "-": return true
            default: return scalar.properties.isIdeographic
            }
        }
    }
}
