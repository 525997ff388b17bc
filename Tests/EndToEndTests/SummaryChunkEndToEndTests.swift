import Foundation
import Testing

/// Issue 12: `project --id` re-renders only the 汇总表's chunk holding the changed project and
/// reuses the other chunks' deflated pieces (the record in the cache folder's `summaries/`).
/// With a summary of 600 rows — three chunks, past the 1 MB spool threshold — the package
/// afterwards is byte for byte a fresh `package` run's, and the summary is a valid archive.
@Suite(.serialized) struct SummaryChunkEndToEndTests {
    static let summary = "项目支出绩效自评汇总表.docx"

    /// `count` example projects cycled under `root/pkg`, each with its own id and name (as
    /// scripts/make-workload.py makes them).
    static func workload(_ count: Int, at root: URL) throws -> [String] {
        let projects = root.appendingPathComponent("pkg/projects")
        try FileManager.default.createDirectory(at: projects, withIntermediateDirectories: true)
        var sources: [[String: Any]] = []
        for example in ["yanbian-2021", "zhongdian-jiuzhu-2021", "panzhihua-2021"] {
            let folder = EndToEnd.packageRoot.appendingPathComponent("examples/\(example)/projects")
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".json") {
                let data = try Data(contentsOf: folder.appendingPathComponent(name))
                sources.append(try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]))
            }
        }
        var ids: [String] = []
        for i in 0..<count {
            var project = sources[i % sources.count]
            let id = String((String(format: "p%05d-", i + 1) + (project["id"] as? String ?? "x")).prefix(60))
            project["id"] = id
            project["name"] = "\(project["name"] as? String ?? "")（第\(i + 1)号）"
            project["year"] = 2021
            try JSONSerialization.data(withJSONObject: project).write(to: projects.appendingPathComponent("\(id).json"))
            ids.append(id)
        }
        let package = #"{"format": "reportgen/1", "year": 2021, "unit": {"name": "基准测试单位"}, "projects": ["projects/*.json"]}"#
        try Data(package.utf8).write(to: root.appendingPathComponent("pkg/package.json"))
        return ids
    }

    @Test func projectIDWithAChunkedSummaryWritesTheFreshPackage() throws {
        let work = PackageIndexTests.Work(root: try EndToEnd.temporaryDirectory())
        defer { try? FileManager.default.removeItem(at: work.root) }
        let ids = try Self.workload(600, at: work.root)
        let first = try PackageIndexTests.run(work, ["package", work.package, "-o", work.out.path, "--quiet"])
        #expect(first.status == 0, "\(first.stderr)")
        let records = work.cache.appendingPathComponent("reportgen/summaries")
        #expect(try FileManager.default.contentsOfDirectory(atPath: records.path).count == 1)

        // A project in the second chunk renamed, as scripts/bench.sh does.
        let id = ids[300]
        let file = work.copy.appendingPathComponent("projects/\(id).json")
        let text = try String(contentsOf: file, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\"name\":\"", with: "\"name\":\"改·").utf8).write(to: file)
        let result = try PackageIndexTests.project(work, id)
        #expect(result.status == 0, "\(result.stderr)")
        try PackageIndexTests.expectFresh(work, "one project renamed, summary in chunks")
    }

    /// A package of 300 projects (two chunks), made once for the checks below.
    static let small: Result<URL, any Error> = Result {
        let work = PackageIndexTests.Work(root: try EndToEnd.temporaryDirectory())
        _ = try workload(300, at: work.root)
        let result = try PackageIndexTests.run(work, ["package", work.package, "-o", work.out.path, "--quiet"])
        guard result.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: result.stderr]) }
        return work.out.appendingPathComponent(summary)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/unzip"), "unzip missing"))
    func unzipTestsTheChunkedSummary() throws {
        let docx = try Self.small.get()
        let test = try EndToEnd.run(URL(fileURLWithPath: "/usr/bin/unzip"), ["-t", docx.path])
        #expect(test.status == 0 && test.stdout.contains("No errors detected"), "\(test.stdout)")
    }

    @Test(.enabled(if: EndToEnd.shared != nil, "../shared/tools/docx-check not available"))
    func docxCheckPassesTheChunkedSummary() throws {
        let check = try #require(try EndToEnd.docxCheck(try Self.small.get()))
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "python3 missing"))
    func pythonsZipfileReadsTheChunkedEntry() throws {
        let docx = try Self.small.get()
        // testzip inflates every entry and checks its CRC; the rows are all there.
        let script = """
        import sys, zipfile
        z = zipfile.ZipFile(sys.argv[1])
        assert z.testzip() is None
        xml = z.read("word/document.xml").decode("utf-8")
        print(all("（第%d号）" % i in xml for i in range(1, 301)), z.getinfo("word/document.xml").compress_type)
        """
        let check = try EndToEnd.run(URL(fileURLWithPath: "/usr/bin/python3"),
                                     ["-c", script, docx.path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "True 8")
    }
}
