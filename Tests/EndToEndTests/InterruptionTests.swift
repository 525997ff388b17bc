import Foundation
import Testing

/// SIGINT, SIGTERM, SIGHUP: reportgen ends the programs it started, removes its scratch
/// folders and stops by the signal; the output folder is never half-written and the next
/// run succeeds and leaves nothing beside it.
@Suite(.serialized) struct InterruptionTests {
    static let soffice: Bool = {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        return paths.contains { FileManager.default.isExecutableFile(atPath: "\($0)/soffice") }
    }()

    /// Starts `reportgen` with stderr to a file; the caller signals and waits for it.
    static func start(_ arguments: [String], in work: URL) throws -> (Process, URL) {
        let process = Process()
        process.executableURL = EndToEnd.binary
        process.arguments = arguments
        process.currentDirectoryURL = EndToEnd.packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CACHE_HOME"] = EndToEnd.cacheHome
        // The PDF scratch folder lands here, where the test can see whether it is removed.
        environment["TMPDIR"] = work.appendingPathComponent("tmp").path
        process.environment = environment
        let stderr = work.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: stderr)
        process.standardOutput = FileHandle.nullDevice
        try FileManager.default.createDirectory(at: work.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        try process.run()
        return (process, stderr)
    }

    /// (pid, ppid, pgrp, state) of every process, from /proc.
    static func processes() -> [(pid: Int32, parent: Int32, group: Int32, state: String)] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry in
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, let parent = Int32(fields[1]), let group = Int32(fields[2]) else { return nil }
            return (pid, parent, group, String(fields[0]))
        }
    }

    @Test(.enabled(if: soffice && FileManager.default.fileExists(atPath: "/proc/self/stat"), "needs LibreOffice (soffice on PATH) and /proc"))
    func aStoppedPDFRunLeavesNoLibreOfficeAndNoScratch() throws {
        // SIGKILL gives reportgen no chance: its LibreOffice ends by the parent-death signal
        // (`setpriv`, util-linux) passed to the whole group by `timeout`.
        let setpriv = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/setpriv") }
        for signal in [SIGTERM, SIGINT] + (setpriv ? [SIGKILL] : []) {
            let work = try EndToEnd.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: work) }
            let out = work.appendingPathComponent("out")
            let (process, stderr) = try Self.start(["package", OutputSafetyTests.example, "-o", out.path, "--quiet", "--pdf"], in: work)
            // Until LibreOffice runs: the children's process groups are what must end with it.
            var groups: Set<Int32> = []
            let deadline = Date().addingTimeInterval(300)
            while groups.isEmpty, process.isRunning, Date() < deadline {
                usleep(100_000)
                groups = Set(Self.processes().filter { $0.parent == process.processIdentifier }.map(\.group))
            }
            try #require(!groups.isEmpty, "LibreOffice never started")
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == signal)
            var left = Self.processes().filter { groups.contains($0.group) && $0.state != "Z" }
            // After SIGKILL LibreOffice gets SIGTERM, then SIGKILL 5 s later.
            let end = Date().addingTimeInterval(signal == SIGKILL ? 20 : 0)
            while !left.isEmpty, Date() < end {
                usleep(200_000)
                left = Self.processes().filter { groups.contains($0.group) && $0.state != "Z" }
            }
            #expect(left.isEmpty, "LibreOffice left running after signal \(signal): \(left)")
            guard signal != SIGKILL else { continue }
            let message = String(decoding: try Data(contentsOf: stderr), as: UTF8.self)
            #expect(message.contains("E-IO-016"), "\(message)")
            #expect(!message.contains("E-PDF"), "stopped conversions are not failures of documents: \(message)")
            let scratch = try FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("tmp").path)
            #expect(!scratch.contains { $0.hasPrefix("reportgen-pdf-") }, "\(scratch)")
            // Stopped while converting, before the swap: no output folder yet.
            #expect(!FileManager.default.fileExists(atPath: out.path))
            #expect(try OutputSafetyTests.package(out).status == 0)
            #expect(try OutputSafetyTests.siblings(of: out).filter { $0.hasPrefix(".out.") } == [])
        }
    }

    /// Without LibreOffice: stopped at random moments, the folder is the old or the new package.
    @Test func aStoppedRunLeavesTheOldOrTheNewPackage() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out"), a = work.appendingPathComponent("a"), b = work.appendingPathComponent("b")
        #expect(try OutputSafetyTests.package(a).status == 0)
        #expect(try OutputSafetyTests.package(b, ["--csv-encoding", "gb18030"]).status == 0)
        #expect(try OutputSafetyTests.package(out).status == 0)
        let packages = [try OutputSafetyTests.snapshot(a), try OutputSafetyTests.snapshot(b)]
        var generator = SystemRandomNumberGenerator()
        for (iteration, signal) in [SIGINT, SIGTERM, SIGHUP, SIGINT].enumerated() {
            let (process, stderr) = try Self.start(["package", OutputSafetyTests.example, "-o", out.path, "--quiet"]
                                                   + (iteration % 2 == 0 ? ["--csv-encoding", "gb18030"] : []), in: work)
            usleep(UInt32.random(in: 0..<600_000, using: &generator))
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal {
                #expect(process.terminationStatus == signal)
                let message = String(decoding: try Data(contentsOf: stderr), as: UTF8.self)
                // Before main installed the handler the signal ends it silently.
                #expect(message.isEmpty || message.contains("E-IO-016"), "\(message)")
            } else {
                #expect(process.terminationStatus == 0, "finished before the signal")
            }
            #expect(packages.contains(try OutputSafetyTests.snapshot(out)), "iteration \(iteration): partial package")
        }
        #expect(try OutputSafetyTests.package(out).status == 0)
        #expect(try OutputSafetyTests.siblings(of: out).filter { $0.hasPrefix(".out.") } == [])
    }
}

/// `project --id` on a package made with `--pdf`: the regenerated documents' PDFs are made
/// again (`--pdf`) or removed, never left contradicting their DOCX.
@Suite struct ProjectPDFTests {
    static let soffice = InterruptionTests.soffice

    /// Every file as manifest.json lists it, nothing else.
    static func matchesManifest(_ out: URL) throws -> Bool {
        let data = try Data(contentsOf: out.appendingPathComponent("manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let files = try #require(manifest["files"] as? [[String: Any]])
        let listed = Set(files.compactMap { $0["path"] as? String })
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: out.path)).subtracting(["manifest.json"])
        return listed == present
    }

    @Test(.enabled(if: soffice, "needs LibreOffice (soffice on PATH)"))
    func aRenamedProjectLeavesNoStalePDF() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let source = EndToEnd.packageRoot.appendingPathComponent("examples/zhongdian-jiuzhu-2021")
        let copy = work.appendingPathComponent("pkg")
        try FileManager.default.copyItem(at: source, to: copy)
        let out = work.appendingPathComponent("out")
        let package = copy.appendingPathComponent("package.json").path
        #expect(try EndToEnd.reportgen(["package", package, "-o", out.path, "--quiet", "--pdf"]).status == 0)
        let projectFile = copy.appendingPathComponent("projects/zhongdian-jiuzhu.json")
        var project = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: projectFile)) as? [String: Any])
        let id = try #require(project["id"] as? String), name = try #require(project["name"] as? String)
        project["name"] = name + "改"
        try JSONSerialization.data(withJSONObject: project).write(to: projectFile)

        let plain = try EndToEnd.reportgen(["project", package, "--id", id, "-o", out.path, "--quiet"])
        #expect(plain.status == 0, "\(plain.stderr)")
        var names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        // Every PDF left has its DOCX, none is the old name's or the regenerated summary's.
        #expect(names.filter { $0.hasSuffix(".pdf") }.allSatisfy { names.contains(String($0.dropLast(4)) + ".docx") }, "\(names.sorted())")
        #expect(!names.contains("项目支出绩效自评汇总表.pdf"))
        #expect(try Self.matchesManifest(out))

        let withPDF = try EndToEnd.reportgen(["project", package, "--id", id, "-o", out.path, "--quiet", "--pdf"])
        #expect(withPDF.status == 0, "\(withPDF.stderr)")
        names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(names.contains("项目支出绩效自评汇总表.pdf"))
        #expect(names.contains("项目支出绩效自评报告-\(name)改.pdf"), "\(names.sorted())")
        #expect(try Self.matchesManifest(out))
    }
}
