import Foundation
import Testing

/// Reliability review 3, through the built binary: referenced files that are broken links say
/// what they are, `validate` prints its problems where `package` does, and a project without a
/// body is warned about.
@Suite struct ReliabilityReview3Tests {
    static let panzhihua = EndToEnd.packageRoot.appendingPathComponent("examples/panzhihua-2021")
    static let zhongdian = EndToEnd.packageRoot.appendingPathComponent("examples/zhongdian-jiuzhu-2021")

    static func errors(_ text: String) -> [Substring] {
        text.split(separator: "\n").filter { $0.hasPrefix("错误") }
    }

    /// `department`, `finalAccounts` and a project named one by one, each a symlink that loops
    /// or leads nowhere: before, all three were "不存在", sending the user to look for a file
    /// the folder plainly shows.
    @Test func referencedFilesThatAreBrokenLinksSayWhatTheyAre() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let copy = work.appendingPathComponent("pkg")
        try FileManager.default.copyItem(at: Self.panzhihua, to: copy)
        let fm = FileManager.default
        for name in ["department.json", "final-accounts.json", "projects/nengli-tisheng-peixun.json"] {
            try fm.removeItem(at: copy.appendingPathComponent(name))
        }
        // department.json → loop-a → loop-b → loop-a; final-accounts.json → itself.
        try fm.createSymbolicLink(atPath: copy.appendingPathComponent("department.json").path, withDestinationPath: "loop-a")
        try fm.createSymbolicLink(atPath: copy.appendingPathComponent("loop-a").path, withDestinationPath: "loop-b")
        try fm.createSymbolicLink(atPath: copy.appendingPathComponent("loop-b").path, withDestinationPath: "loop-a")
        try fm.createSymbolicLink(atPath: copy.appendingPathComponent("final-accounts.json").path, withDestinationPath: "final-accounts.json")
        try fm.createSymbolicLink(atPath: copy.appendingPathComponent("projects/nengli-tisheng-peixun.json").path, withDestinationPath: "gone.json")
        let file = copy.appendingPathComponent("package.json").path
        for command in ["validate", "package"] {
            let out = work.appendingPathComponent("out-\(command)")
            let result = try EndToEnd.reportgen([command, file] + (command == "package" ? ["-o", out.path, "--quiet"] : []))
            #expect(result.status == 1, "\(result.stderr)")
            let errors = Self.errors(result.stderr)
            #expect(errors.count == 3, "\(result.stderr)")
            #expect(!result.stderr.contains("不存在（相对于报告包所在目录）"), "\(result.stderr)")
            for (path, name) in [("department：", "department.json"), ("finalAccounts：", "final-accounts.json")] {
                #expect(errors.contains { $0.contains("E-DEF-001 " + path) && $0.contains("「\(name)」") && $0.contains("循环的符号链接")
                    && $0.contains(copy.appendingPathComponent(name).path) }, "\(result.stderr)")
            }
            #expect(errors.contains { $0.contains("E-DEF-001 projects[2]：") && $0.contains("符号链接") && $0.contains("指向的文件不存在（「gone.json」）") },
                    "\(result.stderr)")
            #expect(!fm.fileExists(atPath: out.path))
        }
    }

    /// `finalAccounts` naming a project's file, and `department` naming the final accounts' file
    /// (spelt another way): before, each was the warning W-DEF-005 and its document was silently
    /// not made.
    @Test(arguments: [
        ("finalAccounts", "projects/yewu-yunxingfei.json", "已作为项目文件读入", "部门决算情况说明"),
        ("department", "projects/../final-accounts.json", "已作为「finalAccounts」读入", "部门整体绩效自评报告"),
    ])
    func aReferencedFileReadForAnotherRoleIsAnError(key: String, reference: String, readAs: String, document: String) throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let copy = work.appendingPathComponent("pkg")
        try FileManager.default.copyItem(at: Self.panzhihua, to: copy)
        let packageFile = copy.appendingPathComponent("package.json")
        var package = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: packageFile)) as? [String: Any])
        package[key] = reference
        try JSONSerialization.data(withJSONObject: package).write(to: packageFile)
        let out = work.appendingPathComponent("out")
        for command in [["validate", packageFile.path], ["package", packageFile.path, "-o", out.path, "--quiet"]] {
            let result = try EndToEnd.reportgen(command)
            #expect(result.status == 1, "\(result.stderr)")
            let twice = Self.errors(result.stderr).filter { $0.contains("E-DEF-102") }
            #expect(twice.count == 1, "\(result.stderr)")
            #expect(twice.allSatisfy { $0.contains(key + "：「\(reference)」") && $0.contains(readAs) && $0.contains(document + "不会生成") },
                    "\(result.stderr)")
            #expect(!result.stderr.contains("W-DEF-005"), "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// Problems on standard error for both commands (before: `validate` on standard output,
    /// `package` on standard error); `validate`'s figures on standard output; `--json` whole on
    /// standard output.
    @Test func validatePrintsProblemsOnStandardErrorAsPackageDoes() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let copy = work.appendingPathComponent("pkg")
        try FileManager.default.copyItem(at: Self.zhongdian, to: copy)
        let projectFile = copy.appendingPathComponent("projects/zhongdian-jiuzhu.json")
        var project = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: projectFile)) as? [String: Any])
        project["fundz"] = []
        try JSONSerialization.data(withJSONObject: project).write(to: projectFile)
        let file = copy.appendingPathComponent("package.json").path

        let invalid = try EndToEnd.reportgen(["validate", file])
        #expect(invalid.status == 1)
        #expect(invalid.stdout.isEmpty, "\(invalid.stdout)")
        #expect(Self.errors(invalid.stderr).contains { $0.contains("E-DEF-012") && $0.contains("fundz") }, "\(invalid.stderr)")
        #expect(invalid.stderr.contains("校验未通过"))
        let package = try EndToEnd.reportgen(["package", file, "-o", work.appendingPathComponent("out").path])
        #expect(package.status == 1 && package.stdout.isEmpty)
        #expect(Self.errors(package.stderr).contains { $0.contains("E-DEF-012") && $0.contains("fundz") }, "\(package.stderr)")

        let json = try EndToEnd.reportgen(["validate", file, "--json"])
        #expect(json.status == 1 && json.stderr.isEmpty, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["problems"] as? [[String: Any]])?.contains { $0["code"] as? String == "E-DEF-012" } == true)

        // Valid, with a warning (W-FA-001, a slip of the seed the example keeps): the warning on
        // standard error, the figures and the verdict on standard output.
        let valid = try EndToEnd.reportgen(["validate", Self.panzhihua.appendingPathComponent("package.json").path])
        #expect(valid.status == 0, "\(valid.stderr)")
        #expect(valid.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("警告 ") } && valid.stderr.contains("W-FA-001"), "\(valid.stderr)")
        #expect(!valid.stdout.contains("警告 ") && valid.stdout.contains("校验通过") && valid.stdout.contains("项目："), "\(valid.stdout)")
    }

    /// A project without `body` (or with an empty one) printed its report as a title over the
    /// appended forms without a word from `validate`. Now W-DEF-034 at the project's `body`;
    /// `package` says how many in one line.
    @Test func aProjectWithoutABodyIsWarnedAbout() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let copy = work.appendingPathComponent("pkg")
        try FileManager.default.copyItem(at: Self.zhongdian, to: copy)
        let projectFile = copy.appendingPathComponent("projects/zhongdian-jiuzhu.json")
        var project = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: projectFile)) as? [String: Any])
        project.removeValue(forKey: "body")
        try JSONSerialization.data(withJSONObject: project).write(to: projectFile)
        // A second, inline, with an empty body.
        let packageFile = copy.appendingPathComponent("package.json")
        var package = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: packageFile)) as? [String: Any])
        var inline = project
        inline["id"] = "inline"
        inline["name"] = "内联项目"
        inline["body"] = [Any]()
        package["projects"] = ["projects/*.json", inline]
        try JSONSerialization.data(withJSONObject: package).write(to: packageFile)

        let validate = try EndToEnd.reportgen(["validate", packageFile.path])
        #expect(validate.status == 0, "\(validate.stderr)")
        let warnings = validate.stderr.split(separator: "\n").filter { $0.contains("W-DEF-034") }
        #expect(warnings.count == 2, "\(validate.stderr)")
        #expect(warnings.contains { $0.contains("projects/zhongdian-jiuzhu.json") && $0.contains("W-DEF-034 body：") && $0.contains("缺少") }, "\(validate.stderr)")
        #expect(warnings.contains { $0.contains("package.json") && $0.contains("W-DEF-034 projects[1].body：") && $0.contains("为空") }, "\(validate.stderr)")
        // The example's own body: no warning.
        let example = try EndToEnd.reportgen(["validate", Self.zhongdian.appendingPathComponent("package.json").path])
        #expect(example.status == 0 && !example.stderr.contains("W-DEF-034"), "\(example.stderr)")

        let out = work.appendingPathComponent("out")
        let run = try EndToEnd.reportgen(["package", packageFile.path, "-o", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").filter { $0.contains("W-DEF-034") }.count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("2 个项目没有正文（W-DEF-034）"), "\(run.stderr)")

        // `import` of a sheet (never a body) says so in its next step, not again as W-DEF-034.
        let sheet = EndToEnd.packageRoot.appendingPathComponent("examples/import/自评表样例.xlsx")
        let imported = try EndToEnd.reportgen(["import", sheet.path, "-o", work.appendingPathComponent("imported.json").path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(!(imported.stdout + imported.stderr).contains("W-DEF-034") && (imported.stdout + imported.stderr).contains("body"),
                "\(imported.stdout)\(imported.stderr)")
    }

    /// `"projects/**/*.json"` with `-o projects/out`: the first run succeeded, and every later
    /// one read the output's manifest.json as a project file (a page of E-DEF-011/012 about
    /// `files` and `format`). Now E-OUT-016 at `projects[0]` before anything is read or written,
    /// for `-o` and for the default folder (`output/…` when the glob reaches it).
    @Test func anOutputFolderInsideAProjectsGlobIsRefused() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let copy = work.appendingPathComponent("pkg")
        try FileManager.default.copyItem(at: Self.zhongdian, to: copy)
        let packageFile = copy.appendingPathComponent("package.json")
        var package = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: packageFile)) as? [String: Any])
        package["projects"] = ["projects/**/*.json"]
        try JSONSerialization.data(withJSONObject: package).write(to: packageFile)
        let out = copy.appendingPathComponent("projects/out")
        for _ in 0..<2 {
            let run = try EndToEnd.reportgen(["package", packageFile.path, "-o", out.path, "--quiet"])
            #expect(run.status == 1)
            let errors = Self.errors(run.stderr)
            #expect(errors.count == 1 && errors[0].contains("E-OUT-016 projects[0]：") && errors[0].contains("projects/**/*.json"), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
        // A folder beside the glob's range is fine.
        let beside = try EndToEnd.reportgen(["package", packageFile.path, "-o", copy.appendingPathComponent("out").path, "--quiet"])
        #expect(beside.status == 0, "\(beside.stderr)")
        // The default folder, `output/<year>-<unit>` in the current folder, reached by
        // `*/**/*.json` (every subfolder) from a package in that folder.
        package["projects"] = ["*/**/*.json"]
        try JSONSerialization.data(withJSONObject: package).write(to: packageFile)
        let run = try EndToEnd.run(EndToEnd.binary, ["package", "package.json", "--quiet"],
                                   environment: ["XDG_CACHE_HOME": EndToEnd.cacheHome], currentDirectory: copy)
        #expect(run.status == 1 && Self.errors(run.stderr).count == 1 && run.stderr.contains("E-OUT-016 projects[0]"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: copy.appendingPathComponent("output").path))
    }

    /// A name holding `\u0000` passed `validate` silently; the DOCX dropped the character at
    /// rendering (W-RND-001) while the CSV carried the NUL byte. Now W-DEF-035 at the value's path
    /// and no NUL in any file. A UTF-16 file is called UTF-16 (it was "可能以 GBK/GB18030 保存").
    @Test func controlCharactersAreWarnedAboutAndLeftOutOfTheCSV() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let copy = work.appendingPathComponent("pkg")
        try FileManager.default.copyItem(at: Self.zhongdian, to: copy)
        let projectFile = copy.appendingPathComponent("projects/zhongdian-jiuzhu.json")
        var project = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: projectFile)) as? [String: Any])
        let name = try #require(project["name"] as? String)
        project["name"] = "重点\u{0}" + name.dropFirst(2)
        try JSONSerialization.data(withJSONObject: project).write(to: projectFile)
        let validate = try EndToEnd.reportgen(["validate", projectFile.path])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stderr.split(separator: "\n").contains { $0.contains("W-DEF-035 name：") && $0.contains("U+0000") }, "\(validate.stderr)")
        let out = work.appendingPathComponent("out")
        let run = try EndToEnd.reportgen(["package", copy.appendingPathComponent("package.json").path, "-o", out.path])
        #expect(run.status == 0 && run.stderr.contains("W-DEF-035"), "\(run.stderr)")
        for file in try FileManager.default.contentsOfDirectory(atPath: out.path) where file.hasSuffix(".csv") {
            let bytes = try Data(contentsOf: out.appendingPathComponent(file))
            #expect(!bytes.contains(0), "\(file) holds a NUL byte")
            #expect(String(decoding: bytes, as: UTF8.self).contains(name), "\(file)")
        }

        let utf16 = work.appendingPathComponent("utf16.json")
        try #require(String(data: try Data(contentsOf: Self.zhongdian.appendingPathComponent("projects/zhongdian-jiuzhu.json")), encoding: .utf8))
            .data(using: .utf16)!.write(to: utf16)
        let wide = try EndToEnd.reportgen(["validate", utf16.path])
        #expect(wide.status == 1 && wide.stderr.contains("E-JSON-001") && wide.stderr.contains("UTF-16"), "\(wide.stderr)")
    }
}

/// `--pdf`'s scratch folder under reliability review 3: it holds only the PDFs of the batches
/// converting, not every PDF of the run; scratch folders of reportgen versions from before the
/// lock are removed once clearly abandoned, never a live run's.
@Suite(.serialized) struct PDFScratchReview3Tests {
    static let soffice = InterruptionTests.soffice
    static let panzhihua = ReliabilityReview3Tests.panzhihua
    static let zhongdian = ReliabilityReview3Tests.zhongdian

    static func names(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    /// Sets the modification time of `url` and everything below it (children first: making a
    /// child changes its folder's time).
    static func age(_ url: URL, by seconds: TimeInterval) throws {
        let date = Date(timeIntervalSinceNow: -seconds)
        if let children = try? FileManager.default.contentsOfDirectory(atPath: url.path) {
            for child in children { try age(url.appendingPathComponent(child), by: seconds) }
        }
        var times = [timespec(tv_sec: Int(date.timeIntervalSince1970), tv_nsec: 0),
                     timespec(tv_sec: Int(date.timeIntervalSince1970), tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, url.path, &times, AT_SYMLINK_NOFOLLOW) == 0)
    }

    /// A scratch folder as a reportgen before the lock left it when killed: `in/` (links to the
    /// documents), `pdf/`, LibreOffice's `tmp/lu*.tmp`, and no `lock`.
    static func oldScratch(_ url: URL) throws {
        let fm = FileManager.default
        for sub in ["in", "pdf", "tmp"] { try fm.createDirectory(at: url.appendingPathComponent(sub), withIntermediateDirectories: true) }
        try fm.createSymbolicLink(atPath: url.appendingPathComponent("in/0.docx").path, withDestinationPath: "/nonexistent/0.docx")
        try Data("%PDF-1.6\n".utf8).write(to: url.appendingPathComponent("pdf/0.pdf"))
        try Data(count: 1000).write(to: url.appendingPathComponent("tmp/lu12345.tmp"))
    }

    /// Before, a folder without a `lock` was never removed, so every SIGKILLed `--pdf` run of an
    /// older reportgen stayed in /tmp for good. Now one untouched for a day with no process
    /// using it goes; a recent one, one a process has a file open in, one whose `lock.new` a
    /// live run holds, and other names stay.
    @Test(.enabled(if: soffice, "needs LibreOffice (soffice on PATH)"), .timeLimit(.minutes(10)))
    func abandonedScratchFoldersWithoutALockAreRemoved() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let tmp = work.appendingPathComponent("tmp")
        let day: TimeInterval = 24 * 3600
        let abandonedPDF = tmp.appendingPathComponent("reportgen-pdf-0D4C1A52-old")
        let abandonedPreview = tmp.appendingPathComponent("reportgen-preview-7E1B-old")
        let recent = tmp.appendingPathComponent("reportgen-pdf-recent")
        let inUse = tmp.appendingPathComponent("reportgen-pdf-in-use")
        let starting = tmp.appendingPathComponent("reportgen-preview-starting")
        let other = tmp.appendingPathComponent("reportgen-other-old")
        for folder in [abandonedPDF, abandonedPreview, recent, inUse, starting, other] { try Self.oldScratch(folder) }
        // Held open by this test process: to reportgen, an old run's LibreOffice still writing.
        let held = openFile(inUse.appendingPathComponent("tmp/lu12345.tmp").path)
        try #require(held >= 0)
        defer { close(held) }
        // A new run between making its folder and naming its lock: `lock.new` held.
        let pending = openFile(starting.appendingPathComponent("lock.new").path, create: true)
        try #require(pending >= 0 && flock(pending, LOCK_EX) == 0)
        defer { close(pending) }
        for folder in [abandonedPDF, abandonedPreview, inUse, starting, other] { try Self.age(folder, by: 2 * day) }
        // Twenty hours: not yet a day.
        try Self.age(recent, by: 20 * 3600)

        let out = work.appendingPathComponent("out")
        let run = try EndToEnd.reportgen(["package", Self.zhongdian.appendingPathComponent("package.json").path, "-o", out.path, "--quiet", "--pdf"],
                                         environment: ["TMPDIR": tmp.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.names(tmp) == [other, inUse, recent, starting].map(\.lastPathComponent).sorted())
        #expect(try Self.names(inUse.appendingPathComponent("tmp")) == ["lu12345.tmp"])
    }

    /// The scratch disk needs room for the PDFs of the batches converting, not for all of the
    /// run's: each PDF leaves it once it is in the package. Before, a TMPDIR with room for the
    /// largest batch but not for every PDF failed the run. A disk too small even for a batch is
    /// still one E-IO-002, although the space is free again by the end of the run.
    @Test(.enabled(if: soffice && OutputSafetyTests.canMountTmpfs, "needs LibreOffice, root and permission to mount a tmpfs"),
          .timeLimit(.minutes(10)))
    func theScratchDiskNeedsRoomForABatchNotForEveryPDF() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let package = Self.panzhihua.appendingPathComponent("package.json").path
        let out = work.appendingPathComponent("out")
        #expect(try EndToEnd.reportgen(["package", package, "-o", out.path, "--quiet"]).status == 0)
        let before = try OutputSafetyTests.snapshot(out)

        // Too small for one batch: one error naming the folder, the package as it was.
        let small = work.appendingPathComponent("small")
        try FileManager.default.createDirectory(at: small, withIntermediateDirectories: true)
        #expect(try EndToEnd.run(URL(fileURLWithPath: "/bin/mount"), ["-t", "tmpfs", "-o", "size=1200k", "tmpfs", small.path]).status == 0)
        defer { _ = try? EndToEnd.run(URL(fileURLWithPath: "/bin/umount"), [small.path]) }
        let failed = try EndToEnd.reportgen(["package", package, "-o", out.path, "--quiet", "--pdf", "-j", "1"], environment: ["TMPDIR": small.path])
        #expect(failed.status == 1)
        let errors = failed.stderr.split(separator: "\n").filter { $0.hasPrefix("错误") }
        #expect(errors.count == 1 && errors[0].contains("E-IO-002") && errors[0].contains(small.path), "\(failed.stderr)")
        #expect(try OutputSafetyTests.snapshot(out) == before)
        #expect(try Self.names(small) == [])

        // Room for the largest batch's PDFs, not for all of them (their sum is measured on the
        // package this run writes): converted.
        let medium = work.appendingPathComponent("medium")
        try FileManager.default.createDirectory(at: medium, withIntermediateDirectories: true)
        #expect(try EndToEnd.run(URL(fileURLWithPath: "/bin/mount"), ["-t", "tmpfs", "-o", "size=3000k", "tmpfs", medium.path]).status == 0)
        defer { _ = try? EndToEnd.run(URL(fileURLWithPath: "/bin/umount"), [medium.path]) }
        let converted = try EndToEnd.reportgen(["package", package, "-o", out.path, "--quiet", "--pdf", "-j", "1"], environment: ["TMPDIR": medium.path])
        #expect(converted.status == 0, "\(converted.stderr)")
        let pdfs = try Self.names(out).filter { $0.hasSuffix(".pdf") }
        #expect(pdfs.count == 18)
        let total = try pdfs.reduce(0) { $0 + (try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent($1).path)[.size] as? Int ?? 0) }
        #expect(total > 3000 * 1024, "the PDFs (\(total) bytes) would have fitted the disk anyway")
        #expect(try Self.names(medium) == [])
    }
}

/// `open(2)` for reading, or creating a file, as the tests above hold files.
private func openFile(_ path: String, create: Bool = false) -> Int32 {
    create ? open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600) : open(path, O_RDONLY | O_CLOEXEC)
}
