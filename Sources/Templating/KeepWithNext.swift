/// Keep-with-next written into paragraph properties, for the two places that keep content
/// together on a page: the outline's last paragraphs (with the 落款) and the rows of one merged
/// group of a row loop. Direct formatting, not a style: LibreOffice keeps table rows together
/// only for a direct `w:keepNext`.
enum KeepWithNext {
    /// `pPr` (or "") with `extra` (e.g. `<w:keepNext/><w:keepLines/>`) after the style, where the
    /// schema orders it; elements already there are not repeated.
    static func adding(_ extra: [String], to pPr: String) -> String {
        let missing = extra.filter { !pPr.contains($0) }.joined()
        if missing.isEmpty { return pPr }
        if pPr.isEmpty { return "<w:pPr>" + missing + "</w:pPr>" }
        var p = pPr
        if let style = p.range(of: "<w:pStyle "), let end = p.range(of: "/>", range: style.upperBound..<p.endIndex) {
            p.insert(contentsOf: missing, at: end.upperBound)
        } else if let open = p.range(of: "<w:pPr>") {
            p.insert(contentsOf: missing, at: open.upperBound)
        }
        return p
    }

    /// Every paragraph of a run of block XML (table rows) kept with the next one.
    static func everyParagraph(_ xml: String) -> String {
        var result = ""
        var rest = Substring(xml)
        while let start = rest.range(of: "<w:p") {
            result += rest[..<start.lowerBound]
            let after = rest[start.upperBound...]
            guard let next = after.first, next == ">" || next == " ", let close = after.firstIndex(of: ">") else {
                result += "<w:p"
                rest = after
                continue
            }
            let tagEnd = after.index(after: close)
            result += rest[start.lowerBound..<tagEnd]
            rest = rest[tagEnd...]
            if rest.hasPrefix("<w:pPr>"), let end = rest.range(of: "</w:pPr>") {
                result += adding(["<w:keepNext/>"], to: String(rest[..<end.upperBound]))
                rest = rest[end.upperBound...]
            } else {
                result += "<w:pPr><w:keepNext/></w:pPr>"
            }
        }
        result += rest
        return result
    }
}
