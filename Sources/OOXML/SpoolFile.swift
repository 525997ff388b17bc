import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The bytes of one zip entry kept in an anonymous temporary file instead of memory, for a
/// part that grows with its data (the 汇总表's table has one row per project: 19 MB of XML at
/// 10 000 projects). Written in chunks while the part renders; `ZipWriter` deflates it
/// straight from the file, so neither the whole part nor a copy of it is ever in memory.
/// The file has no name (`tmpfile`): it disappears when closed, even if the process is killed.
public final class SpoolFile: @unchecked Sendable {
    private var file: UnsafeMutablePointer<FILE>?
    /// Bytes written so far.
    public private(set) var count = 0

    public init() throws(OOXMLError) {
        guard let file = tmpfile() else {
            throw OOXMLError(.zipWrite, "无法创建临时文件：\(String(cString: strerror(errno)))")
        }
        self.file = file
    }

    deinit {
        if let file { fclose(file) }
    }

    public func append(_ bytes: ArraySlice<UInt8>) throws(OOXMLError) {
        guard !bytes.isEmpty else { return }
        guard let file else { throw OOXMLError(.zipWrite, "临时文件已交给压缩包") }
        let written = bytes.withUnsafeBytes { raw in fwrite(raw.baseAddress, 1, raw.count, file) }
        guard written == bytes.count else {
            throw OOXMLError(.zipWrite, "无法写入临时文件：\(String(cString: strerror(errno)))")
        }
        count += bytes.count
    }

    /// Every byte written, in order (for callers that need the part itself, and tests).
    public func contents() throws(OOXMLError) -> [UInt8] {
        guard let file else { throw OOXMLError(.zipWrite, "临时文件已交给压缩包") }
        guard fflush(file) == 0, fseek(file, 0, SEEK_SET) == 0 else {
            throw OOXMLError(.zipWrite, "无法读取临时文件：\(String(cString: strerror(errno)))")
        }
        defer { fseek(file, 0, SEEK_END) }
        let size = count
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            initialized = size == 0 ? 0 : fread(buffer.baseAddress, 1, size, file)
            failed = initialized != size
        }
        if failed { throw OOXMLError(.zipWrite, "无法读取临时文件") }
        return bytes
    }

    /// The stream for a libzip file source, which reads it during `zip_close` and closes it
    /// when freed: the spool is used up.
    func handOver() throws(OOXMLError) -> UnsafeMutablePointer<FILE> {
        guard let file else { throw OOXMLError(.zipWrite, "临时文件已交给压缩包") }
        // Flushed so that the source's reads (from the start, on ZIP_SOURCE_OPEN) see every byte.
        guard fflush(file) == 0 else {
            throw OOXMLError(.zipWrite, "无法写入临时文件：\(String(cString: strerror(errno)))")
        }
        self.file = nil
        return file
    }

    /// Takes the stream back when libzip refused it (the source was never made).
    func takeBack(_ stream: UnsafeMutablePointer<FILE>) {
        file = stream
    }
}
