import OOXML
import TextFormats

/// Characters of no script of their own (Unicode “Common”: ① ※ ■ ★) in generated paragraphs.
/// Word draws such a character in the run's ASCII face unless the run's `w:rFonts w:hint` says
/// East Asian; LibreOffice (7.4, which ignores the hint) gives the characters at a paragraph's start
/// the script of its UI language — Latin under an English one — so ① was drawn from the Latin face
/// (Times New Roman), which lacks it, and LibreOffice fell back to whatever face had it (a sans).
/// Such characters get runs of their own naming the paragraph's East Asian face for every script,
/// with the hint, so every client draws them in the body face.
enum AmbiguousRuns {
    /// Characters a Latin face lacks and no client assigns to East Asian text by themselves.
    static func isAmbiguous(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2460...0x24FF,  // Enclosed Alphanumerics: ① … ⑳ ⒈ ⓐ
             0x2776...0x2793,  // Dingbat circled digits: ❶ ➀
             0x25A0...0x25FF,  // Geometric Shapes: ■ □ ▲ ○ ●
             0x2605, 0x2606,   // ★ ☆
             0x203B:           // ※
            return true
        default:
            return false
        }
    }

    /// The paragraph style id written in `pPr` (`<w:pStyle w:val="BodyText"/>`), nil when none.
    static func style(of pPr: String) -> String? {
        guard let start = pPr.firstUTF8Range(of: "<w:pStyle w:val=\"") else { return nil }
        let rest = pPr[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    /// Writes `text` as one run (`body` writes a run's content), split where ambiguous characters
    /// stand: those in runs of their own, in `font` for every script with the East Asian hint
    /// (inside a paragraph LibreOffice gives them the script of the text before them, but Word
    /// follows the hint wherever they stand).
    static func write(_ text: String, runProperties: String, font: String?, into out: inout XMLOutput,
                      body: (String, inout XMLOutput) -> Void) {
        let scalars = text.unicodeScalars
        guard scalars.contains(where: isAmbiguous) else {
            out.append("<w:r>")
            out.append(runProperties)
            body(text, &out)
            out.append("</w:r>")
            return
        }
        let marked = properties(runProperties, font: font)
        var start = scalars.startIndex
        while start < scalars.endIndex {
            let ambiguous = isAmbiguous(scalars[start])
            let end = scalars[start...].firstIndex { isAmbiguous($0) != ambiguous } ?? scalars.endIndex
            out.append("<w:r>")
            out.append(ambiguous ? marked : runProperties)
            body(String(scalars[start..<end]), &out)
            out.append("</w:r>")
            start = end
        }
    }

    /// `rPr` (or "") with its `w:rFonts` replaced by one naming `font` (the run's own East Asian
    /// font when it names one) for ASCII, other Latin and East Asian text, hint East Asian.
    static func properties(_ rPr: String, font: String?) -> String {
        var inner = ""
        if rPr.hasPrefix("<w:rPr>"), rPr.hasSuffix("</w:rPr>") {
            inner = String(rPr.dropFirst("<w:rPr>".count).dropLast("</w:rPr>".count))
        }
        var own: String? = nil
        if let start = inner.range(of: "<w:rFonts"), let close = inner[start.upperBound...].range(of: "/>") {
            let element = inner[start.lowerBound..<close.upperBound]
            if let a = element.range(of: "w:eastAsia=\"") {
                own = element[a.upperBound...].split(separator: "\"", maxSplits: 1).first.map(String.init)
            }
            inner.removeSubrange(start.lowerBound..<close.upperBound)
        }
        var fonts = "<w:rFonts"
        // The run's own name is XML already; the style's is text.
        var value = own
        if value == nil, let font {
            var escaped = XMLOutput()
            escaped.appendEscapedAttribute(font)
            value = String(decoding: escaped.bytes, as: UTF8.self)
        }
        if let value { fonts += " w:ascii=\"\(value)\" w:eastAsia=\"\(value)\" w:hAnsi=\"\(value)\"" }
        fonts += " w:hint=\"eastAsia\"/>"
        // Schema order: rStyle, then rFonts.
        if inner.hasPrefix("<w:rStyle"), let close = inner.range(of: "/>") {
            inner.insert(contentsOf: fonts, at: close.upperBound)
        } else {
            inner = fonts + inner
        }
        return "<w:rPr>" + inner + "</w:rPr>"
    }
}
