import ArgumentParser
import ErrorCodes
import Foundation
import OOXML
import ReportKit
import Reports

/// `--pdf`: every .docx of the staged package converted to PDF, one LibreOffice per job.
enum PDFConversion {
    static func soffice() -> String? { ExternalTool.find("soffice", "libreoffice") }

    /// Checked before anything is rendered, so a missing LibreOffice costs nothing.
    static func requireLibreOffice(console: Console) throws {
        guard soffice() == nil else { return }
        console.problems([CommandError(.pdfNoLibreOffice, "未找到 LibreOffice（soffice），无法转换 PDF。请安装：apt-get install -y libreoffice-writer-nogui fonts-noto-cjk，或去掉 --pdf。")],
                         summary: "未改动任何文件。")
        throw ExitCode(1)
    }

    /// The scratch folder and the LibreOffice profiles of one `--pdf` run, set up before
    /// rendering so that LibreOffice starts while the documents are rendered.
    final class Preparation: Sendable {
        let soffice: String
        let scratch: URL
        let profiles: LibreOfficeProfiles
        let early: LibreOfficeEarlyStart

        /// `workers`: LibreOffice instances started now; a package of two documents or more
        /// has at least two batches (`LibreOfficeConverter.batches`), so two never start in vain.
        init?(jobs: Int) {
            guard let soffice = PDFConversion.soffice() else { return nil }
            self.soffice = soffice
            scratch = FileManager.default.temporaryDirectory.appendingPathComponent("reportgen-pdf-\(UUID().uuidString)")
            Interruption.removeOnInterruption(scratch)
            profiles = LibreOfficeProfiles(cache: CacheFolder.user(), scratch: scratch)
            early = LibreOfficeEarlyStart(soffice: soffice, workers: min(jobs, 2), profiles: profiles)
        }

        /// After the run, converted or not.
        func end() {
            early.stop()
            try? FileManager.default.removeItem(at: scratch)
            Interruption.forget(scratch)
        }
    }

    /// `year` dates every PDF 1 January of the following year (the report's publication year),
    /// so that the same package gives the same PDF bytes.
    static func convert(_ files: StagedFiles, year: Int, jobs: Int, prepared: Preparation, console: Console, quiet: Bool) throws(ReportKitFailure) {
        let soffice = prepared.soffice
        let documents = files.files.map(\.path).filter { $0.hasSuffix(".docx") }
        guard !documents.isEmpty else { return }
        let fm = FileManager.default
        let scratch = prepared.scratch
        let input = scratch.appendingPathComponent("in")
        var inputs: [URL] = []
        do {
            try SystemFiles.makeDirectories(input.path)
            // Numbered links: LibreOffice names each PDF after its input, and CJK names need not survive that.
            for (i, path) in documents.enumerated() {
                let link = input.appendingPathComponent("\(i).docx")
                try SystemFiles.makeSymbolicLink(link.path, to: try files.url(of: path).path)
                inputs.append(link)
            }
        } catch var error as SystemFileError {
            // The errno's coded Chinese message (E-IO-…), never Foundation's English text.
            error.operation = "为 PDF 转换" + error.operation
            throw ReportKitFailure(error)
        } catch let error as ReportKitError {
            throw ReportKitFailure(error)
        } catch {
            throw ReportKitFailure(CommandError(.pdfConversion, "无法准备 PDF 转换的临时目录 \(scratch.path)"))
        }
        let converter = LibreOfficeConverter(soffice: soffice, workers: jobs, scratch: scratch, profiles: prepared.profiles)
        let showProgress = !quiet && console.isTerminal
        if !quiet { console.info("正在用 LibreOffice 转换 \(documents.count) 个文档为 PDF（最多 \(jobs) 个进程）…") }
        let date = String(format: "%04d0101000000", year + 1)
        let problems = ProblemSlots(count: documents.count)
        // Each batch's PDFs are stamped and written while the other batches still convert.
        _ = converter.convert(inputs, early: prepared.early, progress: { done, total in
            if showProgress { console.progress("PDF [\(done)/\(total)]") }
        }, finished: { results in
            for (index, result) in results {
                let path = documents[index]
                switch result {
                case .success(let pdf):
                    do throws(ReportKitError) {
                        guard let data = fm.contents(atPath: pdf.path) else { throw ReportKitError(.outputWrite, "无法读取 LibreOffice 生成的 PDF", path: path) }
                        try files.write(String(path.dropLast(5)) + ".pdf", ReproduciblePDF.normalize(Array(data), date: date))
                    } catch {
                        problems.set(index, error)
                    }
                case .failure(.timedOut):
                    problems.set(index, CommandError(.pdfTimeout, "LibreOffice 转换 \(path) 超时（超过 \(Int(LibreOfficeConverter.timeLimit(documents: 1))) 秒），已停止"))
                case .failure(.couldNotStart):
                    problems.set(index, CommandError(.pdfConversion, "无法启动 LibreOffice（\(soffice)），未能转换 \(path)"))
                case .failure(.notConverted):
                    problems.set(index, CommandError(.pdfConversion, "LibreOffice 未能把 \(path) 转换为 PDF（可用 LibreOffice 打开该文件查看原因）"))
                }
            }
        })
        if showProgress { console.endProgress() }
        let found = problems.inOrder
        if !found.isEmpty { throw ReportKitFailure(found) }
    }
}

/// Each document's problem, filled from the conversion threads, listed in document order.
private final class ProblemSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [(any CodedError)?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ problem: any CodedError) {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = problem
    }

    var inOrder: [any CodedError] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
