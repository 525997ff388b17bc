import Foundation
import JSONValue
import OOXML
import Testing

/// Issue 11 item 1: a template at the limits (elements and bytes of XML per archive) is
/// accepted and rendered within 512 MB; the issue's attacks just past them are refused at once.
@Suite struct MemoryBoundTests {
    static let time = "/usr/bin/time"
    static let hasTime = FileManager.default.isExecutableFile(atPath: time)
    /// scripts/sanitize.sh sets this: a sanitizer's shadow memory and quarantine make the
    /// binary's peak memory say nothing about reportgen's.
    static let sanitized = ProcessInfo.processInfo.environment["REPORTGEN_SANITIZER"] != nil

    static func docx(_ body: String) throws -> [UInt8] {
        let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        let document = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"\(w)\"><w:body>\(body)<w:sectPr/></w:body></w:document>"
        return try FuzzCorpusTests.wrap(Array(document.utf8))
    }

    /// Peak resident memory of one reportgen run, in KiB, from /usr/bin/time.
    static func peakKiB(_ arguments: [String]) throws -> (EndToEnd.Result, Int) {
        let result = try EndToEnd.run(URL(fileURLWithPath: time), ["-f", "PEAK=%M", EndToEnd.binary.path] + arguments,
                                      currentDirectory: EndToEnd.packageRoot)
        let line = result.stderr.split(separator: "\n").last { $0.hasPrefix("PEAK=") }
        return (result, line.flatMap { Int($0.dropFirst(5)) } ?? Int.max)
    }

    @Test(.enabled(if: hasTime, "needs /usr/bin/time to measure peak memory"),
          .disabled(if: sanitized, "peak memory is not reportgen's under a sanitizer"))
    func aTemplateAtTheElementLimitRendersUnder512MB() throws {
        let work = try EndToEnd.temporaryDirectory()
        // Three elements per paragraph, just under the 200 000-element limit; numbered, as
        // real paragraphs differ (identical ones compress past the ratio limit).
        let paragraphs = (XMLLimits.maximumElementsPerArchive - 100) / 3
        let template = work.appendingPathComponent("t.docx")
        try Data(try Self.docx((0..<paragraphs).map { "<w:p><w:r><w:t>{{name}} 第\($0)段</w:t></w:r></w:p>" }.joined())).write(to: template)
        let data = work.appendingPathComponent("d.json")
        try Data(#"{"name": "值"}"#.utf8).write(to: data)
        let (result, peak) = try Self.peakKiB(["render", "--template", template.path, "--data", data.path, "-o", work.appendingPathComponent("out.docx").path])
        #expect(result.status == 0, "\(result.stderr.prefix(500))")
        #expect(peak < 512 * 1024, "peak \(peak) KiB")
    }

    @Test func sixteenMillionEmptyElementsAreRefusedAtOnce() throws {
        let work = try EndToEnd.temporaryDirectory()
        let template = work.appendingPathComponent("t.docx")
        try Data(try Self.docx("<w:p>" + String(repeating: "<a/>", count: 16_000_000) + "</w:p>")).write(to: template)
        let result = try EndToEnd.reportgen(["template", "check", template.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-ZIP-004") || result.stdout.contains("E-ZIP-004"))
    }

    /// A definition of `count` tiny values under an unknown field (`filler`), written as
    /// scripts/big-definition.py writes it.
    static func definition(values count: Int, package: Bool) throws -> URL {
        let file = try EndToEnd.temporaryDirectory().appendingPathComponent("big.json")
        let head = package ? #"{"format":"reportgen/1","title":"大","year":2021,"projects":[],"filler":["#
                           : #"{"id":"big","name":"大","year":2021,"filler":["#
        try Data((head + String(repeating: "0,", count: count - 1) + "0]}").utf8).write(to: file)
        return file
    }

    @Test(.enabled(if: hasTime, "needs /usr/bin/time to measure peak memory"),
          .disabled(if: sanitized, "peak memory is not reportgen's under a sanitizer"))
    func aDefinitionJustUnderTheValueLimitIsReadUnder512MB() throws {
        // The root object and its four members are values too.
        let file = try Self.definition(values: JSONParser.defaultMaximumValues - 10, package: false)
        let (result, peak) = try Self.peakKiB(["validate", file.path])
        // Read in full: the one problem is the unknown field, not a limit.
        #expect(result.status == 1)
        let output = result.stdout + result.stderr
        #expect(output.contains("E-DEF-012") && !output.contains("E-LIM-004"), "\(output.prefix(500))")
        #expect(peak < 512 * 1024, "peak \(peak) KiB")
    }

    /// Issue 11: a definition near the 64 MiB file limit holding tens of millions of values
    /// (each once took ~180 bytes with its location: several GB) is refused with E-LIM-004,
    /// by `validate` and by `package`, within 512 MB.
    @Test(.enabled(if: hasTime, "needs /usr/bin/time to measure peak memory"),
          .disabled(if: sanitized, "peak memory is not reportgen's under a sanitizer"))
    func tensOfMillionsOfValuesAreRefusedUnder512MB() throws {
        // 2 bytes a value: a 62 MiB file, just under the 64 MiB definition limit the README states.
        let count = 31 * 1024 * 1024
        for (package, command) in [(false, ["validate"]), (true, ["package"])] {
            let file = try Self.definition(values: count, package: package)
            let out = file.deletingLastPathComponent().appendingPathComponent("out")
            let (result, peak) = try Self.peakKiB(command + [file.path] + (package ? ["-o", out.path] : []))
            #expect(result.status == 1)
            let output = result.stdout + result.stderr
            #expect(output.contains("E-LIM-004"), "\(output.prefix(500))")
            #expect(peak < 512 * 1024, "\(command[0]): peak \(peak) KiB")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }
}

