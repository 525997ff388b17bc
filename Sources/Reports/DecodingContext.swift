import ErrorCodes
import TextFormats
import Foundation
import JSONValue

/// Paths in the spelling of `JSONDocument.locations` (the shared `JSONPath`), so every
/// problem gets the line and column the parser recorded.
enum PathSupport {
    static func member(_ base: String, _ key: String) -> String { JSONPath.appending(base, key: key) }
    static func element(_ base: String, _ index: Int) -> String { JSONPath.appending(base, index: index) }

    /// The parent of a path: `a.b[2].c` → `a.b[2]` → `a.b` → `a` → ``.
    static func parent(_ path: String) -> String? {
        guard !path.isEmpty else { return nil }
        if path.hasSuffix("]"), let open = lastBracketOpen(path) { return String(path[..<open]) }
        if let dot = path.lastIndex(of: ".") { return String(path[..<dot]) }
        return ""
    }

    private static func lastBracketOpen(_ path: String) -> String.Index? {
        // A quoted key may itself contain brackets; scan from the end honouring quotes.
        var index = path.endIndex
        var inQuotes = false
        while index > path.startIndex {
            index = path.index(before: index)
            let c = path[index]
            if c == "\"" {
                var backslashes = 0
                var probe = index
                while probe > path.startIndex {
                    probe = path.index(before: probe)
                    if path[probe] == "\\" { backslashes += 1 } else { break }
                }
                if backslashes % 2 == 0 { inQuotes.toggle() }
            } else if c == "[" && !inQuotes {
                return index
            }
        }
        return nil
    }
}

/// One file being decoded: its name, its parsed locations, and every problem found so far.
final class DecodingContext {
    let file: String
    let locations: JSONLocations
    /// Prefixed to every path: `projects[2]` when a project sits inline in a package.
    private(set) var problems: [DefinitionProblem] = []
    /// Errors among `problems`, kept as they are added: counting them afresh around every project
    /// made a package of 10 000 faulty inline projects take minutes (problems × projects).
    private(set) var errorCount = 0

    init(file: String, locations: JSONLocations) {
        self.file = file
        self.locations = locations
    }

    func report(_ code: ErrorCode, _ path: String, _ message: String) {
        var probe: String? = path
        var location: JSONLocation?
        while let p = probe, location == nil {
            location = locations[p]
            probe = PathSupport.parent(p)
        }
        append(DefinitionProblem(code: code, message: message,
                                 file: file, path: path, line: location?.line, column: location?.column))
    }

    /// A problem whose message is `finding` followed by `remedy` in the definition's words.
    func report(_ code: ErrorCode, _ path: String, _ finding: String, remedy: Remedy) {
        report(code, path, finding + remedy.inDefinition)
        problems[problems.count - 1].remedy = remedy
    }

    func append(_ problem: DefinitionProblem) {
        problems.append(problem)
        if problem.isError { errorCount += 1 }
    }

    var hasErrors: Bool { problems.contains(where: \.isError) }
}

/// A value together with its path in the file.
struct Node {
    let value: JSONValue
    let path: String
    let context: DecodingContext

    /// `note`: what the error keeps from being read or checked.
    func typeError(_ expected: String, note: String = "") {
        context.report(.wrongType, path, "应为\(expected)，实际为\(value == .null ? " null" : value.typeName)\(sample)"
                       + (note.isEmpty ? "" : "；" + note) + "。")
    }

    private var sample: String {
        switch value {
        case .string(let s): return "「\(s.prefix(30))」"
        case .number(let n): return " \(n)"
        case .bool(let b): return b ? " true" : " false"
        default: return ""
        }
    }

    func object() -> ObjectReader? {
        guard case .object(let members) = value else { typeError("对象"); return nil }
        return ObjectReader(node: self, members: members)
    }

    func array() -> [Node]? {
        guard case .array(let items) = value else { typeError("数组"); return nil }
        return items.enumerated().map { Node(value: $1, path: PathSupport.element(path, $0), context: context) }
    }

    func string(nonEmpty: Bool = false) -> String? {
        guard case .string(let text) = value else { typeError("字符串"); return nil }
        if nonEmpty && text.unicodeScalars.allSatisfy(CharacterSet.whitespacesAndNewlines.contains) {
            context.report(.emptyText, path, "不能为空。")
            return nil
        }
        return text
    }

    /// Verbatim text of a string, or a number's literal (staff type `2249` as often as `"2249"`).
    func text() -> String? {
        switch value {
        case .string(let s): return s
        case .number(let n): return n
        default: typeError("字符串"); return nil
        }
    }

    func bool() -> Bool? {
        guard case .bool(let b) = value else { typeError("布尔值（true 或 false）"); return nil }
        return b
    }

    func int(in range: ClosedRange<Int>? = nil) -> Int? {
        guard case .number(let literal) = value else { typeError("整数"); return nil }
        guard let n = Int(literal) else {
            context.report(.badNumber, path, "应为整数，实际为 \(literal)。")
            return nil
        }
        if let range, !range.contains(n) {
            context.report(.badValue, path, "\(n) 超出允许范围 \(range.lowerBound)–\(range.upperBound)。")
            return nil
        }
        return n
    }

    /// A JSON number or a decimal string; `nonNegative` for money, scores and weights.
    /// A value quoted in a message, cut after `limit` characters with a mark saying so (a cut
    /// without one misquoted what the user wrote: 50 digits shown as 40).
    static func shortened(_ text: String, _ limit: Int) -> String {
        text.count > limit ? "\(text.prefix(limit))…（共 \(text.count) 个字符）" : text
    }

    /// A value quoted in a message as `shortened`, its invisible characters shown by name
    /// (`UnseenCharacters.marked`): quoted as they are, 「5」 looked right.
    static func quoted(_ text: String, _ limit: Int) -> String {
        UnseenCharacters.marked(shortened(text, limit))
    }

    func number(nonNegative: Bool = false, money: Bool = false) -> FormNumber? {
        let literal: String
        switch value {
        case .number(let n): literal = n
        case .string(let s):
            literal = s
            guard FormNumber.isDecimalLiteral(s) else {
                context.report(.badNumber, path, "「\(Self.quoted(s, 30))」不是数字；" + (UnseenCharacters.note(s)
                    ?? Self.numberRemedy(s, money: money)
                    ?? "请写成数字或数字字符串，例如 37.14 或 \"37.14\"（不带单位和千位分隔符）。"))
                return nil
            }
        default:
            typeError("数字或数字字符串")
            return nil
        }
        guard let number = FormNumber(literal: literal) else {
            context.report(.badNumber, path, "数值 \(Self.shortened(literal, 40)) " + FormNumber.refusal(literal))
            return nil
        }
        if nonNegative && number.value < 0 {
            context.report(money ? .negativeMoney : .badValue, path,
                           money ? "金额不能为负数（\(literal)）。" : "不能为负数（\(literal)）。")
            return nil
        }
        return number
    }

    /// What to type instead of a number written with a unit or thousands separators, as a
    /// clerk copies it from a printed report (「5万元」, 「12.5分」, 「1,000」); nil when the
    /// text holds no number to name.
    static func numberRemedy(_ text: String, money: Bool) -> String? {
        var t = text.trimmingCharacters(in: .whitespaces)
        var unit = ""
        for suffix in ["万元", "元", "分", "%"] where t.hasSuffix(suffix) {
            unit = suffix
            t.removeLast(suffix.count)
            break
        }
        var grouped = false
        if t.contains(",") {
            let whole = t.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
            guard groups.count > 1, groups.first.map({ (1...3).contains($0.count) }) == true,
                  groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
            t = t.replacingOccurrences(of: ",", with: "")
            grouped = true
        }
        guard (!unit.isEmpty || grouped), FormNumber.isDecimalLiteral(t) else { return nil }
        var parts: [String] = []
        if !unit.isEmpty { parts.append("不要带单位「\(unit)」") }
        if grouped { parts.append("不要千位分隔符") }
        var sentence = "请写成数字或数字字符串，" + parts.joined(separator: "、") + "（改正后是「\(t)」）"
        if money && unit == "元" {
            sentence += "；金额缺省以万元计，以元记的金额在该资金条目加 \"unit\": \"元\""
        } else if money && unit == "万元" {
            sentence += "；金额缺省以万元计"
        }
        return sentence + "。"
    }

    func date() -> String? {
        guard let text = string() else { return nil }
        guard FormDate(text) != nil else {
            // 2022年6月27日 and 2021-1-1 are real days written another way: say which.
            let meant = CalendarDate(lenient: text).map { "（改正后是「\($0.formatted("yyyy-MM-dd"))」）" } ?? "，例如 2022-06-27"
            context.report(.badDate, path, "「\(Self.quoted(text, 30))」不是有效日期；" + (UnseenCharacters.note(text)
                ?? "请写成 yyyy-mm-dd\(meant)。"))
            return nil
        }
        return text
    }

    func oneOf<T>(_ choices: [(String, T)], what: String) -> T? {
        guard let text = string() else { return nil }
        if let match = choices.first(where: { $0.0 == text }) { return match.1 }
        let names = choices.map(\.0)
        var message = "「\(Self.quoted(text, 30))」不是有效的\(what)；可选值：\(names.joined(separator: "、"))。"
        if let note = UnseenCharacters.note(text) { message += note }
        if let guess = Suggestion.closest(to: text, in: names) { message += "是否应为「\(guess)」？" }
        context.report(.badValue, path, message)
        return nil
    }
}

/// Reads an object's members by name and reports, at the end, every key nobody asked for.
final class ObjectReader {
    let node: Node
    let members: JSONObject
    private var known: [String] = []

    init(node: Node, members: JSONObject) {
        self.node = node
        self.members = members
    }

    var context: DecodingContext { node.context }
    var path: String { node.path }

    func has(_ key: String) -> Bool { members[key] != nil }

    func optional(_ key: String) -> Node? {
        known.append(key)
        guard let value = members[key] else { return nil }
        return Node(value: value, path: PathSupport.member(node.path, key), context: context)
    }

    func required(_ key: String, _ what: String) -> Node? {
        if let found = optional(key) { return found }
        context.report(.missingField, PathSupport.member(node.path, key), "缺少必填字段「\(key)」（\(what)）。")
        return nil
    }

    /// Reports every member not read, except comments (`_…`) and `$schema`.
    func finish() {
        for (key, _) in members.members where !known.contains(key) {
            if key.hasPrefix("_") || key == "$schema" { continue }
            var message = "未知字段「\(key)」。"
            if let guess = Suggestion.closest(to: key, in: known) {
                message += "是否应为「\(guess)」？"
            } else {
                message += "允许的字段：\(known.joined(separator: "、"))；注释请用以 _ 开头的字段名。"
            }
            context.report(.unknownKey, PathSupport.member(node.path, key), message)
        }
    }
}

/// "Did you mean": the closest candidate by edit distance (TextFormats' one implementation).
enum Suggestion {
    static func closest(to word: String, in candidates: [String]) -> String? {
        EditDistance.closest(to: word, in: candidates)
    }
}
