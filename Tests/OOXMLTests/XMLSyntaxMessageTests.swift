import CLibXML2
import Foundation
import Testing
@testable import OOXML

/// E-XML-001 names what is wrong in Chinese, with line and column, never in libxml2's English.
@Suite struct XMLSyntaxMessageTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let source: String
        let line: Int
        let expected: [String]
        var testDescription: String { expected.joined(separator: " ") }
    }

    static let cases: [Case] = [
        Case(source: "<a>\n<b>\n</a>", line: 3, expected: ["开始标签 <b>（第 2 行）", "</a>", "不匹配"]),
        Case(source: "<a>\n<b>text", line: 2, expected: ["标签 <b>（第 2 行）没有结束"]),
        Case(source: "<a>x\u{1}y</a>", line: 1, expected: ["不允许的字符（U+0001）"]),
        Case(source: "<a>&nbsp;</a>", line: 1, expected: ["未定义的实体 &nbsp;", "&amp;"]),
        Case(source: "<a>R&D</a>", line: 1, expected: ["实体引用不完整"]),
        Case(source: "<a x=\"1\" x=\"2\"/>", line: 1, expected: ["属性「x」出现了两次"]),
        Case(source: "<a x=1/>", line: 1, expected: ["属性值缺少引号"]),
        Case(source: "<a>1 < 2</a>", line: 1, expected: ["不是有效的元素名", "&lt;"]),
        Case(source: "<a/><b/>", line: 1, expected: ["根元素结束之后还有多余的内容"]),
        Case(source: "<a><!-- x </a>", line: 1, expected: ["注释"]),
        // A namespace error alone does not stop libxml2; the fatal error after it is the one reported.
        Case(source: "<x:a>\n<b></c></x:a>", line: 2, expected: ["开始标签 <b>", "</c>"]),
        // Alone it is still an error: the tree builds, but Word refuses a part with an undeclared prefix.
        Case(source: "<a>\n<w14:b/></a>", line: 2, expected: ["命名空间前缀「w14」没有声明", "Word 无法打开"]),
        Case(source: "<a xmlns:w=\"u\">\n<w:b w15:c=\"1\"/></a>", line: 2, expected: ["命名空间前缀「w15」没有声明"]),
    ]

    @Test(arguments: cases) func namesTheProblemInChinese(_ example: Case) {
        do {
            _ = try XMLDocument(parsing: Array(example.source.utf8), partName: "word/document.xml")
            Issue.record("accepted: \(example.source)")
        } catch {
            #expect(error.code == .xmlMalformed)
            #expect(error.line == example.line, "\(error)")
            #expect(error.message.hasPrefix("XML 格式错误（第 "), "\(error)")
            for fragment in example.expected { #expect(error.message.contains(fragment), "\(error)") }
            // No English sentence from libxml2 ("Opening and ending tag mismatch", "not defined").
            #expect(error.message.range(of: "[A-Za-z]{3,} [a-z]{2,} [a-z]{2,}", options: .regularExpression) == nil, "\(error)")
        }
    }

    @Test func invalidUTF8IsNamedAsAnEncodingProblem() {
        let bytes = Array("<a>".utf8) + [0xFF, 0xFE] + Array("</a>".utf8)
        do {
            _ = try XMLDocument(parsing: bytes, partName: "word/document.xml")
            Issue.record("accepted")
        } catch {
            #expect(error.code == .xmlMalformed && error.message.contains("不是有效的 UTF-8"), "\(error)")
        }
    }

    @Test func anUntranslatedCodeGetsAGenericChineseSentenceWithTheNumber() {
        var raw = xmlErrorForTest(code: 9999)
        raw.line = 4
        let error = XMLSyntaxError(raw)
        #expect(error.message == "XML 格式错误：无法解析（libxml2 错误码 9999）")
    }

    private func xmlErrorForTest(code: Int32) -> xmlError {
        var error = xmlError()
        error.code = code
        error.level = XML_ERR_FATAL
        return error
    }
}
