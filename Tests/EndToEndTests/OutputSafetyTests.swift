import Foundation
import JSONValue
import Testing

/// Nothing of the user's is lost (issue 11 items 3–7): folders replaced only when they are an
/// unchanged reportgen package, `project --id` trusting the manifest, one run per folder,
/// crash consistency under SIGKILL, one coded Chinese line per operating-system error.
@Suite(.serialized) struct OutputSafetyTests {
    static let example = EndToEnd.packageRoot.appendingPathComponent("examples/yanbian-2021/package.json").path

    static func package(_ out: URL, _ extra: [String] = [], environment: [String: String] = [:]) throws -> EndToEnd.Result {
        try EndToEnd.reportgen(["package", example, "-o", out.path, "--quiet"] + extra, environment: environment)
    }

    /// Every entry below `directory` (symlinks not followed) with its bytes; directories as nil.
    static func snapshot(_ directory: URL) throws -> [String: Data?] {
        var result: [String: Data?] = [:]
        let fm = FileManager.default
        for name in try fm.subpathsOfDirectory(atPath: directory.path) {
            let url = directory.appendingPathComponent(name)
            let attributes = try fm.attributesOfItem(atPath: url.path)
            switch attributes[.type] as? FileAttributeType {
            case .typeSymbolicLink?: result[name] = Data(("→ " + (try fm.destinationOfSymbolicLink(atPath: url.path))).utf8)
            case .typeDirectory?: result[name] = .some(nil)
            default: result[name] = try Data(contentsOf: url)
            }
        }
        return result
    }

    /// What lies beside the output folder besides it (staging folders, lock files).
    static func siblings(of out: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)
            .filter { $0 != out.lastPathComponent }.sorted()
    }

    static let projectID = "canjiren-yibao-zizhu"

    @Test func aUsersFileInAPackageFolderIsNeverDeleted() throws {
        let out = try EndToEnd.temporaryDirectory().appendingPathComponent("out")
        #expect(try Self.package(out).status == 0)
        try Data("论文".utf8).write(to: out.appendingPathComponent("thesis.docx"))
        let before = try Self.snapshot(out)
        let result = try Self.package(out)
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-OUT-001") && result.stderr.contains("thesis.docx"))
        #expect(try Self.snapshot(out) == before)
        #expect(try Self.siblings(of: out) == [])
    }

    @Test func anEditedFileOrAForeignManifestBlocksReplacement() throws {
        let out = try EndToEnd.temporaryDirectory().appendingPathComponent("out")
        #expect(try Self.package(out).status == 0)
        let csv = out.appendingPathComponent("项目支出绩效自评汇总表.csv")
        try (try Data(contentsOf: csv) + Data("手工补充\r\n".utf8)).write(to: csv)
        let edited = try Self.snapshot(out)
        let result = try Self.package(out)
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-OUT-001") && result.stderr.contains("项目支出绩效自评汇总表.csv"))
        #expect(try Self.snapshot(out) == edited)

        // Any folder with a file called manifest.json is not therefore a package.
        let other = try EndToEnd.temporaryDirectory().appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try Data(#"{"files": []}"#.utf8).write(to: other.appendingPathComponent("manifest.json"))
        try Data("x".utf8).write(to: other.appendingPathComponent("thesis.docx"))
        let refused = try Self.package(other)
        #expect(refused.status == 1 && refused.stderr.contains("E-OUT-001"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: other.path).sorted() == ["manifest.json", "thesis.docx"])
    }

    @Test func projectNeverAdoptsForeignFilesOrFollowsSymlinks() throws {
        let work = try EndToEnd.temporaryDirectory()
        let out = work.appendingPathComponent("out")
        #expect(try Self.package(out).status == 0)
        let secret = work.appendingPathComponent("secret.txt")
        try Data("机密".utf8).write(to: secret)
        try Data("n".utf8).write(to: out.appendingPathComponent("notes.txt"))
        try FileManager.default.createDirectory(at: out.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: out.appendingPathComponent("sub/x.txt"))
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("link.txt"), withDestinationURL: secret)
        let before = try Self.snapshot(out)
        for extra in [[], ["--force"]] {
            let result = try EndToEnd.reportgen(["project", Self.example, "--id", Self.projectID, "-o", out.path] + extra)
            #expect(result.status == 1)
            #expect(result.stderr.contains("E-OUT-001"))
            for name in ["notes.txt", "sub/x.txt", "link.txt（符号链接）"] { #expect(result.stderr.contains(name), "\(name)") }
            #expect(try Self.snapshot(out) == before)
        }
        #expect(!String(decoding: try Data(contentsOf: out.appendingPathComponent("manifest.json")), as: UTF8.self).contains("notes.txt"))
    }

    @Test func projectReportsChangedAndMissingFilesAndForceRegeneratesThem() throws {
        let work = try EndToEnd.temporaryDirectory()
        let out = work.appendingPathComponent("out")
        let reference = work.appendingPathComponent("reference")
        #expect(try Self.package(out).status == 0)
        #expect(try Self.package(reference).status == 0)
        // Another project's CSV tampered with, another project's report deleted.
        let tampered = "项目支出绩效自评表-医疗救助资金.csv"
        let deleted = "项目支出绩效自评报告-离休干部医疗费.docx"
        try (try Data(contentsOf: out.appendingPathComponent(tampered)) + Data("1,2\r\n".utf8)).write(to: out.appendingPathComponent(tampered))
        try FileManager.default.removeItem(at: out.appendingPathComponent(deleted))
        let before = try Self.snapshot(out)

        let refused = try EndToEnd.reportgen(["project", Self.example, "--id", Self.projectID, "-o", out.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("E-OUT-010") && refused.stderr.contains(tampered))
        #expect(refused.stderr.contains("E-OUT-011") && refused.stderr.contains(deleted))
        #expect(try Self.snapshot(out) == before)

        let forced = try EndToEnd.reportgen(["project", Self.example, "--id", Self.projectID, "-o", out.path, "--force", "--quiet"])
        #expect(forced.status == 0, "\(forced.stderr)")
        // Regenerated from the same definition: the whole folder equals a fresh package.
        #expect(try Self.snapshot(out) == (try Self.snapshot(reference)))
    }

    /// `project --id` does not read files its stamp record vouches for (issue 12), yet an edit
    /// that keeps the size and puts the modification time back is still found: it changes the
    /// status-change time. `--force` hashes everything and regenerates it.
    @Test func anEditKeepingSizeAndModificationTimeIsStillFound() throws {
        let work = try EndToEnd.temporaryDirectory()
        let out = work.appendingPathComponent("out")
        let reference = work.appendingPathComponent("reference")
        #expect(try Self.package(out).status == 0)
        #expect(try Self.package(reference).status == 0)
        // A second run re-records the stamps after the files have aged a little.
        Thread.sleep(forTimeInterval: 0.05)
        #expect(try EndToEnd.reportgen(["project", Self.example, "--id", Self.projectID, "-o", out.path, "--quiet"]).status == 0)
        let name = "项目支出绩效自评表-医疗救助资金.csv"
        let target = out.appendingPathComponent(name)
        let fm = FileManager.default
        let modified = try #require(try fm.attributesOfItem(atPath: target.path)[.modificationDate] as? Date)
        var bytes = [UInt8](try Data(contentsOf: target))
        #expect(bytes.count > 10)
        bytes[bytes.count / 2] ^= 0x01
        let handle = try FileHandle(forWritingTo: target)
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
        try fm.setAttributes([.modificationDate: modified], ofItemAtPath: target.path)

        let refused = try EndToEnd.reportgen(["project", Self.example, "--id", Self.projectID, "-o", out.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("E-OUT-010") && refused.stderr.contains(name))
        let forced = try EndToEnd.reportgen(["project", Self.example, "--id", Self.projectID, "-o", out.path, "--force", "--quiet"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try Self.snapshot(out) == (try Self.snapshot(reference)))
    }

    @Test func aSecondRunOnALockedFolderFailsInChinese() throws {
        let out = try EndToEnd.temporaryDirectory().appendingPathComponent("out")
        #expect(try Self.package(out).status == 0)
        let before = try Self.snapshot(out)
        // Hold the lock as a running reportgen would.
        let lockPath = out.deletingLastPathComponent().appendingPathComponent(".out.reportgen-lock").path
        let fd = open(lockPath, O_RDWR | O_CREAT, 0o644)
        #expect(fd >= 0)
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let result = try Self.package(out, ["--csv-encoding", "gb18030"])
        close(fd)
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-OUT-008") && result.stderr.contains("另一个 reportgen 进程正在写入"))
        #expect(try Self.snapshot(out) == before)
        // Once released, the next run works.
        #expect(try Self.package(out, ["--csv-encoding", "gb18030"]).status == 0)
    }

    /// Killed at each step of the swap (a test hook sends SIGKILL to itself there): the folder
    /// is the old or the new package, and the next run cleans up (or puts the old one back).
    @Test(arguments: [("before-swap", false, "old"), ("after-swap", false, "new"), ("between-renames", true, "none")])
    func aKilledRunLeavesAWholePackageAndIsCleanedUp(point: String, noExchange: Bool, expected: String) throws {
        let work = try EndToEnd.temporaryDirectory()
        let out = work.appendingPathComponent("out")
        let old = work.appendingPathComponent("old"), new = work.appendingPathComponent("new")
        #expect(try Self.package(old).status == 0)
        #expect(try Self.package(new, ["--csv-encoding", "gb18030"]).status == 0)
        #expect(try Self.package(out).status == 0)
        var environment = ["REPORTGEN_TEST_KILL_AT": point]
        if noExchange { environment["REPORTGEN_TEST_NO_EXCHANGE"] = "1" }
        let killed = try Self.package(out, ["--csv-encoding", "gb18030"], environment: environment)
        #expect(killed.status == 9 || killed.status == 137, "status \(killed.status)")
        switch expected {
        case "old": #expect(try Self.snapshot(out) == (try Self.snapshot(old)))
        case "new": #expect(try Self.snapshot(out) == (try Self.snapshot(new)))
        default: #expect(!FileManager.default.fileExists(atPath: out.path))  // only with two renames
        }
        #expect(try Self.siblings(of: out).contains { $0.hasPrefix(".out.reportgen-staging-") })
        // The next run cleans up first; it fails on purpose so what recovery did stays visible.
        let next = try Self.package(out, environment: ["REPORTGEN_TEST_FAIL_AFTER_FILES": "1"])
        #expect(next.status == 1)
        #expect(try Self.snapshot(out) == (try Self.snapshot(expected == "new" ? new : old)))
        #expect(try Self.siblings(of: out).filter { $0.hasPrefix(".out.") } == [])
    }

    /// `project --id` updates the package in place under a journal (issue 12). Killed before the
    /// journal is committed, the folder is the old package; killed after, the next run finishes
    /// the update first. The project is renamed, so the update also removes its old files.
    @Test(arguments: [("before-journal", "old"), ("after-journal", "new"), ("mid-apply", "new"), ("after-apply", "new")])
    func aKilledProjectUpdateIsFinishedOrUndone(point: String, expected: String) throws {
        let work = try EndToEnd.temporaryDirectory()
        let copy = work.appendingPathComponent("pkg")
        try FileManager.default.copyItem(at: EndToEnd.packageRoot.appendingPathComponent("examples/yanbian-2021"), to: copy)
        let package = copy.appendingPathComponent("package.json").path
        let out = work.appendingPathComponent("out"), new = work.appendingPathComponent("new")
        #expect(try EndToEnd.reportgen(["package", package, "-o", out.path, "--quiet"]).status == 0)
        let old = try Self.snapshot(out)
        let projectFile = copy.appendingPathComponent("projects/\(Self.projectID).json")
        let text = try String(contentsOf: projectFile, encoding: .utf8)
        let name = try #require(try JSONParser.parse(Array(text.utf8)).root["name"]?.stringValue)
        try text.replacingOccurrences(of: "\"\(name)\"", with: "\"\(name)（改）\"").write(to: projectFile, atomically: true, encoding: .utf8)
        #expect(try EndToEnd.reportgen(["package", package, "-o", new.path, "--quiet"]).status == 0)
        #expect(try Self.snapshot(new).keys.contains { $0.contains("（改）") })

        let killed = try EndToEnd.reportgen(["project", package, "--id", Self.projectID, "-o", out.path, "--quiet"],
                                            environment: ["REPORTGEN_TEST_KILL_AT": point])
        #expect(killed.status == 9 || killed.status == 137, "status \(killed.status)")
        if point == "before-journal" { #expect(try Self.snapshot(out) == old) }
        #expect(try Self.siblings(of: out).contains { $0.hasPrefix(".out.reportgen-staging-") })
        // The next run recovers first; it fails on purpose so what recovery did stays visible.
        let next = try EndToEnd.reportgen(["project", package, "--id", Self.projectID, "-o", out.path, "--quiet"],
                                          environment: ["REPORTGEN_TEST_FAIL_AFTER_FILES": "1"])
        #expect(next.status == 1)
        #expect(try Self.snapshot(out) == (expected == "new" ? try Self.snapshot(new) : old))
        #expect(try Self.siblings(of: out).filter { $0.hasPrefix(".out.") } == [])
        // And the package is whole: a normal run on it succeeds and changes nothing more.
        #expect(try EndToEnd.reportgen(["project", package, "--id", Self.projectID, "-o", out.path, "--quiet"]).status == 0)
        #expect(try Self.snapshot(out) == (try Self.snapshot(new)))
    }

    /// A short version of `scripts/kill-loop.sh`: SIGKILL at random moments.
    @Test func randomKillsNeverLeaveAPartialPackage() throws {
        let work = try EndToEnd.temporaryDirectory()
        let out = work.appendingPathComponent("out")
        let a = work.appendingPathComponent("a"), b = work.appendingPathComponent("b")
        #expect(try Self.package(a).status == 0)
        #expect(try Self.package(b, ["--csv-encoding", "gb18030"]).status == 0)
        #expect(try Self.package(out).status == 0)
        let packages = [try Self.snapshot(a), try Self.snapshot(b)]
        var generator = SystemRandomNumberGenerator()
        for iteration in 0..<5 {
            let process = Process()
            process.executableURL = EndToEnd.binary
            process.arguments = ["package", Self.example, "-o", out.path, "--quiet"] + (iteration % 2 == 0 ? ["--csv-encoding", "gb18030"] : [])
            process.currentDirectoryURL = EndToEnd.packageRoot
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 0..<400_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(packages.contains(try Self.snapshot(out)), "iteration \(iteration): partial package")
        }
        #expect(try Self.package(out).status == 0)
        #expect(try Self.siblings(of: out).filter { $0.hasPrefix(".out.") } == [])
    }

    /// Disk full and `ulimit -f`: one coded Chinese line naming the file, no Foundation English.
    /// `--quiet`: the limit applies to the captured stderr too, and the example's warnings alone
    /// would fill it (the run must still not crash then, see `Console.write`).
    /// ThreadSanitizer's runtime dies of SIGBUS under `ulimit -f 2` before main (even for
    /// `reportgen --help`); AddressSanitizer and plain builds run it.
    @Test(.disabled(if: ProcessInfo.processInfo.environment["REPORTGEN_SANITIZER"] == "thread",
                    "the ThreadSanitizer runtime cannot start under ulimit -f"))
    func fileSizeLimitGivesOneCodedChineseLine() throws {
        let out = try EndToEnd.temporaryDirectory().appendingPathComponent("out")
        let result = try EndToEnd.run(URL(fileURLWithPath: "/bin/sh"),
                                      ["-c", "ulimit -f 2; exec \"$0\" \"$@\"", EndToEnd.binary.path, "package", Self.example, "-o", out.path, "--quiet"],
                                      currentDirectory: EndToEnd.packageRoot)
        #expect(result.status == 1)
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("错误") }
        #expect(errors.count == 1, "\(result.stderr)")
        #expect(errors.first?.contains("E-IO-005") == true && errors.first?.contains(out.path + "/") == true)
        #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("There isn"))
        #expect(!FileManager.default.fileExists(atPath: out.path))

        // Warnings that cannot all be written (stderr is a file under the same 1 KiB limit):
        // messages are cut short, but reportgen still ends with its own exit code, no crash.
        let noisy = try EndToEnd.run(URL(fileURLWithPath: "/bin/sh"),
                                     ["-c", "ulimit -f 2; exec \"$0\" \"$@\"", EndToEnd.binary.path, "package", Self.example, "-o", out.path],
                                     currentDirectory: EndToEnd.packageRoot)
        #expect(noisy.status == 1)
    }

    static let canMountTmpfs: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/bin/mount") else { return false }
        guard let probe = try? EndToEnd.temporaryDirectory() else { return false }
        defer { try? FileManager.default.removeItem(at: probe) }
        guard let mounted = try? EndToEnd.run(URL(fileURLWithPath: "/bin/mount"), ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe.path]),
              mounted.status == 0 else { return false }
        _ = try? EndToEnd.run(URL(fileURLWithPath: "/bin/umount"), [probe.path])
        return true
    }()

    @Test(.enabled(if: canMountTmpfs, "needs root and permission to mount a tmpfs"))
    func diskFullGivesOneCodedChineseLine() throws {
        let mountPoint = try EndToEnd.temporaryDirectory()
        #expect(try EndToEnd.run(URL(fileURLWithPath: "/bin/mount"), ["-t", "tmpfs", "-o", "size=100k", "tmpfs", mountPoint.path]).status == 0)
        defer { _ = try? EndToEnd.run(URL(fileURLWithPath: "/bin/umount"), [mountPoint.path]) }
        let out = mountPoint.appendingPathComponent("out")
        let result = try Self.package(out)
        #expect(result.status == 1)
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("错误") }
        #expect(errors.count == 1, "\(result.stderr)")
        #expect(errors.first?.contains("E-IO-002") == true && errors.first?.contains("磁盘空间不足") == true)
        #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("There isn"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: mountPoint.path) == [])
    }
}
