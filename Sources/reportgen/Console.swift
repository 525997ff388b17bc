import Foundation

/// Messages to the terminal: problems and warnings on stderr, progress on one line.
struct Console: Sendable {
    var isTerminal: Bool { isatty(2) == 1 }

    func problems(_ lines: [String], summary: String) {
        var text = lines.map { "错误 " + $0 }.joined(separator: "\n")
        if !text.isEmpty { text += "\n" }
        text += summary + "\n"
        Self.write(text.utf8)
    }

    func warnings(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        Self.write((lines.map { "警告 " + $0 }.joined(separator: "\n") + "\n").utf8)
    }

    func info(_ line: String) {
        Self.write((line + "\n").utf8)
    }

    func progress(_ line: String) {
        Self.write(("\r\u{1B}[K" + line).utf8)
    }

    func endProgress() {
        Self.write("\r\u{1B}[K".utf8)
    }

    /// Writes to stderr; a failed write (disk full, `ulimit -f`) is dropped rather than trapping,
    /// so a message can never crash the program.
    static func write(_ bytes: String.UTF8View) {
        try? FileHandle.standardError.write(contentsOf: Data(bytes))
    }

    /// Edit distance, for "did you mean".
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
