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

    /// `project --id` with an id no project has: the package file is named, and the message offers
    /// the project a person most likely meant — from part of its id, a near miss, or its name
    /// (which the output's file names show) — with the project's name beside each id; exit 1,
    /// nothing written.
    @Test func anUnknownProjectIdOffersTheProjectMeant() throws {
        let package = "examples/yanbian-2021/package.json"
        let file = EndToEnd.packageRoot.appendingPathComponent("examples/yanbian-2021/projects/lixiu-ganbu-yiliaofei.json")
        let project = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        let id = try #require(project["id"] as? String), name = try #require(project["name"] as? String)
        let out = try EndToEnd.temporaryDirectory().appendingPathComponent("out")
        for given in [String(id.prefix(5)), String(id.dropLast()), name] {
            let result = try EndToEnd.reportgen(["project", EndToEnd.packageRoot.appendingPathComponent(package).path,
                                                 "--id", given, "-o", out.path, "-q"])
            #expect(result.status == 1, "\(result.stderr)")
            let line = result.stderr.split(separator: "\n").first { $0.contains("E-OUT-004") }.map(String.init) ?? ""
            #expect(line.contains("package.json 中没有 id 为「\(given)」的项目"), "\(result.stderr)")
            #expect(line.contains("「\(id)」"), "\(given): \(result.stderr)")
            #expect(given == name || line.contains("「\(id)」（\(name)）"), "\(given): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }

    /// `project --id` says what it did: which files now differ (the project's own and the
    /// package-wide ones that add it up), and that every other file is byte-for-byte the old one;
    /// run again without a change, that nothing differs. Counts come from the output folder.
    @Test func projectRunSaysWhichFilesChanged() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let example = work.appendingPathComponent("yanbian")
        try FileManager.default.copyItem(at: EndToEnd.packageRoot.appendingPathComponent("examples/yanbian-2021"), to: example)
        let file = example.appendingPathComponent("projects/lixiu-ganbu-yiliaofei.json")
        let project = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        let name = try #require(project["name"] as? String), id = try #require(project["id"] as? String)
        let package = example.appendingPathComponent("package.json").path, out = work.appendingPathComponent("out")
        let first = try EndToEnd.reportgen(["package", package, "-o", out.path, "-q"])
        try #require(first.status == 0, "\(first.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0 != "manifest.json" }

        // One figure of the project: its spending.
        let text = try String(contentsOf: file, encoding: .utf8)
        try #require(text.contains("\"executed\": \"37.14\""))
        try text.replacingOccurrences(of: "\"executed\": \"37.14\"", with: "\"executed\": \"38.14\"").write(to: file, atomically: true, encoding: .utf8)
        let changed = try EndToEnd.reportgen(["project", package, "--id", id, "-o", out.path])
        #expect(changed.status == 0, "\(changed.stderr)")
        let lines = changed.stderr.split(separator: "\n").map(String.init)
        let listed = try #require(lines.first { $0.hasPrefix("  内容有变化的 ") }, "\(changed.stderr)")
        let names = listed.split(separator: "：", maxSplits: 1).last.map { $0.split(separator: "、").map(String.init) } ?? []
        #expect(names.contains("项目支出绩效自评报告-\(name).docx"), "\(listed)")
        #expect(names.contains("项目支出绩效自评汇总表.docx"), "\(listed)")
        #expect(listed.hasPrefix("  内容有变化的 \(names.count) 个文件："))
        #expect(names.allSatisfy { $0.contains(name) || $0.hasPrefix("项目支出绩效自评汇总表") }, "\(listed)")
        #expect(lines.contains("  其余 \(files.count - names.count) 个文件逐字节不变。"), "\(changed.stderr)")

        let again = try EndToEnd.reportgen(["project", package, "--id", id, "-o", out.path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("  全部 \(files.count) 个文件与上次逐字节相同"), "\(again.stderr)")
        let quiet = try EndToEnd.reportgen(["project", package, "--id", id, "-o", out.path, "-q"])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
    }

    /// A template that Word or WPS saved in another format (a .doc or .wps renamed .docx, RTF)
    /// is not just "not a zip": the message says what it is and to "Save As" .docx.
    @Test(arguments: [
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504), "旧版 Word 97-2003 文档（.doc）或 WPS 文档（.wps）"),
        (Array("{\\rtf1\\ansi 模板}".utf8), "RTF 文档"),
    ])
    func aTemplateInAnotherWordFormatSaysSaveAsDocx(bytes: [UInt8], what: String) throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let template = dir.appendingPathComponent("project-report.docx")
        try Data(bytes).write(to: template)
        let result = try EndToEnd.reportgen(["template", "check", template.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-ZIP-001"), "\(result.stderr)")
        #expect(result.stderr.contains("。这是" + what) || result.stderr.contains("。这是 " + what), "\(result.stderr)")
        #expect(result.stderr.contains("“另存为”Word 文档（*.docx）"), "\(result.stderr)")
    }

    /// `--templates` replaces templates by file name; a copy saved under another name is not
    /// used, and the run says so (naming it and the names that work) instead of passing over it.
    @Test func aRenamedTemplateInTheTemplatesFolderIsNamedAsUnused() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("我的模板")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let templates = EndToEnd.packageRoot.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: templates.appendingPathComponent("summary.docx"), to: folder.appendingPathComponent("summary.docx"))
        try FileManager.default.copyItem(at: templates.appendingPathComponent("self-evaluation-sheet.docx"),
                                         to: folder.appendingPathComponent("我的自评表.docx"))
        let result = try EndToEnd.reportgen(["package", EndToEnd.packageRoot.appendingPathComponent("examples/ippe-demo/package.json").path,
                                             "--templates", folder.path, "-o", dir.appendingPathComponent("out").path])
        #expect(result.status == 0, "\(result.stderr)")
        let line = result.stderr.split(separator: "\n").first { $0.contains("我的自评表.docx") }.map(String.init) ?? ""
        #expect(line.contains("不是模板的文件名，未使用"), "\(result.stderr)")
        #expect(line.contains("self-evaluation-sheet.docx"), "\(line)")
        #expect(!result.stderr.contains("summary.docx 不是"), "\(result.stderr)")
    }

    /// A package with one broken project file: the one error is listed as an error; the notes on
    /// empty forms of the other projects (W-DEF-010/011/020) are one 说明 line as on success, not
    /// a screen of lines labelled 错误 under "定义有 1 处错误".
    @Test func aFailedPackageLabelsWarningsAsWarnings() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let example = work.appendingPathComponent("yanbian")
        try FileManager.default.copyItem(at: EndToEnd.packageRoot.appendingPathComponent("examples/yanbian-2021"), to: example)
        let file = example.appendingPathComponent("projects/lixiu-ganbu-yiliaofei.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        try #require(text.contains("\"executed\": \"37.14\""))
        try text.replacingOccurrences(of: "\"executed\": \"37.14\"", with: "\"executed\": \"37.14\",,").write(to: file, atomically: true, encoding: .utf8)
        let out = work.appendingPathComponent("out")
        let result = try EndToEnd.reportgen(["package", example.appendingPathComponent("package.json").path, "-o", out.path])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let errors = lines.filter { $0.hasPrefix("错误 ") }
        #expect(errors.count == 1 && errors.allSatisfy { $0.contains("lixiu-ganbu-yiliaofei.json") && $0.contains("E-JSON-") }, "\(result.stderr)")
        #expect(!result.stderr.contains("W-DEF-010 ") && !result.stderr.contains("W-DEF-011 "), "\(result.stderr)")
        #expect(lines.contains { $0.hasPrefix("说明：") && $0.contains("W-DEF-010/011/020") }, "\(result.stderr)")
        #expect(lines.last == "定义有 1 处错误，未生成任何文件。")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// Every help screen is Chinese, ArgumentParser's own words included (its headings, the
    /// --help/--version lines, "(default: …)", the pointer to the subcommands' help).
    @Test(arguments: [[], ["package"], ["project"], ["validate"], ["import"], ["render"], ["template"],
                      ["template", "check"], ["template", "fields"], ["template", "preview"], ["docx"], ["docx", "inspect"]])
    func everyHelpScreenIsChinese(command: [String]) throws {
        for form in [command + ["--help"], ["help"] + command] {
            let result = try EndToEnd.reportgen(form)
            #expect(result.status == 0, "\(form): \(result.stderr)")
            #expect(result.stdout.contains("用法：reportgen"), "\(form): \(result.stdout)")
            #expect(result.stdout.contains("显示本帮助。"), "\(form): \(result.stdout)")
            for english in ["OVERVIEW:", "USAGE:", "ARGUMENTS:", "OPTIONS:", "SUBCOMMANDS:", "Show help", "Show the version",
                            "(default:", "See '", "<subcommand>"] {
                #expect(!result.stdout.contains(english), "\(form) prints “\(english)”:\n\(result.stdout)")
            }
            // Value names too (`<报告包文件>`, not ArgumentParser's `<package-file>` from the property name).
            let valueNames = Self.valueNames(in: result.stdout)
            #expect(!valueNames.isEmpty || command.isEmpty || command == ["template"] || command == ["docx"], "\(form): \(result.stdout)")
            for name in valueNames {
                #expect(name.unicodeScalars.contains { $0.properties.isIdeographic }, "\(form): English value name <\(name)>:\n\(result.stdout)")
            }
        }
    }

    /// The `<…>` value names of a help screen's usage line and option list (not the `<…>`
    /// written inside help sentences such as `output/<年度>-<单位名称>/`).
    static func valueNames(in help: String) -> [String] {
        var names: [String] = []
        for line in help.split(separator: "\n").map(String.init) {
            let head: Substring
            if line.hasPrefix("用法：") {
                head = line[...]
            } else if line.hasPrefix("  "), let end = line.range(of: "  ", range: line.index(line.startIndex, offsetBy: 2)..<line.endIndex) {
                head = line[..<end.lowerBound]
            } else if line.hasPrefix("  ") {
                head = line[...]
            } else {
                continue
            }
            var rest = head
            while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
                names.append(String(rest[rest.index(after: open)..<close]))
                rest = rest[rest.index(after: close)...]
            }
        }
        return names.filter { $0 != "子命令" }
    }

    /// One name for one kind of value across the commands: the package file, template and
    /// data files, the output, as usage lines and parser errors print them.
    @Test func valueNamesAreChineseAndConsistent() throws {
        let expected: [([String], [String])] = [
            (["package"], ["<报告包文件>", "--output <输出目录>", "--csv-encoding <编码>", "--templates <模板目录>", "--jobs <并行数>"]),
            (["project"], ["<报告包文件>", "--id <项目标识>", "--output <输出目录>", "--jobs <并行数>"]),
            (["validate"], ["<定义文件>"]),
            (["import"], ["<自评表文件>", "--projects <项目清单文件>", "--sheet <工作表>", "--output <输出文件或目录>", "--year <年度>", "--unit <单位名称>"]),
            (["render"], ["--template <模板文件>", "--data <数据文件>", "--output <输出文件或目录>", "--missing <处理方式>", "--name <文件名模式>", "--for <种类>", "--delimiters <开 闭>"]),
            (["template", "check"], ["<模板文件>", "--for <种类>", "--delimiters <开 闭>"]),
            (["template", "fields"], ["<模板文件>", "--for <种类>"]),
            (["template", "preview"], ["<模板文件>", "--output <输出文件>", "--data <数据文件>", "--page <页码>", "--scheme <方案>"]),
            (["docx", "inspect"], ["<DOCX文件>"]),
        ]
        for (command, shown) in expected {
            let help = try EndToEnd.reportgen(command + ["--help"]).stdout
            for text in shown { #expect(help.contains(text), "\(command): \(text) missing in\n\(help)") }
        }
        let missing = try EndToEnd.reportgen(["render", "--data", "d.json", "-o", "x.docx"])
        #expect(missing.stderr.hasPrefix("E-CLI-013 命令行有误：缺少参数 --template <模板文件>"), "\(missing.stderr)")
    }

    /// A command line the parser refuses (missing argument or option value, unknown option, a
    /// value of the wrong type, an extra argument) is one coded Chinese line (E-CLI-013) with the
    /// usage below it, exit status 2 — not ArgumentParser's English "Error: …".
    @Test(arguments: [
        (["package"], "缺少参数 <报告包文件>"),
        (["project", "examples/ippe-demo/package.json"], "缺少参数 --id <项目标识>"),
        (["project", "examples/ippe-demo/package.json", "--id"], "选项 --id <项目标识> 后面缺少取值"),
        (["package", "examples/ippe-demo/package.json", "--jobs", "abc"], "--jobs <并行数> 的取值 “abc” 无效"),
        (["package", "examples/ippe-demo/package.json", "--outpt", "x"], "没有选项 --outpt，您是不是要写 --output？"),
        (["validate", "a.json", "b.json"], "多余的参数 “b.json”"),
        // A word in a subcommand's place that names none is E-CLI-016 (NewcomerReview3Tests).
    ])
    func usageErrorsAreCodedChinese(arguments: [String], problem: String) throws {
        let result = try EndToEnd.reportgen(arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("E-CLI-013 命令行有误：" + problem) == true, "\(result.stderr)")
        #expect(lines.contains { $0.hasPrefix("用法：reportgen") }, "\(result.stderr)")
        for english in ["Error:", "Usage:", "Help:", "See '", "Missing", "Unknown", "invalid", "Unexpected"] {
            #expect(!result.stderr.contains(english), "“\(english)” in \(result.stderr)")
        }
    }

    /// Each option of words (README: `--missing error|empty`, `--csv-encoding utf-8-bom|gb18030`,
    /// `--for project|sheet|target|summary|document|none`, `--scheme mof-2020|ippe|none`): its help
    /// names every word; a word it does not take is one coded Chinese line naming the option, the
    /// words and what was given, exit 2 as every command-line mistake (README, `validate --help`:
    /// 2 用法错误; it was 1, the status of a bad input) — not ArgumentParser's English message (exit 64).
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
        #expect(wrong.status == 2, "\(wrong.stderr)")
        #expect(wrong.stdout.isEmpty)
        let lines = wrong.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(wrong.stderr)")
        let message = String(lines.first ?? "")
        #expect(message.hasPrefix(code + " " + option + " 只能是 "), "\(message)")
        #expect(message.hasSuffix("收到的是 “latin1”"), "\(message)")
        for word in words { #expect(message.contains(word), "\(message)") }
        #expect(!wrong.stderr.contains("invalid") && !wrong.stderr.contains("Error:"), "\(wrong.stderr)")
    }

    /// Values missing from the data: each E-RND-001 names its template place, and one closing
    /// line names the template and the data file and the option that leaves them empty — for
    /// one document and for `--each`, where nothing is written and no staging folder is left.
    @Test func missingValuesNameTheDataFileAndTheWayOut() throws {
        let dir = try EndToEnd.temporaryDirectory()
        let one = dir.appendingPathComponent("一份.json"), many = dir.appendingPathComponent("多份.json")
        try Data("{\"year\": 2021}".utf8).write(to: one)
        try Data("[{\"id\": \"a\"}, {\"id\": \"b\"}]".utf8).write(to: many)
        let template = "templates/summary.docx"
        let single = try EndToEnd.reportgen(["render", "--template", template, "--data", one.path, "-o", dir.appendingPathComponent("x.docx").path])
        #expect(single.status == 1 && single.stderr.contains("E-RND-001 正文") && single.stderr.contains("unit.name"), "\(single.stderr)")
        #expect(!single.stderr.contains("没有 year"), "year is given: \(single.stderr)")
        #expect(single.stderr.contains("模板 \(template)") && single.stderr.contains("数据文件 \(one.path)") && single.stderr.contains("--missing empty"), "\(single.stderr)")
        let out = dir.appendingPathComponent("out")
        let each = try EndToEnd.reportgen(["render", "--template", template, "--data", many.path, "--each", "-o", out.path])
        #expect(each.status == 1 && each.stderr.contains("数据文件 \(many.path)") && each.stderr.contains("--missing empty"), "\(each.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
        let empty = try EndToEnd.reportgen(["render", "--template", template, "--data", one.path, "--missing", "empty", "-o", dir.appendingPathComponent("y.docx").path])
        #expect(empty.status == 0, "\(empty.stderr)")
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
