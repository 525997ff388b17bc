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

    /// The brief (`ProjectBrief`, what the package-wide passes read) comes back from a list's
    /// slim entry equal to the brief of the project appended, for every example project, with
    /// and without the chart check's problems; a whole project's brief is made from it.
    @Test(arguments: ["yanbian-2021", "zhongdian-jiuzhu-2021", "panzhihua-2021"])
    func everyExampleProjectsBriefComesBack(_ example: String) throws {
        let path = Self.root.appendingPathComponent("examples/\(example)/package.json").path
        let whole = try PackageLoader.load(path: path)
        let checked = [DefinitionProblem(code: .projectFileChanged, message: "提示", file: "a.json", path: "body[0]", line: 2, column: nil)]
        var list = ProjectList()
        for (i, project) in whole.projects.enumerated() {
            list.append(project.slimmed(from: URL(fileURLWithPath: "/tmp/\(i).json"), checked: i % 2 == 0 ? checked : []))
            list.append(project)
        }
        for (i, project) in whole.projects.enumerated() {
            let slim = project.slimmed(from: URL(fileURLWithPath: "/tmp/\(i).json"), checked: i % 2 == 0 ? checked : [])
            #expect(list.brief(2 * i) == ProjectBrief(slim))
            #expect(list.isSlim(2 * i) && !list.isSlim(2 * i + 1))
            #expect(list.brief(2 * i + 1) == ProjectBrief(project))
            // What the passes read is the project's own: the sheet's totals, the funds' totals.
            let brief = list.brief(2 * i)
            #expect(brief.id == project.definition.id && brief.name == project.definition.name)
            #expect(brief.total == project.evaluation.total && brief.grade == project.evaluation.grade)
            #expect(brief.scoresheet?.isOutOf100 == project.evaluation.scoresheet?.isOutOf100)
            #expect(brief.annualBudget == project.evaluation.funds.total.annualBudget)
            #expect(brief.executionRate == project.evaluation.funds.total.executionRate)
            #expect(brief.checkedProblems == (i % 2 == 0 ? checked : []))
            // The partial reads stop early and agree with the brief.
            #expect(list.key(2 * i) == (project.definition.id, project.definition.name))
            #expect(list.key(2 * i + 1) == (project.definition.id, project.definition.name))
            #expect(list.checkedProblems(2 * i) == brief.checkedProblems)
            #expect(list.checkedProblems(2 * i + 1).isEmpty)
        }
        #expect(Array(list.briefs).count == list.count)
    }

    /// A record's project decodes from exactly its bytes: none cut short or lengthened. (A hit in
    /// the project record is not decoded again when found: the record's checksum vouches for it.)
    @Test func aRecordDecodesOnlyWhole() throws {
        let path = Self.root.appendingPathComponent("examples/panzhihua-2021/package.json").path
        let slim = try PackageLoader.load(path: path, slim: PackageLoader.Slim { _ in [] })
        let url = URL(fileURLWithPath: "/x")
        for project in slim.projects where project.isSlim {
            let bytes = ProjectRecord.projectBytes(project)
            func decodes(_ b: [UInt8]) -> Bool { b.withUnsafeBufferPointer { ProjectRecord.project($0, url: url) != nil } }
            #expect(decodes(bytes))
            #expect(!decodes(bytes + [0]))
            for cut in 0..<bytes.count { #expect(!decodes(Array(bytes.prefix(cut)))) }
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
            // A hit is the record's bytes, not a decoded project: appended to a list as they are,
            // they read back as the project and its brief.
            #expect(back.project == nil)
            let recorded = try #require(back.recorded)
            Self.expectSame(try #require(recorded.project), project)
            var list = ProjectList()
            list.append(recorded: recorded)
            Self.expectSame(list[0], project)
            #expect(list.brief(0) == ProjectBrief(project))
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
