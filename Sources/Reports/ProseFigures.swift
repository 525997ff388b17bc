import TextFormats
import ErrorCodes
import Foundation

/// Figures the 决算说明 and the 部门整体 report derive, in their own prose, from amounts they
/// print beside them — checked against those amounts, since typed text does not follow the data:
///
/// - a rate (“……预算资金324.07万元……实际支出324.07万元，资金执行率100%”) against the budget and
///   spending stated since the previous rate, at the rate's printed precision (W-FA-006);
/// - an itemised list (“共计支出0.81万元，具体内容包括：①……0.2万元；②……0.28万元；③……0.33万元”)
///   against the total it breaks down (W-FA-007).
///
/// Amounts are read from the text as typed, a tag (`{{三公经费.国内公务接待费}}`, `{{项目:id.执行数}}`)
/// standing for the figure it prints: a change to the data that the typed words no longer match is
/// found, and a tag naming the wrong figure too. Each amount counts as printed (324.07 stands for
/// 324.065…324.075), so a rate computed before rounding its operands is never a false alarm.
enum ProseFigures {
    /// A figure the text prints: its value in 万元 and how it appears.
    struct Amount {
        var value: Decimal
        /// Fraction digits in 万元 (an amount printed in 元 has four more).
        var scale: Int
        /// Half the last printed digit: the figure is value ± margin.
        var margin: Decimal { Decimal(sign: .plus, exponent: -scale - 1, significand: 5) }
        /// As printed (`0.81万元`).
        var printed: String
        /// The tag it was printed by, if any.
        var tag: String?
    }

    /// `value` gives what a tag prints (nil when it names nothing); `place` where its figure is
    /// kept (`figures.三公经费["国内公务接待费"]`), for messages.
    static func check(_ text: String, path: String, value: (String) -> String?, place: (String) -> String?,
                      context: DecodingContext) {
        guard text.containsUTF8("执行率") || text.containsUTF8("①") else { return }
        let ns = text as NSString
        func amount(_ match: NSTextCheckingResult, number: Int, unit: Int) -> Amount? {
            let raw = ns.substring(with: match.range(at: number))
            let unitText = ns.substring(with: match.range(at: unit))
            var tag: String?
            var digits = raw
            if raw.hasPrefix("{{") {
                tag = String(raw.dropFirst(2).dropLast(2)).trimmingCharacters(in: .whitespaces)
                guard let printed = tag.flatMap(value) else { return nil }
                digits = printed
            }
            guard let n = FormNumber(literal: digits) else { return nil }
            let inYuan = unitText == "元"
            return Amount(value: inYuan ? n.value / 10000 : n.value, scale: n.scale + (inYuan ? 4 : 0),
                          printed: digits + unitText, tag: tag)
        }
        if text.containsUTF8("执行率") { checkRates(ns, path: path, value: value, amount: amount, context: context) }
        if text.containsUTF8("①") { checkItems(ns, path: path, place: place, amount: amount, context: context) }
    }

    // A number as typed or a tag that prints one.
    static let number = #"(\d+(?:\.\d+)?|\{\{[^{}]+\}\})"#
    static let budgetPattern = try! NSRegularExpression(pattern: #"预算(?:资金|数)?(?:为|是|：|:)?[^，。；,;]{0,14}?(?<![\d.])"# + number + #"\s*(万元|元)"#)
    static let spentPattern = try! NSRegularExpression(pattern: #"(?:实际支出|实际执行|执行数为?)(?:为|是|：|:)?[^，。；,;]{0,6}?(?<![\d.])"# + number + #"\s*(万元|元)"#)
    /// “资金执行率100%”, “执行率为{{项目.执行率}}”; not “执行率在80%以上” (a bound).
    static let ratePattern = try! NSRegularExpression(pattern: #"(?:资金|预算)?执行率(?:[：:]|为|达到|达|是)?\s*(?:(\d+(?:\.\d+)?)\s*[%％]|(\{\{[^{}]+\}\}))"#)
    static let amountPattern = try! NSRegularExpression(pattern: #"(?<![\d.])"# + number + #"\s*(万元|元)"#)

    private static func checkRates(_ ns: NSString, path: String, value: (String) -> String?,
                                   amount: (NSTextCheckingResult, Int, Int) -> Amount?, context: DecodingContext) {
        var segmentStart = 0
        for rate in ratePattern.matches(in: ns as String, range: NSRange(location: 0, length: ns.length)) {
            defer { segmentStart = rate.range.upperBound }
            var stated: String
            if rate.range(at: 1).location != NSNotFound {
                stated = ns.substring(with: rate.range(at: 1))
            } else {
                let tag = String(ns.substring(with: rate.range(at: 2)).dropFirst(2).dropLast(2)).trimmingCharacters(in: .whitespaces)
                guard let printed = value(tag), printed.hasSuffix("%") else { continue }
                stated = String(printed.dropLast())
            }
            guard let rateValue = FormNumber(literal: stated) else { continue }
            let segment = NSRange(location: segmentStart, length: rate.range.location - segmentStart)
            guard let b = budgetPattern.matches(in: ns as String, range: segment).last.flatMap({ amount($0, 1, 2) }),
                  let s = spentPattern.matches(in: ns as String, range: segment).last.flatMap({ amount($0, 1, 2) }),
                  b.value > b.margin else { continue }
            let places = rateValue.scale
            let low = FormFormat.round((s.value - s.margin) / (b.value + b.margin) * 100, places: places)
            let high = FormFormat.round((s.value + s.margin) / (b.value - b.margin) * 100, places: places)
            guard rateValue.value < low || rateValue.value > high else { continue }
            let computed = FormFormat.trimmed(s.value / b.value * 100, places: places)
            let phrase = ns.substring(with: rate.range)
            context.report(ErrorCode.rateContradictsAmounts, path,
                           "正文写“\(phrase)”，而其前印出的预算\(shown(b))、实际支出\(shown(s))算出的执行率为 \(computed)%"
                           + "（按正文的位数）。请核对正文或数据；比率可用标签印出（{{完成预算:K}}、{{项目:id.执行率}}），随数据改变。")
        }
    }

    private static let circled: [Character] = (0..<20).map { Character(Unicode.Scalar(0x2460 + $0)!) }

    private static func checkItems(_ ns: NSString, path: String, place: (String) -> String?,
                                   amount: (NSTextCheckingResult, Int, Int) -> Amount?, context: DecodingContext) {
        let text = ns as String
        let utf16 = Array(text.utf16)
        let markers = circled.map { String($0).utf16.first! }
        var i = 0
        while i < utf16.count {
            guard utf16[i] == markers[0] else { i += 1; continue }
            // The list: ①, ②, … in order, each item up to the next marker; the last up to the sentence's end.
            var starts = [i]
            var j = i + 1
            var sentenceEnd = utf16.count
            while j < utf16.count {
                if starts.count < markers.count, utf16[j] == markers[starts.count] { starts.append(j) }
                else if utf16[j] == "。".utf16.first! { sentenceEnd = j; break }
                j += 1
            }
            defer { i = max(i + 1, sentenceEnd) }
            guard starts.count >= 2 else { continue }
            var items: [Amount] = []
            for (k, start) in starts.enumerated() {
                let end = k + 1 < starts.count ? starts[k + 1] : sentenceEnd
                let found = amountPattern.matches(in: text, range: NSRange(location: start, length: end - start))
                guard found.count == 1, let a = amount(found[0], 1, 2) else { items = []; break }
                items.append(a)
            }
            guard items.count == starts.count else { continue }
            // The total: the last amount of the words before ①, which announce a breakdown.
            var introStart = i
            while introStart > 0, utf16[introStart - 1] != "。".utf16.first! { introStart -= 1 }
            let intro = NSRange(location: introStart, length: i - introStart)
            guard let last = amountPattern.matches(in: text, range: intro).last,
                  let total = amount(last, 1, 2) else { continue }
            let lead = ns.substring(with: NSRange(location: last.range.upperBound, length: i - last.range.upperBound))
            guard lead.count <= 16, ["包括", "其中", "如下", "分别"].contains(where: lead.contains) else { continue }
            let sum = items.reduce(Decimal(0)) { $0 + $1.value }
            // Each figure counts as printed, as the rates above do: the total may be rounded from
            // its items (0.805 printed 0.81) and each item from its own amount (three items of
            // 0.3333 printed 0.33 against a total of 1.00), so only a sum that no unrounded
            // amounts could give is reported. A list is printed at one precision with trailing
            // zeros dropped (“0.2万元” beside “0.28万元” is 0.20), so no item is read coarser than
            // the total.
            let slack = items.reduce(Decimal(0)) { sum, item in
                sum + Amount(value: item.value, scale: max(item.scale, total.scale), printed: item.printed).margin
            }
            guard sum + slack < total.value - total.margin || sum - slack > total.value + total.margin else { continue }
            let list = items.map { $0.printed }.joined(separator: " + ")
            var figure = ""
            if let tag = total.tag { figure = "（{{\(tag)}}" + (place(tag).map { "，数据 \($0)" } ?? "") + "）" }
            context.report(ErrorCode.itemsContradictTotal, path,
                           "正文列举的\(circled[0])—\(circled[items.count - 1])各项金额之和为 "
                           + "\(FormFormat.trimmed(sum, places: items.map(\.scale).max() ?? 2))万元（\(list)），"
                           + "与其前印出的合计\(total.printed)\(figure)不符。请核对各项金额或合计。")
        }
    }

    private static func shown(_ a: Amount) -> String {
        a.tag.map { "\(a.printed)（{{\($0)}}）" } ?? a.printed
    }
}
