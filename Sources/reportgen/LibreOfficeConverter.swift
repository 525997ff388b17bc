import Foundation

/// DOCX → PDF through headless LibreOffice, on several instances at once.
///
/// Each instance gets its own profile directory: instances that share a profile hand their
/// documents to the first one, which converts them one after another. A LibreOffice start
/// costs about as much as converting six documents, so documents go out in few, large
/// batches balanced by size, and progress is read from the PDFs as they appear. A batch that
/// fails is retried document by document, so one bad file is reported by name instead of
/// taking its batch down with it.
///
/// Which documents share a batch depends on the documents only, never on `workers`: LibreOffice
/// embeds CJK OpenType fonts as Type 1 subsets whose encryption bytes come from a per-process
/// random sequence, so a PDF's bytes depend on what its process converted before it. With the
/// batches fixed, the same documents give the same PDFs whatever the number of workers.
struct LibreOfficeConverter: Sendable {
    let soffice: String
    let workers: Int
    /// Owned by the converter's caller; profiles and PDFs are written below it.
    let scratch: URL

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
    /// each PDF after its input).
    func convert(_ inputs: [URL], progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void) -> [Result<URL, Failure>] {
        let output = scratch.appendingPathComponent("pdf")
        try? FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let batches = Self.batches(sizes: inputs.map(Self.size))
        let workers = max(1, min(self.workers, batches.count))
        let state = ConversionState(count: inputs.count, batches: batches)
        let watcher = DispatchSource.makeTimerSource(queue: .global())
        watcher.schedule(deadline: .now() + 0.5, repeating: 0.5)
        watcher.setEventHandler {
            let written = (try? FileManager.default.contentsOfDirectory(atPath: output.path))?.count ?? 0
            progress(min(written, inputs.count), inputs.count)
        }
        watcher.resume()
        defer { watcher.cancel() }

        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let profile = scratch.appendingPathComponent("profile-\(worker)")
            while let batch = state.nextBatch() {
                let outcome = run(batch.map { inputs[$0] }, profile: profile, output: output)
                var results: [(Int, Result<URL, Failure>)] = []
                for index in batch {
                    let pdf = Self.pdfURL(for: inputs[index], in: output)
                    if FileManager.default.fileExists(atPath: pdf.path) {
                        results.append((index, .success(pdf)))
                    } else if batch.count > 1 {
                        // Retried alone: the failure belongs to this document, not to its batch.
                        let single = run([inputs[index]], profile: profile, output: output)
                        results.append((index, FileManager.default.fileExists(atPath: pdf.path) ? .success(pdf) : .failure(Self.failure(single))))
                    } else {
                        results.append((index, .failure(Self.failure(outcome))))
                    }
                }
                state.record(results)
            }
        }
        return state.results
    }

    private func run(_ documents: [URL], profile: URL, output: URL) -> ExternalTool.Outcome {
        ExternalTool.run(soffice, ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore",
                                   "--convert-to", "pdf", "--outdir", output.path] + documents.map(\.path),
                         timeout: Self.timeLimit(documents: documents.count))
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

    private static func size(_ url: URL) -> Int {
        (try? url.resolvingSymlinksInPath().resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
    }

    /// Indexes grouped into an even number of batches (two while that keeps them within
    /// `batchLimit`), the largest documents dealt first to the lightest batch, so that batches
    /// end at about the same time.
    static func batches(sizes: [Int]) -> [[Int]] {
        guard !sizes.isEmpty else { return [] }
        let count = min(sizes.count, 2 * ((sizes.count + 2 * batchLimit - 1) / (2 * batchLimit)))
        var batches = Array(repeating: [Int](), count: count)
        var load = Array(repeating: 0, count: count)
        let order = sizes.indices.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }
        for index in order {
            let lightest = load.indices.min { load[$0] != load[$1] ? load[$0] < load[$1] : $0 < $1 } ?? 0
            batches[lightest].append(index)
            load[lightest] += sizes[index] + 1
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

    func record(_ results: [(Int, Result<URL, LibreOfficeConverter.Failure>)]) {
        lock.lock()
        defer { lock.unlock() }
        for (index, result) in results { slots[index] = result }
    }

    var results: [Result<URL, LibreOfficeConverter.Failure>] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0 ?? .failure(.notConverted) }
    }
}
