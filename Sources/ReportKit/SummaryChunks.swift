import Crypto
import Foundation
import OOXML
import Reports
import Templating

/// The 汇总表's row chunks, deflated, kept between runs (issue 12): after one project changed,
/// `project --id` re-renders and re-deflates the chunk of 256 rows holding it, and copies the
/// other chunks' pieces (`RowChunking`, `DeflatedSegment`). One record per package folder, in
/// the cache folder (`CacheFolder`: `summaries/`, named by the SHA-256 of the folder's path, as
/// `PackageIndex`), written after each run that rendered the summary, holding the pieces that
/// run used.
///
/// Why a piece found is the piece rendering would make: it is looked up by the SHA-256 of
/// everything its bytes depend on — the record's scope (this layout, the tool's version and
/// executable, zlib's version, the summary template's bytes and options, the chunk size) and
/// the chunk's key (its rows' data including 序号, its place, what it reads around the loop;
/// `RowChunkKey`). A record of another scope, a foreign or truncated file, or a wrong checksum
/// is no record: every chunk is rendered, and the bytes are the same.
final class SummaryChunks: RowChunkStore, @unchecked Sendable {
    static let magic = Array("reportgen-summary-chunks/1\n".utf8)

    private let scope: [UInt8]
    private let lock = NSLock()
    private var kept: [[UInt8]: DeflatedSegment]
    /// The pieces this run used, in order: what the next record holds.
    private var used: [(digest: [UInt8], segment: DeflatedSegment)] = []
    private(set) var reused = 0
    private(set) var rendered = 0

    init(scope: [UInt8], kept: [[UInt8]: DeflatedSegment] = [:]) {
        self.scope = scope
        self.kept = kept
    }

    /// The scope of a record: everything every piece depends on besides its chunk.
    static func scope(template: Template, toolVersion: String, rowsPerChunk: Int) -> [UInt8] {
        var hasher = SHA256()
        func add(_ text: String) {
            let bytes = Array(text.utf8)
            withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(data: bytes)
        }
        add(String(decoding: magic, as: UTF8.self))
        add(toolVersion)
        add(CacheFolder.executableIdentity)
        add(DeflatedSegment.zlibVersionText)
        add(String(rowsPerChunk))
        add(template.options.missing.rawValue)
        add(String(describing: template.options.delimiters))
        add(template.options.aliases.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n"))
        hasher.update(data: template.fileBytes)
        return Array(hasher.finalize())
    }

    private func digest(_ key: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: scope)
        hasher.update(data: key)
        return Array(hasher.finalize())
    }

    func segment(for key: [UInt8]) -> DeflatedSegment? {
        let digest = digest(key)
        lock.lock()
        defer { lock.unlock() }
        guard let segment = kept[digest] else { return nil }
        used.append((digest, segment))
        reused += 1
        return segment
    }

    func record(_ segment: DeflatedSegment, for key: [UInt8]) {
        let digest = digest(key)
        lock.lock()
        defer { lock.unlock() }
        used.append((digest, segment))
        rendered += 1
    }

    // MARK: The record

    static func path(of destination: URL?, in cache: URL?) -> String? {
        guard let cache, let destination else { return nil }
        return cache.standardizedFileURL.path + "/summaries/" + Manifest.sha256(Array(destination.standardizedFileURL.path.utf8)) + ".bin"
    }

    /// The record at `path` when it is whole and of this scope; else an empty store.
    static func read(_ path: String?, scope: [UInt8]) -> SummaryChunks {
        guard let path, let bytes = try? SystemFiles.readFile(path, limit: 1 << 30) else { return SummaryChunks(scope: scope) }
        return SummaryChunks(scope: scope, kept: decode(bytes, scope: scope) ?? [:])
    }

    static func decode(_ bytes: [UInt8], scope: [UInt8]) -> [[UInt8]: DeflatedSegment]? {
        let body = bytes.count - 32
        guard body >= magic.count + 32 + 8, bytes.starts(with: magic),
              Array(SHA256.hash(data: bytes[0..<body])) == Array(bytes[body...]),
              Array(bytes[magic.count..<magic.count + 32]) == scope else { return nil }
        var position = magic.count + 32
        func u64() -> UInt64? {
            guard body - position >= 8 else { return nil }
            var value: UInt64 = 0
            for index in 0..<8 { value |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
            position += 8
            return value
        }
        func take(_ count: UInt64) -> [UInt8]? {
            guard count <= UInt64(body - position) else { return nil }
            defer { position += Int(count) }
            return Array(bytes[position..<position + Int(count)])
        }
        guard let count = u64(), count <= UInt64(body) else { return nil }
        var kept: [[UInt8]: DeflatedSegment] = [:]
        for _ in 0..<count {
            guard let digest = take(32), let crc = u64(), crc <= UInt64(UInt32.max), let size = u64(), size <= UInt64(Int.max),
                  let length = u64(), let data = take(length) else { return nil }
            kept[digest] = DeflatedSegment(data: data, crc: UInt32(crc), size: Int(size))
        }
        return position == body ? kept : nil
    }

    func encoded() -> [UInt8] {
        lock.lock()
        let pieces = used
        lock.unlock()
        return Self.encode(scope: scope, pieces: pieces)
    }

    static func encode(scope: [UInt8], pieces: [(digest: [UInt8], segment: DeflatedSegment)]) -> [UInt8] {
        var out = Self.magic + scope
        func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        var seen = Set<[UInt8]>()
        let unique = pieces.filter { seen.insert($0.digest).inserted }
        u64(UInt64(unique.count))
        for (digest, segment) in unique {
            out += digest
            u64(UInt64(segment.crc))
            u64(UInt64(segment.size))
            u64(UInt64(segment.data.count))
            out += segment.data
        }
        out += Array(SHA256.hash(data: out))
        return out
    }

    /// Best effort: without a record the next run renders every chunk.
    func write(_ path: String?) {
        guard let path else { return }
        let folder = (path as NSString).deletingLastPathComponent
        guard (try? SystemFiles.makeDirectories(folder)) != nil else { return }
        let bytes = encoded()
        try? SystemFiles.replaceCacheFile(path) { write in write(bytes) }
    }
}
