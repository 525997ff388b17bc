import TextFormats
import ErrorCodes
import Foundation

/// Live numbers in the final accounts' narrative: `{{收入.合计}}` and helpers replaced by
/// values computed from the figures, and numbers typed beside a figure's name compared with it.
///
/// Tags (documented in docs/决算说明数据格式.md):
/// `{{K}}` 决算数 · `{{K.上年数}}` · `{{K.预算数}}` · `{{变动:K}}` (`增加234.46万元，增长57.03%`) ·
/// `{{增减:K}}` (增加/减少/持平) · `{{增减额:K}}` · `{{增减率:K}}` · `{{占比:K}}` · `{{完成预算:K}}` ·
/// `{{预算完成情况:K}}` (`完成预算63.45%` / `未安排预算`) ·
/// `{{变动原因:K}}` · `{{预算差异原因:K}}` · `{{说明:名称}}` (a standard sentence) · `{{年度}}` · `{{上年度}}`.
struct AccountText {
    let statements: AccountStatements
    /// `namedFigures` as characters, made once: `checkTypedNumbers` scans every text node of
    /// the 决算说明 with them (made per node, they took half of panzhihua's load time).
    /// By first character, longest name first.
    private let typedNames: [Character: [(name: [Character], figure: AccountFigure)]]

    init(statements: AccountStatements) {
        self.statements = statements
        var names: [Character: [(name: [Character], figure: AccountFigure)]] = [:]
        for (name, figure) in Self.namedFigures(in: statements.figures) where !name.isEmpty {
            names[name.first!, default: []].append((Array(name), figure))
        }
        typedNames = names
    }

    var figures: FinalAccountsFigures { statements.figures }
    var unit: String { figures.unit.rawValue }

    static let helpers = ["变动", "增减", "增减额", "增减率", "占比", "完成预算", "预算完成情况", "变动原因", "预算差异原因", "说明"]

    /// The text with every tag replaced; a tag that cannot be resolved is reported and left as written.
    func resolve(_ text: String, path: String, context: DecodingContext) -> String {
        guard text.containsUTF8("{{") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstUTF8Range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest.firstUTF8Range(of: "}}", from: open.upperBound) else {
                context.report(ErrorCode.badTag, path, "标签「\(rest[open.lowerBound...].prefix(30))」缺少结尾的 }}。")
                out += rest[open.lowerBound...]
                return out
            }
            let tag = String(rest[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespaces)
            switch value(of: tag) {
            case .success(let v): out += v
            case .failure(let message):
                context.report(ErrorCode.badTag, path, "标签 {{\(tag)}}：\(message)")
                out += "{{\(tag)}}"
            }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    struct TagError: Error { let message: String; init(_ m: String) { message = m } }

    func value(of tag: String) -> Result<String, TagError> {
        if tag == "年度" { return .success(String(statements.year)) }
        if tag == "上年度" { return .success(String(statements.year - 1)) }
        if let colon = tag.firstIndex(where: { $0 == ":" || $0 == "：" }) {
            let helper = String(tag[..<colon])
            let key = String(tag[tag.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            guard Self.helpers.contains(helper) else {
                return .failure(TagError("未知的函数「\(helper)」；可用：\(Self.helpers.joined(separator: "、"))。"))
            }
            if helper == "说明" {
                do throws(AccountStatements.Failure) {
                    return .success(try statements.statement(key))
                } catch {
                    if case .missing(let what) = error, what == key, !AccountStatements.names.contains(key) {
                        return .failure(TagError("没有名为「\(key)」的标准说明；可用：\(AccountStatements.names.joined(separator: "、"))。"))
                    }
                    if case .missing(let what) = error { return .failure(TagError("需要的数据「\(what)」没有给出。")) }
                }
            }
            guard let f = figures[key] else { return .failure(unknown(key)) }
            return helperValue(helper, f)
        }
        for (suffix, pick) in [(".上年数", \AccountFigure.previous), (".预算数", \AccountFigure.budget), (".决算数", \AccountFigure.value)] as [(String, KeyPath<AccountFigure, FormNumber?>)] {
            if tag.hasSuffix(suffix), figures[tag] == nil, let f = figures[String(tag.dropLast(suffix.count))] {
                guard let n = f[keyPath: pick] else { return .failure(TagError("「\(f.key)」没有给出\(suffix.dropFirst())。")) }
                return .success(number(n, key: f.key))
            }
        }
        guard let f = figures[tag] else { return .failure(unknown(tag)) }
        guard let v = f.value else { return .failure(TagError("「\(tag)」没有给出决算数。")) }
        return .success(number(v, key: f.key))
    }

    func number(_ n: FormNumber, key: String) -> String {
        AccountCatalog.kind(of: key) == .count ? FormFormat.trimmed(n.value, places: 0) : AccountPhrases.amount(n)
    }

    func unknown(_ key: String) -> TagError {
        var message = "没有名为「\(key)」的数据。"
        let candidates = AccountCatalog.allKeys + figures.subjects.map(\.figure.key)
        if let guess = Suggestion.closest(to: key, in: candidates) { message += "是否应为「\(guess)」？" }
        return TagError(message)
    }

    func helperValue(_ helper: String, _ f: AccountFigure) -> Result<String, TagError> {
        switch helper {
        case "变动原因", "预算差异原因":
            let r = helper == "变动原因" ? f.changeReason : f.budgetReason
            guard let text = r?.text else { return .failure(TagError("「\(f.key)」没有给出\(helper)。")) }
            return .success(text)
        case "占比":
            guard let share = statements.share(of: f.key) else { return .failure(TagError("「\(f.key)」不属于有合计的构成，或合计没有给出。")) }
            return .success(AccountPhrases.percentValue(share))
        case "完成预算", "预算完成情况":
            guard let v = f.value, let b = f.budget else { return .failure(TagError("「\(f.key)」需要决算数和预算数。")) }
            if helper == "预算完成情况", let clause = AccountPhrases.completionClause(value: v, budget: b) { return .success(clause) }
            if AccountPhrases.isUnbudgetedAndUnspent(value: v, budget: b) {
                return .failure(TagError("「\(f.key)」预算数与决算数都是 0：0 ÷ 0 没有完成预算比例（不印 0%）。"
                                         + "请改写为 {{预算完成情况:\(f.key)}}：有预算时印“完成预算X%”，都是 0 时印“\(AccountPhrases.noBudget)”。"))
            }
            guard let ratio = AccountPhrases.completion(value: v, budget: b) else {
                return .failure(TagError("「\(f.key)」预算数为 0 而决算数不为 0，无法计算完成预算比例。"))
            }
            return .success(AccountPhrases.percent(ratio))
        default:
            guard let v = f.value, let p = f.previous else { return .failure(TagError("「\(f.key)」需要决算数和上年数。")) }
            let change = AccountPhrases.change(this: v, previous: p)
            switch helper {
            case "变动": return .success(AccountPhrases.phrase(change, unit: unit))
            case "增减": return .success(AccountPhrases.verb(change))
            case "增减额": return .success(AccountPhrases.amount(change.amount, places: change.places))
            default:
                if change.direction == .unchanged { return .success("0%") }
                guard let ratio = change.ratio else { return .failure(TagError("「\(f.key)」上年数为 0，无法计算增减率。")) }
                return .success(AccountPhrases.percent(ratio))
            }
        }
    }

    // MARK: - typed numbers

    /// Money figures by the name a text would use (the line name, or a 类/款/项 name), longest first.
    var namedFigures: [(name: String, figure: AccountFigure)] { Self.namedFigures(in: figures) }

    private static func namedFigures(in figures: FinalAccountsFigures) -> [(name: String, figure: AccountFigure)] {
        var list: [(name: String, figure: AccountFigure, length: Int)] = []
        for f in figures.figures where AccountCatalog.kind(of: f.key) == .money && f.value != nil {
            let name = f.key.split(separator: ".").last.map(String.init) ?? f.key
            if name == "合计" { continue }
            list.append((name, f, name.count))
        }
        for s in figures.subjects where s.figure.value != nil { list.append((s.name, s.figure, s.name.count)) }
        // Stable: names of one length keep the figures' order.
        return list.enumerated().sorted { $0.element.length != $1.element.length ? $0.element.length > $1.element.length : $0.offset < $1.offset }
            .map { ($0.element.name, $0.element.figure) }
    }

    static let fillers: Set<Character> = ["支", "出", "决", "算", "为", "共", "计", "合", "数", "：", ":", "是"]

    /// Warns where a number typed right after a figure's name (`人员经费274.51万元`) is not that
    /// figure as printed. Tags are skipped: only what the user typed is compared.
    func checkTypedNumbers(_ text: String, path: String, context: DecodingContext) {
        let plain = Array(Self.withoutTags(text))
        let unitCharacters = Array(unit)
        var i = 0
        while i < plain.count {
            guard let (nameCharacters, figure) = typedNames[plain[i]]?.first(where: { Self.matches(plain, at: i, $0.name) }) else { i += 1; continue }
            let name = String(nameCharacters)
            var j = i + nameCharacters.count
            var skipped = 0
            while j < plain.count, Self.fillers.contains(plain[j]), skipped < 6 { j += 1; skipped += 1 }
            var digits = ""
            while j < plain.count, plain[j].isASCII, plain[j].isNumber || plain[j] == "." { digits.append(plain[j]); j += 1 }
            if !digits.isEmpty, Self.matches(plain, at: j, unitCharacters), let typed = FormNumber(literal: digits), let v = figure.value,
               FormFormat.round(v.value, places: typed.scale) != typed.value {
                context.report(ErrorCode.textContradictsFigure, path,
                               "文字中「\(name)\(digits)\(unit)」与数据 \(figure.path) = \(AccountPhrases.amount(v))\(unit) 不符；请改用标签 {{\(figure.key)}}。")
            }
            i += max(1, nameCharacters.count)
        }
    }

    /// A tag printing an amount in the file's unit followed by the other unit: seed 004 附件1's
    /// “财政拨款全年支出{{支出.合计}}元” in a 万元 file prints “645.55元” for 645.55万元, a figure ten
    /// thousand times too small in the signed document (officer review 18; W-FA-008).
    func checkTagUnits(_ text: String, path: String, context: DecodingContext) {
        guard text.containsUTF8("{{") else { return }
        // “万元” does not start with “元”, so in a 万元 file only a bare “元” is the other unit.
        let other = figures.unit == .wanYuan ? "元" : "万元"
        var rest = Substring(text)
        while let open = rest.firstUTF8Range(of: "{{"), let close = rest.firstUTF8Range(of: "}}", from: open.upperBound) {
            let tag = String(rest[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            guard rest.drop(while: { $0 == " " }).hasPrefix(other),
                  case .success(let printed) = value(of: tag), FormNumber(literal: printed) != nil else { continue }
            context.report(ErrorCode.tagUnitDiffers, path,
                           "文字「{{\(tag)}}\(other)」：标签印出的是以\(unit)计的数 \(printed)（决算数据的单位为\(unit)），其后却写“\(other)”，"
                           + "文档将印出“\(printed)\(other)”；请改为 {{\(tag)}}\(unit)。")
        }
    }

    static func matches(_ chars: [Character], at index: Int, _ word: [Character]) -> Bool {
        guard !word.isEmpty, index + word.count <= chars.count else { return false }
        return chars[index..<(index + word.count)].elementsEqual(word)
    }

    static func withoutTags(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstUTF8Range(of: "{{"), let close = rest.firstUTF8Range(of: "}}", from: open.upperBound) {
            out += rest[..<open.lowerBound]
            out += "〔〕"
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}
