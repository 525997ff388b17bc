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
