import Foundation
import Testing
@testable import Reports

/// The private project record (`ProjectRecord`, issue 12) gives back exactly the slim project and
/// the problems it was written from, for every example project and for awkward text.
@Suite struct ProjectRecordTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: ["yanbian-2021", "zhongdian-jiuzhu-2021", "panzhihua-2021"])
    func everyExampleProjectRoundTrips(_ example: String) throws {
        let path = Self.root.appendingPathComponent("examples/\(example)/package.json").path
        let slim = try PackageLoader.load(path: path, slim: PackageLoader.Slim { _ in [] })
        #expect(!slim.projects.isEmpty)
        for project in slim.projects where project.isSlim {
            var result = ProjectFiles.Result()
            result.problems = slim.warnings.filter { $0.file == project.file }
            result.project = project
            let url = try #require(project.reloadFrom)
            let line = ProjectRecord.line(result, project: project)
            let back = try #require(ProjectRecord.result(Substring(line), url: url))
            let again = try #require(back.project)
            Self.expectSame(again, project)
            #expect(back.problems == result.problems)
        }
    }

    static func expectSame(_ a: LoadedProject, _ b: LoadedProject) {
        #expect(a.definition == b.definition)
        #expect(a.evaluation == b.evaluation)
        #expect(a.file == b.file && a.path == b.path && a.year == b.year)
        #expect(a.unit == b.unit && a.department == b.department && a.implementer == b.implementer)
        #expect(a.idLocation == b.idLocation && a.nameLocation == b.nameLocation)
        #expect(a.reloadFrom == b.reloadFrom && a.checkedProblems == b.checkedProblems)
    }

    @Test func awkwardTextAndProblemsRoundTrip() throws {
        let path = Self.root.appendingPathComponent("examples/yanbian-2021/package.json").path
        let slim = try PackageLoader.load(path: path, slim: PackageLoader.Slim { _ in [] })
        var project = try #require(slim.projects.first)
        let odd = "制表\t换行\n回车\r反斜杠\\t 等号=开头 - 短横"
        project.definition.name = odd
        project.definition.title = ""
        project.department = "-"
        project.implementer = "=x"
        project.checkedProblems = [DefinitionProblem(code: .projectFileChanged, message: odd, file: "a\tb.json", path: "body[0]", line: 3, column: nil)]
        var result = ProjectFiles.Result()
        result.fileProblems = [DefinitionProblem(code: .projectFileChanged, message: "", file: "", path: "")]
        result.project = project
        let line = ProjectRecord.line(result, project: project)
        #expect(!line.contains("\n"))
        let url = try #require(project.reloadFrom)
        let back = try #require(ProjectRecord.result(Substring(line), url: url))
        let again = try #require(back.project)
        Self.expectSame(again, project)
        #expect(back.fileProblems == result.fileProblems)
        // A cut or altered line is not taken for a record.
        #expect(ProjectRecord.result(Substring(line.dropLast(3)), url: URL(fileURLWithPath: "/x")) == nil)
        #expect(ProjectRecord.result(Substring(line + "\tx"), url: URL(fileURLWithPath: "/x")) == nil)
    }
}
