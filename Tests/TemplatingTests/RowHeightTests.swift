import Testing
@testable import Templating

/// The row height estimate read from a rendered row's bytes, worked by hand: usable width is the
/// cell's less 216 twips; text is measured by the one width model (`TextWidths`, 10.5 pt):
/// full-width characters 210 twips, digits 105, other ASCII their Times New Roman advance, an
/// entity as “x” (105), and 42 twips (a fifth of an em) where Han text meets a digit or letter;
/// a paragraph takes at least one line of 300 twips; a row adds 80.
@Suite struct RowHeightTests {
    static func estimate(_ xml: String) -> Int {
        Array(xml.utf8).withUnsafeBufferPointer(RowHeight.estimate)
    }

    static func cell(width: Int, _ paragraphs: [String]) -> String {
        "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/></w:tcPr>"
            + paragraphs.map { "<w:p><w:r><w:t xml:space=\"preserve\">\($0)</w:t></w:r></w:p>" }.joined() + "</w:tc>"
    }

    @Test func theTallestCellSetsTheRow() {
        // 20 full-width characters: 4 200 twips in 2 000 − 216 = 1 784 → 3 lines; the other cell
        // has two paragraphs of one line each (an empty paragraph still takes its line).
        let row = "<w:tr>" + Self.cell(width: 2000, [String(repeating: "资", count: 20)]) + Self.cell(width: 3000, ["12.5", ""]) + "</w:tr>"
        #expect(Self.estimate(row) == 3 * 300 + 80)
    }

    @Test func entitiesAndDigitsCountHalf() {
        // 17 digits + "&amp;" as one: 18 × 105 = 1 890 in 1 784 → 2 lines.
        let row = "<w:tr>" + Self.cell(width: 2000, [String(repeating: "1", count: 17) + "&amp;"]) + "</w:tr>"
        #expect(Self.estimate(row) == 2 * 300 + 80)
        // 16 + the entity: 1 785 twips still needs a second line; 15 + the entity (1 680) does not.
        #expect(Self.estimate("<w:tr>" + Self.cell(width: 2000, [String(repeating: "1", count: 16) + "&#20013;"]) + "</w:tr>") == 2 * 300 + 80)
        #expect(Self.estimate("<w:tr>" + Self.cell(width: 2000, [String(repeating: "1", count: 15) + "&lt;"]) + "</w:tr>") == 300 + 80)
    }

    /// Officer review 16: the estimate measures as the label breaks, the refitted columns and the
    /// cell lines do (it took every half-width character for half an em, nothing between Han
    /// text and a figure).
    @Test func halfWidthCharactersTakeTheirOwnAdvance() {
        // “%” is 833 per mille of an em in Times: 174 twips; 11 of them (1 914) overfill 1 784,
        // 10 (1 740) do not. Half an em each (1 155) took one line for both.
        #expect(Self.estimate("<w:tr>" + Self.cell(width: 2000, [String(repeating: "%", count: 11)]) + "</w:tr>") == 2 * 300 + 80)
        #expect(Self.estimate("<w:tr>" + Self.cell(width: 2000, [String(repeating: "%", count: 10)]) + "</w:tr>") == 300 + 80)
        // “i” is 278 per mille: 58 twips; 30 of them (1 740) fit where half an em each (3 150) took two lines.
        #expect(Self.estimate("<w:tr>" + Self.cell(width: 2000, [String(repeating: "i", count: 30)]) + "</w:tr>") == 300 + 80)
    }

    @Test func hanTextBesideAFigureTakesAFifthOfAnEmMore() {
        // 项1项1项1 in 1 216 − 216 = 1 000: 3 × 210 + 3 × 105 = 945, and five meetings of Han and
        // digit 5 × 42 = 210 → 1 155, two lines. 项项项1 (3 × 210 + 42 + 105 = 777) takes one.
        #expect(Self.estimate("<w:tr>" + Self.cell(width: 1216, ["项1项1项1"]) + "</w:tr>") == 2 * 300 + 80)
        #expect(Self.estimate("<w:tr>" + Self.cell(width: 1216, ["项项项1"]) + "</w:tr>") == 300 + 80)
    }

    @Test func aRowHeightGivenInTheRowIsTheLeast() {
        let row = "<w:tr><w:trPr><w:trHeight w:val=\"1200\"/></w:trPr>" + Self.cell(width: 2000, ["一"]) + "</w:tr>"
        #expect(Self.estimate(row) == 1200)
        // Other elements starting "<w:t" are not text: a tab and the table properties.
        let tab = "<w:tr>" + "<w:tc><w:tcPr><w:tcW w:w=\"2000\"/></w:tcPr><w:p><w:r><w:tab/><w:t>ab</w:t></w:r></w:p></w:tc>" + "</w:tr>"
        #expect(Self.estimate(tab) == 300 + 80)
    }

    @Test func aCellWithoutAWidthIsTakenAsNarrow() {
        // No w:tcW: 1 000 twips, usable 784; 8 full-width characters (1 680) → 3 lines.
        let row = "<w:tr><w:tc><w:p><w:r><w:t>" + String(repeating: "项", count: 8) + "</w:t></w:r></w:p></w:tc></w:tr>"
        #expect(Self.estimate(row) == 3 * 300 + 80)
    }
}

/// Officer review 16: a label measured by the one width model breaks only where LibreOffice may
/// break a line — never inside a figure or a Latin word, never before closing punctuation.
@Suite struct LabelLinesFigureTests {
    @Test func aFigureInALabelStaysWhole() {
        // “第100组” in a 1 000-twip cell (784 for text): 第 210, 1 105 + 42 (the fifth of an em
        // beside Han text), 0 105, 0 105, 组 210 + 42 = 819, too wide. The only breaks are before
        // the figure and before 组; the nearer to half the width (409) is before 组 (567 against 210
        // + 147 = 357 and onward). The old measure's half-em digits and no space fitted it (735);
        // spread over scalars it would have printed “第1” / “00组”.
        #expect(LabelLines.broken("第100组", cellWidth: 1000) == "第100\n组")
        // “满意度指标” still breaks before its 指标, “DRG付费指标” keeps DRG whole.
        #expect(LabelLines.broken("满意度指标", cellWidth: 1000) == "满意度\n指标")
        #expect(!LabelLines.broken("DRG付费改革试点指标", cellWidth: 800).split(separator: "\n").contains { $0.hasPrefix("R") || $0.hasPrefix("G") })
    }
}
