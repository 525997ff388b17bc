import Foundation
import OOXML
import Testing

/// The fourth finance-officer review: what the earlier reviews left, each checked against the
/// seed text or hand arithmetic.
@Suite(.serialized) struct OfficerReview4Tests {
    static func styles(_ package: DocxPackage) throws -> [String: XMLElement] {
        let root = try package.xml("word/styles.xml").root
        var styles: [String: XMLElement] = [:]
        for style in root.elements where style.is(Namespace.w, "style") {
            if let id = style.attribute("w:styleId") { styles[id] = style }
        }
        return styles
    }

    static func child(_ e: XMLElement?, _ name: String) -> XMLElement? {
        e?.elements.first { $0.is(Namespace.w, name) }
    }

    /// Whether a paragraph keeps with the next one: directly or through its style chain.
    static func keepsWithNext(_ paragraph: XMLElement, _ styles: [String: XMLElement]) -> Bool {
        let pPr = child(paragraph, "pPr")
        if let direct = child(pPr, "keepNext") { return direct.attribute("w:val") != "0" && direct.attribute("w:val") != "false" }
        var id = child(pPr, "pStyle")?.attribute("w:val") ?? "Normal"
        var seen: Set<String> = []
        while let style = styles[id], seen.insert(id).inserted {
            if let keep = child(child(style, "pPr"), "keepNext") { return keep.attribute("w:val") != "0" && keep.attribute("w:val") != "false" }
            guard let base = child(style, "basedOn")?.attribute("w:val") else { break }
            id = base
        }
        return false
    }

    static func text(_ e: XMLElement) -> String {
        var result = ""
        for node in e.children {
            switch node {
            case .element(let c): result += c.is(Namespace.w, "br") ? "\n" : text(c)
            case .text(let t): result += e.is(Namespace.w, "t") ? t : ""
            default: break
            }
        }
        return result
    }

    // MARK: 1. the sign-off block stays with the report's last lines

    /// The ippe example's report has 自评工作人员 (evaluators) before its 落款. Every paragraph
    /// from the body's last paragraph down to the 落款 — the blank line, 自评工作人员：, each cell
    /// of the evaluators table, the space before the 落款 — keeps with the next, so Word and
    /// LibreOffice never leave the evaluators table and 落款 on a page without any report text.
    /// (It was broken at the blank line before 自评工作人员：; the 落款 page of the ippe report
    /// held no line of the report.)
    @Test func signOffBlockKeepsWithTheLastParagraphs() throws {
        let out = try PackageTests.generate("ippe-demo")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path)
            .first { $0.hasPrefix("项目支出绩效自评报告-") && $0.hasSuffix(".docx") })
        let package = try DocxPackage(path: out.appendingPathComponent(name).path)
        let styles = try Self.styles(package)
        let body = try #require(Self.child(try package.xml(package.mainDocumentPartName).root, "body"))
        let blocks = body.elements.filter { $0.is(Namespace.w, "p") || $0.is(Namespace.w, "tbl") }
        let signature = try #require(blocks.lastIndex { Self.child(Self.child($0, "pPr"), "pStyle")?.attribute("w:val") == "Signature" })
        // The report's last body paragraph, from the example's data (body[-1].children[-1].text).
        let definition = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: EndToEnd.packageRoot
            .appendingPathComponent("examples/ippe-demo/projects/yibao-xuanchuan-jingban-nengli.json"))) as? [String: Any])
        let lastSection = try #require((definition["body"] as? [[String: Any]])?.last)
        let lastText = try #require((lastSection["children"] as? [[String: Any]])?.last?["text"] as? String)
        let last = try #require(blocks.lastIndex { $0.is(Namespace.w, "p") && Self.text($0) == lastText })
        #expect(last < signature)
        func paragraphs(_ e: XMLElement) -> [XMLElement] {
            e.is(Namespace.w, "p") ? [e] : e.elements.flatMap(paragraphs)
        }
        for block in blocks[last..<signature] {
            for paragraph in paragraphs(block) {
                let keeps = Self.keepsWithNext(paragraph, styles)
                #expect(keeps,
                        "\(name): 「\(Self.text(paragraph))」 between the last paragraph and the 落款 does not keep with next")
            }
        }
    }

    @Test(.enabled(if: PrintedLayoutTests.canRead, "LibreOffice 或 poppler-utils 未安装"))
    func signOffPageHoldsReportText() throws {
        let out = try PackageTests.generate("ippe-demo", arguments: ["--pdf"])
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path)
            .first { $0.hasPrefix("项目支出绩效自评报告-") && $0.hasSuffix(".pdf") })
        let pages = try PrintedLayoutTests.pages(out.appendingPathComponent(name))
        // The 落款 as the example's data gives it: unit.name and filledOn 2022-03-15.
        let page = try #require(pages.last { $0.contains { $0.replacingOccurrences(of: " ", with: "") == "2022年3月15日" } })
        let joined = page.joined().replacingOccurrences(of: " ", with: "")
        #expect(joined.contains("示例县医疗保障局"))
        // The last paragraph of the report (its first words) is printed on the same page.
        #expect(joined.contains("加强与资金来源单位的沟通"), "落款 page without report text: \(page)")
    }

    // MARK: 2. the 填报人 line under a form never stands alone on a page

    /// The standalone 自评表 and 特定目标类 forms end with 填报人：…联系电话：…填报日期：. The
    /// indicator table's last row keeps with that line, so a form whose table just fills a page
    /// carries its last row over with it (the header repeats) instead of leaving the 填报人 line
    /// alone on the last page (seen with 11 indicators on the 特定目标类 form).
    @Test func lastIndicatorRowKeepsWithTheSigningLine() throws {
        let out = try PackageTests.generate("panzhihua-2021")
        let forms = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
            .filter { ($0.hasPrefix("项目支出绩效自评表-") || $0.hasPrefix("特定目标类部门预算项目绩效目标自评-")) && $0.hasSuffix(".docx") }
        #expect(forms.count == 9)
        var checked = 0
        for name in forms {
            let package = try DocxPackage(path: out.appendingPathComponent(name).path)
            let styles = try Self.styles(package)
            let body = try #require(Self.child(try package.xml(package.mainDocumentPartName).root, "body"))
            let blocks = body.elements.filter { $0.is(Namespace.w, "p") || $0.is(Namespace.w, "tbl") }
            let signing = try #require(blocks.lastIndex { $0.is(Namespace.w, "p") && Self.text($0).hasPrefix("填报人：") }, "\(name)")
            let table = try #require(blocks[..<signing].last { $0.is(Namespace.w, "tbl") }, "\(name)")
            // A sheet without indicators ends with its fixed 年度总体目标 rows (one short page).
            guard Self.text(table).contains("三级指标") else { continue }
            checked += 1
            let lastRow = try #require(table.elements.last { $0.is(Namespace.w, "tr") })
            func paragraphs(_ e: XMLElement) -> [XMLElement] { e.is(Namespace.w, "p") ? [e] : e.elements.flatMap(paragraphs) }
            let kept = paragraphs(lastRow).allSatisfy { Self.keepsWithNext($0, styles) }
            #expect(kept, "\(name): the table's last row does not keep with 填报人")
            for block in blocks[blocks.index(after: blocks.firstIndex(of: table)!)..<signing] {
                let keeps = paragraphs(block).allSatisfy { Self.keepsWithNext($0, styles) }
                #expect(keeps, "\(name): 「\(Self.text(block))」 between the table and 填报人 does not keep with next")
            }
        }
        // Three projects have indicators: their 自评表 and their 特定目标类 form.
        #expect(checked == 6)
    }

    /// The case that showed it: the 综合柜员制 project with 11 indicators (its own rows repeated),
    /// printed through LibreOffice — no page of the 特定目标类 form or the 自评表 holds fewer than
    /// three lines (it held only 填报人：联系电话：填报日期：).
    @Test(.enabled(if: PrintedLayoutTests.canRead, "LibreOffice 或 poppler-utils 未安装"))
    func elevenIndicatorFormsKeepTheSigningLineWithTheTable() throws {
        let dir = try EndToEnd.temporaryDirectory()
        let examples = EndToEnd.packageRoot.appendingPathComponent("examples/panzhihua-2021")
        var project = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf:
            examples.appendingPathComponent("projects/zonghe-guiyuanzhi-xitong-tiaozheng.json"))) as? [String: Any])
        let indicators = try #require(project["indicators"] as? [[String: Any]])
        let satisfaction = indicators.filter { $0["level1"] as? String == "满意度指标" }
        let others = indicators.filter { $0["level1"] as? String != "满意度指标" }
        var rows: [[String: Any]] = []
        while rows.count < 10 {
            var row = others[rows.count % others.count]
            row["name"] = "\(row["name"] as? String ?? "")\(rows.count)"
            rows.append(row)
        }
        let order = ["完成指标", "产出指标", "效益指标"]
        rows.sort { (order.firstIndex(of: $0["level1"] as? String ?? "") ?? 9) < (order.firstIndex(of: $1["level1"] as? String ?? "") ?? 9) }
        project["indicators"] = rows + satisfaction
        project["body"] = nil
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("projects"), withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: project).write(to: dir.appendingPathComponent("projects/p.json"))
        var package = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf:
            examples.appendingPathComponent("package.json"))) as? [String: Any])
        package = package.filter { ["format", "year", "unit"].contains($0.key) }
        package["projects"] = ["projects/p.json"]
        try JSONSerialization.data(withJSONObject: package).write(to: dir.appendingPathComponent("package.json"))
        let out = dir.appendingPathComponent("out")
        let result = try EndToEnd.reportgen(["package", dir.appendingPathComponent("package.json").path, "-o", out.path, "--quiet", "--pdf"])
        #expect(result.status == 0, "\(result.stderr)")
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".pdf") }
        #expect(pdfs.contains { $0.hasPrefix("特定目标类部门预算项目绩效目标自评-") })
        for pdf in pdfs {
            for (i, lines) in try PrintedLayoutTests.pages(out.appendingPathComponent(pdf)).enumerated() {
                #expect(lines.count >= 3, "\(pdf) p\(i + 1): only \(lines)")
            }
        }
    }
}
