import Foundation

/// A measurement unit of an indicator value, reduced to a base unit with a factor
/// (`万元` = 10000 × `元`, `万元/人` = 10000 × `元/人`).
public struct MeasureUnit: Sendable, Hashable, CustomStringConvertible {
    /// As written (`万元/人`); empty for a bare number.
    public var text: String
    /// The unit values are converted to (`元/人`); empty for a bare number.
    public var base: String
    public var factor: Decimal

    public static let none = MeasureUnit(text: "", base: "", factor: 1)
    public var isNone: Bool { base.isEmpty }
    public var description: String { text.isEmpty ? "（无单位）" : text }

    /// Units a target or actual may carry: counts, money, percent, time.
    static let simple: [String: (base: String, factor: Decimal)] = {
        var table: [String: (String, Decimal)] = [
            "%": ("%", 1), "元": ("元", 1), "万元": ("元", 10000), "亿元": ("元", 100_000_000), "千元": ("元", 1000),
            "万人": ("人", 10000), "万人次": ("人次", 10000), "万份": ("份", 10000), "万条": ("条", 10000), "万次": ("次", 10000),
            "分钟": ("分钟", 1), "小时": ("分钟", 60), "秒": ("秒", 1),
            "天": ("天", 1), "日": ("天", 1), "个工作日": ("工作日", 1), "工作日": ("工作日", 1),
            "个月": ("月", 1), "月": ("月", 1), "年": ("年", 1), "周": ("周", 1),
            "分": ("分", 1), "平方米": ("平方米", 1), "公里": ("公里", 1), "千米": ("公里", 1), "米": ("米", 1),
        ]
        let counts = ["人", "人次", "次", "个", "篇", "件", "条", "份", "家", "户", "名", "项", "台", "套", "期", "批",
                      "场", "所", "辆", "张", "册", "本", "部", "间", "座", "处", "支", "块", "类", "种", "床", "例",
                      "组", "轮", "场次", "课时", "学时", "期次", "户次", "家次", "个数", "单位", "笔", "页", "卷", "起"]
        for count in counts {
            table[count] = (count, 1)
        }
        // 万 before a count or a length/area is ×10000 (`52万页`, `1.2万册`, `3万平方米`), as `万人` always was.
        for base in counts + ["平方米", "公里", "米"] where table["万" + base] == nil {
            table["万" + base] = (base, 10000)
        }
        return table
    }()

    /// Parses `人`, `万元`, `元/人`, `元/人·年`; nil when not a unit this program knows.
    static func parse(_ text: String) -> MeasureUnit? {
        if text.isEmpty { return MeasureUnit.none }
        if let known = simple[text] { return MeasureUnit(text: text, base: known.base, factor: known.factor) }
        if let slash = text.firstIndex(of: "/") {
            let head = String(text[..<slash])
            let tail = String(text[text.index(after: slash)...])
            guard let known = simple[head], !tail.isEmpty, tail.count <= 6,
                  !tail.contains(where: { isDigit($0) || $0 == "/" }) else { return nil }
            return MeasureUnit(text: text, base: known.base + "/" + tail, factor: known.factor)
        }
        return nil
    }
}

/// The comparison written in a target: `≥95%`, `≤12万元`, `2次以上`.
public enum Comparison: String, Sendable, Codable {
    case atLeast = "≥", atMost = "≤", greater = ">", less = "<", equal = "="

    public var direction: Direction {
        switch self {
        case .atLeast, .greater, .equal: return .higher
        case .atMost, .less: return .lower
        }
    }
}

/// What a target or actual text says, as far as the completion rate is concerned.
public enum IndicatorValue: Sendable, Equatable {
    /// A number with a unit, optionally a comparison; `upper` is set for ranges like `55%-85%`.
    case quantity(comparison: Comparison?, value: Decimal, upper: Decimal?, unit: MeasureUnit)
    /// A number followed by something that looks like a unit this program does not know.
    case unknownUnit(String)
    /// Text: `全员覆盖`, `已完成`, `2021年12月25日以前`.
    case qualitative
    /// A number of more digits than are computed exactly (`≥99999999999999999999999人`), as
    /// written: a slip to be named as such, not a qualitative text (it was called 定性指标).
    case tooManyDigits(String)

    public var isQuantitative: Bool { if case .quantity = self { return true } else { return false } }

    /// Reads a target or actual as the forms write it.
    public static func parse(_ raw: String) -> IndicatorValue {
        var text = normalize(raw)
        guard !text.isEmpty else { return .qualitative }
        var comparison: Comparison?
        for (prefix, op) in prefixes where text.hasPrefix(prefix) {
            comparison = op
            text.removeFirst(prefix.count)
            text = text.trimmingCharacters(in: .whitespaces)
            break
        }
        for (suffix, op) in suffixes where text.hasSuffix(suffix) && text.count > suffix.count {
            if comparison == nil { comparison = op }
            text.removeLast(suffix.count)
            text = text.trimmingCharacters(in: .whitespaces)
            break
        }
        if let long = overlong(text[...]) { return .tooManyDigits(long) }
        guard let (first, afterFirst) = number(text[...]) else { return .qualitative }
        var rest = afterFirst
        // A range: `55%-85%`, `55-85%`, `55%～85%`, `55%至85%`.
        for separator in ["-", "～", "~", "至", "—", "－"] {
            guard let sepRange = rest.range(of: separator) else { continue }
            let firstUnit = String(rest[..<sepRange.lowerBound]).trimmingCharacters(in: .whitespaces)
            let afterSep = rest[sepRange.upperBound...]
            if let long = overlong(afterSep) { return .tooManyDigits(long) }
            guard let (second, tail) = number(afterSep) else { continue }
            let secondUnit = String(tail).trimmingCharacters(in: .whitespaces)
            guard comparison == nil,
                  let u2 = MeasureUnit.parse(secondUnit),
                  let u1 = firstUnit.isEmpty ? u2 : MeasureUnit.parse(firstUnit),
                  u1.base == u2.base
            else { return secondUnit.contains(where: isDigit) ? .qualitative : .unknownUnit(raw) }
            let low = first * u1.factor / u2.factor
            guard low <= second else { return .qualitative }
            return .quantity(comparison: nil, value: low, upper: second, unit: u2)
        }
        rest = rest.drop(while: { $0 == " " })
        let unitText = String(rest)
        if let unit = MeasureUnit.parse(unitText) {
            return .quantity(comparison: comparison, value: first, upper: nil, unit: unit)
        }
        // `2021年12月25日以前`, `3个工作日内完成`: a date or a phrase, not a number with a unit.
        if unitText.contains(where: isDigit) || unitText.count > 6 { return .qualitative }
        return .unknownUnit(unitText)
    }

    private static let prefixes: [(String, Comparison)] = [
        ("≥", .atLeast), (">=", .atLeast), ("≧", .atLeast), ("大于等于", .atLeast), ("大于或等于", .atLeast),
        ("不低于", .atLeast), ("不少于", .atLeast), ("不小于", .atLeast), ("至少", .atLeast),
        ("≤", .atMost), ("<=", .atMost), ("≦", .atMost), ("小于等于", .atMost), ("小于或等于", .atMost),
        ("不高于", .atMost), ("不超过", .atMost), ("不多于", .atMost), ("不大于", .atMost), ("最多", .atMost),
        (">", .greater), ("大于", .greater), ("高于", .greater), ("超过", .greater), ("多于", .greater),
        ("<", .less), ("小于", .less), ("低于", .less), ("少于", .less),
        ("=", .equal), ("等于", .equal), ("达到", .equal),
    ]

    private static let suffixes: [(String, Comparison)] = [
        ("及以上", .atLeast), ("以上", .atLeast), ("及以下", .atMost), ("以下", .atMost), ("以内", .atMost), ("内", .atMost),
    ]

    /// Full-width digits, signs and percent to ASCII; thousands separators between digits removed.
    static func normalize(_ raw: String) -> String {
        var out = ""
        for c in raw.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars {
            switch c.value {
            case 0xFF10...0xFF19: out.unicodeScalars.append(UnicodeScalar(c.value - 0xFF10 + 0x30) ?? c)
            case 0xFF05: out += "%"
            case 0xFF0E: out += "."
            case 0xFF1E: out += ">"
            case 0xFF1C: out += "<"
            case 0xFF1D: out += "="
            default: out.unicodeScalars.append(c)
            }
        }
        // "1,000" → "1000"; a comma not between digits is left for the qualitative text.
        var chars = Array(out)
        var i = 1
        while i + 1 < chars.count {
            if (chars[i] == "," || chars[i] == "，") && isDigit(chars[i - 1])
                && isDigit(chars[i + 1]) {
                chars.remove(at: i)
            } else {
                i += 1
            }
        }
        return String(chars)
    }

    /// The most digits a number of a target or actual may have: more are not computed exactly.
    public static let maximumDigits = 20

    /// The leading number's literal, its digit count (`12.5`, 3) and what follows it; an empty
    /// literal when `text` does not start with a digit or a dot.
    private static func leadingLiteral(_ text: Substring) -> (literal: Substring, digits: Int, rest: Substring) {
        let trimmed = text.drop(while: { $0 == " " })
        var end = trimmed.startIndex
        var seenDot = false
        var digits = 0
        while end < trimmed.endIndex {
            let c = trimmed[end]
            if isDigit(c) { digits += 1 } else if c == ".", !seenDot { seenDot = true } else { break }
            end = trimmed.index(after: end)
        }
        return (trimmed[..<end], digits, trimmed[end...])
    }

    /// The leading number when it has more than `maximumDigits` digits.
    private static func overlong(_ text: Substring) -> String? {
        let leading = leadingLiteral(text)
        return leading.digits > maximumDigits ? String(leading.literal) : nil
    }

    /// A leading ASCII decimal number (`12`, `12.5`) and what follows it.
    private static func number(_ text: Substring) -> (Decimal, Substring)? {
        let (literalText, digits, rest) = leadingLiteral(text)
        guard digits > 0, digits <= maximumDigits else { return nil }
        let literal = String(literalText)
        guard !literal.hasSuffix("."), let value = Decimal(string: literal, locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        return (value, rest)
    }
}

/// An ASCII digit (full-width ones are already folded): `Character.isNumber` is also true of
/// 万、千、亿、一、二…, which made `52万页` a qualitative text instead of a number with a unit
/// (and `例/万人` an unknown unit).
private func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
