import Testing
@testable import Templating

/// `CellLines` (officer review 13): where a form cell's text breaks so its last line is not one
/// character alone. Widths: table text at 10.5 pt, a Han character 210 twips.
struct CellLinesTests {
    static func lines(_ text: String, characters: Int) -> [String] {
        // Room for `characters` Han characters a line, and a little more.
        CellLines.broken(text, usable: characters * 210 + 50).components(separatedBy: "\n")
    }

    /// The 特定目标类 form's names in a column of nine characters a line: 19 characters filled
    /// 9 + 9 + 1 and printed “会” alone; spread over three lines none is one character, and the
    /// text is the same once the lines are joined. A name that ends with two characters on its
    /// last line, or fits, is left as it is.
    @Test func aLastLineOfOneCharacterIsMended() {
        let name = "召开医保工作市级新闻发布会、政策吹风会"
        let lines = Self.lines(name, characters: 9)
        #expect(lines.count == 3 && lines.joined() == name, "\(lines)")
        #expect(lines.allSatisfy { $0.unicodeScalars.count > 1 && $0.unicodeScalars.count <= 9 }, "\(lines)")
        #expect(Self.lines("定点医药机构监督检查覆盖率", characters: 12) == ["定点医药机构监", "督检查覆盖率"])
        #expect(Self.lines("医保系统重大安全事件响应时间", characters: 12) == ["医保系统重大安全事件响应时间"])
        #expect(Self.lines("医保系统正常运行率", characters: 9) == ["医保系统正常运行率"])
    }

    /// Punctuation stays with its character and a run of digits or Latin letters stays whole.
    /// The ippe report's 偏差原因 note printed “群众需求较” / “大，增加了2” / “次进社区宣” / “传。”
    /// (“。” may not start a line, so “传。” is the lone piece): the last but one line gives
    /// “宣” to the last. “资金到位率（到位数÷全年预算” over “数）” is spread over two lines, “（”
    /// never ending one.
    @Test func piecesLibreOfficeWouldNotSplitStayWhole() {
        let pieces = { (text: String) -> [String] in
            let scalars = Array(text.unicodeScalars)
            return CellLines.pieces(scalars).map { String(String.UnicodeScalarView(scalars[$0])) }
        }
        #expect(pieces("和DRG试点") == ["和", "DRG", "试", "点"])
        #expect(pieces("宣传。") == ["宣", "传。"])
        #expect(pieces("率（到位数÷全") == ["率", "（到", "位", "数", "÷", "全"])
        #expect(pieces("≥90%，合格") == ["≥90%，", "合", "格"])

        let note = "群众需求较大，增加了2次进社区宣传。"
        // A little under six characters a line, as the note's column printed it.
        let lines = CellLines.broken(note, usable: 1233).components(separatedBy: "\n")
        #expect(lines.joined() == note)
        #expect(lines.count == 4 && lines.last == "宣传。", "\(lines)")
        let rate = "资金到位率（到位数÷全年预算数）"
        let rateLines = CellLines.broken(rate, usable: 3000).components(separatedBy: "\n")
        #expect(rateLines.count == 2 && rateLines.joined() == rate, "\(rateLines)")
        #expect(!rateLines.contains { $0.hasPrefix("）") || $0.hasSuffix("（") || $0.unicodeScalars.count < 3 }, "\(rateLines)")
        // An unknown or tiny width, or a one-character text, is left alone.
        #expect(CellLines.broken("满", usable: 100) == "满")
        #expect(CellLines.breaks(Array("经办人员培训合格率".unicodeScalars), usable: 0).isEmpty)
    }

    /// Leftovers 13: the cells and the --help screens break by one list of punctuation
    /// (`TextFormats/LineBreakPunctuation`). The cells' own list lacked the brackets of a
    /// document number, so “财预〔2021〕12号” could end a line with “〔” or start one with “〕”.
    @Test func aDocumentNumbersBracketsStayWithItsYear() {
        let pieces = { (text: String) -> [String] in
            let scalars = Array(text.unicodeScalars)
            return CellLines.pieces(scalars).map { String(String.UnicodeScalarView(scalars[$0])) }
        }
        // Breaks fall only between pieces: “〔” keeps to the year after it, “〕” to the one before.
        #expect(pieces("财预〔2021〕12号") == ["财", "预", "〔2021〕", "12", "号"])
    }
}
