import Foundation
import Testing

/// `scripts/incremental-check.py` walks seeded random edits — figures, names that share file
/// names, projects added, removed and reordered, the final accounts, a template restyled, the
/// cache damaged, a generated file deleted or edited by hand, invalid values — each followed by
/// `project --id` or `package`, and compares the folder with a fresh `package` of the same
/// definitions after every run that left no project stale. Here short walks with the built
/// binary; longer ones are run by hand (`--steps 200 --seed N`, `--base workload:600`).
@Suite struct IncrementalCheckTests {
    static let python = URL(fileURLWithPath: "/usr/bin/python3")
    static let script = EndToEnd.packageRoot.appendingPathComponent("scripts/incremental-check.py")
    static let hasPython = FileManager.default.isExecutableFile(atPath: python.path)

    static func walk(binary: URL, seed: Int, steps: Int) throws -> EndToEnd.Result {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        return try EndToEnd.run(python, [script.path, "--binary", binary.path, "--steps", String(steps), "--seed", String(seed),
                                         "--work", work.appendingPathComponent("walk").path],
                                environment: ["REPORTGEN_REAL": EndToEnd.binary.path])
    }

    /// How many times the walk compared with a fresh package (its last line says).
    static func compared(_ output: String) -> Int? {
        guard let range = output.range(of: #"逐字节对照 \d+ 次"#, options: .regularExpression) else { return nil }
        return Int(output[range].filter(\.isNumber))
    }

    @Test(.enabled(if: hasPython, "python3 missing"), arguments: [1, 2])
    func randomEditsEndInTheFreshPackage(seed: Int) throws {
        let result = try Self.walk(binary: EndToEnd.binary, seed: seed, steps: 24)
        #expect(result.status == 0, "\(result.stderr)")
        // A walk whose every run left a project stale would have compared nothing.
        let compared = try #require(Self.compared(result.stdout), "\(result.stdout)")
        #expect(compared >= 6, "\(result.stdout)")
    }

    /// The check is not blind: a `project --id` that does nothing (and says it succeeded) is
    /// caught as soon as an edited project was to be regenerated.
    @Test(.enabled(if: hasPython, "python3 missing"))
    func aProjectRunThatDoesNothingIsCaught() throws {
        let folder = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lazy = folder.appendingPathComponent("reportgen")
        try "#!/bin/sh\n[ \"$1\" = project ] && exit 0\nexec \"$REPORTGEN_REAL\" \"$@\"\n"
            .write(to: lazy, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: lazy.path)
        let result = try Self.walk(binary: lazy, seed: 5, steps: 24)
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("增量核对失败") && result.stderr.contains("与全新 package 不同"), "\(result.stderr)")
    }
}
