import Foundation
import JSONValue
import OOXML
import Testing

@Suite struct ValidateCommandTests {
    @Test func validExampleExitsZeroAndPrintsFigures() throws {
        let result = try EndToEnd.reportgen(["validate", "examples/zhongdian-jiuzhu-2021/package.json", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let output = try JSONParser.parse(Array(result.stdout.utf8)).root
        let projects = output.arrayValue ?? output["projects"]?.arrayValue ?? []
        #expect(projects.first?["id"] == .string("zhongdian-jiuzhu"))
        #expect(projects.first?["grade"] == .string("优"))
    }

    @Test func invalidDefinitionExitsOneWithCodeAndPath() throws {
        let work = try EndToEnd.temporaryDirectory()
        let file = work.appendingPathComponent("project.json")
        try Data(#"{"id": "a", "name": "项目", "year": 2021, "scoring": "mof-2020", "funds": [], "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "x", "weight": "abc", "target": "1", "actual": "1"}], "body": [], "evaluators": []}"#.utf8).write(to: file)
        let result = try EndToEnd.reportgen(["validate", file.path])
        #expect(result.status == 1)
        #expect((result.stdout + result.stderr).contains("indicators[0].weight"))
        #expect((result.stdout + result.stderr).contains("E-DEF-"))
    }

    @Test func usageErrorExitsTwo() throws {
        #expect(try EndToEnd.reportgen(["validate"]).status == 2)
        #expect(try EndToEnd.reportgen(["validate", "a.json", "--no-such-flag"]).status == 2)
    }
}

@Suite struct DocxInspectCommandTests {
    static let fixture = EndToEnd.packageRoot.appendingPathComponent("Tests/OOXMLTests/Fixtures/word-like.docx")

    @Test func listsPartsAndRelationships() throws {
        let result = try EndToEnd.reportgen(["docx", "inspect", Self.fixture.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let package = try DocxPackage(path: Self.fixture.path)
        for part in package.partNames { #expect(result.stdout.contains(part), "\(part)") }
        #expect(result.stdout.contains(package.mainDocumentPartName))
        let text = try EndToEnd.reportgen(["docx", "inspect", Self.fixture.path])
        #expect(text.status == 0)
        #expect(text.stdout.contains("word/document.xml"))
    }

    @Test func badFileIsACodedChineseError() throws {
        let work = try EndToEnd.temporaryDirectory()
        let file = work.appendingPathComponent("not.docx")
        try Data("这不是 zip".utf8).write(to: file)
        let result = try EndToEnd.reportgen(["docx", "inspect", file.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-ZIP-001"))
    }
}

@Suite struct ChineseAliasTests {
    /// A template staff wrote with Chinese names (`{{项目名称}}`) renders the same values as
    /// the English paths.
    @Test func chineseTagsResolveInPackageTemplates() throws {
        let work = try EndToEnd.temporaryDirectory()
        let copy = work.appendingPathComponent("pkg")
        try FileManager.default.copyItem(at: EndToEnd.packageRoot.appendingPathComponent("examples/zhongdian-jiuzhu-2021"), to: copy)
        var template = try DocxPackage(path: EndToEnd.packageRoot.appendingPathComponent("templates/document.docx").path)
        let body = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\
        <w:p><w:r><w:t>{{项目名称}}|{{等次}}|{{全年预算数}}|{{主管部门}}</w:t></w:r></w:p>\
        <w:p><w:r><w:t>{{project.name}}|{{sheet.grade}}|{{funds.total.annualBudget}}|{{project.department}}</w:t></w:r></w:p>\
        </w:body></w:document>
        """
        template.replace(template.mainDocumentPartName, with: Array(body.utf8))
        try template.write(to: copy.appendingPathComponent("chinese.docx").path)
        let packageFile = copy.appendingPathComponent("package.json")
        var package = try String(contentsOf: packageFile, encoding: .utf8)
        package = package.replacingOccurrences(of: "\"format\": \"reportgen/1\",", with: "\"format\": \"reportgen/1\", \"templates\": {\"project\": \"chinese.docx\"},")
        try package.write(to: packageFile, atomically: true, encoding: .utf8)

        let out = work.appendingPathComponent("out")
        let result = try EndToEnd.reportgen(["package", packageFile.path, "-o", out.path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasPrefix("项目支出绩效自评报告-") })
        let texts = try PackageTests.paragraphs(out.appendingPathComponent(report))
        #expect(texts.count == 2)
        #expect(texts.first == texts.last)
        #expect(texts.first?.hasPrefix("重点救助对象医保补助|优|") == true)
    }
}
