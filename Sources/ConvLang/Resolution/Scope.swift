/// One scope of a program, as CPython's symbol table sees it: the module (a cell or
/// script), a function, a lambda, a comprehension or a class body, with what it binds,
/// what it reads, what it declares `global` or `nonlocal`, and the scopes inside it.
///
/// ``ScopeAnalysis`` fills it in two passes: collecting (``bind(_:at:)``,
/// ``use(_:)``), then resolving each name to where it lives (``binding(of:)``).
public final class Scope {
    public enum Kind: Sendable, Hashable {
        case module, function, lambda, comprehension, classBody

        /// Whether names bound here live in a frame's slots (every kind but the module
        /// and class bodies, whose names live in dictionaries).
        var hasFastLocals: Bool { self != .module && self != .classBody }

        /// Whether an annotated assignment evaluates its annotation here: in the module and
        /// class bodies (where CPython keeps `__annotations__`), not in a function's.
        var evaluatesVariableAnnotations: Bool { self == .module || self == .classBody }
    }

    /// Where a name lives when this scope runs.
    public enum Binding: Sendable, Hashable {
        /// A slot of the frame (a local nobody captures).
        case local(Int)
        /// A cell of the frame: a local that an inner function captures (CPython's cellvar).
        case cell(Int)
        /// A cell captured from an enclosing function (CPython's freevar), numbered after
        /// the cells.
        case free(Int)
        /// The module's globals (then the builtins).
        case global
        /// The class body's namespace (then the globals).
        case classNamespace
    }

    public let kind: Kind
    /// The function's or class's name (`<module>`, `<lambda>`, `<listcomp>`, ...).
    public let name: String
    public weak private(set) var parent: Scope?
    /// Scopes inside this one, by the start of the node that makes them.
    public private(set) var children: [Int: Scope] = [:]

    /// Parameter names, in order.
    public internal(set) var parameters: [String] = []
    /// Names bound here (assigned, imported, defined, caught, iterated over), in order of
    /// first binding.
    public private(set) var bound: [String] = []
    private var boundSet: Set<String> = []
    /// Names read here.
    public private(set) var used: Set<String> = []
    public internal(set) var declaredGlobal: Set<String> = []
    public internal(set) var declaredNonlocal: Set<String> = []
    /// Where each `nonlocal` was declared, for its error.
    var nonlocalRanges: [String: SourceRange] = [:]

    /// After resolution: the frame's slots (uncaptured locals), cells (captured locals)
    /// and free variables (captured from outside), in slot order.
    public private(set) var slotNames: [String] = []
    public private(set) var cellNames: [String] = []
    public private(set) var freeNames: [String] = []
    private var bindings: [String: Binding] = [:]

    init(kind: Kind, name: String, parent: Scope?) {
        self.kind = kind
        self.name = name
        self.parent = parent
    }

    func addChild(_ scope: Scope, at offset: Int) { children[offset] = scope }

    func bind(_ name: String) {
        if boundSet.insert(name).inserted { bound.append(name) }
    }

    func use(_ name: String) { used.insert(name) }

    /// Whether `name` is a local of this scope (bound here and not declared otherwise).
    func isLocal(_ name: String) -> Bool {
        boundSet.contains(name) && !declaredGlobal.contains(name) && !declaredNonlocal.contains(name)
    }

    /// Where `name` lives when this scope runs. Names never seen are globals.
    public func binding(of name: String) -> Binding {
        bindings[name] ?? (kind == .classBody && isLocal(name) ? .classNamespace : .global)
    }

    /// The number of cells a frame of this scope holds: its own, then the free ones.
    public var cellCount: Int { cellNames.count + freeNames.count }

    // MARK: - Resolution

    /// Resolves this scope and those inside it; `captured` collects, on the way back,
    /// the names inner scopes take from this one.
    func resolve() {
        // First the inner scopes, so that we know which of our locals they capture.
        let inner = children.sorted { $0.key < $1.key }.map(\.value)
        for child in inner { child.resolve() }
        var captured = Set<String>()
        for child in inner { captured.formUnion(child.freeNames) }
        guard kind.hasFastLocals else {
            // Module and class body: names in dictionaries; free names still come from
            // enclosing functions (a class inside a function, and its methods).
            if kind == .classBody {
                // Methods that use `super()` or `__class__` capture the class being made
                // (CPython's implicit `__class__` cell).
                if captured.contains(Self.classCellName) {
                    bindings[Self.classCellName] = .cell(0)
                    cellNames.append(Self.classCellName)
                }
                for name in used.union(declaredNonlocal).union(captured).sorted() where !declaredGlobal.contains(name) && name != Self.classCellName {
                    if (!isLocal(name) || captured.contains(name)), enclosingFunctionOwning(name) != nil { addFree(name) }
                }
                for (i, name) in freeNames.enumerated() { bindings[name] = .free(cellNames.count + i) }
            }
            return
        }
        for name in parameters + bound where isLocal(name) && bindings[name] == nil {
            if captured.contains(name) {
                bindings[name] = .cell(cellNames.count)
                cellNames.append(name)
            } else {
                bindings[name] = .local(slotNames.count)
                slotNames.append(name)
            }
        }
        for name in used.union(declaredNonlocal).union(captured).sorted() where bindings[name] == nil {
            if declaredGlobal.contains(name) { continue }
            if enclosingFunctionOwning(name) != nil { addFree(name) }
        }
        // Free names are numbered after the cells.
        for (i, name) in freeNames.enumerated() { bindings[name] = .free(cellNames.count + i) }
    }

    /// The implicit cell holding the class a method belongs to, for zero-argument
    /// `super()`.
    static let classCellName = "__class__"

    private func addFree(_ name: String) {
        guard !freeNames.contains(name) else { return }
        freeNames.append(name)
        if kind == .classBody { bindings[name] = .free(freeNames.count - 1) }
    }

    /// The nearest enclosing function-like scope where `name` is a local, skipping
    /// class bodies (methods do not see their class's names).
    func enclosingFunctionOwning(_ name: String) -> Scope? {
        var scope = parent
        while let s = scope {
            if s.kind == .classBody, name == Self.classCellName { return s }
            if s.kind.hasFastLocals, s.isLocal(name) { return s }
            if s.kind.hasFastLocals, s.declaredGlobal.contains(name) { return nil }
            scope = s.parent
        }
        return nil
    }
}
