import Foundation
import OOXML
import Testing

/// Newcomer review 4: someone who just cloned the repository follows the README, then does the
/// three jobs as finance staff would, reading only the README, docs/ and `--help`. Each test is
/// one place where the program or the docs let them down.
@Suite struct NewcomerReview4Tests {
    typealias Restyle = TemplateRestyleTests
    static let report = "project-report.docx"

    /// The default project report saved by Word as 启用宏的 Word 文档 (.docm) or 启用宏的模板
    /// (.dotm): the main part typed macro-enabled, a VBA project related from it.
    static func macroEnabled(template: Bool) throws -> URL {
        let source = EndToEnd.packageRoot.appendingPathComponent("templates/\(report)")
        let archive = try ZipArchive(bytes: Array(try Data(contentsOf: source)), name: report)
        let mainType = template ? "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
                                : "application/vnd.ms-word.document.macroEnabled.main+xml"
        var entries: [(name: String, content: ZipEntryContent)] = []
        for entry in archive.entries {
            var text = String(decoding: try archive.read(entry.name), as: UTF8.self)
            switch entry.name {
            case "[Content_Types].xml":
                let before = text
                text = text.replacingOccurrences(of: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", with: mainType)
                    .replacingOccurrences(of: "<Default Extension=\"xml\"",
                                          with: "<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/><Default Extension=\"xml\"")
                #expect(text != before)
                entries.append((entry.name, .bytes(Array(text.utf8))))
            case "word/_rels/document.xml.rels":
                text = text.replacingOccurrences(of: "</Relationships>", with:
                    "<Relationship Id=\"rId900\" Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" Target=\"vbaProject.bin\"/></Relationships>")
                entries.append((entry.name, .bytes(Array(text.utf8))))
            default:
                entries.append((entry.name, .copy(archive, entryName: entry.name)))
            }
        }
        // An OLE compound file's signature: Word's vbaProject.bin.
        entries.append(("word/vbaProject.bin", .bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504))))
        let dir = try EndToEnd.temporaryDirectory().appendingPathComponent("我的模板")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // Renamed back to the default name, as the guide says to do with a .dotx.
        try Data(try ZipWriter.bytes(entries)).write(to: dir.appendingPathComponent(report))
        return dir
    }

    /// A template saved as .docm or .dotm used to pass `template check` and fill every report as
    /// a “.docx” typed macro-enabled: Word refuses to open it (python-docx too: docx-check failed)
    /// and it carried the template's macros. Now every template command says in Chinese what it is
    /// and how to save it, with E-TPL-042, writing nothing; an existing package stays as it was.
    @Test(arguments: [false, true])
    func aMacroEnabledTemplateIsRefusedWithHowToSaveIt(template: Bool) throws {
        let dir = try Self.macroEnabled(template: template)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let file = dir.appendingPathComponent(Self.report).path
        let kind = template ? ".dotm" : ".docm"

        let checked = try EndToEnd.reportgen(["template", "check", file])
        #expect(checked.status == 1, "\(checked.stdout)\(checked.stderr)")
        let lines = checked.stderr.split(separator: "\n").map(String.init).filter { $0.contains("-TPL-") }
        #expect(lines.count == 1, "\(checked.stderr)")
        let line = lines.first ?? ""
        #expect(line.contains("E-TPL-042") && line.contains("启用宏") && line.contains(kind)
                && line.contains("另存为") && line.contains("Word 文档 (*.docx)"), "\(line)")

        let preview = dir.deletingLastPathComponent().appendingPathComponent("预览.docx")
        let previewed = try EndToEnd.reportgen(["template", "preview", file, "-o", preview.path])
        #expect(previewed.status == 1 && previewed.stderr.contains("E-TPL-042"), "\(previewed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: preview.path))

        // package --templates over an existing package: refused, the package untouched.
        let out = dir.deletingLastPathComponent().appendingPathComponent("out")
        let package = PackageTests.examplePackage("zhongdian-jiuzhu-2021").path
        let first = try EndToEnd.reportgen(["package", package, "-o", out.path, "-q"])
        try #require(first.status == 0, "\(first.stderr)")
        let before = try Self.digests(out)
        let packaged = try EndToEnd.reportgen(["package", package, "--templates", dir.path, "-o", out.path])
        #expect(packaged.status == 1 && packaged.stderr.contains("E-TPL-042"), "\(packaged.stderr)")
        #expect(try Self.digests(out) == before)

        let rendered = dir.deletingLastPathComponent().appendingPathComponent("render.docx")
        let data = dir.deletingLastPathComponent().appendingPathComponent("data.json")
        try Data("{}".utf8).write(to: data)
        let render = try EndToEnd.reportgen(["render", "--template", file, "--data", data.path, "-o", rendered.path])
        #expect(render.status == 1 && render.stderr.contains("E-TPL-042"), "\(render.stderr)")
        #expect(!FileManager.default.fileExists(atPath: rendered.path))
    }

    /// A staging folder as a reportgen from before the lock left it beside `out/` when killed:
    /// some of the new package's files, no marker.
    static func oldStaging(_ url: URL, files: [String] = ["项目支出绩效自评汇总表.docx", "项目支出绩效自评汇总表.csv"]) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for file in files { try Data("PK\u{3}\u{4}".utf8).write(to: url.appendingPathComponent(file)) }
    }

    /// `.out.reportgen-<token>/` (and `.old/` beside it) from killed runs of versions before the
    /// lock stayed beside the output folder for good: they were never named as this version's
    /// staging folders are. Now a run removes those clearly abandoned (untouched for a day, no
    /// process using them); a recent one, one held open, other names and the lock stay.
    @Test func oldVersionsStagingFoldersAreRemovedWhenAbandoned() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let day: TimeInterval = 24 * 3600
        let out = work.appendingPathComponent("out")
        let package = PackageTests.examplePackage("zhongdian-jiuzhu-2021").path
        let first = try EndToEnd.reportgen(["package", package, "-o", out.path, "-q"])
        try #require(first.status == 0, "\(first.stderr)")
        let before = try Self.digests(out)

        let abandoned = work.appendingPathComponent(".out.reportgen-k3j9x2a0q1")
        let abandonedOld = work.appendingPathComponent(".out.reportgen-7bq.old")
        let recent = work.appendingPathComponent(".out.reportgen-5recent")
        let held = work.appendingPathComponent(".out.reportgen-held")
        let otherName = work.appendingPathComponent(".out.reportgen-Not_Ours")
        let otherOutput = work.appendingPathComponent(".other.reportgen-3x9")
        for folder in [abandoned, abandonedOld, recent, held, otherName, otherOutput] { try Self.oldStaging(folder) }
        // Held open by this test process: to reportgen, an old run still writing there.
        let handle = open(held.appendingPathComponent("项目支出绩效自评汇总表.csv").path, O_RDONLY | O_CLOEXEC)
        try #require(handle >= 0)
        defer { close(handle) }
        for folder in [abandoned, abandonedOld, held, otherName, otherOutput] { try PDFScratchReview3Tests.age(folder, by: 2 * day) }
        try PDFScratchReview3Tests.age(recent, by: 20 * 3600)

        // Run from the folder, output named relatively: the notice names the folder it removed
        // from there, as every other message names paths (newcomer review 8: it was absolute).
        let run = try EndToEnd.run(EndToEnd.binary, ["package", package, "-o", "out"],
                                   environment: ["XDG_CACHE_HOME": EndToEnd.cacheHome], currentDirectory: work)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("警告 W-OUT-001 已删除上次被中断的运行留下的 2 个临时目录（.out.reportgen-"), "\(run.stderr)")
        #expect(try PDFScratchReview3Tests.names(work) == [otherOutput, held, otherName, recent, out].map(\.lastPathComponent).sorted())
        #expect(try Self.digests(out) == before)
    }

    /// An old version killed between its two renames left `out/` missing and the old package in
    /// `.out.reportgen-<token>.old/`. It is put back, not removed: here it holds a file of the
    /// user's, so the run then refuses to replace it (E-OUT-001) and the file is where it was.
    @Test func anOldVersionsMovedAsidePackageIsPutBack() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        let old = work.appendingPathComponent(".out.reportgen-1f2e3d.old")
        try Self.oldStaging(old, files: ["thesis.docx"])
        let halfNew = work.appendingPathComponent(".out.reportgen-1f2e3d")
        try Self.oldStaging(halfNew)
        for folder in [old, halfNew] { try PDFScratchReview3Tests.age(folder, by: 3 * 24 * 3600) }

        let package = PackageTests.examplePackage("zhongdian-jiuzhu-2021").path
        let run = try EndToEnd.reportgen(["package", package, "-o", out.path])
        #expect(run.status == 1 && run.stderr.contains("E-OUT-001"), "\(run.stderr)")
        #expect(try PDFScratchReview3Tests.names(out) == ["thesis.docx"])
        #expect(try PDFScratchReview3Tests.names(work) == ["out"], "the half-written package is gone, the old one is back")
    }

    /// Typical slips in one project file, as staff make them: an amount in words, a missing
    /// target, a weight with a percent sign, an actual with a stray dot (unknown unit) and a
    /// qualitative actual without a score. The first three are read errors; the last two used to
    /// come only in a second round, after those were fixed, because a project with a read error
    /// was not evaluated at all. All five now come in one run, each with file, line and JSON path,
    /// exit 1, the existing package untouched.
    @Test func everySlipOfOneProjectFileIsReportedInOneRun() throws {
        let dir = try NewcomerReview3Tests.package(indicators: """
            {"level1": "产出指标", "level2": "数量指标", "name": "数字化加工页数", "weight": 30, "target": "≥50万页", "actual": "52万页"},
            {"level1": "产出指标", "level2": "质量指标", "name": "加工合格率", "weight": 20, "actual": "99%"},
            {"level1": "产出指标", "level2": "时效指标", "name": "完成时间", "weight": "10%", "target": "12月底前", "actual": "12月底前"},
            {"level1": "效益指标", "level2": "社会效益", "name": "档案利用率提高", "weight": 20, "target": "≥10%", "actual": "8.5.%"},
            {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "查档群众满意度", "weight": 10, "target": "满意", "actual": "基本满意"}
            """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("projects/dangan-shuzihua.json")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: #""annualBudget": "10""#, with: #""annualBudget": "十万""#)
        try text.write(to: file, atomically: true, encoding: .utf8)
        let package = dir.appendingPathComponent("package.json").path

        let validated = try EndToEnd.reportgen(["validate", package])
        #expect(validated.status == 1)
        let errors = validated.stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("错误") }
        let expected = [("E-DEF-014", "funds[0].annualBudget"), ("E-DEF-011", "indicators[1].target"),
                        ("E-DEF-014", "indicators[2].weight"), ("E-DEF-041", "indicators[3]"), ("E-DEF-042", "indicators[4]")]
        #expect(errors.count == expected.count, "\(validated.stderr)")
        for (code, path) in expected {
            #expect(errors.contains { $0.contains("projects/dangan-shuzihua.json:") && $0.contains("\(code) \(path)：") },
                    "\(code) \(path) missing: \(validated.stderr)")
        }

        // package reports the same and leaves an existing package as it was.
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("原有文件".utf8).write(to: out.appendingPathComponent("说明.txt"))
        let packaged = try EndToEnd.reportgen(["package", package, "-o", out.path])
        #expect(packaged.status == 1)
        #expect(packaged.stderr.split(separator: "\n").filter { $0.hasPrefix("错误") }.count == expected.count, "\(packaged.stderr)")
        #expect(try PDFScratchReview3Tests.names(out) == ["说明.txt"])
    }

    /// The README's first command prints warnings, which a newcomer took for a broken install;
    /// the README now says what that run prints. Held to it: exactly two W-DEF-022 (the
    /// 《医疗救助资金》 funds without amounts), one “说明：11 处空表” line, then the closing line.
    @Test func theReadmesFirstRunPrintsWhatTheReadmeSays() throws {
        let readme = try String(contentsOf: EndToEnd.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("两条警告 W-DEF-022") && readme.contains("“说明：11 处空表……”") && readme.contains("“已生成 9 个项目的报告包：…”"))
        let out = try EndToEnd.temporaryDirectory().appendingPathComponent("2021-盐边县医疗保障局")
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        let run = try EndToEnd.reportgen(["package", "examples/yanbian-2021/package.json", "-o", out.path])
        #expect(run.status == 0)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("警告") }.count == 2, "\(run.stderr)")
        #expect(lines.filter { $0.hasPrefix("警告") }.allSatisfy { $0.contains("W-DEF-022") && $0.contains("yiliao-jiuzhu-zijin.json") }, "\(run.stderr)")
        #expect(lines.filter { $0.hasPrefix("说明：11 处空表") }.count == 1, "\(run.stderr)")
        #expect(lines.last?.hasPrefix("已生成 9 个项目的报告包：") == true, "\(run.stderr)")
        #expect(!lines.contains { $0.hasPrefix("错误") })
    }

    /// Every file of a folder with its bytes' SHA-256 (`sha256sum`), by name.
    static func digests(_ folder: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let sum = try EndToEnd.run(URL(fileURLWithPath: "/usr/bin/env"), ["sha256sum", folder.appendingPathComponent(name).path])
            result[name] = String(sum.stdout.prefix(64))
        }
        return result
    }
}
