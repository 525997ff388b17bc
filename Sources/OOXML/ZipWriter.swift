import CLibZip
import Foundation

/// What goes into one entry of a new archive.
public enum ZipEntryContent {
    /// New bytes, deflated.
    case bytes([UInt8])
    /// An entry of an open archive, copied through as stored (no inflate, no recompression).
    case copy(ZipArchive, entryName: String)
    /// New bytes kept in a temporary file (`SpoolFile`), deflated from it as `.bytes` would be.
    case spool(SpoolFile)
    /// Bytes deflated ahead in independent pieces (`DeflatedEntry`), stored as given: libzip
    /// copies data whose source reports it compressed, with its method, sizes and CRC.
    case deflated(DeflatedEntry)
}

/// Writes zip archives deterministically: entries in the given order, one fixed modification
/// time (1980-01-01 00:00, the earliest DOS time, set as DOS fields so the machine's time
/// zone cannot shift it), deflate for new bytes, raw copies for `.copy`. The same input
/// gives byte-identical output.
public enum ZipWriter {
    /// DOS date 1980-01-01 and time 00:00:00.
    static let fixedDOSDate: UInt16 = (0 << 9) | (1 << 5) | 1
    static let fixedDOSTime: UInt16 = 0

    /// zlib's level for new entries. 6 is zlib's default; lower levels trade size for speed.
    public static let defaultCompressionLevel = 6

    public static func write(_ entries: [(name: String, content: ZipEntryContent)], to path: String, compressionLevel: Int = defaultCompressionLevel) throws(OOXMLError) {
        let archive: [UInt8]
        do {
            archive = try bytes(entries, compressionLevel: compressionLevel)
        } catch {
            throw error.with(file: path)
        }
        try FileIO.write(archive, to: path)
    }

    public static func bytes(_ entries: [(name: String, content: ZipEntryContent)], compressionLevel: Int = defaultCompressionLevel) throws(OOXMLError) -> [UInt8] {
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let source = zip_source_buffer_create(nil, 0, 0, &error) else {
            throw OOXMLError(.zipWrite, "无法创建压缩包缓冲区：\(ZipArchive.describe(&error))")
        }
        // Keep the buffer after zip_close so the finished archive can be read back from it.
        zip_source_keep(source)
        defer { zip_source_free(source) }
        guard let archive = zip_open_from_source(source, ZIP_TRUNCATE, &error) else {
            zip_source_free(source)
            throw OOXMLError(.zipWrite, "无法创建压缩包：\(ZipArchive.describe(&error))")
        }
        do {
            try add(entries, to: archive, level: max(1, min(9, compressionLevel)))
        } catch {
            zip_discard(archive)
            throw error
        }
        // The `.copy` sources read from their archives inside zip_close: keep them alive.
        let closed = withExtendedLifetime(entries) { zip_close(archive) }
        guard closed == 0 else {
            let message = String(cString: zip_strerror(archive))
            zip_discard(archive)
            throw OOXMLError(.zipWrite, "写入压缩包失败：\(message)")
        }
        return try readAll(source)
    }

    private static func add(_ entries: [(name: String, content: ZipEntryContent)], to archive: OpaquePointer, level: Int) throws(OOXMLError) {
        var seen = Set<String>()
        for (name, content) in entries {
            if let reason = ZipArchive.unsafeNameReason(name) {
                throw OOXMLError(.unsafeEntryName, "条目名「\(name)」不安全（\(reason)），拒绝写入")
            }
            guard seen.insert(name).inserted else {
                throw OOXMLError(.zipWrite, "条目「\(name)」重复，拒绝写入")
            }
            let source: OpaquePointer
            let method: Int32
            let methodFlags: UInt32
            switch content {
            case .bytes(let bytes):
                source = try bufferSource(bytes, archive: archive, name: name)
                method = Int32(ZIP_CM_DEFLATE)
                methodFlags = UInt32(level)
            case .copy(let from, let entryName):
                guard let entry = from.entry(named: entryName) else {
                    throw OOXMLError(.entryMissing, "源压缩包中没有条目「\(entryName)」", file: from.name)
                }
                // start 0, length 0: the whole entry, still compressed.
                guard let zipSource = zip_source_zip(archive, from.handle, UInt64(entry.index), 0, 0, 0) else {
                    throw OOXMLError(.zipWrite, "无法复制条目「\(entryName)」：\(String(cString: zip_strerror(archive)))", file: from.name)
                }
                source = zipSource
                // Keeping the source's method is what makes libzip copy the data as stored.
                method = Int32(entry.compressionMethod)
                methodFlags = 0
            case .spool(let spool):
                source = try fileSource(spool, archive: archive, name: name)
                method = Int32(ZIP_CM_DEFLATE)
                methodFlags = UInt32(level)
            case .deflated(let entry):
                source = try deflatedSource(entry, archive: archive, name: name)
                // The source's own method: libzip then copies the bytes instead of recompressing.
                method = Int32(ZIP_CM_DEFLATE)
                methodFlags = 0
            }
            let index = zip_file_add(archive, name, source, zip_flags_t(ZIP_FL_ENC_UTF_8))
            guard index >= 0 else {
                zip_source_free(source)
                throw OOXMLError(.zipWrite, "无法添加条目「\(name)」：\(String(cString: zip_strerror(archive)))")
            }
            guard zip_set_file_compression(archive, UInt64(index), method, methodFlags) == 0,
                  zip_file_set_dostime(archive, UInt64(index), fixedDOSTime, fixedDOSDate, 0) == 0 else {
                throw OOXMLError(.zipWrite, "无法设置条目「\(name)」：\(String(cString: zip_strerror(archive)))")
            }
        }
    }

    private static func bufferSource(_ bytes: [UInt8], archive: OpaquePointer, name: String) throws(OOXMLError) -> OpaquePointer {
        if bytes.isEmpty {
            guard let source = zip_source_buffer(archive, nil, 0, 0) else {
                throw OOXMLError(.zipWrite, "无法添加条目「\(name)」")
            }
            return source
        }
        // libzip reads the data during zip_close; it owns this copy and frees it (freep = 1).
        guard let copy = malloc(bytes.count) else {
            throw OOXMLError(.zipWrite, "内存不足，无法添加条目「\(name)」")
        }
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress { copy.copyMemory(from: base, byteCount: raw.count) }
        }
        guard let source = zip_source_buffer(archive, copy, UInt64(bytes.count), 1) else {
            free(copy)
            throw OOXMLError(.zipWrite, "无法添加条目「\(name)」：\(String(cString: zip_strerror(archive)))")
        }
        return source
    }

    private static func fileSource(_ spool: SpoolFile, archive: OpaquePointer, name: String) throws(OOXMLError) -> OpaquePointer {
        if spool.count == 0 { return try bufferSource([], archive: archive, name: name) }
        let stream = try spool.handOver()
        let context = UnsafeMutablePointer<SpoolSourceContext>.allocate(capacity: 1)
        context.initialize(to: SpoolSourceContext(stream: stream, size: UInt64(spool.count)))
        // libzip reads it during zip_close and sends ZIP_SOURCE_FREE (closing the stream) when done.
        guard let source = zip_source_function(archive, spoolSourceCallback, context) else {
            context.deinitialize(count: 1)
            context.deallocate()
            spool.takeBack(stream)
            throw OOXMLError(.zipWrite, "无法添加条目「\(name)」：\(String(cString: zip_strerror(archive)))")
        }
        return source
    }

    private static func deflatedSource(_ entry: DeflatedEntry, archive: OpaquePointer, name: String) throws(OOXMLError) -> OpaquePointer {
        let context = UnsafeMutablePointer<DeflatedSourceContext>.allocate(capacity: 1)
        context.initialize(to: DeflatedSourceContext(entry: entry))
        // libzip reads it during zip_close and sends ZIP_SOURCE_FREE when done.
        guard let source = zip_source_function(archive, deflatedSourceCallback, context) else {
            context.deinitialize(count: 1)
            context.deallocate()
            throw OOXMLError(.zipWrite, "无法添加条目「\(name)」：\(String(cString: zip_strerror(archive)))")
        }
        return source
    }

    private static func readAll(_ source: OpaquePointer) throws(OOXMLError) -> [UInt8] {
        guard zip_source_open(source) == 0 else {
            throw OOXMLError(.zipWrite, "无法读取写好的压缩包：\(String(cString: zip_error_strerror(zip_source_error(source))))")
        }
        defer { zip_source_close(source) }
        var stat = zip_stat_t()
        zip_stat_init(&stat)
        guard zip_source_stat(source, &stat) == 0, stat.valid & UInt64(ZIP_STAT_SIZE) != 0 else {
            throw OOXMLError(.zipWrite, "无法读取写好的压缩包的大小")
        }
        let size = Int(stat.size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            guard let base = buffer.baseAddress else { return }
            while count < size {
                let n = zip_source_read(source, base + count, UInt64(size - count))
                if n <= 0 {
                    failed = n < 0
                    break
                }
                count += Int(n)
            }
        }
        guard !failed, bytes.count == size else {
            throw OOXMLError(.zipWrite, "读取写好的压缩包失败")
        }
        return bytes
    }
}

/// What the spool's zip source reads from.
struct SpoolSourceContext {
    var stream: UnsafeMutablePointer<FILE>
    var size: UInt64
}

/// A readable libzip source over a spool's stream. Not `zip_source_filep`: a file source
/// lends the entry the temporary file's mode (0600) where a buffer entry has 0666, and the
/// document must be the same bytes whether its part was spooled or not. This source reports
/// only the size, as a buffer does.
private let spoolSourceCallback: zip_source_callback = { userdata, data, length, command in
    guard let context = userdata?.assumingMemoryBound(to: SpoolSourceContext.self) else { return -1 }
    switch command {
    case ZIP_SOURCE_OPEN:
        return fseek(context.pointee.stream, 0, SEEK_SET) == 0 ? 0 : -1
    case ZIP_SOURCE_READ:
        guard let data else { return -1 }
        let n = fread(data, 1, Int(length), context.pointee.stream)
        if n < Int(length), ferror(context.pointee.stream) != 0 { return -1 }
        return Int64(n)
    case ZIP_SOURCE_CLOSE:
        return 0
    case ZIP_SOURCE_STAT:
        guard let data, length >= UInt64(MemoryLayout<zip_stat_t>.size) else { return -1 }
        let stat = data.assumingMemoryBound(to: zip_stat_t.self)
        zip_stat_init(stat)
        stat.pointee.size = context.pointee.size
        stat.pointee.valid |= UInt64(ZIP_STAT_SIZE)
        return Int64(MemoryLayout<zip_stat_t>.size)
    case ZIP_SOURCE_ERROR:
        return readSourceError(data, length)
    case ZIP_SOURCE_FREE:
        fclose(context.pointee.stream)
        context.deinitialize(count: 1)
        context.deallocate()
        return 0
    case ZIP_SOURCE_SUPPORTS:
        return readSourceCommands
    default:
        return -1
    }
}

/// What a pre-deflated entry's zip source reads: the pieces in order, then the final block.
struct DeflatedSourceContext {
    var entry: DeflatedEntry
    /// Next piece to read (`segments.count`: the final block), and the offset in it.
    var segment = 0
    var offset = 0

    mutating func read(into buffer: UnsafeMutableRawPointer, capacity: Int) -> Int {
        var written = 0
        while written < capacity {
            let piece: [UInt8]
            if segment < entry.segments.count {
                piece = entry.segments[segment].data
            } else if segment == entry.segments.count {
                piece = DeflatedEntry.finalBlock
            } else {
                break
            }
            let n = min(piece.count - offset, capacity - written)
            if n > 0 {
                piece.withUnsafeBytes { raw in
                    (buffer + written).copyMemory(from: raw.baseAddress! + offset, byteCount: n)
                }
            }
            written += n
            offset += n
            if offset == piece.count {
                segment += 1
                offset = 0
            }
        }
        return written
    }
}

/// A zip source over already-deflated bytes. Its stat reports the compression method, both
/// sizes and the CRC: with the entry's method set to the same (`ZipWriter.add`), zip_close
/// copies the data as it is (libzip's add_data recompresses only when the methods differ) and
/// writes the given CRC and sizes in the headers.
private let deflatedSourceCallback: zip_source_callback = { userdata, data, length, command in
    guard let context = userdata?.assumingMemoryBound(to: DeflatedSourceContext.self) else { return -1 }
    switch command {
    case ZIP_SOURCE_OPEN:
        context.pointee.segment = 0
        context.pointee.offset = 0
        return 0
    case ZIP_SOURCE_READ:
        guard let data else { return -1 }
        return Int64(context.pointee.read(into: data, capacity: Int(length)))
    case ZIP_SOURCE_CLOSE:
        return 0
    case ZIP_SOURCE_STAT:
        guard let data, length >= UInt64(MemoryLayout<zip_stat_t>.size) else { return -1 }
        let stat = data.assumingMemoryBound(to: zip_stat_t.self)
        zip_stat_init(stat)
        let entry = context.pointee.entry
        stat.pointee.size = UInt64(entry.size)
        stat.pointee.comp_size = UInt64(entry.compressedSize)
        stat.pointee.crc = entry.crc
        stat.pointee.comp_method = UInt16(ZIP_CM_DEFLATE)
        stat.pointee.valid |= UInt64(ZIP_STAT_SIZE) | UInt64(ZIP_STAT_COMP_SIZE) | UInt64(ZIP_STAT_CRC) | UInt64(ZIP_STAT_COMP_METHOD)
        return Int64(MemoryLayout<zip_stat_t>.size)
    case ZIP_SOURCE_ERROR:
        return readSourceError(data, length)
    case ZIP_SOURCE_FREE:
        context.deinitialize(count: 1)
        context.deallocate()
        return 0
    case ZIP_SOURCE_SUPPORTS:
        return readSourceCommands
    default:
        return -1
    }
}

/// ZIP_SOURCE_ERROR of the readable sources above: a read error, no system error.
private func readSourceError(_ data: UnsafeMutableRawPointer?, _ length: UInt64) -> Int64 {
    guard let data, length >= UInt64(2 * MemoryLayout<Int32>.size) else { return -1 }
    let codes = data.assumingMemoryBound(to: Int32.self)
    codes[0] = ZIP_ER_READ
    codes[1] = 0
    return Int64(2 * MemoryLayout<Int32>.size)
}

/// ZIP_SOURCE_SUPPORTS of the readable sources above.
private let readSourceCommands: Int64 = [ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                         ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE].reduce(Int64(0)) { $0 | (Int64(1) << Int64($1.rawValue)) }
