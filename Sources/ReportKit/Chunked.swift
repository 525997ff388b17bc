/// An append-only list kept in chunks of `chunkSize` elements, each allocated once at that size:
/// a list that grows with the package (one record per written file) never holds its old and its
/// doubled copy at once, and a chunk past glibc's mmap threshold is only resident as far as it
/// is filled.
struct Chunked<Element>: RandomAccessCollection {
    private var chunks: [[Element]] = []
    let chunkSize: Int
    private(set) var endIndex = 0

    init(chunkSize: Int) {
        precondition(chunkSize > 0)
        self.chunkSize = chunkSize
    }

    var startIndex: Int { 0 }

    subscript(index: Int) -> Element {
        chunks[index / chunkSize][index % chunkSize]
    }

    mutating func append(_ element: Element) {
        if endIndex % chunkSize == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        endIndex += 1
    }
}

extension Chunked: Sendable where Element: Sendable {}

/// Byte strings appended one after another into chunks of `chunkSize` bytes (a string never
/// straddles two), each allocated once: see `Chunked`.
struct ChunkedBytes: Sendable {
    /// Where one appended string is.
    struct Span: Sendable {
        var chunk: UInt32
        var start: UInt32
        var count: UInt32
    }

    private var chunks: [[UInt8]] = []
    private let chunkSize: Int

    init(chunkSize: Int = 512 * 1024) {
        self.chunkSize = chunkSize
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) -> Span {
        if chunks.isEmpty || chunks[chunks.count - 1].count + bytes.count > chunks[chunks.count - 1].capacity {
            var chunk: [UInt8] = []
            chunk.reserveCapacity(Swift.max(chunkSize, bytes.count))
            chunks.append(chunk)
        }
        let last = chunks.count - 1
        let start = chunks[last].count
        chunks[last].append(contentsOf: bytes)
        return Span(chunk: UInt32(last), start: UInt32(start), count: UInt32(bytes.count))
    }

    func bytes<R>(of span: Span, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        chunks[Int(span.chunk)].withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[Int(span.start)..<Int(span.start + span.count)]))
        }
    }

    /// `body` with every chunk's buffer at hand (`bytes(of:in:)`), for many lookups in a row.
    func withBuffers<R>(_ body: ([UnsafeBufferPointer<UInt8>]) -> R) -> R {
        // Nested, one chunk's `withUnsafeBufferPointer` inside the last's: a handful of chunks.
        func nest(_ index: Int, _ buffers: [UnsafeBufferPointer<UInt8>]) -> R {
            guard index < chunks.count else { return body(buffers) }
            return chunks[index].withUnsafeBufferPointer { nest(index + 1, buffers + [$0]) }
        }
        return nest(0, [])
    }

    static func bytes(of span: Span, in buffers: [UnsafeBufferPointer<UInt8>]) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: buffers[Int(span.chunk)][Int(span.start)..<Int(span.start + span.count)])
    }
}
