import Foundation
import TextFormats

/// A decimal as written in a definition, with the number of fraction digits it was written
/// with: the official forms print money "with its given precision" (`37.14`, `50.094`).
public struct FormNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var value: Decimal
    /// Fraction digits as written (`37.10` → 2, `5` → 0, `1.5e1` → 0).
    public var scale: Int

    public init(_ value: Decimal, scale: Int) {
        self.value = value
        self.scale = max(0, scale)
    }

    public init(_ value: Decimal) {
        self.init(value, scale: FormNumber.fractionDigits(of: value))
    }

    /// Parses a JSON number literal or a decimal string (`"37.14"`, `"-2"`, `"1e3"`) exactly.
    /// Returns nil for anything else, including values too large to keep to the cent.
    public init?(literal: String) {
        guard FormNumber.isDecimalLiteral(literal),
              let value = Decimal(string: literal, locale: Locale(identifier: "en_US_POSIX")),
              !value.isNaN, value.isFinite
        else { return nil }
        // Beyond 1e15 a Decimal can no longer hold a money amount to the cent exactly.
        if abs(value) >= Decimal(sign: .plus, exponent: 15, significand: 1) { return nil }
        var fraction = 0
        var exponent = 0
        let lower = literal.lowercased()
        let mantissa: Substring
        if let e = lower.firstIndex(of: "e") {
            mantissa = lower[..<e]
            guard let exp = Int(lower[lower.index(after: e)...].replacingOccurrences(of: "+", with: "")),
                  abs(exp) < 1000 else { return nil }
            exponent = exp
        } else {
            mantissa = lower[...]
        }
        if let dot = mantissa.firstIndex(of: ".") {
            fraction = mantissa.distance(from: mantissa.index(after: dot), to: mantissa.endIndex)
        }
        // More fraction digits than any form prints is a typo, and would make formatting huge.
        guard fraction - exponent <= FormNumber.maximumScale else { return nil }
        self.init(value, scale: fraction - exponent)
    }

    public static let maximumScale = 10

    /// Why `init(literal:)` refused a decimal literal, in words a person can act on: "过大或格式
    /// 不对" was said of 0.0000000000000000000000000000000000001 too, whose form is right.
    static func refusal(_ literal: String) -> String {
        let lower = literal.lowercased()
        let mantissa = lower.split(separator: "e", maxSplits: 1).first.map(String.init) ?? lower
        let exponent = lower.split(separator: "e", maxSplits: 1).dropFirst().first.flatMap { Int($0.replacingOccurrences(of: "+", with: "")) }
        let fraction = mantissa.split(separator: ".", maxSplits: 1).dropFirst().first?.count ?? 0
        let integerDigits = (mantissa.split(separator: ".").first ?? "").drop { $0 == "-" || $0 == "+" || $0 == "0" }.count
        if lower.contains("e") && exponent.map({ abs($0) >= 1000 }) ?? true {
            return "的指数过大，无法计算；请写出数字本身（如 37.14）。"
        }
        if integerDigits + (exponent ?? 0) > 15 {
            return "过大：reportgen 只接受小于 10^15（1000 万亿）的数，金额以万元计；请核对是否多打了数字，或以元填写时在该资金条目加 \"unit\": \"元\"。"
        }
        if fraction - (exponent ?? 0) > maximumScale {
            return "的小数位数过多：最多 \(maximumScale) 位（表格按填写的位数印出）；请核对是否多打了数字。"
        }
        return "无法精确表示；请写成普通的数字，如 37.14。"
    }

    /// `-?digits(.digits)?([eE][+-]?digits)?` with a leading `+` also allowed in strings.
    static func isDecimalLiteral(_ text: String) -> Bool {
        var scalars = Array(text.unicodeScalars)[...]
        if let first = scalars.first, first == "-" || first == "+" { scalars = scalars.dropFirst() }
        func digits() -> Int {
            var count = 0
            while let c = scalars.first, ("0"..."9").contains(c) { scalars = scalars.dropFirst(); count += 1 }
            return count
        }
        guard digits() > 0 else { return false }
        if scalars.first == "." {
            scalars = scalars.dropFirst()
            guard digits() > 0 else { return false }
        }
        if let c = scalars.first, c == "e" || c == "E" {
            scalars = scalars.dropFirst()
            if let s = scalars.first, s == "+" || s == "-" { scalars = scalars.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return scalars.isEmpty
    }

    static func fractionDigits(of value: Decimal) -> Int { DecimalText.scale(value) }

    public static func < (lhs: FormNumber, rhs: FormNumber) -> Bool { lhs.value < rhs.value }
    public static func == (lhs: FormNumber, rhs: FormNumber) -> Bool { lhs.value == rhs.value }
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }

    public var description: String { FormFormat.fixed(value, places: scale) }
}
