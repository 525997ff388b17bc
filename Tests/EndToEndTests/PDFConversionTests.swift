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

    @Test func jobsMustBePositive() throws {
        let result = try EndToEnd.reportgen(["package", PackageTests.examplePackage("ippe-demo").path, "--jobs", "0"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--jobs"))
    }
}
