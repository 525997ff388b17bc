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

    /// Printed by LibreOffice, no 特定目标类 form and no report with the portrait 自评表 leaves “标”
    /// on a line of its own.
    @Test(.enabled(if: PrintedLayoutTests.canRead, "LibreOffice 或 poppler-utils 未安装"), .timeLimit(.minutes(5)))
    func noFormPrintsALoneCharacterOfALabel() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var documents: [URL] = []
        for example in ["panzhihua-2021", "zhongdian-jiuzhu-2021"] {
            let out = try PackageTests.generate(example)
            for name in try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
            where name.hasPrefix("特定目标类") || (example == "zhongdian-jiuzhu-2021" && name.hasPrefix("项目支出绩效自评报告-")) {
                let copy = dir.appendingPathComponent("\(example)-\(name)")
                try FileManager.default.copyItem(at: out.appendingPathComponent(name), to: copy)
                documents.append(copy)
            }
        }
        #expect(documents.count == 4)
        for pdf in try OfficerReview5Tests.convert(documents, into: dir) {
            let lines = try OfficerReview11Tests.rawLines(pdf)
            #expect(!lines.contains("标"), "\(pdf.lastPathComponent): 指标 split over two lines")
            #expect(!lines.contains { $0.hasSuffix("满意度指") || $0.hasSuffix("可持续影") }, "\(pdf.lastPathComponent)")
        }
    }
}
