import Foundation
import Testing

/// `--pdf`'s temporary files: LibreOffice's own (`lu*.tmp`) inside reportgen's scratch folder,
/// that folder gone after the run or, after a SIGKILL, removed by the next run; a full
/// temporary disk said once; and `project --id --pdf` giving the PDF bytes `package --pdf` gives.
@Suite(.serialized) struct PDFScratchTests {
    static let soffice = InterruptionTests.soffice
    static let zhongdian = EndToEnd.packageRoot.appendingPathComponent("examples/zhongdian-jiuzhu-2021")

    /// Names directly in `folder`.
    static func names(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    /// SIGKILL while LibreOffice converts: its `lu*.tmp` is in the run's scratch folder, not
    /// in TMPDIR itself (before, each killed run left one there for good, and the
    /// `reportgen-pdf-*` folder too); the next `--pdf` run removes the abandoned folder and
    /// nothing else: a folder whose lock a live process holds and one without a lock stay.
    @Test(.enabled(if: soffice, "needs LibreOffice (soffice on PATH)"), .timeLimit(.minutes(10)))
    func aKilledPDFRunsTemporaryFilesAreRemovedByTheNextRun() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let tmp = work.appendingPathComponent("tmp")
        let out = work.appendingPathComponent("out")
        let package = Self.zhongdian.appendingPathComponent("package.json").path
        let (process, _) = try InterruptionTests.start(["package", package, "-o", out.path, "--quiet", "--pdf"], in: work)
        // Until LibreOffice has made its own temporary folder.
        var scratch: [String] = []
        let deadline = Date().addingTimeInterval(300)
        while process.isRunning, Date() < deadline {
            scratch = try Self.names(tmp).filter { $0.hasPrefix("reportgen-pdf-") }
            if let folder = scratch.first,
               let inside = try? Self.names(tmp.appendingPathComponent(folder).appendingPathComponent("tmp")),
               inside.contains(where: { $0.hasPrefix("lu") }) { break }
            usleep(50_000)
        }
        try #require(process.isRunning, "the run ended before LibreOffice made its temporary files")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // LibreOffice is ended by its parent-death signal, then SIGKILL 5 s later.
        sleep(7)
        let left = try Self.names(tmp)
        #expect(!left.contains { $0.hasPrefix("lu") }, "LibreOffice's temporary files outside the scratch folder: \(left)")
        #expect(left.filter { $0.hasPrefix("reportgen-pdf-") }.count == 1, "\(left)")

        // Another run's folder (its lock held by a live process) and a folder with no lock.
        let live = tmp.appendingPathComponent("reportgen-pdf-live")
        let unlocked = tmp.appendingPathComponent("reportgen-preview-old")
        for folder in [live, unlocked] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        // Held by this test process: to reportgen, another live run's lock.
        let lock = open(live.appendingPathComponent("lock").path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        try #require(lock >= 0 && flock(lock, LOCK_EX) == 0)
        defer { close(lock) }

        let again = try EndToEnd.reportgen(["package", package, "-o", out.path, "--quiet", "--pdf"], environment: ["TMPDIR": tmp.path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Self.names(tmp) == ["reportgen-pdf-live", "reportgen-preview-old"])
    }

    /// A full temporary disk during `--pdf`: one E-IO-002 naming that folder (before, one
    /// E-PDF-002 per document, blaming the documents); the existing package is untouched and
    /// the scratch folder removed.
    @Test(.enabled(if: soffice && OutputSafetyTests.canMountTmpfs, "needs LibreOffice, root and permission to mount a tmpfs"),
          .timeLimit(.minutes(10)))
    func aFullTemporaryDiskDuringPDFIsOneError() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        let package = Self.zhongdian.appendingPathComponent("package.json").path
        #expect(try EndToEnd.reportgen(["package", package, "-o", out.path, "--quiet"]).status == 0)
        let before = try OutputSafetyTests.snapshot(out)
        let tmp = work.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        #expect(try EndToEnd.run(URL(fileURLWithPath: "/bin/mount"), ["-t", "tmpfs", "-o", "size=128k", "tmpfs", tmp.path]).status == 0)
        defer { _ = try? EndToEnd.run(URL(fileURLWithPath: "/bin/umount"), [tmp.path]) }

        let result = try EndToEnd.reportgen(["package", package, "-o", out.path, "--quiet", "--pdf"], environment: ["TMPDIR": tmp.path])
        #expect(result.status == 1)
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("错误") }
        #expect(errors.count == 1, "\(result.stderr)")
        #expect(errors.first?.contains("E-IO-002") == true && errors.first?.contains(tmp.path) == true, "\(result.stderr)")
        #expect(!result.stderr.contains("E-PDF"), "\(result.stderr)")
        #expect(try OutputSafetyTests.snapshot(out) == before)
        #expect(try OutputSafetyTests.siblings(of: out).filter { $0.hasPrefix(".out.") } == [])
        #expect(try Self.names(tmp) == [])
    }

    /// `project --id --pdf` converts only the regenerated documents, in a LibreOffice of its
    /// own; LibreOffice numbers Type 1 fonts per process, so their PDFs differed from those of
    /// `package --pdf` (the summary's and the sheet's here). Now the folder is byte for byte
    /// the package made afresh. Two projects, so that `package` and `project` convert
    /// different sets of documents.
    @Test(.enabled(if: soffice, "needs LibreOffice (soffice on PATH)"), .timeLimit(.minutes(10)))
    func projectPDFsAreThePackagesBytes() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let copy = work.appendingPathComponent("pkg")
        try FileManager.default.copyItem(at: Self.zhongdian, to: copy)
        let first = copy.appendingPathComponent("projects/zhongdian-jiuzhu.json")
        var project = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: first)) as? [String: Any])
        let name = try #require(project["name"] as? String)
        project["id"] = "second"
        project["name"] = name + "（二）"
        let second = copy.appendingPathComponent("projects/second.json")
        try JSONSerialization.data(withJSONObject: project).write(to: second)
        let package = copy.appendingPathComponent("package.json").path
        let updated = work.appendingPathComponent("updated"), fresh = work.appendingPathComponent("fresh")
        #expect(try EndToEnd.reportgen(["package", package, "-o", updated.path, "--quiet", "--pdf"]).status == 0)

        project["name"] = name + "（二）改"
        try JSONSerialization.data(withJSONObject: project).write(to: second)
        let run = try EndToEnd.reportgen(["project", package, "--id", "second", "-o", updated.path, "--quiet", "--pdf"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try EndToEnd.reportgen(["package", package, "-o", fresh.path, "--quiet", "--pdf"]).status == 0)

        let names = try Self.names(fresh)
        #expect(names.filter { $0.hasSuffix(".pdf") }.count == 5)
        #expect(try Self.names(updated) == names)
        for name in names {
            let a = try Data(contentsOf: updated.appendingPathComponent(name))
            let b = try Data(contentsOf: fresh.appendingPathComponent(name))
            #expect(a == b, "\(name) differs between project --id --pdf and package --pdf")
        }
        // Still PDFs a reader opens, with the renamed project's text.
        if let pdftotext = TemplatePreviewTests.which("pdftotext") {
            let sheet = fresh.appendingPathComponent("项目支出绩效自评表-\(name)（二）改.pdf")
            let text = try EndToEnd.run(URL(fileURLWithPath: pdftotext), [sheet.path, "-"])
            #expect(text.status == 0 && text.stdout.contains("\(name)（二）改"), "\(text.stderr)")
        }
    }
}
