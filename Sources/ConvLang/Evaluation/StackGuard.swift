#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much of the current thread's stack is left, so that the parser and the
/// evaluator stop with a diagnostic before a deep program exhausts it.
///
/// ConvLang recurses once per level of nesting. The depth limits
/// (``Parser/maxDepth``, ``Parser/maxHeight``) bound that on a large stack, such as the
/// kernel's 64 MiB execution thread; on a small one (a Dispatch worker's 512 KiB, and
/// a debug build's frames are large) this guard is what holds, much as CPython checks
/// the C stack. The thread's stack bounds are read once per thread.
enum StackGuard {
    /// The stack kept free for the work done between two checks (a builtin, the
    /// engine, a renderer) and for reporting the error.
    static let reserve = 160 << 10

    /// Whether less than ``reserve`` bytes of stack are left.
    static var isLow: Bool { remaining < reserve }

    /// The bytes of stack left below the caller, or `Int.max` when the thread's stack
    /// bounds are unknown.
    static var remaining: Int {
        guard let low = lowerBound else { return .max }
        var marker: UInt8 = 0
        let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        return here > low ? Int(here - low) : 0
    }

    #if canImport(Glibc)
    /// glibc's `pthread_getattr_np`, which Swift's Glibc module leaves out (it needs
    /// `_GNU_SOURCE`), looked up by name.
    private typealias GetAttributes = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
    private static let getAttributes: GetAttributes? = dlsym(nil, "pthread_getattr_np").map { unsafeBitCast($0, to: GetAttributes.self) }

    private static let key: pthread_key_t? = {
        var key = pthread_key_t()
        return pthread_key_create(&key, nil) == 0 ? key : nil
    }()

    /// The lowest address of this thread's stack (it grows down), cached per thread.
    private static var lowerBound: UInt? {
        guard let key, let getAttributes else { return nil }
        if let cached = pthread_getspecific(key) { return UInt(bitPattern: cached) }
        var attributes = pthread_attr_t()
        guard getAttributes(pthread_self(), &attributes) == 0 else { return nil }
        defer { pthread_attr_destroy(&attributes) }
        var address: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &address, &size) == 0, let address else { return nil }
        pthread_setspecific(key, address)
        return UInt(bitPattern: address)
    }
    #elseif canImport(Darwin)
    private static var lowerBound: UInt? {
        let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        return top - UInt(pthread_get_stacksize_np(pthread_self()))
    }
    #else
    private static var lowerBound: UInt? { nil }
    #endif
}
