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

    static func warnings(_ stderr: String, code: String) -> [Substring] {
        stderr.split(separator: "\n").filter { $0.hasPrefix("警告 \(code)") }
    }

    @Test func anotherEditedProjectIsNamedUntilItIsRegenerated() throws {
        let work = Work(folder: try EndToEnd.temporaryDirectory())
        defer { try? FileManager.default.removeItem(at: work.folder) }
        try FileManager.default.copyItem(at: Self.panzhihua, to: work.folder.appendingPathComponent("pkg"))
        let (a, b) = ("yewu-yunxingfei", "nengli-tisheng-peixun")
        let first = try work.run(["package", work.package.path, "-o", work.out.path, "--quiet"])
        #expect(first.status == 0, "\(first.stderr)")
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
}
