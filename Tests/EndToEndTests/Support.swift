import Foundation

/// Runs the built `reportgen` binary and the repository's tools, as a user would.
enum EndToEnd {
    /// The package root, found from this file's location (Tests/EndToEndTests/Support.swift).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` beside the checkout, as CI provides it (`REPORTGEN_SHARED` overrides it, for
    /// worktrees elsewhere); nil when absent.
    static let shared: URL? = {
        if let override = ProcessInfo.processInfo.environment["REPORTGEN_SHARED"] {
            let url = URL(fileURLWithPath: override)
            return FileManager.default.fileExists(atPath: url.path) ? url : nil
        }
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()

    /// The binary `swift test` built next to the test bundle.
    static let binary: URL = {
        let bundleDirectory = Bundle.main.bundleURL
        let candidates = [
            bundleDirectory.appendingPathComponent("reportgen"),
            bundleDirectory.deletingLastPathComponent().appendingPathComponent("reportgen"),
            packageRoot.appendingPathComponent(".build/debug/reportgen"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[2]
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs an executable with arguments, capturing both streams.
    @discardableResult
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], currentDirectory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        // Files rather than pipes: a chatty child can never block on a full pipe.
        let scratch = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let outData = try readOutput(outURL)
        let errData = try readOutput(errURL)
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The stamp record (`~/.cache/reportgen/stamps`) of every run kept out of the user's home.
    static let cacheHome: String = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reportgen-e2e-cache-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }()

    /// A captured output file. An empty one is not read with `Data(contentsOf:)`, which leaks
    /// its 4 KB buffer on an empty file (LeakSanitizer in scripts/sanitize.sh reported ~230 of them).
    private static func readOutput(_ url: URL) throws -> Data {
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0
        return size == 0 ? Data() : try Data(contentsOf: url)
    }

    /// Runs `reportgen` with arguments.
    @discardableResult
    static func reportgen(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        var environment = environment
        if environment["XDG_CACHE_HOME"] == nil { environment["XDG_CACHE_HOME"] = cacheHome }
        return try run(binary, arguments, environment: environment, currentDirectory: packageRoot)
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reportgen-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `../shared/tools/docx-check FILE OUTDIR`: nil when the checker is not installed.
    static func docxCheck(_ file: URL, renders: Bool = true) throws -> Result? {
        guard let shared else { return nil }
        let tool = shared.appendingPathComponent("tools/docx-check")
        let outDir = try temporaryDirectory()
        var arguments = [file.path, outDir.path]
        if !renders { arguments.append("--no-render") }
        return try run(URL(fileURLWithPath: "/bin/bash"), [tool.path] + arguments)
    }
}
