import TextFormats

/// Keep-with-next written into paragraph properties, for the two places that keep content
/// together on a page: the outline's last paragraphs (with the 落款) and the rows of one merged
/// group of a row loop. Direct formatting, not a style: LibreOffice keeps table rows together
/// only for a direct `w:keepNext`.
enum KeepWithNext {
    /// `pPr` (or "") with `extra` (e.g. `<w:keepNext/><w:keepLines/>`) after the style, where the
    /// schema orders it; elements already there are not repeated.
    static func adding(_ extra: [String], to pPr: String) -> String {
        let missing = extra.filter { !pPr.containsUTF8($0) }.joined()
        if missing.isEmpty { return pPr }
        if pPr.isEmpty { return "<w:pPr>" + missing + "</w:pPr>" }
        var p = pPr
        if let style = p.firstUTF8Range(of: "<w:pStyle "), let end = p.firstUTF8Range(of: "/>", from: style.upperBound) {
            p.insert(contentsOf: missing, at: end.upperBound)
        } else if let open = p.firstUTF8Range(of: "<w:pPr>") {
            p.insert(contentsOf: missing, at: open.upperBound)
        }
        return p
    }

    /// Every paragraph of a run of block XML (table rows) kept with the next one. On bytes:
    /// a 一级 group's rows are rewritten on every package's 自评表, and Foundation's string
    /// search here was a tenth of rendering.
    static func everyParagraph(_ xml: ArraySlice<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(xml.count + 256)
        var i = xml.startIndex
        while let start = ColumnFit.find(paragraphOpen, in: xml, from: i) {
            let after = start + paragraphOpen.count
            result += xml[i..<start]
            guard after < xml.endIndex, xml[after] == UInt8(ascii: ">") || xml[after] == UInt8(ascii: " "),
                  let close = xml[after...].firstIndex(of: UInt8(ascii: ">")) else {
                result += paragraphOpen
                i = after
                continue
            }
            let tagEnd = close + 1
            result += xml[start..<tagEnd]
            i = tagEnd
            if xml[i...].starts(with: propertiesOpen), let end = ColumnFit.find(propertiesClose, in: xml, from: i) {
                let properties = String(decoding: xml[i..<end + propertiesClose.count], as: UTF8.self)
                result += Array(adding(["<w:keepNext/>"], to: properties).utf8)
                i = end + propertiesClose.count
            } else {
                result += Array("<w:pPr><w:keepNext/></w:pPr>".utf8)
            }
        }
        result += xml[i...]
        return result
    }

    private static let paragraphOpen = Array("<w:p".utf8)
    private static let propertiesOpen = Array("<w:pPr>".utf8)
    private static let propertiesClose = Array("</w:pPr>".utf8)
}
