import Dispatch
import Foundation
import OOXML

/// Syncs written files to disk on threads of their own, so that the rendering threads go on
/// rendering instead of waiting for the disk: a sync of a new file waits for the file system's
/// journal, and with one per document each core sat idle for about a third of a run.
/// `finish()` waits for every sync and reports the first failure; a package is swapped into
/// place only after it, so what is swapped in is on disk as before.
final class BackgroundSyncs: @unchecked Sendable {
    private let queues: [DispatchQueue]
    private let group = DispatchGroup()
    /// Bounds the descriptors held open while they wait for their sync.
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var next = 0
    private var failure: SystemFileError?

    init(threads: Int = 2, pending: Int = 64) {
        // Serial queues: each sync blocks its thread, and two in flight keep the journal busy.
        queues = (0..<max(1, threads)).map { DispatchQueue(label: "reportgen.sync.\($0)") }
        slots = DispatchSemaphore(value: max(1, pending))
    }

    /// Syncs and closes `fd` (from `SystemFiles.writeNewFileUnsynced` on `path`) later; a failure
    /// names `shownPath`, where the user will look for the file.
    func sync(_ fd: Int32, path: String, shownPath: String) {
        slots.wait()
        lock.lock()
        let queue = queues[next % queues.count]
        next += 1
        lock.unlock()
        queue.async(group: group) { [self] in
            defer { slots.signal() }
            do throws(SystemFileError) {
                try SystemFiles.syncAndClose(fd, path: path)
            } catch {
                var error = error
                error.path = shownPath
                lock.lock()
                if failure == nil { failure = error }
                lock.unlock()
            }
        }
    }

    /// Waits until every file passed to `sync` is on disk (or failed).
    func finish() throws(SystemFileError) {
        group.wait()
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
    }
}
