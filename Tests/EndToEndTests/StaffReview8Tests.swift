import Foundation
import Testing

/// Staff review 8: a finance-office member restyles the default templates in Word/WPS (the
/// parts edited as Word and WPS save them) and runs `template check` and `template preview`.
@Suite struct StaffReview8Tests {
    typealias Restyle = TemplateRestyleTests
    static let sheet = "self-evaluation-sheet.docx"
    static let report = "project-report.docx"

    static func field(code: String, result: String) -> String {
        FieldCodeTagTests.field(code: code, result: result)
    }

    /// Brackets typed for braces with a Chinese input method: `】` (the ] key without Shift),
    /// `【【` for `{{`, ASCII `]]`. Each is E-TPL-023 at its tag naming the bracket and the tag to
    /// type, all in one run; the section typed so still pairs with its close (no E-TPL-002).
    /// They used to be E-TPL-011 “只有开始定界符……请补上结束定界符” (or E-TPL-012), naming neither.
    @Test func bracketsTypedForBracesAreNamed() throws {
        let dir = try Restyle.edited([
            ("{{project.implementer}}", "{{实施单位】"),
            ("{{project.department}}", "【【主管部门}}"),
            ("{{project.name}}", "{{项目名称]]"),
            ("{{#indicators}}", "{{#indicators】】"),
        ])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 4 && checked.lines.allSatisfy { $0.contains("E-TPL-023") }, "\(checked.lines)")
        func line(_ tag: String) -> String { checked.lines.first { $0.contains("（标签 \(tag)）") } ?? "" }
        let closing = line("{{实施单位】")
        #expect(closing.contains("“】”是中文输入法下按 ] 键打出的方头括号") && closing.contains("结尾还少一个大括号")
                && closing.contains("应写 {{实施单位}}") && closing.contains("正文 第 1 个表格 第 2 行 第 4 列"), "\(closing)")
        #expect(line("【【主管部门}}").contains("“【”是中文输入法下按 [ 键打出的方头括号") && line("【【主管部门}}").contains("应写 {{主管部门}}"), "\(checked.lines)")
        #expect(line("{{项目名称]]").contains("“]”是方括号（没有按住 Shift 键）") && line("{{项目名称]]").contains("应写 {{项目名称}}"), "\(checked.lines)")
        #expect(line("{{#indicators】】").contains("应写 {{#indicators}}"), "\(checked.lines)")
        // The preview stops with the same four and writes nothing.
        let preview = dir.appendingPathComponent("预览.docx")
        let previewed = try EndToEnd.reportgen(["template", "preview", dir.appendingPathComponent(Self.sheet).path, "-o", preview.path])
        #expect(previewed.status == 1 && previewed.stderr.components(separatedBy: "E-TPL-023").count == 5, "\(previewed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: preview.path))
    }

    /// `【【实施单位】】` and `{实施单位}` hold no brace pair and may be meant as text: W-TPL-001
    /// with the tag to type (they used to pass unsaid and print as typed in every report). A tag
    /// set in brackets, `【{{项目名称}}】`, is ordinary text and no warning.
    @Test func bracketsWithoutBracesAreWarned() throws {
        let dir = try Restyle.edited([
            ("{{project.implementer}}", "【【实施单位】】"),
            ("{{project.department}}", "{主管部门}"),
            ("{{project.name}}", "【{{project.name}}】"),
        ])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 0)
        #expect(checked.lines.count == 2 && checked.lines.allSatisfy { $0.contains("W-TPL-001") }, "\(checked.lines)")
        #expect(checked.lines.contains { $0.contains("“【【实施单位】】”不是标签") && $0.contains("应写 {{实施单位}}") }, "\(checked.lines)")
        #expect(checked.lines.contains { $0.contains("“{主管部门}”只有一个大括号") && $0.contains("应写 {{主管部门}}") }, "\(checked.lines)")
    }

    /// Tags typed over a field's shown result: over a DATE field's date (complex field), over a
    /// mail-merge field's «实施单位» (`w:fldSimple`), and half a tag ending in a MERGEFIELD's result.
    /// They used to pass (the half-tag read as E-TPL-041 «实施单位»). The DATE is recomputed by
    /// Word and LibreOffice on opening (LibreOffice printed today's date in place of 填报日期):
    /// E-TPL-046. A MERGEFIELD keeps the value until the fields are updated: W-TPL-021. Both name
    /// Ctrl+Shift+F9. A tag as a HYPERLINK field's shown text is kept by Word: nothing said.
    @Test func aTagInAFieldResultIsNamed() throws {
        let dir = try Restyle.edited([
            ("<w:r><w:t>{{project.implementer}}</w:t></w:r>",
             "<w:fldSimple w:instr=\" MERGEFIELD 实施单位 \\* MERGEFORMAT \"><w:r><w:t>{{project.implementer}}</w:t></w:r></w:fldSimple>"),
            ("<w:r><w:t>{{project.department}}</w:t></w:r>",
             "<w:r><w:t>{{project.</w:t></w:r>" + Self.field(code: " MERGEFIELD 主管部门 ", result: "department}}")),
            ("填报日期：{{filledOnText}}</w:t></w:r>",
             "填报日期：</w:t></w:r>" + Self.field(code: " DATE \\@ &quot;yyyy年M月d日&quot; ", result: "{{filledOnText}}")),
            ("<w:r><w:t>{{project.name}}</w:t></w:r>",
             Self.field(code: " HYPERLINK &quot;https://www.example.gov.cn/&quot; ", result: "{{project.name}}")),
        ])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 3 && checked.lines.allSatisfy { $0.contains("Ctrl+Shift+F9") }, "\(checked.lines)")
        #expect(checked.lines.contains { $0.contains("E-TPL-046 正文 第 14 段") && $0.contains("（标签 {{filledOnText}}）") && $0.contains("换成日期") },
                "\(checked.lines)")
        #expect(checked.lines.contains { $0.contains("W-TPL-021 正文 第 1 个表格 第 2 行 第 4 列") && $0.contains("（标签 {{project.implementer}}）")
                    && $0.contains("换回 «实施单位»") }, "\(checked.lines)")
        #expect(checked.lines.contains { $0.contains("W-TPL-021") && $0.contains("标签的一部分 “department}}”") && $0.contains("域代码：MERGEFIELD 主管部门") },
                "\(checked.lines)")
        #expect(!checked.lines.contains { $0.contains("E-TPL-041") || $0.contains("HYPERLINK") }, "\(checked.lines)")
    }

    /// The footer's page number (a PAGE field) typed over with `{{unit.name}}`: the value never
    /// shows, the page number does. E-TPL-046 names the footer.
    @Test func aTagOverThePageNumberIsAnError() throws {
        let dir = try Restyle.edited(in: Self.report, parts: ["word/footer1.xml"]) { text in
            text = text.replacingOccurrences(of: "<w:r><w:t>1</w:t></w:r>", with: "<w:r><w:t>{{unit.name}}</w:t></w:r>")
        }
        let checked = try Restyle.check(dir, Self.report)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 1, "\(checked.lines)")
        let line = checked.lines.first ?? ""
        #expect(line.contains("E-TPL-046 奇数页页脚 第 1 段") && line.contains("域代码：PAGE") && line.contains("换成页码"), "\(line)")
    }

    /// A tag inside a content control bound to the document's 标题 (插入 → 文档部件 → 文档属性):
    /// LibreOffice's PDF showed the template's title there, not the value. E-TPL-047 names the
    /// property and “删除内容控件”; a control without a binding around a tag is fine.
    @Test func aTagInABoundContentControlIsAnError() throws {
        let binding = "<w:dataBinding w:prefixMappings=\"xmlns:ns0='http://purl.org/dc/elements/1.1/' xmlns:ns1='http://schemas.openxmlformats.org/package/2006/metadata/core-properties' \""
            + " w:xpath=\"/ns1:coreProperties[1]/ns0:title[1]\" w:storeItemID=\"{6C3C8BC8-F283-45AE-878A-BAB7291924A1}\"/>"
        let dir = try Restyle.edited([
            ("<w:r><w:t>{{project.implementer}}</w:t></w:r>",
             "<w:sdt><w:sdtPr><w:id w:val=\"1236\"/>\(binding)<w:text/></w:sdtPr><w:sdtContent><w:r><w:t>{{project.implementer}}</w:t></w:r></w:sdtContent></w:sdt>"),
            ("<w:r><w:t>{{project.department}}</w:t></w:r>",
             "<w:sdt><w:sdtPr><w:alias w:val=\"主管部门\"/><w:id w:val=\"1237\"/><w:text/></w:sdtPr><w:sdtContent><w:r><w:t>{{project.department}}</w:t></w:r></w:sdtContent></w:sdt>"),
        ])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 1, "\(checked.lines)")
        let line = checked.lines.first ?? ""
        #expect(line.contains("E-TPL-047 正文 第 1 个表格 第 2 行 第 4 列") && line.contains("文档属性“标题”") && line.contains("删除内容控件")
                && line.contains("（标签 {{project.implementer}}）"), "\(line)")
    }

    /// The input method left in 全角 mode (Shift+Space): `{{ｐｒｏｊｅｃｔ.implementer}}` looks right
    /// on the page. One E-TPL-023 naming 全角字母 and Shift+空格; it used to be E-TPL-020 “数据中
    /// 没有字段 ｐｒｏｊｅｃｔ.implementer” listing 135 fields, the first of them the one typed.
    @Test func fullWidthLettersAreNamed() throws {
        let dir = try Restyle.edited([("{{project.implementer}}", "{{ｐｒｏｊｅｃｔ.implementer}}"),
                                      ("{{project.department}}", "{{ｐｒｏｊｅｃｔ．ｄｅｐａｒｔｍｅｎｔ}}")])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 2 && checked.lines.allSatisfy { $0.contains("E-TPL-023") && $0.contains("“ｐ”是全角字母") && $0.contains("Shift+空格") },
                "\(checked.lines)")
    }

    /// A tag pasted from a web page with a zero-width space in it: one E-TPL-005 showing where
    /// (〔零宽空格〕) and the tag to retype; it used to be E-TPL-020 suggesting the very name the
    /// person saw on the page.
    @Test func invisibleCharactersInATagAreNamed() throws {
        let dir = try Restyle.edited([("{{project.implementer}}", "{{project.\u{200B}implementer}}")])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 1, "\(checked.lines)")
        let line = checked.lines.first ?? ""
        #expect(line.contains("E-TPL-005") && line.contains("{{project.〔零宽空格〕implementer}}") && line.contains("零宽空格 U+200B")
                && line.contains("重新输入 {{project.implementer}}"), "\(line)")
        // The message shows the character marked; only the quoted 原文 holds it as written.
        #expect(!(line.components(separatedBy: "；原文").first ?? "").unicodeScalars.contains("\u{200B}"), "\(line)")
    }

    /// `{{#has.evaluators}}`'s paragraph wrapped in a content control (as a form-builder does)
    /// and its close outside: E-TPL-006 says the control is the cause. It used to say “不在同一
    /// 层级（例如一个在表格单元格内、一个在表格外）”, with no table anywhere near.
    @Test func aSectionLeavingAContentControlSaysSo() throws {
        let paragraph = "<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr><w:r><w:t>{{#has.evaluators}}</w:t></w:r></w:p>"
        let dir = try Restyle.edited([(paragraph, "<w:sdt><w:sdtPr><w:id w:val=\"79\"/></w:sdtPr><w:sdtContent>\(paragraph)</w:sdtContent></w:sdt>")],
                                     in: Self.report)
        let checked = try Restyle.check(dir, Self.report)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 1, "\(checked.lines)")
        let line = checked.lines.first ?? ""
        #expect(line.contains("E-TPL-006") && line.contains("开始标签所在的段落在一个内容控件里") && line.contains("删除内容控件")
                && !line.contains("表格单元格内"), "\(line)")
    }

    /// `{{/indicators}}` moved into the 合计 row with 修订 on and not accepted: Word keeps both
    /// the moved-away tag (struck through) and the moved-to one, so the check reads two close
    /// tags. The E-TPL-002 at the moved-to tag says it is a revision and to accept it first; it
    /// used to say only “前面没有对应的开始标签……若这个结束标签是多余的，请删去它”.
    @Test func aSectionTagInAMoveRevisionSaysSo() throws {
        let dir = try Restyle.edited([
            ("<w:r><w:t>{{deviation}}{{/indicators}}</w:t></w:r>",
             "<w:r><w:t>{{deviation}}</w:t></w:r><w:moveFrom w:id=\"81\" w:author=\"张三\" w:date=\"2026-11-20T10:00:00Z\"><w:r><w:t>{{/indicators}}</w:t></w:r></w:moveFrom>"),
            ("<w:r><w:t>等次：{{sheet.grade}}</w:t></w:r>",
             "<w:r><w:t>等次：{{sheet.grade}}</w:t></w:r><w:moveTo w:id=\"82\" w:author=\"张三\" w:date=\"2026-11-20T10:00:00Z\"><w:r><w:t>{{/indicators}}</w:t></w:r></w:moveTo>"),
        ])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 2 && checked.lines.contains { $0.contains("W-TPL-014") }, "\(checked.lines)")
        let line = checked.lines.first { $0.contains("E-TPL-002") } ?? ""
        #expect(line.contains("正文 第 2 个表格 第 3 行 第 5 列") && line.contains("未接受的修订（移动到这里的文字）") && line.contains("接受所有修订"), "\(line)")
    }

    /// `reportgen template tags` (the help says 列出模板中的全部标签): E-CLI-016 names `fields`
    /// and what it does; it used to list the subcommands only, “tags” being far from “fields”.
    @Test func templateTagsPointsToFields() throws {
        let result = try EndToEnd.reportgen(["template", "tags", "templates/\(Self.sheet)"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("没有子命令「tags」，是否应为「fields」（列出模板中的全部标签"), "\(result.stderr)")
    }

    /// The empty header cell above 绩效指标 merged in Word with the indicator row's first cell:
    /// Word keeps the merged cell's text in the header row, `{{#indicators}}` with it, so the loop
    /// ran from the header row. The header printed before every indicator and the check passed.
    /// Now E-TPL-006 at the tag, naming the merge and how to split it.
    static let headerCell = "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:tcW w:w=\"1000\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableHeader\"/></w:pPr></w:p></w:tc>"
    static let loopCell = "<w:tc><w:tcPr><w:tcW w:w=\"1000\" w:type=\"dxa\"/><w:vMerge w:val=\"restart\"/><w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableSideHeader\"/></w:pPr><w:r><w:t>{{#indicators}}绩效指标</w:t></w:r></w:p></w:tc>"

    @Test func aLoopStartingInTheHeaderRowIsAnError() throws {
        let merged = "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:tcW w:w=\"1000\" w:type=\"dxa\"/><w:vMerge w:val=\"restart\"/><w:vAlign w:val=\"center\"/></w:tcPr>"
            + "<w:p><w:pPr><w:pStyle w:val=\"TableHeader\"/></w:pPr></w:p><w:p><w:pPr><w:pStyle w:val=\"TableSideHeader\"/></w:pPr><w:r><w:t>{{#indicators}}绩效指标</w:t></w:r></w:p></w:tc>"
        let continued = "<w:tc><w:tcPr><w:tcW w:w=\"1000\" w:type=\"dxa\"/><w:vMerge/><w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableSideHeader\"/></w:pPr></w:p></w:tc>"
        let dir = try Restyle.edited([(Self.headerCell, merged), (Self.loopCell, continued)])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 1)
        #expect(checked.lines.count == 1, "\(checked.lines)")
        let line = checked.lines.first ?? ""
        #expect(line.contains("E-TPL-006 正文 第 2 个表格 第 1 行 第 1 列") && line.contains("第 1 行是表头行") && line.contains("拆分单元格")
                && line.contains("放回第 2 行第 1 个单元格的开头"), "\(line)")
    }

    /// The indicator row ticked as well when setting 重复标题行 on the header: every indicator
    /// becomes a header row, and the pages the table runs onto lose the column headings (seen
    /// in LibreOffice's PDF of 36 indicators). W-TPL-018; the default rows with a condition
    /// over header rows (`{{#has.indicators}}`) are no such loop and pass.
    @Test func aLoopRowMarkedAsHeaderIsWarned() throws {
        let row = "<w:tr><w:trPr><w:cantSplit/></w:trPr>" + Self.loopCell
        let dir = try Restyle.edited([(row, "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" + Self.loopCell)])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 0)
        #expect(checked.lines.count == 1, "\(checked.lines)")
        let line = checked.lines.first ?? ""
        #expect(line.contains("W-TPL-018 正文 第 2 个表格 第 2 行 第 1 列") && line.contains("按 indicators 的每一项重复") && line.contains("取消“重复标题行”"), "\(line)")
    }

    /// `{{project.implementer}}` formatted as hidden text (字体 → 隐藏, Ctrl+Shift+H): the value is
    /// hidden too, and LibreOffice's PDF had no 实施单位. It passed; now W-TPL-019 at the tag.
    /// “Not hidden” written out (`w:vanish w:val="0"`, as WPS saves) is no warning.
    @Test func aHiddenTagIsWarned() throws {
        let dir = try Restyle.edited([
            ("<w:r><w:t>{{project.implementer}}</w:t></w:r>", "<w:r><w:rPr><w:vanish/></w:rPr><w:t>{{project.implementer}}</w:t></w:r>"),
            ("<w:r><w:t>{{project.department}}</w:t></w:r>", "<w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>{{project.department}}</w:t></w:r>"),
        ])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 0)
        #expect(checked.lines.count == 1, "\(checked.lines)")
        let line = checked.lines.first ?? ""
        #expect(line.contains("W-TPL-019 正文 第 1 个表格 第 2 行 第 4 列") && line.contains("隐藏文字") && line.contains("（标签 {{project.implementer}}）"), "\(line)")
    }

    /// The indicator row set to a fixed height (表格属性 → 行 → 行高值是：固定值, 0.71 cm) to
    /// tidy the table: every indicator whose text needs two lines was cut in LibreOffice's PDF
    /// (“资助重点救助对象参”, “2021 年 12 月”), and the check passed. W-TPL-020 once for the row.
    @Test func aFixedRowHeightIsWarned() throws {
        let row = "<w:tr><w:trPr><w:cantSplit/></w:trPr>" + Self.loopCell
        let dir = try Restyle.edited([(row, "<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val=\"400\" w:hRule=\"exact\"/></w:trPr>" + Self.loopCell)])
        let checked = try Restyle.check(dir)
        #expect(checked.status == 0)
        #expect(checked.lines.count == 1, "\(checked.lines)")
        let line = checked.lines.first ?? ""
        #expect(line.contains("W-TPL-020 正文 第 2 个表格 第 2 行 第 2 列") && line.contains("固定行高（0.71 厘米）") && line.contains("最小值"), "\(line)")
    }
}
