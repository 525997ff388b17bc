import Foundation
import OOXML
import Reports
import Testing
@testable import ReportKit

/// Issue 12: the 汇总表's rows rendered in chunks whose deflated pieces are kept per package
/// folder (`SummaryChunks`). Whatever the record holds — nothing, the last run's pieces, pieces
/// of an older package, a corrupt, cut or foreign file — the summary written is the one a run
/// without any record writes; and a record that is whole is really used.
@Suite(.serialized) struct SummaryChunkTests {
    static let summaryDocx = PackageGenerator.summaryName + ".docx"
    static let summaryCSV = PackageGenerator.summaryName + ".csv"

    /// `count` projects cycled from the examples (each with its own id and name), as
    /// scripts/make-workload.py makes them; 600 rows are three chunks and pass the 1 MB spool
    /// threshold of the rows' XML.
    static func workload(_ count: Int) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("reportgen-chunks-\(UUID().uuidString)")
        let projects = root.appendingPathComponent("projects")
        try FileManager.default.createDirectory(at: projects, withIntermediateDirectories: true)
        var sources: [[String: Any]] = []
        for example in ["yanbian-2021", "zhongdian-jiuzhu-2021", "panzhihua-2021"] {
            let folder = TestTools.packageRoot.appendingPathComponent("examples/\(example)/projects")
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".json") {
                let data = try Data(contentsOf: folder.appendingPathComponent(name))
                sources.append(try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]))
            }
        }
        for i in 0..<count {
            var project = sources[i % sources.count]
            let id = String(format: "p%05d-", i + 1) + (project["id"] as? String ?? "x")
            project["id"] = String(id.prefix(60))
            project["name"] = "\(project["name"] as? String ?? "")（第\(i + 1)号）"
            project["year"] = 2021
            try JSONSerialization.data(withJSONObject: project).write(to: projects.appendingPathComponent("\(project["id"]!).json"))
        }
        let package = #"{"format": "reportgen/1", "year": 2021, "unit": {"name": "基准测试单位"}, "projects": ["projects/*.json"]}"#
        try Data(package.utf8).write(to: root.appendingPathComponent("package.json"))
        return root
    }

    /// The summary DOCX and CSV of the package at `root` (nothing else is rendered), with the
    /// record of `cache` for the folder `root/out` (none when `cache` is nil).
    static func summary(_ root: URL, cache: URL?) throws -> (docx: [UInt8], csv: [UInt8], chunked: Bool) {
        let package = try PackageLoader.load(path: root.appendingPathComponent("package.json").path)
        let templates = try TemplateSet.make(for: package, defaults: TestTools.packageRoot.appendingPathComponent("templates"))
        var options = PackageOptions()
        options.cacheFolder = cache
        options.outputFolder = root.appendingPathComponent("out")
        options.toolVersion = "reportgen test"
        let generator = PackageGenerator(package: package, templates: templates, packageBytes: [], options: options)
        let files = StagedFiles(try StagedOutput(destination: root.appendingPathComponent("staged-\(UUID().uuidString)")))
        _ = try generator.generate(selection: PackageGenerator.Selection(projects: [], documents: false), into: files)
        let docx = [UInt8](try Data(contentsOf: try files.url(of: summaryDocx)))
        let csv = [UInt8](try Data(contentsOf: try files.url(of: summaryCSV)))
        let archive = try ZipArchive(bytes: docx, name: summaryDocx)
        let entry = try #require(archive.entry(named: "word/document.xml"))
        // Chunked: more than one piece, each ended by a sync flush (00 00 FF FF) before the final block.
        let raw = try archive.readRaw("word/document.xml")
        let chunked = entry.compressionMethod == 8 && raw.suffix(2) == [0x03, 0x00]
            && raw.dropLast(2).suffix(4).elementsEqual([0x00, 0x00, 0xFF, 0xFF])
        return (docx, csv, chunked)
    }

    static func record(_ cache: URL) throws -> URL {
        let folder = cache.appendingPathComponent("summaries")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(names.count == 1, "\(names)")
        return folder.appendingPathComponent(try #require(names.first))
    }

    static func setExecuted(_ root: URL, project index: Int, _ transform: (String) -> String) throws {
        let folder = root.appendingPathComponent("projects")
        let name = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()[index]
        let file = folder.appendingPathComponent(name)
        try Data(transform(try String(contentsOf: file, encoding: .utf8)).utf8).write(to: file)
    }

    /// The CSV written as bytes is the text field by field (`CSVTable.field`), values that need
    /// quotes or hold lookalikes of the quoting characters included.
    @Test func csvBytesAreTheFieldsJoined() throws {
        let odd = ["普通", "逗,号", "引\"号", "换\n行", "回\r车", "回车换行\r\n", " 前空格", "后空格 ", " \u{301}合成", ",\u{301}", "", "—"]
        let table = CSVTable(preamble: [["填报单位：甲", "", "金额单位：万元"]], header: ["序号", "名称"], rows: odd.map { [$0, $0 + "x"] })
        var expected = ""
        for row in table.preamble + [table.header] + table.rows {
            expected += row.map(CSVTable.field).joined(separator: ",") + "\r\n"
        }
        #expect(table.utf8 == Array(expected.utf8))
        #expect(table.text == expected)
        #expect(try CSVEncoding.utf8BOM.encode(table) == (try CSVEncoding.utf8BOM.encode(expected)))
        #expect(try CSVEncoding.gb18030.encode(table) == (try CSVEncoding.gb18030.encode(expected)))
    }

    @Test func everyStateOfTheRecordGivesTheSummaryOfARunWithout() throws {
        let root = try Self.workload(600)
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = root.appendingPathComponent("cache")
        // The summary without a record, made again only when the package changed.
        var fresh: (docx: [UInt8], csv: [UInt8], chunked: Bool)?
        func expectFresh(_ label: String, changed: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let withRecord = try Self.summary(root, cache: cache)
            if changed || fresh == nil { fresh = try Self.summary(root, cache: nil) }
            let without = fresh!
            #expect(withRecord.docx == without.docx, "\(label)", sourceLocation: sourceLocation)
            #expect(withRecord.csv == without.csv, "\(label)", sourceLocation: sourceLocation)
            #expect(without.chunked, "\(label)", sourceLocation: sourceLocation)
        }

        try expectFresh("no record yet")
        let record = try Self.record(cache)

        // One project's figure changed: its chunk is rendered again, the others reused.
        try Self.setExecuted(root, project: 300) { $0.replacingOccurrences(of: "\"name\":\"", with: "\"name\":\"改·") }
        try expectFresh("one project renamed")

        // The record is used: pieces forged under the right scope and checksum show in the output.
        let bytes = [UInt8](try Data(contentsOf: record))
        let scope = Array(bytes[SummaryChunks.magic.count..<SummaryChunks.magic.count + 32])
        let kept = try #require(SummaryChunks.decode(bytes, scope: scope))
        #expect(kept.count == 3)
        let forged = try DeflatedSegment.compress(Array("<w:p/>".utf8)[...], level: 6)
        try Data(SummaryChunks.encode(scope: scope, pieces: kept.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { ($0, forged) }))
            .write(to: record)
        #expect(try Self.summary(root, cache: cache).docx != fresh?.docx)

        // Corrupt (one byte), cut short, foreign or of another scope: no record.
        var corrupt = bytes
        corrupt[corrupt.count / 2] ^= 0x55
        try Data(corrupt).write(to: record)
        try expectFresh("corrupt record", changed: false)
        try Data(bytes.prefix(bytes.count / 3)).write(to: record)
        try expectFresh("truncated record", changed: false)
        try Data("not a record".utf8).write(to: record)
        try expectFresh("foreign file", changed: false)
        var otherScope = kept.map { (digest: $0.key, segment: forged) }
        otherScope.sort { $0.digest.lexicographicallyPrecedes($1.digest) }
        try Data(SummaryChunks.encode(scope: Array(repeating: 7, count: 32), pieces: otherScope)).write(to: record)
        try expectFresh("another scope", changed: false)

        // A project added (the rows after it move: 序号 and place) and one removed.
        let folder = root.appendingPathComponent("projects")
        let first = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()[0]
        let added = try String(contentsOf: folder.appendingPathComponent(first), encoding: .utf8)
            .replacingOccurrences(of: "\"id\":\"p00001-", with: "\"id\":\"p00450a-")
            .replacingOccurrences(of: "\"name\":\"", with: "\"name\":\"新增·")
        try Data(added.utf8).write(to: folder.appendingPathComponent("p00450a.json"))
        try expectFresh("project added")
        try FileManager.default.removeItem(at: folder.appendingPathComponent(first))
        try expectFresh("project removed")
    }
}
