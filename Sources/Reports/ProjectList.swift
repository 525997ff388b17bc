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

    public init() {}

    public init<S: Sequence>(_ projects: S) where S.Element == LoadedProject {
        for project in projects { append(project) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { slots.count }

    public subscript(index: Int) -> LoadedProject {
        let slot = slots[index]
        guard slot.count >= 0 else { return whole[slot.start] }
        let decoded = chunks[slot.chunk].withUnsafeBufferPointer { all -> LoadedProject? in
            var r = ProjectRecord.Reader(UnsafeBufferPointer(rebasing: all[slot.start..<slot.start + slot.count]))
            let path = r.text()
            guard !r.failed else { return nil }
            let rest = UnsafeBufferPointer(rebasing: all[slot.start + r.offset..<slot.start + slot.count])
            return ProjectRecord.result(rest, url: URL(fileURLWithPath: path, isDirectory: false))?.project
        }
        // The bytes were encoded from a project by this very process (`append`).
        guard let decoded else { preconditionFailure("ProjectList: entry \(index) does not decode") }
        return decoded
    }

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
        w.bytes += ProjectRecord.bytes(ProjectFiles.Result(), project: project)
        if chunks.isEmpty || chunks[chunks.count - 1].count + w.bytes.count > Self.chunkSize {
            var chunk: [UInt8] = []
            chunk.reserveCapacity(Swift.max(Self.chunkSize, w.bytes.count))
            chunks.append(chunk)
        }
        let last = chunks.count - 1
        slots.append(Slot(chunk: last, start: chunks[last].count, count: w.bytes.count))
        chunks[last] += w.bytes
    }
}
