import Foundation
import Testing

/// Chinese input-method slips are named at `template check` time, with 全角 and the way to
/// type the half-width character, at the paragraph where they stand.
@Suite struct InputMethodSlipTests {
    static func check(_ edits: [(String, String)]) throws -> EndToEnd.Result {
        let file = try TemplateContractTests.edited("target-self-evaluation.docx", edits)
        return try EndToEnd.reportgen(["template", "check", file.path])
    }

    static func line(_ result: EndToEnd.Result, _ code: String, _ needle: String) -> String? {
        (result.stderr + result.stdout).split(separator: "\n").map(String.init).first { $0.contains(code) && $0.contains(needle) }
    }

    @Test func fullWidthBracesAreAnErrorNotLiteralText() throws {
        let result = try Self.check([("{{contact.name}}", "｛｛填报人｝｝")])
        #expect(result.status == 1)
        let line = Self.line(result, "E-TPL-023", "｛｛填报人｝｝")
        #expect(line?.contains("全角大括号") == true && line?.contains("半角 {{ }}") == true, "\(result.stderr)")
        #expect(line?.contains("原文：“填报人：｛｛填报人｝｝") == true, "\(result.stderr)")
    }

    @Test func aSingleFullWidthBraceIsAWarning() throws {
        let result = try Self.check([("{{contact.name}}", "{{contact.name}}｛备注｝")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.line(result, "W-TPL-001", "｛备注｝")?.contains("全角大括号") == true, "\(result.stderr)")
    }

    /// A condition typed with a Chinese input method (`{{#…== “优”}}`, `＝＝`, `！＝`): each tag is
    /// named with the comparison's own fix, not "字段名不加引号" (the compared text does take quotes).
    @Test func fullWidthQuotesAndSignsInAComparison() throws {
        let result = try Self.check([("{{contact.name}}", "{{#填报人 == “张三”}}张三{{/}}{{#填报人 ＝＝ \"李四\"}}李四{{/}}{{^填报人 ！＝ \"王五\"}}王五{{/}}")])
        #expect(result.status == 1)
        let lines = (result.stderr + result.stdout).split(separator: "\n").filter { $0.contains("E-TPL-") }
        #expect(lines.count == 3 && lines.allSatisfy { $0.contains("E-TPL-023") }, "\(result.stderr)")
        #expect(Self.line(result, "E-TPL-023", "“张三”}}）")?.contains("比较的文字要用半角引号") == true, "\(result.stderr)")
        #expect(Self.line(result, "E-TPL-023", "{{#填报人 ＝＝")?.contains("全角等号，比较应写半角 ==") == true, "\(result.stderr)")
        #expect(Self.line(result, "E-TPL-023", "{{^填报人 ！＝")?.contains("全角叹号") == true, "\(result.stderr)")
    }

    @Test func fullWidthBarColonAndQuotesInsideTags() throws {
        let result = try Self.check([
            ("{{contact.name}}", "{{填报人 ｜ upper}}"),
            ("{{contact.phone}}", "{{contact.phone | default：\"无\"}}"),
            ("{{filledOnText}}", "{{“填报日期”}}"),
        ])
        #expect(result.status == 1)
        #expect(Self.line(result, "E-TPL-023", "{{填报人 ｜ upper}}")?.contains("全角竖线，过滤器前应为半角 |") == true, "\(result.stderr)")
        #expect(Self.line(result, "E-TPL-023", "default：")?.contains("全角冒号") == true, "\(result.stderr)")
        #expect(Self.line(result, "E-TPL-023", "{{“填报日期”}}")?.contains("全角引号") == true, "\(result.stderr)")
    }

    @Test func aSpaceInsideTheDelimiters() throws {
        let result = try Self.check([("{{contact.name}}", "{ {contact.name} }")])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").filter { $0.contains("E-TPL-023") }
        #expect(lines.count == 1 && lines[0].contains("中间有空格") && lines[0].contains("应连写为 {{"), "\(result.stderr)")
    }

    /// Curly quotes around a filter argument are what Word's autocorrect makes: still fine.
    @Test func curlyQuotesAroundAnArgumentAreFine() throws {
        let result = try Self.check([("{{contact.phone}}", "{{contact.phone | default:“无”}}")])
        #expect(result.status == 0, "\(result.stderr)")
    }
}
