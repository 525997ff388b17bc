import Foundation
import JSONValue
import OOXML
import Templating
import Testing
@testable import ReportKit

/// Renders `{{> body}}` with the `table` block over hand-written project contexts and reads
/// the generated tables back as parsed XML.
enum TableFixture {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    static let styles = StyleCatalog(paragraphStyles: [
        (id: "Heading1", name: "heading 1"), (id: "Heading2", name: "heading 2"),
        (id: "TableHeader", name: "表头"), (id: "TableText", name: "表格正文"),
        (id: "TableTextLeft", name: "表格正文（左）"),
    ])

    static var options: TemplateOptions {
        var options = TemplateOptions()
        options.blocks.register("table", ReportTableBlock())
        return options
    }

    static func json(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8)).root
    }

    static func compile(_ paragraph: String, styles: StyleCatalog = styles) throws -> PartTemplate {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"\(w)\"><w:body>"
            + "<w:p><w:r><w:t>\(paragraph)</w:t></w:r></w:p><w:sectPr/></w:body></w:document>"
        let document = try XMLDocument(parsing: Array(xml.utf8), partName: "word/document.xml")
        return try PartTemplate(document: document, partName: "word/document.xml", options: options, styles: styles)
    }

    /// The `w:body` of `{{> body}}` rendered with `body` (a JSON array) and the context members.
    static func render(body: String, context: String, missing: MissingPolicy = .error,
                       styles: StyleCatalog = styles) throws -> XMLElement {
        let template = try compile("{{> body}}", styles: styles)
        let data = try json("{\"body\": \(body), \(context)}")
        let bytes = try template.render(data, missing: missing).bytes
        let document = try XMLDocument(parsing: bytes, partName: "out")
        return try #require(document.root.elements.first { $0.localName == "body" })
    }

    /// The message of the render error, or nil when it renders.
    static func renderError(body: String, context: String) throws -> String? {
        do {
            _ = try render(body: body, context: context)
            return nil
        } catch let errors as RenderErrors {
            return errors.description
        }
    }

    static func tables(_ body: XMLElement) -> [XMLElement] {
        body.elements.filter { $0.localName == "tbl" }
    }

    // MARK: hand-written contexts

    /// An aggregate whose every field names its column and row: `<tag>1` … `<tag>7`.
    static func aggregate(_ tag: String) -> String {
        let fields = ["initialBudget", "annualBudget", "received", "executed", "balance", "receivedRate", "executionRate"]
        let members = fields.enumerated().map { "\"\($1)\": \"\(tag)\($0 + 1)\"" }
        return "{\"source\": \"\", \"level\": \"\", " + members.joined(separator: ", ") + "}"
    }

    static let funds = """
    "funds": {"rows": [], "total": \(aggregate("T")), "fiscal": \(aggregate("F")),
      "levels": {"central": \(aggregate("C")), "provincial": \(aggregate("P")),
                 "municipal": \(aggregate("M")), "county": \(aggregate("X"))},
      "carryover": \(aggregate("J")), "other": \(aggregate("O")), "nonFiscal": \(aggregate("N"))}
    """

    static func row(_ l1: String, _ l2: String, _ name: String, weight: String = "", score: String = "",
                    rate: String = "", deviation: String = "") -> String {
        "{\"index\": \"\", \"level1\": \"\(l1)\", \"level2\": \"\(l2)\", \"name\": \"\(name)\", \"weight\": \"\(weight)\", "
            + "\"target\": \"目标\(name)\", \"actual\": \"实际\(name)\", \"rate\": \"\(rate)\", \"score\": \"\(score)\", \"deviation\": \"\(deviation)\"}"
    }

    /// mof-2020: the budget row, four 产出 rows (two share 数量指标), one 效益, one 满意度.
    static let mofRows = [
        row("预算执行指标", "预算执行指标", "预算执行率", weight: "10", score: "10", rate: "100.00%"),
        row("产出指标", "数量指标", "参保人数", weight: "12.5", score: "12.5", rate: "216.23%", deviation: "人数增长"),
        row("产出指标", "数量指标", "资助人次", weight: "12.5", score: "12.5"),
        row("产出指标", "质量指标", "覆盖率", weight: "12.5", score: "12.5"),
        row("产出指标", "成本指标", "参保费用", weight: "12.5", score: "10"),
        row("效益指标", "社会效益", "医保参保补助", weight: "30", score: "30"),
        row("满意度指标", "服务对象满意度指标", "群众满意度（%）", weight: "10", score: "10"),
    ]

    static func projectContext(scheme: String, sheetRows: [String], indicators: [String], ippeRows: [String] = []) -> String {
        """
        "scheme": {"name": "\(scheme)", "mof": \(scheme == "mof-2020"), "ippe": \(scheme == "ippe"), "none": \(scheme == "none")},
        \(funds),
        "indicators": [\(indicators.joined(separator: ", "))],
        "sheet": {"rows": [\(sheetRows.joined(separator: ", "))], "totalWeight": "100", "total": "97.5", "grade": "优"},
        "ippe": {"rows": [\(ippeRows.joined(separator: ", "))], "receivedRate": "", "executionRate": ""}
        """
    }

    static let mofContext = projectContext(scheme: "mof-2020", sheetRows: mofRows, indicators: Array(mofRows.dropFirst()))
}

// MARK: - Reading tables

extension XMLElement {
    func child(_ name: String) -> XMLElement? { elements.first { $0.localName == name } }
    func children(_ name: String) -> [XMLElement] { elements.filter { $0.localName == name } }
    var rows: [XMLElement] { children("tr") }
    var cells: [XMLElement] { children("tc") }
    var gridWidths: [Int] { child("tblGrid")?.children("gridCol").compactMap { $0.attribute("w:w").flatMap { Int($0) } } ?? [] }
    var span: Int { child("tcPr")?.child("gridSpan")?.attribute("w:val").flatMap { Int($0) } ?? 1 }
    /// "restart", "continue" or nil.
    var vMerge: String? {
        guard let merge = child("tcPr")?.child("vMerge") else { return nil }
        return merge.attribute("w:val") ?? "continue"
    }
    var isRepeatedHeader: Bool { child("trPr")?.child("tblHeader") != nil }

    /// Text of a cell: its paragraphs joined by "¶".
    var text: String {
        children("p").map { p in
            p.children("r").flatMap { $0.children("t") }.map { t in
                t.children.compactMap { node -> String? in
                    if case .text(let s) = node { return s }
                    return nil
                }.joined()
            }.joined()
        }.joined(separator: "¶")
    }

    var paragraphStyle: String? { child("p")?.child("pPr")?.child("pStyle")?.attribute("w:val") }
    /// Every paragraph of the row keeps with the next (the row stays on the next row's page).
    var keepsWithNext: Bool {
        cells.allSatisfy { $0.children("p").allSatisfy { $0.child("pPr")?.child("keepNext") != nil } }
    }
}

func texts(_ table: XMLElement) -> [[String]] {
    table.rows.map { $0.cells.map(\.text) }
}

func merges(_ table: XMLElement, column: Int) -> [String?] {
    table.rows.map { row in column < row.cells.count ? row.cells[column].vMerge : "absent" }
}

/// Every row covers the whole grid, every cell ends with a paragraph, tcPr children come in
/// schema order and tcW is the sum of the spanned grid columns.
func checkStructure(_ table: XMLElement, width: Int = ReportTableBlock.defaultWidth) {
    let grid = table.gridWidths
    #expect(grid.reduce(0, +) == width)
    let tblPr = table.child("tblPr")
    #expect(table.elements.first?.localName == "tblPr")
    #expect(table.elements.dropFirst().first?.localName == "tblGrid")
    #expect(tblPr?.child("tblStyle")?.attribute("w:val") == "ReportTable")
    #expect(tblPr?.child("tblW")?.attribute("w:w") == String(width))
    let borders = tblPr?.child("tblBorders")?.elements ?? []
    #expect(borders.count == 6 && borders.allSatisfy { $0.attribute("w:val") == "single" && $0.attribute("w:sz") == "4" })
    let order = ["tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"]
    for (r, row) in table.rows.enumerated() {
        var column = 0
        for cell in row.cells {
            let names = cell.child("tcPr")?.elements.map { String($0.localName) } ?? []
            let positions = names.compactMap { order.firstIndex(of: $0) }
            #expect(positions.count == names.count && positions == positions.sorted(), "row \(r): \(names)")
            let expected = grid[column..<min(grid.count, column + cell.span)].reduce(0, +)
            #expect(cell.child("tcPr")?.child("tcW")?.attribute("w:w") == String(expected), "row \(r) column \(column)")
            #expect(cell.elements.last?.localName == "p", "row \(r) column \(column)")
            column += cell.span
        }
        #expect(column == grid.count, "row \(r) covers \(column) of \(grid.count) columns")
    }
}

@Suite struct ReportTableBlockTests {
    typealias F = TableFixture

    @Test func fundsSummaryIsPlanReceivedUsed() throws {
        let body = try F.render(body: #"[{"heading": "资金计划、到位及使用情况", "table": "funds-summary"}]"#, context: F.funds)
        let tables = F.tables(body)
        try #require(tables.count == 1)
        checkStructure(tables[0])
        #expect(texts(tables[0]) == [["资金情况", "计划数", "到位数", "使用数"], ["金额（万元）", "T2", "T3", "T4"]])
        #expect(tables[0].rows[0].isRepeatedHeader)
        #expect(!tables[0].rows[1].isRepeatedHeader)
        #expect(tables[0].rows[0].cells[0].paragraphStyle == "TableHeader")
        #expect(tables[0].rows[1].cells[1].paragraphStyle == "TableText")
        // The heading comes first, then the table.
        #expect(body.elements.first?.localName == "p")
    }

    @Test func fundsFormHasTwoMergedHeaderRowsAndSevenLines() throws {
        let body = try F.render(body: #"[{"heading": "预算执行情况", "table": "funds"}]"#, context: F.funds)
        let table = try #require(F.tables(body).first)
        checkStructure(table)
        #expect(table.gridWidths.count == 10)
        #expect(table.rows.count == 9)
        let header = table.rows[0].cells
        #expect(header.map(\.text) == ["项目", "行次", "年度总金额(万元)", "财政资金", "上年结转资金(万元)", "其他资金(万元)"])
        #expect(header.map(\.span) == [1, 1, 1, 5, 1, 1])
        #expect(header.map(\.vMerge) == ["restart", "restart", "restart", nil, "restart", "restart"])
        let second = table.rows[1].cells
        #expect(second.map(\.text) == ["", "", "", "小计", "中央级", "省级", "市级", "县区级", "", ""])
        #expect(second.map(\.vMerge) == ["continue", "continue", "continue", nil, nil, nil, nil, nil, "continue", "continue"])
        #expect(table.rows[0].isRepeatedHeader && table.rows[1].isRepeatedHeader)
        #expect(!table.rows[2].isRepeatedHeader)
        let columns = ["T", "F", "C", "P", "M", "X", "J", "O"]
        let labels = ["年初预算资金", "全年预算资金", "实际到位资金", "全年执行资金", "资金结余", "预算到位率", "预算执行率"]
        let lines = ["(1)", "(2)", "(3)", "(4)", "(5)¶=(3)-(4)", "(6)¶=(3)/(2)", "(7)¶=(4)/(2)"]
        for i in 0..<7 {
            #expect(texts(table)[i + 2] == [labels[i], lines[i]] + columns.map { "\($0)\(i + 1)" })
        }
        // One form of nine rows is never split across pages: (1)–(6) keep with the row below
        // (seed 002's form was printed (1)–(3) on one page, (4)–(7) on the next).
        #expect(table.rows[2..<8].allSatisfy { $0.keepsWithNext })
        #expect(!table.rows[8].keepsWithNext)
    }

    @Test func mofSheetMergesEqualLevelsAndEndsWithTotals() throws {
        let body = try F.render(body: #"[{"heading": "自评表", "table": "scoresheet"}]"#, context: F.mofContext)
        let table = try #require(F.tables(body).first)
        checkStructure(table)
        #expect(table.gridWidths.count == 9)
        #expect(table.rows.count == 1 + 7 + 1)
        #expect(texts(table)[0] == ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "完成率", "得分", "偏差原因分析及改进措施"])
        #expect(table.rows[0].isRepeatedHeader)
        #expect(table.rows.dropFirst().allSatisfy { !$0.isRepeatedHeader })
        // 产出指标 spans rows 2–5, 数量指标 rows 2–3; the other levels stand alone.
        #expect(merges(table, column: 0) == [nil, nil, "restart", "continue", "continue", "continue", nil, nil, nil])
        #expect(merges(table, column: 1) == [nil, nil, "restart", "continue", nil, nil, nil, nil, nil])
        // The four 产出指标 rows stay on one page (rows 2–4 keep with the next; officer review 9: a
        // merged 一级 label prints only where its merge starts), and the last indicator (row 7) keeps
        // with 合计 so the total row never stands alone; no other row keeps.
        #expect(table.rows.map(\.keepsWithNext) == [false, false, true, true, true, false, false, true, false])
        #expect(texts(table)[2] == ["产出指标", "数量指标", "参保人数", "12.5", "目标参保人数", "实际参保人数", "216.23%", "12.5", "人数增长"])
        #expect(texts(table)[3][0] == "" && texts(table)[3][1] == "" && texts(table)[3][2] == "资助人次")
        #expect(table.rows[2].cells[2].paragraphStyle == "TableTextLeft")
        let last = table.rows[8].cells
        #expect(last.map(\.text) == ["合计", "100", "", "97.5", "等次：优"])
        #expect(last.map(\.span) == [3, 1, 3, 1, 1])
    }

    @Test func indicatorsOfMofAreTheSameSheet() throws {
        let body = try F.render(body: #"[{"table": "indicators"}]"#, context: F.mofContext)
        let table = try #require(F.tables(body).first)
        #expect(table.rows.count == 9)
        #expect(texts(table)[1][0] == "预算执行指标")
        // Too wide for its column's line: broken before 指标 (a line break in its one paragraph),
        // as seed 004 prints such labels.
        let label = table.rows[1].cells[0].children("p")
        let pieces = label.flatMap { $0.children("r") }.flatMap { $0.children("t") }.map { t in
            t.children.compactMap { node -> String? in if case .text(let s) = node { return s }; return nil }.joined()
        }
        #expect(label.count == 1 && !label.flatMap { $0.children("r") }.flatMap { $0.children("br") }.isEmpty && pieces.last == "指标", "\(pieces)")
    }

    @Test func twoLevel1sWithTheSameLevel2DoNotMergeLevel2() throws {
        let rows = [F.row("产出指标", "社会效益", "a"), F.row("效益指标", "社会效益", "b"), F.row("效益指标", "社会效益", "c")]
        let context = F.projectContext(scheme: "none", sheetRows: rows, indicators: rows)
        let table = try #require(F.tables(try F.render(body: #"[{"table": "indicators"}]"#, context: context)).first)
        #expect(merges(table, column: 0) == [nil, nil, "restart", "continue"])
        #expect(merges(table, column: 1) == [nil, nil, "restart", "continue"])
    }

    @Test func level1FilterPrintsOneCategoryLikeSeed002() throws {
        let body = try F.render(body: """
            [{"heading": "项目绩效情况", "children": [
              {"heading": "预算执行情况", "table": "indicators", "level1": "预算执行指标"},
              {"heading": "项目产出情况", "table": "indicators", "level1": "产出指标"}]}]
            """, context: F.mofContext)
        let tables = F.tables(body)
        try #require(tables.count == 2)
        for table in tables { checkStructure(table) }
        #expect(texts(tables[0]) == [["二级指标", "三级指标", "权重", "目标值", "业绩值", "得分"],
                                     ["预算执行指标", "预算执行率", "10", "目标预算执行率", "实际预算执行率", "10"]])
        #expect(texts(tables[1]).count == 5)
        #expect(texts(tables[1]).dropFirst().map { $0[1] } == ["参保人数", "资助人次", "覆盖率", "参保费用"])
        #expect(merges(tables[1], column: 0) == [nil, "restart", "continue", nil, nil])
        #expect(tables[1].rows[0].isRepeatedHeader)
        // Each table follows its own heading.
        let order = body.elements.compactMap { ["tbl": "T", "p": "P"][String($0.localName)] }.joined()
        #expect(order == "PPTPT")
    }

    @Test func level1FilterWithoutScoresForNone() throws {
        let rows = [F.row("产出指标", "数量指标", "a"), F.row("效益指标", "社会效益", "b")]
        let context = F.projectContext(scheme: "none", sheetRows: rows, indicators: rows)
        let table = try #require(F.tables(try F.render(body: #"[{"table": "indicators", "level1": "效益指标"}]"#, context: context)).first)
        #expect(texts(table) == [["二级指标", "三级指标", "目标值", "业绩值"], ["社会效益", "b", "目标b", "实际b"]])
    }

    @Test func unknownLevel1IsAnError() throws {
        let message = try #require(try F.renderError(body: #"[{"table": "indicators", "level1": "产出"}]"#, context: F.mofContext))
        #expect(message.contains("“产出”"))
        #expect(message.contains("E-RND-003"))
    }

    @Test func noneSchemeShowsSeed004CompletionTable() throws {
        let rows = [F.row("完成指标", "数量指标", "宣讲次数"), F.row("完成指标", "质量指标", "合格率"),
                    F.row("满意度指标", "服务对象满意度", "满意度")]
        let sheet = [F.row("预算执行指标", "预算执行指标", "预算执行率")] + rows
        let context = F.projectContext(scheme: "none", sheetRows: sheet, indicators: rows)
        for kind in ["indicators", "scoresheet"] {
            let table = try #require(F.tables(try F.render(body: "[{\"table\": \"\(kind)\"}]", context: context)).first)
            checkStructure(table)
            #expect(texts(table)[0] == ["一级指标", "二级指标", "三级指标", "预期指标值", "实际完成指标值"])
            #expect(table.rows.count == 4, "\(kind): the indicators only, no budget row, no totals")
            #expect(merges(table, column: 0) == [nil, "restart", "continue", nil])
        }
    }

    @Test func ippeScoresheetHasSubtotalsTotalAndGrade() throws {
        let ippe = [
            #"{"level1": "投入", "level2": "项目目标", "name": "目标设定", "weight": "4", "score": "4"}"#,
            #"{"level1": "投入", "level2": "资金落实", "name": "资金到位率", "weight": "3", "score": "3"}"#,
            #"{"level1": "投入", "level2": "小计", "name": "", "weight": "7", "score": "7"}"#,
            #"{"level1": "过程", "level2": "业务管理", "name": "制度执行", "weight": "5", "score": "4"}"#,
            #"{"level1": "过程", "level2": "小计", "name": "", "weight": "5", "score": "4"}"#,
        ]
        let indicators = [F.row("产出指标", "数量指标", "宣传次数", rate: "100.00%")]
        let context = F.projectContext(scheme: "ippe", sheetRows: indicators, indicators: indicators, ippeRows: ippe)
        let body = try F.render(body: #"[{"table": "indicators"}, {"heading": "综合评分", "table": "scoresheet"}]"#, context: context)
        let tables = F.tables(body)
        try #require(tables.count == 2)
        checkStructure(tables[0])
        checkStructure(tables[1])
        #expect(texts(tables[0]) == [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "完成率", "偏差原因分析及改进措施"],
                                     ["产出指标", "数量指标", "宣传次数", "目标宣传次数", "实际宣传次数", "100.00%", ""]])
        let score = tables[1]
        #expect(texts(score)[0] == ["一级指标", "二级指标", "三级指标", "分值", "得分"])
        #expect(score.rows.count == 1 + 5 + 2)
        #expect(merges(score, column: 0) == [nil, "restart", "continue", "continue", "restart", "continue", nil, nil])
        #expect(texts(score)[3] == ["", "小计", "7", "7"])
        #expect(score.rows[3].cells.map(\.span) == [1, 2, 1, 1])
        #expect(texts(score)[6] == ["合计", "100", "97.5"])
        #expect(texts(score)[7] == ["等次", "优"])
        #expect(score.rows[7].cells.map(\.span) == [3, 2])
        // 合计 keeps with 等次: the two total rows never part (officer review 6; the standalone
        // ippe sheet's last page held only the repeated header, 合计 and 等次).
        #expect(score.rows[6].keepsWithNext && !score.rows[7].keepsWithNext)
    }

    /// Officer review 8: ippe-demo's 过程/财务管理 rows broke across pages, 资金使用合规性 landing on
    /// the next page under an empty 二级指标 cell. Officer review 9: the same befell a 一级指标 (投入's
    /// 资金落实 rows on p. 2 without 投入). As the mof sheet's rows, a 一级指标's rows stay on one
    /// page, and its 小计 with them; a new 一级指标 may start a page.
    @Test func ippeLevel2RowsAndTheirSubtotalStayTogether() throws {
        let ippe = [
            #"{"level1": "过程", "level2": "业务管理", "name": "管理制度健全性", "weight": "3", "score": "3"}"#,
            #"{"level1": "过程", "level2": "财务管理", "name": "管理制度健全性", "weight": "3", "score": "3"}"#,
            #"{"level1": "过程", "level2": "财务管理", "name": "资金使用合规性", "weight": "3", "score": "3"}"#,
            #"{"level1": "过程", "level2": "财务管理", "name": "财务监控有效性", "weight": "4", "score": "3.5"}"#,
            #"{"level1": "过程", "level2": "小计", "name": "", "weight": "13", "score": "12.5"}"#,
            #"{"level1": "产出", "level2": "项目产出", "name": "实际完成率", "weight": "8", "score": "8"}"#,
            #"{"level1": "产出", "level2": "小计", "name": "", "weight": "8", "score": "8"}"#,
        ]
        let indicators = [F.row("产出指标", "数量指标", "宣传次数", rate: "100.00%")]
        let context = F.projectContext(scheme: "ippe", sheetRows: indicators, indicators: indicators, ippeRows: ippe)
        let body = try F.render(body: #"[{"table": "scoresheet"}]"#, context: context)
        let score = try #require(F.tables(body).first)
        // Header, 7 rows, 合计, 等次: 过程's rows (业务管理, then 财务管理's three) keep with each other
        // and with 小计; 小计 may part from 产出.
        #expect(score.rows[1...7].map(\.keepsWithNext) == [true, true, true, true, false, true, false])
    }

    @Test func missingKeysAreReportedTogetherOrLeftBlank() throws {
        let context = #""funds": {"total": \#(F.aggregate("T")), "fiscal": \#(F.aggregate("F"))}"#
        let message = try #require(try F.renderError(body: #"[{"table": "funds"}]"#, context: context))
        #expect(message.contains("表格 “funds”：数据中没有 funds.levels、funds.carryover、funds.other"), "\(message)")
        let body = try F.render(body: #"[{"table": "funds"}]"#, context: context, missing: .empty)
        let table = try #require(F.tables(body).first)
        #expect(texts(table)[2] == ["年初预算资金", "(1)", "T1", "F1", "", "", "", "", "", ""])
    }

    @Test func unknownKindsAreRefused() throws {
        let message = try #require(try F.renderError(body: #"[{"table": "budget"}]"#, context: F.mofContext))
        #expect(message.contains("未知的表格类型 “budget”"))
        #expect(message.contains("funds-summary"))
        #expect(throws: TemplateErrors.self) { try F.compile("{{> table:budget}}") }
        #expect(throws: TemplateErrors.self) { try F.compile("{{> table:funds | width:\"12\"}}") }
    }

    @Test func aTemplateTagWithOptions() throws {
        let template = try F.compile("{{> table:indicators | level1:\"效益指标\" | width:\"13000\"}}")
        let bytes = try template.render(try F.json("{\(F.mofContext)}"), missing: .error).bytes
        let document = try XMLDocument(parsing: bytes, partName: "out")
        let body = try #require(document.root.elements.first { $0.localName == "body" })
        let table = try #require(F.tables(body).first)
        checkStructure(table, width: 13000)
        #expect(texts(table).count == 2)
        #expect(texts(table)[1][1] == "医保参保补助")
    }

    @Test func textIsEscapedAndStylesFallBack() throws {
        let rows = [F.row("产出指标", "数量<指标>", "a & b\\nsecond line")]
        let context = F.projectContext(scheme: "none", sheetRows: rows, indicators: rows)
        let body = try F.render(body: #"[{"table": "indicators"}]"#, context: context, styles: StyleCatalog())
        let table = try #require(F.tables(body).first)
        #expect(texts(table)[1] == ["产出指标", "数量<指标>", "a & b¶second line", "目标a & b¶second line", "实际a & b¶second line"])
        // Without the template's table styles: centred cells and bold header runs.
        let header = table.rows[0].cells[0]
        #expect(header.paragraphStyle == nil)
        #expect(header.child("p")?.child("pPr")?.child("jc")?.attribute("w:val") == "center")
        #expect(header.child("p")?.child("r")?.child("rPr")?.child("b") != nil)
    }
}

/// The default project template with a body that asks for every table kind, for each
/// scoring scheme's sample context; the result must pass docx-check.
@Suite struct ReportTableDocumentTests {
    typealias F = TableFixture

    static func sample(_ name: String) throws -> JSONValue {
        let url = F.packageRoot.appendingPathComponent("templates/samples/project-report-\(name).json")
        return try JSONParser.parse(Array(try Data(contentsOf: url))).root
    }

    /// `root` with `value` at `keys` (objects created or members replaced).
    static func setting(_ root: JSONValue, _ keys: ArraySlice<String>, _ value: JSONValue) -> JSONValue {
        guard let key = keys.first else { return value }
        var object = JSONObject()
        if case .object(let existing) = root { object = existing }
        let inner = setting(object[key] ?? .null, keys.dropFirst(), value)
        if let i = object.members.firstIndex(where: { $0.key == key }) {
            object.members[i].value = inner
        } else {
            object.members.append((key: key, value: inner))
        }
        return .object(object)
    }

    @Test(arguments: [("mof", "县区级"), ("none", "县区级"), ("ippe", "市级")])
    func projectReportWithEveryTableKind(scheme: String, level: String) throws {
        try checkProjectReportWithEveryTableKind(scheme: scheme, level: level, docxCheck: nil)
    }

    /// The same document through the shared checker; shown as skipped without ../shared.
    @Test(.enabled(if: TestTools.docxCheck != nil && TestTools.find("soffice") != nil,
                   "docx-check (../shared or REPORTGEN_SHARED) or LibreOffice, which it runs, not found"),
          arguments: [("mof", "县区级"), ("none", "县区级"), ("ippe", "市级")])
    func projectReportWithEveryTableKindPassesDocxCheck(scheme: String, level: String) throws {
        try checkProjectReportWithEveryTableKind(scheme: scheme, level: level, docxCheck: try #require(TestTools.docxCheck))
    }

    func checkProjectReportWithEveryTableKind(scheme: String, level: String, docxCheck: URL?) throws {
        var data = try Self.sample(scheme)
        let body = try F.json("""
            [{"heading": "表格", "children": [
              {"heading": "预算执行情况", "table": "funds"},
              {"heading": "资金情况", "table": "funds-summary"},
              {"heading": "绩效指标完成情况", "table": "indicators"},
              {"heading": "产出指标", "table": "indicators", "level1": "产出指标"},
              {"heading": "自评表", "table": "scoresheet"}]}]
            """)
        data = Self.setting(data, ["body"], body)
        let blank = try F.json(#"{"source": "财政资金", "level": "", "initialBudget": "", "annualBudget": "", "received": "", "executed": "", "balance": "", "receivedRate": "", "executionRate": ""}"#)
        // The widest figures the seeds print, to see that the form's columns hold them.
        let wide = try F.json(#"{"source": "财政资金", "level": "中央级", "initialBudget": "12579.31", "annualBudget": "12579.31", "received": "12579.31", "executed": "12579.31", "balance": "0", "receivedRate": "100.00%", "executionRate": "216.23%"}"#)
        let fiscal = try #require({ () -> JSONValue? in
            if case .object(let root) = data, case .object(let funds)? = root["funds"] { return funds["fiscal"] }
            return nil
        }())
        let levels: [(String, String)] = [("central", "中央级"), ("provincial", "省级"), ("municipal", "市级"), ("county", "县区级")]
        for (key, name) in levels {
            let value = name == level ? fiscal : (scheme == "mof" && key == "central" ? wide : blank)
            data = Self.setting(data, ["funds", "levels", key], value)
        }

        let templateURL = F.packageRoot.appendingPathComponent("templates/project-report.docx")
        let template = try Template(bytes: Array(try Data(contentsOf: templateURL)), name: "project-report.docx", options: F.options)
        let bytes = try template.render(data)
        let package = try DocxPackage(bytes: bytes, name: "out.docx")
        let document = try package.xml(package.mainDocumentPartName)
        let docBody = try #require(document.root.elements.first { $0.localName == "body" })
        // The template's own tables come after {{> body}}; the first generated ones are ours.
        let tables = F.tables(docBody)
        #expect(tables.count >= 5)
        let funds = tables[0]
        checkStructure(funds)
        #expect(texts(funds)[0][3] == "财政资金")
        let levelColumn = ["中央级", "省级", "市级", "县区级"].firstIndex(of: level).map { $0 + 4 } ?? -1
        #expect(texts(funds)[4][levelColumn] == texts(funds)[4][3], "the \(level) column repeats 小计")

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reportgen-tables-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("tables-\(scheme).docx")
        try Data(bytes).write(to: file)
        if let keep = ProcessInfo.processInfo.environment["REPORTGEN_KEEP_OUTPUT"] {
            try? FileManager.default.removeItem(atPath: keep + "/tables-\(scheme).docx")
            try FileManager.default.copyItem(at: file, to: URL(fileURLWithPath: keep + "/tables-\(scheme).docx"))
        }
        guard let checker = docxCheck else { return }
        let check = try TestTools.run(checker.path, [file.path, directory.appendingPathComponent("check").path])
        #expect(check.status == 0, "\(check.output)")
        #expect(!check.output.contains("FAIL"), "\(check.output)")
    }
}
