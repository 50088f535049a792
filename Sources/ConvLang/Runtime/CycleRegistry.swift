#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The tracked container objects of one session (CPython's GC generation list): the
/// objects ``CycleCollector`` looks at.
///
/// An object joins the registry bound while it is made (``current``, bound by
/// ``Interpreter/withSession(_:)``) and leaves it in its `deinit`, which may run on
/// another thread: every change happens under a lock, and the collector takes its
/// snapshot under the same lock, retaining each object only if it is not already being
/// freed (`swift_tryRetain`). An object being freed is therefore either skipped by the
/// snapshot or waits for the lock to leave the registry, and its memory stays valid
/// until it has left.
public final class CycleRegistry: @unchecked Sendable {
    /// The registry that objects made now join: the running session's.
    @TaskLocal static var current: CycleRegistry?

    private let entries = Mutex<[Unmanaged<CycleTracked>]>([])
    private let live = Atomic<Int>(0)

    init() {}

    /// How many tracked objects are alive.
    public var count: Int { live.load(ordering: .relaxed) }

    /// Called from `object`'s `init`.
    func add(_ object: CycleTracked) {
        entries.withLock { entries in
            object.cycleRegistrySlot = entries.count
            entries.append(Unmanaged.passUnretained(object))
        }
        live.add(1, ordering: .relaxed)
    }

    /// Called from `object`'s `deinit`: the slot of the last entry is reused.
    func remove(_ object: CycleTracked) {
        entries.withLock { entries in
            let slot = object.cycleRegistrySlot
            let last = entries.removeLast()
            if slot < entries.count {
                entries[slot] = last
                // No retain: `last` may itself be in its `deinit`, waiting for this lock.
                last._withUnsafeGuaranteedRef { $0.cycleRegistrySlot = slot }
            }
        }
        live.subtract(1, ordering: .relaxed)
    }

    /// Every tracked object not being freed, each retained once (the caller releases
    /// them).
    func retainedSnapshot() -> [Unmanaged<CycleTracked>] {
        entries.withLock { entries in
            var snapshot: [Unmanaged<CycleTracked>] = []
            snapshot.reserveCapacity(entries.count)
            for entry in entries where swift_tryRetain(entry.toOpaque()) != nil { snapshot.append(entry) }
            return snapshot
        }
    }
}

/// Retains a native Swift object unless it is already being freed; `nil` then. The
/// runtime's C function, found by name (declaring it with `@_silgen_name` would clash
/// with the compiler's own declaration of it).
let swift_tryRetain: @convention(c) (UnsafeMutableRawPointer) -> UnsafeMutableRawPointer? = {
    guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "swift_tryRetain") else {
        fatalError("the Swift runtime has no swift_tryRetain")
    }
    return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutableRawPointer) -> UnsafeMutableRawPointer?).self)
}()

/// The object's strong reference count as the Swift runtime keeps it.
@_silgen_name("swift_retainCount")
func swift_retainCount(_ object: UnsafeMutableRawPointer) -> Int
