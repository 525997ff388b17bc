import ErrorCodes
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call on a file, reported as one Chinese line: a stable code by the kind of
/// failure, the path, the operation and what the errno means (never Foundation's English text).
public struct SystemFileError: CodedError, Equatable {
    public var errno: Int32
    /// What was being done, in Chinese: "写入", "创建目录".
    public var operation: String
    public var path: String

    /// Set when a read stopped at reportgen's own size limit for the input (errno is EFBIG
    /// then, but the system allowed the file: the message says which limit).
    public var limit: Int?

    public init(errno: Int32, operation: String, path: String) {
        self.errno = errno
        self.operation = operation
        self.path = path
    }

    /// A file larger than reportgen reads for its kind.
    public init(overLimit limit: Int, operation: String, path: String) {
        self.init(errno: EFBIG, operation: operation, path: path)
        self.limit = limit
    }

    public var code: ErrorCode { limit == nil ? SystemFiles.code(of: errno) : .ioOverLimit }
    public var meaning: String {
        guard let limit else { return SystemFiles.meaning(of: errno) }
        return "文件过大，超过 reportgen 对这类输入的上限 \(limit / 1_048_576) MiB"
    }
    public var message: String { "\(operation)失败：\(meaning)" }
    /// Named from where the command was run, as every message names files (`ShownPath`).
    public var place: ErrorPlace { ErrorPlace(words: ShownPath.shown(path)) }
    public var ooxml: OOXMLError { OOXMLError(code, message, file: path) }
}

/// The few POSIX file operations output safety needs, as safe functions (the only unsafe
/// code is here): no symlink is ever followed, every write is synced, directories are
/// swapped atomically where the kernel can.
public enum SystemFiles {
    public enum Kind: Sendable, Equatable { case missing, file, directory, symlink, other }

    /// What is at `path`, without following a symlink.
    public static func kind(_ path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    /// What identifies a file's content without reading it: device, inode, size and the
    /// modification and status-change times (nanoseconds). Nil when `path` is not a regular
    /// file (symlinks are not followed).
    public struct Stamp: Sendable, Equatable {
        public var device: UInt64
        public var inode: UInt64
        public var size: Int64
        public var modified: Int64
        public var changed: Int64

        public init(device: UInt64, inode: UInt64, size: Int64, modified: Int64, changed: Int64) {
            self.device = device
            self.inode = inode
            self.size = size
            self.modified = modified
            self.changed = changed
        }
    }

    public static func stamp(_ path: String) -> Stamp? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return stamp(info)
    }

    /// `stamp(_:)` of an open file: no path lookup, which would wait while another thread
    /// creates a file in the same directory (the kernel locks the directory for that).
    public static func stamp(descriptor fd: Int32) -> Stamp? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        return stamp(info)
    }

    /// `stamp(_:)` of `name` in the open directory `directory` (no symlink followed): no
    /// lookup of the directory's own path for each of tens of thousands of files.
    public static func stamp(in directory: Int32, _ name: String) -> Result<Stamp?, SystemFileError> {
        var info = stat()
        guard name.withCString({ fstatat(directory, $0, &info, AT_SYMLINK_NOFOLLOW) }) == 0 else {
            return .failure(SystemFileError(errno: errno, operation: "读取", path: name))
        }
        return .success(stamp(info))
    }

    private static func stamp(_ info: stat) -> Stamp? {
        guard info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Stamp(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                     modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
                     changed: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec))
    }

    /// The clock file times are taken from (the coarse one, which never runs ahead of them),
    /// in nanoseconds.
    public static func fileClock() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    /// A regular file's bytes; a symlink is refused (ELOOP) unless `followSymlinks` (inputs the
    /// user names), more than `limit` bytes is `SystemFileError(overLimit:)`.
    public static func readFile(_ path: String, limit: Int = Int.max, followSymlinks: Bool = false) throws(SystemFileError) -> [UInt8] {
        // O_NONBLOCK: opening a named pipe waits until something writes to it, so a FIFO given as
        // input hung `package`, `render` and `template check` for ever; it has no effect on a
        // regular file, and the pipe is then refused below.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (followSymlinks ? 0 : O_NOFOLLOW))
        guard fd >= 0 else { throw SystemFileError(errno: errno, operation: "读取", path: path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SystemFileError(errno: errno, operation: "读取", path: path) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            // ENODEV stands for "a device, pipe or socket" (`meaning(of:)`): no errno says so.
            throw SystemFileError(errno: info.st_mode & S_IFMT == S_IFDIR ? EISDIR : ENODEV, operation: "读取", path: path)
        }
        // Refused before reading anything: a 1 GB file used to be read up to the limit first.
        guard Int(info.st_size) <= limit else { throw SystemFileError(overLimit: limit, operation: "读取", path: path) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemFileError(errno: errno, operation: "读取", path: path)
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
            if bytes.count > limit { throw SystemFileError(overLimit: limit, operation: "读取", path: path) }
        }
        return bytes
    }

    /// Creates `path` (it must not exist; a symlink there is not followed), writes `bytes`
    /// and syncs them to disk.
    public static func writeNewFile(_ path: String, _ bytes: [UInt8]) throws(SystemFileError) {
        try syncAndClose(writeNewFileUnsynced(path, bytes), path: path)
    }

    /// `writeNewFile` without its sync: returns the open descriptor, to be passed to
    /// `syncAndClose` later (possibly on another thread), so a caller need not wait on the disk.
    public static func writeNewFileUnsynced(_ path: String, _ bytes: [UInt8]) throws(SystemFileError) -> Int32 {
        try writeNewFileUnsynced(path) { write in write(bytes) }
    }

    /// `writeNewFileUnsynced` of bytes made piece by piece: `produce` hands each piece to the
    /// function it is given as soon as it is made, so a file of tens of megabytes (a package's
    /// manifest, its record) is never whole in memory. After a failed write the remaining
    /// pieces are dropped and the failure is thrown once `produce` returns.
    public static func writeNewFileUnsynced(_ path: String, pieces produce: (_ write: ([UInt8]) -> Void) -> Void) throws(SystemFileError) -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SystemFileError(errno: errno, operation: "创建文件", path: path) }
        var failure: Int32?
        produce { bytes in
            guard failure == nil else { return }
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if let failure {
            close(fd)
            unlink(path)
            throw SystemFileError(errno: failure, operation: "写入", path: path)
        }
        return fd
    }

    /// Syncs and closes a descriptor from `writeNewFileUnsynced`; on failure the file is removed.
    public static func syncAndClose(_ fd: Int32, path: String) throws(SystemFileError) {
        var failure: Int32?
        if fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == nil { failure = errno }
        if let failure {
            unlink(path)
            throw SystemFileError(errno: failure, operation: "写入", path: path)
        }
    }

    /// Replaces `path` by writing a sibling and renaming it over (readers see old or new).
    public static func replaceFile(_ path: String, _ bytes: [UInt8]) throws(SystemFileError) {
        try replaceFile(path) { write in write(bytes) }
    }

    /// `replaceFile` of bytes made piece by piece (see `writeNewFileUnsynced(_:pieces:)`).
    public static func replaceFile(_ path: String, pieces produce: (_ write: ([UInt8]) -> Void) -> Void) throws(SystemFileError) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).reportgen-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))").path
        try syncAndClose(writeNewFileUnsynced(temporary, pieces: produce), path: temporary)
        guard posixRename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw SystemFileError(errno: code, operation: "写入", path: path)
        }
        try syncDirectory(url.deletingLastPathComponent().path)
    }

    /// `replaceFile` for a record in the cache folder: not synced to disk. Every such record is
    /// checksummed and checked against what it describes before it is used, so one that a crash
    /// lost, cut or kept old reads as no record; waiting for the disk (tens of milliseconds for
    /// the 10 MB package record, after the package itself is safely committed) bought nothing.
    public static func replaceCacheFile(_ path: String, pieces produce: (_ write: ([UInt8]) -> Void) -> Void) throws(SystemFileError) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).reportgen-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))").path
        let fd = try writeNewFileUnsynced(temporary, pieces: produce)
        guard close(fd) == 0, posixRename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw SystemFileError(errno: code, operation: "写入", path: path)
        }
    }

    /// `mkdir -p`. Existing components may be symlinks to directories (the user's choice of
    /// where to write); only the output folder itself is never a symlink (see StagedOutput).
    public static func makeDirectories(_ path: String) throws(SystemFileError) {
        switch kind(path) {
        case .directory: return
        case .missing: break
        case .symlink where isDirectory(followingLinks: path): return
        default: throw SystemFileError(errno: ENOTDIR, operation: "创建目录", path: path)
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try makeDirectories(parent) }
        if mkdir(path, 0o755) != 0, errno != EEXIST || kind(path) != .directory {
            throw SystemFileError(errno: errno, operation: "创建目录", path: path)
        }
    }

    static func isDirectory(followingLinks path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// Creates a symbolic link at `path` pointing to `destination` (`path` must not exist).
    public static func makeSymbolicLink(_ path: String, to destination: String) throws(SystemFileError) {
        guard symlink(destination, path) == 0 else { throw SystemFileError(errno: errno, operation: "创建符号链接", path: path) }
    }

    /// Creates one directory; it must not exist.
    public static func makeDirectory(_ path: String) throws(SystemFileError) {
        guard mkdir(path, 0o755) == 0 else { throw SystemFileError(errno: errno, operation: "创建目录", path: path) }
    }

    /// Names in a directory (not `.` and `..`), sorted. Callers walking a tree check each entry
    /// with `kind` (lstat) first, so a symlinked subdirectory is never entered.
    public static func list(_ path: String) throws(SystemFileError) -> [String] {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemFileError(errno: errno, operation: "读取目录", path: path) }
        guard let dir = fdopendir(fd) else {
            let code = errno
            close(fd)
            throw SystemFileError(errno: code, operation: "读取目录", path: path)
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = String(decoding: entryName(entry), as: UTF8.self)
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// The name of a `readdir` entry (without its NUL), read where it lies. glibc sizes each
    /// record to its name (`d_reclen`), so copying `d_name` — a 256-byte array in Swift — reads
    /// past the end of the directory buffer when the entry is its last record.
    public static func entryName(_ entry: UnsafePointer<dirent>) -> UnsafeRawBufferPointer {
        let name = UnsafeRawPointer(entry) + MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        return UnsafeRawBufferPointer(start: name, count: strlen(name.assumingMemoryBound(to: CChar.self)))
    }

    /// Removes a file, symlink (not its target) or directory tree, never following a symlink.
    public static func removeTree(_ path: String) throws(SystemFileError) {
        switch kind(path) {
        case .missing: return
        case .directory:
            for name in try list(path) { try removeTree(path + "/" + name) }
            guard rmdir(path) == 0 || errno == ENOENT else { throw SystemFileError(errno: errno, operation: "删除目录", path: path) }
        default:
            guard unlink(path) == 0 || errno == ENOENT else { throw SystemFileError(errno: errno, operation: "删除", path: path) }
        }
    }

    /// Bytes an unprivileged user may still write on `path`'s file system; nil when unknown.
    public static func availableBytes(_ path: String) -> Int? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return Int(clamping: UInt64(info.f_bavail).multipliedReportingOverflow(by: UInt64(info.f_frsize)).partialValue)
    }

    /// Makes a directory's entries (renames, new files) durable.
    public static func syncDirectory(_ path: String) throws(SystemFileError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemFileError(errno: errno, operation: "同步目录", path: path) }
        defer { close(fd) }
        // Some file systems cannot sync a directory; the rename is still atomic there.
        guard fsync(fd) == 0 || errno == EINVAL || errno == EROFS else {
            throw SystemFileError(errno: errno, operation: "同步目录", path: path)
        }
    }

    public static func rename(_ from: String, to: String) throws(SystemFileError) {
        guard posixRename(from, to) == 0 else { throw SystemFileError(errno: errno, operation: "重命名", path: to) }
    }

    /// Swaps two existing paths in one step. Returns false when the kernel or file system
    /// has no atomic exchange (the caller falls back to two renames and recovery).
    public static func exchange(_ a: String, _ b: String) throws(SystemFileError) -> Bool {
        #if os(Linux)
        guard let renameat2 = Self.renameat2 else { return false }
        let renameExchange: UInt32 = 1 << 1
        if renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0 { return true }
        if errno == EINVAL || errno == ENOSYS || errno == ENOTSUP { return false }
        throw SystemFileError(errno: errno, operation: "替换目录", path: b)
        #elseif canImport(Darwin)
        if renamex_np(a, b, UInt32(RENAME_SWAP)) == 0 { return true }
        if errno == EINVAL || errno == ENOTSUP { return false }
        throw SystemFileError(errno: errno, operation: "替换目录", path: b)
        #else
        return false
        #endif
    }

    #if os(Linux)
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    /// glibc ≥ 2.28 exports renameat2 but its header hides it from Swift; RTLD_DEFAULT is 0.
    private static let renameat2: RenameAt2? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()
    #endif

    /// An exclusive advisory lock (flock) on a lock file, held until released or the process
    /// ends (a killed run's lock goes with it). Releasing removes the file while still holding
    /// it; a taker checks that the file it locked is still the one at the path, so removal
    /// never lets two runs hold the lock at once.
    public final class Lock: @unchecked Sendable {
        private var fd: Int32 = -1
        public let path: String

        /// Takes the lock, or returns nil when another process holds it.
        public init?(path: String) throws(SystemFileError) {
            self.path = path
            while true {
                let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
                guard fd >= 0 else { throw SystemFileError(errno: errno, operation: "创建锁文件", path: path) }
                if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                    let code = errno
                    close(fd)
                    if code == EWOULDBLOCK { return nil }
                    throw SystemFileError(errno: code, operation: "加锁", path: path)
                }
                var held = stat(), current = stat()
                if fstat(fd, &held) == 0, lstat(path, &current) == 0,
                   held.st_dev == current.st_dev, held.st_ino == current.st_ino {
                    self.fd = fd
                    return
                }
                close(fd)  // removed by its holder meanwhile: lock the new file
            }
        }

        public func release() {
            guard fd >= 0 else { return }
            unlink(path)
            close(fd)
            fd = -1
        }

        deinit { release() }
    }

    /// Stops the kernel killing the process when a write passes `ulimit -f`, so the write
    /// fails with EFBIG and is reported like any other error.
    public static func ignoreFileSizeSignal() {
        signal(SIGXFSZ, SIG_IGN)
    }

    /// Lets freed memory go back to the system as a long run goes on. glibc's defaults keep
    /// it: after the first large block is freed, blocks up to 32 MB are no longer mapped on
    /// their own but carved from the heap, where a freed document buffer stays, and each
    /// thread may open its own heap (8 per core). A package of 10 000 projects reached 147 MB
    /// with the defaults and 124 MB with these settings, for the same work (issue 12).
    public static func returnFreedMemory() {
        #if canImport(Glibc)
        // <malloc.h> is not in Swift's Glibc module; RTLD_DEFAULT (nil) finds libc's mallopt.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3, arenaMax: Int32 = -8
        // A fixed threshold also turns off the dynamic one that rises to 32 MB.
        _ = mallopt(mmapThreshold, 256 * 1024)
        _ = mallopt(trimThreshold, 1024 * 1024)
        _ = mallopt(arenaMax, 2)
        #endif
    }

    /// Hands the free pages inside the heap back to the system (`malloc_trim`), at the end of a
    /// phase that freed much (loading a package of thousands of projects, rendering it): the
    /// trim threshold above returns only the top of the heap, and what loading left free in the
    /// middle would otherwise stay counted against the process for the rest of the run.
    public static func trimFreedMemory() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }

    // MARK: - Messages

    public static func code(of errno: Int32) -> ErrorCode {
        switch errno {
        case ENOSPC, EDQUOT: return .ioNoSpace
        case EACCES, EPERM: return .ioPermission
        case EROFS: return .ioReadOnly
        case EFBIG: return .ioTooLarge
        case ENOENT, ENOTDIR: return .ioMissing
        case EEXIST, ENOTEMPTY, EISDIR: return .ioExists
        case ELOOP: return .ioSymlink
        case ENAMETOOLONG: return .ioNameTooLong
        case EMFILE, ENFILE, ENOMEM: return .ioResources
        case EIO: return .ioDevice
        case EXDEV: return .ioCrossDevice
        case EBUSY, ETXTBSY: return .ioBusy
        default: return .ioOther
        }
    }

    public static func meaning(of errno: Int32) -> String {
        let text: String
        switch errno {
        case ENOSPC: text = "磁盘空间不足"
        case EDQUOT: text = "超出磁盘配额"
        case EACCES: text = "没有权限"
        case EPERM: text = "操作不被允许"
        case EROFS: text = "文件系统是只读的"
        case EFBIG: text = "文件过大（超过系统或 ulimit 允许的大小）"
        case ENOENT: text = "文件或目录不存在"
        case ENOTDIR: text = "路径中的某一段不是目录"
        case EEXIST: text = "已存在同名文件或目录"
        case ENOTEMPTY: text = "目录不为空"
        case EISDIR: text = "这是目录，不是普通文件"
        case ELOOP: text = "这是符号链接，为安全起见不跟随"
        case ENAMETOOLONG: text = "文件名过长"
        case EMFILE, ENFILE: text = "打开的文件过多"
        case ENOMEM: text = "内存不足"
        case EIO: text = "磁盘输入输出错误"
        case EXDEV: text = "不在同一文件系统上"
        case EBUSY, ETXTBSY: text = "文件正被占用"
        case EINVAL: text = "参数无效"
        case ENODEV: text = "不是普通文件（设备、管道或套接字），无法读取"
        default: text = "系统错误"
        }
        return "\(text)（errno \(errno)）"
    }
}

#if canImport(Glibc)
private let posixRename = Glibc.rename
#elseif canImport(Darwin)
private let posixRename = Darwin.rename
#endif
