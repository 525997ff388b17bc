import ErrorCodes
import Foundation
import Testing

/// Operating-system failures reach the user as reportgen's coded Chinese errno lines, never as
/// Foundation's English `localizedDescription`; retired codes are never raised again.
@Suite struct SystemMessageTests {
    static let hasLibreOffice = TemplatePreviewTests.which("soffice") != nil

    /// `--pdf` whose scratch folder cannot be made (TMPDIR is a file): one E-IO line naming the
    /// path, the operation and the errno's meaning in Chinese; nothing written.
    @Test(.enabled(if: hasLibreOffice, "soffice missing: --pdf stops before its scratch folder"))
    func pdfScratchFolderFailureIsCodedChinese() throws {
        let work = try EndToEnd.temporaryDirectory()
        let notAFolder = work.appendingPathComponent("tmp-file")
        try Data("x".utf8).write(to: notAFolder)
        let out = work.appendingPathComponent("out")
        let package = EndToEnd.packageRoot.appendingPathComponent("examples/zhongdian-jiuzhu-2021/package.json")
        let result = try EndToEnd.reportgen(["package", package.path, "--pdf", "-o", out.path, "--quiet"],
                                            environment: ["TMPDIR": notAFolder.path])
        #expect(result.status == 1, "\(result.stderr)")
        let line = result.stderr.split(separator: "\n").map(String.init).first { $0.contains("E-IO-") } ?? ""
        #expect(line.contains(notAFolder.path) && line.contains("为 PDF 转换创建目录失败：路径中的某一段不是目录"), "\(result.stderr)")
        for english in ["couldn", "The file", "operation", "Error Domain", "No such", "Not a directory"] {
            #expect(!result.stderr.contains(english), "English system text “\(english)”: \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// No source outside the catalogue names a retired code's case (W-DEF-001 became E-DEF-100;
    /// E-OUT-013 went with the copy-based `project --id`), and the code tables mark them 已停用.
    @Test func retiredCodesAreNeverRaised() throws {
        #expect(ErrorCode.retired.map(\.rawValue).sorted() == ["E-OUT-013", "W-DEF-001"])
        let sources = EndToEnd.packageRoot.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") && !$0.hasSuffix("ErrorCodes/ErrorCode.swift") }
        #expect(files.count > 50)
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for (code, name) in [("W-DEF-001", "weightsNot100"), ("E-OUT-013", "keptFileChanged")] {
                #expect(!text.contains("." + name) && !text.contains(code), "\(file) uses retired \(code) (\(name))")
            }
        }
        let table = try String(contentsOf: EndToEnd.packageRoot.appendingPathComponent("docs/数据格式.md"), encoding: .utf8)
        #expect(table.contains("| W-DEF-001 | 已停用 |"))
    }
}
