import CLibZip

/// A piece of a zip entry deflated on its own: a fresh raw-deflate stream ended with a sync
/// flush, so it starts and ends on a byte boundary, needs no earlier window and can be placed
/// after any other such piece. A part deflated this way in pieces (`DeflatedEntry`) can keep
/// the pieces whose bytes did not change from one run to the next (the 汇总表's rows, issue 12)
/// and only deflate the changed ones, and still be the same bytes as when every piece is new.
public struct DeflatedSegment: Sendable, Equatable {
    /// The compressed bytes (no final block).
    public var data: [UInt8]
    /// CRC-32 of the uncompressed bytes.
    public var crc: UInt32
    /// Number of uncompressed bytes.
    public var size: Int

    /// For pieces read back from a record; `data` must be what `compress` gave for bytes of
    /// this size and CRC.
    public init(data: [UInt8], crc: UInt32, size: Int) {
        self.data = data
        self.crc = crc
        self.size = size
    }

    /// `bytes` deflated at `level` (1…9) as an independent, byte-aligned piece.
    public static func compress(_ bytes: ArraySlice<UInt8>, level: Int) throws(OOXMLError) -> DeflatedSegment {
        var stream = z_stream()
        guard reportgen_deflate_init_raw(&stream, Int32(max(1, min(9, level)))) == Z_OK else {
            throw OOXMLError(.zipWrite, "无法初始化压缩")
        }
        defer { deflateEnd(&stream) }
        let (status, data, complete) = bytes.withUnsafeBufferPointer { ZlibStream.deflateInOneCall(&stream, $0, flush: Z_SYNC_FLUSH) }
        guard status == Z_OK, complete else {
            throw OOXMLError(.zipWrite, "压缩失败（zlib \(status)）")
        }
        let crc = bytes.withUnsafeBufferPointer { input in
            UInt32(crc32(0, input.baseAddress, uInt(input.count)))
        }
        // `data` is copied to its own size: a buffer with room for the uncompressed bytes, kept
        // with a piece (the 汇总表's pieces live until the part is written), held the whole part's
        // uncompressed size, 18 MB at 10 000 projects: the peak of a cold-cache package run.
        return DeflatedSegment(data: data, crc: crc, size: bytes.count)
    }

    /// zlib's version: pieces kept from a run linked to another zlib may not be the bytes this
    /// one makes, so a record of pieces names it.
    public static var zlibVersionText: String { String(cString: zlibVersion()) }
}

/// A zip entry made of independently deflated pieces in order, closed by an empty final
/// block: one valid deflate stream whose CRC is composed from the pieces' (`crc32_combine`).
public struct DeflatedEntry: Sendable {
    public private(set) var segments: [DeflatedSegment] = []
    public private(set) var crc: UInt32 = 0
    public private(set) var size = 0
    public private(set) var compressedSize = DeflatedEntry.finalBlock.count

    /// A final, empty block with fixed codes (BFINAL 1, BTYPE 01, end-of-block): after the
    /// pieces' sync flushes the stream is byte-aligned, so these two bytes end it.
    static let finalBlock: [UInt8] = [0x03, 0x00]

    public init() {}

    public mutating func append(_ segment: DeflatedSegment) {
        crc = segments.isEmpty && size == 0 ? segment.crc
            : UInt32(crc32_combine(uLong(crc), uLong(segment.crc), off_t(segment.size)))
        size += segment.size
        compressedSize += segment.data.count
        segments.append(segment)
    }

    /// The entry's compressed bytes, whole (tests, and readers that want them in one piece).
    public var compressedBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(compressedSize)
        for segment in segments { out += segment.data }
        return out + Self.finalBlock
    }
}
