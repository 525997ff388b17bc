import ErrorCodes
import Foundation

/// Messages to the terminal: problems and warnings on stderr, progress on one line.
struct Console: Sendable {
    var isTerminal: Bool { isatty(2) == 1 }

    /// Writes to a standard stream, ignoring failures: a message that cannot be shown (stderr
    /// redirected to a full disk or past `ulimit -f`) must not turn into a crash.
    static func write(_ text: String, to handle: FileHandle = .standardError) {
        try? handle.write(contentsOf: Data(text.utf8))
    }

    /// Every problem, one line each, then what became of the run: the one place the
    /// commands print coded errors. A warning among them (W-…) is labelled as one.
    func problems(_ errors: [any CodedError], summary: String) {
        var text = errors.map { ($0.isWarning ? "警告 " : "错误 ") + $0.description }.joined(separator: "\n")
        if !text.isEmpty { text += "\n" }
        text += summary + "\n"
        Console.write(text)
    }

    func warnings(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        Console.write(lines.map { "警告 " + $0 }.joined(separator: "\n") + "\n")
    }

    func info(_ line: String) {
        Console.write(line + "\n")
    }

    func progress(_ line: String) {
        Console.write("\r\u{1B}[K" + line)
    }

    func endProgress() {
        Console.write("\r\u{1B}[K")
    }
}
