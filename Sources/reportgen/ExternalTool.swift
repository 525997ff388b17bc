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
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
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
