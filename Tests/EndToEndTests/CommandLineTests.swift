import Foundation
import Testing

@Suite struct CommandLineTests {
    @Test func helpIsChinese() throws {
        let result = try EndToEnd.reportgen(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("生成部门决算公开"))
        for command in ["package", "project", "validate", "render", "template", "docx"] {
            #expect(result.stdout.contains(command))
        }
    }

    @Test func unknownCommandIsAUsageError() throws {
        let result = try EndToEnd.reportgen(["no-such-command"])
        #expect(result.status != 0)
    }

    /// Each option of words (README: `--missing error|empty`, `--csv-encoding utf-8-bom|gb18030`,
    /// `--for project|sheet|target|summary|document|none`, `--scheme mof-2020|ippe|none`): its help
    /// names every word; a word it does not take is one coded Chinese line naming the option, the
    /// words and what was given, exit 1 — not ArgumentParser's English message (exit 64 or 2).
    @Test(arguments: [
        (["render", "--template", "templates/summary.docx", "--data", "d.json", "-o", "x.docx"], "--missing", ["error", "empty"], "E-CLI-002"),
        (["package", "examples/ippe-demo/package.json"], "--csv-encoding", ["utf-8-bom", "gb18030"], "E-CLI-002"),
        (["template", "check", "templates/summary.docx"], "--for", ["project", "sheet", "target", "summary", "document", "none"], "E-CLI-002"),
        (["render", "--template", "templates/summary.docx", "--data", "d.json", "-o", "x.docx"], "--for", ["project", "sheet", "target", "summary", "document", "none"], "E-CLI-002"),
        (["template", "fields"], "--for", ["project", "sheet", "target", "summary", "document", "none"], "E-CLI-002"),
        (["template", "preview", "templates/summary.docx", "-o", "x.docx"], "--scheme", ["mof-2020", "ippe", "none"], "E-PRV-007"),
    ])
    func optionWords(command: [String], option: String, words: [String], code: String) throws {
        let help = try EndToEnd.reportgen(command.prefix(while: { !$0.hasPrefix("-") && !$0.contains(".") }) + ["--help"])
        #expect(help.status == 0)
        // The option's entry: its line and the continuation lines below it.
        let helpLines = help.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let start = helpLines.firstIndex { $0.hasPrefix("  \(option) <") } ?? helpLines.endIndex
        let entry = helpLines[start...].prefix { $0 == helpLines[start] || $0.hasPrefix("      ") }
        let line = entry.joined(separator: " ")
        #expect(!line.isEmpty, "\(help.stdout)")
        for word in words { #expect(line.contains(word), "\(option) help: \(line)") }
        #expect(!help.stdout.contains("(values:"), "ArgumentParser's English value list")

        let wrong = try EndToEnd.reportgen(command + [option, "latin1"])
        #expect(wrong.status == 1, "\(wrong.stderr)")
        #expect(wrong.stdout.isEmpty)
        let lines = wrong.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(wrong.stderr)")
        let message = String(lines.first ?? "")
        #expect(message.hasPrefix(code + " " + option + " 只能是 "), "\(message)")
        #expect(message.hasSuffix("收到的是 “latin1”"), "\(message)")
        for word in words { #expect(message.contains(word), "\(message)") }
        #expect(!wrong.stderr.contains("invalid") && !wrong.stderr.contains("Error:"), "\(wrong.stderr)")
    }
}

@Suite struct TemplateSourcesTests {
    /// The committed templates are what their readable sources build (scripts/build-templates.py).
    @Test func committedTemplatesMatchTheirSources() throws {
        let result = try EndToEnd.run(URL(fileURLWithPath: "/usr/bin/env"),
                                      ["python3", EndToEnd.packageRoot.appendingPathComponent("scripts/build-templates.py").path, "--check"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    /// docs/模板维护指南.md quotes the program: §四's messages (each mistake made on the 自评表 and
    /// checked with this binary) and §五's field tables are what the binary prints now.
    @Test func theGuideQuotesTheProgram() throws {
        let result = try EndToEnd.run(URL(fileURLWithPath: "/usr/bin/env"),
                                      ["python3", EndToEnd.packageRoot.appendingPathComponent("scripts/guide-sync.py").path, "--check"],
                                      environment: ["REPORTGEN_BINARY": EndToEnd.binary.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    /// docs/数据格式.md lists every definition, accounts and template code the sources declare.
    @Test func theCodeTablesListEveryCode() throws {
        let result = try EndToEnd.run(URL(fileURLWithPath: "/usr/bin/env"),
                                      ["python3", EndToEnd.packageRoot.appendingPathComponent("scripts/doc-codes.py").path, "--check"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }
}

/// `build-templates.py --unpack` (after restyling a template in Word) writes the parts back as
/// sources: an unchanged template must come back as its sources (the shared 特定目标类 form as
/// `<?include target-form?>`, not a second copy that edits to the fragment no longer reach),
/// and rebuild byte-identical.
@Suite struct TemplateUnpackTests {
    static let names = ["project-report", "self-evaluation-sheet", "target-self-evaluation", "summary", "document"]

    /// A scratch copy of scripts/build-templates.py and templates/, so unpacking touches no sources.
    func scratchCopy() throws -> URL {
        let root = try EndToEnd.temporaryDirectory()
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        try fm.copyItem(at: EndToEnd.packageRoot.appendingPathComponent("scripts/build-templates.py"),
                        to: root.appendingPathComponent("scripts/build-templates.py"))
        try fm.copyItem(at: EndToEnd.packageRoot.appendingPathComponent("templates"), to: root.appendingPathComponent("templates"))
        return root
    }

    func script(_ root: URL, _ arguments: [String]) throws -> EndToEnd.Result {
        try EndToEnd.run(URL(fileURLWithPath: "/usr/bin/env"),
                         ["python3", root.appendingPathComponent("scripts/build-templates.py").path] + arguments)
    }

    @Test func unchangedTemplatesUnpackToTheirSources() throws {
        let root = try scratchCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        for name in Self.names {
            let result = try script(root, ["--unpack", root.appendingPathComponent("templates/\(name).docx").path, name])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(!result.stderr.contains("warning"), "\(name): \(result.stderr)")
        }
        let check = try script(root, ["--check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        for name in ["project-report", "document"] {
            let source = try String(contentsOf: root.appendingPathComponent("templates/src/\(name)/word/document.xml"), encoding: .utf8)
            #expect(source.contains("<?include target-form?>"), "\(name)")
            #expect(!source.contains("主管部门及代码"), "\(name): the shared form was written out as a copy")
            #expect(!source.contains("&quot;"), "\(name)")
        }
    }

    /// Restyling the shared form inside one template cannot be folded back into the fragment
    /// silently: the change stays (expanded) and the editor is told to move it.
    @Test func anEditedSharedFormIsKeptAndReported() throws {
        let root = try scratchCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let edited = root.appendingPathComponent("edited.docx")
        let python = """
        import sys, zipfile
        src, dst = sys.argv[1], sys.argv[2]
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
            for i in zin.infolist():
                data = zin.read(i.filename)
                if i.filename == "word/document.xml":
                    data = data.replace("主管部门及代码".encode(), "主管部门（代码）".encode())
                zout.writestr(i, data)
        """
        let copy = try EndToEnd.run(URL(fileURLWithPath: "/usr/bin/env"),
                                    ["python3", "-c", python, root.appendingPathComponent("templates/project-report.docx").path, edited.path])
        #expect(copy.status == 0, "\(copy.stderr)")
        let result = try script(root, ["--unpack", edited.path, "project-report"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("src/fragments/target-form.xml"), "\(result.stderr)")
        let source = try String(contentsOf: root.appendingPathComponent("templates/src/project-report/word/document.xml"), encoding: .utf8)
        #expect(source.contains("主管部门（代码）"))
        #expect(!source.contains("<?include target-form?>"))
    }
}
