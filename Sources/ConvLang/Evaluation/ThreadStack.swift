import Foundation
import Synchronization

/// The stack the kernel's execution thread and `convlab run` give ConvLang: deep
/// enough for Python's recursion limit of 1000 calls.
public let executionStackBytes = 64 << 20

/// Runs `body` on a new thread with a `bytes`-byte stack and waits for it. The
/// default, 512 KiB, is a Dispatch worker's stack, where deep programs must fail
/// cleanly rather than overflow.
public func onThread<T: Sendable>(stack bytes: Int = 512 << 10, _ body: @escaping @Sendable () -> T) -> T {
    let result = Mutex<T?>(nil)
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        let value = body()
        result.withLock { $0 = value }
        done.signal()
    }
    thread.stackSize = bytes
    thread.start()
    done.wait()
    return result.withLock { $0! }
}
