import Foundation
import OOXML

/// An existing output folder compared with its `manifest.json`, without following symlinks:
/// which files are exactly as listed, which differ, which are missing, and what is there that
/// the manifest does not list (the user's files, symlinks, anything else).
struct PackageFolder {
    var manifest: Manifest?
    /// Listed files whose size and SHA-256 match.
    var intact: [Manifest.File] = []
    /// Parallel to `intact`: the stamp each file had when it was checked.
    var intactStamps: [SystemFiles.Stamp] = []
    /// Files read and hashed (the others were vouched for by the stamp record).
    var hashed = 0
    /// True when `intact` is in the manifest's order (the record's inspection).
    var inManifestOrder = false
    /// `SystemFiles.fileClock()` when the inspection began.
    var inspectedAt: Int64 = 0
    /// Listed files whose content differs (edited, truncated, replaced).
    var modified: [String] = []
    /// Listed files that are not there.
    var missing: [String] = []
    /// Everything not listed: files, symlinks (`name → target` never read), sockets, …
    var foreign: [String] = []
    /// The record's `PackageIndex.templates` when the record describes the folder; empty: unknown.
    var templates: [String] = []
    /// Why a `manifest.json` that is there was not taken (cut short, not JSON, not reportgen's):
    /// the messages say the folder's manifest is damaged rather than missing.
    var unreadableManifest: String?

    /// How the messages name a folder without a usable manifest: damaged, or none.
    var manifestState: String {
        unreadableManifest.map { "其中的 manifest.json 已损坏：\($0)" } ?? "没有 reportgen 的 manifest.json"
    }

    /// True when replacing the folder loses nothing: every entry is reportgen's, unchanged.
    var isUnchangedPackage: Bool { manifest != nil && modified.isEmpty && foreign.isEmpty }

    static let manifestFormat = "reportgen-manifest/1"

    /// Reads the manifest (it must be reportgen's: right format, safe relative paths) and
    /// compares the folder with it. `manifest` is nil when there is none or it is not ours;
    /// then every entry counts as foreign.
    /// Files the `stamps` record vouches for are not read; the others are hashed on every core.
    static func inspect(_ directory: URL, stamps: StampCache = StampCache()) throws(SystemFileError) -> PackageFolder {
        let base = directory.standardizedFileURL.path
        var folder = PackageFolder()
        folder.inspectedAt = SystemFiles.fileClock()
        let manifestPath = base + "/" + PackageGenerator.manifestName
        if SystemFiles.kind(manifestPath) == .file {
            if let manifest = try? Manifest.decode(SystemFiles.readFile(manifestPath, limit: 64 << 20)) {
                if manifest.format == manifestFormat, manifest.tool.hasPrefix("reportgen"),
                   manifest.files.allSatisfy({ StagedOutput.isSafeRelativePath($0.path) && $0.path != PackageGenerator.manifestName }) {
                    folder.manifest = manifest
                } else {
                    folder.unreadableManifest = "不是 reportgen 写的清单（format 不是 \(manifestFormat)、tool 不是 reportgen，或列出了不安全的路径）"
                }
            } else {
                folder.unreadableManifest = "读不出或不是完整的 JSON（可能被截断或被其他程序改写）"
            }
        }
        let listed = Dictionary((folder.manifest?.files ?? []).map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        var seen: Set<String> = []
        var toHash: [(Manifest.File, SystemFiles.Stamp?)] = []
        func walk(_ relative: String) throws(SystemFileError) {
            let path = relative.isEmpty ? base : base + "/" + relative
            for name in try SystemFiles.list(path) {
                let child = relative.isEmpty ? name : relative + "/" + name
                if child == PackageGenerator.manifestName, folder.manifest != nil { continue }
                // One lstat for a regular file (most entries): its stamp says what it is.
                let stamp = SystemFiles.stamp(base + "/" + child)
                switch stamp == nil ? SystemFiles.kind(base + "/" + child) : .file {
                case .directory:
                    try walk(child)
                case .file:
                    guard let entry = listed[child] else { folder.foreign.append(child); continue }
                    seen.insert(child)
                    if let stamp, stamps.vouches(for: entry, stamp: stamp) {
                        folder.intact.append(entry)
                        folder.intactStamps.append(stamp)
                    } else {
                        toHash.append((entry, stamp))
                    }
                case .symlink:
                    folder.foreign.append(child + "（符号链接）")
                default:
                    folder.foreign.append(child + "（特殊文件）")
                }
            }
        }
        try walk("")
        let checked = try hash(toHash, base: base)
        folder.hashed = toHash.count
        for ((entry, stamp), matches) in zip(toHash, checked) {
            if matches, let stamp {
                folder.intact.append(entry)
                folder.intactStamps.append(stamp)
            } else {
                folder.modified.append(entry.path)
            }
        }
        folder.missing = listed.keys.filter { !seen.contains($0) }.sorted()
        return folder
    }

    /// `inspect` for a folder whose record (`PackageIndex`) still describes it: the manifest is
    /// the record's (`manifest.json` has the stamp it got when written), the folder's names are
    /// read once and compared with the listed ones as 64-bit hashes, each listed file is stat'ed
    /// relative to the open folder, and only files whose stamp is not the recorded one are
    /// hashed. `intact` keeps the manifest's order. nil when the record does not apply (another
    /// manifest, a name added, removed or not a regular file, a nested path): then `inspect`
    /// reads the folder and names what differs.
    static func inspect(_ directory: URL, index: PackageIndex) throws(SystemFileError) -> PackageFolder? {
        let base = directory.standardizedFileURL.path
        var folder = PackageFolder()
        folder.inspectedAt = SystemFiles.fileClock()
        let manifest = index.manifest
        guard manifest.format == manifestFormat, manifest.tool.hasPrefix("reportgen"), index.stamps.count == manifest.files.count,
              SystemFiles.stamp(base + "/" + PackageGenerator.manifestName) == index.manifestStamp,
              manifest.files.allSatisfy({ isPlainName($0.path) }) else { return nil }
        let fd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemFileError(errno: errno, operation: "读取目录", path: base) }
        defer { close(fd) }
        guard var present = try nameHashes(fd, path: base) else { return nil }
        var listed = manifest.files.map { PackageIndex.fnv($0.path) }
        present.sort()
        listed.sort()
        guard present == listed else { return nil }
        folder.manifest = manifest
        folder.inManifestOrder = true
        // Per listed file: vouched (true), to hash (false), or gone since the listing (nil).
        var vouched: [Bool?] = []
        vouched.reserveCapacity(manifest.files.count)
        var toHash: [(Manifest.File, SystemFiles.Stamp?)] = []
        var stamps: [SystemFiles.Stamp?] = []
        stamps.reserveCapacity(manifest.files.count)
        let current = statAll(manifest.files, in: fd)
        for ((file, recorded), now) in zip(zip(manifest.files, index.stamps), current) {
            switch now {
            case .success(let stamp):
                stamps.append(stamp)
                if let stamp, stamp == recorded, stamp.size == Int64(file.bytes) {
                    vouched.append(true)
                } else {
                    vouched.append(false)
                    toHash.append((file, stamp))
                }
            case .failure(let error):
                guard error.errno == ENOENT else { throw SystemFileError(errno: error.errno, operation: "读取", path: base + "/" + file.path) }
                stamps.append(nil)
                vouched.append(nil)
            }
        }
        var checked = try hash(toHash, base: base).makeIterator()
        folder.hashed = toHash.count
        for (index, file) in manifest.files.enumerated() {
            switch vouched[index] {
            case true?:
                folder.intact.append(file)
                folder.intactStamps.append(stamps[index]!)
            case false?:
                if checked.next() == true, let stamp = stamps[index] {
                    folder.intact.append(file)
                    folder.intactStamps.append(stamp)
                } else {
                    folder.modified.append(file.path)
                }
            case nil:
                folder.missing.append(file.path)
            }
        }
        return folder
    }

    /// Each file's `fstatat` relative to the open folder, in order, on every core: the one
    /// system call per kept file that keeps E-OUT-010 (30 000 of them at 10 000 projects) is
    /// the largest part of checking the folder, and the calls do not depend on each other.
    private static func statAll(_ files: [Manifest.File], in fd: Int32) -> [Result<SystemFiles.Stamp?, SystemFileError>] {
        let count = files.count
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / 2048))
        guard workers > 1 else { return files.map { SystemFiles.stamp(in: fd, $0.path) } }
        let chunk = (count + workers - 1) / workers
        let parts = StatParts(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let range = (worker * chunk)..<min(count, (worker + 1) * chunk)
            parts.set(worker, range.map { SystemFiles.stamp(in: fd, files[$0].path) })
        }
        return parts.joined()
    }

    /// One name, no folder, not the manifest's: the layout `PackageGenerator` writes. Looked at
    /// as bytes (`memchr`): 30 000 paths through the generic `contains` cost 20 ms.
    static func isPlainName(_ path: String) -> Bool {
        var path = path
        return path.withUTF8(isPlainName)
    }

    static func isPlainName(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = utf8.baseAddress, !utf8.isEmpty else { return false }
        if memchr(base, 0x2F, utf8.count) != nil || memchr(base, 0, utf8.count) != nil { return false }
        if utf8.count <= 2, utf8.allSatisfy({ $0 == 0x2E }) { return false }
        return !utf8.elementsEqual(PackageGenerator.manifestName.utf8)
    }

    /// The 64-bit hash of each name in the open folder but the manifest's; nil when an entry is
    /// not a regular file (the full inspection names it).
    private static func nameHashes(_ fd: Int32, path: String) throws(SystemFileError) -> [UInt64]? {
        let copy = dup(fd)
        guard copy >= 0, let dir = fdopendir(copy) else {
            let code = errno
            if copy >= 0 { close(copy) }
            throw SystemFileError(errno: code, operation: "读取目录", path: path)
        }
        defer { closedir(dir) }
        let manifest = Array(PackageGenerator.manifestName.utf8)
        var hashes: [UInt64] = []
        while let entry = readdir(dir) {
            let type = entry.pointee.d_type
            let name = SystemFiles.entryName(entry)
            if name.elementsEqual([0x2E]) || name.elementsEqual([0x2E, 0x2E]) || name.elementsEqual(manifest) { continue }
            let hash = PackageIndex.fnv(name)
            // DT_UNKNOWN (some file systems): the full inspection looks.
            guard type == UInt8(DT_REG) else { return nil }
            hashes.append(hash)
        }
        return hashes
    }

    /// Whether each file has its listed size and SHA-256, read on every core. A stamp taken
    /// before reading must still hold after, so a file changed while read is not vouched for.
    private static func hash(_ files: [(Manifest.File, SystemFiles.Stamp?)], base: String) throws(SystemFileError) -> [Bool] {
        let slots = HashSlots(count: files.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, files.count))
        let next = JobCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = next.take(below: files.count) {
                let (entry, stamp) = files[index]
                let path = base + "/" + entry.path
                do throws(SystemFileError) {
                    let bytes = try SystemFiles.readFile(path)
                    slots.set(index, .success(bytes.count == entry.bytes && Manifest.sha256(bytes) == entry.sha256
                                                  && stamp != nil && SystemFiles.stamp(path) == stamp))
                } catch {
                    slots.set(index, .failure(error))
                }
            }
        }
        return try slots.values()
    }

    /// Up to ten names for a message, then how many more.
    static func names(_ paths: [String]) -> String {
        let shown = paths.prefix(10).map { "「\($0)」" }.joined(separator: "、")
        return paths.count > 10 ? shown + " 等 \(paths.count) 个" : shown
    }
}

/// Results of the hashing threads, each slot written once.
private final class HashSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<Bool, SystemFileError>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<Bool, SystemFileError>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    /// The first failure in file order, so the error does not depend on the threads.
    func values() throws(SystemFileError) -> [Bool] {
        lock.lock()
        defer { lock.unlock() }
        var out: [Bool] = []
        for slot in slots {
            switch slot {
            case .success(let value)?: out.append(value)
            case .failure(let error)?: throw error
            case nil: out.append(false)
            }
        }
        return out
    }
}

/// The stamps of `statAll`'s threads, one part each.
private final class StatParts: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [[Result<SystemFiles.Stamp?, SystemFileError>]]

    init(count: Int) { parts = Array(repeating: [], count: count) }

    func set(_ index: Int, _ part: [Result<SystemFiles.Stamp?, SystemFileError>]) {
        lock.lock()
        parts[index] = part
        lock.unlock()
    }

    func joined() -> [Result<SystemFiles.Stamp?, SystemFileError>] {
        lock.lock()
        defer { lock.unlock() }
        return parts.flatMap { $0 }
    }
}
