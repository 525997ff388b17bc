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
