import Foundation
import Testing

/// `project --id` checks the output folder against its manifest while it loads the definitions
/// (issue 12: both grow with the package), and saves its project record on another thread. The
/// package afterwards is still byte for byte what a fresh `package` run of the same definitions
/// makes — after a rename that changes file names, even another project's; after a project is
/// added or removed; with a corrupt record — and a run that fails leaves the folder, its
/// surroundings and the records as they were.
@Suite(.serialized) struct ProjectUpdateTests {
    typealias Work = PackageIndexTests.Work

    static func rename(_ file: URL, from old: String, to new: String) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("\"name\": \"\(old)\""))
        try text.replacingOccurrences(of: "\"name\": \"\(old)\"", with: "\"name\": \"\(new)\"")
            .write(to: file, atomically: false, encoding: .utf8)
    }

    /// Names in the folder starting with `prefix`.
    static func files(_ work: Work, _ prefix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: work.out.path).filter { $0.hasPrefix(prefix) }.sorted()
    }

    /// The changed project renamed (its files change names), then renamed so that its file name
    /// part equals another project's (`业务运行费.` is cut to `业务运行费`-like stems: both get
    /// their id appended, so the other project's files are renamed too).
    @Test func renamesThatChangeFileNamesGiveTheFreshPackage() throws {
        let work = try PackageIndexTests.setUp()
        defer { try? FileManager.default.removeItem(at: work.root) }
        try Self.rename(work.projectFile, from: "业务运行费", to: "业务运行经费")
        var result = try PackageIndexTests.project(work)
        #expect(result.status == 0, "\(result.stderr)")
        try PackageIndexTests.expectFresh(work, "renamed")
        #expect(try Self.files(work, "项目支出绩效自评报告-业务运行费").isEmpty, "the old name's files are gone")
        #expect(try Self.files(work, "项目支出绩效自评报告-业务运行经费").count == 1)

        // Trailing dots are dropped from file names: `能力提升培训.` and `能力提升培训` share a
        // stem, so both take their id and the unchanged project's files are named anew.
        try Self.rename(work.projectFile, from: "业务运行经费", to: "能力提升培训.")
        result = try PackageIndexTests.project(work)
        #expect(result.status == 0, "\(result.stderr)")
        try PackageIndexTests.expectFresh(work, "stem shared with another project")
        #expect(try Self.files(work, "项目支出绩效自评报告-能力提升培训-").count == 2)

        // And back: the other project's files take their plain name again.
        try Self.rename(work.projectFile, from: "能力提升培训.", to: "业务运行费")
        result = try PackageIndexTests.project(work)
        #expect(result.status == 0, "\(result.stderr)")
        try PackageIndexTests.expectFresh(work, "stem no longer shared")
        #expect(try Self.files(work, "项目支出绩效自评报告-能力提升培训").count == 1)
    }

    /// A project added and regenerated, then removed, each with the records of the run before,
    /// then a corrupt project record and a corrupt package record at once: the fresh package
    /// each time, and the project record left whole (no temporary file beside it).
    @Test func addedRemovedAndCorruptGiveTheFreshPackage() throws {
        let work = try PackageIndexTests.setUp()
        defer { try? FileManager.default.removeItem(at: work.root) }
        let added = work.copy.appendingPathComponent("projects/yewu-yunxingfei-c.json")
        let own = try String(contentsOf: work.projectFile, encoding: .utf8)
        try own.replacingOccurrences(of: "\"id\": \"yewu-yunxingfei\"", with: "\"id\": \"yewu-yunxingfei-c\"")
            .replacingOccurrences(of: "\"name\": \"业务运行费\"", with: "\"name\": \"业务运行费（三）\"")
            .write(to: added, atomically: false, encoding: .utf8)
        var result = try PackageIndexTests.project(work, "yewu-yunxingfei-c")
        #expect(result.status == 0, "\(result.stderr)")
        try PackageIndexTests.expectFresh(work, "added")

        try FileManager.default.removeItem(at: added)
        try PackageIndexTests.setExecuted(work, from: "7.65", to: "7.5")
        let removedFiles = try Self.files(work, "").filter { $0.contains("业务运行费（三）") }
        #expect(removedFiles.count == 3, "\(removedFiles)")
        result = try PackageIndexTests.run(work, ["project", work.package, "--id", "yewu-yunxingfei", "-o", work.out.path])
        #expect(result.status == 0, "\(result.stderr)")
        // The removed project's files go with it (newcomer review 5: they stayed, still listed in
        // the manifest's files, until the next `package`), and the run says so.
        try PackageIndexTests.expectFresh(work, "removed")
        #expect(try Self.files(work, "").filter { $0.contains("业务运行费（三）") }.isEmpty)
        #expect(result.stderr.contains("不再生成、已移除的 3 个文件") && removedFiles.allSatisfy(result.stderr.contains), "\(result.stderr)")

        for record in [try PackageIndexTests.projectRecord(work), try PackageIndexTests.record(work)] {
            var bytes = [UInt8](try Data(contentsOf: record))
            bytes[bytes.count / 2] ^= 0x10
            try Data(bytes).write(to: record)
        }
        try PackageIndexTests.setExecuted(work, from: "7.5", to: "7.4")
        result = try PackageIndexTests.project(work)
        #expect(result.status == 0, "\(result.stderr)")
        try PackageIndexTests.expectFresh(work, "corrupt records")
        let records = work.cache.appendingPathComponent("reportgen/projects")
        #expect(try FileManager.default.contentsOfDirectory(atPath: records.path).count == 1)
    }

    /// A template of the projects' documents restyled after the package was made (staff edit
    /// it in Word, then regenerate one project): `project --id` makes every document of it again
    /// and says so (W-TPL-030), so that the package is the fresh one of the new template, not
    /// one report in the new design beside five in the old. Once the record holds the new
    /// template, a second run changes nothing and warns nothing. Without the record (the cache
    /// cleared) which template the kept reports were made from is not known: all are made again.
    @Test func aRestyledTemplateRemakesEveryDocumentOfIt() throws {
        let work = try PackageIndexTests.setUp()
        defer { try? FileManager.default.removeItem(at: work.root) }
        let overlay = try TemplateRestyleTests.edited([("（{{project.name}}）", "（{{project.name}}）（修订稿）")], in: "project-report.docx")
        defer { try? FileManager.default.removeItem(at: overlay.deletingLastPathComponent()) }
        let restyled = ["project", work.package, "--id", "yewu-yunxingfei", "-o", work.out.path, "--templates", overlay.path]
        let before = try OutputSafetyTests.snapshot(work.out)
        var result = try PackageIndexTests.run(work, restyled)
        #expect(result.status == 0, "\(result.stderr)")
        let others = try Self.files(work, "项目支出绩效自评报告-").count - 1
        #expect(result.stderr.contains("W-TPL-030") && result.stderr.contains("project-report.docx")
                && result.stderr.contains("其他 \(others) 个项目"), "\(result.stderr)")

        let fresh = work.root.appendingPathComponent("fresh")
        let made = try EndToEnd.reportgen(["package", work.package, "-o", fresh.path, "--templates", overlay.path, "--quiet"],
                                          environment: ["XDG_CACHE_HOME": work.root.appendingPathComponent("fresh-cache").path])
        #expect(made.status == 0, "\(made.stderr)")
        let after = try OutputSafetyTests.snapshot(work.out)
        #expect(after == (try OutputSafetyTests.snapshot(fresh)), "the package of the new template")
        let reports = after.keys.filter { $0.hasPrefix("项目支出绩效自评报告-") }
        #expect(reports.count == others + 1 && reports.allSatisfy { after[$0] != before[$0] }, "every report in the new design")

        result = try PackageIndexTests.run(work, restyled)
        #expect(result.status == 0 && !result.stderr.contains("W-TPL-030"), "\(result.stderr)")
        #expect(try OutputSafetyTests.snapshot(work.out) == after)

        // The default template again, with no record.
        try FileManager.default.removeItem(at: work.cache)
        result = try PackageIndexTests.project(work)
        #expect(result.status == 0 && !result.stderr.contains("W-TPL-030"), "\(result.stderr)")
        try PackageIndexTests.expectFresh(work, "default template, no record")
    }

    /// A cut-short manifest.json (a copy interrupted, an editor that saved half of it) is named
    /// as damaged, not as missing, by `project --id` and by `package` (newcomer review 7: both
    /// said there was no reportgen manifest), and nothing is written.
    @Test func aDamagedManifestIsNamedAsDamaged() throws {
        let work = try PackageIndexTests.setUp()
        defer { try? FileManager.default.removeItem(at: work.root) }
        let manifest = work.out.appendingPathComponent("manifest.json")
        let bytes = try Data(contentsOf: manifest)
        try bytes.prefix(bytes.count / 2).write(to: manifest)
        let before = try OutputSafetyTests.snapshot(work.out)
        for arguments in [["project", work.package, "--id", "yewu-yunxingfei", "-o", work.out.path], ["package", work.package, "-o", work.out.path]] {
            let result = try PackageIndexTests.run(work, arguments)
            #expect(result.status == 1 && result.stderr.contains("manifest.json 已损坏") && result.stderr.contains("截断")
                    && !result.stderr.contains("没有 reportgen 的 manifest.json"), "\(arguments[0]): \(result.stderr)")
            #expect(try OutputSafetyTests.snapshot(work.out) == before)
        }
    }

    /// A run that stops — a definition error, an unknown id, a kept file edited — while the
    /// folder was being checked beside the loading: nothing in or beside the folder changes,
    /// and the records stay as they were.
    @Test func aStoppedRunLeavesEverythingAsItWas() throws {
        let work = try PackageIndexTests.setUp()
        defer { try? FileManager.default.removeItem(at: work.root) }
        Thread.sleep(forTimeInterval: 0.05)
        var result = try PackageIndexTests.project(work)
        #expect(result.status == 0, "\(result.stderr)")
        let siblings = try OutputSafetyTests.siblings(of: work.out)
        let cache = try OutputSafetyTests.snapshot(work.cache)
        var before = try OutputSafetyTests.snapshot(work.out)

        let text = try String(contentsOf: work.projectFile, encoding: .utf8)
        try text.replacingOccurrences(of: "\"executed\": \"7.65\"", with: "\"executed\": \"七点六五\"")
            .write(to: work.projectFile, atomically: false, encoding: .utf8)
        result = try PackageIndexTests.project(work)
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-DEF") && result.stderr.contains("yewu-yunxingfei.json"), "\(result.stderr)")
        #expect(!result.stderr.contains("E-OUT"), "\(result.stderr)")
        #expect(try OutputSafetyTests.snapshot(work.out) == before)
        #expect(try OutputSafetyTests.siblings(of: work.out) == siblings)
        try text.write(to: work.projectFile, atomically: false, encoding: .utf8)

        result = try PackageIndexTests.project(work, "no-such-project")
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-OUT") && result.stderr.contains("no-such-project"), "\(result.stderr)")
        #expect(try OutputSafetyTests.snapshot(work.out) == before)
        #expect(try OutputSafetyTests.siblings(of: work.out) == siblings)

        // A kept file edited in place (same size): refused, as without the early check.
        let name = try #require(try Self.files(work, "项目支出绩效自评报告-").first { !$0.contains("业务运行费") })
        let target = work.out.appendingPathComponent(name)
        try PackageIndexTests.flipAByteInPlace(target)
        before = try OutputSafetyTests.snapshot(work.out)
        result = try PackageIndexTests.project(work)
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-OUT-010") && result.stderr.contains(name), "\(result.stderr)")
        #expect(try OutputSafetyTests.snapshot(work.out) == before)
        #expect(try OutputSafetyTests.siblings(of: work.out) == siblings)
        #expect(try OutputSafetyTests.snapshot(work.cache).keys.sorted() == cache.keys.sorted())
    }
}
