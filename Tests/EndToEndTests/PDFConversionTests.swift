import Foundation
import Testing

/// `package --pdf`: one LibreOffice per job, every document converted, the same bytes every run.
@Suite(.serialized)
struct PDFConversionTests {
    static let canConvert = TemplatePreviewTests.which("soffice") != nil && TemplatePreviewTests.which("pdftotext") != nil

    /// The package's PDFs and their manifest hashes (compared as hashes: a failure message
    /// quoting whole PDFs would be unreadable).
    static func pdfHashes(in directory: URL) throws -> [String: String] {
        let data = try Data(contentsOf: directory.appendingPathComponent("manifest.json"))
        let manifest = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        var hashes: [String: String] = [:]
        for case let file as [String: Any] in manifest["files"] as? [Any] ?? [] {
            if let path = file["path"] as? String, path.hasSuffix(".pdf") { hashes[path] = file["sha256"] as? String }
        }
        return hashes
    }

    @Test(.enabled(if: canConvert, "soffice or pdftotext missing"), .timeLimit(.minutes(5)))
    func everyDocumentHasItsPDFWithItsText() throws {
        let out = try PackageTests.generate("zhongdian-jiuzhu-2021", arguments: ["--pdf", "--jobs", "2"])
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        let documents = names.filter { $0.hasSuffix(".docx") }
        #expect(documents.count == 3)
        let pdftotext = try #require(TemplatePreviewTests.which("pdftotext"))
        for document in documents {
            let pdf = out.appendingPathComponent(String(document.dropLast(5)) + ".pdf")
            let text = try EndToEnd.run(URL(fileURLWithPath: pdftotext), [pdf.path, "-"]).stdout
            // Each document names its project; a PDF of the wrong document would not.
            #expect(text.contains("重点救助对象医保补助"), "\(pdf.lastPathComponent)")
        }
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        for document in documents { #expect(manifest.contains(String(document.dropLast(5)) + ".pdf")) }
    }

    /// LibreOffice stamps the conversion time; reportgen replaces it with 1 January of the year
    /// after the report's year, and batches documents the same way whatever --jobs says, so two
    /// runs give the same bytes.
    @Test(.enabled(if: canConvert, "soffice or pdftotext missing"), .timeLimit(.minutes(5)))
    func pdfsAreReproducible() throws {
        let out = try PackageTests.generate("zhongdian-jiuzhu-2021", arguments: ["--pdf", "--jobs", "2"])
        let first = try Self.pdfHashes(in: out)
        let second = try Self.pdfHashes(in: PackageTests.generate("zhongdian-jiuzhu-2021", arguments: ["--pdf", "--jobs", "1"]))
        #expect(first.count == 3)
        #expect(first == second)
        let pdfinfo = try #require(TemplatePreviewTests.which("pdfinfo"))
        for name in first.keys {
            let file = out.appendingPathComponent(name)
            let info = try EndToEnd.run(URL(fileURLWithPath: pdfinfo), [file.path]).stdout
            #expect(info.contains("CreationDate:") && info.contains("2022"), "\(name): \(info)")
        }
    }

    /// LibreOffice profiles are kept in the cache folder (README: `reportgen/libreoffice/` in it)
    /// for later runs. One that no longer starts LibreOffice — here a file where its `user`
    /// folder belongs, as a LibreOffice killed while building it can leave, which stops
    /// LibreOffice with "User installation could not be completed" — is built again, and the
    /// PDFs are the same bytes as with new profiles.
    @Test(.enabled(if: canConvert, "soffice or pdftotext missing"), .timeLimit(.minutes(5)))
    func aBrokenKeptProfileIsRebuilt() throws {
        let cache = try EndToEnd.temporaryDirectory()
        let profiles = cache.appendingPathComponent("reportgen/libreoffice")
        for slot in 0 ..< 2 {
            let profile = profiles.appendingPathComponent("profile-\(slot)")
            try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
            try Data("not a folder".utf8).write(to: profile.appendingPathComponent("user"))
            try Data().write(to: profile.appendingPathComponent("reportgen-ready-2"))
        }
        let out = try EndToEnd.temporaryDirectory().appendingPathComponent("out")
        let result = try EndToEnd.reportgen(["package", PackageTests.examplePackage("zhongdian-jiuzhu-2021").path, "-o", out.path,
                                             "--quiet", "--pdf", "--jobs", "2"], environment: ["XDG_CACHE_HOME": cache.path])
        #expect(result.status == 0, "\(result.stderr)")
        let hashes = try Self.pdfHashes(in: out)
        #expect(hashes.count == 3)
        let fresh = try Self.pdfHashes(in: PackageTests.generate("zhongdian-jiuzhu-2021", arguments: ["--pdf", "--jobs", "2"]))
        #expect(hashes == fresh)
        for slot in 0 ..< 2 {
            var isDirectory: ObjCBool = false
            let user = profiles.appendingPathComponent("profile-\(slot)/user").path
            #expect(FileManager.default.fileExists(atPath: user, isDirectory: &isDirectory) && isDirectory.boolValue, "\(user)")
        }
    }

    /// An early LibreOffice that loses the race to the convert run and ignores the stop signal
    /// (seen once: reportgen waited 9 minutes for it) is killed shortly after: the fake
    /// `soffice.bin` below ignores SIGTERM and would only write its marker after two minutes.
    @Test(.enabled(if: canConvert, "soffice or pdftotext missing"), .timeLimit(.minutes(5)))
    func anEarlyLibreOfficeThatIgnoresTheStopSignalIsKilled() throws {
        let marker = try EndToEnd.temporaryDirectory().appendingPathComponent("outlived")
        let (path, cache) = try Self.fakeEarlyLibreOffice("trap '' TERM\nsleep 120\ntouch \(marker.path)")
        let out = try EndToEnd.temporaryDirectory().appendingPathComponent("out")
        let result = try EndToEnd.reportgen(["package", PackageTests.examplePackage("zhongdian-jiuzhu-2021").path, "-o", out.path,
                                             "--quiet", "--pdf", "--jobs", "2"], environment: ["XDG_CACHE_HOME": cache.path, "PATH": path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.pdfHashes(in: out).count == 3)
        #expect(!FileManager.default.fileExists(atPath: marker.path), "the early LibreOffice was waited for until it quit by itself")
    }

    /// LibreOffice starts before the definitions are read, so that its start-up overlaps
    /// loading and rendering; when the definitions have errors it converts nothing and must not
    /// outlive the run, even one that ignores SIGTERM (the fake `soffice.bin` below).
    @Test(.enabled(if: canConvert, "soffice or pdftotext missing"), .timeLimit(.minutes(5)))
    func definitionErrorsLeaveNoLibreOfficeRunning() throws {
        let (path, cache) = try Self.fakeEarlyLibreOffice("trap '' TERM\nsleep 600")
        let example = try EndToEnd.temporaryDirectory().appendingPathComponent("zhongdian-jiuzhu-2021")
        try FileManager.default.copyItem(at: EndToEnd.packageRoot.appendingPathComponent("examples/zhongdian-jiuzhu-2021"), to: example)
        let package = example.appendingPathComponent("package.json")
        var text = try String(contentsOf: package, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"year\"", with: "\"year\": \"二〇二一\", \"_year\"")
        try text.write(to: package, atomically: true, encoding: .utf8)
        let out = try EndToEnd.temporaryDirectory().appendingPathComponent("out")
        let result = try EndToEnd.reportgen(["package", package.path, "-o", out.path, "--pdf", "--jobs", "2"],
                                            environment: ["XDG_CACHE_HOME": cache.path, "PATH": path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("未生成任何文件"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let pgrep = try #require(TemplatePreviewTests.which("pgrep"))
        let fake = path.split(separator: ":").first.map { String($0) + "/soffice.bin" } ?? "soffice.bin"
        let left = try EndToEnd.run(URL(fileURLWithPath: pgrep), ["-f", fake]).stdout
        #expect(left.isEmpty, "still running after the run ended: \(left)")
    }

    /// A paragraph opening with ① prints it against the Chinese after it, as Word does:
    /// LibreOffice gives ① the script of its locale's language, so under C or English it
    /// counted as Latin and the Latin–Asian spacing set a gap after it ("① 多次召开").
    @Test(.enabled(if: canConvert, "soffice or pdftotext missing"), .timeLimit(.minutes(5)))
    func aCircledNumberOpeningAParagraphPrintsTight() throws {
        let out = try PackageTests.generate("panzhihua-2021", arguments: ["--pdf"])
        let pdftotext = try #require(TemplatePreviewTests.which("pdftotext"))
        let text = try EndToEnd.run(URL(fileURLWithPath: pdftotext), ["-layout", out.appendingPathComponent("部门整体绩效自评报告.pdf").path, "-"]).stdout
        #expect(text.contains("①多次召开"), "\(text.split(separator: "\n").filter { $0.contains("多次召开") })")
        #expect(!text.contains("① 多次召开"))
    }

    /// A PATH whose `soffice` is the real one and whose `soffice.bin` (what the early start runs)
    /// is a shell script with `body`, and a cache folder whose two profiles are marked ready, so
    /// that the early start runs the script.
    static func fakeEarlyLibreOffice(_ body: String) throws -> (path: String, cache: URL) {
        let realSoffice = try #require(TemplatePreviewTests.which("soffice"))
        let tools = try EndToEnd.temporaryDirectory()
        // Not a symlink: the early start takes `soffice.bin` from the folder `soffice` is in.
        try Data("#!/bin/sh\nexec \(realSoffice) \"$@\"\n".utf8).write(to: tools.appendingPathComponent("soffice"))
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: tools.appendingPathComponent("soffice.bin"))
        for name in ["soffice", "soffice.bin"] {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tools.appendingPathComponent(name).path)
        }
        let cache = try EndToEnd.temporaryDirectory()
        for slot in 0 ..< 2 {
            let profile = cache.appendingPathComponent("reportgen/libreoffice/profile-\(slot)")
            try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
            try Data().write(to: profile.appendingPathComponent("reportgen-ready-2"))
        }
        return (tools.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"), cache)
    }

    @Test func jobsMustBePositive() throws {
        let result = try EndToEnd.reportgen(["package", PackageTests.examplePackage("ippe-demo").path, "--jobs", "0"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--jobs"))
    }
}
