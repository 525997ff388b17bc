import Foundation
import Testing

/// Problems of a definition as `validate` and `package` print them: the 100 points of a
/// 绩效自评表, and every problem of a package reported in one run.
@Suite struct DefinitionRuleTests {
    static let example = EndToEnd.packageRoot.appendingPathComponent("examples/zhongdian-jiuzhu-2021")

    /// Seed 002's project (10 + 12.5 × 4 + 30 + 10 = 100 points) as a JSON object.
    static func seedProject() throws -> [String: Any] {
        let data = try Data(contentsOf: example.appendingPathComponent("projects/zhongdian-jiuzhu.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func write(_ object: Any, to url: URL) throws {
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(to: url)
    }

    /// A package of three inline copies of the seed's project; the third one's first indicator
    /// weighs 15 instead of 12.5: 10 + 15 + 12.5 × 3 + 30 + 10 = 102.5 points.
    @Test func weightsNotMakingTheFormsHundredAreAnError() throws {
        var projects: [[String: Any]] = []
        for index in 0..<3 {
            var project = try Self.seedProject()
            project["id"] = "p\(index)"
            project["name"] = "项目\(index)"
            if index == 2 {
                var indicators = try #require(project["indicators"] as? [[String: Any]])
                indicators[0]["weight"] = "15"
                project["indicators"] = indicators
            }
            projects.append(project)
        }
        let folder = try EndToEnd.temporaryDirectory()
        let file = folder.appendingPathComponent("package.json")
        try Self.write(["format": "reportgen/1", "year": 2021, "unit": ["name": "某县医疗保障局"], "projects": projects], to: file)

        let validate = try EndToEnd.reportgen(["validate", file.path])
        #expect(validate.status == 1, "\(validate.stderr)")
        let lines = validate.stderr.split(separator: "\n").map(String.init).filter { $0.contains("E-DEF-100") }
        #expect(lines.count == 1, "only the third project: \(validate.stderr)")
        let line = lines.first ?? ""
        #expect(line.contains("projects[2].indicators："), "\(line)")
        #expect(line.contains("102.5") && line.contains("预算执行 10 + 指标 92.5") && line.contains("要求 100"), "\(line)")
        #expect(!validate.stderr.contains("W-DEF-001"))

        let out = folder.appendingPathComponent("out")
        let package = try EndToEnd.reportgen(["package", file.path, "-o", out.path])
        #expect(package.status == 1 && package.stderr.contains("E-DEF-100"), "\(package.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path), "no partial output")
    }

    /// The seed's own 100 points pass (the example is the regression case for the rule).
    @Test func seedProjectMakesTheHundred() throws {
        let validate = try EndToEnd.reportgen(["validate", Self.example.appendingPathComponent("package.json").path])
        #expect(validate.status == 0, "\(validate.stdout)")
        #expect(!validate.stderr.contains("E-DEF-100"))
    }

    /// A copy of the example whose package has `year` as a string and whose project file has an
    /// unknown key: both problems in one run, not the project's only after the package is fixed.
    @Test func packageTypeErrorsDoNotHideProjectFileProblems() throws {
        let folder = try EndToEnd.temporaryDirectory()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("projects"), withIntermediateDirectories: true)
        var project = try Self.seedProject()
        project["budgtExecution"] = ["weight": "10"]
        try Self.write(project, to: folder.appendingPathComponent("projects/zhongdian-jiuzhu.json"))
        let file = folder.appendingPathComponent("package.json")
        try Self.write(["format": "reportgen/1", "year": "2021", "unit": ["name": 7], "projects": ["projects/*.json"]], to: file)

        for command in [["validate", file.path], ["package", file.path, "-o", folder.appendingPathComponent("out").path]] {
            let result = try EndToEnd.reportgen(command)
            let text = result.stdout + result.stderr
            #expect(result.status == 1, "\(command): \(text)")
            let errors = text.split(separator: "\n").map(String.init).filter { $0.contains("E-DEF-") }
            #expect(errors.contains { $0.contains("package.json") && $0.contains("E-DEF-010 year：") && $0.contains("「2021」") }, "\(text)")
            #expect(errors.contains { $0.contains("package.json") && $0.contains("E-DEF-010 unit.name：") }, "\(text)")
            #expect(errors.contains { $0.contains("projects/zhongdian-jiuzhu.json") && $0.contains("E-DEF-012") && $0.contains("budgtExecution") },
                    "the project file is checked in the same run: \(text)")
            // Nothing inherited from a package that did not decode: no year or unit complaint.
            #expect(!text.contains("W-DEF-008") && !text.contains("W-DEF-012") && !text.contains("W-DEF-013"), "\(text)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    /// When the package's problem does keep the project files from being read, it says so.
    @Test func packageProblemsThatStopTheProjectFilesSaySo() throws {
        let folder = try EndToEnd.temporaryDirectory()
        let file = folder.appendingPathComponent("package.json")
        try Self.write(["format": "reportgen/1", "year": 2021, "unit": ["name": "某县医疗保障局"], "projects": "projects/*.json"], to: file)
        let wrongType = try EndToEnd.reportgen(["validate", file.path])
        #expect(wrongType.status == 1)
        #expect(wrongType.stderr.contains("E-DEF-010 projects：") && wrongType.stderr.contains("项目文件因此未读取、未检查"), "\(wrongType.stderr)")

        try Data("{\"format\": \"reportgen/1\", \"year\": 2021,,}".utf8).write(to: file)
        let syntax = try EndToEnd.reportgen(["package", file.path, "-o", folder.appendingPathComponent("out").path])
        #expect(syntax.status == 1)
        #expect(syntax.stderr.contains("E-JSON-002") && syntax.stderr.contains("项目文件未读取、未检查"), "\(syntax.stderr)")
    }
}
