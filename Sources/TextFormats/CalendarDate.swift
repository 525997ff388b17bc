import Foundation

/// The one date parser of the project: `yyyy-mm-dd`, a real calendar day (2021-02-29 and
/// 2021-02-31 are refused), as definitions write 填报日期 and periods and as the `date`
/// filter reads them.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable {
    public var year: Int
    public var month: Int
    public var day: Int

    /// `yyyy-mm-dd` exactly, as definitions write dates.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2 else { return nil }
        self.init(parts: parts)
    }

    /// What a template's data may hold: `2022-06-27`, `2022/6/27`, `2022.6.27`, `2022年6月27日`,
    /// or an ISO timestamp (`2022-06-27T08:00:00`); the day must still be real.
    public init?(lenient text: String) {
        let head = text.split(whereSeparator: { $0 == "T" || $0 == " " }).first.map(String.init) ?? text
        let parts = head.split(whereSeparator: { "-/.年月日".contains($0) })
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count)
        else { return nil }
        self.init(parts: parts)
    }

    private init?(parts: [Substring]) {
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1
        else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        guard d <= days else { return nil }
        year = y
        month = m
        day = d
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// The date in a pattern of `y`/`M`/`d` runs: `yyyy年M月d日` → `2022年6月7日`,
    /// `yyyy.MM.dd` → `2022.06.07`, `yy` → two-digit year; other characters are copied.
    public func formatted(_ pattern: String) -> String {
        var out = ""
        let chars = Array(pattern)
        var i = 0
        func run(_ c: Character) -> Int {
            var n = 0
            while i + n < chars.count, chars[i + n] == c { n += 1 }
            return n
        }
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "y":
                let n = run("y")
                out += n == 2 ? padded(year % 100, 2) : String(year)
                i += n
            case "M":
                let n = run("M")
                out += n >= 2 ? padded(month, 2) : String(month)
                i += n
            case "d":
                let n = run("d")
                out += n >= 2 ? padded(day, 2) : String(day)
                i += n
            default:
                out.append(c)
                i += 1
            }
        }
        return out
    }
}
