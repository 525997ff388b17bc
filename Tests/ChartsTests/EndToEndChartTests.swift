import Foundation
import OOXML
import Testing
@testable import Charts

/// A .docx with the 图1 column chart and the 图2/图3 pies of seed 004, rendered by LibreOffice
/// without its workbooks being read (LibreOffice draws from the caches).
enum ChartDocx {
    static let charts: [(caption: String, spec: ChartSpec)] = [
        ("图1：收、支决算总计变动情况图", Seed004.totals),
        ("图2：收入决算结构图", Seed004.income),
        ("图3：支出决算结构图", Seed004.expenditure),
        ("图5：一般公共预算财政拨款支出决算变动情况", Seed004.generalBudgetChange),
        ("图6：一般公共预算财政拨款支出决算结构", Seed004.generalBudget),
    ]

    static func paragraph(_ text: String) -> String {
        var out = XMLOutput()
        out.appendEscapedText(text)
        return "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii=\"仿宋\" w:eastAsia=\"仿宋\"/><w:sz w:val=\"28\"/></w:rPr><w:t>\(String(decoding: out.bytes, as: UTF8.self))</w:t></w:r></w:p>"
    }

    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"

    /// The smallest package DocxPackage opens; `xlsx` is typed by a Default, as Word does
    /// for embedded workbooks.
    static func basePackage() throws -> DocxPackage {
        let contentTypes = declaration + """
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Default Extension="xlsx" ContentType="\(ChartPackaging.workbookContentType)"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        </Types>
        """
        let packageRels = declaration + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        </Relationships>
        """
        let document = declaration + "<w:document xmlns:w=\"\(Namespace.w)\"><w:body/></w:document>"
        let bytes = try ZipWriter.bytes([
            ("[Content_Types].xml", .bytes(Array(contentTypes.utf8))),
            ("_rels/.rels", .bytes(Array(packageRels.utf8))),
            ("word/document.xml", .bytes(Array(document.utf8))),
        ])
        return try DocxPackage(bytes: bytes, name: "charts.docx")
    }

    /// Adds each chart the way ReportKit would: the chart part related from the document,
    /// its relationships and workbook beside it, the drawing run in a paragraph.
    static func package() throws -> DocxPackage {
        var package = try basePackage()
        var body = paragraph("一、收入支出决算总体情况说明")
        for (n, chart) in charts.enumerated() {
            let index = n + 1
            let parts = try ChartBuilder.parts(for: chart.spec, index: index)
            let id = try package.add(ChartPackaging.chartPartName(index: index), contentType: ChartPackaging.chartContentType,
                                     bytes: parts.chartXML, relatedFrom: "word/document.xml", type: ChartPackaging.chartRelationshipType)
            package.replace(ChartPackaging.chartRelsPartName(index: index), with: parts.chartRelsXML)
            package.replace(ChartPackaging.workbookPartName(index: index), with: parts.workbook)
            let run = ChartBuilder.inlineDrawingXML(relationshipID: id, docPrID: index, name: "图表 \(index)",
                                                    widthEMU: 5_400_000, heightEMU: 2_880_000)
            body += "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>\(run)</w:p>" + paragraph(chart.caption)
        }
        let document = declaration + """
        <w:document xmlns:w="\(Namespace.w)" xmlns:r="\(Namespace.r)"><w:body>\(body)\
        <w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>\
        </w:body></w:document>
        """
        package.replace("word/document.xml", with: Array(document.utf8))
        return package
    }

    static func write(to file: URL) throws {
        try package().write(to: file.path)
    }
}

@Suite struct EndToEndChartTests {
    static var canRender: Bool {
        Tools.find("soffice") != nil && Tools.find("pdftotext") != nil
    }

    /// LibreOffice renders the charts from their caches; the PDF text must carry the seed's
    /// numbers as data labels, and the pies their percentages (644.52 / 645.53 = 99.84%).
    @Test(.enabled(if: canRender, "soffice or pdftotext missing"), .timeLimit(.minutes(3)))
    func libreOfficeDrawsBothChartKindsWithTheNumbers() throws {
        let keep = ProcessInfo.processInfo.environment["CHARTS_E2E_OUT"]
        let dir = try keep.map { path -> URL in
            let url = URL(fileURLWithPath: path)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            return url
        } ?? Tools.temporaryDirectory("e2e")
        defer { if keep == nil { try? FileManager.default.removeItem(at: dir) } }
        let docx = dir.appendingPathComponent("charts.docx")
        try ChartDocx.write(to: docx)

        let profile = dir.appendingPathComponent("lo-profile")
        let convert = try Tools.run(try #require(Tools.find("soffice")), [
            "-env:UserInstallation=file://\(profile.path)", "--headless", "--convert-to", "pdf",
            "--outdir", dir.path, docx.path,
        ])
        let pdf = dir.appendingPathComponent("charts.pdf")
        try #require(FileManager.default.fileExists(atPath: pdf.path), "\(convert.output)")
        // pdftotext puts spaces where the font changes (`2020 年`): compare without whitespace.
        let text = try Tools.run(try #require(Tools.find("pdftotext")), [pdf.path, "-"]).output
            .filter { !$0.isWhitespace }
        for expected in ["收、支决算总计变动情况图", "411.09", "645.55", "单位：万元", "2020年", "2021年", "收入总计", "支出总计",
                         "收入决算结构图", "一般公共预算财政拨款收入", "99.84%", "0.16%",
                         "支出决算结构图", "基本支出", "50.2%", "项目支出", "49.8%",
                         "644.54", "一般公共服务（类）支出", "3.1%", "3.74%", "89.61%", "3.55%"] {
            #expect(text.contains(expected), "PDF text lacks \(expected)")
        }
        // Rates as seed 004's text prints them ("占50.2%", "占3.1%"), never padded to 50.20%.
        for padded in ["50.20%", "49.80%", "3.10%"] {
            #expect(!text.contains(padded), "PDF text has \(padded)")
        }
        // The zero slice's label is deleted.
        #expect(!text.contains("0.00%"))
        if keep != nil, let pdftoppm = Tools.find("pdftoppm") {
            _ = try Tools.run(pdftoppm, ["-png", "-r", "60", pdf.path, dir.appendingPathComponent("page").path])
        }
    }

    /// `$DOCX_CHECK`, `$REPORTGEN_SHARED/tools/docx-check`, else ../shared/tools/docx-check beside the checkout.
    static let docxCheck = ProcessInfo.processInfo.environment["DOCX_CHECK"]
        ?? ProcessInfo.processInfo.environment["REPORTGEN_SHARED"].map { $0 + "/tools/docx-check" }
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/tools/docx-check").path

    /// The project's outside check (zip, content types, relationships, XSD of every part,
    /// python-docx, pandoc, LibreOffice) on the same document.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: docxCheck) && Tools.find("soffice") != nil,
                   "docx-check or LibreOffice, which it runs, missing"), .timeLimit(.minutes(3)))
    func docxCheckPasses() throws {
        let dir = try Tools.temporaryDirectory("docx-check")
        defer { try? FileManager.default.removeItem(at: dir) }
        let docx = dir.appendingPathComponent("charts.docx")
        try ChartDocx.write(to: docx)
        let result = try Tools.run(Self.docxCheck, [docx.path, dir.appendingPathComponent("out").path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("RESULT OK"), "\(result.output)")
    }
}
