import Foundation
import Testing

/// `package --pdf`: one LibreOffice per job, every document converted, the same bytes every run.
@Suite(.serialized)
struct PDFConversionTests {
    static let canConvert = TemplatePreviewTests.which("soffice") != nil && TemplatePreviewTests.which("pdftotext") != nil

    static func pdfs(in directory: URL) throws -> [String: [UInt8]] {
        try PackageTests.files(in: directory).filter { $0.key.hasSuffix(".pdf") }
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
    /// after the report's year, so two runs give the same bytes.
    @Test(.enabled(if: canConvert, "soffice or pdftotext missing"), .timeLimit(.minutes(5)))
    func pdfsAreReproducible() throws {
        let first = try Self.pdfs(in: PackageTests.generate("zhongdian-jiuzhu-2021", arguments: ["--pdf", "--jobs", "2"]))
        let second = try Self.pdfs(in: PackageTests.generate("zhongdian-jiuzhu-2021", arguments: ["--pdf", "--jobs", "2"]))
        #expect(first.count == 3)
        #expect(first == second)
        let pdfinfo = try #require(TemplatePreviewTests.which("pdfinfo"))
        let directory = try EndToEnd.temporaryDirectory()
        for (name, bytes) in first {
            let file = directory.appendingPathComponent("x.pdf")
            try Data(bytes).write(to: file)
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
