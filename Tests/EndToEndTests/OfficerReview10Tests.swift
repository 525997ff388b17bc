import Foundation
import OOXML
import Testing

/// Officer review 10: the four examples converted by LibreOffice and read page by page as the
/// signing officer reads them (leftovers of review 9 and what the pages showed).
@Suite(.serialized) struct OfficerReview10Tests {
    // MARK: 1. one unit statement per table

    /// Seed 004 prints its 资金情况 table with the unit in the row label only (资金情况 | 计划数 |
    /// 到位数 | 使用数, then 金额（万元）), no “单位：万元” line. The appendix 项目资金情况表 printed both a
    /// “单位：万元” line and the row label 金额（万元）; the standalone 自评表 printed “单位：万元” above a
    /// form whose row label already says 项目资金（万元）. Each table now states its unit once: the
    /// 计划数 table by its row label, the 预算执行情况 table (no money in its headers) by its caption.
    @Test func eachMoneyTableStatesItsUnitOnce() throws {
        let out = try PackageTests.generate("yanbian-2021")
        if let seed = try OfficerReview5Tests.seedText("004_") {
            #expect(seed.contains("资金情况计划数到位数使用数金额（万元）"))
        }
        let unit = "万元"
        let report = try PackageTests.paragraphs(out.appendingPathComponent("项目支出绩效自评报告-欺诈骗保举报奖励金.docx"))
        let title = try #require(report.firstIndex(of: "项目资金情况表"))
        let second = try #require(report[title...].firstIndex { $0.hasPrefix("预算执行情况") })
        let first = report[title..<second].filter { $0.contains(unit) }
        #expect(first == ["金额（万元）"], "项目资金情况表 (计划数 table): \(first)")
        let rest = report[second...].filter { $0.contains(unit) }
        #expect(rest.count == 1 && rest.first == report[second], "预算执行情况 table: \(rest)")

        let sheet = try PackageTests.paragraphs(out.appendingPathComponent("项目支出绩效自评表-欺诈骗保举报奖励金.docx"))
        let statements = sheet.filter { $0.contains(unit) }
        #expect(statements == ["项目资金（万元）"], "自评表: \(statements)")
    }

    // MARK: 2. a circled number in the body face

    /// The circled numbers (①…⑳) of seed 004's 部门整体 report, as its lines 164 and 166 open
    /// (“①多次召开政策解读…”, “①专题培训有效提升…”) and mid-line (“（1）产出指标。①保障了…”).
    static let circled = Set((0x2460...0x2473).compactMap { Unicode.Scalar($0).map(Character.init) })

    /// Runs (rPr rFonts attributes, text) of each top-level body paragraph.
    static func runs(_ docx: URL) throws -> [(style: String, runs: [(fonts: [String: String], text: String)])] {
        let package = try DocxPackage(path: docx.path)
        let root = try package.xml(package.mainDocumentPartName).root
        let text = OfficerReview4Tests.text
        func walk(_ e: XMLElement) -> [(style: String, runs: [(fonts: [String: String], text: String)])] {
            if e.is(Namespace.w, "tbl") { return [] }
            guard e.is(Namespace.w, "p") else { return e.elements.flatMap(walk) }
            let style = e.elements.first { $0.is(Namespace.w, "pPr") }?.elements
                .first { $0.is(Namespace.w, "pStyle") }?.attribute("w:val") ?? ""
            let runs = e.elements.filter { $0.is(Namespace.w, "r") }.map { r -> (fonts: [String: String], text: String) in
                let fonts = r.elements.first { $0.is(Namespace.w, "rPr") }?.elements.first { $0.is(Namespace.w, "rFonts") }
                var map: [String: String] = [:]
                for name in ["w:ascii", "w:hAnsi", "w:eastAsia", "w:hint"] { map[name] = fonts?.attribute(name) }
                return (map, text(r))
            }
            return [(style, runs)]
        }
        return walk(root)
    }

    /// The East Asian font a paragraph style prints in, read from styles.xml as Word reads it
    /// (the style, its basedOn chain, then docDefaults).
    static func eastAsiaFont(_ docx: URL, style: String) throws -> String? {
        let package = try DocxPackage(path: docx.path)
        let root = try package.xml("word/styles.xml").root
        func font(_ holder: XMLElement?) -> String? {
            holder?.elements.first { $0.is(Namespace.w, "rPr") }?.elements.first { $0.is(Namespace.w, "rFonts") }?.attribute("w:eastAsia")
        }
        let styles = root.elements.filter { $0.is(Namespace.w, "style") }
        var current: String? = style
        while let id = current, let element = styles.first(where: { $0.attribute("w:styleId") == id }) {
            if let f = font(element) { return f }
            current = element.elements.first { $0.is(Namespace.w, "basedOn") }?.attribute("w:val")
        }
        return font(root.elements.first { $0.is(Namespace.w, "docDefaults") }?.elements.first { $0.is(Namespace.w, "rPrDefault") })
    }

    /// Word draws ① in the run's ASCII face unless the run's hint says East Asian; LibreOffice 7.4
    /// gives a paragraph's leading ① the script of its UI language (Latin in CI), so it was drawn
    /// from Times New Roman's stand-in, which lacks it, and fell back to a sans (WenQuanYi Zen Hei).
    /// Every circled number is now a run naming the paragraph's East Asian face for every script.
    @Test func circledNumbersNameTheBodyFaceForEveryScript() throws {
        if let seed = try OfficerReview5Tests.seedText("004_") {
            #expect(seed.contains("①多次召开政策解读") && seed.contains("（1）产出指标。①保障了"))
        }
        let out = try PackageTests.generate("panzhihua-2021")
        let docx = out.appendingPathComponent("部门整体绩效自评报告.docx")
        let paragraphs = try Self.runs(docx)
        var leading = 0
        var seen = 0
        for paragraph in paragraphs {
            let text = paragraph.runs.map(\.text).joined()
            if text.hasPrefix("①多次召开") || text.hasPrefix("①专题培训") { leading += 1 }
            let face = try Self.eastAsiaFont(docx, style: paragraph.style)
            #expect(face != nil)
            for run in paragraph.runs where run.text.contains(where: Self.circled.contains) {
                seen += 1
                #expect(run.fonts["w:hint"] == "eastAsia", "\(run.text)")
                #expect(run.fonts["w:ascii"] == face && run.fonts["w:hAnsi"] == face && run.fonts["w:eastAsia"] == face,
                        "\(run.text): \(run.fonts) (the paragraph's East Asian face is \(face ?? "—"))")
                // Only the circled numbers: the digits of “11名” stay in the ASCII face.
                #expect(run.text.allSatisfy(Self.circled.contains), "\(run.text)")
            }
        }
        #expect(leading == 2)
        #expect(seen >= 10)
    }

    /// The faces a PDF embeds (subset tags dropped).
    static func faces(_ pdf: URL) throws -> Set<String> {
        let pdffonts = try #require(PrintedLayoutTests.tool("pdffonts"))
        let lines = try EndToEnd.run(pdffonts, [pdf.path]).stdout.split(separator: "\n").dropFirst(2)
        return Set(lines.compactMap { line in
            line.split(separator: " ").first.map { name in String(name.split(separator: "+", maxSplits: 1).last ?? name) }
        })
    }

    /// The report printed by LibreOffice embeds the same faces as a twin whose circled numbers are
    /// replaced by a Han character (一): no face is there only to draw ①.
    @Test(.enabled(if: PrintedLayoutTests.canRead && PrintedLayoutTests.tool("pdffonts") != nil, "LibreOffice 或 poppler-utils 未安装"),
          .timeLimit(.minutes(5)))
    func circledNumbersPrintInTheFacesOfTheirText() throws {
        let out = try PackageTests.generate("panzhihua-2021")
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let docx = out.appendingPathComponent("部门整体绩效自评报告.docx")
        var package = try DocxPackage(path: docx.path)
        let xml = String(decoding: try package.bytes(of: package.mainDocumentPartName), as: UTF8.self)
        #expect(xml.contains("①"))
        package.replace(package.mainDocumentPartName,
                        with: Array(String(xml.map { Self.circled.contains($0) ? "一" : $0 }).utf8))
        let twin = dir.appendingPathComponent("twin.docx")
        try package.write(to: twin.path)
        let original = dir.appendingPathComponent("report.docx")
        try FileManager.default.copyItem(at: docx, to: original)
        let pdfs = try OfficerReview5Tests.convert([original, twin], into: dir)
        #expect(pdfs.count == 2)
        guard pdfs.count == 2 else { return }
        let (printed, plain) = (try Self.faces(pdfs[0]), try Self.faces(pdfs[1]))
        #expect(!printed.isEmpty)
        #expect(printed == plain, "faces only ① needs: \(printed.subtracting(plain).sorted())")
    }

    // MARK: 3. a 一级指标 taller than a page

    /// seed 002's project with its 数量指标 row made 50 rows (weights 0.25, so the 分值 still sum to
    /// 100): one 产出指标 group far taller than a page. Its rows all kept with the next (review 9's
    /// rule for groups that fit), so LibreOffice moved the whole group overleaf and left p. 1 with
    /// the form's head only (a third of the page empty), then an empty sliver row at the foot of
    /// pages 3 and 4. A group taller than a page now keeps only its first row with the second.
    @Test(.enabled(if: PrintedLayoutTests.canRead, "LibreOffice 或 poppler-utils 未安装"), .timeLimit(.minutes(5)))
    func aGroupTallerThanAPageStartsUnderTheFormHead() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let example = PackageTests.examplePackage("zhongdian-jiuzhu-2021").deletingLastPathComponent()
        let copy = dir.appendingPathComponent("pkg")
        try FileManager.default.copyItem(at: example, to: copy)
        let file = copy.appendingPathComponent("projects/zhongdian-jiuzhu.json")
        var project = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        var indicators = try #require(project["indicators"] as? [[String: Any]])
        let first = indicators.removeFirst()
        #expect(first["weight"] as? String == "12.5")
        let rows = (1...50).map { n -> [String: Any] in
            var row = first
            row["name"] = "\(first["name"] as? String ?? "")（第\(n)批）"
            row["weight"] = "0.25"
            return row
        }
        project["indicators"] = rows + indicators
        try JSONSerialization.data(withJSONObject: project).write(to: file)
        let out = dir.appendingPathComponent("out")
        let result = try EndToEnd.reportgen(["package", copy.appendingPathComponent("package.json").path, "-o", out.path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let docx = out.appendingPathComponent("项目支出绩效自评表-重点救助对象医保补助.docx")
        let pdfs = try OfficerReview5Tests.convert([docx], into: dir)
        let pages = try OfficerReview9Tests.rawPages(try #require(pdfs.first))
        #expect(pages.count > 2)
        #expect(pages.first?.contains("（第1批）") == true, "p. 1 holds none of the 产出指标 rows")
        #expect(pages.first?.contains("产出指标") == true)
    }

    // MARK: 4. the 特定目标类 form's title never breaks inside a word

    /// Seed 004 titles its form “2021年50万元以上（含）特定目标类部门预算项目绩效目标自评” (28 ems at the
    /// 表名's 18 pt, the line holds about 24): LibreOffice broke it inside 绩效 (“…部门预算项目绩” /
    /// “效目标自评”). The title now breaks between 特定目标类 and 部门预算项目绩效目标自评.
    @Test(.enabled(if: PrintedLayoutTests.canRead, "LibreOffice 或 poppler-utils 未安装"), .timeLimit(.minutes(5)))
    func theTargetFormTitleBreaksBetweenWords() throws {
        let title = "2021年50万元以上（含）特定目标类部门预算项目绩效目标自评"
        if let seed = try OfficerReview5Tests.seedText("004_") { #expect(seed.contains(title)) }
        let out = try PackageTests.generate("panzhihua-2021")
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let docx = out.appendingPathComponent("特定目标类部门预算项目绩效目标自评-“综合柜员制”系统政策性功能调整.docx")
        let pdfs = try OfficerReview5Tests.convert([docx], into: dir)
        let lines = try PrintedLayoutTests.pages(try #require(pdfs.first)).first?.map { $0.filter { !$0.isWhitespace } } ?? []
        let first = try #require(lines.firstIndex { $0.hasPrefix("2021年") })
        #expect(lines.count > first + 1)
        guard lines.count > first + 1 else { return }
        #expect(lines[first] + lines[first + 1] == title, "\(lines[first]) / \(lines[first + 1])")
        #expect(lines[first + 1] == "部门预算项目绩效目标自评")
    }
}

