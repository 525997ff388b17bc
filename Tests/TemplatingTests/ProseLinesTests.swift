import Foundation
import OOXML
import Testing
@testable import Templating

/// `ProseLines` (officer review 14): a generated body paragraph whose last line would hold one
/// character alone gets its last but one line set a little wider. Measure: the default
/// templates' body text, 3号 (16 pt, a Han character 320 twips) on a 8960-twip line, the first
/// line indented two characters.
struct ProseLinesTests {
    static let body = ProseLines.Measure(em: 320, firstLine: 8960 - 640, otherLines: 8960)

    /// `count` distinct-looking Han characters (the text's content does not matter to the rule).
    static func han(_ count: Int) -> String {
        String(String.UnicodeScalarView((0..<count).map { Unicode.Scalar(0x4E00 + 0x100 + $0)! }))
    }

    /// 26 characters fill the first line, 28 the second; a 55th character with its 。 prints
    /// alone. The second line's 28 characters (scalars 26…53) are widened: they fill their line
    /// exactly, so half an em over 28 characters, rounded up, is 6 twips each — one character
    /// moves down, and 27 widened ones (27 × 326 = 8802) still fit.
    @Test func aLoneLastCharacterWidensTheLineAboveIt() {
        let text = Self.han(26) + Self.han(28) + "标。"
        #expect(ProseLines.widening(text, measure: Self.body) == ProseLines.Widening(scalars: 26..<54, twips: 6))
        // Two characters on the last line, or a paragraph of one line: nothing to mend.
        #expect(ProseLines.widening(Self.han(26) + Self.han(28) + "目标。", measure: Self.body) == nil)
        #expect(ProseLines.widening(Self.han(20) + "。", measure: Self.body) == nil)
        // A paragraph of one character and its mark (“无。”) is not a lone last line.
        #expect(ProseLines.widening("无。", measure: Self.body) == nil)
    }

    /// 、。，．：； may stand past the line's end (LibreOffice printed 28 characters and a comma
    /// on one line): the comma after the first line's 26 characters stays on the first line,
    /// and the widened line starts after it.
    @Test func aCommaAtTheEdgeStaysOnItsLine() {
        let text = Self.han(26) + "，" + Self.han(28) + "标。"
        #expect(ProseLines.widening(text, measure: Self.body) == ProseLines.Widening(scalars: 27..<55, twips: 6))
        // A closing quote does not hang: “X” after 24 characters (27 ems with its quotes) moves
        // to the second line, which then ends full and leaves 标。 alone; were ” let past the
        // edge, the first line would hold it and the last line two characters.
        let quoted = Self.han(24) + "“" + Self.han(1) + "”" + Self.han(25) + "标。"
        #expect(ProseLines.widening(quoted, measure: Self.body) == ProseLines.Widening(scalars: 24..<52, twips: 6))
    }

    /// Where the lone character depends on widths the estimate cannot be sure of, nothing is
    /// widened (widening a line that in truth is the last would push a character onto a line of
    /// its own). The second line holds 18 characters, seventeen Latin letters and 人 (5760 + 64 +
    /// 2720 + 64 + 320 = 8928 of 8960 twips) at the likely widths, leaving 员。 alone; were the
    /// letters 5 % wider (another Latin face), 人 would move down and 人员。 end the paragraph.
    @Test func anUncertainLastLineIsLeftAlone() {
        let text = Self.han(26) + Self.han(18) + "xxxxxxxxxxxxxxxxx人员。"
        #expect(ProseLines.widening(text, measure: Self.body) == nil)
        // The same line without the letters is certain.
        #expect(ProseLines.widening(Self.han(26) + Self.han(28) + "员。", measure: Self.body) != nil)
    }

    /// Officer review 15: LibreOffice puts a fifth of an em between Han text and a figure (3.2 pt
    /// in 16 pt type, measured on the examples' unjustified lines), and a digit is half an em in
    /// every face; the estimate took 0.2–0.3 em and digits ±5 %, and so left alone every paragraph
    /// with a figure whose last line it could not be sure of (“…特殊困难户 656” / “人。”). Now the
    /// seventeen digits that leave the last line uncertain as letters are certain: the second
    /// line's 18 characters, digits and 人 take 8928 twips, 员。 cannot join them, and the line is
    /// widened.
    @Test func aParagraphWithFiguresIsMendedWhereItsLinesAreSure() {
        let text = Self.han(26) + Self.han(18) + "12345678901234567人员。"
        let widening = ProseLines.widening(text, measure: Self.body)
        #expect(widening?.scalars == 26..<62, "\(String(describing: widening))")
        // Seed 000's paragraph: the line LibreOffice printed above “人。” is the one widened.
        let seed = "项目完成资助县内18074名困难群众参加2021年城乡居民医保，其中按照一档（300元/人）资助建档立卡贫困户17418人，"
            + "按照一档50%差额（150元/人）资助非建档立卡特殊困难户656人。"
        let mended = ProseLines.widening(seed, measure: Self.body)
        let scalars = Array(seed.unicodeScalars)
        #expect(mended.map { String(String.UnicodeScalarView(scalars[$0.scalars])) } == "按照一档50%差额（150元/人）资助非建档立卡特殊困难户656")
    }

    /// The widening run keeps the paragraph's run properties, `w:spacing` in its schema place.
    @Test func theSpacingTakesItsPlaceInTheRunProperties() {
        #expect(ProseLines.runProperties("", widenedBy: 6) == "<w:rPr><w:spacing w:val=\"6\"/></w:rPr>")
        #expect(ProseLines.runProperties("<w:rPr><w:rFonts w:ascii=\"A\"/><w:b/><w:sz w:val=\"28\"/></w:rPr>", widenedBy: 7)
                == "<w:rPr><w:rFonts w:ascii=\"A\"/><w:b/><w:spacing w:val=\"7\"/><w:sz w:val=\"28\"/></w:rPr>")
        #expect(ProseLines.runProperties("<w:rPr><w:spacing w:val=\"-4\"/><w:kern w:val=\"2\"/></w:rPr>", widenedBy: 5)
                == "<w:rPr><w:spacing w:val=\"5\"/><w:kern w:val=\"2\"/></w:rPr>")
    }

    /// The measure of a template's body paragraph comes from its styles: the default templates'
    /// 正文 (BodyText, based on Normal: 3号, first line indented 200 hundredths of a character)
    /// on their 8960-twip text block; a paragraph's own `w:ind` and a run's `w:sz` win.
    @Test func theMeasureComesFromTheTemplatesStyles() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("templates/src/common/word/styles.xml")
        let styles = StyleCatalog(styles: try XMLDocument(parsing: Array(try Data(contentsOf: url)), partName: "word/styles.xml"))
        let pPr = "<w:pPr><w:pStyle w:val=\"BodyText\"/></w:pPr>"
        #expect(styles.proseMeasure(paragraphProperties: pPr, runProperties: "", textWidth: 8960) == Self.body)
        let indented = "<w:pPr><w:pStyle w:val=\"BodyText\"/><w:ind w:left=\"320\"/></w:pPr>"
        #expect(styles.proseMeasure(paragraphProperties: indented, runProperties: "", textWidth: 8960)
                == ProseLines.Measure(em: 320, firstLine: 8960 - 320 - 640, otherLines: 8960 - 320))
        #expect(styles.proseMeasure(paragraphProperties: pPr, runProperties: "<w:rPr><w:sz w:val=\"28\"/></w:rPr>", textWidth: 8960)
                == ProseLines.Measure(em: 280, firstLine: 8960 - 560, otherLines: 8960))
    }

    /// A hostile template's numbers (a size of a billion half-points, an indent of Int.max) are
    /// clamped, and a measure out of any page's range widens nothing: no arithmetic overflows.
    @Test func hostileNumbersMeasureNothing() throws {
        let styles = StyleCatalog(styles: try XMLDocument(parsing: Array("""
            <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:default="1" w:styleId="N">\
            <w:pPr><w:ind w:left="9223372036854775807" w:firstLineChars="-9223372036854775807"/></w:pPr><w:rPr><w:sz w:val="1000000000"/></w:rPr></w:style></w:styles>
            """.utf8), partName: "word/styles.xml"))
        let measure = styles.proseMeasure(paragraphProperties: "", runProperties: "", textWidth: Int.max)
        #expect(measure.em == 32_760)
        #expect(ProseLines.widening(Self.han(200), measure: measure) == nil)
        #expect(ProseLines.widening(Self.han(200), measure: ProseLines.Measure(em: Int.max / 2, firstLine: Int.max, otherLines: Int.max)) == nil)
    }
}
