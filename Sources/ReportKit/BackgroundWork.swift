import Foundation

/// Work started on another thread at once, its value taken when the caller needs it: the
/// output-folder check and the templates while the definitions load, the 汇总表's CSV while
/// its document renders (issue 12). One mechanism for all of them.
public final class BackgroundWork<Value>: @unchecked Sendable {
    private var value: Value?
    private let done = DispatchSemaphore(value: 0)

    public init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async {
            self.value = work()
            self.done.signal()
        }
    }

    /// The work's value, once it is done (may be asked for more than once).
    public func wait() -> Value {
        done.wait()
        done.signal()
        return value!
    }
}
