import Foundation
import Testing

/// Newcomer and reliability review 7: the README and every `--help` followed literally on a
/// fresh clone, then odd input. Each test is a message that named the wrong thing (a lock file
/// nobody asked for, a typing slip called 定性指标), said nothing (a name with a zero-width space,
/// a data file with a key written twice), or sent the person to the wrong place.
@Suite struct NewcomerReview7Tests {
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> EndToEnd.Result {
        var environment = environment
        if environment["XDG_CACHE_HOME"] == nil { environment["XDG_CACHE_HOME"] = EndToEnd.cacheHome }
        return try EndToEnd.run(EndToEnd.binary, arguments, environment: environment, currentDirectory: directory)
    }

    static func lines(_ result: EndToEnd.Result, _ code: String) -> [Substring] {
        result.stderr.split(separator: "\n").filter { $0.contains(code) }
    }

    static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }
    /// Root with setpriv: a run as another user (nobody) meets permissions root never does.
    static let canRunAsNobody = getuid() == 0 && setpriv != nil

    /// `reportgen …` as the user nobody (uid 65534), with a cache folder that user may write.
    static func runAsNobody(_ arguments: [String], in directory: URL, cache: URL) throws -> EndToEnd.Result {
        try EndToEnd.run(URL(fileURLWithPath: setpriv!), ["--reuid=65534", "--regid=65534", "--clear-groups", EndToEnd.binary.path] + arguments,
                         environment: ["XDG_CACHE_HOME": cache.path, "HOME": cache.path], currentDirectory: directory)
    }

    static func everyoneMayWrite(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o1777], ofItemAtPath: url.path)
    }

    /// A colleague's run (another user) held, or was killed holding, the output folder's lock:
    /// the line was "E-IO-003 共享/.报告包.reportgen-lock：创建锁文件失败：没有权限 … 这个目录与输出
    /// 目录本身都要可写；请改好权限" — a file the person never asked for, and a folder that was
    /// writable. It now names the output folder, says whose lock file it is and what to do; a
    /// folder that really is not writable still gets the permission advice, about the folder.
    @Test(.enabled(if: canRunAsNobody, "needs root and setpriv to run as another user"))
    func anotherUsersLockNamesTheOutputFolder() throws {
        let dir = try NewcomerReview5Tests.unit(["dangan": NewcomerReview6Tests.project(id: "dangan", executed: "75.23")])
        let root = dir.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.path)
        let cache = root.appendingPathComponent("cache")
        try Self.everyoneMayWrite(cache)

        let shared = dir.appendingPathComponent("共享")
        try Self.everyoneMayWrite(shared)
        // Root's lock file, as a run of root's killed by SIGKILL leaves it.
        let lock = shared.appendingPathComponent(".报告包.reportgen-lock")
        #expect(FileManager.default.createFile(atPath: lock.path, contents: nil, attributes: [.posixPermissions: 0o644]))
        let held = try Self.runAsNobody(["package", "package.json", "-o", "共享/报告包"], in: dir, cache: cache)
        #expect(held.status == 1, "\(held.stderr)")
        let line = try #require(Self.lines(held, "E-IO-003").first, "\(held.stderr)")
        #expect(line.hasPrefix("错误 E-IO-003 共享/报告包："), "\(line)")
        #expect(line.contains("属于用户 root") && line.contains("删除 共享/.报告包.reportgen-lock") && !line.contains("请改好权限"), "\(line)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: shared.path) == [".报告包.reportgen-lock"])

        // A folder nobody may write: the advice about permissions, naming the output folder.
        let closed = dir.appendingPathComponent("只读")
        try FileManager.default.createDirectory(at: closed, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: closed.path)
        let refused = try Self.runAsNobody(["package", "package.json", "-o", "只读/报告包"], in: dir, cache: cache)
        #expect(refused.status == 1, "\(refused.stderr)")
        let advice = try #require(Self.lines(refused, "E-IO-003").first, "\(refused.stderr)")
        #expect(advice.hasPrefix("错误 E-IO-003 只读/报告包：不能在它旁边建立锁文件 .报告包.reportgen-lock"), "\(advice)")
        #expect(advice.contains("（只读 中）") && advice.contains("请改好权限"), "\(advice)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: closed.path).isEmpty)
    }

    /// A target or actual with its digits typed twice over (`≥9999…9人`, 60 digits) was
    /// E-DEF-042 "是定性指标……请加上 score": the value is a number, mistyped. It is now E-DEF-014
    /// at the value's own path with its digit count; with a score given, the W-DEF-006 warning
    /// says the same. All in one run.
    @Test func anOverlongIndicatorNumberIsNotCalledQualitative() throws {
        let long = String(repeating: "9", count: 60)
        let longer = "1" + String(repeating: "0", count: 30)
        let project = NewcomerReview6Tests.project(id: "dangan", executed: "75.23")
            .replacingOccurrences(of: #""target": "≥50万页""#, with: #""target": "≥\#(long)页""#)
            .replacingOccurrences(of: #""actual": "95%""#, with: #""actual": "\#(longer)%""#)
        let dir = try NewcomerReview5Tests.unit(["dangan": project])
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let result = try Self.run(["validate", "package.json"], in: dir)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(Self.lines(result, "E-DEF-042").isEmpty && !result.stderr.contains("定性"), "\(result.stderr)")
        let numbers = Self.lines(result, "E-DEF-014")
        #expect(numbers.count == 2, "\(result.stderr)")
        let target = try #require(numbers.first { $0.contains("indicators[0].target") }, "\(result.stderr)")
        #expect(target.contains("目标值") && target.contains("60 位数字") && target.contains("20 位") && target.contains("多打了数字"), "\(target)")
        let actual = try #require(numbers.first { $0.contains("indicators[1].actual") }, "\(result.stderr)")
        #expect(actual.contains("实际值") && actual.contains("31 位数字"), "\(actual)")

        // With a score given the score is used; the warning names the number, not a qualitative text.
        let scored = project.replacingOccurrences(of: #""actual": "52万页""#, with: #""actual": "52万页", "score": "50""#)
        try Data(scored.utf8).write(to: dir.appendingPathComponent("projects/dangan.json"))
        let again = try Self.run(["validate", "package.json"], in: dir)
        let warning = try #require(Self.lines(again, "W-DEF-006").first, "\(again.stderr)")
        #expect(warning.contains("indicators[0]") && warning.contains("60 位数字") && warning.contains("已采用给出的得分"), "\(warning)")
    }

    /// A project name pasted from WeChat with a zero-width space, a unit name with a U+FEFF:
    /// `validate` passed in silence, and the files and the output folder carried a character
    /// nobody sees — two projects' files that look the same, a name a search does not find.
    /// Each is now W-DEF-032 naming the character and the name without it; the package is still
    /// written. A direction control stays E-DEF-103 only.
    @Test func invisibleCharactersInNamesAreWarned() throws {
        let project = NewcomerReview6Tests.project(id: "dangan", executed: "75.23")
            .replacingOccurrences(of: "馆藏档案数字化加工", with: #"馆藏档案\u200B数字化加工"#)
        let dir = try NewcomerReview5Tests.unit(["dangan": project])
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        try Data(#"{"format": "reportgen/1", "year": 2023, "unit": {"name": "\uFEFF云溪县档案馆"}, "projects": ["projects/*.json"]}"#.utf8)
            .write(to: dir.appendingPathComponent("package.json"))
        let result = try Self.run(["validate", "package.json"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let warnings = Self.lines(result, "W-DEF-032")
        #expect(warnings.count == 2, "\(result.stderr)")
        let name = try #require(warnings.first { $0.contains("projects/dangan.json") }, "\(result.stderr)")
        #expect(name.contains("W-DEF-032 name：项目名称「馆藏档案〔零宽空格〕数字化加工」") && name.contains("零宽空格 U+200B")
                && name.contains("看起来与「馆藏档案数字化加工」相同"), "\(name)")
        let unit = try #require(warnings.first { $0.contains("unit.name") }, "\(result.stderr)")
        #expect(unit.contains("package.json") && unit.contains("U+FEFF") && unit.contains("「云溪县档案馆」"), "\(unit)")

        let written = try Self.run(["package", "package.json", "-o", "报告包"], in: dir)
        #expect(written.status == 0 && Self.lines(written, "W-DEF-032").count == 2, "\(written.stderr)")

        let reversed = project.replacingOccurrences(of: #"\u200B"#, with: #"\u202E"#)
        try Data(reversed.utf8).write(to: dir.appendingPathComponent("projects/dangan.json"))
        let control = try Self.run(["validate", "package.json"], in: dir)
        #expect(control.status == 1 && Self.lines(control, "E-DEF-103").count == 1, "\(control.stderr)")
        #expect(!Self.lines(control, "W-DEF-032").contains { $0.contains("projects/dangan.json") }, "\(control.stderr)")
    }

    /// `render` and `template preview --data` took a data file with a key written twice without a
    /// word (one of the two values silently dropped), while `validate` reports the same slip in a
    /// definition. Each duplicate is now E-JSON-006 with the data file, line, column and path;
    /// nothing is written. A data file that is not there is named as the data file.
    @Test func aDataFileWithAKeyTwiceIsRefused() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let sample = try String(contentsOf: EndToEnd.packageRoot.appendingPathComponent("templates/samples/project-report-mof.json"), encoding: .utf8)
        let brace = try #require(sample.firstIndex(of: "{"))
        var twice = sample
        twice.insert(contentsOf: #""year": "1999", "unit": {"name": "甲", "name": "乙"}, "#, at: twice.index(after: brace))
        try Data(twice.utf8).write(to: work.appendingPathComponent("数据.json"))
        let template = EndToEnd.packageRoot.appendingPathComponent("templates/self-evaluation-sheet.docx").path

        let rendered = try Self.run(["render", "--template", template, "--data", "数据.json", "-o", "自评表.docx"], in: work)
        #expect(rendered.status == 1, "\(rendered.stderr)")
        let duplicates = Self.lines(rendered, "E-JSON-006")
        #expect(duplicates.count == 3, "\(rendered.stderr)")
        #expect(duplicates.contains { $0.contains("数据文件 数据.json 第 1 行") && $0.contains("「unit.name」") }, "\(rendered.stderr)")
        #expect(duplicates.contains { $0.contains("「year」") } && duplicates.contains { $0.contains("「unit」") }, "\(rendered.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("自评表.docx").path))

        let previewed = try Self.run(["template", "preview", template, "--data", "数据.json", "-o", "预览.docx"], in: work)
        #expect(previewed.status == 1 && Self.lines(previewed, "E-JSON-006").count == 3, "\(previewed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("预览.docx").path))

        let missing = try Self.run(["render", "--template", template, "--data", "没有.json", "-o", "自评表.docx"], in: work)
        #expect(missing.status == 1 && missing.stderr.hasPrefix("E-IO-006 数据文件 没有.json："), "\(missing.stderr)")
    }

    /// The binary copied out of the checkout (`cp .build/release/reportgen /usr/local/bin`) found
    /// no default template and said "找不到模板文件 templates/project-report.docx" five times, about
    /// a folder of the current directory the person never chose. It now says once where it
    /// looked and the ways to point it at them; a wrong REPORTGEN_TEMPLATES is named as such.
    @Test func aCopiedBinarySaysWhereTheTemplatesAre() throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let bin = work.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: EndToEnd.binary, to: bin.appendingPathComponent("reportgen"))
        let example = EndToEnd.packageRoot.appendingPathComponent("examples/zhongdian-jiuzhu-2021/package.json").path
        var environment = ProcessInfo.processInfo.environment
        environment["REPORTGEN_TEMPLATES"] = nil
        environment["XDG_CACHE_HOME"] = EndToEnd.cacheHome
        func run(_ extra: [String: String]) throws -> EndToEnd.Result {
            // Process inherits unless told: the whole environment is given, without REPORTGEN_TEMPLATES.
            let process = Process()
            process.executableURL = bin.appendingPathComponent("reportgen")
            process.arguments = ["package", example, "-o", "报告包"]
            process.environment = environment.merging(extra) { $1 }
            process.currentDirectoryURL = work
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let data = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return EndToEnd.Result(status: process.terminationStatus, stdout: "", stderr: String(decoding: data, as: UTF8.self))
        }
        let result = try run([:])
        #expect(result.status == 1, "\(result.stderr)")
        let errors = result.stderr.split(separator: "\n").filter { $0.contains("E-OUT-006") }
        #expect(errors.count == 1, "\(result.stderr)")
        let line = String(errors.first ?? "")
        #expect(line.contains("找不到默认模板") && line.contains("REPORTGEN_TEMPLATES") && line.contains(".build/release"), "\(line)")
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("报告包").path))

        let wrong = try run(["REPORTGEN_TEMPLATES": work.appendingPathComponent("模板").path])
        #expect(wrong.status == 1 && wrong.stderr.contains("环境变量 REPORTGEN_TEMPLATES 指向的 模板 中没有"), "\(wrong.stderr)")
    }

    /// A zero-width space pasted between a key and its value, a second byte-order mark (a file
    /// saved twice "with BOM"), a web page's no-break space before the first brace: E-JSON-002
    /// "这里应是一个 JSON 值" at a place that looked right. The line now names what is there.
    @Test(arguments: [
        ([0x7B, 0x22, 0x61, 0x22, 0x3A, 0xE2, 0x80, 0x8B, 0x31, 0x7D] as [UInt8], "零宽空格 U+200B"),
        ([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, 0x7B, 0x7D], "零宽不换行空格 U+FEFF"),
        ([0xC2, 0xA0, 0x7B, 0x7D], "不换行空格（U+00A0"),
    ])
    func invisibleCharactersInJSONSyntaxAreNamed(bytes: [UInt8], name: String) throws {
        let work = try EndToEnd.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        try Data(bytes).write(to: work.appendingPathComponent("package.json"))
        let result = try Self.run(["validate", "package.json"], in: work)
        #expect(result.status == 1, "\(result.stderr)")
        let line = try #require(Self.lines(result, "E-JSON-002").first, "\(result.stderr)")
        #expect(line.hasPrefix("错误 package.json:1:") && line.contains(name) && line.contains("请删去"), "\(line)")
    }
}
