extension Compiler {
    /// `class Name(bases): body`: runs the body in a fresh namespace (its functions
    /// become methods), makes the class (C3 MRO over the bases), fills the implicit
    /// `__class__` cell its methods use for `super()`, applies the decorators and binds
    /// the name.
    func compileClassDefinition(_ definition: ClassDefinition, source: SourceText?) throws(Diagnostic) -> CompiledStatement {
        let interpreter = self.interpreter
        guard definition.keywords.isEmpty else {
            throw Diagnostic(.notImplemented, "ConvLang does not take keywords in a class statement (metaclass=...) yet", definition.headerRange)
        }
        let qualified = qualifiedPrefix + definition.name
        guard let child = scope.children[definition.range.start] else {
            throw Diagnostic(.runtime, "internal: the class has no scope", definition.range)
        }
        // The body's frame is named after the class in tracebacks, as CPython's is.
        let bodyCompiler = Compiler(interpreter: interpreter, scope: child, qualifiedPrefix: qualified + ".",
                                    origin: origin.function(definition.name, parameters: [], at: definition.range))
        let body = try bodyCompiler.compileBlock(definition.body, source: source)
        let bases = try definition.bases.map { (b) throws(Diagnostic) -> (CompiledExpression, SourceRange) in
            if case .starred = b { throw Diagnostic(.notImplemented, "ConvLang does not take *bases in a class statement yet", b.range) }
            return (try compile(b), b.range)
        }
        let decorators = try definition.decorators.map { (d) throws(Diagnostic) in (try compile(d), d.range) }
        let cells = closureCells(for: child)
        let hasClassCell = child.cellNames.contains(Scope.classCellName)
        let bind = store(definition.name)
        let name = definition.name, docstring = definition.docstring, header = definition.headerRange
        // `class ShapeError(ValueError): pass`: an exception class of its own (a body of
        // `pass` or a docstring only; methods on exception classes are refused).
        let bodyIsEmpty = definition.body.allSatisfy { statement in
            switch statement {
            case .pass: true
            case .expression(.string): true
            default: false
            }
        }
        return { [unowned interpreter] (frame) throws(Diagnostic) in
            let decoratorValues = try decorators.map { (d) throws(Diagnostic) in (try d.0(frame), d.1) }
            let baseValues = try bases.map { (b) throws(Diagnostic) in (try b.0(frame), b.1) }
            if let exceptionClass = try Self.exceptionClass(name, baseValues, bodyIsEmpty: bodyIsEmpty, at: header) {
                var value = exceptionClass
                for (decorator, range) in decoratorValues.reversed() { value = try interpreter.call(decorator, [value], at: range) }
                try bind(frame, value)
                return .next
            }
            var baseClasses: [ClassObject] = []
            for (base, range) in baseValues {
                let cls = try Self.baseClass(base, at: range)
                if baseClasses.contains(where: { $0.isSame(as: cls) }) {
                    throw Diagnostic(.type, "duplicate base class \(cls.name)", range)
                }
                baseClasses.append(cls)
            }
            let namespace = DictObject()
            namespace.set(.string("__main__"), for: .string("__module__"))
            if let docstring { namespace.set(.string(docstring), for: .string("__doc__")) }
            let classFrame = Frame(slotCount: 0, cells: (hasClassCell ? [Cell()] : []) + cells(frame))
            classFrame.namespace = namespace
            _ = try body.run(classFrame)
            if namespace[.string("__doc__")] == nil { namespace.set(.none, for: .string("__doc__")) }
            if namespace[.string("__eq__")] != nil, namespace[.string("__hash__")] == nil { namespace.set(.none, for: .string("__hash__")) }
            for special in ["__slots__", "__getattribute__", "__delattr__", "__init_subclass__", "__class_getitem__", "__set_name__"]
            where namespace.value(named: special) != nil {
                throw Diagnostic(.notImplemented, "ConvLang does not run classes that define \(special) yet", header)
            }
            let cls = ClassObject(name: name, qualifiedName: qualified, module: "__main__",
                                  bases: baseClasses.isEmpty ? [BuiltinTypes.object] : baseClasses, namespace: namespace)
            try cls.computeMRO(at: header)
            cls.interpreter = interpreter
            if hasClassCell { classFrame.cells[0].value = .classObject(cls) }
            var value: Value = .classObject(cls)
            for (decorator, range) in decoratorValues.reversed() { value = try interpreter.call(decorator, [value], at: range) }
            try bind(frame, value)
            return .next
        }
    }

    /// The exception class a class statement makes when its bases are exception classes,
    /// or `nil` when none is.
    private static func exceptionClass(_ name: String, _ bases: [(Value, SourceRange)], bodyIsEmpty: Bool,
                                       at header: SourceRange) throws(Diagnostic) -> Value? {
        var types: [ExceptionType] = []
        for (base, _) in bases { if case .exceptionType(let type) = base { types.append(type) } }
        guard !types.isEmpty else { return nil }
        guard types.count == bases.count else {
            throw Diagnostic(.notImplemented, "ConvLang does not mix exception classes with other bases yet", header)
        }
        guard bodyIsEmpty else {
            throw Diagnostic(.notImplemented, "ConvLang does not run methods or attributes in exception classes yet; write `pass` or a docstring", header)
        }
        return .exceptionType(ExceptionType(name, types, module: "__main__"))
    }

    /// A base of a class statement: a user's class, `object`, or a builtin type whose
    /// instances ConvLang can make for a subclass.
    private static func baseClass(_ value: Value, at range: SourceRange) throws(Diagnostic) -> ClassObject {
        guard case .classObject(let cls) = value else {
            if case .function(let f) = value, f.qualifiedName.hasPrefix("torch.nn.") {
                throw Diagnostic(.notImplemented, "ConvLang does not subclass \(f.qualifiedName) yet", range)
            }
            throw Diagnostic(.type, "bases must be types, not '\(value.typeName)'", range)
        }
        switch cls.instanceKind {
        case .object: return cls
        case .module: return cls
        case .value: throw Diagnostic(.notImplemented, "ConvLang does not subclass '\(cls.qualifiedName)' yet", range)
        }
    }

    /// `super()` with no arguments in a method: `super(__class__, first argument)`, read
    /// from the frame as CPython does; any other `super` is called as it is.
    func compileZeroArgumentSuper(_ function: @escaping CompiledExpression, calleeRange: SourceRange, at range: SourceRange) -> CompiledExpression {
        let interpreter = self.interpreter
        let classCell: Int? = if case .free(let i) = scope.binding(of: Scope.classCellName) { i } else { nil }
        let receiver: Scope.Binding? = scope.kind.hasFastLocals ? scope.parameters.first.map { scope.binding(of: $0) } : nil
        return { [unowned interpreter] (frame) throws(Diagnostic) in
            let target = try function(frame)
            guard case .classObject(let superType) = target, superType === BuiltinTypes.superType else {
                return try interpreter.call(target, [], at: range)
            }
            let first: Value?
            switch receiver {
            case .local(let slot)?: first = frame.slots[slot]
            case .cell(let i)?, .free(let i)?: first = frame.cells[i].value
            default: throw Diagnostic(.runtime, "super(): no arguments", range)
            }
            guard let classCell else { throw Diagnostic(.runtime, "super(): __class__ cell not found", range) }
            guard let first else { throw Diagnostic(.runtime, "super(): arg[0] deleted", range) }
            guard case .classObject(let start)? = frame.cells[classCell].value else {
                throw Diagnostic(.runtime, "super(): empty __class__ cell", range)
            }
            return try TypeBuiltins.makeSuper(start, first, at: range)
        }
    }
}
