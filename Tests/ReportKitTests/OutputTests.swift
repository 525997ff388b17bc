import Foundation
import Testing
@testable import ReportKit

@Suite struct FileNamingTests {
    @Test func namesCannotEscapeTheDirectory() {
        #expect(FileNaming.safeName("../../etc") == "etc")
        #expect(FileNaming.safeName("a/b\\c") == "a_b_c")
        #expect(!FileNaming.safeName("..").contains(".."))
        #expect(FileNaming.safeName("..") == "未命名")
        #expect(!FileNaming.safeName("x\u{0}y\ny").contains { $0.asciiValue.map { $0 < 0x20 } ?? false })
    }

    /// Names `safeName` gives back as they are (taken without trimming or cutting, issue 12)
    /// and names next to them that it still changes.
    @Test func plainNamesStayAndTheirNeighboursAreStillMadeSafe() {
        #expect(FileNaming.safeName("离休干部医疗费（第2号）") == "离休干部医疗费（第2号）")
        #expect(FileNaming.safeName("_离休干部医疗费") == "离休干部医疗费")
        #expect(FileNaming.safeName(" 离休干部医疗费") == "离休干部医疗费")
        #expect(FileNaming.safeName("离休干部医疗费 ") == "离休干部医疗费")
        #expect(FileNaming.safeName("离休干部医疗费.") == "离休干部医疗费")
        let fifty = String(repeating: "费", count: 50)
        #expect(FileNaming.safeName(fifty) == fifty, "150 bytes: the limit")
        #expect(FileNaming.safeName(fifty + "费") == fifty, "153 bytes: cut at a character")
        #expect(FileNaming.safeName("LPT1") == "_LPT1")
        #expect(FileNaming.safeName("离休\u{200B}干部") == "离休_干部")
    }

    @Test func windowsRules() {
        #expect(FileNaming.safeName("CON") == "_CON")
        #expect(FileNaming.safeName("nul.txt") == "_nul.txt")
        #expect(FileNaming.safeName("名称: 一?") == "名称_ 一_")
        #expect(FileNaming.safeName("结尾. ") == "结尾")
    }

    @Test func longNamesAreCutAtCharacterBoundaries() {
        let name = String(repeating: "医疗保障", count: 40)  // 480 UTF-8 bytes
        let safe = FileNaming.safeName(name)
        #expect(safe.utf8.count <= FileNaming.maximumBytes)
        #expect(safe.utf8.count > FileNaming.maximumBytes - 3)
        #expect(name.hasPrefix(safe))
    }

    @Test func chineseNamesStayReadable() {
        #expect(FileNaming.safeName("建国初期参加革命工作部分退休干部医疗补助金") == "建国初期参加革命工作部分退休干部医疗补助金")
        #expect(FileNaming.safeName("“智慧医保”（一期）") == "“智慧医保”（一期）")
    }

    /// The collision key is `lowercased()`, made from bytes for names of ASCII and the caseless
    /// CJK blocks (issue 12): for every scalar at and around those blocks' edges, alone and amid
    /// capitals and Chinese, it equals `lowercased()`; the byte path is taken inside the blocks
    /// only (a full-width capital, Ａ, has a lower case and is left to `lowercased()`).
    @Test func collisionKeysAreLowercasedNamesAtEveryBlockEdge() {
        let inside: [ClosedRange<UInt32>] = [0x00...0x7F, 0x3000...0x303F, 0x4E00...0x9FFF, 0xFF01...0xFF20, 0xFF3B...0xFF5E]
        let edges: [UInt32] = [0x00, 0x1F, 0x40, 0x41, 0x5A, 0x5B, 0x60, 0x61, 0x7A, 0x7F, 0x80, 0xC0, 0xDF, 0x130, 0x2FFF, 0x3000,
                               0x303F, 0x3040, 0x4DFF, 0x4E00, 0x9FFF, 0xA000, 0xFF00, 0xFF01, 0xFF20, 0xFF21, 0xFF3A, 0xFF3B,
                               0xFF40, 0xFF41, 0xFF5A, 0xFF5E, 0xFF5F, 0xFFFD, 0x1F600]
        for value in edges {
            let scalar = String(Unicode.Scalar(value)!)
            for text in [scalar, "AbZ" + scalar + "医疗", "离休" + scalar + "Q"] {
                #expect(FileNaming.collisionKey(text) == text.lowercased(), "U+\(String(value, radix: 16))")
                var bytes = text
                let byBytes = bytes.withUTF8(FileNaming.caselessCJKLowercased)
                #expect((byBytes != nil) == inside.contains { $0.contains(value) }, "U+\(String(value, radix: 16))")
            }
        }
        #expect(FileNaming.collisionKey("ABC项目（Ａ）") == "abc项目（ａ）")
        #expect(FileNaming.collisionKey("离休干部医疗费（第2号）") == "离休干部医疗费（第2号）")
    }
}

@Suite struct CSVTests {
    @Test func quotingFollowsRFC4180() {
        let table = CSVTable(header: ["a", "b"], rows: [["1,2", "say \"hi\""], ["line\nbreak", "plain"]])
        #expect(table.text == "a,b\r\n\"1,2\",\"say \"\"hi\"\"\"\r\n\"line\nbreak\",plain\r\n")
    }

    @Test func utf8WithByteOrderMark() throws {
        let bytes = try CSVEncoding.utf8BOM.encode("项目,1\r\n")
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self) == "项目,1\r\n")
    }

    @Test func gb18030MatchesTheStandardTable() throws {
        // 项 = CF EE, 目 = C4 BF in GB2312/GBK/GB18030; 𠮷 (U+20BB7) = 95 34 B2 35 in GB18030.
        let bytes = try CSVEncoding.gb18030.encode("项目𠮷,")
        #expect(bytes == [0xCF, 0xEE, 0xC4, 0xBF, 0x95, 0x34, 0xB2, 0x35, 0x2C])
    }
}

@Suite struct StagedOutputTests {
    func makeTempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reportgen-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func commitReplacesTheDirectoryAndLeavesNoStaging() throws {
        let root = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: root) }
        let destination = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: destination.appendingPathComponent("old.txt"))

        let output = try StagedOutput(destination: destination)
        try output.write("new.txt", Array("new".utf8))
        try output.write("sub/nested.txt", Array("n".utf8))
        try output.commit()

        let names = try FileManager.default.contentsOfDirectory(atPath: destination.path).sorted()
        #expect(names == ["new.txt", "sub"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["out"])
    }

    @Test func abandonedOutputLeavesTheOldDirectoryUntouched() throws {
        let root = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: root) }
        let destination = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: destination.appendingPathComponent("old.txt"))

        do {
            let output = try StagedOutput(destination: destination)
            try output.write("new.txt", Array("new".utf8))
            // no commit: as if rendering failed half way
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["out"])
        #expect(try String(contentsOf: destination.appendingPathComponent("old.txt"), encoding: .utf8) == "old")
    }

    @Test func unsafeRelativePathsAreRefused() throws {
        let root = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try StagedOutput(destination: root.appendingPathComponent("out"))
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a//b"] {
            #expect(throws: ReportKitError.self) { try output.write(bad, [1]) }
        }
    }

    /// An update in place (issue 12): only the named files change; a file to remove is removed
    /// only while it still holds what the manifest said; a journal cut short is not applied.
    @Test func anUpdateInPlaceTouchesOnlyItsFilesAndNeverAUsersEdit() throws {
        let root = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: root) }
        let destination = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        for (name, text) in [("keep.txt", "k"), ("old.txt", "o"), ("edited.txt", "e2"), ("same.txt", "s1")] {
            try Data(text.utf8).write(to: destination.appendingPathComponent(name))
        }
        let kept = try FileManager.default.attributesOfItem(atPath: destination.appendingPathComponent("keep.txt").path)[.systemFileNumber] as? Int
        let output = try StagedOutput(destination: destination)
        try output.write("same.txt", Array("s2".utf8))
        try output.write("new.txt", Array("n".utf8))
        try output.commitInPlace(removals: [.init(path: "old.txt", sha256: Manifest.sha256(Array("o".utf8))),
                                            .init(path: "edited.txt", sha256: Manifest.sha256(Array("e1".utf8)))],
                                 installs: ["same.txt", "new.txt"])
        func text(_ name: String) throws -> String { try String(contentsOf: destination.appendingPathComponent(name), encoding: .utf8) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: destination.path).sorted() == ["edited.txt", "keep.txt", "new.txt", "same.txt"])
        #expect(try text("same.txt") == "s2" && text("new.txt") == "n" && text("edited.txt") == "e2")
        #expect(try FileManager.default.attributesOfItem(atPath: destination.appendingPathComponent("keep.txt").path)[.systemFileNumber] as? Int == kept)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.contains("staging") } == [])

        let journal = PackageJournal.text(removals: [.init(path: "a b.docx", sha256: nil)], installs: ["x/y.csv", "manifest.json"])
        let file = root.appendingPathComponent("journal")
        try Data(journal.utf8).write(to: file)
        let read = try #require(PackageJournal.read(file.path))
        #expect(read.removals == [.init(path: "a b.docx", sha256: nil)] && read.installs == ["x/y.csv", "manifest.json"])
        try Data(journal.dropLast(4).utf8).write(to: file)
        #expect(PackageJournal.read(file.path) == nil)
    }

    @Test func aSecondOutputOnTheSameFolderIsRefusedWhileTheFirstHoldsTheLock() throws {
        let root = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: root) }
        let destination = root.appendingPathComponent("out")
        let first = try StagedOutput(destination: destination)
        do {
            _ = try StagedOutput(destination: destination)
            Issue.record("second output was not refused")
        } catch {
            #expect(error.code == .outputLocked)
            #expect(error.description.contains("另一个 reportgen 进程正在写入"))
        }
        try first.write("a.txt", [1])
        try first.commit()
        // Released with the commit: a later run may write again, and no lock file is left.
        let later = try StagedOutput(destination: destination)
        try later.commit()
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["out"])
    }

    @Test func leftoversOfKilledRunsAreRemovedButNothingElse() throws {
        let root = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: root) }
        let destination = root.appendingPathComponent("out")
        // A staging folder with reportgen's marker (a killed run), one with a file of someone else's (not ours).
        let killed = root.appendingPathComponent(".out.reportgen-staging-abc")
        try FileManager.default.createDirectory(at: killed.appendingPathComponent("package"), withIntermediateDirectories: true)
        try Data(StagedOutput.markerText.utf8).write(to: killed.appendingPathComponent(StagedOutput.markerName))
        let stranger = root.appendingPathComponent(".out.reportgen-staging-xyz")
        try FileManager.default.createDirectory(at: stranger, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: stranger.appendingPathComponent("mine.txt"))
        // Killed right after creating its staging folder: empty, no marker yet.
        let empty = root.appendingPathComponent(".out.reportgen-staging-ghi")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        // A killed fallback swap: the old package is only in the staging folder's old/.
        let swapped = root.appendingPathComponent(".out.reportgen-staging-def")
        try FileManager.default.createDirectory(at: swapped.appendingPathComponent("old"), withIntermediateDirectories: true)
        try Data("old".utf8).write(to: swapped.appendingPathComponent("old/a.txt"))
        try Data(StagedOutput.markerText.utf8).write(to: swapped.appendingPathComponent(StagedOutput.markerName))

        let output = try StagedOutput(destination: destination)
        #expect(output.recovered.sorted() == [".out.reportgen-staging-abc", ".out.reportgen-staging-def", ".out.reportgen-staging-ghi"])
        #expect(try String(contentsOf: destination.appendingPathComponent("a.txt"), encoding: .utf8) == "old")
        #expect(FileManager.default.fileExists(atPath: stranger.path))
        #expect(!FileManager.default.fileExists(atPath: killed.path))
        #expect(!FileManager.default.fileExists(atPath: swapped.path))
    }

    @Test func aParentFolderReachedThroughASymlinkIsFine() throws {
        let root = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: root) }
        let real = root.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("link"), withDestinationURL: real)
        let output = try StagedOutput(destination: root.appendingPathComponent("link/sub/out"))
        try output.write("a.txt", [1])
        try output.commit()
        #expect(FileManager.default.fileExists(atPath: real.appendingPathComponent("sub/out/a.txt").path))
    }

    @Test func aSymlinkedDestinationIsNotFollowed() throws {
        let root = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: root) }
        let real = root.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("out"), withDestinationURL: real)
        #expect(throws: ReportKitError.self) { _ = try StagedOutput(destination: root.appendingPathComponent("out")) }
    }
}

@Suite struct ManifestTests {
    @Test func sha256KnownVector() {
        // FIPS 180-2 example: SHA-256("abc").
        #expect(Manifest.sha256(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func encodingIsDeterministicAndSorted() throws {
        let files = [Manifest.File(path: "b.csv", sha256: "2", bytes: 2), Manifest.File(path: "a.docx", sha256: "1", bytes: 1)]
        let a = try Manifest(tool: "reportgen 0.1.0", packageSHA256: "x", files: files, projects: []).encoded()
        let b = try Manifest(tool: "reportgen 0.1.0", packageSHA256: "x", files: files.reversed(), projects: []).encoded()
        #expect(a == b)
        let text = String(decoding: a, as: UTF8.self)
        #expect(text.range(of: "a.docx")!.lowerBound < text.range(of: "b.csv")!.lowerBound)
    }
}
