import Foundation
import JSONValue
import OOXML
import Testing

/// Officer review 13: the four examples' documents read as the signing officer reads them.
@Suite(.serialized) struct OfficerReview13Tests {
    /// Closing punctuation that LibreOffice never starts a line with: a line of one character
    /// and these is still one character alone (“传。”, “元）”).
    static let closing = Set("，。、；：！？）)】」”’%".unicodeScalars)

    /// One Han character, alone or with the closing punctuation after it.
    static func isLoneCharacter(_ line: String) -> Bool {
        let scalars = Array(line.trimmingCharacters(in: .whitespaces).unicodeScalars)
        guard let first = scalars.first, first.properties.isIdeographic else { return false }
        return scalars.dropFirst().allSatisfy { closing.contains($0) }
    }

    /// The text of every table cell of a document, its paragraphs and `w:br` lines each a line.
    static func cells(_ docx: URL) throws -> [[String]] {
        let package = try DocxPackage(path: docx.path)
        let root = try package.xml(package.mainDocumentPartName).root
        var result: [[String]] = []
        for table in OfficerReview11Tests.tables(root) {
            for row in OfficerReview11Tests.rows(table) {
                for cell in row.cells {
                    let paragraphs = cell.element.elements.filter { $0.is(Namespace.w, "p") }
                    result.append(paragraphs.flatMap { OfficerReview4Tests.text($0).components(separatedBy: "\n") })
                }
            }
        }
        return result
    }

    /// The texts of the paragraphs of a document's body outside its tables.
    static func bodyParagraphs(_ docx: URL) throws -> [String] {
        let package = try DocxPackage(path: docx.path)
        let root = try package.xml(package.mainDocumentPartName).root
        let body = OfficerReview4Tests.child(root, "body")
        return (body?.elements ?? []).filter { $0.is(Namespace.w, "p") }.map { OfficerReview4Tests.text($0) }
    }

    // MARK: 1. a cell's text never ends with one character alone on its last line

    /// The 特定目标类 form printed “召开医保工作市级新闻发布会、政策吹风” over “会” and “…会议或培” over
    /// “训”; the 自评表 “定点医药机构监督检查覆盖” / “率”, “按省上要求完” / “成”, “按时按要求进” / “行”;
    /// the project reports' generated indicator tables “经办人员培训合格” / “率”, “异地就医直接结算” /
    /// “率”, a 偏差原因 note “…进社区宣” / “传。” and the fund table's header “年度总金额(万” / “元)”.
    /// Printed by LibreOffice, no line of these documents is now one character alone, except a
    /// cell whose whole text is one character (the grade 优).
    @Test(.enabled(if: PrintedLayoutTests.canRead, "LibreOffice 或 poppler-utils 未安装"), .timeLimit(.minutes(8)))
    func noCellPrintsOneCharacterOnItsLastLine() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wanted: [(String, String)] = [
            ("panzhihua-2021", "特定目标类部门预算项目绩效目标自评-医疗服务与保障能力提升补助资金"),
            ("panzhihua-2021", "项目支出绩效自评表-医疗服务与保障能力提升补助资金"),
            ("panzhihua-2021", "项目支出绩效自评表-攀枝花“智慧医保”微信小程序及后台管理系统开发项目"),
            ("ippe-demo", "项目支出绩效自评报告-医保政策宣传与经办能力提升"),
            ("zhongdian-jiuzhu-2021", "项目支出绩效自评报告-重点救助对象医保补助"),
        ]
        var documents: [URL] = []
        var singles: [String: Set<String>] = [:]
        var prose: [String: [String]] = [:]
        for example in Set(wanted.map(\.0)).sorted() {
            let out = try PackageTests.generate(example)
            for (e, name) in wanted where e == example {
                let copy = dir.appendingPathComponent("\(example)-\(name).docx")
                try FileManager.default.copyItem(at: out.appendingPathComponent(name + ".docx"), to: copy)
                documents.append(copy)
                // Cells whose whole text is one character print it alone, rightly; the body's
                // prose (outside the tables) is LibreOffice's to fill.
                let key = copy.deletingPathExtension().lastPathComponent
                singles[key] = Set(try Self.cells(copy).filter { $0.count == 1 }.map { $0[0] }.filter { $0.unicodeScalars.count == 1 })
                prose[key] = try Self.bodyParagraphs(copy)
            }
        }
        #expect(documents.count == wanted.count)
        for pdf in try OfficerReview5Tests.convert(documents, into: dir) {
            let name = pdf.deletingPathExtension().lastPathComponent
            let lone = try OfficerReview11Tests.rawLines(pdf).filter { line in
                Self.isLoneCharacter(line) && !(singles[name] ?? []).contains(line)
                    && !(prose[name] ?? []).contains { $0.count > line.count && $0.hasSuffix(line) }
            }
            #expect(lone.isEmpty, "\(name): \(lone)")
        }
    }

    /// The breaks only place the text: every line a break makes holds more than one character,
    /// the cells still hold the project's names and values as typed, and the CSV beside the
    /// DOCX holds them unbroken.
    @Test func breaksKeepTheTextAndLeaveNoLineOfOneCharacter() throws {
        var broken = 0
        for example in PackageTests.examples {
            let out = try PackageTests.generate(example)
            for name in try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() where name.hasSuffix(".docx") {
                for cell in try Self.cells(out.appendingPathComponent(name)) where cell.count > 1 {
                    let lines = cell.filter { !$0.isEmpty }
                    #expect(!lines.contains { Self.isLoneCharacter($0) }, "\(example)/\(name): \(cell)")
                    if lines.count > 1 { broken += 1 }
                }
            }
        }
        #expect(broken > 0)
        // The ippe report's indicator table: each 三级指标 name of the project, whole once its
        // lines are joined; 经办人员培训合格率 is printed on two lines of more than one character.
        let project = EndToEnd.packageRoot.appendingPathComponent("examples/ippe-demo/projects/yibao-xuanchuan-jingban-nengli.json")
        let json = try JSONParser.parse(Array(try Data(contentsOf: project))).root
        let names = (json["indicators"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        #expect(names.contains("经办人员培训合格率") && names.contains("异地就医直接结算率"))
        let out = try PackageTests.generate("ippe-demo")
        let report = try Self.cells(out.appendingPathComponent("项目支出绩效自评报告-医保政策宣传与经办能力提升.docx"))
        let joined = Set(report.map { $0.joined() })
        for name in names { #expect(joined.contains(name), "\(name) not in a cell of its own") }
        let training = report.filter { $0.joined() == "经办人员培训合格率" }
        #expect(!training.isEmpty && training.allSatisfy { $0.count == 2 && $0.allSatisfy { $0.unicodeScalars.count > 1 } }, "\(training)")
        let csv = try String(contentsOf: out.appendingPathComponent("项目支出绩效自评表-医保政策宣传与经办能力提升.csv"), encoding: .utf8)
        for name in names { #expect(csv.contains(name), "\(name) not whole in the CSV") }
    }
}
