import Testing
import TextFormats
@testable import Templating

/// The byte-level search and the keep-with-next rewrite of a 一级 group's rows.
struct KeepWithNextTests {
    @Test func utf8SearchFindsExactBytesOnly() {
        let text = "资金执行率75.61%，{{资金.执行数}}万元"
        let open = text.firstUTF8Range(of: "{{")
        #expect(open.map { String(text[..<$0.lowerBound]) } == "资金执行率75.61%，")
        let close = open.flatMap { text.firstUTF8Range(of: "}}", from: $0.upperBound) }
        #expect(close.map { String(text[open!.upperBound..<$0.lowerBound]) } == "资金.执行数")
        #expect(text.containsUTF8("执行率"))
        #expect(!text.containsUTF8("执行率8"))
        #expect(!text.containsUTF8(""))
        // A partial match at the very end is no match.
        #expect(!"万元{".containsUTF8("{{"))
        #expect("ab{{".firstUTF8Range(of: "{{", from: "ab{{".index("ab{{".startIndex, offsetBy: 3)) == nil)
    }

    @Test func everyParagraphOfTheRowsKeepsWithTheNext() {
        let rows = #"<w:tr><w:tc><w:p><w:r><w:t>产出指标</w:t></w:r></w:p></w:tc>"#
            + #"<w:tc><w:p w14:paraId="1"><w:pPr><w:pStyle w:val="Cell"/><w:jc w:val="center"/></w:pPr><w:r><w:t>数量</w:t></w:r></w:p></w:tc>"#
            + #"<w:tc><w:p><w:pPr><w:keepNext/></w:pPr></w:p><w:pict/></w:tc></w:tr>"#
        let kept = String(decoding: KeepWithNext.everyParagraph(Array(rows.utf8)[...]), as: UTF8.self)
        #expect(kept == #"<w:tr><w:tc><w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:t>产出指标</w:t></w:r></w:p></w:tc>"#
            + #"<w:tc><w:p w14:paraId="1"><w:pPr><w:pStyle w:val="Cell"/><w:keepNext/><w:jc w:val="center"/></w:pPr><w:r><w:t>数量</w:t></w:r></w:p></w:tc>"#
            + #"<w:tc><w:p><w:pPr><w:keepNext/></w:pPr></w:p><w:pict/></w:tc></w:tr>"#)
    }
}
