import Foundation
import Testing

/// Files a glob or `--templates` finds but that cannot be opened: each is named with the real
/// reason (before: "文件不存在" for a file the listing had just shown), and a broken template
/// in `--templates` is an error, never silently replaced by the default template.
@Suite struct UnreadableFileTests {
    /// The example's project files under `projects/`, plus whatever `extra` makes there.
    static func package(in work: URL, extra: (URL) throws -> Void) throws -> URL {
        let source = EndToEnd.packageRoot.appendingPathComponent("examples/ippe-demo")
        let copy = work.appendingPathComponent("pkg")
        try FileManager.default.copyItem(at: source, to: copy)
        try extra(copy.appendingPathComponent("projects"))
        return copy.appendingPathComponent("package.json")
    }

    static func errors(_ stderr: String) -> [Substring] {
        stderr.split(separator: "\n").filter { $0.hasPrefix("错误") }
    }

    @Test func projectFilesThatCannotBeOpenedSayWhy() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let file = try Self.package(in: work) { projects in
            // A name in GBK bytes (不是 UTF-8): 项目 = CF EE C4 BF.
            let project = try FileManager.default.contentsOfDirectory(atPath: projects.path).first!
            let name: [CChar] = (Array(projects.path.utf8) + [0x2F, 0xCF, 0xEE, 0xC4, 0xBF] + Array(".json".utf8) + [0]).map { CChar(bitPattern: $0) }
            #expect(link(projects.appendingPathComponent(project).path, name) == 0)
            try FileManager.default.createSymbolicLink(atPath: projects.appendingPathComponent("loop-a.json").path, withDestinationPath: "loop-b.json")
            try FileManager.default.createSymbolicLink(atPath: projects.appendingPathComponent("loop-b.json").path, withDestinationPath: "loop-a.json")
            try FileManager.default.createSymbolicLink(atPath: projects.appendingPathComponent("gone.json").path, withDestinationPath: "nowhere.json")
            #expect(mkfifo(projects.appendingPathComponent("pipe.json").path, 0o600) == 0)
        }
        for command in ["validate", "package"] {
            let out = work.appendingPathComponent("out-\(command)")
            let result = try EndToEnd.reportgen([command, file.path] + (command == "package" ? ["-o", out.path, "--quiet"] : []))
            #expect(result.status == 1)
            // Both report on standard error (`validate` used standard output).
            #expect(result.stdout.isEmpty, "\(result.stdout)")
            let errors = Self.errors(result.stderr)
            // All together, each with its file and code, none called missing.
            #expect(errors.count == 5, "\(result.stderr)")
            #expect(errors.allSatisfy { $0.contains("E-DEF-001") && !$0.hasSuffix("E-DEF-001 文件不存在。") }, "\(result.stderr)")
            #expect(errors.contains { $0.contains("loop-a.json") && $0.contains("循环") })
            #expect(errors.contains { $0.contains("gone.json") && $0.contains("指向的文件不存在") })
            #expect(errors.contains { $0.contains("pipe.json") && $0.contains("不是普通文件") })
            #expect(errors.contains { $0.contains("UTF-8") && $0.contains("改名") })
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }

    @Test func aBrokenTemplateInTheTemplatesFolderIsAnError() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let file = try Self.package(in: work) { _ in }
        let templates = work.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: templates.appendingPathComponent("a").path, withDestinationPath: "b")
        try FileManager.default.createSymbolicLink(atPath: templates.appendingPathComponent("b").path, withDestinationPath: "a")
        try FileManager.default.createSymbolicLink(atPath: templates.appendingPathComponent("summary.docx").path, withDestinationPath: "a")
        try FileManager.default.createSymbolicLink(atPath: templates.appendingPathComponent("document.docx").path, withDestinationPath: "gone.docx")
        let out = work.appendingPathComponent("out")
        let result = try EndToEnd.reportgen(["package", file.path, "-o", out.path, "--quiet", "--templates", templates.path])
        // Before: exit 0 with the default summary and document templates, the user's choice ignored.
        #expect(result.status == 1)
        let errors = Self.errors(result.stderr)
        #expect(errors.count == 2, "\(result.stderr)")
        #expect(errors.contains { $0.contains("summary.docx") && $0.contains("循环") }, "\(result.stderr)")
        #expect(errors.contains { $0.contains("document.docx") && $0.contains("指向的文件不存在") }, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// `-o` naming a folder that is not UTF-8: Swift read it as `x\u{FFFD}` and the package went to
    /// that other, new folder with exit status 0. Now refused (E-IO-017) and nothing is written.
    @Test func aPathThatIsNotUTF8IsRefused() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let package = EndToEnd.packageRoot.appendingPathComponent("examples/ippe-demo/package.json").path
        // Process takes Swift strings, which cannot hold the byte; the shell makes it.
        let result = try EndToEnd.run(URL(fileURLWithPath: "/bin/sh"),
                                      ["-c", "exec \"$0\" package \"$1\" -o \"$2/$(printf 'x\\377')\" --quiet", EndToEnd.binary.path, package, work.path])
        #expect(result.status == 1)
        let errors = result.stderr.split(separator: "\n").filter { $0.contains("E-") }
        #expect(errors.count == 1 && errors[0].contains("E-IO-017") && errors[0].contains("x\\xFF"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == [])
    }
}
