import Foundation
import OOXML

/// A folder of one run in the temporary directory (`$TMPDIR/reportgen-pdf-…`,
/// `reportgen-preview-…`) holding the LibreOffice conversion: its inputs, its PDFs and
/// LibreOffice's own temporary files (`LibreOfficeConverter.temporaryFolder`, its TMPDIR).
///
/// The run removes it when it ends, or when stopped by a signal (`Interruption`). A run killed
/// outright (SIGKILL, the out-of-memory killer) cannot; its folder, with LibreOffice's `lu*.tmp`
/// inside, used to stay in /tmp for good. So the folder holds an exclusive `flock` on its `lock`
/// file for as long as the run lives (the kernel releases it when the process dies), and each
/// run that makes a scratch folder first removes every one of ours whose lock nobody holds.
final class ScratchFolder: @unchecked Sendable {
    let url: URL
    private let guardLock = NSLock()
    /// The `flock`ed descriptor; -1 once removed (`remove` may be called twice).
    private var lock: Int32

    static let prefixes = ["reportgen-pdf-", "reportgen-preview-"]
    /// `render --each`'s staging folder inside the output folder (all or nothing): killed
    /// runs left theirs there for good, each with the documents rendered so far (newcomer review 9).
    static let renderPrefix = ".reportgen-render-"

    private init(url: URL, lock: Int32) {
        self.url = url
        self.lock = lock
    }

    /// A new folder `<parent>/<prefix><random>` (`parent`: TMPDIR unless given), locked, after
    /// removing the abandoned ones of the same kind there.
    static func make(prefix: String, in parent: URL = FileManager.default.temporaryDirectory) throws(SystemFileError) -> ScratchFolder {
        removeAbandoned(in: parent.path, prefixes: prefix == renderPrefix ? [renderPrefix] : prefixes)
        let url = parent.appendingPathComponent(prefix + UUID().uuidString)
        try SystemFiles.makeDirectories(url.path)
        Interruption.removeOnInterruption(url)
        // Locked before it gets its final name: a run sweeping at that moment must never find
        // a `lock` it can take while its owner lives.
        let pending = url.appendingPathComponent("lock.new").path
        let fd = open(pending, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            let error = SystemFileError(errno: errno, operation: "创建临时目录中的锁文件", path: pending)
            try? SystemFiles.removeTree(url.path)
            throw error
        }
        let folder = ScratchFolder(url: url, lock: fd)
        do throws(SystemFileError) {
            guard flock(fd, LOCK_EX) == 0 else { throw SystemFileError(errno: errno, operation: "锁定", path: pending) }
            try SystemFiles.rename(pending, to: url.appendingPathComponent("lock").path)
        } catch {
            folder.remove()
            throw error
        }
        return folder
    }

    /// After the run, or when it fails.
    func remove() {
        guardLock.lock()
        defer { guardLock.unlock() }
        guard lock >= 0 else { return }
        try? SystemFiles.removeTree(url.path)
        Interruption.forget(url)
        close(lock)
        lock = -1
    }

    /// A folder inside a scratch folder, made only if the scratch folder still exists (an
    /// existing one is fine). Never with its parents: a signal handler may have removed the
    /// scratch folder while another thread of the stopping run was about to make its `in`, `pdf`
    /// or `tmp` folder, and making the parents too brought the removed folder back (seen under
    /// load: a `reportgen-pdf-…` left after SIGTERM).
    static func makeSubfolder(_ url: URL) throws(SystemFileError) {
        guard mkdir(url.path, 0o700) == 0 || errno == EEXIST else {
            throw SystemFileError(errno: errno, operation: "创建临时目录", path: url.path)
        }
    }

    /// Removes the scratch folders in `parent` whose run has died: ours by name and owner, with
    /// a `lock` file nobody holds, or without one (`isAbandonedWithoutLock`).
    static func removeAbandoned(in parent: String, prefixes: [String] = prefixes, now: Date = Date()) {
        guard let names = try? SystemFiles.list(parent) else { return }
        // Read once, and only when a folder without a lock is found (rare: old versions' leftovers).
        var scanned = false
        var users: Set<String>?
        for name in names where prefixes.contains(where: name.hasPrefix) {
            let folder = parent + "/" + name
            var info = stat()
            guard lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == getuid() else { continue }
            let fd = open(folder + "/lock", O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            if fd < 0 {
                guard errno == ENOENT else { continue }
                if !scanned { users = AbandonedFolder.placesInUse(); scanned = true }
                guard let users, isAbandonedWithoutLock(folder, now: now, inUse: users) else { continue }
                try? SystemFiles.removeTree(folder)
                continue
            }
            defer { close(fd) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }
            try? SystemFiles.removeTree(folder)
        }
    }

    /// A folder without a `lock`: left by a reportgen from before the lock (which never removed
    /// it after a kill), or being made right now. Removed only when no `lock.new` is held by
    /// anyone (a new run holds it from before the folder has any other content until it is
    /// renamed `lock`) and the folder is clearly abandoned (`AbandonedFolder`: nothing in it
    /// modified for a day, no process using it). A live run writes there all the time
    /// (LibreOffice's `lu*.tmp` and PDFs; a batch may take 60 + 30 s per document,
    /// `LibreOfficeConverter.timeLimit`), so a day of silence is far beyond any run.
    static func isAbandonedWithoutLock(_ folder: String, now: Date, inUse: Set<String>) -> Bool {
        let pending = open(folder + "/lock.new", O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if pending >= 0 {
            defer { close(pending) }
            guard flock(pending, LOCK_EX | LOCK_NB) == 0 else { return false }
        }
        return AbandonedFolder.isAbandoned(folder, now: now, inUse: inUse)
    }
}
