import Foundation
import Testing

/// Newcomer and reliability review 8: the README and every `--help` followed literally on a
/// fresh clone, then bad input. Each test is a case where a message misled (a negative `-j`
/// called a missing value, errors of an old-Mac file all on line 1) or a run went wrong.
@Suite struct NewcomerReview8Tests {
    static func run(_ arguments: [String], in directory: URL) throws -> EndToEnd.Result {
        try EndToEnd.run(EndToEnd.binary, arguments, environment: ["XDG_CACHE_HOME": EndToEnd.cacheHome], currentDirectory: directory)
    }

    /// `-j -1` was read by ArgumentParser as `-j` without a value followed by an option `-1`:
    /// "E-CLI-013 命令行有误：选项 -j <并行数> 后面缺少取值" — but the value was there. A whole
    /// number outside 1…256, negative or not, short or long form, is now the value the option
    /// cannot take (E-CLI-002, as a word `--csv-encoding` does not take), naming what was given
    /// and the range, exit 2, nothing written; `--jobs abc` stays E-CLI-013 (not a number).
    @Test(arguments: [
        ["package", "package.json", "-j", "-1"],
        ["package", "package.json", "--jobs", "-1"],
        ["package", "package.json", "--jobs=-1"],
        ["package", "package.json", "-j", "0"],
        ["package", "package.json", "--jobs", "257"],
        ["project", "package.json", "--id", "dangan", "-j", "-3"],
    ])
    func aJobCountOutOfRangeIsNamedAsSuch(arguments: [String]) throws {
        let dir = try NewcomerReview5Tests.unit(["dangan": NewcomerReview6Tests.project(id: "dangan", executed: "75.23")])
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let given = arguments.last!.replacingOccurrences(of: "--jobs=", with: "")
        let result = try Self.run(arguments, in: dir)
        #expect(result.status == 2, "\(result.stderr)")
        let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("E-CLI-002 --jobs（-j）应为 1 到 256 之间的正整数"), "\(result.stderr)")
        #expect(first.contains("“\(given)”"), "\(result.stderr)")
        for english in ["Error:", "Missing", "Usage:", "invalid"] {
            #expect(!result.stderr.contains(english), "“\(english)” in \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("output").path))
    }

    @Test func aJobCountThatIsNoNumberIsStillAUsageError() throws {
        let dir = try NewcomerReview5Tests.unit(["dangan": NewcomerReview6Tests.project(id: "dangan", executed: "75.23")])
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let result = try Self.run(["package", "package.json", "-j", "-x"], in: dir)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("E-CLI-013 命令行有误：-j <并行数> 的取值 “-x” 无效"), "\(result.stderr)")
    }

    /// A project file saved with old-Mac line ends (CR only) had every error on line 1, its
    /// column counted from the top of the file: the lines were counted at LF alone. CR, LF and
    /// CRLF each end a line now, for syntax errors and for the checks after parsing alike; the
    /// same file with any of the three gives the same places.
    @Test(arguments: ["\r", "\r\n", "\n"])
    func lineNumbersCountEveryKindOfLineEnd(lineEnd: String) throws {
        let dir = try NewcomerReview5Tests.unit([:])
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        // Line 5: a weight that is no number (checked after parsing), column 93.
        let typed = NewcomerReview6Tests.project(id: "dangan", executed: "75.23")
            .replacingOccurrences(of: #""weight": "50""#, with: #""weight": "五十""#)
        let typedLines = typed.split(separator: "\n", omittingEmptySubsequences: false)
        let weightLine = try #require(typedLines.firstIndex { $0.contains("五十") }) + 1
        let weightColumn = try #require(typedLines[weightLine - 1].range(of: #""五十""#)).lowerBound.utf16Offset(in: typedLines[weightLine - 1]) + 1
        try Data(typed.replacingOccurrences(of: "\n", with: lineEnd).utf8).write(to: dir.appendingPathComponent("projects/dangan.json"))
        let checked = try Self.run(["validate", "package.json"], in: dir)
        #expect(checked.status == 1, "\(checked.stderr)")
        #expect(checked.stderr.contains("projects/dangan.json:\(weightLine):\(weightColumn): E-DEF-"), "line \(weightLine) column \(weightColumn) expected:\n\(checked.stderr)")

        // A missing comma: the syntax error is at the next key, on the line after the slip.
        let slipped = NewcomerReview6Tests.project(id: "dangan", executed: "75.23")
            .replacingOccurrences(of: #""kind": "专项","#, with: #""kind": "专项""#)
        let slippedLines = slipped.split(separator: "\n", omittingEmptySubsequences: false)
        let nextKey = try #require(slippedLines.firstIndex { $0.contains(#""kind""#) }) + 2
        let column = try #require(slippedLines[nextKey - 1].firstIndex(of: "\"")).utf16Offset(in: slippedLines[nextKey - 1]) + 1
        try Data(slipped.replacingOccurrences(of: "\n", with: lineEnd).utf8).write(to: dir.appendingPathComponent("projects/dangan.json"))
        let broken = try Self.run(["validate", "package.json"], in: dir)
        #expect(broken.status == 1, "\(broken.stderr)")
        #expect(broken.stderr.contains("projects/dangan.json:\(nextKey):\(column): E-JSON-002 缺少逗号"), "line \(nextKey) column \(column) expected:\n\(broken.stderr)")
    }

    static let template = EndToEnd.packageRoot.appendingPathComponent("templates/self-evaluation-sheet.docx").path
    static let sample = EndToEnd.packageRoot.appendingPathComponent("templates/samples/project-report-mof.json").path

    /// `render -o 报告.pdf` wrote a DOCX named 报告.pdf and said 已生成 (exit 0); no PDF reader
    /// opened it. `--each --name "{{id}}"` wrote files with no extension. A name not ending in
    /// .docx is now refused before anything is read (E-CLI-015, exit 2), pointing to
    /// `template preview` for a PDF; nothing is written.
    @Test(arguments: [
        (["-o", "报告.pdf"], "-o", "报告.pdf"),
        (["-o", "报告"], "-o", "报告"),
        (["--each", "-o", "各项", "--name", "{{id}}"], "--name", "{{id}}"),
    ])
    func renderRefusesANameThatIsNoDocx(arguments: [String], option: String, given: String) throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Self.run(["render", "--template", Self.template, "--data", Self.sample] + arguments, in: dir)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("E-CLI-015 \(option) 应是以 .docx 结尾的文件名"), "\(result.stderr)")
        #expect(result.stderr.contains("“\(given)”") && result.stderr.contains("template preview"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    /// `render -o 新目录/x.docx` (and `template preview -o`) failed with "E-IO-006
    /// 新目录/.x.docx.reportgen-1cbixutdaz4jz：创建文件失败：文件或目录不存在" — a hidden scratch file
    /// the person never named. The folder is now made, as `import -o` and `render --each -o` do.
    @Test func renderAndPreviewMakeTheOutputsFolder() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rendered = try Self.run(["render", "--template", Self.template, "--data", Self.sample, "-o", "新 目录/下一级/自评表.docx"], in: dir)
        #expect(rendered.status == 0, "\(rendered.stderr)")
        #expect(!rendered.stderr.contains(".reportgen-"), "\(rendered.stderr)")
        let file = dir.appendingPathComponent("新 目录/下一级/自评表.docx")
        #expect(FileManager.default.fileExists(atPath: file.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path) == ["自评表.docx"])
        if let check = try EndToEnd.docxCheck(file, renders: false) { #expect(check.status == 0, "\(check.stdout)\(check.stderr)") }

        let preview = try Self.run(["template", "preview", Self.template, "-o", "预览/自评表.docx"], in: dir)
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("预览/自评表.docx").path))
    }

    /// `reportgen validate 自评表.xlsx` (the import's input given to validate) and a template given
    /// as `render --data` said "文件不是 UTF-8 编码（可能以 GBK/GB18030 保存）。请用记事本或 WPS
    /// 另存为“UTF-8”" at some column of line 1: advice to re-save a file that was never text. An
    /// Office or PDF file is now named as what it is, with the command it belongs to.
    @Test func anOfficeFileGivenAsJSONIsNamedAsSuch() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sheet = EndToEnd.packageRoot.appendingPathComponent("examples/import/自评表样例.xlsx").path
        let old = dir.appendingPathComponent("旧表.xls")
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00, 0x00, 0xFF, 0xFE]).write(to: old)
        for (file, kind) in [(sheet, "zip 压缩包"), (Self.template, "zip 压缩包"), (old.path, "旧版 Office 文件")] {
            let result = try Self.run(["validate", file], in: dir)
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains(":1:1: E-JSON-001 这不是 JSON 文本文件，而是") && result.stderr.contains(kind), "\(result.stderr)")
            #expect(result.stderr.contains("reportgen import") && !result.stderr.contains("GBK"), "\(result.stderr)")
        }
        let render = try Self.run(["render", "--template", Self.template, "--data", Self.template, "-o", "x.docx"], in: dir)
        #expect(render.status == 1 && render.stderr.contains("E-JSON-001 数据文件") && render.stderr.contains("zip 压缩包"), "\(render.stderr)")
    }

    /// A named pipe given as an input file: opening it waited for a writer, so `package`,
    /// `render` and `template check` hung for ever (newcomer review 8). It is refused at once as
    /// not a regular file. Run under `timeout`, so that a regression fails instead of hanging.
    @Test func aNamedPipeIsRefusedNotWaitedOn() throws {
        let dir = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pipe = dir.appendingPathComponent("管道.json")
        try #require(mkfifo(pipe.path, 0o600) == 0)
        let template = dir.appendingPathComponent("模板.docx")
        try #require(mkfifo(template.path, 0o600) == 0)
        for arguments in [["package", pipe.path, "-o", "out"], ["render", "--template", Self.template, "--data", pipe.path, "-o", "x.docx"],
                          ["template", "check", template.path]] {
            let result = try EndToEnd.run(URL(fileURLWithPath: "/usr/bin/timeout"), ["20", EndToEnd.binary.path] + arguments,
                                          environment: ["XDG_CACHE_HOME": EndToEnd.cacheHome], currentDirectory: dir)
            #expect(result.status == 1, "\(arguments[0]): exit \(result.status) (124: it waited on the pipe) \(result.stderr)")
            #expect(result.stderr.contains("不是普通文件"), "\(arguments[0]): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }
}
