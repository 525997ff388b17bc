import Foundation
import OOXML

/// DOCX → PDF through headless LibreOffice, on several instances at once.
///
/// Each instance gets its own profile directory: instances that share a profile hand their
/// documents to the first one, which converts them one after another. A LibreOffice start
/// costs about as much as converting six documents, so documents go out in few, large
/// batches balanced by expected conversion time, and progress is read from the PDFs as they
/// appear. A batch that fails is retried document by document, so one bad file is reported by
/// name instead of taking its batch down with it. Profiles are kept between runs
/// (`LibreOfficeProfiles`), so a later run skips building them.
///
/// Which documents share a batch depends on the documents only, never on `workers`. A PDF's
/// raw bytes depend on what its process converted before it (LibreOffice numbers the Type 1
/// fonts it embeds per process); `Type1FontNumbers` takes that out, so the PDFs reportgen writes
/// are the same whichever batch a document was in (`project --id --pdf` converts a few
/// documents alone and gives the bytes of `package --pdf`).
struct LibreOfficeConverter: Sendable {
    let soffice: String
    let workers: Int
    /// Owned by the converter's caller; PDFs (and profiles when none is kept) are written below it.
    let scratch: URL
    let profiles: LibreOfficeProfiles

    /// `cache`: the cache folder where profiles are kept (`CacheFolder`), nil for none.
    init(soffice: String, workers: Int, scratch: URL, cache: URL?) {
        self.init(soffice: soffice, workers: workers, scratch: scratch, profiles: LibreOfficeProfiles(cache: cache, scratch: scratch))
    }

    init(soffice: String, workers: Int, scratch: URL, profiles: LibreOfficeProfiles) {
        self.soffice = soffice
        self.workers = workers
        self.scratch = scratch
        self.profiles = profiles
    }

    /// Documents per LibreOffice start, at most; bounds its memory on large packages.
    static let batchLimit = 25

    /// Seconds a batch may take before its LibreOffice is stopped.
    static func timeLimit(documents: Int) -> TimeInterval { 60 + 30 * TimeInterval(documents) }

    enum Failure: Error, Equatable {
        case notConverted
        case timedOut
        case couldNotStart
    }

    /// PDFs for `inputs`, in order. The inputs' base names must be unique (LibreOffice names
    /// each PDF after its input). `finished` gets each batch's results on its worker thread as
    /// soon as the batch is done, so that their post-processing overlaps the other batches.
    /// `early`: LibreOffice already started on the first workers' profiles (`LibreOfficeEarlyStart`).
    func convert(_ inputs: [URL], early: LibreOfficeEarlyStart? = nil, progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void,
                 finished: @Sendable ([(index: Int, result: Result<URL, Failure>)]) -> Void = { _ in }) -> [Result<URL, Failure>] {
        let output = scratch.appendingPathComponent("pdf")
        try? ScratchFolder.makeSubfolder(output)
        try? ScratchFolder.makeSubfolder(Self.temporaryFolder(in: scratch))
        let batches = Self.batches(costs: inputs.map(Self.expectedCost))
        let workers = max(1, min(self.workers, batches.count))
        let state = ConversionState(count: inputs.count, batches: batches)
        let watcher = DispatchSource.makeTimerSource(queue: .global())
        watcher.schedule(deadline: .now() + 0.5, repeating: 0.5)
        // PDFs of finished batches may be taken away by `finished` (`PDFConversion` moves each into
        // the package at once, so that the scratch disk never holds them all): those count as
        // recorded, the others as found. A source's handler never runs concurrently with itself.
        nonisolated(unsafe) var shown = 0
        watcher.setEventHandler {
            let written = (try? FileManager.default.contentsOfDirectory(atPath: output.path))?.count ?? 0
            shown = max(shown, min(written + state.recorded, inputs.count))
            progress(shown, inputs.count)
        }
        watcher.resume()
        defer { watcher.cancel() }

        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let lease = early?.take(worker: worker) ?? profiles.lease(worker: worker)
            defer { lease.release() }
            var first = true
            while let batch = state.nextBatch() {
                let documents = batch.map { inputs[$0] }
                let pdfs = documents.map { Self.pdfURL(for: $0, in: output) }
                let allConverted = { pdfs.allSatisfy { FileManager.default.fileExists(atPath: $0.path) } }
                var outcome = run(documents, profile: lease.profile, output: output)
                if first { early?.finish(worker: worker) }
                first = false
                if !allConverted(), lease.isReady {
                    // A kept profile can go bad (a LibreOffice killed while writing it, another
                    // version): the batch runs once more, whole, on a new one.
                    lease.discard()
                    for pdf in pdfs { try? FileManager.default.removeItem(at: pdf) }
                    outcome = run(documents, profile: lease.profile, output: output)
                }
                var results: [(index: Int, result: Result<URL, Failure>)] = []
                if outcome == .exited(0), allConverted() {
                    lease.markReady()
                } else {
                    // The profile may be what failed: the retries below start on a new one.
                    lease.discard()
                }
                for index in batch {
                    let pdf = Self.pdfURL(for: inputs[index], in: output)
                    if FileManager.default.fileExists(atPath: pdf.path) {
                        results.append((index, .success(pdf)))
                    } else if batch.count > 1 {
                        // Retried alone: the failure belongs to this document, not to its batch.
                        let single = run([inputs[index]], profile: lease.profile, output: output)
                        results.append((index, FileManager.default.fileExists(atPath: pdf.path) ? .success(pdf) : .failure(Self.failure(single))))
                    } else {
                        results.append((index, .failure(Self.failure(outcome))))
                    }
                }
                // In this order: a PDF `finished` removed is counted as recorded only after, never twice.
                finished(results)
                state.record(results)
            }
        }
        return state.results
    }

    private func run(_ documents: [URL], profile: URL, output: URL) -> ExternalTool.Outcome {
        ExternalTool.run(soffice, ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore",
                                   "--convert-to", "pdf", "--outdir", output.path] + documents.map(\.path),
                         environment: Self.environment(scratch: scratch), timeout: Self.timeLimit(documents: documents.count))
    }

    /// LibreOffice's own temporary files (`lu*.tmp`): in the run's scratch folder, not in the
    /// shared TMPDIR, where a LibreOffice killed with its run (SIGKILL) left them for good; the
    /// scratch folder goes with the run or, after a SIGKILL, with the next run (`ScratchFolder`).
    static func temporaryFolder(in scratch: URL) -> URL { scratch.appendingPathComponent("tmp") }

    /// LibreOffice's environment: its TMPDIR in `scratch` (`temporaryFolder`), and glibc's
    /// allocator told to keep freed memory in the heap. By default it maps every large block
    /// afresh and unmaps it when freed, and LibreOffice does that so often that the kernel's
    /// page faults took as much CPU as its start-up (a start plus one document: 320 000 page
    /// faults, 0.9 s system time; so tuned 70 000, 0.3 s; peak memory +5 %). The PDFs' bytes
    /// are the same.
    static func environment(scratch: URL) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = temporaryFolder(in: scratch).path
        environment["MALLOC_MMAP_THRESHOLD_"] = String(1 << 30)
        environment["MALLOC_TRIM_THRESHOLD_"] = String(1 << 30)
        environment["MALLOC_TOP_PAD_"] = String(64 << 20)
        return environment
    }

    private static func failure(_ outcome: ExternalTool.Outcome) -> Failure {
        switch outcome {
        case .timedOut: .timedOut
        case .couldNotStart: .couldNotStart
        case .exited: .notConverted
        }
    }

    static func pdfURL(for input: URL, in output: URL) -> URL {
        output.appendingPathComponent(input.deletingPathExtension().lastPathComponent + ".pdf")
    }

    /// Conversion time in bytes of text: LibreOffice's time per document is a fixed part
    /// (about as much as 20 KB of `word/document.xml`), a part that goes with the size of the
    /// text (uncompressed), and about as much as 28 KB more per chart. Measured on the
    /// panzhihua example, whose 决算公开 document (196 KB of text, 7 charts) takes a third of
    /// the whole conversion: balanced by file size, its batch ended last. The file's size, a
    /// poorer guide (compression blurs it), is the fallback for what is not a readable DOCX.
    static func expectedCost(_ url: URL) -> Int {
        let perDocument = 20_000, perChart = 28_000
        let path = url.resolvingSymlinksInPath().path
        if let archive = try? ZipArchive(path: path), let body = archive.entry(named: "word/document.xml") {
            let charts = archive.entries.filter { $0.name.hasPrefix("word/charts/chart") && $0.name.hasSuffix(".xml") }.count
            return perDocument + body.uncompressedSize + perChart * charts
        }
        return perDocument + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
    }

    /// Indexes grouped into an even number of batches (two while that keeps them within
    /// `batchLimit`), the costliest documents dealt first to the lightest batch, so that
    /// batches end at about the same time.
    static func batches(costs: [Int]) -> [[Int]] {
        guard !costs.isEmpty else { return [] }
        let count = min(costs.count, 2 * ((costs.count + 2 * batchLimit - 1) / (2 * batchLimit)))
        var batches = Array(repeating: [Int](), count: count)
        var load = Array(repeating: 0, count: count)
        let order = costs.indices.sorted { costs[$0] != costs[$1] ? costs[$0] > costs[$1] : $0 < $1 }
        for index in order {
            let lightest = load.indices.min { load[$0] != load[$1] ? load[$0] < load[$1] : $0 < $1 } ?? 0
            batches[lightest].append(index)
            load[lightest] += costs[index] + 1
        }
        return batches.map { $0.sorted() }
    }
}

/// The batches still to convert and the results so far, shared by the worker threads.
private final class ConversionState: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: ArraySlice<[Int]>
    private var slots: [Result<URL, LibreOfficeConverter.Failure>?]

    init(count: Int, batches: [[Int]]) {
        pending = batches[...]
        slots = Array(repeating: nil, count: count)
    }

    func nextBatch() -> [Int]? {
        lock.lock()
        defer { lock.unlock() }
        return pending.popFirst()
    }

    private var converted = 0

    func record(_ results: [(Int, Result<URL, LibreOfficeConverter.Failure>)]) {
        lock.lock()
        defer { lock.unlock() }
        for (index, result) in results {
            slots[index] = result
            if case .success = result { converted += 1 }
        }
    }

    /// PDFs recorded so far (for progress).
    var recorded: Int {
        lock.lock()
        defer { lock.unlock() }
        return converted
    }

    var results: [Result<URL, LibreOfficeConverter.Failure>] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0 ?? .failure(.notConverted) }
    }
}
