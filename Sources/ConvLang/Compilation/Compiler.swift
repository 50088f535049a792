/// Compiles one scope's statements and expressions into closures over resolved names
/// (``Scope/Binding``): the second pass of the resolver, whose output the interpreter
/// runs. A new compiler compiles each inner function, lambda and comprehension.
struct Compiler {
    unowned let interpreter: Interpreter
    let scope: Scope
    /// `f.<locals>.` inside a function, as Python's `__qualname__` writes it.
    let qualifiedPrefix: String
    /// The cell, script or function being compiled: the frame its errors show.
    let origin: CodeOrigin

    init(interpreter: Interpreter, scope: Scope, qualifiedPrefix: String = "", origin: CodeOrigin) {
        self.interpreter = interpreter
        self.scope = scope
        self.qualifiedPrefix = qualifiedPrefix
        self.origin = origin
    }

    /// The compiler of an inner scope made by the node starting at `offset`; a function
    /// passes its own `origin` (a comprehension runs in its enclosing frame's).
    func inner(at offset: Int, qualifiedName: String, origin: CodeOrigin? = nil) -> Compiler? {
        guard let child = scope.children[offset] else { return nil }
        return Compiler(interpreter: interpreter, scope: child, qualifiedPrefix: qualifiedName + ".<locals>.", origin: origin ?? self.origin)
    }

    // MARK: - Names

    /// Reads `name` where the resolver put it.
    func load(_ name: String, at range: SourceRange) -> CompiledExpression {
        switch scope.binding(of: name) {
        case .local(let slot):
            return { (frame) throws(Diagnostic) in
                guard let value = frame.slots[slot] else {
                    throw Diagnostic(.name, "cannot access local variable '\(name)' where it is not associated with a value", range,
                                     kind: "UnboundLocalError")
                }
                return value
            }
        case .cell(let i), .free(let i):
            return { (frame) throws(Diagnostic) in
                guard let value = frame.cells[i].value else {
                    throw Diagnostic(.name, "cannot access free variable '\(name)' where it is not associated with a value in enclosing scope", range)
                }
                return value
            }
        case .global, .classNamespace:
            let interpreter = self.interpreter, globals = interpreter.globals
            let slot = globals.slot(for: name)
            let builtin = interpreter.extensions[name] ?? Library.globals[name]
            // `unowned(unsafe)`: compiled code runs only inside its interpreter's calls,
            // and a checked reference would cost a retain on every name read.
            return { [unowned(unsafe) interpreter, unowned(unsafe) globals] (_) throws(Diagnostic) in
                if let value = globals[slot: slot] { return value }
                if let builtin { return builtin }
                return try interpreter.lookup(name, at: range)
            }
        }
    }

    /// Writes `name` where the resolver put it.
    func store(_ name: String) -> CompiledStore {
        switch scope.binding(of: name) {
        case .local(let slot):
            return { (frame, value) throws(Diagnostic) in frame.slots[slot] = value }
        case .cell(let i), .free(let i):
            return { (frame, value) throws(Diagnostic) in frame.cells[i].value = value }
        case .global, .classNamespace:
            let globals = self.interpreter.globals
            let slot = globals.slot(for: name)
            return { [unowned(unsafe) globals] (_, value) throws(Diagnostic) in globals[slot: slot] = value }
        }
    }

    /// Removes `name`'s value (`del name`).
    func delete(_ name: String, at range: SourceRange) -> CompiledStatement {
        let load = self.load(name, at: range)
        switch scope.binding(of: name) {
        case .local(let slot):
            return { (frame) throws(Diagnostic) in _ = try load(frame); frame.slots[slot] = nil; return .next }
        case .cell(let i), .free(let i):
            return { (frame) throws(Diagnostic) in _ = try load(frame); frame.cells[i].value = nil; return .next }
        case .global, .classNamespace:
            let interpreter = self.interpreter
            let slot = interpreter.globals.slot(for: name)
            return { [unowned interpreter] (_) throws(Diagnostic) in
                guard interpreter.globals[slot: slot] != nil else {
                    throw Diagnostic(.name, "name '\(name)' is not defined", range)
                }
                interpreter.globals[slot: slot] = nil
                return .next
            }
        }
    }

    /// The cells an inner scope captures, taken from a frame of this scope.
    func closureCells(for child: Scope) -> (Frame) -> [Cell] {
        let indices: [Int] = child.freeNames.map { name in
            switch scope.binding(of: name) {
            case .cell(let i), .free(let i): i
            default: -1
            }
        }
        return { frame in indices.map { $0 >= 0 ? frame.cells[$0] : Cell() } }
    }
}
