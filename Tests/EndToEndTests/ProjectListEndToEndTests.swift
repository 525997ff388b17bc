import Foundation
import Testing

/// Issue 12, flat memory: a package's projects held compactly (`ProjectList`), loaded in
/// batches and recorded through files (`ProjectIndex`, `EntryFile`) give the same package as
/// before, to the byte, whatever the state of the project record.
@Suite(.serialized) struct ProjectListEndToEndTests {
    static let hasPython = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")

    /// A generated package of 300 projects (more than one loading batch) packaged with a new
    /// cache folder, again with the record it left, after every project file was rewritten
    /// (a stale record), and with its record damaged in the middle: the same files every time.
    @Test(.enabled(if: hasPython, "needs python3 for scripts/make-workload.py"))
    func everyStateOfTheRecordGivesTheSamePackage() throws {
        let root = try EndToEnd.temporaryDirectory()
        let package = root.appendingPathComponent("pkg")
        func makeWorkload() throws {
            let made = try EndToEnd.run(URL(fileURLWithPath: "/usr/bin/python3"),
                                        [EndToEnd.packageRoot.appendingPathComponent("scripts/make-workload.py").path,
                                         "--projects", "300", "-o", package.path])
            #expect(made.status == 0, "\(made.stderr)")
        }
        try makeWorkload()
        let cache = root.appendingPathComponent("cache")
        func run(_ label: String) throws -> [String: [UInt8]] {
            let out = root.appendingPathComponent("out-\(label)")
            let result = try EndToEnd.reportgen(["package", package.appendingPathComponent("package.json").path, "-o", out.path, "--quiet"],
                                                environment: ["XDG_CACHE_HOME": cache.path])
            #expect(result.status == 0, "\(label): \(result.stderr)")
            return try PackageTests.files(in: out)
        }
        let cold = try run("cold")
        #expect(cold.count > 900)
        let record = try #require(try FileManager.default.contentsOfDirectory(
            at: cache.appendingPathComponent("reportgen/projects"), includingPropertiesForKeys: nil).first { $0.pathExtension == "bin" })
        var outputs: [(String, [String: [UInt8]])] = [("warm", try run("warm"))]
        try makeWorkload()
        outputs.append(("stale", try run("stale")))
        var bytes = [UInt8](try Data(contentsOf: record))
        bytes[bytes.count / 2] ^= 0x20
        try Data(bytes).write(to: record)
        outputs.append(("damaged", try run("damaged")))
        for (label, files) in outputs {
            #expect(files.keys.sorted() == cold.keys.sorted(), "\(label)")
            for (name, content) in cold where files[name] != content { Issue.record("\(label): \(name) differs from the cold run") }
        }
    }
}
