import Foundation
import Testing
@testable import Reports

/// The compact list of a package's projects (`ProjectList`, issue 12) and the project record's
/// entries read back from disk (`EntryFile`): what is asked for is what was put in, to the byte
/// for amounts, and bytes changed on disk after the record was checked are never taken.
@Suite struct ProjectListTests {
    static let root = ProjectRecordTests.root

    /// Every example project, slimmed as a package load slims it, comes back from the list
    /// equal in every field; projects that are not slim are kept as they are.
    @Test(arguments: ["yanbian-2021", "zhongdian-jiuzhu-2021", "panzhihua-2021"])
    func everyExampleProjectComesBackAsAppended(_ example: String) throws {
        let path = Self.root.appendingPathComponent("examples/\(example)/package.json").path
        let whole = try PackageLoader.load(path: path)
        #expect(!whole.projects.isEmpty)
        let originals = Array(whole.projects)
        #expect(originals.allSatisfy { !$0.isSlim })
        let checked = [DefinitionProblem(code: .projectFileChanged, message: "提示", file: "a.json", path: "body[0]", line: 2, column: 5)]
        let slims = originals.enumerated().map { i, project in
            project.slimmed(from: URL(fileURLWithPath: "/tmp/项目 \(i).json"), checked: i % 2 == 0 ? checked : [])
        }
        var list = ProjectList()
        for (slim, full) in zip(slims, originals) {
            list.append(slim)
            list.append(full)
        }
        #expect(list.count == 2 * originals.count)
        for (i, (slim, full)) in zip(slims, originals).enumerated() {
            ProjectRecordTests.expectSame(list[2 * i], slim)
            #expect(list[2 * i].isSlim)
            ProjectRecordTests.expectSame(list[2 * i + 1], full)
            #expect(list[2 * i + 1].definition.indicators == full.definition.indicators)
        }
        // A package loaded slim holds the same projects as the projects slimmed by hand.
        let loaded = try PackageLoader.load(path: path, slim: PackageLoader.Slim { _ in [] })
        #expect(loaded.projects.count == originals.count)
        for (project, original) in zip(loaded.projects, originals) {
            let expected = project.isSlim ? original.slimmed(from: URL(fileURLWithPath: "/"), checked: []) : original
            #expect(project.definition == expected.definition && project.evaluation == expected.evaluation)
        }
    }

    /// Amounts come back with the very bytes they had: the compact form (exponent, flags and
    /// mantissa words) and the 20-byte form alike, from zero to the largest Decimal.
    @Test func amountsComeBackToTheByte() throws {
        var values: [Decimal] = [0, 1, -1, Decimal(string: "0.01")!, Decimal(string: "-123456.78")!, Decimal(string: "1.50")!,
                                 Decimal(string: "12345678901234567890.123456789")!, .greatestFiniteMagnitude,
                                 .leastNonzeroMagnitude, .leastFiniteMagnitude]
        values.append(Decimal(sign: .minus, exponent: -5, significand: Decimal(UInt64.max)))
        for value in values {
            var w = ProjectRecord.Writer()
            w.decimal(value)
            #expect(w.bytes.count <= 3 + 8 * 3)
            let back = w.bytes.withUnsafeBufferPointer { buffer -> Decimal? in
                var r = ProjectRecord.Reader(buffer)
                let decoded = r.decimal()
                return r.failed || !r.atEnd ? nil : decoded
            }
            let decoded = try #require(back, "\(value)")
            #expect(withUnsafeBytes(of: decoded, Array.init) == withUnsafeBytes(of: value, Array.init), "\(value)")
        }
        // A usual amount takes a few bytes, not the Decimal's 20.
        var w = ProjectRecord.Writer()
        w.decimal(Decimal(string: "8813.27")!)
        #expect(w.bytes.count < 10)
    }

    /// An entry whose bytes are changed in the record file after the record was read and
    /// checked (the file edited in place, not replaced) is no entry: that project file is read
    /// again, and the next load still gives every project.
    @Test func anEntryChangedOnDiskAfterTheCheckIsNotUsed() throws {
        let path = Self.root.appendingPathComponent("examples/panzhihua-2021/package.json").path
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("project-list-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        let first = try PackageLoader.load(path: path, slim: PackageLoader.Slim(cacheFolder: cache) { _ in [] })
        let slim = first.projects.filter(\.isSlim)
        #expect(slim.count >= 5)
        let packageBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let index = ProjectIndex(packagePath: path, packageBytes: packageBytes, cache: cache)
        let file = try #require(index.file)
        let saved = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        // In place: the open record keeps reading this very file.
        let handle = try #require(FileHandle(forUpdatingAtPath: file))
        try handle.seek(toOffset: UInt64(saved.count - 40))
        try handle.write(contentsOf: [saved[saved.count - 40] ^ 0x01])
        try handle.close()
        let found = slim.map { index.lookup(LoadSession.Match(url: $0.reloadFrom!, display: $0.file)) != nil }
        #expect(found.filter { !$0 }.count == 1, "only the entry whose byte changed is refused")
        let again = try PackageLoader.load(path: path, slim: PackageLoader.Slim(cacheFolder: cache) { _ in [] })
        #expect(again.projects.map(\.definition) == first.projects.map(\.definition))
    }

    /// The spool of fresh entries and the record written in pieces: a load with no record, a
    /// load taking every entry from it, and a load with no cache folder hold the same projects.
    @Test func recordedAndFreshLoadsHoldTheSameProjects() throws {
        let path = Self.root.appendingPathComponent("examples/zhongdian-jiuzhu-2021/package.json").path
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("project-list-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        let none = try PackageLoader.load(path: path, slim: PackageLoader.Slim { _ in [] })
        let fresh = try PackageLoader.load(path: path, slim: PackageLoader.Slim(cacheFolder: cache) { _ in [] })
        let recorded = try PackageLoader.load(path: path, slim: PackageLoader.Slim(cacheFolder: cache) { _ in [] })
        #expect(none.projects.count == fresh.projects.count && fresh.projects.count == recorded.projects.count)
        for i in none.projects.indices {
            ProjectRecordTests.expectSame(fresh.projects[i], none.projects[i])
            ProjectRecordTests.expectSame(recorded.projects[i], none.projects[i])
        }
        #expect(none.warnings == recorded.warnings)
        // No spool left behind in the cache folder.
        let names = try FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent("projects").path)
        #expect(names.count == 1 && names[0].hasSuffix(".bin"))
    }
}
