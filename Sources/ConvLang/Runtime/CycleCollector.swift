/// Finds groups of tracked objects that refer only to one another and empties them so
/// that reference counting frees them: CPython's cycle detector (`Modules/gcmodule.c`:
/// `update_refs`, `subtract_refs`, `move_unreachable`) over Swift's reference counts.
///
/// 1. Every tracked object of the session is retained once (a snapshot) and given its
///    own storage (``CycleTraversable/makeStorageUnique()``).
/// 2. Each object's count of references is read from the Swift runtime, less the
///    snapshot's own (calibrated on a sentinel held by the snapshot alone).
/// 3. Each reference a tracked object reports to another is subtracted: what is left
///    are references from outside (globals, frames, tuples, Swift code, widgets).
/// 4. Objects with references from outside, and everything they reach, are alive; the
///    rest is unreachable: each is cleared (``CycleTraversable/clearReferences()``) and
///    freed when the snapshot lets go.
///
/// If a count ever goes below zero (a reference reported that is not a retain of its
/// own: a bug), nothing is cleared.
///
/// ```python
/// import gc
/// l = []; l.append(l); del l
/// gc.collect()      # 1, as in CPython
/// ```
///
/// Collection runs between statements on the session's thread: automatically when the
/// tracked objects alive outnumber those that survived the last collection by
/// ``threshold`` (at least 700, CPython's first threshold, and at least as many as
/// survived, so the cost per allocation stays bounded), and on `gc.collect()`.
public final class CycleCollector: @unchecked Sendable {
    /// The session's tracked objects.
    public let registry = CycleRegistry()
    /// `gc.isenabled()`: whether collection runs automatically.
    public var isEnabled = true
    /// How many tracked objects survived the last collection.
    public private(set) var survivors = 0
    /// Whether the last collection found a reference reported twice and so cleared
    /// nothing (never, unless a traversal is wrong).
    public private(set) var lastCollectionWasAborted = false
    /// CPython's first generation threshold.
    static let minimumThreshold = 700

    public init() {}

    /// How many more tracked objects than survived the last collection trigger the next.
    public var threshold: Int { max(Self.minimumThreshold, survivors) }

    /// `gc.get_count()[0]`: tracked objects made, less those freed, since the last
    /// collection.
    public var allocationsSinceCollection: Int { max(0, registry.count - survivors) }

    /// Whether an automatic collection is due. Objects freed since the last collection
    /// lower the base the next is counted from, as deallocations lower CPython's count.
    var isDue: Bool {
        guard isEnabled else { return false }
        let live = registry.count
        if live < survivors { survivors = live }
        return live - survivors >= threshold
    }

    /// Collects unreachable cycles; gives how many objects were found unreachable
    /// (an instance's attribute dict is not counted apart from its instance, as in
    /// CPython 3.11, whose instances keep their attributes without a dict until
    /// `__dict__` is read; CPython also counts a closure's tuple of cells, which
    /// ConvLang does not have).
    ///
    /// - Precondition: called on the thread running the session, between statements or
    ///   from a builtin (`gc.collect()`), never while Swift code is inside a tracked
    ///   container's storage (it gives each container storage of its own, a write).
    @discardableResult
    public func collect() -> Int {
        let objects = registry.retainedSnapshot()
        let found = collectUnreachable(in: objects)
        for object in objects { object.release() }
        survivors = registry.count
        return found
    }

    private func collectUnreachable(in objects: [Unmanaged<CycleTracked>]) -> Int {
        for object in objects { object._withUnsafeGuaranteedRef { ($0 as! any CycleTraversable).makeStorageUnique() } }
        let sentinel = Unmanaged.passRetained(CycleSentinel())
        var references = objects.map { swift_retainCount($0.toOpaque()) }
        let baseline = swift_retainCount(sentinel.toOpaque())
        sentinel.release()
        for i in references.indices { references[i] -= baseline }

        var index: [ObjectIdentifier: Int] = [:]
        index.reserveCapacity(objects.count)
        for (i, object) in objects.enumerated() { index[ObjectIdentifier(object.takeUnretainedValue())] = i }
        func forEachReference(of i: Int, _ body: (Int) -> Void) {
            objects[i]._withUnsafeGuaranteedRef { object in
                (object as! any CycleTraversable).visitReferences { target in
                    if let j = index[ObjectIdentifier(target)] { body(j) }
                }
            }
        }

        for i in objects.indices { forEachReference(of: i) { references[$0] -= 1 } }
        lastCollectionWasAborted = references.contains { $0 < 0 }
        guard !lastCollectionWasAborted else { return 0 }

        var reachable = references.map { $0 > 0 }
        var pending = reachable.indices.filter { reachable[$0] }
        while let i = pending.popLast() {
            forEachReference(of: i) { j in
                if !reachable[j] {
                    reachable[j] = true
                    pending.append(j)
                }
            }
        }
        var found = 0
        for i in objects.indices where !reachable[i] {
            objects[i]._withUnsafeGuaranteedRef { object in
                (object as! any CycleTraversable).clearReferences()
                if !((object as? DictObject)?.isInstanceAttributes ?? false) { found += 1 }
            }
        }
        return found
    }

    /// Collects if enough tracked objects were made since the last collection.
    func collectIfDue() {
        if isDue { collect() }
    }
}

/// An object held by the snapshot alone: its count is the snapshot's own share.
private final class CycleSentinel {}
