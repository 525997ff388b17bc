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
            let entry = ProjectRecord.bytes(result, project: project)
            let back = try #require(ProjectRecord.result(entry, url: url))
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
        let entry = ProjectRecord.bytes(result, project: project)
        let url = try #require(project.reloadFrom)
        let back = try #require(ProjectRecord.result(entry, url: url))
        let again = try #require(back.project)
        Self.expectSame(again, project)
        #expect(back.fileProblems == result.fileProblems)
        // A cut or lengthened entry is not taken for a record, nor one cut anywhere.
        #expect(ProjectRecord.result(Array(entry.dropLast(3)), url: URL(fileURLWithPath: "/x")) == nil)
        #expect(ProjectRecord.result(entry + [0], url: URL(fileURLWithPath: "/x")) == nil)
        for cut in stride(from: 0, to: entry.count, by: 7) {
            #expect(ProjectRecord.result(Array(entry.prefix(cut)), url: URL(fileURLWithPath: "/x")) == nil)
        }
    }

    /// The store (`ProjectIndex`) a load saves gives every project back on the next load, as
    /// loaded; a store with one byte changed, cut short or of another package content gives none.
    @Test func theStoreGivesBackEveryEntryAndNothingWhenDamaged() throws {
        let path = Self.root.appendingPathComponent("examples/panzhihua-2021/package.json").path
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("project-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        let first = try PackageLoader.load(path: path, slim: PackageLoader.Slim(cacheFolder: cache) { _ in [] })
        let slim = first.projects.filter(\.isSlim)
        #expect(slim.count >= 5)
        let packageBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func index(_ bytes: [UInt8] = packageBytes) -> ProjectIndex { ProjectIndex(packagePath: path, packageBytes: bytes, cache: cache) }
        let current = index()
        for project in slim {
            let url = try #require(project.reloadFrom)
            let back = try #require(current.lookup(LoadSession.Match(url: url, display: project.file)), "\(project.file)")
            let loaded = try #require(back.project)
            Self.expectSame(loaded, project)
        }
        #expect(slim.allSatisfy { index(packageBytes + [0x20]).lookup(LoadSession.Match(url: $0.reloadFrom!, display: "")) == nil }, "another package content")

        let file = URL(fileURLWithPath: try #require(current.file))
        let saved = [UInt8](try Data(contentsOf: file))
        for damage in [{ (b: inout [UInt8]) in b[b.count / 2] ^= 0x01 }, { b in b.removeLast(9) }, { b in b.append(0) }] {
            var bytes = saved
            damage(&bytes)
            try Data(bytes).write(to: file)
            #expect(slim.allSatisfy { index().lookup(LoadSession.Match(url: $0.reloadFrom!, display: "")) == nil })
        }
        // The next load reads every file again and saves a whole store.
        try Data(saved.prefix(saved.count / 2)).write(to: file)
        let again = try PackageLoader.load(path: path, slim: PackageLoader.Slim(cacheFolder: cache) { _ in [] })
        #expect(again.projects.count == first.projects.count)
        #expect([UInt8](try Data(contentsOf: file)) == saved)
    }
}
