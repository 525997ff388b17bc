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

    /// `--pdf`'s set-up, before anything is rendered: LibreOffice found, the scratch folder made.
    static func prepare(jobs: Int, console: Console) throws -> Preparation {
        try requireLibreOffice(console: console)
        do {
            return try Preparation(soffice: soffice() ?? "soffice", jobs: jobs)
        } catch {
            var problem = error
            problem.operation = "为 PDF 转换" + problem.operation
            console.problems([problem], summary: "未改动任何文件。")
            throw ExitCode(1)
        }
    }

    /// The scratch folder and the LibreOffice profiles of one `--pdf` run, set up before
    /// rendering so that LibreOffice starts while the documents are rendered.
    final class Preparation: Sendable {
        let soffice: String
        let folder: ScratchFolder
        let profiles: LibreOfficeProfiles
        let early: LibreOfficeEarlyStart
        var scratch: URL { folder.url }

        /// `workers`: LibreOffice instances started now; a package of two documents or more
        /// has at least two batches (`LibreOfficeConverter.batches`), so two never start in vain.
        init(soffice: String, jobs: Int) throws(SystemFileError) {
            self.soffice = soffice
            folder = try ScratchFolder.make(prefix: "reportgen-pdf-")
            profiles = LibreOfficeProfiles(cache: CacheFolder.user(), scratch: folder.url)
            early = LibreOfficeEarlyStart(soffice: soffice, workers: min(jobs, 2), profiles: profiles, scratch: folder.url)
        }

        /// After the run, converted or not.
        func end() {
            early.stop()
            folder.remove()
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
            try ScratchFolder.makeSubfolder(input)
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
            // The scratch disk as the batch left it, before its PDFs are moved out: if it failed
            // for want of space, the space is short now, not after the run has cleaned up.
            let free = SystemFiles.availableBytes(scratch.path)
            var failed = false
            for (index, result) in results {
                let path = documents[index]
                switch result {
                case .success(let pdf):
                    let data = fm.contents(atPath: pdf.path)
                    // Read: the scratch disk need not hold every PDF of the run at once, only
                    // those of the batches still converting.
                    try? fm.removeItem(at: pdf)
                    // A PDF cut short (LibreOffice out of disk while writing it) is no PDF:
                    // never put into the package.
                    if let data, !Self.isComplete(data) {
                        failed = true
                        problems.set(index, CommandError(.pdfConversion, "LibreOffice 为 \(path) 生成的 PDF 不完整（没有 PDF 的开头或结尾），未收入报告包"), byLibreOffice: true)
                        continue
                    }
                    do throws(ReportKitError) {
                        guard let data else { throw ReportKitError(.outputWrite, "无法读取 LibreOffice 生成的 PDF", path: path) }
                        try files.write(String(path.dropLast(5)) + ".pdf", ReproduciblePDF.normalize(Array(data), date: date))
                    } catch {
                        // Disk full in the package's folder: said once for the run, not per PDF.
                        if error.code.isSystemFailure { problems.setSystemFailure(error) } else { problems.set(index, error) }
                    }
                case .failure(.timedOut):
                    problems.set(index, CommandError(.pdfTimeout, "LibreOffice 转换 \(path) 超时（超过 \(Int(LibreOfficeConverter.timeLimit(documents: 1))) 秒），已停止"))
                case .failure(.couldNotStart):
                    failed = true
                    problems.set(index, CommandError(.pdfConversion, "无法启动 LibreOffice（\(soffice)），未能转换 \(path)"), byLibreOffice: true)
                case .failure(.notConverted):
                    failed = true
                    problems.set(index, CommandError(.pdfConversion, "LibreOffice 未能把 \(path) 转换为 PDF（可用 LibreOffice 打开该文件查看原因）"), byLibreOffice: true)
                }
            }
            if failed, let free { problems.noteFreeSpace(free) }
        })
        if showProgress { console.endProgress() }
        var found = problems.inOrder
        let failed = problems.failedByLibreOffice
        if failed > 0, let full = fullDisk(scratch: scratch, lowest: problems.lowestFreeSpace, failed: failed, of: documents.count) {
            // One cause, said once: not one "could not convert" per document.
            found = problems.inOrder(excludingLibreOfficeFailures: true) + [full]
        }
        if let system = problems.systemFailure { found = [system] + found }
        if !found.isEmpty { throw ReportKitFailure(found) }
    }

    /// A whole PDF: its header at the start and an end-of-file marker in its last kilobyte.
    static func isComplete(_ data: Data) -> Bool {
        data.starts(with: Array("%PDF-".utf8)) && data.suffix(1024).range(of: Data("%%EOF".utf8)) != nil
    }

    /// Free space below which a failed conversion is put down to the disk, not the documents.
    /// The scratch folder (LibreOffice's `lu*.tmp`, the PDFs until the run ends) peaked at
    /// 2.1 MB for the 18 documents of examples/yanbian-2021 (two LibreOffice at once); a 512 KB
    /// disk failed, 1 MB sufficed (docs/安全与可靠性.md §4). 16 MiB leaves a wide margin.
    static let roomNeeded = 16 << 20

    /// The disk-full error when `scratch`'s file system had less than `roomNeeded` free when a
    /// batch failed (`lowest`), or has now. Each PDF leaves the scratch folder once it is in the
    /// package, so by the end of the run the disk may have room again.
    private static func fullDisk(scratch: URL, lowest: Int?, failed: Int, of total: Int) -> CommandError? {
        let now = SystemFiles.availableBytes(scratch.path)
        guard let free = [lowest, now].compactMap({ $0 }).min(), free < roomNeeded else { return nil }
        let folder = scratch.deletingLastPathComponent().path
        return CommandError(.ioNoSpace, "PDF 转换的临时目录所在磁盘空间不足（只剩 \(free / 1024) KB）：LibreOffice 未能转换 \(failed) 个文档（共 \(total) 个）。"
                            + "请清理该磁盘，或用环境变量 TMPDIR 指定空间足够的目录后重试。",
                            place: ErrorPlace(words: folder))
    }
}

/// Each document's problem, filled from the conversion threads, listed in document order.
private final class ProblemSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [(problem: any CodedError, byLibreOffice: Bool)?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// `byLibreOffice`: LibreOffice ran (or could not start) and made no PDF — the document's
    /// fault, or the disk's (`PDFConversion.fullDisk`).
    func set(_ index: Int, _ problem: any CodedError, byLibreOffice: Bool = false) {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = (problem, byLibreOffice)
    }

    var inOrder: [any CodedError] { inOrder(excludingLibreOfficeFailures: false) }

    func inOrder(excludingLibreOfficeFailures excluding: Bool) -> [any CodedError] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }.filter { !excluding || !$0.byLibreOffice }.map(\.problem)
    }

    var systemFailure: (any CodedError)? {
        lock.lock()
        defer { lock.unlock() }
        return storedSystemFailure
    }

    private var storedSystemFailure: (any CodedError)?
    private var storedLowest: Int?

    /// The first operating-system failure writing a PDF into the package (later ones repeat it).
    func setSystemFailure(_ problem: any CodedError) {
        lock.lock()
        defer { lock.unlock() }
        if storedSystemFailure == nil { storedSystemFailure = problem }
    }

    /// Free space on the scratch disk when a batch ended with a failure; the lowest kept.
    func noteFreeSpace(_ bytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        storedLowest = min(storedLowest ?? bytes, bytes)
    }

    var lowestFreeSpace: Int? {
        lock.lock()
        defer { lock.unlock() }
        return storedLowest
    }

    var failedByLibreOffice: Int {
        lock.lock()
        defer { lock.unlock() }
        return slots.filter { $0?.byLibreOffice == true }.count
    }
}
