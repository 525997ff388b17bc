import Foundation
import OOXML
import Testing

/// Every example generated with `--pdf` and read as its reader sees it: page by page from the
/// PDF (`pdftotext`). No page with only a line or two (a lone 落款 or date), no blank last page,
/// no full-width mark lost between the DOCX text and the PDF text, every font embedded, no table
/// wider than the text block.
@Suite(.serialized) struct PrintedLayoutTests {
    /// A tool on PATH, as reportgen finds it.
    static func tool(_ name: String) -> URL? {
        TemplatePreviewTests.which(name).map { URL(fileURLWithPath: $0) }
    }

    static let canRead = tool("soffice") != nil && tool("pdftotext") != nil && tool("pdfinfo") != nil

    /// The full-width marks LibreOffice dropped at the ends of justified lines (and their kin).
    static let marks = Array("，。、；：？！“”‘’（）《》〔〕【】…")

    /// Lines of text on each page, the page-number footer (— 3 —) left out.
    static func pages(_ pdf: URL) throws -> [[String]] {
        let info = try EndToEnd.run(try #require(tool("pdfinfo")), [pdf.path]).stdout
        let count = try #require(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }
            .flatMap { Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) })
        var pages: [[String]] = []
        for page in 1...count {
            let text = try EndToEnd.run(try #require(tool("pdftotext")),
                                        ["-f", "\(page)", "-l", "\(page)", "-layout", pdf.path, "-"]).stdout
            // pdftotext ends each page with a form feed.
            pages.append(text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines.union(.controlCharacters)) }
                .filter { !$0.isEmpty && $0.range(of: #"^—\s*\d+\s*—$"#, options: .regularExpression) == nil })
        }
        return pages
    }

    /// The text of the document body as written (w:t of document.xml).
    static func docxText(_ docx: URL) throws -> String {
        let package = try DocxPackage(path: docx.path)
        let document = try package.xml(package.mainDocumentPartName)
        var text = ""
        func walk(_ element: XMLElement) {
            if element.is(Namespace.w, "t") {
                for case .text(let t) in element.children { text += t }
            }
            for child in element.elements { walk(child) }
        }
        walk(document.root)
        return text
    }

    @Test(.enabled(if: canRead, "LibreOffice 或 poppler-utils 未安装"), arguments: PackageTests.examples)
    func printedPagesAreFullAndKeepEveryMark(_ example: String) throws {
        let out = try PackageTests.generate(example, arguments: ["--pdf"])
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        let documents = names.filter { $0.hasSuffix(".docx") }
        #expect(!documents.isEmpty)
        for document in documents {
            let docx = out.appendingPathComponent(document)
            let pdf = out.appendingPathComponent(String(document.dropLast(5)) + ".pdf")
            guard FileManager.default.fileExists(atPath: pdf.path) else {
                Issue.record("\(example): \(pdf.lastPathComponent) missing")
                continue
            }
            let pages = try Self.pages(pdf)
            // Pagination: no blank last page, no page of one or two lines (a lone 落款: the unit
            // line and the date line).
            #expect(!(pages.last ?? []).isEmpty, "\(document): blank last page")
            for (i, lines) in pages.enumerated() where lines.count < 3 {
                Issue.record("\(document) p\(i + 1): only \(lines.count) line(s): \(lines)")
            }
            // Punctuation: as many of each mark in the PDF as in the document. A chart's
            // title, legend and labels add text of their own to the PDF, so there it is "at least".
            let written = try Self.docxText(docx)
            let printed = pages.joined().joined()
            let hasCharts = try DocxPackage(path: docx.path).partNames.contains { $0.hasPrefix("word/charts/") }
            for mark in Self.marks {
                let inDocx = written.filter { $0 == mark }.count
                let inPDF = printed.filter { $0 == mark }.count
                if hasCharts {
                    #expect(inPDF >= inDocx, "\(document): \(mark) \(inDocx) in the DOCX, \(inPDF) in the PDF")
                } else {
                    #expect(inPDF == inDocx, "\(document): \(mark) \(inDocx) in the DOCX, \(inPDF) in the PDF")
                }
            }
            // Fonts: every face the PDF uses is embedded (pdffonts' "emb" column).
            if let pdffonts = Self.tool("pdffonts") {
                let table = try EndToEnd.run(pdffonts, [pdf.path]).stdout.split(separator: "\n").dropFirst(2)
                for row in table {
                    let columns = row.split(separator: " ", omittingEmptySubsequences: true)
                    // name type [type…] encoding emb sub uni object ID: emb is fifth from the end.
                    guard columns.count >= 7 else { continue }
                    #expect(columns[columns.count - 5] == "yes", "\(document): font not embedded: \(row)")
                }
            }
        }
    }

    /// No table wider than the text block of its page (page width less both margins), and no
    /// row broken across two pages (`w:cantSplit` on every row: a cut header cell, seed 002 p2).
    @Test(arguments: PackageTests.examples)
    func tablesFitTheTextBlock(_ example: String) throws {
        let out = try PackageTests.generate(example)
        for document in try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() where document.hasSuffix(".docx") {
            let package = try DocxPackage(path: out.appendingPathComponent(document).path)
            let root = try package.xml(package.mainDocumentPartName).root
            func all(_ e: XMLElement, _ name: String) -> [XMLElement] {
                (e.is(Namespace.w, name) ? [e] : []) + e.elements.flatMap { all($0, name) }
            }
            func twips(_ e: XMLElement?, _ attribute: String) -> Int { e?.attribute(attribute).flatMap { Int($0) } ?? 0 }
            let size = all(root, "pgSz").last
            let margins = all(root, "pgMar").last
            let text = twips(size, "w:w") - twips(margins, "w:left") - twips(margins, "w:right")
            #expect(text > 0, "\(document): no page size")
            for table in all(root, "tbl") {
                let grid = table.elements.first { $0.is(Namespace.w, "tblGrid") }
                let width = (grid?.elements ?? []).map { twips($0, "w:w") }.reduce(0, +)
                #expect(width <= text, "\(document): table \(width) twips wide, text block \(text)")
                for row in table.elements where row.is(Namespace.w, "tr") {
                    #expect(!all(row, "cantSplit").isEmpty, "\(document): a table row may break across pages")
                }
                let tblW = all(table, "tblW").first
                if tblW?.attribute("w:type") == "dxa" {
                    #expect(twips(tblW, "w:w") <= text, "\(document): tblW wider than the text block")
                }
            }
        }
    }
}
