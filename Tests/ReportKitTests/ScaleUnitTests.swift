import Foundation
import Testing
import OOXML
import Reports
@testable import ReportKit

/// Issue 12's memory and incremental work: the manifest written without Foundation's encoder
/// (same bytes), slim projects read again from their files, the stamp record's rule.
@Suite struct ScaleUnitTests {
    @Test func manifestBytesAreJSONEncodersBytes() throws {
        let odd = "引号\"反斜杠\\斜杠/换行\n回车\r制表\t退格\u{8}换页\u{c}控制\u{1}\u{1f}空格 结尾"
        let manifests = [
            Manifest(tool: "reportgen 0.1.0", packageSHA256: "abc",
                     files: [Manifest.File(path: "b/项目.docx", sha256: "00ff", bytes: 0),
                             Manifest.File(path: odd, sha256: "11", bytes: 1234567)],
                     projects: [Manifest.Project(id: "p1", name: odd, total: "93.2", grade: "优", files: ["a.docx", odd]),
                                Manifest.Project(id: "p2", name: "无评分", total: nil, grade: nil, files: []),
                                Manifest.Project(id: "p3", name: "只有等级", total: nil, grade: "良", files: ["x"])]),
            Manifest(tool: "reportgen", packageSHA256: "", files: [], projects: []),
        ]
        for manifest in manifests {
            #expect(try manifest.encoded() == (try manifest.encodedByFoundation()))
            // Read back line by line, it is what Foundation's decoder reads.
            let bytes = try manifest.encoded()
            #expect(try Manifest.decode(bytes) == manifest)
            #expect(try JSONDecoder().decode(Manifest.self, from: Data(bytes)) == manifest)
        }
        // Another layout (compact, keys reordered by hand) still reads, through the decoder.
        let compact = Array(#"{"tool":"reportgen","projects":[],"packageSHA256":"x","format":"reportgen-manifest/1","files":[{"path":"a","sha256":"b","bytes":1}]}"#.utf8)
        #expect(try Manifest.decode(compact).files == [Manifest.File(path: "a", sha256: "b", bytes: 1)])
        #expect(throws: (any Error).self) { try Manifest.decode(Array("{\"files\": [".utf8)) }
    }

    /// A 汇总表 of thousands of projects (its rows made in parts on several threads) has, at each
    /// index, the row the same project gets alone (only 序号 differs: its place in the package).
    @Test func largeSummaryRowsAreEachProjectsOwnRow() throws {
        let package = try PackageLoader.load(path: TestTools.packageRoot.appendingPathComponent("examples/panzhihua-2021/package.json").path)
        let examples = package.projects
        #expect(examples.count > 3)
        let many = (0..<5_000).map { index -> LoadedProject in
            var project = examples[index % examples.count]
            project.definition.id += "-\(index)"
            project.definition.name += "（\(index)）"
            return project
        }
        let form = SummaryForm(year: package.definition.year, unit: package.definition.unit, projects: ProjectList(many))
        #expect(form.rows.count == many.count)
        for (index, row) in form.rows.enumerated() {
            var alone = try #require(SummaryForm(year: package.definition.year, unit: package.definition.unit, projects: [many[index]]).rows.first)
            #expect(alone.index == "1")
            alone.index = String(index + 1)
            #expect(row == alone, "row \(index + 1)")
        }
    }

    /// A CSV written record by record in small pieces (the package's 汇总表) is, in either
    /// encoding, the bytes of the whole table encoded at once, and no piece holds much more than
    /// the piece size; a summary's records are its table's.
    @Test func csvInPiecesIsTheWholeCSV() throws {
        let odd = ["引号\"", "逗号,", "换行\n", " 空格 ", "𠮷", "", "普通"]
        let table = CSVTable(preamble: [["填报单位：某单位", "", "金额单位：万元"]], header: ["序号", "名称", "金额"],
                             rows: (0..<500).map { [String($0 + 1), "项目\($0)" + odd[$0 % odd.count], "\($0).00"] })
        for encoding in CSVEncoding.allCases {
            var pieces: [[UInt8]] = []
            try encoding.encode(records: table.records, pieceSize: 1_000) { pieces.append($0) }
            #expect(pieces.count > 3)
            #expect(pieces.allSatisfy { $0.count < 1_000 + 200 })
            #expect(Array(pieces.joined()) == (try encoding.encode(table)), "\(encoding)")
        }
        let package = try PackageLoader.load(path: TestTools.packageRoot.appendingPathComponent("examples/panzhihua-2021/package.json").path)
        let form = SummaryForm(year: package.definition.year, unit: package.definition.unit, projects: package.projects)
        // A project's record is read from the rows' bytes, every field but the id, in the header's order.
        let summary = SheetCSV.summary(form)
        #expect(summary.rows.count == form.rows.count + 2)
        for (index, row) in form.rows.enumerated() {
            #expect(summary.rows[index] == [row.index, row.name, row.department, row.implementer, row.annualBudget, row.executed,
                                          row.executionRate, row.score, row.grade])
        }
    }

    /// Written to the file in pieces as it is made (the package path), the manifest is the
    /// same bytes as made whole, and no piece holds much more than 64 KB.
    @Test func manifestInPiecesIsTheWholeManifest() throws {
        let files = (0..<3_000).map { Manifest.File(path: "项目支出绩效自评报告-项目\($0).docx", sha256: String(repeating: "ab", count: 32), bytes: $0) }
        let projects = (0..<1_000).map { Manifest.Project(id: "p\($0)", name: "项目\($0)", total: "90", grade: "优", files: [files[$0].path]) }
        let manifest = Manifest(tool: "reportgen", packageSHA256: "x", files: files, projects: projects)
        var pieces: [[UInt8]] = []
        manifest.encode { pieces.append($0) }
        #expect(pieces.count > 3)
        #expect(pieces.allSatisfy { $0.count < 66_000 })
        #expect(Array(pieces.joined()) == (try manifest.encoded()))
        #expect(try manifest.encoded() == (try manifest.encodedByFoundation()))
    }

    /// The package record, written in pieces with its checksum kept running, reads back.
    @Test func packageRecordInPiecesReadsBack() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("reportgen-record-\(UUID().uuidString)")
        let package = work.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: package, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let files = (0..<2_000).map { Manifest.File(path: "文件\($0).docx", sha256: String(repeating: "cd", count: 32), bytes: 10) }
        let manifest = Manifest(tool: "reportgen", packageSHA256: "y", files: files,
                                projects: [Manifest.Project(id: "p", name: "项目", total: nil, grade: nil, files: ["文件1.docx"])])
        let manifestPath = package.appendingPathComponent(PackageGenerator.manifestName).path
        try SystemFiles.writeNewFile(manifestPath, try manifest.encoded())
        let stamp = SystemFiles.stamp(manifestPath)
        let stamps = files.indices.map { SystemFiles.Stamp(device: 1, inode: UInt64($0), size: 10, modified: 2, changed: 3) as SystemFiles.Stamp? }
        let cache = work.appendingPathComponent("cache")
        PackageIndex.write(for: package, manifest: manifest, stamps: stamps, templates: [], written: stamp, cache: cache)
        let index = try #require(PackageIndex.read(for: package, cache: cache))
        #expect(index.manifest == manifest)
        #expect(index.stamps == stamps)
        #expect(index.manifestStamp == SystemFiles.stamp(manifestPath))
    }

    static func copyOfExample() throws -> URL {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("reportgen-slim-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestTools.packageRoot.appendingPathComponent("examples/yanbian-2021"), to: work)
        return work
    }

    @Test func aSlimProjectIsReadAgainWhole() throws {
        let work = try Self.copyOfExample()
        defer { try? FileManager.default.removeItem(at: work) }
        let path = work.appendingPathComponent("package.json").path
        let whole = try PackageLoader.load(path: path)
        let slim = try PackageLoader.load(path: path, slim: ChartCheck.slimLoading())
        #expect(slim.projects.count == whole.projects.count)
        for (s, w) in zip(slim.projects, whole.projects) {
            #expect(s.isSlim && !w.isSlim)
            #expect(s.definition.body.isEmpty)
            let again = try PackageLoader.reload(s, package: slim.definition).get()
            #expect(again.definition == w.definition && again.evaluation == w.evaluation)
        }
    }

    @Test func aProjectFileChangedAfterLoadingIsAnError() throws {
        let work = try Self.copyOfExample()
        defer { try? FileManager.default.removeItem(at: work) }
        let slim = try PackageLoader.load(path: work.appendingPathComponent("package.json").path, slim: ChartCheck.slimLoading())
        let project = try #require(slim.projects.first)
        let file = try #require(project.reloadFrom)
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "\"name\"", with: "\"name\" : \"改过的名称\", \"_old\"").write(to: file, atomically: true, encoding: .utf8)
        switch PackageLoader.reload(project, package: slim.definition) {
        case .success: Issue.record("a changed project file must not be rendered")
        case .failure(let errors): #expect(errors.problems.contains { $0.code == .projectFileChanged })
        }
    }

    /// The list `package` makes compact once loaded keeps what the package-wide passes read
    /// (ids, names, briefs, the charts' problems) and nothing of a slim project held whole: each
    /// project is read again from its file, whole, and one changed since loading is an error.
    @Test func aCompactListReadsEachProjectAgainAndRefusesAChangedOne() throws {
        let work = try Self.copyOfExample()
        defer { try? FileManager.default.removeItem(at: work) }
        let path = work.appendingPathComponent("package.json").path
        let whole = try PackageLoader.load(path: path)
        let slim = try PackageLoader.load(path: path, slim: ChartCheck.slimLoading())
        var compacting = ChartCheck.slimLoading()
        compacting.compactWith = PackageGenerator.projectDigest
        let compact = try PackageLoader.load(path: path, slim: compacting)
        #expect(compact.projects.count == whole.projects.count)
        for index in compact.projects.indices {
            #expect(compact.projects.isSlim(index))
            #expect(compact.projects.brief(index) == ProjectBrief(whole.projects[index]))
            #expect(compact.projects.key(index) == slim.projects.key(index))
            #expect(compact.projects.checkedProblems(index) == slim.projects.checkedProblems(index))
            let again = try compact.projects.reload(index, package: compact.definition).get()
            #expect(again.definition == whole.projects[index].definition && again.evaluation == whole.projects[index].evaluation)
        }
        // The list made compact after the fact holds the same as one made compact while loading.
        var after = slim.projects
        after.compact(digest: PackageGenerator.projectDigest)
        for index in after.indices {
            #expect(after.brief(index) == compact.projects.brief(index))
            #expect(try after.reload(index, package: slim.definition).get().definition == whole.projects[index].definition)
        }
        // A change of any field the project record holds (here only the title) is refused.
        let file = try #require(slim.projects[0].reloadFrom)
        let text = try String(contentsOf: file, encoding: .utf8)
        let title = try #require(whole.projects[0].definition.title)
        #expect(text.contains(title))
        try text.replacingOccurrences(of: title, with: title + "（改）").write(to: file, atomically: true, encoding: .utf8)
        switch compact.projects.reload(0, package: compact.definition) {
        case .success: Issue.record("a changed project file must not be rendered")
        case .failure(let errors): #expect(errors.problems.contains { $0.code == .projectFileChanged && $0.file == whole.projects[0].file })
        }
    }

    /// Made compact in batches on every core: a list of thousands of projects, slim ones and
    /// whole ones mixed, keeps each project's brief, key and file in its place.
    @Test func aLongMixedListMadeCompactKeepsEveryProjectInItsPlace() throws {
        let work = try Self.copyOfExample()
        defer { try? FileManager.default.removeItem(at: work) }
        let path = work.appendingPathComponent("package.json").path
        let whole = try PackageLoader.load(path: path)
        let slim = try PackageLoader.load(path: path, slim: ChartCheck.slimLoading())
        var list = ProjectList()
        // More than one batch of entries, and a whole project every 7th place.
        for index in 0..<5000 {
            let source = index % slim.projects.count
            list.append(index % 7 == 3 ? whole.projects[source] : slim.projects[source])
        }
        let before = list.indices.map { (list.brief($0), list.key($0), list.isSlim($0)) }
        #expect(before.contains { $0.2 } && before.contains { !$0.2 })
        list.compact(digest: PackageGenerator.projectDigest)
        #expect(list.count == before.count)
        for index in list.indices {
            #expect(list.brief(index) == before[index].0)
            #expect(list.key(index) == before[index].1)
            #expect(list.isSlim(index) == before[index].2)
        }
        // The last entry of the last batch is read again from its file, whole.
        let last = try #require(list.indices.last { list.isSlim($0) })
        let again = try list.reload(last, package: slim.definition).get()
        #expect(again.definition == whole.projects[last % slim.projects.count].definition)
        #expect(again.file == whole.projects[last % slim.projects.count].file)
    }

    @Test func theStampRecordVouchesOnlyForOlderUnchangedFiles() {
        let stamp = SystemFiles.Stamp(device: 1, inode: 2, size: 10, modified: 100, changed: 100)
        let file = Manifest.File(path: "a.docx", sha256: "ab", bytes: 10)
        var cache = StampCache()
        cache.takenAt = 200
        cache.entries["a.docx"] = .init(sha256: "ab", stamp: stamp)
        #expect(cache.vouches(for: file, stamp: stamp))
        var changed = stamp
        changed.changed = 150
        #expect(!cache.vouches(for: file, stamp: changed))
        var other = stamp
        other.inode = 3
        #expect(!cache.vouches(for: file, stamp: other))
        #expect(!cache.vouches(for: Manifest.File(path: "a.docx", sha256: "cd", bytes: 10), stamp: stamp))
        // Changed in the same clock tick as the record was taken: racily clean, so hashed.
        cache.takenAt = 100
        #expect(!cache.vouches(for: file, stamp: stamp))
    }
}
