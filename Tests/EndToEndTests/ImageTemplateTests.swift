import Foundation
import JSONValue
import OOXML
import Testing

/// `{{%公章}}` through the binary: checked against the contract, rendered from a path relative
/// to the data file, valid for Word's reader and visible in LibreOffice's PDF.
@Suite struct ImageTemplateTests {
    static let seal = EndToEnd.packageRoot.appendingPathComponent("Tests/TemplatingFixtures/seal.png")
    static let imageType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"

    /// The 自评表 with the seal after the 填报日期 (and in the footer), and the mof sample data
    /// with `unit.seal` naming seal.png beside it.
    static func sealedSheet(tag: String = "{{%公章 | size:4cm}}") throws -> (template: URL, data: URL) {
        let template = try TemplateContractTests.edited("self-evaluation-sheet.docx", [("填报日期：", "盖章：\(tag)　填报日期：")])
        let dir = template.deletingLastPathComponent()
        try FileManager.default.copyItem(at: seal, to: dir.appendingPathComponent("seal.png"))
        let sample = EndToEnd.packageRoot.appendingPathComponent("templates/samples/project-report-mof.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: sample)) as? [String: Any])
        var unit = json["unit"] as? [String: Any] ?? [:]
        unit["seal"] = "seal.png"
        json["unit"] = unit
        let data = dir.appendingPathComponent("data.json")
        try JSONSerialization.data(withJSONObject: json).write(to: data)
        return (template, data)
    }

    @Test func checkKnowsImageTags() throws {
        let good = try Self.sealedSheet()
        let ok = try EndToEnd.reportgen(["template", "check", good.template.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        let typo = try Self.sealedSheet(tag: "{{%seal}}")
        let unknown = try EndToEnd.reportgen(["template", "check", typo.template.path])
        #expect(unknown.status == 1 && unknown.stderr.contains("E-TPL-020") && unknown.stderr.contains("unit.seal（公章）"), "\(unknown.stderr)")
        let text = try Self.sealedSheet(tag: "{{%单位名称}}")
        let notImage = try EndToEnd.reportgen(["template", "check", text.template.path])
        #expect(notImage.status == 1 && notImage.stderr.contains("E-TPL-031") && notImage.stderr.contains("unit.name（单位名称） 是文字"), "\(notImage.stderr)")
        let option = try Self.sealedSheet(tag: "{{%公章 | size:4}}")
        let badSize = try EndToEnd.reportgen(["template", "check", option.template.path])
        #expect(badSize.status == 1 && badSize.stderr.contains("E-TPL-030"), "\(badSize.stderr)")
    }

    @Test func renderPutsTheSealInTheDocument() throws {
        let (template, data) = try Self.sealedSheet()
        let out = template.deletingLastPathComponent().appendingPathComponent("out.docx")
        let result = try EndToEnd.reportgen(["render", "--template", template.path, "--data", data.path, "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let package = try DocxPackage(bytes: Array(try Data(contentsOf: out)), name: "out.docx")
        let relationships = try package.relationships(of: "word/document.xml").filter { $0.type == Self.imageType }
        #expect(relationships.map(\.target) == ["media/image1.png"])
        #expect(try package.bytes(of: "word/media/image1.png") == Array(try Data(contentsOf: Self.seal)))
        #expect(package.contentType(of: "word/media/image1.png") == "image/png")
        let xml = String(decoding: try package.bytes(of: "word/document.xml"), as: UTF8.self)
        // size:4cm: 4 × 360000 EMU wide; the seal is square.
        #expect(xml.contains("<wp:extent cx=\"1440000\" cy=\"1440000\"/>"))
        #expect(xml.contains("r:embed=\"\(relationships[0].id)\""))

        // A missing picture names the data path, the file and the place.
        let missing = template.deletingLastPathComponent().appendingPathComponent("nothing.json")
        try String(decoding: try Data(contentsOf: data), as: UTF8.self).replacingOccurrences(of: "\"seal.png\"", with: "\"images/none.png\"")
            .write(to: missing, atomically: true, encoding: .utf8)
        let failed = try EndToEnd.reportgen(["render", "--template", template.path, "--data", missing.path, "-o", out.path + "2.docx"])
        #expect(failed.status == 1 && failed.stderr.contains("E-TPL-033") && failed.stderr.contains("unit.seal")
                && failed.stderr.contains("images/none.png") && failed.stderr.contains("正文 第"), "\(failed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path + "2.docx"))
    }

    @Test(.enabled(if: EndToEnd.shared != nil && PrintedLayoutTests.tool("soffice") != nil && PrintedLayoutTests.tool("pdfimages") != nil,
                   "需要 ../shared/tools/docx-check、LibreOffice 与 poppler-utils"))
    func theSealPassesDocxCheckAndPrints() throws {
        let (template, data) = try Self.sealedSheet()
        let out = template.deletingLastPathComponent().appendingPathComponent("sealed.docx")
        #expect(try EndToEnd.reportgen(["render", "--template", template.path, "--data", data.path, "-o", out.path]).status == 0)
        let check = try #require(try EndToEnd.docxCheck(out))
        #expect(check.status == 0 && !check.stdout.contains("FAIL") && !check.stdout.contains("WARN"), "\(check.stdout)\(check.stderr)")
        let pdf = template.deletingLastPathComponent().appendingPathComponent("sealed.pdf")
        let preview = try EndToEnd.reportgen(["template", "preview", template.path, "--data", data.path, "-o", pdf.path])
        #expect(preview.status == 0, "\(preview.stderr)")
        // pdfimages lists the picture: 472 × 472 pixels, as the file is.
        let images = try EndToEnd.run(try #require(PrintedLayoutTests.tool("pdfimages")), ["-list", pdf.path]).stdout
        #expect(images.split(separator: "\n").contains { $0.contains(" 472 ") && $0.contains("image") }, "\(images)")
    }

    @Test func previewShowsThePlaceholderText() throws {
        let (template, _) = try Self.sealedSheet()
        let out = template.deletingLastPathComponent().appendingPathComponent("preview.docx")
        let result = try EndToEnd.reportgen(["template", "preview", template.path, "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let xml = String(decoding: try ZipArchive(bytes: Array(try Data(contentsOf: out)), name: "p").read("word/document.xml"), as: UTF8.self)
        #expect(xml.contains("盖章：【公章】"))
    }

    /// Inside `{{#funds.rows}}` the money names read the row, as the English names do.
    @Test func moneyAliasesInsideFundRowsReadTheRow() throws {
        let data = EndToEnd.packageRoot.appendingPathComponent("templates/samples/project-report-mof.json").path
        var parts: [[UInt8]] = []
        for loop in ["{{#funds.rows}}{{资金来源}}{{年初预算数}}/{{执行数}}；{{/funds.rows}}",
                     "{{#资金明细}}{{资金来源}}{{年初预算数}}/{{执行数}}；{{/资金明细}}",
                     "{{#funds.rows}}{{source}}{{initialBudget}}/{{executed}}；{{/funds.rows}}"] {
            let template = try TemplateContractTests.edited("self-evaluation-sheet.docx", [("{{goals.annual}}", loop)])
            let check = try EndToEnd.reportgen(["template", "check", template.path])
            #expect(check.status == 0, "\(check.stderr)")
            let out = template.deletingLastPathComponent().appendingPathComponent("out.docx")
            let result = try EndToEnd.reportgen(["render", "--template", template.path, "--data", data, "-o", out.path])
            #expect(result.status == 0, "\(result.stderr)")
            parts.append(try ZipArchive(bytes: Array(try Data(contentsOf: out)), name: "o").read("word/document.xml"))
        }
        #expect(parts[0] == parts[2] && parts[1] == parts[2])
        // The sample's first fund row, not the total, fills the cell.
        let sample = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: data))) as? [String: Any]
        let rows = ((sample?["funds"] as? [String: Any])?["rows"] as? [[String: Any]]) ?? []
        let first = try #require(rows.first)
        let expected = "\(first["source"] ?? "")\(first["initialBudget"] ?? "")/\(first["executed"] ?? "")；"
        #expect(String(decoding: parts[0], as: UTF8.self).contains(expected))
    }

    /// The preview shows every branch of a condition, an inline one after a marker saying when.
    @Test func previewShowsEveryConditionBranch() throws {
        let file = try TemplateContractTests.edited("self-evaluation-sheet.docx",
                                                    [("{{sheet.grade}}", "{{#等次 == \"优\"}}优秀{{/}}{{^等次 == \"优\"}}未达优{{/}}")])
        let out = file.deletingLastPathComponent().appendingPathComponent("preview.docx")
        let result = try EndToEnd.reportgen(["template", "preview", file.path, "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let xml = String(decoding: try ZipArchive(bytes: Array(try Data(contentsOf: out)), name: "p").read("word/document.xml"), as: UTF8.self)
        #expect(xml.contains("〔若 等次 == &quot;优&quot;〕优秀〔若非 等次 == &quot;优&quot;〕未达优") || xml.contains("〔若 等次 == \"优\"〕优秀〔若非 等次 == \"优\"〕未达优"), "\(xml.prefix(0))")
        // A real render shows one branch and no marker.
        let data = EndToEnd.packageRoot.appendingPathComponent("templates/samples/project-report-mof.json").path
        let rendered = file.deletingLastPathComponent().appendingPathComponent("rendered.docx")
        #expect(try EndToEnd.reportgen(["render", "--template", file.path, "--data", data, "-o", rendered.path]).status == 0)
        let text = String(decoding: try ZipArchive(bytes: Array(try Data(contentsOf: rendered)), name: "r").read("word/document.xml"), as: UTF8.self)
        #expect(!text.contains("〔若"))
    }
}
