import ErrorCodes
import Foundation
import JSONValue
/// The delimiters around tags; `{{` `}}` by default, `{` `}` for docxtemplater users.
public struct Delimiters: Sendable, Equatable, Hashable {
    public var open: String
    public var close: String
    public init(open: String, close: String) {
        self.open = open
        self.close = close
    }
    public static let standard = Delimiters(open: "{{", close: "}}")

    /// Parses the command-line form: `"{ }"`, `"[[ ]]"`.
    public init(parsing text: String) throws(TemplateError) {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw TemplateError(.delimiters, "定界符应写成以空格分开的开、闭两部分，例如 \"{ }\" 或 \"[[ ]]\"，收到的是 “\(text)”")
        }
        self.init(open: parts[0], close: parts[1])
    }
}

/// What a tag does.
public enum TagKind: String, Sendable, Codable {
    case value        // {{a.b | filter}}
    case section      // {{#a}}
    case inverted     // {{^a}}
    case close        // {{/a}} or {{/}}
    case block        // {{> name}}
    case image        // {{%path | size:4cm}}
}

/// A filter application as written: `date:"yyyy年M月d日"`.
public struct FilterCall: Sendable, Equatable, Hashable, Codable {
    public var name: String
    public var arguments: [String]
    public init(name: String, arguments: [String] = []) {
        self.name = name
        self.arguments = arguments
    }
}

/// A data path: `p.indicators`, `.`, `@index`, `items.0.name`, `items[0].name`.
struct DataPath: Sendable, Equatable, Hashable {
    /// `a[0].b` as `a.0.b`, the form paths are split in. Most paths hold no bracket and are
    /// returned as they are: Foundation's `replacingOccurrences`, called twice for every tag,
    /// was a sixth of `template check` on a long template (staff review 11).
    static func dotted(_ path: Substring) -> String {
        guard path.utf8.contains(where: { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") }) else { return String(path) }
        var out = ""
        for c in path where c != "]" { out.append(c == "[" ? "." : c) }
        return out
    }

    enum Component: Sendable, Equatable, Hashable {
        case key(String, index: Int?)
    }
    enum Special: Sendable, Equatable, Hashable {
        case none, current, index, number, first, last
    }
    var text: String
    var special: Special
    var components: [Component]
    /// A path starting with `.` (`.name`) looks in the current item only.
    var relativeToCurrent: Bool
}

struct ParsedTag: Sendable {
    var kind: TagKind
    /// The path as written (trimmed); for blocks, the generator name and argument.
    var pathText: String
    var path: DataPath?
    var filters: [FilterCall]
    /// `{{#等次 == "优"}}`: the section shows when the comparison holds.
    var comparison: Comparison? = nil
}

/// A section's condition: the value at the path compared with a written string or number.
struct Comparison: Sendable, Equatable, Hashable {
    var equal: Bool
    var literal: String
    /// Written without quotes: compared as a number when the value is one.
    var numeric: Bool

    func holds(_ value: JSONValue?) -> Bool {
        guard let value, value != .null else { return !equal }
        var same: Bool
        if numeric, let number = value.decimal, let expected = Decimal(string: literal, locale: Locale(identifier: "en_US_POSIX")) {
            same = number == expected
        } else {
            same = ValueText.string(value) == literal
        }
        return same == equal
    }

    /// Splits `path == "优"` / `path != 3` at the operator outside quotes; nil when there is none.
    static func split(_ body: Substring) -> Result<(Substring, Comparison), TemplateSyntaxProblem>? {
        var quote: Character?
        var i = body.startIndex
        while i < body.endIndex {
            let c = body[i]
            if let q = quote {
                if TagSyntax.closes(q, c) { quote = nil }
            } else if TagSyntax.openingQuotes.contains(c) {
                quote = c
            } else if (c == "=" || c == "!"), body.index(after: i) < body.endIndex, body[body.index(after: i)] == "=" {
                let left = TagSyntax.trim(body[..<i])
                let right = TagSyntax.trim(body[body.index(i, offsetBy: 2)...])
                let quoted = right.first.map(TagSyntax.openingQuotes.contains) ?? false
                guard !right.isEmpty else {
                    return .failure(.init(code: .malformedTag, message: "比较缺少右边的值，例如 {{#等次 == \"优\"}}"))
                }
                if !quoted, Decimal(string: String(right), locale: Locale(identifier: "en_US_POSIX")) == nil || !JSONValue.isPlainDecimal(String(right)) {
                    return .failure(.init(code: .malformedTag, message: "比较的文字要加引号，例如 {{#等次 == \"优\"}}；数字可不加引号，例如 {{#分值 == 10}}"))
                }
                return .success((left, Comparison(equal: c == "=", literal: TagSyntax.unquote(right), numeric: !quoted)))
            }
            i = body.index(after: i)
        }
        return nil
    }
}

enum TagSyntax {
    /// Whitespace Word users produce around tag contents, including the ideographic space.
    static func isSpace(_ c: Character) -> Bool {
        c == " " || c == "\t" || c == "\u{00A0}" || c == "\u{3000}" || c == "\u{2002}" || c == "\u{2003}"
    }

    static func trim(_ s: Substring) -> Substring {
        var start = s.startIndex, end = s.endIndex
        while start < end, isSpace(s[start]) { start = s.index(after: start) }
        while end > start, isSpace(s[s.index(before: end)]) { end = s.index(before: end) }
        return s[start..<end]
    }

    static let openingQuotes: Set<Character> = ["\"", "\u{201C}", "\u{201D}", "\u{201E}", "'", "\u{2018}", "\u{2019}"]
    static func closes(_ open: Character, _ c: Character) -> Bool {
        switch open {
        case "\"", "\u{201C}", "\u{201D}", "\u{201E}": return c == "\"" || c == "\u{201C}" || c == "\u{201D}"
        default: return c == "'" || c == "\u{2018}" || c == "\u{2019}"
        }
    }

    /// Splits at `separator` characters that are outside quotes (straight or curly).
    static func split(_ s: Substring, separators: Set<Character>) -> [Substring]? {
        var parts: [Substring] = []
        var quote: Character?
        var start = s.startIndex
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if let q = quote {
                if closes(q, c) { quote = nil }
            } else if openingQuotes.contains(c) {
                quote = c
            } else if separators.contains(c) {
                parts.append(s[start..<i])
                start = s.index(after: i)
            }
            i = s.index(after: i)
        }
        if quote != nil { return nil }
        parts.append(s[start..<s.endIndex])
        return parts
    }

    static func unquote(_ s: Substring) -> String {
        let t = trim(s)
        if t.count >= 2, let first = t.first, let last = t.last, openingQuotes.contains(first), closes(first, last) {
            return String(t.dropFirst().dropLast())
        }
        return String(t)
    }

    static let forbiddenPathCharacters: Set<Character> = ["{", "}", "\"", "'", "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}", "<", ">", "|", ":", ",", "#", "^", "/", "(", ")", "=", "+", "*"]

    static func parsePath(_ text: Substring) -> DataPath? {
        let text = String(text)
        switch text {
        case ".": return DataPath(text: text, special: .current, components: [], relativeToCurrent: true)
        case "@index": return DataPath(text: text, special: .index, components: [], relativeToCurrent: true)
        case "@number": return DataPath(text: text, special: .number, components: [], relativeToCurrent: true)
        case "@first": return DataPath(text: text, special: .first, components: [], relativeToCurrent: true)
        case "@last": return DataPath(text: text, special: .last, components: [], relativeToCurrent: true)
        default: break
        }
        var body = Substring(text)
        var relative = false
        if body.hasPrefix(".") { relative = true; body = body.dropFirst() }
        // `a[0].b` is written as `a.0.b` internally.
        let normalized = DataPath.dotted(body)
        var components: [DataPath.Component] = []
        for piece in normalized.split(separator: ".", omittingEmptySubsequences: false) {
            guard !piece.isEmpty, !piece.contains(where: { isSpace($0) || forbiddenPathCharacters.contains($0) || $0 == "@" }) else { return nil }
            components.append(.key(String(piece), index: Int(piece)))
        }
        guard !components.isEmpty else { return nil }
        return DataPath(text: text, special: .none, components: components, relativeToCurrent: relative)
    }

    /// Parses the text between the delimiters. Returns a Chinese reason on failure.
    static func parse(_ inner: String) -> Result<ParsedTag, TemplateSyntaxProblem> {
        var body = trim(Substring(inner))
        guard !body.isEmpty else { return .failure(.init(code: .malformedTag, message: "空标签")) }
        var kind = TagKind.value
        switch body.first {
        case "#": kind = .section
        case "^": kind = .inverted
        case "/": kind = .close
        case ">": kind = .block
        case "%": kind = .image
        default: break
        }
        if kind != .value { body = trim(body.dropFirst()) }
        var comparison: Comparison?
        if kind == .section || kind == .inverted, let split = Comparison.split(body) {
            switch split {
            case .failure(let problem): return .failure(problem)
            case .success(let (left, condition)):
                body = left
                comparison = condition
            }
        }
        guard let pieces = split(body, separators: ["|"]) else {
            return .failure(.init(code: .malformedTag, message: "引号没有配对"))
        }
        let pathText = trim(pieces[0])
        var filters: [FilterCall] = []
        for piece in pieces.dropFirst() {
            guard let parts = split(trim(piece), separators: [":", ","]) else {
                return .failure(.init(code: .malformedTag, message: "引号没有配对"))
            }
            let name = trim(parts[0])
            guard !name.isEmpty, !name.contains(where: { isSpace($0) || openingQuotes.contains($0) }) else {
                return .failure(.init(code: .malformedTag, message: "“|” 后应是过滤器名称"))
            }
            filters.append(FilterCall(name: String(name), arguments: parts.dropFirst().map { unquote($0) }))
        }
        switch kind {
        case .close:
            if pathText.isEmpty { return .success(ParsedTag(kind: .close, pathText: "", path: nil, filters: [])) }
            guard filters.isEmpty else { return .failure(.init(code: .malformedTag, message: "结束标签不能带过滤器")) }
        case .block:
            guard !pathText.isEmpty, !pathText.contains(where: isSpace) else {
                return .failure(.init(code: .malformedTag, message: "块标签应写成 {{> 名称}} 或 {{> 名称:参数}}"))
            }
            return .success(ParsedTag(kind: .block, pathText: String(pathText), path: nil, filters: filters))
        default:
            break
        }
        guard !pathText.isEmpty else { return .failure(.init(code: .malformedTag, message: "标签缺少数据路径")) }
        guard let path = parsePath(pathText) else {
            return .failure(.init(code: .malformedTag, message: "数据路径 “\(pathText)” 不合法（路径由以 . 分隔的名称组成，不含空格和标点）"))
        }
        if kind == .section || kind == .inverted, !filters.isEmpty {
            return .failure(.init(code: .malformedTag, message: "区段标签不能带过滤器"))
        }
        return .success(ParsedTag(kind: kind, pathText: String(pathText), path: path, filters: filters, comparison: comparison))
    }
}

struct TemplateSyntaxProblem: Error {
    var code: ErrorCode
    var message: String
}
