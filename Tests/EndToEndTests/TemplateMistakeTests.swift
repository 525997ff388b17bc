import Foundation
import OOXML
import Testing

/// A staff member restyling templates/self-evaluation-sheet.docx (its word/document.xml edited
/// as Word saves it): each mistake is one message that names the place and says what to do —
/// not a cascade of messages about tags the person did not touch.
@Suite struct TemplateMistakeTests {
    /// `template check` on a copy of the default 自评表 with `edits` made to word/document.xml.
    static func check(_ edits: [(String, String)]) throws -> [String] {
        let source = EndToEnd.packageRoot.appendingPathComponent("templates/self-evaluation-sheet.docx")
        let archive = try ZipArchive(bytes: Array(try Data(contentsOf: source)), name: "self-evaluation-sheet.docx")
        var entries: [(name: String, content: ZipEntryContent)] = []
        for entry in archive.entries {
            guard entry.name == "word/document.xml" else { entries.append((entry.name, .copy(archive, entryName: entry.name))); continue }
            var text = String(decoding: try archive.read(entry.name), as: UTF8.self)
            for (old, new) in edits {
                #expect(text.contains(old), "template lacks \(old)")
                if let range = text.range(of: old) { text.replaceSubrange(range, with: new) }
            }
            entries.append((entry.name, .bytes(Array(text.utf8))))
        }
        let copy = try EndToEnd.temporaryDirectory().appendingPathComponent("self-evaluation-sheet.docx")
        try Data(try ZipWriter.bytes(entries)).write(to: copy)
        let result = try EndToEnd.reportgen(["template", "check", copy.path])
        #expect(result.status == 1)
        return result.stderr.split(separator: "\n").map(String.init).filter { $0.contains("E-TPL-") }
    }

    /// A field the data does not have and nothing resembles (`{{备注栏}}`): one E-TPL-020 that
    /// lists, by their Chinese names, the fields usable where the tag stands — the row loop's item
    /// fields inside `{{#indicators}}`, the top-level fields (a dozen, then how many) outside it.
    @Test func unknownFieldWithNothingNearListsTheFieldsUsableThere() throws {
        let inLoop = try Self.check([("{{deviation}}", "{{deviation}}{{备注栏}}")])
        #expect(inLoop.count == 1, "\(inLoop)")
        #expect(inLoop.first?.contains("E-TPL-020") == true, "\(inLoop)")
        #expect(inLoop.first?.contains("在 {{#indicators}}…{{/indicators}} 之内可用的字段：序号、一级指标、二级指标、三级指标") == true, "\(inLoop)")
        #expect(inLoop.first?.contains("偏差原因") == true && inLoop.first?.contains("单位名称") == false, "\(inLoop)")
        let top = try Self.check([("填报日期：", "审核人：{{审核人}}　填报日期：")])
        #expect(top.count == 1, "\(top)")
        #expect(top.first?.contains("此处可用的字段：年度、单位名称") == true && top.first?.contains(" 等 ") == true, "\(top)")
        #expect(top.first?.contains("您是不是要写") == false, "\(top)")
    }

    /// A deleted `{{/indicators}}`: E-TPL-001 alone, not also E-TPL-010 for each `| merge` of the row.
    @Test func deletedCloseTagIsOneMessage() throws {
        let lines = try Self.check([("{{/indicators}}", "")])
        #expect(lines.count == 1 && lines[0].contains("E-TPL-001") && lines[0].contains("加上 {{/indicators}}"), "\(lines)")
    }

    /// A misspelt `{{/indicator}}`: E-TPL-003 says what to write; the enclosing `{{#scheme.mof}}`
    /// is not reported as unclosed.
    @Test func misspeltCloseTagSaysWhatToWrite() throws {
        let lines = try Self.check([("{{/indicators}}", "{{/indicator}}")])
        #expect(lines.count == 1, "\(lines)")
        #expect(lines.first?.contains("E-TPL-003") == true && lines.first?.contains("结束标签应写 {{/indicators}}") == true, "\(lines)")
    }

    /// A comparison without quotes (`{{#等次 == 优}}…{{/}}`): E-TPL-005 alone; its `{{/}}` is its
    /// own, not the close of the enclosing `{{#scheme.mof}}` (which would add E-TPL-006 and E-TPL-002).
    @Test func unquotedComparisonIsOneMessage() throws {
        let lines = try Self.check([("{{sheet.grade}}", "{{#等次 == 优}}优秀{{/}}")])
        #expect(lines.count == 1 && lines[0].contains("E-TPL-005") && lines[0].contains("{{#等次 == \"优\"}}"), "\(lines)")
    }

    /// A tag broken by Enter: one message naming both halves and saying to join them.
    @Test func tagSplitAcrossParagraphsSaysToJoinIt() throws {
        let lines = try Self.check([("{{project.implementer}}", "{{project.</w:t></w:r></w:p><w:p><w:r><w:t>implementer}}")])
        #expect(lines.count == 1, "\(lines)")
        #expect(lines.first?.contains("E-TPL-011") == true && lines.first?.contains("合回一段") == true, "\(lines)")
        #expect(lines.first?.contains("“{{project.”") == true && lines.first?.contains("“implementer}}”") == true, "\(lines)")
    }

    /// A lone close delimiter in a paragraph that does not follow an open tag is still its own error.
    @Test func aLoneCloseDelimiterAfterACompleteParagraphIsItsOwnError() throws {
        let lines = try Self.check([("{{project.implementer}}", "{{project.implementer}}</w:t></w:r></w:p><w:p><w:r><w:t>implementer}}")])
        #expect(lines.count == 1 && lines[0].contains("E-TPL-012"), "\(lines)")
    }

    /// A tag split across runs with other formatting (as Word stores a tag typed in pieces) is fine.
    @Test func tagSplitAcrossRunsIsFound() throws {
        let source = EndToEnd.packageRoot.appendingPathComponent("templates/self-evaluation-sheet.docx")
        let archive = try ZipArchive(bytes: Array(try Data(contentsOf: source)), name: "t.docx")
        let text = String(decoding: try archive.read("word/document.xml"), as: UTF8.self)
        #expect(text.contains("<w:r><w:t>{{project.name}}</w:t></w:r>"))
        let lines = try Self.check([("<w:r><w:t>{{project.name}}</w:t></w:r>",
                                     "<w:r><w:t>{{proj</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>ect.na</w:t></w:r><w:r><w:t>me}}{{项目名}}</w:t></w:r>")])
        // Only the misspelt alias is reported (with the name meant), not the split tag.
        #expect(lines.count == 1 && lines[0].contains("项目名") && lines[0].contains("您是不是要写 项目名称"), "\(lines)")
    }

    /// One full-width ＃ or ／ typed in a section tag: the E-TPL-023 alone — not, as before, 12 more
    /// messages (E-TPL-010, E-TPL-003, E-TPL-020 for each tag of the row loop it unpaired).
    @Test func fullWidthSectionMarkIsOneMessage() throws {
        for (old, new) in [("{{#indicators}}", "{{＃indicators}}"), ("{{/indicators}}", "{{／indicators}}")] {
            let lines = try Self.check([(old, new)])
            #expect(lines.count == 1 && lines[0].contains("E-TPL-023") && lines[0].contains(new), "\(lines)")
        }
    }

    /// A third brace: `{{项目名称}}}` passed the check and printed “项目名称的值}” in every report;
    /// `{{{#indicators}}` was an odd-path E-TPL-005 plus a cascade. Now one E-TPL-037 each,
    /// naming the tag as meant and what to delete.
    @Test func aThirdBraceIsOneMessageSayingWhatToDelete() throws {
        let after = try Self.check([("<w:r><w:t>{{project.name}}</w:t></w:r>", "<w:r><w:t>{{项目名称}}}</w:t></w:r>")])
        #expect(after.count == 1 && after[0].contains("E-TPL-037") && after[0].contains("应写 {{项目名称}}")
                && after[0].contains("原样印") && after[0].contains("删去多余的 “}”"), "\(after)")
        let before = try Self.check([("{{#indicators}}", "{{{#indicators}}")])
        #expect(before.count == 1 && before[0].contains("E-TPL-037") && before[0].contains("应写 {{#indicators}}"), "\(before)")
    }

    /// `{{#indicators}}` cut from the row and not pasted back (the guide's §六 step 3 half done):
    /// one E-TPL-002 at `{{/indicators}}` saying where the open tag goes — before, 12 messages,
    /// one of which advised deleting the close tag.
    @Test func deletedOpenTagOfARowLoopIsOneMessageSayingWhereItGoes() throws {
        let lines = try Self.check([("{{#indicators}}", "")])
        #expect(lines.count == 1, "\(lines)")
        #expect(lines.first?.contains("E-TPL-002") == true && lines.first?.contains("第一个单元格的开头加上 {{#indicators}}") == true, "\(lines)")
    }

    /// A deleted condition's open tag: E-TPL-002 names the open tag to put back.
    @Test func deletedOpenTagOfAConditionSaysWhatToAdd() throws {
        let file = try TemplateContractTests.edited("project-report.docx", [("<w:r><w:t>{{#has.evaluators}}</w:t></w:r>", "")])
        let result = try EndToEnd.reportgen(["template", "check", file.path])
        let lines = result.stderr.split(separator: "\n").filter { $0.contains("E-TPL-") }
        #expect(result.status == 1 && lines.count == 1, "\(result.stderr)")
        #expect(lines.first?.contains("加上 {{#has.evaluators}}") == true, "\(result.stderr)")
    }

    /// `| merge` outside a repeated row says what to do (delete it), not only the rule.
    @Test func mergeOutsideARowSaysToDeleteIt() throws {
        let lines = try Self.check([("{{contact.name}}", "{{contact.name | merge}}")])
        #expect(lines.count == 1 && lines[0].contains("E-TPL-010") && lines[0].contains("请删去 “| merge”"), "\(lines)")
    }

    /// Several mistakes: listed as the template reads (table 1 before table 2 before the
    /// 填报人 paragraph), the contract's E-TPL-020 in its place, not after every syntax error.
    @Test func problemsAreListedInDocumentOrder() throws {
        let lines = try Self.check([("{{project.name}}", "{{ project.nmae }}"), ("{{/indicators}}", "{{/indicator}}"),
                                    ("{{contact.phone}}", "｛｛联系电话｝｝")])
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.map { String($0.split(separator: " ").first ?? "") } == ["E-TPL-020", "E-TPL-003", "E-TPL-023"], "\(lines)")
    }

    /// The report's body tag deleted: the check passed and every report came out with no body.
    /// Now W-TPL-011 says what is lost and where the tag goes (a warning: the exit stays 0).
    @Test func deletedBodyTagIsWarned() throws {
        let file = try TemplateContractTests.edited("project-report.docx", [("{{> body | keepLast:\"2\"}}", "")])
        let result = try EndToEnd.reportgen(["template", "check", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        let line = result.stderr.split(separator: "\n").first { $0.contains("W-TPL-011") }
        #expect(line?.contains("{{> body}}") == true && line?.contains("没有正文") == true && line?.contains("独占一段") == true, "\(result.stderr)")
        let intact = try EndToEnd.reportgen(["template", "check", EndToEnd.packageRoot.appendingPathComponent("templates/project-report.docx").path])
        #expect(intact.status == 0 && !intact.stderr.contains("W-TPL-011"), "\(intact.stderr)")
    }

    /// The default 自评表 has two footers (odd and even pages, 奇偶页不同): a mistake in either was
    /// “页脚 第 1 段”. Now the footer is named as Word shows it when editing it.
    @Test func footersAreNamedAsWordShowsThem() throws {
        let source = EndToEnd.packageRoot.appendingPathComponent("templates/self-evaluation-sheet.docx")
        let archive = try ZipArchive(bytes: Array(try Data(contentsOf: source)), name: "self-evaluation-sheet.docx")
        var entries: [(name: String, content: ZipEntryContent)] = []
        for entry in archive.entries {
            var bytes = try archive.read(entry.name)
            if entry.name == "word/footer1.xml" || entry.name == "word/footer2.xml" {
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(text.contains(" —</w:t>"))
                let tag = entry.name == "word/footer1.xml" ? "{{project.nmae}}" : "{{unit.nmae}}"
                bytes = Array(text.replacingOccurrences(of: " —</w:t>", with: " — \(tag)</w:t>").utf8)
            }
            entries.append((entry.name, .bytes(bytes)))
        }
        let copy = try EndToEnd.temporaryDirectory().appendingPathComponent("self-evaluation-sheet.docx")
        try Data(try ZipWriter.bytes(entries)).write(to: copy)
        let result = try EndToEnd.reportgen(["template", "check", copy.path])
        let lines = result.stderr.split(separator: "\n").filter { $0.contains("E-TPL-020") }
        #expect(result.status == 1 && lines.count == 2, "\(result.stderr)")
        #expect(lines.contains { $0.contains("奇数页页脚 第 1 段") && $0.contains("{{project.nmae}}") }, "\(result.stderr)")
        #expect(lines.contains { $0.contains("偶数页页脚 第 1 段") && $0.contains("{{unit.nmae}}") }, "\(result.stderr)")
    }

    /// One brace short or a space between the braces: one message each that says what to type —
    /// `{{项目名称}` named the missing “}” nowhere (it spoke of Enter keys), `{{项目名称}　}` and
    /// `{ {项目名称}}` added E-TPL-011/012 to their E-TPL-023.
    @Test func aMissingOrSpacedBraceIsOneMessage() throws {
        let short = try Self.check([("<w:t>{{project.name}}</w:t>", "<w:t>{{项目名称}</w:t>")])
        #expect(short.count == 1 && short[0].contains("E-TPL-011") && short[0].contains("应写 {{项目名称}}"), "\(short)")
        let open = try Self.check([("<w:t>{{project.name}}</w:t>", "<w:t>{项目名称}}</w:t>")])
        #expect(open.count == 1 && open[0].contains("E-TPL-012") && open[0].contains("应写 {{项目名称}}"), "\(open)")
        for spaced in ["{{项目名称}　}", "{ {项目名称}}"] {
            let lines = try Self.check([("<w:t>{{project.name}}</w:t>", "<w:t>\(spaced)</w:t>")])
            #expect(lines.count == 1 && lines[0].contains("E-TPL-023"), "\(lines)")
        }
    }

    /// A stray `{{/appendix.funds}}` typed after `{{/has.evaluators}}` in its paragraph: only the
    /// stray tag is reported — not also E-TPL-006 against `{{#has.evaluators}}`, which the person
    /// never touched (its close no longer stood alone in the paragraph).
    @Test func aStrayCloseTagDoesNotBlameTheSectionBesideIt() throws {
        let file = try TemplateContractTests.edited("project-report.docx", [("<w:r><w:t>{{/has.evaluators}}</w:t></w:r>",
                                                                             "<w:r><w:t>{{/has.evaluators}}{{/appendix.funds}}</w:t></w:r>")])
        let result = try EndToEnd.reportgen(["template", "check", file.path])
        let lines = result.stderr.split(separator: "\n").filter { $0.contains("E-TPL-") }
        #expect(result.status == 1 && lines.count == 1, "\(result.stderr)")
        #expect(lines.first?.contains("E-TPL-002") == true && lines.first?.contains("{{/appendix.funds}}") == true, "\(result.stderr)")
    }

    /// Both loop tags of the indicator row deleted: the row's item fields are one E-TPL-020
    /// naming them all and the loop to add, and its `| merge` tags one E-TPL-010 — before, nine
    /// E-TPL-020 and two E-TPL-010, each only about its own cell.
    @Test func aRowWithoutItsLoopTagsIsOneMessagePerKind() throws {
        let lines = try Self.check([("{{#indicators}}", ""), ("{{/indicators}}", "")])
        #expect(lines.count == 2, "\(lines)")
        let fields = lines.first { $0.contains("E-TPL-020") }
        #expect(fields?.contains("这一行的 9 个标签") == true && fields?.contains("{{deviation}}") == true
                && fields?.contains("第一个单元格的开头加上 {{#indicators}}") == true, "\(lines)")
        #expect(lines.filter { $0.contains("E-TPL-010") }.count == 1, "\(lines)")
    }
}
