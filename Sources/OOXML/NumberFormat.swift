import Foundation
import TextFormats

/// A SpreadsheetML number format, as far as a cell's shown value needs it: decimal places,
/// percent, General. The cached `<v>` is read lexically into a `Decimal`; a binary double
/// never stands between the file and the text (Excel's `0.30000000000000004` shows 0.3).
struct NumberFormat {
    /// ECMA-376 §18.8.30 built-in formats (the ids Excel, WPS and LibreOffice write without
    /// a `<numFmt>` of their own); 14–22 are dates in the reader's locale.
    static let builtIn: [Int: String] = [
        0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
        12: "# ?/?", 13: "# ??/??", 14: "yyyy/m/d", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
        19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "yyyy/m/d h:mm", 37: "#,##0 ;(#,##0)",
        38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss",
        46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
        // Locale ids that Chinese (and Japanese) Excel and WPS write for 2021年12月25日 typed
        // into a cell; other locale ids (27–30, 32–36, 50–56) differ between locales.
        31: "yyyy\"年\"m\"月\"d\"日\"", 57: "yyyy\"年\"m\"月\"", 58: "m\"月\"d\"日\"",
    ]

    enum Shape: Equatable {
        case general
        case fixed(places: Int, percent: Bool)
        case date
        case text
    }

    let shape: Shape
    /// For a date format that spells 年/月/日 (`yyyy"年"m"月"d"日"`, what Excel and WPS turn
    /// 2021年12月25日 into): the `CalendarDate.formatted` pattern that shows it as the cell
    /// does. Other date formats (`yyyy/m/d`, built-in 14) look different on each machine's
    /// locale, so they keep the one stable form, `yyyy-mm-dd`.
    let chineseDatePattern: String?

    init(_ code: String) {
        // The first section is the one for positive numbers and zero; quoted text, escaped
        // characters and [colour]/[locale] brackets are decoration.
        var plain = ""
        var quoted = false
        var bracket = false
        var escaped = false
        for ch in code {
            if escaped { escaped = false; continue }
            if quoted { if ch == "\"" { quoted = false }; continue }
            if bracket { if ch == "]" { bracket = false }; continue }
            switch ch {
            case "\"": quoted = true
            case "[": bracket = true
            case "\\", "_", "*": escaped = true
            case ";": break
            default: plain.append(ch)
            }
            if ch == ";" { break }
        }
        let lower = plain.lowercased()
        if lower.isEmpty || lower == "general" {
            shape = .general
        } else if lower == "@" {
            shape = .text
        } else if !lower.contains("0") && !lower.contains("#") && lower.contains(where: { "ymdhs".contains($0) }) {
            shape = .date
        } else if lower.contains("e+") || lower.contains("e-") || lower.contains("?") {
            // Scientific and fraction formats: the value itself is the clearest text.
            shape = .general
        } else {
            var places = 0
            if let dot = lower.firstIndex(of: ".") {
                places = lower[lower.index(after: dot)...].prefix { $0 == "0" || $0 == "#" || $0 == "?" || $0 == "," }.filter { $0 != "," }.count
            }
            shape = .fixed(places: places, percent: lower.contains("%"))
        }
        chineseDatePattern = shape == .date ? Self.chineseDatePattern(code) : nil
    }

    /// The first section of a date code as a y/M/d pattern with its literal text, or nil when
    /// it shows anything else (times, month names, `[DBNum1]` Chinese numerals) or no 年/月/日.
    static func chineseDatePattern(_ code: String) -> String? {
        var pattern = ""
        var quoted = false
        var escaped = false
        var bracket = ""
        var inBracket = false
        for ch in code {
            if escaped { pattern.append(ch); escaped = false; continue }
            if quoted { if ch == "\"" { quoted = false } else { pattern.append(ch) }; continue }
            if inBracket {
                if ch == "]" {
                    inBracket = false
                    // [$-804] and [$-F800]-style locale tags are harmless; [DBNum1] and the like
                    // change the digits, [h] is elapsed time.
                    if !bracket.hasPrefix("$") { return nil }
                } else { bracket.append(ch) }
                continue
            }
            switch ch {
            case "\"": quoted = true
            case "\\": escaped = true
            case "[": inBracket = true; bracket = ""
            case ";": return finished(pattern)
            case "y", "Y": pattern.append("y")
            case "m", "M": pattern.append("M")
            case "d", "D": pattern.append("d")
            case "年", "月", "日", "-", "/", ".", " ": pattern.append(ch)
            default: return nil
            }
        }
        return finished(pattern)
    }

    private static func finished(_ pattern: String) -> String? {
        // mmm… is a month name, ddd… a weekday; neither is the digits the sheet shows in Chinese.
        guard pattern.contains(where: { "年月日".contains($0) }),
              !pattern.contains("MMM"), !pattern.contains("ddd") else { return nil }
        return pattern
    }

    /// The shown text of a number.
    func display(_ value: Decimal) -> String {
        switch shape {
        case .general, .text:
            return Self.general(value)
        case .fixed(let places, let percent):
            return DecimalText.fixed(percent ? value * 100 : value, places: places) + (percent ? "%" : "")
        case .date:
            guard let iso = Self.date(serial: value) else { return Self.general(value) }
            if let pattern = chineseDatePattern, let day = CalendarDate(iso) { return day.formatted(pattern) }
            return iso
        }
    }

    /// Excel keeps 15 significant digits; General shows them without trailing zeros.
    static func general(_ value: Decimal) -> String {
        guard !value.isZero else { return "0" }
        let digits = DecimalText.plain(abs(value))
        let integer = digits.prefix { $0 != "." }
        // Places that leave 15 significant digits: for 0.000123… the leading zeros do not count.
        var places = 15 - integer.count
        if integer == "0" {
            places = 15 + digits.drop { $0 != "." }.dropFirst().prefix { $0 == "0" }.count
        }
        return DecimalText.trimmed(value, places: max(-30, min(places, 30)))
    }

    /// `yyyy-mm-dd` of a 1900-system serial day (1 = 1900-01-01; Excel's phantom 1900-02-29
    /// is why serials from 61 on count from 1899-12-30).
    static func date(serial: Decimal) -> String? {
        let days = NSDecimalNumber(decimal: DecimalText.rounded(serial, places: 0, mode: .down)).intValue
        guard days >= 61, days < 2_958_466 else { return nil }
        // Days from 1970-01-01 to the serial's day, then the civil calendar (Howard Hinnant's algorithm).
        let z = days - 25569 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(two(m))-\(two(d))"
    }

    /// A `<v>` number read lexically: `-?digits(.digits)?(E[+-]?digits)?`.
    static func decimal(_ text: String) -> Decimal? {
        var sawDigit = false
        var sawExponent = false
        var previous: Character = " "
        for ch in text {
            switch ch {
            case "0"..."9": sawDigit = true
            case ".": if sawExponent { return nil }
            case "e", "E": if sawExponent || !sawDigit { return nil }; sawExponent = true
            case "-", "+": if !(previous == " " || previous == "e" || previous == "E") { return nil }
            default: return nil
            }
            previous = ch
        }
        guard sawDigit, text.count <= 64 else { return nil }
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), value.isFinite else { return nil }
        return value
    }
}
