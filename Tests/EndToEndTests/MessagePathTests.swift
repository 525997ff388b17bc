import Foundation
import Testing

/// Leftovers 13: a message names a file so that it opens from where the command was run —
/// relative to that directory when the file is under it, else absolute (`ShownPath`). The
/// project files of `reportgen package some/dir/package.json` were named relative to the package
/// file (`projects/a.json`), which opened from nowhere but the package's own folder.
@Suite struct MessagePathTests {
    /// `<tmp>/work/yunxi/package.json` with the given projects, and `<tmp>`.
    static func unit(_ projects: [String: String]) throws -> (root: URL, package: URL) {
        let root = try EndToEnd.temporaryDirectory()
        let dir = root.appendingPathComponent("work/yunxi")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("projects"), withIntermediateDirectories: true)
        try Data(#"{"format": "reportgen/1", "year": 2023, "unit": {"name": "云溪县档案馆"}, "projects": ["projects/*.json"]}"#.utf8)
            .write(to: dir.appendingPathComponent("package.json"))
        for (id, text) in projects {
            try Data(text.utf8).write(to: dir.appendingPathComponent("projects/\(id).json"))
        }
        return (root, dir.appendingPathComponent("package.json"))
    }

    static func run(_ arguments: [String], in directory: URL) throws -> EndToEnd.Result {
        try EndToEnd.run(EndToEnd.binary, arguments, environment: ["XDG_CACHE_HOME": EndToEnd.cacheHome], currentDirectory: directory)
    }

    /// The file position a problem line starts with (`警告 work/yunxi/projects/a.json:5:3: W-…`).
    static func position(_ line: Substring) -> String {
        let text = line.drop { $0 != " " }.dropFirst()
        return String(text.prefix { $0 != ":" })
    }

    static let slipped = #"{"source": "财政资金", "level": "县区级", "annualBudget": "350000", "executed": "348000"}"#

    /// A warning about a project file, from the folder above the package: the path printed
    /// opens from there; from a sibling folder (`../yunxi/package.json`) it is absolute; from
    /// the package's own folder it is `projects/…` as before. `validate --json` names it the same way.
    @Test func aWarningNamesTheFileFromWhereTheCommandRan() throws {
        let (root, package) = try Self.unit(["kufang-xiushan": NewcomerReview5Tests.project(id: "kufang-xiushan", name: "档案库房修缮", fund: Self.slipped)])
        defer { try? FileManager.default.removeItem(at: root) }

        let above = try Self.run(["validate", "work/yunxi/package.json"], in: root)
        #expect(above.status == 0, "\(above.stderr)")
        let line = try #require(above.stderr.split(separator: "\n").first { $0.contains("W-DEF-037") }, "\(above.stderr)")
        #expect(Self.position(line) == "work/yunxi/projects/kufang-xiushan.json", "\(line)")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(Self.position(line)).path))
        // The project listing names the file the same way.
        #expect(above.stdout.contains("文件 work/yunxi/projects/kufang-xiushan.json"), "\(above.stdout)")

        let sibling = root.appendingPathComponent("work/other")
        try FileManager.default.createDirectory(at: sibling, withIntermediateDirectories: true)
        let beside = try Self.run(["validate", "../yunxi/package.json"], in: sibling)
        let besideLine = try #require(beside.stderr.split(separator: "\n").first { $0.contains("W-DEF-037") }, "\(beside.stderr)")
        let absolute = Self.position(besideLine)
        #expect(absolute.hasPrefix("/") && absolute.hasSuffix("/work/yunxi/projects/kufang-xiushan.json") && !absolute.contains(".."), "\(besideLine)")
        #expect(FileManager.default.fileExists(atPath: absolute))

        let inside = try Self.run(["validate", "package.json"], in: package.deletingLastPathComponent())
        let insideLine = try #require(inside.stderr.split(separator: "\n").first { $0.contains("W-DEF-037") }, "\(inside.stderr)")
        #expect(Self.position(insideLine) == "projects/kufang-xiushan.json", "\(insideLine)")

        let json = try Self.run(["validate", "work/yunxi/package.json", "--json"], in: root)
        #expect(json.stdout.contains(#""file" : "work/yunxi/projects/kufang-xiushan.json""#), "\(json.stdout)")
    }

    /// An error stops `package`: its line names the project file from the current directory,
    /// with the line and column, and the package file's own problem names it as typed.
    @Test func anErrorOfPackageNamesTheFileFromWhereTheCommandRan() throws {
        let broken = NewcomerReview5Tests.project(id: "dangan-shuzihua", name: "馆藏档案数字化加工", fund: NewcomerReview5Tests.smallFund)
            .replacingOccurrences(of: #""weight": "50""#, with: #""weight": "五十""#)
        let (root, _) = try Self.unit(["dangan-shuzihua": broken])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try Self.run(["package", "work/yunxi/package.json", "-o", "out", "-q"], in: root)
        #expect(run.status == 1)
        let errors = run.stderr.split(separator: "\n").filter { $0.hasPrefix("错误 ") }
        #expect(!errors.isEmpty && errors.allSatisfy { Self.position($0) == "work/yunxi/projects/dangan-shuzihua.json" }, "\(run.stderr)")
        #expect(errors.allSatisfy { $0.contains("work/yunxi/projects/dangan-shuzihua.json:") }, "\(run.stderr)")

        // The package file's own problem (a duplicate key) as the user typed its name.
        let packageFile = root.appendingPathComponent("work/yunxi/package.json")
        try Data(#"{"format": "reportgen/1", "year": 2023, "year": 2024, "unit": {"name": "云溪县档案馆"}, "projects": []}"#.utf8).write(to: packageFile)
        let again = try Self.run(["validate", "./work/yunxi/package.json"], in: root)
        let line = try #require(again.stderr.split(separator: "\n").first { $0.contains("E-") }, "\(again.stderr)")
        #expect(Self.position(line) == "work/yunxi/package.json", "\(line)")
    }

    /// A duplicate id names the project that used it first as the problem's own position names
    /// files: from the current directory (newcomer review 6: it said `projects/a.json 已使用`).
    @Test func aDuplicateNamesTheFirstProjectFromWhereTheCommandRan() throws {
        let (root, _) = try Self.unit([
            "a": NewcomerReview5Tests.project(id: "kufang-xiushan", name: "档案库房修缮", fund: NewcomerReview5Tests.smallFund),
            "b": NewcomerReview5Tests.project(id: "kufang-xiushan", name: "馆藏档案数字化加工", fund: NewcomerReview5Tests.smallFund),
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try Self.run(["validate", "work/yunxi/package.json"], in: root)
        #expect(run.status == 1)
        let line = try #require(run.stderr.split(separator: "\n").first { $0.contains("E-DEF-018") }, "\(run.stderr)")
        #expect(Self.position(line) == "work/yunxi/projects/b.json", "\(line)")
        #expect(line.contains("work/yunxi/projects/a.json 已使用"), "\(line)")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("work/yunxi/projects/a.json").path))
    }
}
