import Foundation
import TextFormats
import JSONValue

/// Why a filter could not handle a value; the message is Chinese.
public struct FilterFailure: Error, Sendable {
    public var message: String
    /// The JSON path of the offending data, when the failure knows it (block generators).
    public var path: String?
    public init(_ message: String, path: String? = nil) {
        self.message = message
        self.path = path
    }
}

/// A filter: `{{value | name:arg1:arg2}}`. Arguments are checked once when the template is
/// compiled (`validate`), so a typo in a format is reported by `template check`, not by
/// the hundredth document.
public struct Filter: Sendable {
    /// Returns a Chinese reason when the arguments are unusable, nil when they are fine.
    public var validate: @Sendable ([String]) -> String?
    /// `nil` in and out means "no value" (the data has nothing at the path).
    public var apply: @Sendable (JSONValue?, [String]) throws(FilterFailure) -> JSONValue?

    public init(validate: @escaping @Sendable ([String]) -> String? = { _ in nil },
                apply: @escaping @Sendable (JSONValue?, [String]) throws(FilterFailure) -> JSONValue?) {
        self.validate = validate
        self.apply = apply
    }
}

/// The filters a template may use. Start from `.standard` and `register` more in code.
public struct FilterRegistry: Sendable {
    public private(set) var filters: [String: Filter]

    public init(_ filters: [String: Filter] = [:]) { self.filters = filters }

    public mutating func register(_ name: String, _ filter: Filter) {
        filters[name] = filter
    }

    public subscript(name: String) -> Filter? { filters[name] }

    /// The name of the filter that marks a cell for vertical merging.
    public static let mergeName = "merge"

    public static let standard: FilterRegistry = {
        var r = FilterRegistry()
        r.register("number", Filter(validate: StandardFilters.validatePlaces) { v, args throws(FilterFailure) in
            guard let v, v != .null else { return v }
            let d = try StandardFilters.decimal(v, "number")
            if let places = args.first.flatMap({ Int($0) }) { return .string(DecimalText.fixed(d, places: places, grouping: false)) }
            return .string(DecimalText.plain(d))
        })
        r.register("percent", Filter(validate: StandardFilters.validatePlaces) { v, args throws(FilterFailure) in
            guard let v, v != .null else { return v }
            if case .string(let s) = v, s.hasSuffix("%") { return v }
            let d = try StandardFilters.decimal(v, "percent")
            let places = args.first.flatMap { Int($0) } ?? 2
            return .string(DecimalText.fixed(d * 100, places: places, grouping: false) + "%")
        })
        r.register("money", Filter(validate: { args in
            if args.count > 2 { return "money 最多两个参数" }
            for arg in args where arg != "," {
                guard let places = Int(arg), (0...12).contains(places) else {
                    return "money 的参数应为 0 到 12 的小数位数和可选的 \",\"（千分位），例如 money:2:\",\"，收到的是 “\(arg)”"
                }
            }
            return nil
        }) { v, args throws(FilterFailure) in
            guard let v, v != .null else { return v }
            let d = try StandardFilters.decimal(v, "money")
            let places = args.compactMap { Int($0) }.first ?? 2
            return .string(DecimalText.fixed(d, places: places, grouping: args.contains(",")))
        })
        r.register("date", Filter(validate: { args in
            args.count > 1 ? "date 只接受一个格式参数，例如 date:\"yyyy年M月d日\"" : nil
        }) { v, args throws(FilterFailure) in
            guard let v, v != .null else { return v }
            // The one strict parser: 2021-02-31 is no date.
            guard case .string(let s) = v, let date = CalendarDate(lenient: s) else {
                throw FilterFailure("date 过滤器需要 yyyy-MM-dd 形式的真实日期，收到的是 \(ValueText.describe(v))")
            }
            return .string(date.formatted(args.first ?? "yyyy年M月d日"))
        })
        r.register("default", Filter(validate: { args in
            args.count == 1 ? nil : "default 需要一个参数，例如 default:\"无\""
        }) { v, args throws(FilterFailure) in
            switch v {
            case nil, .null?, .string("")?: return .string(args.first ?? "")
            case .array(let a)? where a.isEmpty: return .string(args.first ?? "")
            default: return v
            }
        })
        r.register("upper", Filter { v, _ throws(FilterFailure) in
            guard let v else { return nil }
            return .string(ValueText.string(v).uppercased())
        })
        r.register("lower", Filter { v, _ throws(FilterFailure) in
            guard let v else { return nil }
            return .string(ValueText.string(v).lowercased())
        })
        r.register("cn", Filter { v, _ throws(FilterFailure) in
            guard let v, v != .null else { return v }
            guard let d = v.decimal, let n = Int(exactly: NSDecimalNumber(decimal: d).int64Value), Decimal(n) == d,
                  let text = ChineseNumerals.text(n) else {
                throw FilterFailure("cn 过滤器需要整数，收到的是 \(ValueText.describe(v))")
            }
            return .string(text)
        })
        r.register("join", Filter { v, args throws(FilterFailure) in
            guard let v else { return nil }
            guard case .array(let items) = v else { return v }
            return .string(items.map(ValueText.string).joined(separator: args.first ?? "、"))
        })
        // Marks the cell; the value is unchanged (see `MergeCell`).
        r.register(mergeName, Filter { v, _ throws(FilterFailure) in v })
        return r
    }()
}

enum StandardFilters {
    static func validatePlaces(_ args: [String]) -> String? {
        if args.count > 1 { return "只接受一个参数：小数位数" }
        if let a = args.first, Int(a).map({ $0 < 0 || $0 > 12 }) ?? true { return "小数位数应为 0 到 12 的整数，收到的是 “\(a)”" }
        return nil
    }

    static func decimal(_ v: JSONValue, _ filter: String) throws(FilterFailure) -> Decimal {
        if let d = v.decimal { return d }
        throw FilterFailure("\(filter) 过滤器需要数值，收到的是 \(ValueText.describe(v))")
    }
}

public enum ChineseNumerals {
    static let digits: [Character] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]

    /// 1 → 一, 10 → 十, 15 → 十五, 105 → 一百零五, 10086 → 一万零八十六.
    public static func text(_ n: Int) -> String? {
        guard n > -1_0000_0000_0000, n < 1_0000_0000_0000 else { return nil }
        if n < 0 { return text(-n).map { "负" + $0 } }
        if n == 0 { return "零" }
        let yi = n / 1_0000_0000, wan = (n / 1_0000) % 1_0000, rest = n % 1_0000
        var out = ""
        var pendingZero = false
        for (group, unit) in [(yi, "亿"), (wan, "万"), (rest, "")] {
            if group == 0 { if !out.isEmpty { pendingZero = true }; continue }
            if !out.isEmpty, pendingZero || group < 1000 { out += "零" }
            out += below10000(group) + unit
            pendingZero = false
        }
        // 一十五 reads 十五 at the start.
        if out.hasPrefix("一十") { out.removeFirst() }
        return out
    }

    private static func below10000(_ n: Int) -> String {
        let units = ["千", "百", "十", ""]
        let values = [n / 1000, (n / 100) % 10, (n / 10) % 10, n % 10]
        var out = ""
        var zero = false
        for (v, u) in zip(values, units) {
            if v == 0 {
                if !out.isEmpty { zero = true }
                continue
            }
            if zero { out += "零"; zero = false }
            out.append(digits[v])
            out += u
        }
        return out
    }
}
