import ErrorCodes
import Foundation

/// SIGINT (Ctrl-C), SIGTERM and SIGHUP: reportgen stops as a SIGKILL would stop it, but first
/// ends the programs it started and removes its scratch folders.
///
/// Without this, a stopped `package --pdf` left its LibreOffice processes running (Foundation
/// starts each child in a session of its own, so Ctrl-C never reached them, and an early-started
/// one lives up to an hour under `timeout`), still writing PDFs into a scratch folder in /tmp
/// that nothing removed. The output folder needs nothing here: at every moment it is the old
/// or the new package, and the next run removes the staging folder or finishes the journal
/// (`StagedOutput`), exactly as after a SIGKILL.
///
/// The handler only writes the signal's number to a pipe (all a signal handler may safely do);
/// a thread of its own reads it and does the work, then ends the process by the same signal
/// (default action), so the shell sees the usual 128 + signal status.
enum Interruption {
    private static let state = State()

    /// Installs the handlers; called once, first thing in `main`.
    static func install() {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        // Not inherited by LibreOffice and the other programs started.
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        interruptionPipe = fds[1]
        let reader = fds[0]
        let thread = Thread {
            var signal: UInt8 = 0
            while read(reader, &signal, 1) != 1 {}
            handle(Int32(signal))
        }
        thread.start()
        for signal in [SIGINT, SIGTERM, SIGHUP] { setAction(interruptionHandler, for: signal) }
    }

    private static func setAction(_ handler: (@convention(c) (Int32) -> Void)?, for signal: Int32) {
        var action = sigaction()
        #if os(Linux)
        action.__sigaction_handler.sa_handler = handler
        #else
        action.__sigaction_u.__sa_handler = handler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(signal, &action, nil)
    }

    /// Starts `process` unless the run is being stopped; a started one is ended with the run.
    /// Its whole process group is ended: Foundation makes each child the leader of its own
    /// group, and `soffice` (oosplash → soffice.bin) and `timeout` run the real work in it.
    static func start(_ process: Process, _ run: () throws -> Void) throws {
        try state.start(process, run)
    }

    /// Removed when the run is stopped (`remove` after a normal end).
    static func removeOnInterruption(_ folder: URL) { state.addScratch(folder) }
    static func forget(_ folder: URL) { state.removeScratch(folder) }

    private static func handle(_ signal: Int32) {
        let (processes, scratch) = state.stop()
        let name = signal == SIGINT ? "SIGINT（Ctrl-C）" : signal == SIGTERM ? "SIGTERM" : signal == SIGHUP ? "SIGHUP" : "信号 \(signal)"
        Console.write("\n错误 \(ErrorCode.interrupted.rawValue) 收到 \(name)，reportgen 已停止"
            + (processes.isEmpty ? "" : "，并结束了它启动的 \(processes.count) 个外部程序（LibreOffice 等）")
            + "。输出目录仍是完整的原有内容或完整的新内容，没有写了一半的文件；被中断的运行留下的临时目录由下一次运行自动清理（或补完）。\n")
        let groups = processes.map(\.processIdentifier).filter { $0 > 0 }
        for pid in groups { kill(-pid, SIGTERM); kill(pid, SIGTERM) }
        // LibreOffice saves nothing on SIGTERM and is normally gone at once; one that hangs is killed.
        let deadline = Date().addingTimeInterval(5)
        while groups.contains(where: isAlive(group:)), Date() < deadline { usleep(20_000) }
        for pid in groups { kill(-pid, SIGKILL) }
        for folder in scratch { try? FileManager.default.removeItem(at: folder) }
        setAction(SIG_DFL, for: signal)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signal)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        kill(getpid(), signal)
        // Should the default action somehow not end the process, exit plainly.
        sleep(1)
        _exit(128 + signal)
    }

    /// Whether a process of `group` still runs. A LibreOffice whose launcher was stopped first
    /// is left a zombie of init for a while, and counts as ended (`kill(-group, 0)` still finds it).
    private static func isAlive(group: pid_t) -> Bool {
        guard kill(-group, 0) == 0 else { return false }
        #if os(Linux)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return true }
        for entry in entries where entry.first?.isNumber == true {
            // /proc/PID/stat: "PID (name) STATE PPID PGRP …"; the name may hold spaces.
            guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 2, fields[2] == String(group), fields[0] != "Z" { return true }
        }
        return false
        #else
        return true
        #endif
    }

    private final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var stopping = false
        private var processes: [ObjectIdentifier: Process] = [:]
        private var scratch: [URL] = []

        func start(_ process: Process, _ run: () throws -> Void) throws {
            lock.lock()
            defer { lock.unlock() }
            // No new LibreOffice once the run is being stopped (a batch its stopped LibreOffice
            // failed is retried): the thread waits here for the end instead, so that it neither
            // starts one nor reports the stopped conversions as failures of their documents.
            while stopping {
                lock.unlock()
                sleep(60)
                lock.lock()
            }
            try run()
            processes[ObjectIdentifier(process)] = process
            // Ended children need no stopping: drop them so a long run does not keep them all.
            processes = processes.filter { $0.value.isRunning }
        }

        func addScratch(_ folder: URL) {
            lock.lock()
            defer { lock.unlock() }
            scratch.append(folder)
        }

        func removeScratch(_ folder: URL) {
            lock.lock()
            defer { lock.unlock() }
            scratch.removeAll { $0 == folder }
        }

        func stop() -> ([Process], [URL]) {
            lock.lock()
            defer { lock.unlock() }
            stopping = true
            return (processes.values.filter(\.isRunning), scratch)
        }
    }
}

/// The pipe's write end, set before any handler is installed.
nonisolated(unsafe) private var interruptionPipe: Int32 = -1

private func interruptionHandler(_ signal: Int32) {
    var byte = UInt8(truncatingIfNeeded: signal)
    _ = write(interruptionPipe, &byte, 1)
}
