/// The base of every object the cycle collector watches: a container that can hold a
/// ``Value`` and be changed to point back at itself (lists, dicts, sets, instances,
/// classes, user functions and their cells, bound methods, exceptions, `nn.Module`s).
///
/// An object made while a session runs (inside ``Interpreter/withSession(_:)``) joins
/// that session's ``CycleRegistry`` and leaves it when freed, on whatever thread frees
/// it; one made outside any session is not tracked (it is never collected, only freed
/// by reference counting). The type says what it holds by conforming to
/// ``CycleTraversable``.
public class CycleTracked: @unchecked Sendable {
    /// The registry this object joined, `nil` when made outside a session.
    private(set) var cycleRegistry: CycleRegistry?
    /// Where the registry keeps it; changed only under the registry's lock.
    var cycleRegistrySlot = -1

    /// - Parameter tracked: `false` for an object that several sessions share for the
    ///   life of the process (a builtin type, made when first used by whichever session
    ///   uses it first): no session's collector looks at it.
    init(tracked: Bool = true) {
        cycleRegistry = tracked ? CycleRegistry.current : nil
        cycleRegistry?.add(self)
    }

    deinit { cycleRegistry?.remove(self) }

    /// Leaves the registry, right after being made (a builtin type's namespace): see
    /// ``init(tracked:)``.
    func stopTracking() {
        cycleRegistry?.remove(self)
        cycleRegistry = nil
    }
}

/// What the cycle collector asks of a tracked object (CPython's `tp_traverse` and
/// `tp_clear`).
///
/// The rule that keeps collection safe: ``visitReferences(_:)`` reports a tracked object
/// only for a strong reference that this object alone holds: a stored property of its
/// own, or an element of an array that ``makeStorageUnique()`` made its own. Reporting
/// a reference that is not a distinct retain could make a live object look unreachable
/// (the collector would then empty it: a silent corruption); failing to report one only
/// keeps a cycle alive. So references reached through value aggregates whose buffers
/// may be shared with holders the collector cannot see (tuples, records, `.method`
/// receivers, descriptors, `super` objects, a builtin's or iterator's Swift closure) are
/// never reported: they count as references from outside. See ``Value/visitTracked(_:)``.
protocol CycleTraversable: CycleTracked {
    /// Gives this object its own copy of any array it holds whose buffer another holder
    /// may share (Swift's copy-on-write), so that each element it reports is a retain
    /// of its own. Runs before reference counts are read.
    func makeStorageUnique()
    /// Calls `visit` once per strong reference this object holds to a tracked object.
    func visitReferences(_ visit: (CycleTracked) -> Void)
    /// Drops the references this object holds (enough of them to break every cycle
    /// through it), called only on unreachable objects.
    func clearReferences()
}
