import Foundation
import OOXML
import Testing

/// Officer review 12: the four examples' documents read as the signing officer reads them.
@Suite(.serialized) struct OfficerReview12Tests {
    // MARK: 1. a label of a narrow column breaks before 指标, never leaving one character alone

    /// The label cells (一级指标, 二级指标) of every indicator table of a document: the cells under
    /// the header cells so named, with the cell's width and its printed lines (`w:br` and
    /// paragraphs split lines).
    static func labelCells(_ docx: URL) throws -> [(width: Int, lines: [String])] {
        let package = try DocxPackage(path: docx.path)
        let root = try package.xml(package.mainDocumentPartName).root
        var result: [(width: Int, lines: [String])] = []
        for table in OfficerReview11Tests.tables(root) {
            let rows = OfficerReview11Tests.rows(table)
            guard let header = rows.first(where: { row in row.cells.contains { OfficerReview4Tests.text($0.element) == "一级指标" } }) else { continue }
            let columns = Set(header.cells.filter { ["一级指标", "二级指标"].contains(OfficerReview4Tests.text($0.element)) }.map(\.column))
            for row in rows where !row.header {
                for cell in row.cells where columns.contains(cell.column) && cell.merge != "continue" {
                    let width = OfficerReview4Tests.child(OfficerReview4Tests.child(cell.element, "tcPr"), "tcW")?.attribute("w:w").flatMap { Int($0) } ?? 0
                    let paragraphs = cell.element.elements.filter { $0.is(Namespace.w, "p") }
                    let lines = paragraphs.flatMap { OfficerReview4Tests.text($0).components(separatedBy: "\n") }.filter { !$0.isEmpty }
                    if !lines.isEmpty { result.append((width, lines)) }
                }
            }
        }
        return result
    }

    /// The 特定目标类 form's 二级 column printed “满意度指” over a lone “标” (one em short of the
    /// label), the 一级 column of the portrait 自评表 “服务对象满意度指” / “标”, and 可持续影响指标
    /// “可持续影” / “响指标”. Seed 004 breaks these labels before 指标 (“满意度\n指标”, “完成\n指标”,
    /// “社会效益  指标”). Every label that does not stand on one line now breaks before its 指标,
    /// and no line of a label is a single character, in every form with such columns: the
    /// templates' `| merge` columns (特定目标类 form, 自评表, the report's appendix) and the
    /// generated indicator tables alike.
    @Test func labelsBreakBeforeTheirLastWord() throws {
        var broken = 0, forms = 0
        var satisfaction: [[String]] = []
        for example in PackageTests.examples {
            let out = try PackageTests.generate(example)
            for name in try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() where name.hasSuffix(".docx") {
                let cells = try Self.labelCells(out.appendingPathComponent(name))
                if !cells.isEmpty { forms += 1 }
                for cell in cells {
                    let label = cell.lines.joined()
                    #expect(!cell.lines.contains { $0.unicodeScalars.count == 1 } || label.unicodeScalars.count == 1,
                            "\(example)/\(name): \(cell.lines) (cell \(cell.width))")
                    guard cell.lines.count > 1 else { continue }
                    broken += 1
                    if label.hasSuffix("指标") {
                        #expect(cell.lines.last == "指标", "\(example)/\(name): \(cell.lines)")
                    }
                    if name.hasPrefix("特定目标类"), label == "满意度指标" { satisfaction.append(cell.lines) }
                }
            }
        }
        #expect(forms > 10 && broken > 0, "forms \(forms), broken labels \(broken)")
        // The three 特定目标类 forms, each in its 一级 and 二级 columns.
        #expect(satisfaction.count == 6 && satisfaction.allSatisfy { $0 == ["满意度", "指标"] }, "\(satisfaction)")
        // As seed 004 prints the 二级 label.
        if let seeds = EndToEnd.shared?.appendingPathComponent("seeds"),
           let seed = try FileManager.default.contentsOfDirectory(atPath: seeds.path).first(where: { $0.hasPrefix("004_") }) {
            let text = try String(contentsOf: seeds.appendingPathComponent(seed), encoding: .utf8)
            #expect(text.contains("\t满意度\n指标\n"))
        }
    }

    /// Printed by LibreOffice, no 特定目标类 form and no project report (with its appendix forms)
    /// leaves “标” on a line of its own, and no page holds only a lone row or a lone line
    /// (the 智慧医保 report's last page held the 满意度指标 row alone under the repeated header:
    /// a last 一级 group of one row now keeps the row above with it).
    @Test(.enabled(if: PrintedLayoutTests.canRead, "LibreOffice 或 poppler-utils 未安装"), .timeLimit(.minutes(8)))
    func noFormPrintsALoneCharacterOrALoneRow() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var documents: [URL] = []
        for example in ["panzhihua-2021", "zhongdian-jiuzhu-2021"] {
            let out = try PackageTests.generate(example)
            for name in try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
            where name.hasSuffix(".docx") && (name.hasPrefix("特定目标类") || name.hasPrefix("项目支出绩效自评报告-")) {
                let copy = dir.appendingPathComponent("\(example)-\(name)")
                try FileManager.default.copyItem(at: out.appendingPathComponent(name), to: copy)
                documents.append(copy)
            }
        }
        #expect(documents.count == 3 + 6 + 1)
        for pdf in try OfficerReview5Tests.convert(documents, into: dir) {
            let lines = try OfficerReview11Tests.rawLines(pdf)
            #expect(!lines.contains("标"), "\(pdf.lastPathComponent): 指标 split over two lines")
            if pdf.lastPathComponent.hasPrefix("panzhihua-2021-特定目标类部门预算项目绩效目标自评-医疗服务") {
                // 三级指标 names of examples/panzhihua-2021 the narrow column wrapped before their last character.
                for name in ["医保系统正常运行率", "医保人才培训合格率", "医保重要政策知晓率"] {
                    #expect(lines.contains { $0.contains(name) }, "\(name) wraps")
                }
            }
            // Every page holds more than a header and a row: five lines at least besides its number.
            for (number, page) in try PrintedLayoutTests.pages(pdf).enumerated() {
                let text = page.filter { line in !line.allSatisfy { $0.isWhitespace || $0.isNumber || $0 == "—" } }
                #expect(text.count > 4, "\(pdf.lastPathComponent) p. \(number + 1): \(text)")
            }
        }
    }
}

extension OfficerReview12Tests {
    // MARK: 2. the form's columns share their width by what they hold

    static func grid(_ table: XMLElement) -> [Int] {
        let grid = OfficerReview4Tests.child(table, "tblGrid")
        return (grid?.elements ?? []).filter { $0.is(Namespace.w, "gridCol") }.compactMap { $0.attribute("w:w").flatMap { Int($0) } }
    }

    /// The 特定目标类 form's 三级指标 column (1900 twips in the template) wrapped “医保系统正常运行”
    /// over “率”, “医保人才培训合格” over “率”, while 预期指标值 and 实际完成指标值 (1750, 1795) stood
    /// half empty. The rendered form's columns other than its label columns now share their
    /// width by what they hold: 三级指标 takes the room the value columns do not use. The table
    /// keeps its width (inside the margins), every cell the width of its grid columns, and the
    /// form's upper table the same grid as its indicator table, so their column lines meet.
    @Test func theFormsColumnsShareTheirWidthByWhatTheyHold() throws {
        let source = try String(contentsOf: EndToEnd.packageRoot.appendingPathComponent("templates/src/fragments/target-form.xml"), encoding: .utf8)
        let gridText = try #require(source.range(of: #"<w:tblGrid>.*?</w:tblGrid>"#, options: .regularExpression).map { String(source[$0]) })
        let template = gridText.components(separatedBy: "w:w=\"").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        #expect(template.count == 6)
        let out = try PackageTests.generate("panzhihua-2021")
        var fitted = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() where name.hasSuffix(".docx") {
            let package = try DocxPackage(path: out.appendingPathComponent(name).path)
            let root = try package.xml(package.mainDocumentPartName).root
            let tables = OfficerReview11Tests.tables(root)
            for (i, table) in tables.enumerated() {
                let grid = Self.grid(table)
                let width = OfficerReview4Tests.child(OfficerReview4Tests.child(table, "tblPr"), "tblW")?.attribute("w:w").flatMap { Int($0) }
                #expect(width == nil || grid.reduce(0, +) == width, "\(name): grid \(grid) over a table of \(width ?? 0)")
                for row in OfficerReview11Tests.rows(table) {
                    for cell in row.cells {
                        let tcPr = OfficerReview4Tests.child(cell.element, "tcPr")
                        let span = OfficerReview4Tests.child(tcPr, "gridSpan")?.attribute("w:val").flatMap { Int($0) } ?? 1
                        let w = OfficerReview4Tests.child(tcPr, "tcW")?.attribute("w:w").flatMap { Int($0) }
                        #expect(w == nil || w == grid[cell.column..<min(grid.count, cell.column + span)].reduce(0, +), "\(name)")
                    }
                }
                // The indicator table of a 特定目标类 form (header 三级指标 in its fourth column).
                let header = OfficerReview11Tests.rows(table).first { $0.header }
                guard grid.count == 6, let header, header.cells.count == 6,
                      OfficerReview4Tests.text(header.cells[3].element) == "三级指标" else { continue }
                fitted += 1
                #expect(grid.reduce(0, +) == template.reduce(0, +))
                #expect(Array(grid.prefix(3)) == Array(template.prefix(3)), "\(name): the label columns keep their width")
                #expect(grid[3] > template[3] && grid[4] < template[4] && grid[5] < template[5], "\(name): \(grid) from \(template)")
                #expect(i > 0 && Self.grid(tables[i - 1]) == grid, "\(name): the form's upper table is not on the same grid")
            }
        }
        // The 医疗服务 form, standalone, in its report and in the 决算 document.
        #expect(fitted >= 3, "fitted forms: \(fitted)")
    }
}
