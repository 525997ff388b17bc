import Foundation
import JSONValue
import OOXML
import Testing

/// 部门决算情况说明 of examples/panzhihua-2021 as generated: the seeds' outline levels
/// (第一部分 … with 一、（一）1.（1） below) and charts whose cached values are the figures.
@Suite(.serialized) struct FinalAccountsDocumentTests {
    static let chinese = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"]

    /// The seeds' numbering of a 决算公开 document, written out independently of the renderer.
    static func number(level: Int, index: Int) -> String {
        switch level {
        case 1: return "第" + chinese[index - 1] + "部分 "
        case 2: return chinese[index - 1] + "、"
        case 3: return "（" + chinese[index - 1] + "）"
        case 4: return "\(index)."
        default: return "（\(index)）"
        }
    }

    /// Expected (style, text) of numbered paragraphs without tags, in order.
    static func expected(_ nodes: [JSONValue], level: Int = 1) -> [(style: String, text: String)] {
        var out: [(String, String)] = []
        var index = 0
        for node in nodes {
            for key in ["heading", "item"] {
                guard let text = node[key]?.stringValue else { continue }
                index += 1
                if text.contains("{{") { continue }
                // Parts have their own style (部分标题); 一、 the first heading style, and so on.
                let style = key == "item" ? "BodyText" : level == 1 ? "Part" : "Heading\(level - 1)"
                out.append((style, number(level: level, index: index) + text))
            }
            // `numbering` names the children's style where the seed skips levels; in the parts
            // outline, style N (一、（一）1.（1）①) is level N + 1.
            let styles = ["一、", "（一）", "1.", "（1）", "①"]
            let childLevel = node["numbering"]?.stringValue.flatMap { styles.firstIndex(of: $0) }.map { $0 + 2 } ?? level + 1
            out += expected(node["children"]?.arrayValue ?? [], level: childLevel)
        }
        return out
    }

    static var root: URL { EndToEnd.packageRoot.appendingPathComponent("examples/panzhihua-2021") }

    @Test func outlinePrintsPartsAndTheLevelsBelowThem() throws {
        let out = try PackageTests.generate("panzhihua-2021")
        let paragraphs = try OutlineStyleTests.styledParagraphs(out.appendingPathComponent("部门决算情况说明.docx"))
        let json = try JSONParser.parse(Array(try Data(contentsOf: Self.root.appendingPathComponent("final-accounts.json")))).root
        let want = Self.expected(json["body"]?.arrayValue ?? [])
        #expect(want.count > 40)
        var position = 0
        for w in want {
            guard let found = paragraphs[position...].firstIndex(where: { $0.text == w.text }) else {
                Issue.record("not found in order: \(w.text.prefix(40))")
                continue
            }
            #expect(paragraphs[found].style == w.style, "\(w.text.prefix(30)): \(paragraphs[found].style)")
            position = found + 1
        }
        let texts = paragraphs.map(\.text)
        for heading in ["第一部分 部门概况", "第二部分 2021年度部门决算情况说明", "第三部分 名词解释",
                        "一、收入支出决算总体情况说明", "（一）一般公共预算财政拨款支出决算总体情况"] {
            #expect(texts.contains(heading), "\(heading)")
        }
        // 第四部分 附件: 附件1 the department report, 附件2… the six project reports, each with its outline.
        let part4 = try #require(paragraphs.firstIndex { $0.text == "第四部分 附件" })
        #expect(paragraphs[part4].style == "Part")
        #expect(texts.filter { $0.hasPrefix("附件") && $0.count <= 3 } == (1...7).map { "附件\($0)" })
        let first = try #require(texts.firstIndex(of: "附件1"))
        #expect(first > part4 && texts[first + 2] == "2021年部门整体绩效评价报告")
        #expect(texts.contains("（业务运行费）") && texts[first...].contains("一、部门概况"))
        // Tags are resolved (nothing of `{{` left) and the generated sentences are there.
        #expect(!texts.contains { $0.contains("{{") })
        #expect(texts.contains("2021年度收、支总计645.55万元。与2020年相比，收、支总计各增加234.46万元，增长57.03%。主要变动原因是新增下属事业单位市医保信息中心人员经费、公用经费和项目经费。"))
    }

    /// Cached values (`c:v`) of each chart part, in document order.
    static func chartValues(_ docx: URL) throws -> [[String]] {
        let package = try DocxPackage(path: docx.path)
        var result: [[String]] = []
        for n in 1...20 {
            let name = "word/charts/chart\(n).xml"
            guard let bytes = try? package.bytes(of: name) else { break }
            let xml = String(decoding: bytes, as: UTF8.self)
            let values = xml.matches(of: /<c:val>.*?<\/c:val>/.dotMatchesNewlines()).flatMap { val in
                String(val.output).matches(of: /<c:v>([^<]*)<\/c:v>/).map { String($0.output.1) }
            }
            result.append(values)
        }
        return result
    }

    @Test func chartCachesEqualTheFigures() throws {
        let out = try PackageTests.generate("panzhihua-2021")
        let charts = try Self.chartValues(out.appendingPathComponent("部门决算情况说明.docx"))
        #expect(charts.count == 7)
        let json = try JSONParser.parse(Array(try Data(contentsOf: Self.root.appendingPathComponent("final-accounts.json")))).root
        let figures = try #require(json["figures"])
        func value(_ section: String, _ line: String? = nil, _ field: String = "决算数") -> String? {
            var node = figures[section]
            if let line { node = node?[line] }
            if case .object = node { node = node?[field] }
            return node?.stringValue ?? node.flatMap { if case .number(let n) = $0 { return n } else { return nil } }
        }
        func decimal(_ text: String?) -> Decimal? { text.flatMap { Decimal(string: $0) } }
        func same(_ got: [String], _ want: [String?]) -> Bool {
            got.count == want.count && zip(got, want).allSatisfy { decimal($0) == decimal($1) }
        }
        // 图1, 图4: last year and this year for 收入总计 and 支出总计.
        let total = [value("收支总计", nil, "上年数"), value("收支总计", nil, "上年数"), value("收支总计"), value("收支总计")]
        #expect(same(charts[0], total), "\(charts[0])")
        let fiscal = [value("财政拨款收支总计", nil, "上年数"), value("财政拨款收支总计", nil, "上年数"), value("财政拨款收支总计"), value("财政拨款收支总计")]
        #expect(same(charts[3], fiscal), "\(charts[3])")
        // 图2, 图3: every source and kind, zeros kept in the data.
        let sources = ["一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入",
                       "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
        #expect(same(charts[1], sources.map { value("收入", $0) }), "\(charts[1])")
        let kinds = ["基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
        #expect(same(charts[2], kinds.map { value("支出", $0) }), "\(charts[2])")
        // 图5: 一般公共预算 last year and this year; 图6: its 类.
        #expect(same(charts[4], [value("一般公共预算财政拨款支出", "合计", "上年数"), value("一般公共预算财政拨款支出", "合计")]), "\(charts[4])")
        let categories = figures["一般公共预算财政拨款支出"]?["类"]?.arrayValue ?? []
        let categoryValues: [String?] = categories.map { c in c["决算数"].flatMap { if case .number(let n) = $0 { return n } else { return $0.stringValue } } }
        #expect(same(charts[5], categoryValues), "\(charts[5])")
        // 图7: the three 三公.
        #expect(same(charts[6], ["因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"].map { value("三公经费", $0) }), "\(charts[6])")
    }

    @Test func validateListsTheComputedSentencesAndTheSlips() throws {
        let result = try EndToEnd.reportgen(["validate", PackageTests.examplePackage("panzhihua-2021").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("部门决算（由数据计算的说明）"))
        #expect(result.stdout.contains("收入：2021年本年收入合计645.53万元，其中：一般公共预算财政拨款收入644.52万元，占99.84%"))
        // The seed's slips, each a warning naming its path (on standard error, as `package` prints them).
        #expect(result.stderr.contains("W-FA-001 figures.一般公共预算财政拨款支出.类[4]"))
        #expect(result.stderr.contains("W-FA-004 figures.三公经费.购置越野车金额"))
    }
}
