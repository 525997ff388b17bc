/// A half-width comma, colon, semicolon, question or exclamation mark between two Chinese
/// characters (“万元,完成预算”, “（项）:支出”, “渠道,方便”): text copied from the seeds kept
/// the source's slips, and the documents printed them as typed, narrow marks in a line of
/// full-width ones that the officer who signs reads as a typing slip (officer review 16). The
/// text is printed as given; `validate` names the value and the mark to change (W-DEF-039).
/// Figures (“1,000”, “目标1:加强”) and tags (`{{资金:县区级.到位数}}`) are not text between
/// Chinese characters and are left alone.
enum HalfWidthPunctuation {
    /// The half-width marks and the full-width ones Chinese text uses in their place.
    static let fullWidth: [Unicode.Scalar: Character] = [",": "，", ":": "：", ";": "；", "?": "？", "!": "！"]

    /// The first half-width mark in `text` standing between two Chinese characters (spaces
    /// after it skipped), with a few characters either side; nil when there is none.
    static func first(in text: String) -> (mark: Unicode.Scalar, excerpt: String)? {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        var inTag = false
        while i < scalars.count {
            let scalar = scalars[i]
            if scalar == "{", i + 1 < scalars.count, scalars[i + 1] == "{" {
                inTag = true
            } else if scalar == "}", i + 1 < scalars.count, scalars[i + 1] == "}" {
                inTag = false
            } else if !inTag, fullWidth[scalar] != nil, i > 0, isChinese(scalars[i - 1]) {
                var next = i + 1
                while next < scalars.count, scalars[next] == " " || scalars[next] == "\u{3000}" { next += 1 }
                if next < scalars.count, isChinese(scalars[next]) {
                    let from = max(0, i - 6), to = min(scalars.count, next + 6)
                    return (scalar, String(String.UnicodeScalarView(scalars[from..<to])))
                }
            }
            i += 1
        }
        return nil
    }

    /// Full-width marks that carry their own space: a space typed beside one is a slip.
    static let spacedMarks: Set<Unicode.Scalar> = ["，", "。", "、", "；", "：", "？", "！", "（", "）", "《", "》", "〔", "〕", "【", "】"]

    /// The first space (U+0020 or the no-break U+00A0 that Word documents carry) between a
    /// full-width mark and a character (“研究 ， 形成”, “的通知 （盐边”, “支出。 210159”), with a
    /// few characters either side; nil when there is none. The mark already holds the gap a
    /// reader expects; the space adds one, and in a justified line LibreOffice stretches it.
    /// Spaces between two Han characters (issuing bodies “四川省医疗保障局 四川省财政厅”) are left alone.
    static func spaceBesideMark(in text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\u{00A0}" }
        var i = 1
        while i < scalars.count {
            guard isSpace(scalars[i]), !isSpace(scalars[i - 1]) else { i += 1; continue }
            var end = i
            while end < scalars.count, isSpace(scalars[end]) { end += 1 }
            if end < scalars.count, spacedMarks.contains(scalars[i - 1]) || spacedMarks.contains(scalars[end]),
               scalars[i - 1] != "}", scalars[end] != "{" {
                let from = max(0, i - 6), to = min(scalars.count, end + 6)
                return String(String.UnicodeScalarView(scalars[from..<to].map { isSpace($0) ? " " : $0 }))
            }
            i = end
        }
        return nil
    }

    /// The first stray space in Chinese text (officer review 18), with a few characters either
    /// side; nil when there is none:
    /// - a space between a figure and a Chinese character (“〔2019〕1 号”, “共有 124家”,
    ///   “编制 10 名”, “100% 重点”): Chinese text sets figures solid, and the seeds' typed spaces
    ///   print as gaps the officer who signs reads as typing slips. A figure belonging to a Latin
    ///   code (“ISO 9001 认证”, “GB/T 9704 规定”) keeps its space;
    /// - a no-break space (U+00A0, from Word) between two Han characters (“各股室对 强化”): issuing
    ///   bodies set apart (“四川省医疗保障局 四川省财政厅”) are typed with ordinary spaces.
    /// Tags (`{{资金.执行数}} 万元`) are not figures and are left alone.
    static func straySpace(in text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\u{00A0}" }
        func isFigure(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) || s == "." || s == "%" }
        func isLatin(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("A"..."Z").contains(s) }
        var i = 1
        while i < scalars.count {
            guard isSpace(scalars[i]), !isSpace(scalars[i - 1]) else { i += 1; continue }
            var end = i
            while end < scalars.count, isSpace(scalars[end]) { end += 1 }
            guard end < scalars.count else { break }
            let before = scalars[i - 1], after = scalars[end]
            var stray = false
            if isFigure(before), isChinese(after) {
                // The figure's other side: a Latin code's number keeps its space.
                var k = i - 1
                while k >= 0, isFigure(scalars[k]) { k -= 1 }
                while k >= 0, isSpace(scalars[k]) { k -= 1 }
                stray = !(k >= 0 && isLatin(scalars[k]))
            } else if isChinese(before), ("0"..."9").contains(after) {
                var k = end
                while k < scalars.count, isFigure(scalars[k]) { k += 1 }
                while k < scalars.count, isSpace(scalars[k]) { k += 1 }
                stray = !(k < scalars.count && isLatin(scalars[k]))
            } else if isHan(before), isHan(after) {
                stray = scalars[i..<end].contains("\u{00A0}")
            }
            if stray {
                let from = max(0, i - 6), to = min(scalars.count, end + 6)
                return String(String.UnicodeScalarView(scalars[from..<to].map { isSpace($0) ? " " : $0 }))
            }
            i = end
        }
        return nil
    }

    static func isHan(_ scalar: Unicode.Scalar) -> Bool { (0x3400...0x9FFF).contains(scalar.value) }

    /// Han characters, CJK punctuation (、。《》「」) and full-width forms (（），：).
    static func isChinese(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (0x3400...0x9FFF).contains(v) || (0x3000...0x303F).contains(v) || (0xFF01...0xFF60).contains(v)
    }
}
