import Foundation
import JSONValue
import Testing

/// `project --id` works from private records in the cache folder (issue 12): the package record
/// (the manifest, file stamps) instead of reading `manifest.json` and the folder, and the recorded
/// listing of `projects/*.json` instead of globbing. Whatever state the records are in — current,
/// stale, corrupt, cut short — the package afterwards is byte for byte what a fresh `package` run
/// makes, and a kept file edited or a file added behind the record's back is still refused.
@Suite(.serialized) struct PackageIndexTests {
    struct Work {
        let root: URL
        var copy: URL { root.appendingPathComponent("pkg") }
        var out: URL { root.appendingPathComponent("out") }
        var cache: URL { root.appendingPathComponent("cache") }
        var package: String { copy.appendingPathComponent("package.json").path }
        var projectFile: URL { copy.appendingPathComponent("projects/yewu-yunxingfei.json") }
    }

    /// The panzhihua example (final accounts and department documents, which list and sum every
    /// project) with its projects taken by a glob, packaged once with its own cache folder.
    static func setUp() throws -> Work {
        let work = Work(root: try EndToEnd.temporaryDirectory())
        try FileManager.default.copyItem(at: EndToEnd.packageRoot.appendingPathComponent("examples/panzhihua-2021"), to: work.copy)
        let packageURL = URL(fileURLWithPath: work.package)
        var package = try String(contentsOf: packageURL, encoding: .utf8)
        let listed = try #require(package.range(of: #""projects": \[[^\]]*\]"#, options: .regularExpression))
        package.replaceSubrange(listed, with: #""projects": ["projects/*.json"]"#)
        try package.write(to: packageURL, atomically: false, encoding: .utf8)
        let first = try run(work, ["package", work.package, "-o", work.out.path, "--quiet"])
        #expect(first.status == 0, "\(first.stderr)")
        return work
    }

    static func run(_ work: Work, _ arguments: [String]) throws -> EndToEnd.Result {
        try EndToEnd.reportgen(arguments, environment: ["XDG_CACHE_HOME": work.cache.path])
    }

    static func project(_ work: Work, _ id: String = "yewu-yunxingfei") throws -> EndToEnd.Result {
        try run(work, ["project", work.package, "--id", id, "-o", work.out.path, "--quiet"])
    }

    /// The package record: the one file in the cache's `packages` folder.
    static func record(_ work: Work) throws -> URL {
        let folder = work.cache.appendingPathComponent("reportgen/packages")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(names.count == 1, "\(names)")
        return folder.appendingPathComponent(try #require(names.first))
    }

    /// Rewrites the project file in place (same inode, the folder untouched): the recorded glob stays valid.
    static func setExecuted(_ work: Work, from old: String, to new: String) throws {
        let text = try String(contentsOf: work.projectFile, encoding: .utf8)
        #expect(text.contains("\"executed\": \"\(old)\""))
        try text.replacingOccurrences(of: "\"executed\": \"\(old)\"", with: "\"executed\": \"\(new)\"")
            .write(to: work.projectFile, atomically: false, encoding: .utf8)
    }

    /// The output equals a fresh package of the same definition (made without any record).
    static func expectFresh(_ work: Work, _ label: String) throws {
        let full = work.root.appendingPathComponent("full-\(UUID().uuidString)")
        let fresh = try EndToEnd.reportgen(["package", work.package, "-o", full.path, "--quiet"],
                                           environment: ["XDG_CACHE_HOME": work.root.appendingPathComponent("fresh-cache-\(UUID().uuidString)").path])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        let expected = try OutputSafetyTests.snapshot(full)
        let actual = try OutputSafetyTests.snapshot(work.out)
        #expect(actual.keys.sorted() == expected.keys.sorted(), "\(label)")
        #expect(actual.filter { expected[$0.key] != $0.value }.keys.sorted() == [], "\(label)")
        try FileManager.default.removeItem(at: full)
    }

    @Test func everyStateOfTheRecordsGivesTheFreshPackage() throws {
        let work = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: work.root) }
        let record = try Self.record(work)

        try Self.setExecuted(work, from: "7.65", to: "7.5")
        var result = try Self.project(work)
        #expect(result.status == 0, "\(result.stderr)")
        try Self.expectFresh(work, "current record")
        let stale = try Data(contentsOf: record)

        try Self.setExecuted(work, from: "7.5", to: "7.4")
        result = try Self.project(work)
        #expect(result.status == 0, "\(result.stderr)")
        try Self.expectFresh(work, "record of the previous run")

        // A record of another manifest: the folder is read in full.
        try stale.write(to: record)
        try Self.setExecuted(work, from: "7.4", to: "7.3")
        result = try Self.project(work)
        #expect(result.status == 0, "\(result.stderr)")
        try Self.expectFresh(work, "stale record")

        // One byte flipped, then cut in half, then gone.
        var bytes = [UInt8](try Data(contentsOf: record))
        bytes[bytes.count / 2] ^= 0x20
        try Data(bytes).write(to: record)
        try Self.setExecuted(work, from: "7.3", to: "7.2")
        result = try Self.project(work)
        #expect(result.status == 0, "\(result.stderr)")
        try Self.expectFresh(work, "corrupt record")

        try Data(try Data(contentsOf: record).prefix(bytes.count / 2)).write(to: record)
        try Self.setExecuted(work, from: "7.2", to: "7.1")
        result = try Self.project(work)
        #expect(result.status == 0, "\(result.stderr)")
        try Self.expectFresh(work, "truncated record")

        try FileManager.default.removeItem(at: record)
        try Self.setExecuted(work, from: "7.1", to: "7.65")
        result = try Self.project(work)
        #expect(result.status == 0, "\(result.stderr)")
        try Self.expectFresh(work, "no record")
        #expect(FileManager.default.fileExists(atPath: record.path), "the record is written again")
    }

    /// A project file added to the globbed folder is found (the folder's stamp changed), and
    /// regenerating it gives the fresh package with it.
    @Test func aProjectFileAddedIsFound() throws {
        let work = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: work.root) }
        var result = try Self.project(work)
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOf: work.projectFile, encoding: .utf8)
        #expect(text.contains("\"id\": \"yewu-yunxingfei\"") && text.contains("\"name\": \"业务运行费\""))
        try text.replacingOccurrences(of: "\"id\": \"yewu-yunxingfei\"", with: "\"id\": \"yewu-yunxingfei-b\"")
            .replacingOccurrences(of: "\"name\": \"业务运行费\"", with: "\"name\": \"业务运行费（二）\"")
            .write(to: work.copy.appendingPathComponent("projects/yewu-yunxingfei-b.json"), atomically: false, encoding: .utf8)
        result = try Self.project(work, "yewu-yunxingfei-b")
        #expect(result.status == 0, "\(result.stderr)")
        try Self.expectFresh(work, "added project")
    }

    /// With a current record, a kept file edited in place (size kept) and a file added to the
    /// package folder are refused as without one, and nothing is written.
    @Test func aCurrentRecordStillRefusesEditsAndForeignFiles() throws {
        let work = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: work.root) }
        // Files age past the clock tick of their writing, then a run records their stamps.
        Thread.sleep(forTimeInterval: 0.05)
        var result = try Self.project(work)
        #expect(result.status == 0, "\(result.stderr)")

        let notes = work.out.appendingPathComponent("notes.txt")
        try Data("n".utf8).write(to: notes)
        var before = try OutputSafetyTests.snapshot(work.out)
        result = try Self.project(work)
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-OUT-001") && result.stderr.contains("notes.txt"))
        #expect(try OutputSafetyTests.snapshot(work.out) == before)
        try FileManager.default.removeItem(at: notes)

        // Another project's report: kept by the run, not regenerated.
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: work.out.path)
            .filter { $0.hasPrefix("项目支出绩效自评报告-") && !$0.contains("业务运行费") }.sorted().first)
        let target = work.out.appendingPathComponent(name)
        try Self.flipAByteInPlace(target)
        before = try OutputSafetyTests.snapshot(work.out)
        result = try Self.project(work)
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-OUT-010") && result.stderr.contains(name))
        #expect(try OutputSafetyTests.snapshot(work.out) == before)
    }

    /// The project record: the one file in the cache's `projects` folder.
    static func projectRecord(_ work: Work) throws -> URL {
        let folder = work.cache.appendingPathComponent("reportgen/projects")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.contains(".bin.") }
        #expect(names.count == 1, "\(names)")
        return folder.appendingPathComponent(try #require(names.first))
    }

    /// The project record (`ProjectIndex`, one binary store of every project's slim load) in
    /// every state — current, stale, a byte flipped, cut short, of another format version, gone —
    /// gives the fresh package; so do a project file removed and a project renamed, both found
    /// with a current record.
    @Test func everyStateOfTheProjectRecordGivesTheFreshPackage() throws {
        let work = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: work.root) }
        let record = try Self.projectRecord(work)
        let original = try Data(contentsOf: record)
        #expect(original.starts(with: Data("reportgen-projects/".utf8)))

        try Self.setExecuted(work, from: "7.65", to: "7.5")
        var result = try Self.project(work)
        #expect(result.status == 0, "\(result.stderr)")
        try Self.expectFresh(work, "current project record")
        #expect(try Data(contentsOf: record) != original, "the changed project's entry is written again")

        // The record of the first run: its entry for the changed file no longer matches the file's stamp.
        try original.write(to: record)
        try Self.setExecuted(work, from: "7.5", to: "7.4")
        result = try Self.project(work)
        #expect(result.status == 0, "\(result.stderr)")
        try Self.expectFresh(work, "stale project record")

        var bytes = [UInt8](try Data(contentsOf: record))
        for position in [bytes.count / 3, bytes.count / 2, bytes.count - 3] {
            var flipped = bytes
            flipped[position] ^= 0x04
            try Data(flipped).write(to: record)
            try Self.setExecuted(work, from: "7.4", to: "7.3")
            result = try Self.project(work)
            #expect(result.status == 0, "\(result.stderr)")
            try Self.expectFresh(work, "project record with byte \(position) flipped")
            try Self.setExecuted(work, from: "7.3", to: "7.4")
        }

        bytes = [UInt8](try Data(contentsOf: record))
        try Data(bytes.prefix(bytes.count * 2 / 3)).write(to: record)
        try Self.setExecuted(work, from: "7.4", to: "7.2")
        result = try Self.project(work)
        #expect(result.status == 0, "\(result.stderr)")
        try Self.expectFresh(work, "truncated project record")

        // Another format version (the header names it): not read.
        bytes = [UInt8](try Data(contentsOf: record))
        let slash = try #require(bytes.firstIndex(of: UInt8(ascii: "/")))
        bytes[slash + 1] = UInt8(ascii: "0")
        try Data(bytes).write(to: record)
        try Self.setExecuted(work, from: "7.2", to: "7.1")
        result = try Self.project(work)
        #expect(result.status == 0, "\(result.stderr)")
        try Self.expectFresh(work, "project record of another version")

        try FileManager.default.removeItem(at: record)
        try Self.setExecuted(work, from: "7.1", to: "7.65")
        result = try Self.project(work)
        #expect(result.status == 0, "\(result.stderr)")
        try Self.expectFresh(work, "no project record")
        #expect(FileManager.default.fileExists(atPath: record.path), "the project record is written again")

        // Another project renamed in its file, with a current record: found by its stamp.
        let other = work.copy.appendingPathComponent("projects/nengli-tisheng-peixun.json")
        let text = try String(contentsOf: other, encoding: .utf8)
        #expect(text.contains("\"name\": \"能力提升培训\""))
        try text.replacingOccurrences(of: "\"name\": \"能力提升培训\"", with: "\"name\": \"能力提升培训班\"")
            .write(to: other, atomically: false, encoding: .utf8)
        result = try Self.project(work, "nengli-tisheng-peixun")
        #expect(result.status == 0, "\(result.stderr)")
        try Self.expectFresh(work, "project renamed")

        // A project file added, then removed, with a current record: the summary and the
        // manifest's projects have it, then no longer (its old files stay, as listed files no
        // project makes). The projects the department report names cannot be removed.
        let added = work.copy.appendingPathComponent("projects/yewu-yunxingfei-b.json")
        let own = try String(contentsOf: work.projectFile, encoding: .utf8)
        try own.replacingOccurrences(of: "\"id\": \"yewu-yunxingfei\"", with: "\"id\": \"yewu-yunxingfei-b\"")
            .replacingOccurrences(of: "\"name\": \"业务运行费\"", with: "\"name\": \"业务运行费（二）\"")
            .write(to: added, atomically: false, encoding: .utf8)
        result = try Self.project(work, "yewu-yunxingfei-b")
        #expect(result.status == 0, "\(result.stderr)")
        let summaryFile = work.out.appendingPathComponent("项目支出绩效自评汇总表.csv")
        #expect(try String(contentsOf: summaryFile, encoding: .utf8).contains("业务运行费（二）"))
        try FileManager.default.removeItem(at: added)
        result = try Self.project(work)
        #expect(result.status == 0, "\(result.stderr)")
        let manifest = try String(contentsOf: work.out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(!manifest.contains("\"id\" : \"yewu-yunxingfei-b\""))
        let summary = try String(contentsOf: summaryFile, encoding: .utf8)
        #expect(!summary.contains("业务运行费（二）") && summary.contains("业务运行费"))
    }

    /// A name the changed project now shares with an unchanged one (known only from the record)
    /// is still reported, and nothing is written.
    @Test func aDuplicateNameFromTheChangedProjectIsReported() throws {
        let work = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: work.root) }
        var result = try Self.project(work)
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOf: work.projectFile, encoding: .utf8)
        try text.replacingOccurrences(of: "\"name\": \"业务运行费\"", with: "\"name\": \"能力提升培训\"")
            .write(to: work.projectFile, atomically: false, encoding: .utf8)
        let before = try OutputSafetyTests.snapshot(work.out)
        result = try Self.project(work)
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-DEF-019") && result.stderr.contains("能力提升培训"), "\(result.stderr)")
        #expect(try OutputSafetyTests.snapshot(work.out) == before)
    }

    /// Edits `file` in place, same size, one bit of its middle byte flipped: only the file's own
    /// stamp changes, the case the per-file stat must still catch.
    static func flipAByteInPlace(_ file: URL) throws {
        var bytes = [UInt8](try Data(contentsOf: file))
        bytes[bytes.count / 2] ^= 0x01
        let handle = try FileHandle(forWritingTo: file)
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
    }
}
