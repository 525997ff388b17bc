import Foundation
import OOXML

/// A package directory written as a whole or not at all, by one run at a time.
///
/// Beside the destination `out/` live a lock file `.out.reportgen-lock` (flock, held for the
/// whole run, released by the kernel when a run is killed) and, during a run, a staging
/// folder `.out.reportgen-staging-<token>/` holding a marker file and `package/`, where the
/// files are written and synced. `commit()` swaps `package/` and `out/` in one
/// `renameat2(RENAME_EXCHANGE)` and syncs the parent, so after a crash `out/` is always either
/// the old or the new package. Where the file system has no exchange, two renames are used
/// and the old package waits in the staging folder as `old/` until the swap is done.
///
/// Taking the lock, the next run first cleans what killed runs left: staging folders (named so,
/// holding only reportgen's marker, `package/` and `old/`; an `old/` is moved back when `out/`
/// is missing). Nothing else is touched.
public final class StagedOutput {
    public let destination: URL
    /// Where files are written: `package/` inside the staging folder.
    public let staging: URL
    private let destinationPath: String
    let stagingPath: String
    /// The staging folder (marker, `package/`, maybe `old/`).
    let container: URL
    /// Staging folders of killed runs removed when this run started.
    public private(set) var recovered: [String] = []
    /// The old package a killed run of a version before the lock had moved aside
    /// (`.out.reportgen-<token>.old`), put back in place when this run started.
    public private(set) var restoredOldPackage: String?
    private var lock: SystemFiles.Lock?
    private var committed = false
    /// An update in place passed its commit point (see `commitInPlace`).
    private var journaled = false
    private var directories: Set<String> = []
    private var filesWritten = 0
    private let stateLock = NSLock()
    /// The files' syncs, waited for before the swap (see `BackgroundSyncs`).
    private let syncs = BackgroundSyncs()
    private let environment = ProcessInfo.processInfo.environment
    /// Test hook: fail after this many files, to prove a failed run loses nothing.
    private lazy var failAfterFiles: Int? = environment["REPORTGEN_TEST_FAIL_AFTER_FILES"].flatMap(Int.init)

    static let markerName = "reportgen-staging"
    static let markerText = "reportgen 临时输出目录：运行被中断时留下，下一次运行会自动删除。\n"

    public static func lockPath(of destination: URL) -> String {
        let destination = destination.standardizedFileURL
        return destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).reportgen-lock").path
    }

    static func stagingPrefix(of destination: URL) -> String {
        ".\(destination.lastPathComponent).reportgen-staging-"
    }

    public init(destination: URL) throws(ReportKitError) {
        self.destination = destination.standardizedFileURL
        let parent = self.destination.deletingLastPathComponent()
        let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        container = parent.appendingPathComponent(Self.stagingPrefix(of: self.destination) + token)
        staging = container.appendingPathComponent("package")
        destinationPath = self.destination.path
        stagingPath = staging.path
        do {
            try SystemFiles.makeDirectories(parent.path)
            guard let lock = try SystemFiles.Lock(path: Self.lockPath(of: self.destination)) else {
                throw ReportKitError(.outputLocked, "另一个 reportgen 进程正在写入这个输出目录，为免互相覆盖，本次未写入任何内容；请等它结束后重试。", path: self.destination.path)
            }
            self.lock = lock
            if SystemFiles.kind(self.destination.path) == .symlink {
                throw ReportKitError(.outputSymlink, "输出目录是符号链接；为安全起见 reportgen 不跟随符号链接，请用 -o 指定它指向的真实目录。", path: self.destination.path)
            }
            try recover()
            try SystemFiles.makeDirectory(container.path)
            try SystemFiles.writeNewFile(container.appendingPathComponent(Self.markerName).path, Array(Self.markerText.utf8))
            try SystemFiles.makeDirectory(staging.path)
        } catch let error as ReportKitError {
            throw error
        } catch let error as SystemFileError {
            throw ReportKitError(error)
        } catch {
            throw ReportKitError(.outputWrite, "\(error)", path: container.path)
        }
        directories.insert(staging.path)
    }

    deinit {
        // No descriptor is left open, nor a sync running on a removed file.
        try? syncs.finish()
        if !committed, !journaled, lock != nil { try? SystemFiles.removeTree(container.path) }
    }

    /// Removes the staging folders of earlier runs on this destination (we hold the lock, so
    /// their runs are gone), first putting back an old package a killed fallback swap left.
    private func recover() throws(SystemFileError) {
        let parent = destination.deletingLastPathComponent().path
        let prefix = Self.stagingPrefix(of: destination)
        for name in try SystemFiles.list(parent) where name.hasPrefix(prefix) {
            let path = parent + "/" + name
            guard Self.isStagingFolder(path) else { continue }
            let old = path + "/old"
            // An update in place killed after its commit point is finished, not undone.
            _ = try PackageJournal.recover(container: path, destination: destination.path)
            if SystemFiles.kind(old) == .directory, SystemFiles.kind(destination.path) == .missing {
                try SystemFiles.rename(old, to: destination.path)
                try SystemFiles.syncDirectory(parent)
            }
            try SystemFiles.removeTree(path)
            recovered.append(name)
        }
        try recoverOldVersions(parent: parent)
    }

    /// The staging folders of reportgen versions from before the lock: `.out.reportgen-<token>`
    /// (the new package as far as it was written) and `.out.reportgen-<token>.old` (the old
    /// package moved aside between the two renames of the swap). Nothing ever removed them after
    /// a kill. An old run still going takes no lock, so they go only when clearly abandoned
    /// (`AbandonedFolder`: untouched for a day, no process using them); an `.old` whose package
    /// is missing from its place is put back first, as `recover` does with `old/`.
    private func recoverOldVersions(parent: String) throws(SystemFileError) {
        let prefix = ".\(destination.lastPathComponent).reportgen-"
        let names = try SystemFiles.list(parent).filter { Self.isOldVersionStaging($0, prefix: prefix) }
        guard !names.isEmpty, let inUse = AbandonedFolder.placesInUse() else { return }
        let now = Date()
        for name in names.sorted(by: { $0.hasSuffix(".old") && !$1.hasSuffix(".old") }) {
            let path = parent + "/" + name
            guard AbandonedFolder.isAbandoned(path, now: now, inUse: inUse) else { continue }
            if name.hasSuffix(".old"), SystemFiles.kind(destination.path) == .missing {
                try SystemFiles.rename(path, to: destination.path)
                try SystemFiles.syncDirectory(parent)
                restoredOldPackage = name
            } else {
                try SystemFiles.removeTree(path)
                recovered.append(name)
            }
        }
    }

    /// `.out.reportgen-<token>` or `.out.reportgen-<token>.old`, the token as older versions made
    /// it (`String(UInt64.random, radix: 36)`: 1–13 of 0-9 a-z). The lock file
    /// (`.out.reportgen-lock`) and this version's `.out.reportgen-staging-…` are not.
    static func isOldVersionStaging(_ name: String, prefix: String) -> Bool {
        guard name.hasPrefix(prefix) else { return false }
        var token = Substring(name.dropFirst(prefix.count))
        if token.hasSuffix(".old") { token = token.dropLast(4) }
        return (1...13).contains(token.count) && token != "lock"
            && token.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."z").contains($0) }
    }

    /// A staging folder reportgen made: a directory holding nothing but the marker file,
    /// `package/`, `old/` and the journal of an update in place (a run killed right after
    /// creating it leaves it empty).
    /// Whether a killed run left a staging folder beside `destination` (the next run to take the
    /// lock cleans it, or finishes the update it journaled).
    public static func hasLeftovers(of destination: URL) -> Bool {
        let destination = destination.standardizedFileURL
        let prefix = stagingPrefix(of: destination)
        guard let names = try? SystemFiles.list(destination.deletingLastPathComponent().path) else { return true }
        return names.contains { $0.hasPrefix(prefix) }
    }

    static func isStagingFolder(_ path: String) -> Bool {
        guard SystemFiles.kind(path) == .directory, let names = try? SystemFiles.list(path) else { return false }
        let files = [markerName, PackageJournal.name]
        return names.allSatisfy { (files + ["package", "old"]).contains($0) }
            && files.allSatisfy { [.file, .missing].contains(SystemFiles.kind(path + "/" + $0)) }
            && names.filter({ !files.contains($0) }).allSatisfy { SystemFiles.kind(path + "/" + $0) == .directory }
    }

    /// The URL a relative file name maps to inside the staging directory; names that would
    /// leave it are refused.
    public func stagedURL(_ relativePath: String) throws(ReportKitError) -> URL {
        guard Self.isSafeRelativePath(relativePath) else {
            throw ReportKitError(.outputWrite, "输出文件名不安全", path: relativePath)
        }
        return staging.appendingPathComponent(relativePath)
    }

    static func isSafeRelativePath(_ path: String) -> Bool {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        return !path.isEmpty && !path.hasPrefix("/") && components.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    /// Writes a new file, synced to disk before `commit` (in the background meanwhile); a name
    /// written twice is an error. Safe to call from several threads at once: only the
    /// bookkeeping is under the lock. Returns the file's stamp as written (nil if unknown).
    @discardableResult
    public func write(_ relativePath: String, _ bytes: [UInt8]) throws(ReportKitError) -> SystemFiles.Stamp? {
        try write(relativePath) { write in write(bytes) }
    }

    /// `write` of bytes made piece by piece (`SystemFiles.writeNewFileUnsynced(_:pieces:)`).
    @discardableResult
    public func write(_ relativePath: String, pieces produce: (_ write: ([UInt8]) -> Void) -> Void) throws(ReportKitError) -> SystemFiles.Stamp? {
        let url = try stagedURL(relativePath)
        let directory = url.deletingLastPathComponent().path
        stateLock.lock()
        if let failAfterFiles, filesWritten >= failAfterFiles {
            let written = filesWritten
            stateLock.unlock()
            throw ReportKitError(.injectedFailure, "测试注入的失败（写入 \(written) 个文件后）", path: relativePath)
        }
        filesWritten += 1
        stateLock.unlock()
        do {
            try ensureDirectory(directory)
        } catch {
            var error = error
            error.path = destination.appendingPathComponent(relativePath).path
            throw ReportKitError(error)
        }
        do {
            let fd = try SystemFiles.writeNewFileUnsynced(url.path, pieces: produce)
            let stamp = SystemFiles.stamp(descriptor: fd)
            syncs.sync(fd, path: url.path, shownPath: destination.appendingPathComponent(relativePath).path)
            return stamp
        } catch {
            // Named as the user will look for it: in the output folder, not the staging one.
            var error = error
            error.path = destination.appendingPathComponent(relativePath).path
            throw ReportKitError(error)
        }
    }

    /// Creates a staging subdirectory once, whichever thread asks first.
    private func ensureDirectory(_ directory: String) throws(SystemFileError) {
        stateLock.lock()
        defer { stateLock.unlock() }
        if !directories.contains(directory) {
            try SystemFiles.makeDirectories(directory)
            directories.insert(directory)
        }
    }

    /// Swaps the staged directory into place atomically and makes the swap durable.
    public func commit() throws(ReportKitError) {
        let parent = destination.deletingLastPathComponent().path
        do {
            try syncs.finish()
            for directory in directories.sorted(by: >) { try SystemFiles.syncDirectory(directory) }
            testHook("before-swap")
            switch SystemFiles.kind(destination.path) {
            case .missing:
                try SystemFiles.rename(staging.path, to: destination.path)
            case .directory:
                let exchanged = environment["REPORTGEN_TEST_NO_EXCHANGE"] == nil
                    ? try SystemFiles.exchange(staging.path, destination.path) : false
                if !exchanged {
                    let old = container.appendingPathComponent("old").path
                    try SystemFiles.rename(destination.path, to: old)
                    testHook("between-renames")
                    do {
                        try SystemFiles.rename(staging.path, to: destination.path)
                    } catch {
                        try? SystemFiles.rename(old, to: destination.path)
                        throw error
                    }
                }
            case .symlink:
                throw ReportKitError(.outputSymlink, "输出目录是符号链接；为安全起见 reportgen 不跟随符号链接，请用 -o 指定它指向的真实目录。", path: destination.path)
            default:
                throw ReportKitError(.outputExists, "已存在同名文件，不是目录；请换一个输出目录（-o）。", path: destination.path)
            }
            try SystemFiles.syncDirectory(parent)
        } catch let error as ReportKitError {
            throw error
        } catch let error as SystemFileError {
            throw ReportKitError(error)
        } catch {
            throw ReportKitError(.outputWrite, "\(error)", path: destination.path)
        }
        committed = true
        testHook("after-swap")
        // The old package is now in the staging folder; a crash here leaves it for the next run.
        try? SystemFiles.removeTree(container.path)
        lock?.release()
    }

    /// Updates the destination in place instead of swapping it (see `PackageJournal`): removes
    /// `removals` and renames the staged `installs` (the manifest last) into it, under a
    /// journal so that a run killed midway is finished by the next one. Files not named are
    /// not touched (not even their status-change time).
    func commitInPlace(removals: [PackageJournal.Removal], installs: [String]) throws(ReportKitError) {
        var changed = false
        do {
            try syncs.finish()
            for directory in directories.sorted(by: >) { try SystemFiles.syncDirectory(directory) }
            testHook("before-journal")
            try PackageJournal.commit(container: container.path, removals: removals, installs: installs)
            // From here on the update is finished, by this run or the next: the staging folder stays until then.
            journaled = true
            testHook("after-journal")
            try PackageJournal.apply(removals: removals, installs: installs, staging: stagingPath, destination: destinationPath,
                                     changed: { changed = true }) { index in
                if index == 0 { self.testHook("mid-apply") }
            }
        } catch {
            // Failed before the output folder was touched (it is not writable, say): the update
            // is dropped with its journal, so that "原有输出未改动" holds and no later run
            // finishes an update this one reported as failed. Once a file was replaced the
            // journal stays: the next run completes the update, as after a kill.
            if journaled && !changed {
                journaled = false
                try? SystemFiles.removeTree(container.path)
            }
            throw ReportKitError(error)
        }
        committed = true
        testHook("after-apply")
        try? SystemFiles.removeTree(container.path)
        lock?.release()
    }

    /// Crash tests: `REPORTGEN_TEST_KILL_AT=<point>` kills the process there, as SIGKILL would.
    private func testHook(_ point: String) {
        if environment["REPORTGEN_TEST_KILL_AT"] == point { kill(getpid(), SIGKILL) }
    }
}
