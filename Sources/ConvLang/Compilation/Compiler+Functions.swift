extension Compiler {
    /// The signature and the frame binding of each parameter of an inner scope.
    func signature(_ name: String, _ parameters: [ParameterSyntax], in child: Scope) -> (Signature, [Scope.Binding]) {
        let kinds: [ParameterSyntax.Kind: Signature.Parameter.Kind] = [
            .regular: .positionalOrKeyword, .variadicPositional: .variadicPositional,
            .keywordOnly: .keywordOnly, .variadicKeyword: .variadicKeyword,
        ]
        let entries = parameters.map { p in
            Signature.Parameter(name: p.name, kind: p.isPositionalOnly ? .positionalOnly : kinds[p.kind]!, hasDefault: p.defaultValue != nil)
        }
        return (Signature(name: name, parameters: entries), parameters.map { child.binding(of: $0.name) })
    }

    /// The parameter names as CPython's code object lists them (positional, keyword-only,
    /// `*args`, `**kwargs`), which IPython shows in a frame's heading.
    static func frameParameterNames(_ parameters: [ParameterSyntax]) -> [String] {
        let order: [ParameterSyntax.Kind] = [.regular, .keywordOnly, .variadicPositional, .variadicKeyword]
        return order.flatMap { kind in parameters.filter { $0.kind == kind }.map { kind == .variadicPositional ? "*" + $0.name : kind == .variadicKeyword ? "**" + $0.name : $0.name } }
    }

    /// Evaluates the defaults where the function is defined (once, as Python does).
    func compileDefaults(_ parameters: [ParameterSyntax]) throws(Diagnostic) -> (Frame) throws(Diagnostic) -> [Value?] {
        var defaults: [CompiledExpression?] = []
        for p in parameters { defaults.append(try p.defaultValue.map { (e) throws(Diagnostic) in try compile(e) }) }
        return { (frame) throws(Diagnostic) in
            var values: [Value?] = []
            for d in defaults { values.append(try d.map { (d) throws(Diagnostic) in try d(frame) }) }
            return values
        }
    }

    /// Evaluates a `def`'s annotations where it is defined, after its defaults, as
    /// CPython (before 3.14) does: the parameters' in order, then the return's; their
    /// errors are raised and their values dropped (ConvLang keeps no `__annotations__`).
    func compileAnnotations(_ definition: FunctionDefinition) throws(Diagnostic) -> (Frame) throws(Diagnostic) -> Void {
        let annotations = try definition.annotations.map { (e) throws(Diagnostic) in try compile(e) }
        return { (frame) throws(Diagnostic) in
            for annotation in annotations { _ = try annotation(frame) }
        }
    }

    /// `lambda params: body`: a function whose body's value is returned.
    func compileLambda(_ parameters: [ParameterSyntax], _ body: Expression, at range: SourceRange) throws(Diagnostic) -> CompiledExpression {
        let lambdaOrigin = origin.lambda(parameters: Self.frameParameterNames(parameters))
        guard let inner = inner(at: range.start, qualifiedName: qualifiedPrefix + "<lambda>", origin: lambdaOrigin) else {
            throw Diagnostic(.runtime, "internal: the lambda has no scope", range)
        }
        let (signature, bindings) = signature(qualifiedPrefix + "<lambda>", parameters, in: inner.scope)
        let code = UserFunction.Code(name: "<lambda>", qualifiedName: qualifiedPrefix + "<lambda>", signature: signature,
                                     scope: inner.scope, parameterBindings: bindings, docstring: nil, header: "lambda", origin: lambdaOrigin)
        let value = try inner.compile(body)
        let returnValue: CompiledStatement = { (frame) throws(Diagnostic) in .returnValue(try value(frame)) }
        code.body = CompiledBlock(statements: [returnValue])
        code.isLambda = true
        let defaults = try compileDefaults(parameters)
        let cells = closureCells(for: inner.scope)
        return { (frame) throws(Diagnostic) in
            .userFunction(UserFunction(code: code, defaults: try defaults(frame), closure: cells(frame)))
        }
    }

    /// `def name(params): body`: binds the function (after its decorators) to its name.
    func compileFunctionDefinition(_ definition: FunctionDefinition, source: SourceText?) throws(Diagnostic) -> CompiledStatement {
        let interpreter = self.interpreter
        let qualified = qualifiedPrefix + definition.name
        let functionOrigin = origin.function(definition.name, parameters: Self.frameParameterNames(definition.parameters), at: definition.range)
        guard let inner = inner(at: definition.range.start, qualifiedName: qualified, origin: functionOrigin) else {
            throw Diagnostic(.runtime, "internal: the function has no scope", definition.range)
        }
        let (signature, bindings) = signature(qualified, definition.parameters, in: inner.scope)
        let header = source.map { String(decoding: $0.bytes[definition.headerRange.start..<min(definition.headerRange.end, $0.bytes.count)], as: UTF8.self) }
            ?? "def \(definition.name)(...)"
        let code = UserFunction.Code(name: definition.name, qualifiedName: qualified, signature: signature, scope: inner.scope,
                                     parameterBindings: bindings, docstring: definition.docstring, header: header, origin: functionOrigin)
        code.body = try inner.compileBlock(definition.body, source: source)
        let defaults = try compileDefaults(definition.parameters)
        let annotations = try compileAnnotations(definition)
        let decorators = try definition.decorators.map { (d) throws(Diagnostic) in (try compile(d), d.range) }
        let cells = closureCells(for: inner.scope)
        let bind = store(definition.name)
        return { [unowned interpreter] (frame) throws(Diagnostic) in
            let decoratorValues = try decorators.map { (d) throws(Diagnostic) in (try d.0(frame), d.1) }
            let defaultValues = try defaults(frame)
            try annotations(frame)
            var function: Value = .userFunction(UserFunction(code: code, defaults: defaultValues, closure: cells(frame)))
            for (decorator, range) in decoratorValues.reversed() {
                function = try interpreter.call(decorator, [Argument(value: function, kind: .positional, range: range)],
                                                calleeRange: range, at: range)
            }
            try bind(frame, function)
            return .next
        }
    }

    /// A list, set or dict comprehension or a generator expression, run in its own
    /// scope: the first iterable is evaluated here, the rest inside. A generator
    /// expression is lazy (``GeneratorState``); the others run to the end at once.
    func compileComprehension(_ c: Comprehension, at range: SourceRange) throws(Diagnostic) -> CompiledExpression {
        let interpreter = self.interpreter
        let qualifiedName = qualifiedPrefix + inner_name(c.kind)
        guard let inner = inner(at: range.start, qualifiedName: qualifiedName),
              case .loop(_, let firstIterable)? = c.clauses.first else {
            throw Diagnostic(.runtime, "internal: the comprehension has no scope", range)
        }
        let outerIterable = try compile(firstIterable), firstRange = firstIterable.range
        let steps = try c.clauses.enumerated().map { (i, clause) throws(Diagnostic) -> ComprehensionStep in
            switch clause {
            case .loop(let target, let iterable):
                return .loop(try inner.compileStore(target), i == 0 ? nil : try inner.compile(iterable), iterable.range)
            case .filter(let condition):
                return .filter(try inner.compile(condition), condition.range)
            }
        }
        let element = try inner.compile(c.element)
        let value = try c.value.map { (v) throws(Diagnostic) in try inner.compile(v) }
        let cells = closureCells(for: inner.scope)
        let slotCount = inner.scope.slotNames.count, ownCells = inner.scope.cellNames.count
        let kind = c.kind
        if kind == .generator {
            return { [unowned interpreter] (frame) throws(Diagnostic) in
                // Python calls iter() on the first iterable where the generator is made.
                let first = try interpreter.iterator(of: try outerIterable(frame), at: firstRange)
                let local = Frame(slotCount: slotCount, cells: (0..<ownCells).map { _ in Cell() } + cells(frame))
                let state = GeneratorState(steps: steps, element: element, frame: local, first: first)
                return .iterator(IteratorObject("generator", qualifiedName: qualifiedName) { interpreter, _ throws(Diagnostic) in
                    try state.next(interpreter)
                })
            }
        }
        return { [unowned interpreter] (frame) throws(Diagnostic) in
            let first = try outerIterable(frame)
            let local = Frame(slotCount: slotCount, cells: (0..<ownCells).map { _ in Cell() } + cells(frame))
            var items: [Value] = []
            let dict = DictObject()
            let set = SetObject()
            func run(_ depth: Int, _ iterable: Value?) throws(Diagnostic) {
                if depth == steps.count {
                    switch kind {
                    case .dict:
                        let key = try element(local)
                        dict.set(try value?(local) ?? .none, for: try Interpreter.hashable(key, at: range))
                    case .set:
                        set.add(try Interpreter.hashable(try element(local), at: range))
                        try Interpreter.checkLength((set.count, false), of: "set", at: range)
                    case .list, .generator:
                        items.append(try element(local))
                    }
                    return
                }
                switch steps[depth] {
                case .loop(let target, let source, let sourceRange):
                    let sequence: Value
                    if let iterable { sequence = iterable } else if let source { sequence = try source(local) } else { return }
                    _ = try interpreter.forEach(in: sequence, at: sourceRange) { (item) throws(Diagnostic) -> Flow? in
                        try target(local, item)
                        try run(depth + 1, nil)
                        return nil
                    }
                case .filter(let condition, let conditionRange):
                    if try condition(local).truthValue(at: conditionRange) { try run(depth + 1, nil) }
                }
            }
            try run(0, first)
            switch kind {
            case .dict: return try interpreter.checkedNesting(.dict(dict), at: range)
            case .set: return .set(set)
            case .list, .generator: return try interpreter.checkedNesting(.newList(items), at: range)
            }
        }
    }

    private func inner_name(_ kind: Comprehension.Kind) -> String {
        switch kind {
        case .list: "<listcomp>"
        case .set: "<setcomp>"
        case .dict: "<dictcomp>"
        case .generator: "<genexpr>"
        }
    }
}
