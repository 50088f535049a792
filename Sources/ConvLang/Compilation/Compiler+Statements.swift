import ConvEngine

extension Compiler {
    func compileBlock(_ statements: [Statement], source: SourceText? = nil) throws(Diagnostic) -> CompiledBlock {
        CompiledBlock(statements: try statements.map { (s) throws(Diagnostic) in try compileStatement(s, source: source) })
    }

    /// Compiles one statement.
    func compileStatement(_ statement: Statement, source: SourceText? = nil) throws(Diagnostic) -> CompiledStatement {
        let interpreter = self.interpreter
        switch statement {
        case .expression(let e):
            let value = try compile(e)
            return { (frame) throws(Diagnostic) in _ = try value(frame); return .next }
        case .assign(let targets, let valueExpression, _):
            let value = try compile(valueExpression)
            let stores = try targets.map { (t) throws(Diagnostic) in try compileStore(t) }
            return { (frame) throws(Diagnostic) in
                let v = try value(frame)
                for store in stores { try store(frame, v) }
                return .next
            }
        case .augmentedAssign(let target, let op, let valueExpression, let range):
            return try compileAugmentedAssign(target, op, valueExpression, at: range)
        case .annotatedAssign(let target, let annotation, let valueExpression, _):
            return try compileAnnotatedAssign(target, annotation, valueExpression)
        case .pass, .global, .nonlocal:
            return { _ in .next }
        case .importModule(let path, let alias, let range):
            let bind = store(alias ?? path[0])
            return { [unowned interpreter] (frame) throws(Diagnostic) in
                // The whole path must exist (`import torch.nnx` fails); the first name is bound.
                let module = try interpreter.module(path, at: range)
                try bind(frame, alias == nil ? try interpreter.module([path[0]], at: range) : module)
                return .next
            }
        case .importFrom, .help, .magic, .shell:
            // Module-level forms with no scoping of their own: run as the interpreter runs them.
            return { [unowned interpreter] (_) throws(Diagnostic) in _ = try interpreter.execute(statement); return .next }
        case .ifStatement(let branches, let orElse, _):
            let tests = try branches.map { (b) throws(Diagnostic) in (try compile(b.condition), b.condition.range, try compileBlock(b.body, source: source)) }
            let otherwise = try orElse.map { (b) throws(Diagnostic) in try compileBlock(b, source: source) }
            return { (frame) throws(Diagnostic) in
                for (condition, range, body) in tests where try condition(frame).truthValue(at: range) {
                    return try body.run(frame)
                }
                return try otherwise?.run(frame) ?? .next
            }
        case .whileStatement(let condition, let body, let orElse, let range):
            let test = try compile(condition), conditionRange = condition.range
            let block = try compileBlock(body, source: source)
            let otherwise = try orElse.map { (b) throws(Diagnostic) in try compileBlock(b, source: source) }
            return { [unowned interpreter] (frame) throws(Diagnostic) in
                while try test(frame).truthValue(at: conditionRange) {
                    if interpreter.cancellation.isCancelled { throw Diagnostic(.interrupt, "", range) }
                    interpreter.collectCyclesIfDue()
                    switch try block.run(frame) {
                    case .breakLoop: return .next
                    case .returnValue(let v): return .returnValue(v)
                    case .next, .continueLoop: continue
                    }
                }
                return try otherwise?.run(frame) ?? .next
            }
        case .forStatement(let target, let iterable, let body, let orElse, let range):
            return try compileFor(target, iterable, body, orElse, at: range, source: source)
        case .breakStatement: return { _ in .breakLoop }
        case .continueStatement: return { _ in .continueLoop }
        case .returnStatement(let value, _):
            guard let value else { return { _ in .returnValue(.none) } }
            let result = try compile(value)
            return { (frame) throws(Diagnostic) in .returnValue(try result(frame)) }
        case .functionDefinition(let definition):
            return try compileFunctionDefinition(definition, source: source)
        case .delete(let targets, _):
            let deletions = try targets.map { (t) throws(Diagnostic) in try compileDelete(t) }
            return { (frame) throws(Diagnostic) in
                for d in deletions { _ = try d(frame) }
                return .next
            }
        case .assert(let test, let message, let range):
            let condition = try compile(test), text = try message.map { (m) throws(Diagnostic) in try compile(m) }
            let testRange = test.range
            return { (frame) throws(Diagnostic) in
                if try condition(frame).truthValue(at: testRange) { return .next }
                let detail = try text.map { (t) throws(Diagnostic) in try t(frame) }
                throw Diagnostic(raising: ExceptionObject(type: .named("AssertionError"), args: detail.map { [$0] } ?? []), at: range)
            }
        case .classDefinition(let c):
            return try compileClassDefinition(c, source: source)
        case .tryStatement(let body, let handlers, let orElse, let finally, _):
            return try compileTry(body, handlers, orElse, finally, source: source)
        case .raise(let exception, let cause, let range):
            return try compileRaise(exception, cause: cause, at: range)
        case .with(let items, let body, _):
            return try compileWith(items, body, source: source)
        }
    }

    /// `for target in iterable:` over any iterable, lazily (``Interpreter/forEach(in:at:_:)``:
    /// a range is counted, a list read live, anything else taken from its iterator).
    private func compileFor(_ target: Expression, _ iterable: Expression, _ body: [Statement], _ orElse: [Statement]?,
                            at range: SourceRange, source: SourceText?) throws(Diagnostic) -> CompiledStatement {
        let interpreter = self.interpreter
        let sequence = try compile(iterable), sequenceRange = iterable.range
        let bind = try compileStore(target)
        let block = try compileBlock(body, source: source)
        let otherwise = try orElse.map { (b) throws(Diagnostic) in try compileBlock(b, source: source) }
        return { [unowned(unsafe) interpreter] (frame) throws(Diagnostic) in
            let value = try sequence(frame)
            let flow = try interpreter.forEach(in: value, at: sequenceRange) { (item) throws(Diagnostic) -> Flow? in
                try bind(frame, item)
                interpreter.collectCyclesIfDue()
                switch try block.run(frame) {
                case .breakLoop: return .next
                case .returnValue(let v): return .returnValue(v)
                case .next, .continueLoop: return nil
                }
            }
            if let flow { return flow }
            return try otherwise?.run(frame) ?? .next
        }
    }

    /// `target: annotation = value`: the value stored, then, in a module or class body,
    /// the annotation evaluated (its errors raised, its value dropped); without a value,
    /// an attribute's object or a subscript's object and index evaluated, as CPython does.
    private func compileAnnotatedAssign(
        _ target: Expression, _ annotation: Expression, _ valueExpression: Expression?
    ) throws(Diagnostic) -> CompiledStatement {
        typealias Step = (Frame) throws(Diagnostic) -> Void
        let annotationValue = scope.kind.evaluatesVariableAnnotations ? try compile(annotation) : nil
        var assignment: Step?
        if let valueExpression {
            let value = try compile(valueExpression), store = try compileStore(target)
            assignment = { (frame) throws(Diagnostic) in try store(frame, try value(frame)) }
        } else if case .attribute(let base, _, _, _) = target {
            let object = try compile(base)
            assignment = { (frame) throws(Diagnostic) in _ = try object(frame) }
        } else if case .subscription(let base, let items, _) = target {
            let container = try compile(base), indices = try compileIndexItems(items)
            assignment = { (frame) throws(Diagnostic) in
                _ = try container(frame)
                _ = try indices(frame)
            }
        }
        return { (frame) throws(Diagnostic) in
            try assignment?(frame)
            if let annotationValue { _ = try annotationValue(frame) }
            return .next
        }
    }

    /// `target op= value`: the target's parts are evaluated once.
    private func compileAugmentedAssign(_ target: Expression, _ op: String, _ valueExpression: Expression,
                                        at range: SourceRange) throws(Diagnostic) -> CompiledStatement {
        let interpreter = self.interpreter
        let value = try compile(valueExpression)
        switch target {
        case .name(let name, let nameRange):
            let read = load(name, at: nameRange), write = store(name)
            let integer = Self.integerOperation(op) ?? { _, _ in nil }
            return { [unowned(unsafe) interpreter] (frame) throws(Diagnostic) in
                let current = try read(frame), rhs = try value(frame)
                if case .int(let x) = current, case .int(let y) = rhs, let result = integer(x, y) {
                    try write(frame, .int(result))
                } else {
                    try write(frame, try interpreter.augmentedValue(op, current, rhs, at: range))
                }
                return .next
            }
        case .attribute(let base, let name, let nameRange, _):
            let object = try compile(base)
            return { [unowned interpreter] (frame) throws(Diagnostic) in
                let o = try object(frame)
                let current = try interpreter.attribute(of: o, name, at: nameRange)
                let result = try interpreter.augmentedValue(op, current, try value(frame), at: range)
                try interpreter.setAttribute(o, name, result, at: nameRange)
                return .next
            }
        case .subscription(let base, let items, let subscriptRange):
            let container = try compile(base), indices = try compileIndexItems(items)
            return { [unowned interpreter] (frame) throws(Diagnostic) in
                let c = try container(frame), i = try indices(frame)
                let current = try interpreter.getItem(c, i, at: subscriptRange)
                let result = try interpreter.augmentedValue(op, current, try value(frame), at: range)
                try interpreter.setItem(c, i, result, at: subscriptRange)
                return .next
            }
        default:
            throw Diagnostic(.syntax, "'\(target)' is an illegal expression for augmented assignment", target.range)
        }
    }

    /// Compiles an assignment target.
    func compileStore(_ target: Expression) throws(Diagnostic) -> CompiledStore {
        let interpreter = self.interpreter
        switch target {
        case .name(let name, _):
            return store(name)
        case .attribute(let base, let name, let nameRange, _):
            let object = try compile(base)
            return { [unowned interpreter] (frame, value) throws(Diagnostic) in
                try interpreter.setAttribute(try object(frame), name, value, at: nameRange)
            }
        case .subscription(let base, let items, let range):
            let container = try compile(base), indices = try compileIndexItems(items)
            return { [unowned interpreter] (frame, value) throws(Diagnostic) in
                let c = try container(frame)
                try interpreter.setItem(c, try indices(frame), value, at: range)
            }
        case .tuple(let items, let range), .list(let items, let range):
            let starIndex = items.firstIndex { if case .starred = $0 { true } else { false } }
            let stores = try items.map { (item) throws(Diagnostic) -> CompiledStore in
                if case .starred(let inner, _) = item { return try compileStore(inner) }
                return try compileStore(item)
            }
            return { [unowned interpreter] (frame, value) throws(Diagnostic) in
                guard let star = starIndex else {
                    let values = try interpreter.unpack(value, count: stores.count, at: range)
                    for (store, v) in zip(stores, values) { try store(frame, v) }
                    return
                }
                let values = try interpreter.items(of: value, at: range)
                let fixed = stores.count - 1
                guard values.count >= fixed else {
                    throw Diagnostic(.value, "not enough values to unpack (expected at least \(fixed), got \(values.count))", range)
                }
                let restCount = values.count - fixed
                for i in 0..<star { try stores[i](frame, values[i]) }
                try stores[star](frame, .newList(Array(values[star..<(star + restCount)])))
                for i in (star + 1)..<stores.count { try stores[i](frame, values[i - 1 + restCount]) }
            }
        default:
            throw Diagnostic(.syntax, "cannot assign to expression here. Maybe you meant '==' instead of '='?", target.range)
        }
    }

    /// `del target`.
    private func compileDelete(_ target: Expression) throws(Diagnostic) -> CompiledStatement {
        switch target {
        case .name(let name, let range):
            return delete(name, at: range)
        case .attribute(let base, let name, let nameRange, _):
            let interpreter = self.interpreter
            let object = try compile(base)
            return { [unowned interpreter] (frame) throws(Diagnostic) in
                try interpreter.deleteAttribute(try object(frame), name, at: nameRange)
                return .next
            }
        case .tuple(let items, _), .list(let items, _):
            let parts = try items.map { (t) throws(Diagnostic) in try compileDelete(t) }
            return { (frame) throws(Diagnostic) in
                for p in parts { _ = try p(frame) }
                return .next
            }
        case .subscription(let base, let items, let range):
            let interpreter = self.interpreter
            let container = try compile(base), indices = try compileIndexItems(items)
            return { [unowned interpreter] (frame) throws(Diagnostic) in
                let c = try container(frame)
                try interpreter.deleteItem(c, try indices(frame), at: range)
                return .next
            }
        default:
            throw Diagnostic(.notImplemented, "ConvLang deletes names and items only (del x, del d[k]); deleting attributes is not supported yet", target.range)
        }
    }
}
