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
}
