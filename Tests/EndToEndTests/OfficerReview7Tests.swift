import Foundation
import OOXML
import Testing

/// Officer review 7: the pages review 6 only sampled (panzhihua 决算公开 pp. 17–62, every yanbian
/// document), read as the signing finance officer reads them.
@Suite(.serialized) struct OfficerReview7Tests {
    /// Top-level paragraphs of the document body (not those inside table cells): style and text.
    static func bodyParagraphs(_ docx: URL) throws -> [(style: String, text: String)] {
        let package = try DocxPackage(path: docx.path)
        let root = try package.xml(package.mainDocumentPartName).root
        func text(_ e: XMLElement) -> String {
            if e.is(Namespace.w, "t") {
                var s = ""
                for case .text(let t) in e.children { s += t }
                return s
            }
            return e.elements.map(text).joined()
        }
        func style(_ p: XMLElement) -> String {
            let pPr = p.elements.first { $0.is(Namespace.w, "pPr") }
            return pPr?.elements.first { $0.is(Namespace.w, "pStyle") }?.attribute("w:val") ?? "Normal"
        }
        func walk(_ e: XMLElement) -> [(style: String, text: String)] {
            if e.is(Namespace.w, "p") { return [(style(e), text(e))] }
            if e.is(Namespace.w, "tbl") { return [] }
            return e.elements.flatMap(walk)
        }
        return walk(root)
    }

    static func isHan(_ c: Character?) -> Bool {
        guard let scalar = c?.unicodeScalars.first else { return false }
        return (0x4E00...0x9FFF).contains(scalar.value)
    }

    // MARK: 1. a paragraph never breaks inside a phrase

    /// Seed 000's plain text wraps lines inside phrases (“重点 / 救助对象”, “资 / 金到位后”, “制定 /
    /// 了专项资金”, “市级单位 / 统筹使用”): those are the extraction's line ends, not the report's
    /// paragraphs. A body paragraph that stops on a character (no 。；：” …) and is followed by one
    /// going on with a character is such a cut, printed as a new indented paragraph.
    @Test(arguments: PackageTests.examples)
    func noBodyParagraphBreaksInsideAPhrase(_ example: String) throws {
        let out = try PackageTests.generate(example)
        for document in try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() where document.hasSuffix(".docx") {
            let paragraphs = try Self.bodyParagraphs(out.appendingPathComponent(document))
            for (p, next) in zip(paragraphs, paragraphs.dropFirst())
            where p.style == "BodyText" && next.style == "BodyText" && Self.isHan(p.text.last) && Self.isHan(next.text.first) {
                Issue.record("\(document): paragraph cut inside a phrase: …\(p.text.suffix(12)) | \(next.text.prefix(12))…")
            }
        }
    }

    // MARK: 2. a heading is never split across two pages

    /// Seed 004's third-level heading “3.资金管理办法制定情况，资金支持具体项目的条件、范围与支持方式
    /// 概况。” takes two lines; the 决算公开 document printed its first line at the foot of a page and
    /// “与支持方式概况。” on the next (pp. 47/48 and 53/54). Every heading (levels 一、（一）1.) lies
    /// whole on one page, and none ends a page.
    @Test(.enabled(if: PrintedLayoutTests.canRead, "LibreOffice 或 poppler-utils 未安装"), .timeLimit(.minutes(5)))
    func headingsLieWholeOnOnePage() throws {
        let out = try PackageTests.generate("panzhihua-2021")
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let docx = out.appendingPathComponent("部门决算情况说明.docx")
        let pdf = try #require(OfficerReview5Tests.convert([docx], into: dir).first)
        let squeeze: (String) -> String = { $0.filter { !$0.isWhitespace } }
        let pages = try PrintedLayoutTests.pages(pdf).map { squeeze($0.joined()) }
        let whole = pages.joined()
        let headings = try Self.bodyParagraphs(docx)
            .filter { ["Heading1", "Heading2", "Heading3"].contains($0.style) }.map { squeeze($0.text) }
        #expect(headings.contains("3.资金管理办法制定情况，资金支持具体项目的条件、范围与支持方式概况。"))
        for heading in Set(headings) where !heading.isEmpty {
            let inWhole = whole.components(separatedBy: heading).count - 1
            let onOnePage = pages.map { $0.components(separatedBy: heading).count - 1 }.reduce(0, +)
            #expect(onOnePage == inWhole, "heading split across pages: \(heading)")
        }
        // Nor does a heading end a page, its text overleaf (“2.具体绩效目标。” at the foot of p. 48
        // once the heading above it kept its lines).
        for (i, page) in pages.enumerated().dropLast() {
            for heading in Set(headings) where !heading.isEmpty && page.hasSuffix(heading) {
                Issue.record("p\(i + 1) ends with the heading \(heading)")
            }
        }
    }
}
