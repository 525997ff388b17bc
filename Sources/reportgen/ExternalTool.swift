import Foundation

/// Programs reportgen calls but does not ship (LibreOffice, pdftoppm, pdfinfo): found on PATH,
/// run with no terminal and, where a conversion can hang, a time limit.
enum ExternalTool {
    /// The first of `names` found executable on PATH.
    static func find(_ names: String...) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for directory in paths {
            for name in names {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// Starts `process` with no signal blocked. A child inherits the signal mask of the thread
    /// that starts it, and threads of a dispatch pool or of a test runner block nearly every
    /// signal: a LibreOffice or `timeout` started from one never received the SIGTERM meant to
    /// stop it (`timeout`'s `-k` never armed), and reportgen waited for it.
    static func start(_ process: Process) throws {
        var all = sigset_t(), previous = sigset_t()
        sigemptyset(&all)
        pthread_sigmask(SIG_SETMASK, &all, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        // Ended with reportgen should it be stopped by a signal; none starts once it is.
        try Interruption.start(process) { try process.run() }
    }

    /// `executable` and `arguments` run so that they end should reportgen die without a chance
    /// to end them (SIGKILL, the out-of-memory killer): LibreOffice kept converting into a folder
    /// nobody would read, for up to an hour. `setpriv --pdeathsig TERM` sends SIGTERM when the
    /// thread that started the program ends (so it must live as long as the program: `run` waits
    /// on it; the early LibreOffice starts on the main thread), and `timeout` passes it to the
    /// whole process group (`soffice` is oosplash, whose soffice.bin a SIGTERM to oosplash alone
    /// could leave behind), then SIGKILL after `killAfter` seconds. `timed`: the program already
    /// runs under `timeout` (the early LibreOffice).
    static func orphanProof(_ executable: String, _ arguments: [String], timed: Bool = false) -> (executable: String, arguments: [String]) {
        guard let setpriv else { return (executable, arguments) }
        if timed { return (setpriv, ["--pdeathsig", "TERM", "--", executable] + arguments) }
        guard let timeout = find("timeout") else { return (executable, arguments) }
        // The time limit stays reportgen's (`run`); this one only bounds an orphan's life.
        return (setpriv, ["--pdeathsig", "TERM", "--", timeout, "-k", "5", "86400", executable] + arguments)
    }

    #if os(Linux)
    private static let setpriv: String? = find("setpriv")
    #else
    private static let setpriv: String? = nil
    #endif

    enum Outcome: Equatable {
        case exited(Int32)
        case couldNotStart
        case timedOut
    }

    /// Runs `executable` to completion, or stops it after `timeout` seconds.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    timeout: TimeInterval? = nil, standardOutput: Pipe? = nil) -> Outcome {
        let process = Process()
        let command = orphanProof(executable, arguments)
        process.executableURL = URL(fileURLWithPath: command.executable)
        process.arguments = command.arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = standardOutput ?? FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do { try start(process) } catch { return .couldNotStart }
        // waitUntilExit (immediate once the handler has run) lets Foundation release the run-loop
        // source that holds the Process: without it every Process leaked with its arguments
        // (LeakSanitizer, scripts/sanitize.sh; swift-corelibs-foundation issue 3260).
        if let timeout, finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            finished.wait()
            process.waitUntilExit()
            return .timedOut
        }
        if timeout == nil { finished.wait() }
        process.waitUntilExit()
        return .exited(process.terminationStatus)
    }

    /// Standard output of a short-lived query program (`pdfinfo`), nil when it cannot run.
    static func output(_ executable: String, _ arguments: [String]) -> String? {
        let pipe = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try start(process) } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
