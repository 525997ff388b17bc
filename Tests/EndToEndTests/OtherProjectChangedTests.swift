import Foundation
import Testing

/// `project --id A` after projects A and B were both edited: the 汇总表 takes B's new figures
/// while B's report and sheet stay as generated before. W-DEF-036 names B on every such run
/// until B is regenerated, and never for a file only touched.
@Suite struct OtherProjectChangedTests {
    static let panzhihua = EndToEnd.packageRoot.appendingPathComponent("examples/panzhihua-2021")

    struct Work {
        let folder: URL
        var package: URL { folder.appendingPathComponent("pkg/package.json") }
        var out: URL { folder.appendingPathComponent("out") }
        var cache: String { folder.appendingPathComponent("cache").path }

        /// A copy of the panzhihua example in a new folder, packaged once.
        static func packaged() throws -> Work {
            let work = Work(folder: try EndToEnd.temporaryDirectory())
            try FileManager.default.copyItem(at: OtherProjectChangedTests.panzhihua, to: work.folder.appendingPathComponent("pkg"))
            let first = try work.run(["package", work.package.path, "-o", work.out.path, "--quiet"])
            try #require(first.status == 0, "\(first.stderr)")
            return work
        }

        func project(_ id: String) -> URL { folder.appendingPathComponent("pkg/projects/\(id).json") }

        func run(_ arguments: [String]) throws -> EndToEnd.Result {
            try EndToEnd.reportgen(arguments, environment: ["XDG_CACHE_HOME": cache])
        }

        func regenerate(_ id: String) throws -> EndToEnd.Result {
            try run(["project", package.path, "--id", id, "-o", out.path])
        }

        /// Sets the project's 实施单位, which the 汇总表 prints in its row.
        func setImplementer(_ id: String, _ value: String) throws {
            var project = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: self.project(id))) as? [String: Any])
            project["implementer"] = value
            try JSONSerialization.data(withJSONObject: project, options: [.prettyPrinted]).write(to: self.project(id))
        }

        func text(_ name: String) throws -> String {
            try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
        }

        func bytes(_ name: String) throws -> Data { try Data(contentsOf: out.appendingPathComponent(name)) }
    }

    /// The two projects edited: A regenerated, B only edited.
    static let (a, b) = ("yewu-yunxingfei", "nengli-tisheng-peixun")

    static func warnings(_ stderr: String, code: String) -> [Substring] {
        stderr.split(separator: "\n").filter { $0.hasPrefix("警告 \(code)") }
    }

    @Test func anotherEditedProjectIsNamedUntilItIsRegenerated() throws {
        let work = try Work.packaged()
        defer { try? FileManager.default.removeItem(at: work.folder) }
        let (a, b) = (Self.a, Self.b)
        let reportOfB = "项目支出绩效自评报告-能力提升培训.docx"
        let before = try work.bytes(reportOfB)

        try work.setImplementer(a, "甲实施单位")
        try work.setImplementer(b, "乙实施单位")
        for round in 0..<2 {
            let run = try work.regenerate(a)
            #expect(run.status == 0, "\(run.stderr)")
            let found = Self.warnings(run.stderr, code: "W-DEF-036")
            #expect(found.count == 1, "round \(round): \(run.stderr)")
            #expect(found.first?.contains("「\(b)」") == true && found.first?.contains("--id \(b)") == true)
            #expect(found.first?.contains("「\(a)」") == false)
            // The 汇总表 has B's new figure; B's own report is the one generated before.
            #expect(try work.text("项目支出绩效自评汇总表.csv").contains("乙实施单位"))
            #expect(try work.bytes(reportOfB) == before)
        }
        // Once B is regenerated too, nothing is left to say.
        let ofB = try work.regenerate(b)
        #expect(ofB.status == 0 && Self.warnings(ofB.stderr, code: "W-DEF-036").isEmpty, "\(ofB.stderr)")
        #expect(try work.text("项目支出绩效自评汇总表.csv").contains("乙实施单位"))
        let again = try work.regenerate(a)
        #expect(again.status == 0 && Self.warnings(again.stderr, code: "W-DEF-036").isEmpty, "\(again.stderr)")

        // A file saved again with the same content is not an edit.
        let same = try Data(contentsOf: work.project(b))
        try same.write(to: work.project(b))
        let touched = try work.regenerate(a)
        #expect(touched.status == 0 && Self.warnings(touched.stderr, code: "W-DEF-036").isEmpty, "\(touched.stderr)")
    }

    /// B edited, then `project --id A` makes B's documents again too — because the report
    /// template was restyled (W-TPL-030), or because B's report was damaged and `--force` given:
    /// B's documents now have its new data, so neither this run nor the next names B (before,
    /// the record marked only A as made again and W-DEF-036 said B's report was the old one).
    @Test(arguments: ["restyle", "force"]) func anotherProjectMadeAgainWithItIsNotNamed(_ cause: String) throws {
        let work = try Work.packaged()
        defer { try? FileManager.default.removeItem(at: work.folder) }
        let (a, b) = (Self.a, Self.b)
        let sheetOfB = "项目支出绩效自评表-能力提升培训.csv"
        #expect(try !work.text(sheetOfB).contains("乙实施单位"))

        try work.setImplementer(a, "甲实施单位")
        try work.setImplementer(b, "乙实施单位")
        var arguments = ["project", work.package.path, "--id", a, "-o", work.out.path]
        var overlay: URL?
        if cause == "restyle" {
            overlay = try TemplateRestyleTests.edited([("（{{project.name}}）", "（{{project.name}}）（修订稿）")], in: "project-report.docx")
            arguments += ["--templates", overlay!.path]
        } else {
            let report = work.out.appendingPathComponent("项目支出绩效自评报告-能力提升培训.docx")
            try (Data(contentsOf: report) + Data([0])).write(to: report)
            // Stopped first (E-OUT-010, nothing remade): the record is saved without the run having
            // said what it remade, and the run with --force below still finds B edited and remakes it.
            let stopped = try work.run(arguments)
            #expect(stopped.status == 1 && stopped.stderr.contains("E-OUT-010"), "\(stopped.stderr)")
            arguments.append("--force")
        }
        defer { if let overlay { try? FileManager.default.removeItem(at: overlay.deletingLastPathComponent()) } }
        for round in 0..<2 {
            let run = try work.run(arguments)
            #expect(run.status == 0, "round \(round): \(run.stderr)")
            #expect(Self.warnings(run.stderr, code: "W-DEF-036").isEmpty, "round \(round): \(run.stderr)")
            // B's own files carry its new data (its 自评表 prints the 实施单位), not only the 汇总表.
            #expect(try work.text(sheetOfB).contains("乙实施单位"), "round \(round)")
            #expect(try work.text("项目支出绩效自评汇总表.csv").contains("乙实施单位"))
        }
        // Without the cause (the restyled template is now the one recorded; nothing damaged),
        // B edited again: named as before.
        if cause == "force" { arguments.removeLast() }
        try work.setImplementer(b, "丙实施单位")
        let again = try work.run(arguments)
        #expect(again.status == 0 && Self.warnings(again.stderr, code: "W-DEF-036").count == 1, "\(again.stderr)")
    }
}
