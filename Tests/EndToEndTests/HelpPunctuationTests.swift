import Testing
@testable import reportgen

/// Leftovers 13: the --help screens break lines by the punctuation list form cells use
/// (`TextFormats/LineBreakPunctuation`); their own list lacked 〈〉 (and ．％…), so a line could
/// start with “〉” or end with “〈”.
struct HelpPunctuationTests {
    @Test func helpLinesKeepAngleBracketsWithTheirText() {
        // Seven wide characters a line: “〉” would start the second line.
        let closing = HelpColumns.fill("一二三四〈五六〉七八", room: 14)
        #expect(closing.joined() == "一二三四〈五六〉七八")
        #expect(!closing.contains { $0.hasPrefix("〉") } && closing.count == 2, "\(closing)")
        // Five a line: “〈” would end the first.
        let opening = HelpColumns.fill("一二三四〈五六〉七八", room: 10)
        #expect(opening.joined() == "一二三四〈五六〉七八")
        #expect(!opening.contains { $0.hasSuffix("〈") }, "\(opening)")
        // ASCII punctuation inside a word still never splits it.
        #expect(HelpColumns.fill("甲乙丙丁戊 package.json，己", room: 16).contains { $0.contains("package.json") })
    }
}
