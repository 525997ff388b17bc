import CLibZip
import Foundation

/// One entry of a zip archive, as its central directory declares it.
public struct ZipEntry: Sendable, Equatable {
    public let name: String
    /// Position in the archive (libzip's index).
    public let index: Int
    public let uncompressedSize: Int
    public let compressedSize: Int
    public let crc32: UInt32
    public let isCompressed: Bool
    /// The zip compression method number (0 stored, 8 deflate).
    public let compressionMethod: Int
}

/// Limits that keep a hostile archive from exhausting memory (issue 11: with them, anything
/// accepted stays under 512 MB). The sizes are checked against what the central directory
/// declares, before anything is inflated, and reading never produces more than the declared
/// size; the XML limits (`XMLLimits`) bound what is parsed from one archive as a whole.
public enum ZipLimits {
    /// Largest single entry; Word's own parts are far smaller.
    public static let maximumEntrySize = 128 * 1024 * 1024
    /// Largest sum of all entries' uncompressed sizes (media included, though media is only
    /// ever copied compressed).
    public static let maximumTotalSize = 256 * 1024 * 1024
    /// Every entry from this size on must not compress better than `maximumRatio`; smaller
    /// ones cannot amplify much and the totals bound them.
    public static let ratioCheckThreshold = 64 * 1024
    /// Real Word parts compress at most ~35:1 (styles.xml); deflate's ceiling is ~1032:1,
    /// which only runs of one byte reach.
    public static let maximumRatio = 200
    public static let maximumEntryCount = 65_535
    /// Largest archive file reportgen reads into memory.
    public static let maximumArchiveSize = 256 * 1024 * 1024
}

/// What one archive may make reportgen parse, all its XML parts together: bytes and
/// elements (an element costs a few hundred bytes of memory once parsed, whatever its size
/// in the file — 16 million empty elements fit in 25 KB compressed).
public enum XMLLimits {
    public static let maximumBytesPerArchive = 16 * 1024 * 1024
    public static let maximumElementsPerArchive = 200_000
}

/// A zip archive opened for reading, over libzip. The archive is held in memory, so copying
/// its entries into many new archives never touches the disk again.
///
/// Not thread-safe: libzip handles carry state; use one instance per thread.
public final class ZipArchive {
    /// The name used in error messages (usually the file path).
    public let name: String
    public let entries: [ZipEntry]
    private let indexByName: [String: Int]
    /// The libzip handle; only `OOXML` sees it (ZipWriter copies entries through it).
    let handle: OpaquePointer

    public convenience init(path: String) throws(OOXMLError) {
        let bytes = try FileIO.read(path: path, limit: ZipLimits.maximumArchiveSize)
        try self.init(bytes: bytes, name: path)
    }

    public init(bytes: [UInt8], name: String) throws(OOXMLError) {
        self.name = name
        guard !bytes.isEmpty else {
            throw OOXMLError(.notAZip, "文件为空，不是 zip 压缩包（DOCX 文件应是 zip 格式）", file: name)
        }
        guard bytes.count <= ZipLimits.maximumArchiveSize else {
            throw OOXMLError(.zipBomb, "文件过大（\(bytes.count) 字节），超过 \(ZipLimits.maximumArchiveSize) 字节的上限", file: name)
        }
        // libzip reads the buffer lazily for the archive's whole life: give it its own copy,
        // freed by libzip together with the source (freep = 1).
        guard let buffer = malloc(bytes.count) else {
            throw OOXMLError(.io, "内存不足，无法载入压缩包", file: name)
        }
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress { buffer.copyMemory(from: base, byteCount: raw.count) }
        }
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let source = zip_source_buffer_create(buffer, UInt64(bytes.count), 1, &error) else {
            free(buffer)
            throw OOXMLError(.io, "无法载入压缩包：\(ZipArchive.describe(&error))", file: name)
        }
        guard let archive = zip_open_from_source(source, ZIP_RDONLY, &error) else {
            zip_source_free(source)
            throw ZipArchive.openError(&error, bytes: bytes, name: name)
        }
        do {
            (entries, indexByName) = try ZipArchive.readDirectory(archive, name: name)
        } catch {
            zip_discard(archive)
            throw error
        }
        handle = archive
    }

    deinit {
        zip_discard(handle)
    }

    /// XML parsed from this archive so far, against `XMLLimits`.
    private var xmlBytesParsed = 0
    private var xmlElementsParsed = 0
    private var xmlPartsCharged: Set<String> = []

    /// Counts a part about to be parsed against the archive's XML budget (once per part,
    /// however often it is parsed).
    func chargeXML(_ bytes: [UInt8], part: String) throws(OOXMLError) {
        guard xmlPartsCharged.insert(part).inserted else { return }
        xmlBytesParsed += bytes.count
        guard xmlBytesParsed <= XMLLimits.maximumBytesPerArchive else {
            throw OOXMLError(.xmlArchiveBytes, "各 XML 部件解压后合计超过 \(XMLLimits.maximumBytesPerArchive) 字节的上限（到此部件为 \(xmlBytesParsed) 字节）", file: name, part: part)
        }
        xmlElementsParsed += XMLDocument.elementCount(bytes)
        guard xmlElementsParsed <= XMLLimits.maximumElementsPerArchive else {
            throw OOXMLError(.xmlArchiveElements, "各 XML 部件合计超过 \(XMLLimits.maximumElementsPerArchive) 个元素的上限（到此部件为 \(xmlElementsParsed) 个）", file: name, part: part)
        }
    }

    public func entry(named name: String) -> ZipEntry? {
        indexByName[name].map { entries[$0] }
    }

    /// The entry's uncompressed bytes. Never produces more than the declared size: an entry
    /// that inflates to more is refused as a zip bomb.
    public func read(_ name: String) throws(OOXMLError) -> [UInt8] {
        guard let entry = entry(named: name) else {
            throw OOXMLError(.entryMissing, "压缩包中没有条目「\(name)」", file: self.name)
        }
        return try read(entry, compressed: false)
    }

    /// The entry's stored (still compressed) bytes; lets tests prove raw copies.
    public func readRaw(_ name: String) throws(OOXMLError) -> [UInt8] {
        guard let entry = entry(named: name) else {
            throw OOXMLError(.entryMissing, "压缩包中没有条目「\(name)」", file: self.name)
        }
        return try read(entry, compressed: true)
    }

    private func read(_ entry: ZipEntry, compressed: Bool) throws(OOXMLError) -> [UInt8] {
        let flags: zip_flags_t = compressed ? zip_flags_t(ZIP_FL_COMPRESSED) : 0
        guard let file = zip_fopen_index(handle, UInt64(entry.index), flags) else {
            throw OOXMLError(.zipCorrupt, "无法读取条目「\(entry.name)」：\(String(cString: zip_strerror(handle)))", file: name)
        }
        defer { zip_fclose(file) }
        let declared = compressed ? entry.compressedSize : entry.uncompressedSize
        // One byte more than declared: reading it proves the entry lies about its size.
        let capacity = declared + 1
        var failure: String?
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            count = 0
            guard let base = buffer.baseAddress else { return }
            while count < capacity {
                let n = zip_fread(file, base + count, UInt64(capacity - count))
                if n < 0 {
                    failure = String(cString: zip_file_strerror(file))
                    break
                }
                if n == 0 { break }
                count += Int(n)
            }
        }
        if bytes.count > declared {
            throw OOXMLError(.zipBomb, "条目「\(entry.name)」解压后超过其声明的大小（\(declared) 字节），疑为压缩炸弹", file: name)
        }
        if let failure {
            throw OOXMLError(.zipCorrupt, "条目「\(entry.name)」已损坏，无法解压：\(failure)", file: name)
        }
        if bytes.count < declared {
            throw OOXMLError(.zipCorrupt, "条目「\(entry.name)」不完整：应为 \(declared) 字节，只读到 \(bytes.count) 字节", file: name)
        }
        return bytes
    }

    // MARK: - Opening

    private static func readDirectory(_ archive: OpaquePointer, name: String) throws(OOXMLError) -> ([ZipEntry], [String: Int]) {
        let count = zip_get_num_entries(archive, 0)
        guard count >= 0 else {
            throw OOXMLError(.zipCorrupt, "无法读取压缩包目录", file: name)
        }
        guard count <= ZipLimits.maximumEntryCount else {
            throw OOXMLError(.zipBomb, "压缩包含有 \(count) 个条目，超过 \(ZipLimits.maximumEntryCount) 个的上限", file: name)
        }
        var entries: [ZipEntry] = []
        entries.reserveCapacity(Int(count))
        var indexByName: [String: Int] = [:]
        var total = 0
        for index in 0..<Int(count) {
            var stat = zip_stat_t()
            zip_stat_init(&stat)
            guard zip_stat_index(archive, UInt64(index), 0, &stat) == 0, let cName = stat.name else {
                throw OOXMLError(.zipCorrupt, "无法读取第 \(index + 1) 个条目的信息：\(String(cString: zip_strerror(archive)))", file: name)
            }
            // libzip decodes names without the UTF-8 flag as CP437, where 0x01 becomes "☺":
            // control characters are looked for in the raw bytes.
            let rawName = zip_get_name(archive, UInt64(index), zip_flags_t(ZIP_FL_ENC_RAW)).map { String(cString: $0).utf8.map { $0 } } ?? []
            let entryName = String(cString: cName)
            if rawName.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
                // Shown from the raw bytes, each control character as \xNN: the decoded name
                // would show "☺" or nothing at all where the problem is.
                let shown = String(decoding: rawName.flatMap { $0 < 0x20 || $0 == 0x7F ? Array(String(format: "\\x%02X", $0).utf8) : [$0] },
                                   as: UTF8.self)
                throw OOXMLError(.unsafeEntryName, "条目名「\(shown)」不安全（含有控制字符），拒绝处理", file: name)
            }
            if let reason = ZipArchive.unsafeNameReason(entryName) {
                throw OOXMLError(.unsafeEntryName, "条目名「\(entryName)」不安全（\(reason)），拒绝处理", file: name)
            }
            let needed = UInt64(ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_CRC | ZIP_STAT_COMP_METHOD)
            guard stat.valid & needed == needed else {
                throw OOXMLError(.zipCorrupt, "条目「\(entryName)」缺少大小或校验信息", file: name)
            }
            if stat.valid & UInt64(ZIP_STAT_ENCRYPTION_METHOD) != 0 && stat.encryption_method != UInt16(ZIP_EM_NONE) {
                throw OOXMLError(.zipEncrypted, "条目「\(entryName)」已加密；请先在 Word 中取消密码保护", file: name)
            }
            if zip_compression_method_supported(Int32(stat.comp_method), 0) == 0 {
                throw OOXMLError(.zipUnsupportedCompression, "条目「\(entryName)」使用了不支持的压缩方式（\(stat.comp_method)）", file: name)
            }
            // Checked against what the directory declares, before anything is inflated.
            guard stat.size <= UInt64(ZipLimits.maximumEntrySize) else {
                throw OOXMLError(.zipBomb, "条目「\(entryName)」声明解压后 \(stat.size) 字节，超过 \(ZipLimits.maximumEntrySize) 字节的上限，疑为压缩炸弹", file: name)
            }
            guard stat.comp_size <= UInt64(ZipLimits.maximumArchiveSize) else {
                throw OOXMLError(.zipCorrupt, "条目「\(entryName)」声明的压缩大小不合理（\(stat.comp_size) 字节）", file: name)
            }
            let size = Int(stat.size)
            let compressedSize = Int(stat.comp_size)
            if size >= ZipLimits.ratioCheckThreshold && size > compressedSize * ZipLimits.maximumRatio {
                throw OOXMLError(.zipBomb, "条目「\(entryName)」压缩比异常（\(compressedSize) 字节解压为 \(size) 字节，超过 \(ZipLimits.maximumRatio):1），疑为压缩炸弹", file: name)
            }
            total += size
            guard total <= ZipLimits.maximumTotalSize else {
                throw OOXMLError(.zipBomb, "压缩包各条目声明的解压总大小超过 \(ZipLimits.maximumTotalSize) 字节的上限，疑为压缩炸弹", file: name)
            }
            guard indexByName[entryName] == nil else {
                throw OOXMLError(.zipCorrupt, "压缩包中条目「\(entryName)」出现了两次", file: name)
            }
            indexByName[entryName] = entries.count
            entries.append(ZipEntry(
                name: entryName, index: index, uncompressedSize: size, compressedSize: compressedSize,
                crc32: stat.crc, isCompressed: stat.comp_method != Int32(ZIP_CM_STORE) && stat.comp_method != 0,
                compressionMethod: Int(stat.comp_method)))
        }
        return (entries, indexByName)
    }

    /// Why an entry name could escape the extraction folder or confuse tools, if it could.
    public static func unsafeNameReason(_ name: String) -> String? {
        if name.isEmpty { return "名称为空" }
        if name.hasPrefix("/") { return "绝对路径" }
        // On bytes and scalars: every entry of every document written is checked.
        if name.utf8.contains(UInt8(ascii: "\\")) { return "含有反斜杠" }
        var scalars = name.unicodeScalars.makeIterator()
        if let first = scalars.next(), scalars.next() == ":", first.isASCII, first.properties.isAlphabetic {
            return "含有盘符"
        }
        if name.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return "含有控制字符" }
        if name.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).contains(where: { $0.elementsEqual("..".utf8) }) {
            return "含有“..”路径段"
        }
        return nil
    }

    private static func openError(_ error: inout zip_error_t, bytes: [UInt8], name: String) -> OOXMLError {
        let code = zip_error_code_zip(&error)
        let detail = describe(&error)
        let looksLikeZip = bytes.count >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && bytes[2] == 0x03 && bytes[3] == 0x04
        switch code {
        case ZIP_ER_NOZIP where looksLikeZip:
            return OOXMLError(.zipCorrupt, "压缩包不完整或已损坏（可能被截断，找不到中央目录）", file: name)
        case ZIP_ER_NOZIP:
            return OOXMLError(.notAZip, "不是 zip 压缩包（DOCX 文件应是 zip 格式）" + savedAs(bytes), file: name)
        case ZIP_ER_MEMORY:
            return OOXMLError(.io, "内存不足，无法打开压缩包", file: name)
        default:
            return OOXMLError(.zipCorrupt, "压缩包已损坏：\(detail)", file: name)
        }
    }

    /// What a file that is not a zip most likely is, by its first bytes, and how to get a .docx
    /// from it: templates come from Word and WPS, whose other formats are a "Save As" away.
    static func savedAs(_ bytes: [UInt8]) -> String {
        let saveAs = "请在 Word 或 WPS 中打开它，“另存为”Word 文档（*.docx）后再用"
        func starts(_ prefix: [UInt8]) -> Bool { bytes.starts(with: prefix) }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return "。这是旧版 Word 97-2003 文档（.doc）或 WPS 文档（.wps），也可能是设了打开密码的文档；" + saveAs + "（有密码时先取消密码）"
        }
        if starts(Array("{\\rtf".utf8)) { return "。这是 RTF 文档；" + saveAs }
        let head = String(decoding: bytes.prefix(512), as: UTF8.self).lowercased()
        if head.contains("<html") || head.contains("<?mso-application") || head.contains("<w:worddocument") {
            return "。这是网页或 Word 2003 XML 文档；" + saveAs
        }
        return ""
    }

    static func describe(_ error: inout zip_error_t) -> String {
        String(cString: zip_error_strerror(&error))
    }
}

/// Whole-file reads and atomic writes with Chinese errors naming the path and the errno's
/// meaning (see `SystemFiles`).
enum FileIO {
    static func read(path: String, limit: Int) throws(OOXMLError) -> [UInt8] {
        do {
            return try SystemFiles.readFile(path, limit: limit, followSymlinks: true)
        } catch where error.limit != nil {
            throw OOXMLError(.zipBomb, "文件过大，超过 \(limit) 字节的上限", file: path)
        } catch {
            throw error.ooxml
        }
    }

    static func write(_ bytes: [UInt8], to path: String) throws(OOXMLError) {
        do {
            try SystemFiles.replaceFile(path, bytes)
        } catch {
            throw error.ooxml
        }
    }
}
