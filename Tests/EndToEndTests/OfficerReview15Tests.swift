import Foundation
import Testing

/// Officer review 15: the four examples' documents read as the signing officer reads them; one
/// width model (`TextWidths`) for the lines of body paragraphs and of form cells.
@Suite(.serialized) struct OfficerReview15Tests {
    static let goal4 = "目标4:加强医保网络、信息安全、基础设施等信息化建设工作，进一步夯实技术基础，切实保障医保信息系统高效、安全运行，提高数据采集质量和速度。"

    /// The 自评表's 年度总体目标 cell is 7133 twips wide (33 characters a line once its margins are
    /// off). Its 目标4 was spread over three lines of 22 characters, a third short beside the full
    /// lines of 目标1–3; now its lines stay full and only the last but one gives a piece down, so
    /// the first line holds at least 30 characters. And the cells the old estimate broke though
    /// they fit (it took every Latin character for half an em and a quarter em beside Han text):
    /// 280元/人 and 320元/人 (a 目标值 column of 1100 twips) are whole.
    @Test func cellsBreakOnlyWhereTheyMustAndWideCellsKeepFullLines() throws {
        let panzhihua = try PackageTests.generate("panzhihua-2021")
        let form = try OfficerReview13Tests.cells(panzhihua.appendingPathComponent("项目支出绩效自评表-医疗服务与保障能力提升补助资金.docx"))
        let goal = try #require(form.first { $0.joined().contains(Self.goal4) })
        let start = try #require(goal.firstIndex { Self.goal4.hasPrefix($0) && !$0.isEmpty })
        let lines = Array(goal[start...].prefix { Self.goal4.contains($0) })
        #expect(lines.joined() == Self.goal4, "\(lines)")
        #expect(lines.count >= 2 && lines[0].count >= 30, "\(lines)")
        #expect(lines.dropLast().allSatisfy { $0.count >= 30 }, "\(lines)")

        let zhongdian = try PackageTests.generate("zhongdian-jiuzhu-2021")
        let report = try OfficerReview13Tests.cells(zhongdian.appendingPathComponent("项目支出绩效自评报告-重点救助对象医保补助.docx"))
        for value in ["280元/人", "320元/人"] {
            #expect(report.contains { $0 == [value] }, "\(value): \(report.filter { $0.joined() == value })")
        }
    }

    /// The width model's measure of the space LibreOffice puts between Han text and a figure: a
    /// fifth of an em, in the body's 16 pt text (3.2 pt) and in table text. Read from the words'
    /// boxes (`pdftotext -bbox`) on lines that are not justified (they end short of the right
    /// edge), where nothing else widens the gap. (The estimate took a quarter em for table text
    /// and 0.2–0.3 em for prose.)
    @Test(.enabled(if: PrintedLayoutTests.canRead, "LibreOffice 或 poppler-utils 未安装"), .timeLimit(.minutes(5)))
    func theSpaceBesideAFigureIsAFifthOfAnEm() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = try PackageTests.generate("zhongdian-jiuzhu-2021")
        let copy = dir.appendingPathComponent("report.docx")
        try FileManager.default.copyItem(at: out.appendingPathComponent("项目支出绩效自评报告-重点救助对象医保补助.docx"), to: copy)
        let pdf = try #require(try OfficerReview5Tests.convert([copy], into: dir).first)
        let pdftotext = try #require(PrintedLayoutTests.tool("pdftotext"))
        let html = try EndToEnd.run(pdftotext, ["-bbox", pdf.path, "-"]).stdout
        let pattern = try NSRegularExpression(pattern: #"<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>"#)
        struct Word { var x0, y0, x1, y1: Double; var text: String }
        var gaps: [Double] = []
        for page in html.components(separatedBy: "<page ") {
            let range = NSRange(page.startIndex..., in: page)
            let words = pattern.matches(in: page, range: range).map { m -> Word in
                let s = { (i: Int) in String(page[Range(m.range(at: i), in: page)!]) }
                return Word(x0: Double(s(1))!, y0: Double(s(2))!, x1: Double(s(3))!, y1: Double(s(4))!, text: s(5))
            }
            let right = words.map(\.x1).max() ?? 0
            for line in Dictionary(grouping: words, by: { ($0.y0 * 10).rounded() }).values {
                let sorted = line.sorted { $0.x0 < $1.x0 }
                guard let last = sorted.last, last.x1 < right - 20 else { continue }
                for (a, b) in zip(sorted, sorted.dropFirst()) {
                    guard let end = a.text.unicodeScalars.last, let first = b.text.unicodeScalars.first else { continue }
                    let hanThenDigit = end.properties.isIdeographic && ("0"..."9").contains(first)
                    let digitThenHan = ("0"..."9").contains(end) && first.properties.isIdeographic
                    guard hanThenDigit || digitThenHan else { continue }
                    // The em of the line's type: its words' boxes are 1.3 em high. Words more than
                    // an em apart stand in neighbouring table cells.
                    let gap = (b.x0 - a.x1) / ((a.y1 - a.y0) / 1.3)
                    if gap < 1 { gaps.append(gap) }
                }
            }
        }
        #expect(gaps.count >= 10, "\(gaps)")
        #expect(gaps.allSatisfy { abs($0 - 0.2) < 0.02 }, "\(gaps)")
    }
}
