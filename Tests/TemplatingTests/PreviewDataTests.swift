import Testing
import JSONValue
import OOXML
@testable import Templating

/// `PreviewData`: data synthesized from a template's own fields must render every tag
/// (with `missing: .error`, so a path the builder forgot fails the test).
@Suite struct PreviewDataTests {
    /// Compiles `body`, builds its preview data and renders it.
    func preview(_ body: String, options: TemplateOptions = TemplateOptions()) throws -> (lines: [String], preview: PreviewData) {
        let template = try compile(body, options: options)
        let preview = PreviewData.build(fields: template.fields, options: options)
        let bytes = try template.render(preview.data, missing: .error).bytes
        return (lines(try XMLDocument(parsing: bytes, partName: "out")), preview)
    }

    @Test func valueTagsShowTheirPathAsPlaceholder() throws {
        let result = try preview(p("{{unit.name}}") + p("项目：{{ project.name }}（{{year}}年）"))
        #expect(result.lines == ["【unit.name】", "项目：【project.name】（【year】年）"])
        #expect(result.preview.data["project"]?["name"] == .string("【project.name】"))
        #expect(result.preview.samples.isEmpty)
    }

    @Test func sectionsRenderOnceWithNestedPathsResolved() throws {
        let body = p("{{#has.evaluators}}")
            + table(row(cell(p("姓名")), cell(p("职务"))),
                    row(cell(p("{{#evaluators}}{{name}}")), cell(p("{{office.title}}{{/evaluators}}"))))
            + p("{{/has.evaluators}}")
            + p("{{#appendix}}{{#items}}[{{.label}}]{{/items}}{{/appendix}}")
        let result = try preview(body)
        #expect(result.lines == ["姓名 | 职务", "【name】 | 【office.title】", "[【.label】]"])
        // Item fields live in the item, as the renderer looks them up.
        let item = result.preview.data["evaluators"]?.arrayValue?.first
            ?? result.preview.data["has"]?["evaluators"]?.arrayValue?.first?["evaluators"]?.arrayValue?.first
        #expect(item?["office"]?["title"] == .string("【office.title】"))
    }

    @Test func aPathKnownOutsideIsNotShadowedInsideASection() throws {
        let body = p("{{project.name}}") + p("{{#rows}}{{project.name}}/{{project.code}}/{{name}}{{/rows}}")
        let result = try preview(body)
        #expect(result.lines == ["【project.name】", "【project.name】/【project.code】/【name】"])
        // `project` resolves at the root from inside the row, so its new key goes there too.
        #expect(result.preview.data["project"]?["code"] == .string("【project.code】"))
        #expect(result.preview.data["rows"]?.arrayValue?.first?["project"] == nil)
    }

    @Test func filtersThatNeedNumbersOrDatesGetSamplesTheyAccept() throws {
        let body = p("{{a | number:2}}") + p("{{b | money:2:\",\"}}") + p("{{c | percent}}")
            + p("{{d | date:\"yyyy年M月d日\"}}") + p("{{e | cn}}") + p("{{f | default:\"无\"}}") + p("{{g | upper}}")
        let result = try preview(body)
        #expect(result.lines == ["12.50", "12.50", "【c】%", "2022年6月27日", "三", "【f】", "【G】"])
        #expect(result.preview.samples.map(\.tag) == ["{{a | number:2}}", "{{b | money:2:\",\"}}", "{{d | date:\"yyyy年M月d日\"}}", "{{e | cn}}"])
        #expect(result.preview.samples.first?.location.paragraph == 1)
    }

    @Test func aPathUsedWithDifferentFiltersGetsOneValueTheyAllAccept() throws {
        // Plain then money: the placeholder would fail money, so both show the number.
        let money = try preview(p("{{x}}") + p("{{x | money:2}}"))
        #expect(money.lines == ["12.5", "12.50"])
        // percent and number: a ratio, which both print.
        let rate = try preview(p("{{r | percent}}") + p("{{r | number}}"))
        #expect(rate.lines == ["96.27%", "0.9627"])
        // cn needs an integer, which money also accepts.
        let count = try preview(p("{{n | money:1}}") + p("第{{n | cn}}项"))
        #expect(count.lines == ["3.0", "第三项"])
    }

    @Test func invertedSectionsRenderUnlessTheSectionBranchIsShown() throws {
        let alone = try preview(p("{{^notes}}（无）{{/notes}}"))
        #expect(alone.lines == ["（无）"])
        #expect(alone.preview.hiddenInverted.isEmpty)

        let both = try preview(p("{{#scheme.mof}}有评分{{/scheme.mof}}") + p("{{^scheme.mof}}无评分{{/scheme.mof}}"))
        #expect(both.lines == ["有评分", ""])
        #expect(both.preview.hiddenInverted.map(\.tag) == ["{{^scheme.mof}}"])

        // The value appears only after the inverted section: still the section branch.
        let later = try preview(p("{{^memo}}无{{/memo}}") + p("{{memo}}"))
        #expect(later.lines == ["", "【memo】"])
        #expect(later.preview.hiddenInverted.count == 1)
    }

    @Test func tagsInsideAnInvertedSectionAreFilled() throws {
        let result = try preview(p("{{^rows}}{{emptyText}}{{/rows}}"))
        #expect(result.lines == ["【emptyText】"])
    }

    @Test func listOfPlainValuesShowsThePlaceholderPerItem() throws {
        let result = try preview(p("{{#tags}}[{{.}}]{{/tags}}"))
        #expect(result.lines == ["[【tags】]"])
        #expect(result.preview.data["tags"] == .array([.string("【tags】")]))
    }

    @Test func outlineBlockGetsATwoLevelSample() throws {
        let result = try preview(p("{{> body}}") + p("{{> outline:report.body}}"))
        #expect(result.lines.count == 6)
        #expect(result.lines[0] == "一、一级标题示例【body】")
        #expect(result.lines[1] == "（一）二级标题示例")
        #expect(result.lines[2].hasPrefix("正文示例"))
        #expect(result.lines[3] == "一、一级标题示例【report.body】")
        #expect(result.preview.data["report"]?["body"]?.arrayValue?.count == 1)
    }

    @Test func specialPathsNeedNoData() throws {
        let result = try preview(p("{{#items}}{{@number}}.{{name}}{{^@last}}；{{/@last}}{{/items}}"))
        #expect(result.lines == ["1.【name】"])
    }

    @Test func aliasesWriteTheAliasedPathAndShowTheWrittenName() throws {
        let options = TemplateOptions(aliases: ["项目名称": "project.name", "单位": "unit"])
        let result = try preview(p("{{项目名称}}") + p("{{单位.name}}"), options: options)
        #expect(result.lines == ["【项目名称】", "【单位.name】"])
        #expect(result.preview.data["project"]?["name"] == .string("【项目名称】"))
        #expect(result.preview.data["unit"]?["name"] == .string("【单位.name】"))
    }

    @Test func aValueAndASectionOnOnePathStillRender() throws {
        // `{{#a}}` then `{{a.b}}`: the one-item list becomes an object, rendered once.
        let result = try preview(p("{{#a}}[{{c}}]{{/a}}") + p("{{a.b}}"))
        #expect(result.lines == ["[【c】]", "【a.b】"])
    }

    /// A block that prints the text at its argument path, standing in for the chart block.
    struct EchoBlock: BlockGenerator {
        func render(_ context: BlockContext, scope: BlockScope, into out: inout XMLOutput) throws(FilterFailure) {
            guard let value = scope.value(at: context.argument) else { throw FilterFailure("数据中没有 \(context.argument)") }
            out.append("<w:p><w:r><w:t>")
            out.appendEscapedText(ValueText.string(value))
            out.append("</w:t></w:r></w:p>")
        }
    }

    @Test func otherBlocksGetTheSampleTheCallerMakesForTheirPath() throws {
        var options = TemplateOptions()
        options.blocks.register("echo", EchoBlock())
        let template = try compile(p("{{> echo:charts.income}}") + p("{{> echo:other}}"), options: options)
        let preview = PreviewData.build(fields: template.fields, options: options, blockSamples: ["echo": { path in .string("样例:" + path) }])
        #expect(preview.data["charts"]?["income"] == .string("样例:charts.income"))
        let bytes = try template.render(preview.data, missing: .error).bytes
        #expect(lines(try XMLDocument(parsing: bytes, partName: "out")) == ["样例:charts.income", "样例:other"])
        // Without a sample maker the block gets no data.
        #expect(PreviewData.build(fields: template.fields, options: options).data == .object(JSONObject()))
    }

    @Test func indexedPathsPadTheListAndOddIndexesDoNotTrap() throws {
        // Three items, each a copy of the first, so the section's tags render in all of them.
        let result = try preview(p("{{#rows}}{{name}};{{/rows}}") + p("{{rows.2.name}}"))
        #expect(result.lines == ["【name】;【name】;【name】;", "【name】"])
        // A negative or huge index cannot be previewed; it stays empty instead of failing.
        let template = try compile(p("{{#rows}}x{{/rows}}|{{rows.-1.name}}|{{rows.99999999999.name}}"))
        let preview = PreviewData.build(fields: template.fields)
        let bytes = try template.render(preview.data, missing: .empty).bytes
        #expect(lines(try XMLDocument(parsing: bytes, partName: "out")) == ["x||"])
    }
}
