import Foundation

/// LibreOffice started on the kept profiles while the package is still rendering, so that
/// its start-up overlaps the rendering instead of following it.
///
/// A LibreOffice started with no document waits. The converter's usual `soffice --convert-to`
/// run on the same profile then hands its documents to it through LibreOffice's own pipe and
/// waits until they are converted; the started LibreOffice then quits. Which documents a
/// process converts is still decided by the batches alone, and the started process converts
/// nothing before them, so the PDFs are the same bytes as without the early start (should the
/// convert run come first, it converts them itself and the early one is stopped). Only
/// profiles already built are started early: on a new one LibreOffice restarts itself, which
/// its launcher does, not the bare `soffice.bin` started here.
final class LibreOfficeEarlyStart: @unchecked Sendable {
    private let lock = NSLock()
    private var leases: [Int: LibreOfficeProfiles.Lease] = [:]
    private var processes: [Int: Process] = [:]

    /// Seconds an early LibreOffice lives at most: rendering a large package and converting
    /// its first batch fit well within it; a batch it cuts short is converted again.
    static let lifetime: TimeInterval = 3600
    /// Seconds after the stop signal before an early LibreOffice still running is killed.
    static let killAfter: TimeInterval = 5

    /// Leases the profiles of the first `workers` workers and starts LibreOffice on those ready.
    init(soffice: String, workers: Int, profiles: LibreOfficeProfiles, scratch: URL) {
        let program = URL(fileURLWithPath: soffice).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("soffice.bin")
        // Under `timeout`: should reportgen be killed outright, a LibreOffice left waiting
        // does not outlive it by more than that (`terminate` reaches it through `timeout`).
        // `-k`: a LibreOffice that lost the race to the convert run can sit in its event loop
        // ignoring the forwarded SIGTERM (seen in the test suite: reportgen waited 9 minutes);
        // `timeout` then kills it outright. Idle, it has nothing to save.
        let timeout = ExternalTool.find("timeout")
        let canStart = FileManager.default.isExecutableFile(atPath: program.path) && timeout != nil
            && (try? ScratchFolder.makeSubfolder(LibreOfficeConverter.temporaryFolder(in: scratch))) != nil
        for worker in 0 ..< workers {
            let lease = profiles.lease(worker: worker)
            leases[worker] = lease
            guard canStart, let timeout, lease.isReady else { continue }
            let process = Process()
            let command = ExternalTool.orphanProof(timeout, ["-k", String(Int(Self.killAfter)), String(Int(Self.lifetime)), program.path,
                                                             "-env:UserInstallation=\(lease.profile.absoluteString)", "--headless", "--norestore"], timed: true)
            process.executableURL = URL(fileURLWithPath: command.executable)
            process.arguments = command.arguments
            var environment = LibreOfficeConverter.environment(scratch: scratch)
            environment["SAL_ENABLE_FILE_LOCKING"] = "1"  // as LibreOffice's launcher sets it
            process.environment = environment
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            if (try? ExternalTool.start(process)) != nil { processes[worker] = process }
        }
    }

    /// `worker`'s leased profile, once; nil when none was leased for it.
    func take(worker: Int) -> LibreOfficeProfiles.Lease? {
        lock.lock()
        defer { lock.unlock() }
        return leases.removeValue(forKey: worker)
    }

    /// After `worker`'s first batch: its early LibreOffice has quit after converting it, or is
    /// stopped now (it lost the race to the convert run, or failed).
    func finish(worker: Int) {
        lock.lock()
        let process = processes.removeValue(forKey: worker)
        lock.unlock()
        guard let process else { return }
        // It quits by itself right after the hand-off; the profile is used again next batch.
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// Stops every early LibreOffice still running and releases the profiles nobody took.
    /// Those still running were handed no document (the definitions or the rendering failed,
    /// or there were fewer batches than workers): nothing to wait for, so they are stopped at
    /// once — a run that reports errors ends when it has said them, not seconds later.
    func stop() {
        lock.lock()
        let idle = Array(processes.values)
        processes = [:]
        let untaken = Array(leases.values)
        leases = [:]
        lock.unlock()
        for process in idle { Self.stopIdle(process) }
        for lease in untaken { lease.release() }
    }

    /// Seconds an idle LibreOffice gets to quit on SIGTERM before its process group is killed.
    static let idleGrace: TimeInterval = 0.5

    private static func stopIdle(_ process: Process) {
        guard process.isRunning else { process.waitUntilExit(); return }
        process.terminate()
        let deadline = Date().addingTimeInterval(idleGrace)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        // The process leads its own group (Foundation), LibreOffice in it: both go at once. A profile
        // cut short this way fails its next conversion, which then rebuilds it (`LibreOfficeConverter`).
        if process.isRunning { kill(-process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
