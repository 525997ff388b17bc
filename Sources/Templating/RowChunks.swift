import JSONValue
import OOXML

/// Where the deflated pieces of a long row loop are kept between runs (issue 12: after one
/// project changed, the 汇总表 of 10 000 rows re-renders and re-deflates only the chunk holding
/// it). Looked up by the chunk's key: the bytes of everything the chunk's XML depends on
/// (`RowChunkKey`), so a piece found is the piece rendering would make.
public protocol RowChunkStore: AnyObject, Sendable {
    func segment(for key: [UInt8]) -> DeflatedSegment?
    func record(_ segment: DeflatedSegment, for key: [UInt8])
}

/// How a part's long row loop is rendered for a zip entry: in chunks of `rowsPerChunk` rows,
/// each deflated as an independent piece (`DeflatedSegment`), the part's text before and after
/// the loop as pieces of their own. The XML is the same as rendering it whole; the entry's
/// compressed bytes depend only on the XML and `rowsPerChunk`, whether the pieces came from
/// `store` or were made afresh, so a full run and an incremental one write the same file.
///
/// Which loop: the first list section repeating table rows at the part's top level (not inside
/// another loop or a table that vanishes when empty) with more than `rowsPerChunk` items, whose
/// rows have no merged cells, blocks, pictures or hyperlinks (their bytes could then depend on
/// the rows around them or add parts). Other parts, and loops with fewer items, render as before.
public struct RowChunking: Sendable {
    public var rowsPerChunk: Int
    public var store: (any RowChunkStore)?

    /// 256 rows of the 汇总表 are about 0.5 MB of XML: one changed project re-renders that, and
    /// a piece's fresh window costs the compression well under 1 %.
    public static let defaultRowsPerChunk = 256

    public init(rowsPerChunk: Int = RowChunking.defaultRowsPerChunk, store: (any RowChunkStore)? = nil) {
        self.rowsPerChunk = max(1, rowsPerChunk)
        self.store = store
    }
}

/// The bytes a chunk's key is made of: every input its XML depends on, unambiguously framed
/// (lengths before contents, a tag before each value).
struct RowChunkKey {
    var bytes: [UInt8] = Array("row-chunk/1\n".utf8)

    mutating func int(_ value: Int) {
        withUnsafeBytes(of: UInt64(bitPattern: Int64(value)).littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { string($0) }
    }

    mutating func string(_ utf8: UnsafeBufferPointer<UInt8>) {
        int(utf8.count)
        bytes.append(contentsOf: utf8)
    }

    /// A `.string` value.
    mutating func stringValue(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(5)
        string(utf8)
    }

    /// An `.object`'s tag and count; its members follow (key, then value).
    mutating func objectHeader(count: Int) {
        bytes.append(7)
        int(count)
    }

    mutating func value(_ value: JSONValue?) {
        switch value {
        case nil: bytes.append(0)
        case .null?: bytes.append(1)
        case .bool(let flag)?: bytes.append(flag ? 2 : 3)
        case .number(let literal)?:
            bytes.append(4)
            string(literal)
        case .string(let text)?:
            var text = text
            text.withUTF8 { stringValue($0) }
        case .array(let items)?:
            bytes.append(6)
            int(items.count)
            for item in items { self.value(item) }
        case .object(let object)?:
            objectHeader(count: object.count)
            for member in object.members {
                string(member.key)
                self.value(member.value)
            }
        }
    }
}

extension Renderer {
    /// The first keys of the paths a row loop's body reads (values and nested sections), or
    /// nil when the body holds something whose bytes depend on more than the row's data and
    /// position (merged cells, blocks, pictures, links, tables that may vanish, drawing ids).
    func chunkableKeys(_ ops: [Program.Op], into keys: inout Set<String>) -> Bool {
        func add(_ path: DataPath) {
            guard path.special == .none, !path.relativeToCurrent, case .key(let first, _)? = path.components.first else { return }
            keys.insert(first)
        }
        for op in ops {
            switch op {
            case .literal: break
            case .value(let e): add(program.expressions[e].path)
            case .paragraphValue(let p): add(program.expressions[program.paragraphValues[p].expression].path)
            case .section(let s):
                let section = program.sections[s]
                guard section.mergeCells.isEmpty else { return false }
                add(section.path)
                guard chunkableKeys(section.body, into: &keys) else { return false }
            case .mergeCell, .block, .image, .link, .optionalTable, .drawingID, .controlID, .fitStart, .fitEnd: return false
            }
        }
        return true
    }

    /// Whether the list section `index` of `count` items is rendered in chunks (see `RowChunking`).
    func chunkedKeys(section index: Int, count: Int) -> [String]? {
        guard let chunking, deflated == nil, spool == nil, openLoops == 0, optionalTableStarts.isEmpty,
              count > chunking.rowsPerChunk else { return nil }
        let section = program.sections[index]
        guard section.placement == .rows, section.comparison == nil, !section.inverted, section.mergeCells.isEmpty else { return nil }
        var keys = Set<String>()
        guard chunkableKeys(section.body, into: &keys) else { return nil }
        return keys.sorted()
    }

    /// Renders a row loop in chunks: the text before it becomes the entry's first piece, each
    /// chunk a piece taken from the store when its key is there, and the text after it (rendered
    /// on as usual) the last piece (`finishedContent`).
    /// `item(i)`: the i-th item, asked for once (a lazy list makes it then, `LazyItems`), only
    /// for chunks rendered when `records` (the items' text) keys them.
    mutating func runChunked(section index: Int, count: Int, base: Int, outerKeys: [String], item: (Int) -> JSONValue,
                             records: LazyItems.Records? = nil) {
        guard let chunking else { return }
        let section = program.sections[index]
        deflated = DeflatedEntry()
        flushPiece()
        openLoops += 1
        defer { openLoops -= 1 }
        var start = 0
        while start < count {
            let end = min(count, start + chunking.rowsPerChunk)
            var made: [JSONValue]?
            // Without a store nothing is looked up or kept: no key to make.
            let key: [UInt8]
            if chunking.store == nil {
                key = []
            } else if let records {
                key = chunkKey(section: index, range: start..<end, count: count, outerKeys: outerKeys,
                               rows: { key in for i in start..<end { records.appendKey(i, to: &key) } },
                               someRowLacks: { !records.members.contains($0) })
            } else {
                let items = (start..<end).map(item)
                made = items
                key = chunkKey(section: index, range: start..<end, count: count, outerKeys: outerKeys,
                               rows: { key in for item in items { key.value(item) } },
                               someRowLacks: { name in items.contains { $0[name] == nil } })
            }
            if let store = chunking.store, let kept = store.segment(for: key) {
                deflated?.append(kept)
                rowIterations += end - start
                start = end
                continue
            }
            let items = made ?? (start..<end).map(item)
            let (errorCount, warningCount) = (errors.count, warnings.count)
            var lastRow = 0..<0
            for i in start..<end {
                if i > 0 { emit(section.between) }
                frames.append(Frame(value: items[i - start], index: i, count: count, base: base, pathText: section.path.text))
                let rowStart = out.bytes.count
                iterate(section)
                lastRow = rowStart..<out.bytes.count
                frames.removeLast()
            }
            // As the whole loop would: its last row keeps with what follows the loop.
            if end == count, Self.lastRowKeeps(section) { keepWithNext(lastRow) }
            guard let piece = flushPiece() else { return }
            // A chunk that warned is rendered again next time, so that its warnings are seen again.
            if errors.count == errorCount, warnings.count == warningCount { chunking.store?.record(piece, for: key) }
            start = end
        }
    }

    /// `out` deflated as the entry's next piece, and emptied.
    @discardableResult
    mutating func flushPiece() -> DeflatedSegment? {
        guard spoolError == nil else { return nil }
        do {
            let piece = try DeflatedSegment.compress(out.bytes[...], level: chunkLevel)
            deflated?.append(piece)
            out.bytes.removeAll(keepingCapacity: true)
            return piece
        } catch {
            spoolError = error
            return nil
        }
    }

    /// Everything the chunk's bytes depend on: where it is (part, loop, first row, whether it
    /// holds the last row), how values print, its rows' data, and the values its rows read
    /// from outside themselves (a key some row lacks is looked up around the loop).
    /// `rows` appends the chunk's rows' data, `range` their place among the loop's `count`;
    /// `someRowLacks(name)`: a row of the chunk has no member `name`.
    private func chunkKey(section index: Int, range: Range<Int>, count: Int, outerKeys: [String],
                          rows: (inout RowChunkKey) -> Void, someRowLacks: (String) -> Bool) -> [UInt8] {
        var key = RowChunkKey()
        key.string(partName)
        key.int(index)
        key.int(range.lowerBound)
        key.int(range.upperBound == count ? 1 : 0)
        key.int(chunkLevel)
        key.string(missing.rawValue)
        key.int(showsEveryCondition ? 1 : 0)
        rows(&key)
        for name in outerKeys where someRowLacks(name) {
            key.string(name)
            key.value(outerValue(name))
        }
        return key.bytes
    }

    /// What a path starting with `name` finds outside the loop's rows.
    private func outerValue(_ name: String) -> JSONValue? {
        for frame in frames.reversed() {
            if case .object(let object) = frame.value, let value = object[name] { return value }
        }
        return nil
    }
}
