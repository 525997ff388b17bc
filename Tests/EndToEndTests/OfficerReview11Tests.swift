import Foundation
import OOXML
import Testing

/// Officer review 11: the four examples' documents read as the signing officer reads them.
@Suite(.serialized) struct OfficerReview11Tests {
    // MARK: 1. no merge runs out of a repeated header row

    /// One table row: its cells with the grid column each starts at, whether it repeats as a
    /// header (`w:tblHeader`), and each cell's `w:vMerge` (nil: none, "restart", "continue").
    struct Row {
        var header: Bool
        var cells: [(column: Int, merge: String?, element: XMLElement)]
    }

    static func rows(_ table: XMLElement) -> [Row] {
        let child = OfficerReview4Tests.child
        return table.elements.filter { $0.is(Namespace.w, "tr") }.map { tr in
            let header = child(child(tr, "trPr"), "tblHeader").map { $0.attribute("w:val") != "0" && $0.attribute("w:val") != "false" } ?? false
            var column = 0
            var cells: [(column: Int, merge: String?, element: XMLElement)] = []
            for tc in tr.elements where tc.is(Namespace.w, "tc") {
                let tcPr = child(tc, "tcPr")
                let merge = child(tcPr, "vMerge").map { $0.attribute("w:val") ?? "continue" }
                cells.append((column, merge, tc))
                column += Int(child(tcPr, "gridSpan")?.attribute("w:val") ?? "1") ?? 1
            }
            return Row(header: header, cells: cells)
        }
    }

    static func tables(_ e: XMLElement) -> [XMLElement] {
        (e.is(Namespace.w, "tbl") ? [e] : []) + e.elements.flatMap(tables)
    }

    /// The 自评表's outer 绩效指标 column (and the 特定目标类 form's 年度绩效指标完成情况) was merged down
    /// from the indicator table's header row, which repeats on every page (`w:tblHeader`): where
    /// the table crossed a page LibreOffice drew an empty sliver row at the page foot, split the
    /// label column with a border halfway and printed the label struck through by the repeated
    /// header's border (seed 002's project with a 50-row 产出指标 group; seed 004's 医疗服务与保障能力提升
    /// 自评表 across pages 2–3 printed a header cell with no label over the label's column). No
    /// vertical merge may start in a header row and run into the rows below it. The label is
    /// still printed, once, in the table's first data row.
    @Test func noMergeRunsOutOfARepeatedHeaderRow() throws {
        var labelled = 0
        for example in PackageTests.examples {
            let out = try PackageTests.generate(example)
            for name in try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() where name.hasSuffix(".docx") {
                let package = try DocxPackage(path: out.appendingPathComponent(name).path)
                let root = try package.xml(package.mainDocumentPartName).root
                for table in Self.tables(root) {
                    let rows = Self.rows(table)
                    guard let body = rows.firstIndex(where: { !$0.header }), body > 0 else { continue }
                    // A merge that continues in the first data row started in a header row.
                    let continued = rows[body].cells.filter { $0.merge == "continue" }.map(\.column)
                    #expect(continued.isEmpty, "\(example)/\(name): the first data row continues a merge from the header row (grid columns \(continued))")
                    let first = rows[body].cells.first
                    let label = first.map { OfficerReview4Tests.text($0.element) } ?? ""
                    guard label == "绩效指标" || label == "年度绩效指标完成情况" else { continue }
                    labelled += 1
                    #expect(first?.merge == "restart", "\(example)/\(name): \(label) does not start a merge")
                    // The label's column ends with the table: every later data row continues it.
                    let rest = rows[(body + 1)...].filter { !$0.header }
                    let spans = rest.prefix { $0.cells.first?.merge == "continue" }.count
                    let lastLoopRow = rest.lastIndex { $0.cells.first?.merge == "continue" }.map { $0 - rest.startIndex + 1 } ?? 0
                    #expect(spans == lastLoopRow, "\(example)/\(name): \(label)'s column is broken")
                    #expect(rows[..<body].allSatisfy { OfficerReview4Tests.text($0.cells.first?.element ?? $0.cells[0].element).isEmpty },
                            "\(example)/\(name): the header row repeats \(label)")
                }
            }
        }
        // 自评表 of seed 002, ippe-demo and seed 004's three projects with indicators, seed 004's
        // three 特定目标类 forms standalone, in their reports and in the 决算 document.
        #expect(labelled == 14, "tables with the outer label: \(labelled)")
    }

    /// The label's column copies the label's paragraph into every row it covers. Its style must
    /// not keep with the next paragraph (表头 does): a keep on every row of the table made
    /// LibreOffice leave the page before the table blank and split a 一级指标's rows across pages.
    @Test func theLabelColumnKeepsNoRowWithTheNext() throws {
        let out = try PackageTests.generate("panzhihua-2021")
        let docx = out.appendingPathComponent("项目支出绩效自评表-医疗服务与保障能力提升补助资金.docx")
        let package = try DocxPackage(path: docx.path)
        let styles = try OfficerReview4Tests.styles(package)
        let root = try package.xml(package.mainDocumentPartName).root
        let table = try #require(Self.tables(root).last)
        let data = Self.rows(table).filter { !$0.header }
        #expect(data.count == 17)
        func paragraphs(_ e: XMLElement) -> [XMLElement] { e.is(Namespace.w, "p") ? [e] : e.elements.flatMap(paragraphs) }
        // Rows the row loop does not keep (the last of each 一级 group) keep nothing in their
        // label cell either.
        let loose = data.filter { row in !row.cells.dropFirst().allSatisfy { paragraphs($0.element).allSatisfy { OfficerReview4Tests.keepsWithNext($0, styles) } } }
        // 效益指标's last row keeps with 满意度指标, a last group of one row (officer review 12).
        #expect(loose.count == 1, "rows ending a 一级 group before the last: 完成指标")
        for row in loose {
            let label = try #require(row.cells.first)
            #expect(paragraphs(label.element).allSatisfy { !OfficerReview4Tests.keepsWithNext($0, styles) })
        }
    }

    // MARK: 2. the outline numbered as the seed numbers it

    /// Seed 002 numbers the four parts of 三、项目绩效分析 “1. 项目实施和预算执行情况及分析” … “4.”
    /// and the two goals under （三）项目绩效目标 “（1）. 项目实施期绩效目标”, “（2）.”: it skips a level
    /// both times. The report printed （一）…（四） and 1. 2. — numbers the seed does not print. Every
    /// heading of the report now stands in the seed with its number (the seed's stray “.” after
    /// （1） aside), as `numbering` already does for seed 004's skipped levels.
    @Test func headingsCarryTheSeedsNumbers() throws {
        let out = try PackageTests.generate("zhongdian-jiuzhu-2021")
        let docx = out.appendingPathComponent("项目支出绩效自评报告-重点救助对象医保补助.docx")
        let headings = try OfficerReview10Tests.runs(docx).filter { $0.style.hasPrefix("Heading") }
            .map { $0.runs.map(\.text).joined().filter { !$0.isWhitespace } }
        #expect(headings.contains("1.项目实施和预算执行情况及分析"))
        #expect(headings.contains("4.满意度情况及分析"))
        #expect(headings.contains("（1）项目实施期绩效目标"))
        guard let seed = try OfficerReview5Tests.seedText("002_") else { return }
        let numbered = headings.filter { $0.first.map { "一二三四五六（1234".contains($0) } ?? false }
        #expect(numbered.count == 19, "\(numbered)")
        for heading in numbered {
            let slip = heading.replacingOccurrences(of: #"^（(\d)）"#, with: "（$1）.", options: .regularExpression)
            #expect(seed.contains(heading) || seed.contains(slip), "not in seed 002: \(heading)")
        }
    }

    // MARK: 3. names and labels do not wrap one character onto a line of its own

    /// Lines of a PDF's text (`pdftotext -raw`), as LibreOffice broke them.
    static func rawLines(_ pdf: URL) throws -> [String] {
        let pdftotext = try #require(PrintedLayoutTests.tool("pdftotext"))
        return try EndToEnd.run(pdftotext, ["-raw", pdf.path, "-"]).stdout
            .components(separatedBy: .newlines).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    static func isOneHanCharacter(_ line: String) -> Bool {
        line.unicodeScalars.count == 1 && line.unicodeScalars.allSatisfy { $0.properties.isIdeographic }
    }

    /// The 汇总表 the officer signs printed “…系统政策性功能调” over “整”, “攀枝花市医保信息中” over
    /// “心”, “…提升补助资” over “金”; the 自评表 printed “满意度指” over “标”, “社会效益指” over “标”
    /// (seed 004 breaks its labels before 指标: “完成\n指标”, “社会效益  指标”). The columns that hold
    /// project names, units and 一级/二级 labels are now wide enough for the examples' names: no
    /// line of the 汇总表 is one character, no 指标 of a 自评表 is split.
    @Test(.enabled(if: PrintedLayoutTests.canRead, "LibreOffice 或 poppler-utils 未安装"), .timeLimit(.minutes(5)))
    func namesAndLabelsKeepTheirLastCharacters() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var documents: [URL] = []
        for example in PackageTests.examples {
            let out = try PackageTests.generate(example)
            for name in try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
            where name.hasSuffix(".docx") && (name.hasPrefix("项目支出绩效自评表-") || name == "项目支出绩效自评汇总表.docx") {
                let copy = dir.appendingPathComponent("\(example)-\(name)")
                try FileManager.default.copyItem(at: out.appendingPathComponent(name), to: copy)
                documents.append(copy)
            }
        }
        // Four 汇总表; the 自评表 of seed 000 (its 建国初期… project has no amount and no sheet), seed 004,
        // seed 002 and ippe-demo.
        #expect(documents.count == 4 + 8 + 6 + 1 + 1)
        let pdfs = try OfficerReview5Tests.convert(documents, into: dir)
        for pdf in pdfs {
            let lines = try Self.rawLines(pdf)
            let name = pdf.lastPathComponent
            if name.hasSuffix("项目支出绩效自评汇总表.pdf") {
                #expect(lines.contains { $0.contains("“综合柜员制”系统政策性功能调整") } || !name.hasPrefix("panzhihua"), "\(name)")
                let alone = lines.filter(Self.isOneHanCharacter)
                #expect(alone.isEmpty, "\(name): \(alone)")
            } else {
                #expect(!lines.contains("标"), "\(name): 指标 split over two lines")
            }
        }
    }
}
