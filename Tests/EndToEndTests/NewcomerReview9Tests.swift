import Foundation
import Testing

/// Newcomer and reliability review 9: the README and every `--help` followed on a fresh clone,
/// then bad and hostile input. Each test is a case where a run went wrong or a message misled.
@Suite struct NewcomerReview9Tests {
    static func run(_ arguments: [String], in directory: URL) throws -> EndToEnd.Result {
        try EndToEnd.run(EndToEnd.binary, arguments, environment: ["XDG_CACHE_HOME": EndToEnd.cacheHome], currentDirectory: directory)
    }

    /// Every file of a folder with its bytes, by name.
    static func contents(of folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// Two projects of 云溪县档案馆; `a`'s 全年执行数 as given.
    static func twoProjects(executed: String) throws -> URL {
        try NewcomerReview5Tests.unit([
            "a": NewcomerReview5Tests.project(id: "a", name: "馆藏档案数字化加工",
                                             fund: #"{"source": "财政资金", "level": "县区级", "annualBudget": "80", "executed": "\#(executed)"}"#),
            "b": NewcomerReview5Tests.project(id: "b", name: "档案库房修缮", fund: NewcomerReview5Tests.smallFund),
        ])
    }

    /// A package made with `--csv-encoding gb18030` and then updated with `project --id` (the
    /// option not repeated, as the README's step 5 shows the command) held CSVs of two encodings:
    /// the project's and the 汇总表's in UTF-8 with BOM, the other projects' in GB18030 — a
    /// package no fresh run makes, and an Excel on a GBK system opening half of them wrongly.
    /// `project` now keeps the package's encoding: its result is the fresh GB18030 package's,
    /// byte for byte. Asking it for another encoding is E-OUT-018, nothing changed.
    @Test func projectKeepsThePackagesCSVEncoding() throws {
        let dir = try Self.twoProjects(executed: "75.23")
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let made = try Self.run(["package", "package.json", "-o", "out", "--csv-encoding", "gb18030", "-q"], in: dir)
        #expect(made.status == 0, "\(made.stderr)")

        try Data(NewcomerReview5Tests.project(id: "a", name: "馆藏档案数字化加工",
                                              fund: #"{"source": "财政资金", "level": "县区级", "annualBudget": "80", "executed": "70"}"#).utf8)
            .write(to: dir.appendingPathComponent("projects/a.json"))
        let updated = try Self.run(["project", "package.json", "--id", "a", "-o", "out"], in: dir)
        #expect(updated.status == 0, "\(updated.stderr)")

        let out = dir.appendingPathComponent("out")
        let files = try Self.contents(of: out)
        let csvs = files.filter { $0.key.hasSuffix(".csv") }
        #expect(csvs.count == 3, "\(files.keys.sorted())")  // two 自评表 and the 汇总表
        for (name, bytes) in csvs {
            #expect(!bytes.starts(with: [0xEF, 0xBB, 0xBF]), "\(name) has a UTF-8 byte-order mark")
            let text = String(data: bytes, encoding: Self.gb18030) ?? ""
            #expect(text.contains("馆藏档案数字化加工") || text.contains("档案库房修缮"), "\(name) is not GB18030 text")
        }
        // 70 of 80: the 汇总表 carries the new figure.
        let summary = String(data: csvs["项目支出绩效自评汇总表.csv"] ?? Data(), encoding: Self.gb18030) ?? ""
        #expect(summary.contains("87.50%"), "\(summary)")

        let fresh = try Self.run(["package", "package.json", "-o", "fresh", "--csv-encoding", "gb18030", "-q"], in: dir)
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(try Self.contents(of: dir.appendingPathComponent("fresh")) == files, "project --id differs from a fresh GB18030 package")

        // Another encoding for only this project's CSVs: refused, every file as it was.
        let other = try Self.run(["project", "package.json", "--id", "a", "-o", "out", "--csv-encoding", "utf-8-bom"], in: dir)
        #expect(other.status == 1, "\(other.stderr)")
        #expect(other.stderr.contains("E-OUT-018"), "\(other.stderr)")
        #expect(other.stderr.contains("gb18030") && other.stderr.contains("reportgen package"), "\(other.stderr)")
        #expect(try Self.contents(of: out) == files)

        // Given as it is, the option is fine.
        let same = try Self.run(["project", "package.json", "--id", "a", "-o", "out", "--csv-encoding", "gb18030", "-q"], in: dir)
        #expect(same.status == 0, "\(same.stderr)")
        #expect(try Self.contents(of: out) == files)
    }

    /// `project --id` puts its files into the output folder itself. When that folder was not
    /// writable (but the one around it was), the line said "reportgen 在输出目录旁（共享/报告包
    /// 中）建立锁文件与临时目录，写好后与输出目录整体互换" — calling the output folder the one beside
    /// it, and describing what `package` does. It now says that the output folder itself must
    /// be writable, naming it; every file stays as it was.
    @Test(.enabled(if: NewcomerReview7Tests.canRunAsNobody, "needs root and setpriv to run as another user"))
    func aClosedOutputFolderIsNamedAsTheOneProjectWritesInto() throws {
        let dir = try Self.twoProjects(executed: "75.23")
        let root = dir.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.path)
        let cache = root.appendingPathComponent("cache")
        try NewcomerReview7Tests.everyoneMayWrite(cache)
        try NewcomerReview7Tests.everyoneMayWrite(dir.appendingPathComponent("共享"))
        let made = try NewcomerReview7Tests.runAsNobody(["package", "package.json", "-o", "共享/报告包", "-q"], in: dir, cache: cache)
        #expect(made.status == 0, "\(made.stderr)")
        let out = dir.appendingPathComponent("共享/报告包")
        let before = try Self.contents(of: out)
        let shared = dir.appendingPathComponent("共享").path
        let besideBefore = try FileManager.default.contentsOfDirectory(atPath: shared).sorted()

        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: out.path)
        try Data(NewcomerReview5Tests.project(id: "a", name: "馆藏档案数字化加工",
                                              fund: #"{"source": "财政资金", "level": "县区级", "annualBudget": "80", "executed": "70"}"#).utf8)
            .write(to: dir.appendingPathComponent("projects/a.json"))
        let refused = try NewcomerReview7Tests.runAsNobody(["project", "package.json", "--id", "a", "-o", "共享/报告包"], in: dir, cache: cache)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: out.path)
        #expect(refused.status == 1, "\(refused.stderr)")
        let line = try #require(NewcomerReview7Tests.lines(refused, "E-IO-003").first, "\(refused.stderr)")
        #expect(line.hasPrefix("错误 E-IO-003 共享/报告包/"), "\(line)")
        #expect(line.contains("project --id 把重新生成的文件逐个放进输出目录（共享/报告包）") && line.contains("输出目录本身要可写"), "\(line)")
        #expect(!line.contains("输出目录旁"), "\(line)")
        #expect(try Self.contents(of: out) == before)
        // The failed update went with its journal: nothing of it stays beside the folder, and the
        // next run neither finishes it nor reports a run left behind (W-OUT-001) — it makes the
        // edit as a first try would.
        #expect(try FileManager.default.contentsOfDirectory(atPath: shared).sorted() == besideBefore)
        let again = try NewcomerReview7Tests.runAsNobody(["project", "package.json", "--id", "a", "-o", "共享/报告包"], in: dir, cache: cache)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(!again.stderr.contains("W-OUT-001"), "\(again.stderr)")
        #expect(again.stderr.contains("内容有变化的"), "\(again.stderr)")
    }

    /// `render --each --name "{{id}}.docx"` refused only names with / or \ and exact duplicates.
    /// It wrote `c:d.docx`, `e?.docx`, `CON.docx`, `.docx` (a hidden file with no name) and both
    /// `A.docx` and `a.docx`: on the office's Windows share the first three cannot be made and
    /// the last two are one file. Each is now an E-RND-004 naming the item, the name and why,
    /// all listed together, nothing written; ordinary names are written as before.
    @Test func mailMergeNamesWindowsCannotHoldAreRefused() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ids = ["a", "A", "c:d", "e?", "CON", "", "b."]
        let items = ids.map { #"{"id": "\#($0)", "unit": {"name": "云溪县档案馆"}}"# }
        let data = dir.appendingPathComponent("items.json")
        try Data(("[" + items.joined(separator: ",") + "]").utf8).write(to: data)
        try Data(#"[{"id": "a"}, {"id": "b-1"}, {"id": "档案_2"}]"#.utf8).write(to: dir.appendingPathComponent("good.json"))
        let template = EndToEnd.packageRoot.appendingPathComponent("templates/summary.docx").path

        let result = try Self.run(["render", "--template", template, "--data", "items.json", "--each", "-o", "out", "--missing", "empty", "--for", "none"], in: dir)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("共 7 项，5 项的文件名有错误，未写入任何文件"), "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        func item(_ number: Int) -> String {
            let start = lines.firstIndex { $0.hasPrefix("第 \(number) 项") } ?? lines.endIndex
            return lines[start...].prefix(2).joined(separator: " ")
        }
        #expect(item(2).contains("E-RND-004 文件名 “A.docx” 与第 1 项重复") && item(2).contains("不区分大小写"), "\(result.stderr)")
        #expect(item(3).contains("E-RND-004 生成的文件名 “c:d.docx” 含有 Windows 文件名不允许的字符 “:”"), "\(result.stderr)")
        #expect(item(4).contains("“e?.docx” 含有 Windows 文件名不允许的字符 “?”"), "\(result.stderr)")
        #expect(item(5).contains("“CON.docx” 是 Windows 的保留设备名 CON"), "\(result.stderr)")
        #expect(item(6).contains("“.docx” 在扩展名之前没有名称"), "\(result.stderr)")
        #expect(!result.stderr.contains("第 7 项"), "b..docx is a name Windows takes: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/a.docx").path))

        let good = try Self.run(["render", "--template", template, "--data", "good.json", "--each", "-o", "good", "--missing", "empty", "--for", "none"], in: dir)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("good").path).sorted() == ["a.docx", "b-1.docx", "档案_2.docx"])
    }

    /// `render --each` renders into a hidden folder in the output folder and moves the documents
    /// in when every item succeeded. A run killed on the way (SIGKILL, the machine turned off)
    /// left that folder — `.reportgen-render-<UUID>` with the documents made so far — for good:
    /// no later run removed it. Its folder is now locked while the run lives, and the next run
    /// removes the ones nobody holds; another run's folder whose lock is held stays.
    @Test(.timeLimit(.minutes(5)))
    func aKilledMailMergesStagingFolderIsRemovedByTheNextRun() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let template = EndToEnd.packageRoot.appendingPathComponent("templates/summary.docx").path
        let one = try String(contentsOfFile: EndToEnd.packageRoot.appendingPathComponent("templates/samples/summary.json").path, encoding: .utf8)
        let body = one.drop { $0 != "{" }.dropFirst()
        let items = (0..<3000).map { "{\"n\": \($0), " + body }
        try Data(("[" + items.joined(separator: ",") + "]").utf8).write(to: work.appendingPathComponent("many.json"))
        try Data(#"[{"id": "a"}, {"id": "b"}]"#.utf8).write(to: work.appendingPathComponent("two.json"))
        let out = work.appendingPathComponent("out")
        func staged() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).filter { $0.hasPrefix(".reportgen-render-") }
        }

        let process = Process()
        process.executableURL = EndToEnd.binary
        process.arguments = ["render", "--template", template, "--data", "many.json", "--each", "-o", "out", "--name", "{{n}}.docx", "--for", "none"]
        process.currentDirectoryURL = work
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Until the first documents are in its staging folder.
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, Date() < deadline {
            if let folder = staged().first,
               let inside = try? FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent(folder).path),
               inside.contains(where: { $0.hasSuffix(".docx") }) { break }
            usleep(20_000)
        }
        try #require(process.isRunning, "the run ended before it staged any document")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try #require(staged().count == 1)

        // Another run's folder, its lock held by this test process: to reportgen, a live run.
        let live = out.appendingPathComponent(".reportgen-render-live")
        try FileManager.default.createDirectory(at: live, withIntermediateDirectories: true)
        let lock = open(live.appendingPathComponent("lock").path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        try #require(lock >= 0 && flock(lock, LOCK_EX) == 0)
        defer { close(lock) }

        let again = try Self.run(["render", "--template", template, "--data", "two.json", "--each", "-o", "out", "--missing", "empty", "--for", "none"], in: work)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(staged() == [".reportgen-render-live"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { !$0.hasPrefix(".") }.sorted() == ["a.docx", "b.docx"])
    }

    /// The year (or the unit's name) changed in package.json and then `project --id`: the 汇总表
    /// took 2024 while the other project's 自评表 kept 2023年度, and the run said all was the
    /// same as before — a package no fresh run makes. Every project's documents print the
    /// package's data, so a changed package file now makes them all again: the folder is the
    /// fresh package's, byte for byte.
    @Test func aChangedPackageFileRemakesEveryProject() throws {
        let dir = try Self.twoProjects(executed: "75.23")
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let made = try Self.run(["package", "package.json", "-o", "out", "-q"], in: dir)
        #expect(made.status == 0, "\(made.stderr)")
        let before = try Self.contents(of: dir.appendingPathComponent("out"))
        let packageFile = dir.appendingPathComponent("package.json")
        let text = try String(contentsOf: packageFile, encoding: .utf8)
        #expect(text.contains(#""year": 2023"#))
        try Data(text.replacingOccurrences(of: #""year": 2023"#, with: #""year": 2024"#).utf8).write(to: packageFile)

        let updated = try Self.run(["project", "package.json", "--id", "a", "-o", "out"], in: dir)
        #expect(updated.status == 0, "\(updated.stderr)")
        let fresh = try Self.run(["package", "package.json", "-o", "fresh", "-q"], in: dir)
        #expect(fresh.status == 0, "\(fresh.stderr)")
        let files = try Self.contents(of: dir.appendingPathComponent("out"))
        #expect(files.keys.sorted() == (try Self.contents(of: dir.appendingPathComponent("fresh"))).keys.sorted())
        for (name, bytes) in try Self.contents(of: dir.appendingPathComponent("fresh")) where name != "manifest.json" {
            #expect(files[name] == bytes, "\(name) differs from a fresh package's")
        }
        // b's own documents, not only the summary, were made again (they print the year).
        let documentsOfB = files.keys.filter { $0.hasSuffix(".docx") && $0.contains("档案库房修缮") }
        #expect(!documentsOfB.isEmpty)
        for name in documentsOfB { #expect(files[name] != before[name], "\(name) still as made for 2023") }
    }

    /// `-o` mistyped as another unit's package folder: `project --id` deleted that unit's
    /// project files, wrote this package's over them and ended with exit 0. It is now refused
    /// (E-OUT-019), with or without --force, and the other package stays as it was.
    @Test func anotherPackagesFolderIsRefused() throws {
        let dir = try Self.twoProjects(executed: "75.23")
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let other = dir.deletingLastPathComponent().appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other.appendingPathComponent("projects"), withIntermediateDirectories: true)
        try Data(#"{"format": "reportgen/1", "year": 2023, "unit": {"name": "云溪县图书馆"}, "projects": ["projects/*.json"]}"#.utf8)
            .write(to: other.appendingPathComponent("package.json"))
        try Data(NewcomerReview5Tests.project(id: "c", name: "古籍修复", fund: NewcomerReview5Tests.smallFund).utf8)
            .write(to: other.appendingPathComponent("projects/c.json"))
        let made = try Self.run(["package", "package.json", "-o", "../out-other", "-q"], in: other)
        #expect(made.status == 0, "\(made.stderr)")
        let otherOut = dir.deletingLastPathComponent().appendingPathComponent("out-other")
        let before = try Self.contents(of: otherOut)

        for force in [false, true] {
            let wrong = try Self.run(["project", "package.json", "--id", "a", "-o", "../out-other"] + (force ? ["--force"] : []), in: dir)
            #expect(wrong.status == 1, "\(wrong.stderr)")
            #expect(wrong.stderr.contains("E-OUT-019") && wrong.stderr.contains("「c」"), "\(wrong.stderr)")
            #expect(try Self.contents(of: otherOut) == before)
        }
    }
}
