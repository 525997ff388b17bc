import Foundation

/// Work over `0..<count` split in equal slices, one per core, each slice made on a thread of
/// its own and the results returned in slice order. Not `DispatchQueue.concurrentPerform`:
/// called from a rendering job (itself one iteration of a `concurrentPerform`), libdispatch runs
/// a nested one on the calling thread alone, which left the 汇总表's 10 000 rows on one core.
enum Slices {
    /// `body` of each slice; fewer slices than cores when a slice would hold under `minimum` items.
    static func map<T>(count: Int, minimum: Int, _ body: @Sendable (Range<Int>) -> T) -> [T] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / max(1, minimum)))
        let size = (count + workers - 1) / workers
        guard workers > 1 else { return [body(0..<count)] }
        let results = Results<T>(count: workers)
        let group = DispatchGroup()
        withoutActuallyEscaping(body) { body in
            // Escapes only until `group.wait()` below.
            let shared = UncheckedBox(body)
            for worker in 1..<workers {
                let range = min(count, worker * size)..<min(count, (worker + 1) * size)
                DispatchQueue.global().async(group: group) { results.set(worker, shared.value(range)) }
            }
            results.set(0, body(0..<min(count, size)))
            group.wait()
        }
        return results.taken()
    }

    private final class UncheckedBox<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    private final class Results<T>: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [T?]

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ value: T) {
            lock.lock()
            slots[index] = value
            lock.unlock()
        }

        func taken() -> [T] {
            lock.lock()
            defer { lock.unlock() }
            return slots.map { $0! }
        }
    }
}
