/// The resolver's first pass, as CPython's `symtable.c`: walks a program, makes a
/// ``Scope`` for the module and for every function, lambda, comprehension and class
/// body, records what each binds and reads, checks the `global`/`nonlocal`
/// declarations, then resolves every name to a slot, a cell, a free cell, the globals
/// or a class namespace.
public enum ScopeAnalysis {
    /// The module scope of `program`, resolved, with every inner scope below it.
    /// - Throws: Python's SyntaxErrors for misplaced `global`/`nonlocal` declarations.
    public static func analyze(_ program: Program) throws(Diagnostic) -> Scope {
        let module = Scope(kind: .module, name: "<module>", parent: nil)
        let collector = Collector(scope: module)
        for statement in program.statements { try collector.statement(statement) }
        try collector.checkNonlocals(module)
        module.resolve()
        return module
    }
}

/// Collects what one scope binds and reads; a new collector walks each inner scope.
private struct Collector {
    let scope: Scope

    func statement(_ statement: Statement) throws(Diagnostic) {
        if StackGuard.isLow {
            throw Diagnostic(.runtime, "maximum recursion depth exceeded: the statement nests deeper than this thread's stack holds",
                             statement.range, kind: "RecursionError")
        }
        switch statement {
        case .expression(let e), .help(let e, _, _):
            try expression(e)
        case .assign(let targets, let value, _):
            try expression(value)
            for t in targets { try target(t) }
        case .annotatedAssign(let t, let annotation, let value, _):
            if let value { try expression(value) }
            // An annotated name is bound here even without a value (CPython makes it local).
            try target(t)
            if scope.kind.evaluatesVariableAnnotations { try expression(annotation) }
        case .augmentedAssign(let t, _, let value, _):
            try expression(value)
            if case .name(let name, _) = t { scope.use(name) }
            try target(t)
        case .importModule(let path, let alias, _):
            scope.bind(alias ?? path[0])
        case .importFrom(_, let names, let range):
            for (name, alias) in names {
                if name == "*" {
                    guard scope.kind == .module else {
                        throw Diagnostic(ScopeMessage.importStarNotAtModuleLevel, range)
                    }
                    continue
                }
                scope.bind(alias ?? name)
            }
        case .pass, .breakStatement, .continueStatement, .magic, .shell:
            break
        case .ifStatement(let branches, let orElse, _):
            for branch in branches {
                try expression(branch.condition)
                try block(branch.body)
            }
            try block(orElse)
        case .whileStatement(let condition, let body, let orElse, _):
            try expression(condition)
            try block(body)
            try block(orElse)
        case .forStatement(let t, let iterable, let body, let orElse, _):
            try expression(iterable)
            try target(t)
            try block(body)
            try block(orElse)
        case .returnStatement(let value, _):
            if let value { try expression(value) }
        case .functionDefinition(let f):
            for d in f.decorators { try expression(d) }
            try defaults(f.parameters)
            // The annotations are evaluated where the function is defined, as its defaults.
            for a in f.annotations { try expression(a) }
            scope.bind(f.name)
            let inner = Scope(kind: .function, name: f.name, parent: scope)
            scope.addChild(inner, at: f.range.start)
            try Collector(scope: inner).function(parameters: f.parameters, body: f.body)
        case .classDefinition(let c):
            for d in c.decorators { try expression(d) }
            for b in c.bases { try expression(b) }
            scope.bind(c.name)
            let inner = Scope(kind: .classBody, name: c.name, parent: scope)
            scope.addChild(inner, at: c.range.start)
            try Collector(scope: inner).block(c.body)
        case .tryStatement(let body, let handlers, let orElse, let finally, _):
            try block(body)
            for handler in handlers {
                if let type = handler.type { try expression(type) }
                if let name = handler.name { scope.bind(name) }
                try block(handler.body)
            }
            try block(orElse)
            try block(finally)
        case .raise(let value, let cause, _):
            if let value { try expression(value) }
            if let cause { try expression(cause) }
        case .assert(let test, let message, _):
            try expression(test)
            if let message { try expression(message) }
        case .with(let items, let body, _):
            for item in items {
                try expression(item.context)
                if let t = item.target { try target(t) }
            }
            try block(body)
        case .global(let names, let range):
            for name in names {
                if scope.parameters.contains(name) {
                    throw Diagnostic(ScopeMessage.conflictingDeclarations(name: name, first: "parameter", second: "global"), range)
                }
                if scope.declaredNonlocal.contains(name) {
                    throw Diagnostic(ScopeMessage.conflictingDeclarations(name: name, first: "nonlocal", second: "global"), range)
                }
                if scope.kind != .module, scope.bound.contains(name) {
                    throw Diagnostic(ScopeMessage.assignedBeforeDeclaration(name: name, declaration: "global"), range)
                }
                if scope.kind != .module, scope.used.contains(name) {
                    throw Diagnostic(ScopeMessage.usedBeforeDeclaration(name: name, declaration: "global"), range)
                }
                scope.declaredGlobal.insert(name)
            }
        case .nonlocal(let names, let range):
            guard scope.kind != .module else {
                throw Diagnostic(ScopeMessage.nonlocalAtModuleLevel, range)
            }
            for name in names {
                if scope.parameters.contains(name) {
                    throw Diagnostic(ScopeMessage.conflictingDeclarations(name: name, first: "parameter", second: "nonlocal"), range)
                }
                if scope.declaredGlobal.contains(name) {
                    throw Diagnostic(ScopeMessage.conflictingDeclarations(name: name, first: "nonlocal", second: "global"), range)
                }
                if scope.bound.contains(name) {
                    throw Diagnostic(ScopeMessage.assignedBeforeDeclaration(name: name, declaration: "nonlocal"), range)
                }
                if scope.used.contains(name) {
                    throw Diagnostic(ScopeMessage.usedBeforeDeclaration(name: name, declaration: "nonlocal"), range)
                }
                scope.declaredNonlocal.insert(name)
                scope.nonlocalRanges[name] = range
            }
        case .delete(let targets, _):
            for t in targets { try target(t) }
        }
    }

    func block(_ statements: [Statement]?) throws(Diagnostic) {
        for s in statements ?? [] { try statement(s) }
    }

    /// A function's (or lambda's) parameters bound in its own scope, then its body.
    func function(parameters: [ParameterSyntax], body: [Statement]) throws(Diagnostic) {
        scope.parameters = parameters.map(\.name)
        for p in parameters { scope.bind(p.name) }
        try block(body)
    }

    /// Default values are evaluated where the function is defined.
    func defaults(_ parameters: [ParameterSyntax]) throws(Diagnostic) {
        for p in parameters { if let d = p.defaultValue { try expression(d) } }
    }

    /// An assignment target: names are bound, the rest is read.
    func target(_ t: Expression) throws(Diagnostic) {
        switch t {
        case .name(let name, _): scope.bind(name)
        case .tuple(let items, _), .list(let items, _): for item in items { try target(item) }
        case .starred(let inner, _): try target(inner)
        default: try expression(t)
        }
    }

    func expression(_ e: Expression) throws(Diagnostic) {
        if StackGuard.isLow {
            throw Diagnostic(.runtime, "maximum recursion depth exceeded: the expression nests deeper than this thread's stack holds",
                             e.range, kind: "RecursionError")
        }
        switch e {
        case .name(let name, _):
            scope.use(name)
            // As CPython: a function that names `super` gets the class cell, for `super()`.
            if name == "super", scope.kind.hasFastLocals { scope.use(Scope.classCellName) }
        case .lambda(let parameters, let body, let range):
            try defaults(parameters)
            let inner = Scope(kind: .lambda, name: "<lambda>", parent: scope)
            scope.addChild(inner, at: range.start)
            let collector = Collector(scope: inner)
            try collector.function(parameters: parameters, body: [])
            try collector.expression(body)
        case .comprehension(let c, let range):
            // The first iterable is evaluated outside, everything else inside.
            guard case .loop(_, let firstIterable)? = c.clauses.first else { return }
            try expression(firstIterable)
            let names: [Comprehension.Kind: String] = [.list: "<listcomp>", .set: "<setcomp>", .dict: "<dictcomp>", .generator: "<genexpr>"]
            let inner = Scope(kind: .comprehension, name: names[c.kind]!, parent: scope)
            scope.addChild(inner, at: range.start)
            let collector = Collector(scope: inner)
            for (i, clause) in c.clauses.enumerated() {
                switch clause {
                case .loop(let t, let iterable):
                    if i > 0 { try collector.expression(iterable) }
                    try collector.target(t)
                case .filter(let condition):
                    try collector.expression(condition)
                }
            }
            try collector.expression(c.element)
            if let value = c.value { try collector.expression(value) }
        default:
            for child in e.children { try expression(child) }
        }
    }

    /// Every `nonlocal` must name a local of an enclosing function.
    func checkNonlocals(_ scope: Scope) throws(Diagnostic) {
        for name in scope.declaredNonlocal.sorted() where scope.enclosingFunctionOwning(name) == nil {
            let range = scope.nonlocalRanges[name] ?? SourceRange(0, 0)
            throw Diagnostic(ScopeMessage.noNonlocalBinding(name), range)
        }
        for child in scope.children.sorted(by: { $0.key < $1.key }).map(\.value) { try checkNonlocals(child) }
    }
}
