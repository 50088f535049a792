/// The arguments of one call, evaluated, with `*` and `**` already unpacked, and where
/// each came from.
struct CallArguments {
    var positional: [(value: Value, range: SourceRange)]
    var keywords: [(name: String, nameRange: SourceRange, value: Value, range: SourceRange)]
    /// The whole call.
    var range: SourceRange
    /// The expression that named the callee.
    var calleeRange: SourceRange

    var positionalValues: [Value] { positional.map(\.value) }
    var keywordValues: [(name: String, value: Value)] { keywords.map { ($0.name, $0.value) } }

    /// The same call with `value` passed first (a bound method's receiver).
    func prepending(_ value: Value) -> CallArguments {
        var copy = self
        copy.positional.insert((value, calleeRange), at: 0)
        return copy
    }
}

/// Anything a call expression can call: builtins, user functions, bound methods and
/// classes (calling a class makes an instance) all go through ``Interpreter/call(_:_:calleeRange:at:)``
/// and then through this one entry point.
protocol Callable {
    /// The parameters, for `help` and inspection; `nil` where they depend on the
    /// receiver (a class's `__init__`).
    var signature: Signature? { get }
    func call(_ arguments: CallArguments, in interpreter: Interpreter) throws(Diagnostic) -> Value
}

extension UserFunction: Callable {
    var signature: Signature? { code.signature }

    func call(_ arguments: CallArguments, in interpreter: Interpreter) throws(Diagnostic) -> Value {
        if interpreter.cancellation.isCancelled { throw Diagnostic(.interrupt, "", arguments.range) }
        return try interpreter.call(self, positional: arguments.positionalValues, keywords: arguments.keywordValues, at: arguments.range)
    }
}

extension BoundMethod: Callable {
    var signature: Signature? { nil }

    func call(_ arguments: CallArguments, in interpreter: Interpreter) throws(Diagnostic) -> Value {
        try interpreter.callable(for: function, at: arguments.calleeRange).call(arguments.prepending(receiver), in: interpreter)
    }
}

extension ClassObject: Callable {
    var signature: Signature? { nil }

    func call(_ arguments: CallArguments, in interpreter: Interpreter) throws(Diagnostic) -> Value {
        try interpreter.instantiate(self, arguments)
    }
}

/// A builtin with the receiver it was read from (`x.size`, a layer called as a
/// function), or none.
struct BuiltinCall: Callable {
    let builtin: Builtin
    var receiver: Value?

    var signature: Signature? { builtin.signature }

    func call(_ arguments: CallArguments, in interpreter: Interpreter) throws(Diagnostic) -> Value {
        if case .aten(let overloads) = builtin.argumentParser, overloads.count > 1 {
            let positional = arguments.positional.map(\.value)
            let keywords = arguments.keywords.map { (name: $0.name, value: $0.value) }
            if !overloads.contains(where: { $0.accepts(positional: positional, keywords: keywords) }) {
                throw Diagnostic(.type, ATenSignature.invalidCombination(function: builtin.name, signatures: overloads,
                                                                         positional: positional, keywords: keywords),
                                 arguments.range)
            }
        }
        var bound = try Call(builtin: builtin, interpreter: interpreter, range: arguments.range,
                             positional: arguments.positional.map { ($0.value, $0.range) }, keywords: arguments.keywords)
        bound.receiver = receiver
        if interpreter.cancellation.isCancelled { throw Diagnostic(.interrupt, "", arguments.range) }
        let result: Value
        // An error with no place of its own (a host library's, such as a widget's
        // TraitError) is the call's, so that its traceback points at the call.
        do { result = try builtin.body(&bound) } catch { throw error.range == nil ? error.placed(at: arguments.range) : error }
        try EngineCall.checkOverdraft(at: arguments.range)
        guard !builtin.setsItsOwnGradMode, !GradientGuard.graphFreeBuiltins.contains(builtin.qualifiedName) else { return result }
        var inputs = arguments.positional.map(\.value) + arguments.keywords.map(\.value)
        if let name = GradientGuard.shapeOnlyArguments[builtin.qualifiedName], case .tensor(let shapeOnly) = bound[name] {
            inputs.removeAll { if case .tensor(let box) = $0 { box === shapeOnly } else { false } }
        }
        if let receiver { inputs.append(receiver) }
        let operation = if case .nnModule(let module)? = receiver { module.className } else { builtin.qualifiedName }
        return try interpreter.checkRecorded(result, inputs: inputs, operation: operation, at: arguments.range)
    }
}

extension Builtin {
    /// The parameters as a ``Signature`` (for inspection; calls bind through ``Call``,
    /// which also keeps each argument's source range).
    var signature: Signature {
        Signature(name: name, parameters: parameters.map { p in
            let kind: Signature.Parameter.Kind = p.collectsKeywords ? .variadicKeyword : p.isVariadic ? .variadicPositional
                : p.isPositionalOnly ? .positionalOnly : p.isKeywordOnly ? .keywordOnly : .positionalOrKeyword
            return Signature.Parameter(name: p.name, kind: kind, hasDefault: p.defaultValue != nil)
        })
    }
}

extension Interpreter {
    /// What calling `callee` runs.
    /// - Throws: TypeError "'x' object is not callable".
    func callable(for callee: Value, at calleeRange: SourceRange) throws(Diagnostic) -> any Callable {
        switch callee {
        case .userFunction(let f): return f
        case .function(let f): return BuiltinCall(builtin: f)
        case .boundMethod(let m): return m
        case .classObject(let c): return c
        case .method(let base, let name):
            guard let method = MemberRegistry.method(name, of: base) else {
                throw Diagnostic(.attribute, "'\(base.typeName)' object has no attribute '\(name)'", calleeRange)
            }
            return BuiltinCall(builtin: method, receiver: base)
        case .nnModule(let module):
            if let cls = module.userClass { return try userModuleForward(module, cls, at: calleeRange) }
            return BuiltinCall(builtin: ModuleMembers.forward(of: module), receiver: callee)
        case .numpyDType(let type) where type.isScalarType:
            return BuiltinCall(builtin: NumpyBuiltins.scalarConstructor(type))
        case .exceptionType(let type):
            return ExceptionTypeCall(type: type)
        case .gradMode(let manager):
            return GradModeDecoration(manager: manager)
        case .instance(let object):
            if let method = try boundDunder(object, "__call__", at: calleeRange) { return try callable(for: method, at: calleeRange) }
        default:
            break
        }
        throw Diagnostic(.type, "'\(callee.typeName)' object is not callable", calleeRange)
    }
}

/// Calling an exception class makes an exception (`ValueError('bad')`).
struct ExceptionTypeCall: Callable {
    let type: ExceptionType
    var signature: Signature? { nil }

    func call(_ arguments: CallArguments, in interpreter: Interpreter) throws(Diagnostic) -> Value {
        try interpreter.instantiate(type, positional: arguments.positionalValues, keywords: arguments.keywords.count, at: arguments.range)
    }
}

/// `@torch.no_grad()` used as a decorator: the function, run under the manager.
struct GradModeDecoration: Callable {
    let manager: GradModeManager
    var signature: Signature? { nil }

    func call(_ arguments: CallArguments, in interpreter: Interpreter) throws(Diagnostic) -> Value {
        guard arguments.positional.count == 1, arguments.keywords.isEmpty, GradModeBuiltins.isFunction(arguments.positional[0].value) else {
            throw Diagnostic(.type, "'\(manager.className)' object is not callable with these arguments: it decorates one function", arguments.range)
        }
        return GradModeBuiltins.decorated(arguments.positional[0].value, by: manager)
    }
}
