// How each tracked container reports and drops what it holds (see ``CycleTraversable``
// for the rule). Arrays are made unique before they are traversed: two lists may share
// one buffer after `b = a.copy()`, and that buffer retains each element only once.

extension ListObject: CycleTraversable {
    func makeStorageUnique() { items.withUnsafeMutableBufferPointer { _ in } }
    func visitReferences(_ visit: (CycleTracked) -> Void) {
        for item in items { item.visitTracked(visit) }
    }
    func clearReferences() { items = [] }
}

extension DictObject: CycleTraversable {
    func makeStorageUnique() { entries.withUnsafeMutableBufferPointer { _ in } }
    func visitReferences(_ visit: (CycleTracked) -> Void) {
        for entry in entries {
            entry.key.visitTracked(visit)
            entry.value.visitTracked(visit)
        }
    }
    func clearReferences() { entries = [] }
}

extension InstanceObject: CycleTraversable {
    func makeStorageUnique() {}
    func visitReferences(_ visit: (CycleTracked) -> Void) {
        visit(cls)
        visit(attributes)
    }
    /// Its class and attribute dict are constants; clearing the dict (unreachable too,
    /// unless someone holds `obj.__dict__`) breaks the cycles through the instance.
    func clearReferences() {}
}

extension Cell: CycleTraversable {
    func makeStorageUnique() {}
    func visitReferences(_ visit: (CycleTracked) -> Void) { value?.visitTracked(visit) }
    func clearReferences() { value = nil }
}

extension BoundMethod: CycleTraversable {
    func makeStorageUnique() {}
    func visitReferences(_ visit: (CycleTracked) -> Void) {
        function.visitTracked(visit)
        receiver.visitTracked(visit)
    }
    /// Constants: every cycle through a bound method goes through a container that
    /// clears.
    func clearReferences() {}
}

extension ExceptionObject: CycleTraversable {
    func makeStorageUnique() { args.withUnsafeMutableBufferPointer { _ in } }
    func visitReferences(_ visit: (CycleTracked) -> Void) {
        for arg in args { arg.visitTracked(visit) }
        if let cause { visit(cause) }
        if let context { visit(context) }
    }
    func clearReferences() {
        args = []
        cause = nil
        context = nil
    }
}

extension ClassObject: CycleTraversable {
    func makeStorageUnique() {
        bases.withUnsafeMutableBufferPointer { _ in }
        mro.withUnsafeMutableBufferPointer { _ in }
    }
    func visitReferences(_ visit: (CycleTracked) -> Void) {
        for base in bases { visit(base) }
        for c in mro { visit(c) }
        visit(namespace)
    }
    func clearReferences() {
        bases = []
        mro = []
    }
}

extension UserFunction: CycleTraversable {
    func makeStorageUnique() {
        defaults.withUnsafeMutableBufferPointer { _ in }
        closure.withUnsafeMutableBufferPointer { _ in }
    }
    func visitReferences(_ visit: (CycleTracked) -> Void) {
        for value in defaults { value?.visitTracked(visit) }
        for cell in closure { visit(cell) }
    }
    /// The defaults (`def f(x=[])`); the cells clear themselves, being tracked.
    func clearReferences() { defaults = defaults.map { _ in nil } }
}

extension ModuleObject: CycleTraversable {
    func makeStorageUnique() {
        modules.makeStorageUnique()
        attributes.makeStorageUnique()
    }
    /// A user's module class, its sub-modules and its other attributes (`self.f =
    /// lambda: self`); parameters and buffers are tensors, and a built-in module's own
    /// state is not looked into (what it holds counts as referenced from outside).
    func visitReferences(_ visit: (CycleTracked) -> Void) {
        if case .user(let cls) = kind { visit(cls) }
        for entry in modules.entries { if let module = entry.value { visit(module) } }
        for entry in attributes.entries { entry.value.visitTracked(visit) }
    }
    func clearReferences() {
        modules = OrderedTable()
        attributes = OrderedTable()
    }
}
