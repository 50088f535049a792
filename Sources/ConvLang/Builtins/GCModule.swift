/// Python's `gc` module, over the session's ``CycleCollector``.
///
/// `gc.collect()` gives the number of unreachable objects found, as CPython does: 1 for
/// `l = []; l.append(l)` or `a.me = a`, but 2 for a closure over itself where CPython
/// says 3 (CPython also counts the function's tuple of cells). An instance counts as
/// one object with its attributes, as in CPython 3.11 before `__dict__` is read.
/// Tuples, generators, modules and `nn.Module`s are not tracked: a cycle through them
/// is not collected.
enum GCModule {
    static let functions: [Builtin] = [
        Builtin("gc.collect", "generation=2", summary: "Frees unreachable cycles now; gives how many objects were unreachable.",
                example: "gc.collect()") { (call) throws(Diagnostic) in
            guard call["generation"].asInteger.map({ (0...2).contains($0) }) ?? !call.has("generation") else {
                throw Diagnostic(.value, "invalid generation", call.range(of: "generation"))
            }
            return .int(Int64(call.interpreter.cycleCollector.collect()))
        },
        Builtin("gc.enable", "", summary: "Turns automatic collection on.", example: "gc.enable()") { (call) throws(Diagnostic) in
            call.interpreter.cycleCollector.isEnabled = true
            return .none
        },
        Builtin("gc.disable", "", summary: "Turns automatic collection off (gc.collect() still works).",
                example: "gc.disable()") { (call) throws(Diagnostic) in
            call.interpreter.cycleCollector.isEnabled = false
            return .none
        },
        Builtin("gc.isenabled", "", summary: "Whether automatic collection is on.", example: "gc.isenabled()") { (call) throws(Diagnostic) in
            .bool(call.interpreter.cycleCollector.isEnabled)
        },
        Builtin("gc.get_count", "", summary: "Tracked objects made less those freed since the last collection, as (count, 0, 0).",
                example: "gc.get_count()") { (call) throws(Diagnostic) in
            .tuple([.int(Int64(call.interpreter.cycleCollector.allocationsSinceCollection)), .int(0), .int(0)])
        },
    ]
}
