import Crypto
import Foundation
import Testing
import OOXML
import Reports
@testable import ReportKit

/// Issue 12: a whole package's `manifest.json` and package record are written from the run's
/// compact records (`WrittenFiles`, `PackageManifest`), never held whole as a `Manifest`. They
/// must be the bytes the `Manifest` of the same files gives (and `JSONEncoder`, which that
/// encoder stands for).
@Suite struct ManifestStreamTests {
    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("reportgen-\(name)-\(UUID().uuidString)")
    }

    /// The files in a staging folder, read back and hashed, sorted as `Manifest` sorts them:
    /// made without `StagedFiles`' records.
    static func filesOnDisk(_ folder: URL) throws -> [Manifest.File] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).map { name in
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
            return Manifest.File(path: name, sha256: Manifest.sha256(bytes), bytes: bytes.count)
        }.sorted { $0.path < $1.path }
    }

    @Test func aGeneratedPackagesManifestAndRecordAreTheWholeManifestsBytes() throws {
        let package = try PackageLoader.load(path: TestTools.packageRoot.appendingPathComponent("examples/panzhihua-2021/package.json").path)
        let templates = try TemplateSet.make(for: package, defaults: TestTools.packageRoot.appendingPathComponent("templates"))
        var options = PackageOptions()
        options.toolVersion = "reportgen test"
        let generator = PackageGenerator(package: package, templates: templates, packageBytes: Array("package".utf8), options: options)
        let work = Self.temporary("stream")
        defer { try? FileManager.default.removeItem(at: work) }
        let files = StagedFiles(try StagedOutput(destination: work.appendingPathComponent("out")))
        _ = try generator.generate(selection: nil, into: files)

        let onDisk = try Self.filesOnDisk(files.output.staging)
        #expect(onDisk.count > 10)
        let whole = Manifest(tool: "reportgen test", packageSHA256: Manifest.sha256(Array("package".utf8)), files: onDisk,
                             projects: package.projects.indices.map(generator.manifestProject))
        let streamed = PackageManifest(generator: generator, files: files.sorted(releasing: true))
        var pieces: [[UInt8]] = []
        ManifestText.encode(pieces: streamed, { pieces.append($0) })
        let bytes = Array(pieces.joined())
        #expect(bytes == (try whole.encodedByFoundation()))
        #expect(bytes == (try whole.encoded()))
        #expect(try Manifest.decode(bytes) == whole)

        // The record written from the entries is the record written from the whole manifest.
        let destination = work.appendingPathComponent("package")
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        let manifestPath = destination.appendingPathComponent(PackageGenerator.manifestName).path
        try SystemFiles.writeNewFile(manifestPath, bytes)
        let written = SystemFiles.stamp(manifestPath)
        let stamps = onDisk.indices.map { $0 % 3 == 0 ? nil : SystemFiles.Stamp(device: 7, inode: UInt64($0), size: Int64(onDisk[$0].bytes), modified: 1, changed: 2) }
        let fromEntries = work.appendingPathComponent("cache-entries"), fromWhole = work.appendingPathComponent("cache-whole")
        PackageIndex.write(for: destination, entries: streamed, stamps: { stamps[$0] }, templates: ["a"], written: written, cache: fromEntries)
        PackageIndex.write(for: destination, manifest: whole, stamps: stamps, templates: ["a"], written: written, cache: fromWhole)
        let a = try Data(contentsOf: URL(fileURLWithPath: try #require(PackageIndex.path(of: destination, in: fromEntries))))
        let b = try Data(contentsOf: URL(fileURLWithPath: try #require(PackageIndex.path(of: destination, in: fromWhole))))
        #expect(a == b)
        let index = try #require(PackageIndex.read(for: destination, cache: fromEntries))
        #expect(index.manifest == whole)
        #expect(index.stamps == stamps)
    }

    /// Paths are sorted as Strings, as `Manifest` sorts them, also where that is not the order of
    /// their bytes (a name not in NFC) or two names are canonically equal.
    @Test func writtenFilesAreInStringOrder() throws {
        let sets: [[String]] = [
            ["项目支出绩效自评报告-乙.docx", "b.csv", "项目支出绩效自评表-甲.csv", "A.docx", "项目支出绩效自评报告-甲.docx", "ab", "a"],
            // Decomposed é sorts after f as a String, before it as bytes.
            ["e\u{301}z.docx", "f.docx", "\u{e9}a.docx", "项目.docx"],
            // A CJK compatibility ideograph and its canonical equivalent: equal as Strings.
            ["\u{F900}.docx", "b.docx", "\u{8C48}.docx", "a.docx"],
        ]
        for names in sets {
            let work = Self.temporary("order")
            defer { try? FileManager.default.removeItem(at: work) }
            let files = StagedFiles(try StagedOutput(destination: work.appendingPathComponent("out")))
            for name in names { try files.write(name, Array(name.utf8)) }
            let expected = names.indices.sorted { names[$0] < names[$1] }.map { names[$0] }
            #expect(files.files.map(\.path).map { Array($0.utf8) } == expected.map { Array($0.utf8) })
            #expect(files.files.map(\.sha256) == expected.map { Manifest.sha256(Array($0.utf8)) })
            let table = files.sorted()
            #expect((0..<table.count).map { Array(table.path($0).utf8) } == expected.map { Array($0.utf8) })
            #expect((0..<table.count).map(table.bytes) == expected.map(\.utf8.count))
        }
    }
}
