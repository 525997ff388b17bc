import Foundation
import Testing

/// `package --templates DIR`: DIR may hold any subset of the templates; the rest are the
/// defaults, and every problem names the template file it is in.
@Suite struct TemplateOverlayTests {
    static let package = PackageTests.examplePackage("ippe-demo").path

    static func overlay(_ files: [String: URL]) throws -> URL {
        let dir = try EndToEnd.temporaryDirectory().appendingPathComponent("my-templates")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, source) in files { try FileManager.default.copyItem(at: source, to: dir.appendingPathComponent(name)) }
        return dir
    }

    @Test func oneTemplateReplacesItsDefaultOnly() throws {
        let summary = EndToEnd.packageRoot.appendingPathComponent("templates/summary.docx")
        let dir = try Self.overlay(["summary.docx": summary])
        let out = dir.deletingLastPathComponent().appendingPathComponent("out")
        let result = try EndToEnd.reportgen(["package", Self.package, "--templates", dir.path, "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("使用 --templates 目录中的模板：summary.docx；其余 4 个模板不变"), "\(result.stderr)")
        // Rendered from the overlay, the summary equals the one from the shipped defaults.
        let reference = try PackageTests.generate("ippe-demo")
        let name = "项目支出绩效自评汇总表.docx"
        #expect(try Data(contentsOf: out.appendingPathComponent(name)) == Data(contentsOf: reference.appendingPathComponent(name)))
    }

    @Test func errorsNameTheTemplateFileOnce() throws {
        let bad = TemplatingCommandTests.fixtures.appendingPathComponent("bad.docx")
        let dir = try Self.overlay(["document.docx": bad])
        let out = dir.deletingLastPathComponent().appendingPathComponent("out")
        let result = try EndToEnd.reportgen(["package", Self.package, "--templates", dir.path, "-o", out.path])
        #expect(result.status == 1)
        let file = dir.appendingPathComponent("document.docx").path
        let lines = result.stderr.split(separator: "\n").filter { $0.contains("E-TPL-001") }
        // document.docx serves two documents (final accounts, department): reported once.
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(lines.allSatisfy { $0.contains("模板 \(file)") }, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func aFolderWithoutTemplatesIsRefused() throws {
        let readme = EndToEnd.packageRoot.appendingPathComponent("README.md")
        let dir = try Self.overlay(["project report.docx": readme])
        let result = try EndToEnd.reportgen(["package", Self.package, "--templates", dir.path, "-o", dir.appendingPathComponent("out").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("E-OUT-006") && result.stderr.contains("summary.docx"), "\(result.stderr)")
        let missing = try EndToEnd.reportgen(["package", Self.package, "--templates", "/nonexistent-reportgen-dir"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("找不到 --templates 目录"))
    }
}
