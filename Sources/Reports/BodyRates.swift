import TextFormats
import Foundation

/// A project report's body is typed text, yet it often restates a figure the forms compute:
/// "全年绩效目标54万元，实际支出40.83万元……资金执行率75.61%" (seed 004). Such a sentence goes
/// stale the moment the funds change, so each 资金执行率/预算执行率 the body states is compared
/// with the computed 预算执行率 (全年执行数 ÷ 全年预算数) at the precision the body prints it
/// (75.61% → 2 decimals, 100% → none); a disagreement is W-DEF-023.
enum BodyRates {
    /// "资金执行率75.61%", "预算执行率：100%", "执行率达到100%"; not "执行率在80%以上" (a bound).
    static let pattern = try! NSRegularExpression(
        pattern: #"(?:资金|预算)?执行率(?:[：:]|为|达到|达|是)?\s*(\d+(?:\.\d+)?)\s*[%％]"#)

    /// The stated rates of one text: the number as printed and its fraction digits.
    static func stated(in text: String) -> [(printed: String, value: Decimal, places: Int)] {
        let range = NSRange(text.startIndex..., in: text)
        return pattern.matches(in: text, range: range).compactMap { match in
            guard let r = Range(match.range(at: 1), in: text), let value = Decimal(string: String(text[r])) else { return nil }
            let printed = String(text[r])
            let places = printed.split(separator: ".").dropFirst().first?.count ?? 0
            return (printed, value, places)
        }
    }

    /// Each stated rate that the computed `rate` (a ratio) does not round to.
    static func check(_ nodes: [BodyNode], rate: Decimal, path: String, report: (String, String) -> Void) {
        for (i, node) in nodes.enumerated() {
            let base = PathSupport.element(path, i)
            for (key, text) in [("heading", node.heading), ("item", node.item), ("text", node.text)] {
                guard let text, text.containsUTF8("执行率") else { continue }
                for stated in stated(in: text) {
                    let computed = FormFormat.round(rate * 100, places: stated.places)
                    guard computed != stated.value else { continue }
                    report(PathSupport.member(base, key),
                           "正文写“执行率\(stated.printed)%”，而由资金算出的预算执行率（全年执行数 ÷ 全年预算数）为 "
                           + "\(FormFormat.fixed(rate * 100, places: 2))%，按正文的位数为 \(FormFormat.trimmed(computed, places: stated.places))%。"
                           + "请核对正文或资金数据（正文是照录的文字，不会随资金自动改变）。")
                }
            }
            if let children = node.children {
                check(children, rate: rate, path: PathSupport.member(base, "children"), report: report)
            }
        }
    }
}
