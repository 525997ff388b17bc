import Foundation

/// A package's projects in package order, held compactly (issue 12, flat memory): a slim
/// project (`LoadedProject.isSlim`) is kept as its `ProjectRecord` bytes in one shared buffer
/// (about half a kilobyte) and decoded each time it is asked for, instead of as a `LoadedProject`
/// (about 1.1 KB inline, plus a URL and a dozen strings on the heap). Projects that are not slim
/// (inline in the package file, or loaded whole for `validate`) are kept as they are.
///
/// Decoding gives back exactly the project appended (`ProjectRecord`'s round trip, the same the
/// project record of `ProjectIndex` relies on), so users of the list see `LoadedProject` values
/// as before; a loop should take `list[i]` once per project, not once per field.
public struct ProjectList: RandomAccessCollection, Sendable {
    /// Where project `i` is: `count >= 0`: bytes `start..<start + count` of `chunks[chunk]`;
    /// `count < 0`: `whole[start]`.
    private struct Slot: Sendable {
        var chunk: Int
        var start: Int
        var count: Int
    }

    /// The entries in chunks of `chunkSize` bytes, each allocated once at that size: one growing
    /// buffer held its old and its doubled copy at once while it grew (16 MB at 10 000 projects,
    /// the peak of loading), and up to half of it unused afterwards.
    private var chunks: [[UInt8]] = []
    private static let chunkSize = 256 * 1024
    private var slots: [Slot] = []
    private var whole: [LoadedProject] = []
    /// Set once the list is compact (`compact(digest:)`): a slim project's entry is then its path,
    /// its brief (which names its file) and the digest of its record, the rest read again from
    /// its file by `reload` and checked against the digest.
    private var digest: Digest?

    /// A digest of a project's record bytes (SHA-256, from the caller: this module has no crypto).
    public typealias Digest = @Sendable (UnsafeBufferPointer<UInt8>) -> [UInt8]

    public init() {}

    public init<S: Sequence>(_ projects: S) where S.Element == LoadedProject {
        for project in projects { append(project) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { slots.count }

    public subscript(index: Int) -> LoadedProject {
        let slot = slots[index]
        guard slot.count >= 0 else { return whole[slot.start] }
        // Only `package` compacts its list, and it reads projects through `reload` and `brief`.
        precondition(digest == nil, "ProjectList: entry \(index) is compact; use reload(_:package:)")
        let decoded = chunks[slot.chunk].withUnsafeBufferPointer { all -> LoadedProject? in
            var r = ProjectRecord.Reader(UnsafeBufferPointer(rebasing: all[slot.start..<slot.start + slot.count]))
            let path = r.text()
            guard !r.failed else { return nil }
            let rest = UnsafeBufferPointer(rebasing: all[slot.start + r.offset..<slot.start + slot.count])
            return ProjectRecord.project(rest, url: URL(fileURLWithPath: path, isDirectory: false))
        }
        // The bytes were encoded from a project by this very process (`append`), or checked to
        // decode when they were taken from the record (`append(recorded:)`).
        guard let decoded else { preconditionFailure("ProjectList: entry \(index) does not decode") }
        return decoded
    }

    /// What the package-wide passes read of project `index` (`ProjectBrief`), read without
    /// decoding the rest of a slim project.
    public func brief(_ index: Int) -> ProjectBrief {
        let slot = slots[index]
        guard slot.count >= 0 else { return ProjectBrief(whole[slot.start]) }
        return briefReader(index) { ProjectBrief.readFields(&$0) }
    }

    /// The id and name of project `index` (the uniqueness check's keys): the first two fields
    /// of its brief, the rest not read.
    public func key(_ index: Int) -> (id: String, name: String) {
        let slot = slots[index]
        guard slot.count >= 0 else { return (whole[slot.start].definition.id, whole[slot.start].definition.name) }
        return briefReader(index) { r in
            let id = r.text(), name = r.text()
            return r.failed ? nil : (id, name)
        }
    }

    /// A slim project's problems of the package's extra check (`LoadedProject.checkedProblems`),
    /// the rest of its brief not read; a whole project has none.
    public func checkedProblems(_ index: Int) -> [DefinitionProblem] {
        let slot = slots[index]
        guard slot.count >= 0 else { return whole[slot.start].checkedProblems }
        return briefReader(index) { r in
            r.skipText()
            r.skipText()
            let problems = r.problems()
            return r.failed ? nil : problems
        }
    }

    /// `read` over the fields of the brief of the slim project `index` (its bytes were written by
    /// this process or checked when they were taken from the record: `append`). A slim and a
    /// compact entry both start with the path and the brief.
    private func briefReader<T>(_ index: Int, _ read: (inout ProjectRecord.Reader) -> T?) -> T {
        let slot = slots[index]
        let value = chunks[slot.chunk].withUnsafeBufferPointer { all -> T? in
            var r = ProjectRecord.Reader(UnsafeBufferPointer(rebasing: all[slot.start..<slot.start + slot.count]))
            r.skipText()
            guard r.varint() != nil else { return nil }
            return read(&r)
        }
        guard let value else { preconditionFailure("ProjectList: entry \(index) does not decode") }
        return value
    }

    /// The path of the file a slim project was loaded from (the first field of its entry).
    public func path(_ index: Int) -> String {
        let slot = slots[index]
        precondition(slot.count >= 0, "ProjectList: entry \(index) is not slim")
        return chunks[slot.chunk].withUnsafeBufferPointer { all in
            var r = ProjectRecord.Reader(UnsafeBufferPointer(rebasing: all[slot.start..<slot.start + slot.count]))
            return r.text()
        }
    }

    /// Whether project `index` is slim (held as bytes), without decoding it.
    public func isSlim(_ index: Int) -> Bool { slots[index].count >= 0 }

    /// Every project's brief, in order (see `brief(_:)`).
    public var briefs: LazyMapSequence<Range<Int>, ProjectBrief> { indices.lazy.map(brief) }

    public mutating func reserveCapacity(_ count: Int) {
        slots.reserveCapacity(count)
    }

    public mutating func append(_ project: LoadedProject) {
        guard let url = project.reloadFrom else {
            slots.append(Slot(chunk: 0, start: whole.count, count: -1))
            whole.append(project)
            return
        }
        var w = ProjectRecord.Writer()
        w.text(url.path)
        w.bytes += ProjectRecord.projectBytes(project)
        if let digest {
            add(w.bytes.withUnsafeBufferPointer { Self.compactEntry($0, digest: digest) })
        } else {
            add(w.bytes)
        }
    }

    /// Makes every slim entry compact (see `digest`), chunk by chunk, each old chunk let go once
    /// its entries are copied: a slim project held whole was about 650 bytes, most of which only
    /// its own documents print (issue 12: 6.5 MB through a 10 000-project run). `reload` then
    /// checks a file read again against the digest of the record it gave when loaded, which holds
    /// every field the former comparison of definition and evaluation did, and the rest.
    public mutating func compact(digest: @escaping Digest) {
        guard self.digest == nil else { return }
        // The old chunks held only here, so that each is freed once its last entry is copied.
        var held: [[UInt8]?] = chunks.map { $0 }
        let oldSlots = slots
        chunks = []
        slots = []
        self.digest = digest
        // On every core, a batch of entries at a time (at 10 000 projects this pass was a tenth
        // of a `project --id` run on one thread); a batch is a few old chunks, so memory stays flat.
        let batch = 2048
        var first = 0
        while first < oldSlots.count {
            let range = first..<Swift.min(oldSlots.count, first + batch)
            let made = Self.compactEntries(oldSlots[range], chunks: held, digest: digest)
            for (slot, entry) in zip(oldSlots[range], made) {
                if let entry { add(entry) } else { slots.append(slot) }
            }
            first = range.upperBound
            // Old chunks before the next entry's are copied whole.
            let next = oldSlots[first...].first { $0.count >= 0 }?.chunk ?? held.count
            for chunk in 0..<next where held[chunk] != nil { held[chunk] = nil }
        }
    }

    /// The compact entries of `slots` (nil for a project held whole), made on every core.
    private static func compactEntries(_ slots: ArraySlice<Slot>, chunks: [[UInt8]?], digest: @escaping Digest) -> [[UInt8]?] {
        let count = slots.count
        let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, count / 256))
        let base = slots.startIndex
        var made = [[UInt8]?](repeating: nil, count: count)
        made.withUnsafeMutableBufferPointer { out in
            // Each worker writes only its own indices.
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for index in stride(from: worker, to: count, by: workers) {
                    let slot = slots[base + index]
                    guard slot.count >= 0 else { continue }
                    out[index] = chunks[slot.chunk]!.withUnsafeBufferPointer { all in
                        compactEntry(UnsafeBufferPointer(rebasing: all[slot.start..<slot.start + slot.count]), digest: digest)
                    }
                }
            }
        }
        return made
    }

    /// A slim entry (its path, then its `ProjectRecord.projectBytes`) as a compact one: its path,
    /// its brief (copied as it is: it holds the file's display name) and the digest of the record.
    private static func compactEntry(_ entry: UnsafeBufferPointer<UInt8>, digest: Digest) -> [UInt8] {
        var r = ProjectRecord.Reader(entry)
        r.skipText()
        let recordStart = r.offset
        guard let brief = ProjectBrief.skip(&r), !r.failed else { preconditionFailure("ProjectList: an entry does not decode") }
        var w = ProjectRecord.Writer()
        w.bytes.reserveCapacity(brief.upperBound + 40)
        w.bytes += UnsafeBufferPointer(rebasing: entry[..<brief.upperBound])
        let sum = digest(UnsafeBufferPointer(rebasing: entry[recordStart...]))
        w.varint(UInt64(sum.count))
        w.bytes += sum
        return w.bytes
    }

    /// Project `index` whole: read again from its file when slim (`PackageLoader.reload`), which
    /// must still give the project loaded.
    public func reload(_ index: Int, package: PackageDefinition) -> Result<LoadedProject, DefinitionErrors> {
        let slot = slots[index]
        guard let digest, slot.count >= 0 else { return PackageLoader.reload(self[index], package: package) }
        let fields = chunks[slot.chunk].withUnsafeBufferPointer { all -> (path: String, file: String, checked: [DefinitionProblem], sum: [UInt8])? in
            var r = ProjectRecord.Reader(UnsafeBufferPointer(rebasing: all[slot.start..<slot.start + slot.count]))
            let path = r.text()
            let brief = ProjectBrief.read(&r)
            guard let brief, let length = r.varint(), let range = r.skip(length), !r.failed else { return nil }
            return (path, brief.file, brief.checkedProblems, Array(UnsafeBufferPointer(rebasing: all[slot.start + range.lowerBound..<slot.start + range.upperBound])))
        }
        guard let fields else { preconditionFailure("ProjectList: entry \(index) does not decode") }
        let url = URL(fileURLWithPath: fields.path, isDirectory: false)
        return PackageLoader.reload(from: url, file: fields.file, package: package, checked: fields.checked) { again in
            ProjectRecord.projectBytes(again).withUnsafeBufferPointer(digest) == fields.sum
        }
    }

    /// A project as the project record holds it, appended as those bytes (no decoding and
    /// encoding again: that was a sixth of a `project --id` run on 10 000 projects).
    mutating func append(recorded project: RecordedProject) {
        var w = ProjectRecord.Writer()
        w.text(project.path)
        w.bytes.reserveCapacity(w.bytes.count + project.range.count)
        w.bytes += project.bytes[project.range]
        if let digest {
            add(w.bytes.withUnsafeBufferPointer { Self.compactEntry($0, digest: digest) })
        } else {
            add(w.bytes)
        }
    }

    private mutating func add(_ entry: [UInt8]) {
        entry.withUnsafeBufferPointer { add($0) }
    }

    private mutating func add(_ entry: UnsafeBufferPointer<UInt8>) {
        if chunks.isEmpty || chunks[chunks.count - 1].count + entry.count > Self.chunkSize {
            var chunk: [UInt8] = []
            chunk.reserveCapacity(Swift.max(Self.chunkSize, entry.count))
            chunks.append(chunk)
        }
        let last = chunks.count - 1
        slots.append(Slot(chunk: last, start: chunks[last].count, count: entry.count))
        chunks[last].append(contentsOf: entry)
    }
}

/// A slim project as a record holds it (`ProjectRecord.projectBytes`, `range` of `bytes`: the
/// bytes may hold the entries around it too), not decoded, to be read again from the file at
/// `path`: what a hit in the project record gives.
struct RecordedProject: Sendable {
    /// The file's resolved path (`LoadSession.Match.path`; no URL made for it).
    var path: String
    var bytes: [UInt8]
    var range: Range<Int>

    /// Decoded (tests, and whoever needs the project itself).
    var project: LoadedProject? {
        bytes.withUnsafeBufferPointer {
            ProjectRecord.project(UnsafeBufferPointer(rebasing: $0[range]), url: URL(fileURLWithPath: path, isDirectory: false))
        }
    }
}
