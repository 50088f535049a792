extension Parser {
    // MARK: - Decorators, functions and classes

    /// `@decorator` lines, then the `def` or `class` they decorate.
    mutating func parseDecorated() throws(Diagnostic) -> Statement {
        var decorators: [Expression] = []
        while current.isSymbol("@") {
            advance()
            decorators.append(try parseNamedExpression())
            guard current.kind == .newline else { throw invalidSyntax() }
            advance()
        }
        if current.isKeyword("def") { return try parseFunctionDefinition(decorators: decorators) }
        if current.isKeyword("class") { return try parseClassDefinition(decorators: decorators) }
        if current.isKeyword("async") {
            throw Self.unsupported("coroutines (async def, async for, async with, await)", at: current.range)
        }
        throw invalidSyntax()
    }

    /// `def name(parameters) -> annotation:` and its body.
    mutating func parseFunctionDefinition(decorators: [Expression]) throws(Diagnostic) -> Statement {
        let start = current.range
        advance()
        guard case .name(let name) = current.kind else { throw invalidSyntax() }
        advance()
        guard current.isSymbol("(") else { throw syntaxError(.expected("("), current.range) }
        advance()
        let parameters = try parseParameters(closing: ")", annotations: true)
        advance()  // )
        var returnAnnotation: Expression?
        if current.isSymbol("->") {
            advance()
            returnAnnotation = try parseExpression()
        }
        try expectColon(forced: true)
        let headerRange = start.union(previous.range)
        scopes.append(SyntaxScope(kind: .function, parameters: Set(parameters.map(\.name))))
        let body = try parseBlock(after: "function definition", at: start)
        scopes.removeLast()
        return .functionDefinition(FunctionDefinition(
            name: name, parameters: parameters, body: body, docstring: Self.docstring(of: body), decorators: decorators,
            headerRange: headerRange, range: Self.range(from: start, through: body), returnAnnotation: returnAnnotation))
    }

    /// `class Name(bases, keyword=value):` and its body.
    mutating func parseClassDefinition(decorators: [Expression]) throws(Diagnostic) -> Statement {
        let start = current.range
        advance()
        guard case .name(let name) = current.kind else { throw invalidSyntax() }
        advance()
        var bases: [Expression] = []
        var keywords: [CallArgument] = []
        if current.isSymbol("(") {
            for argument in try parseArguments().arguments {
                if argument.name != nil || argument.isDoubleStarred {
                    keywords.append(argument)
                } else if argument.isStarred {
                    bases.append(.starred(argument.value, argument.value.range))
                } else {
                    bases.append(argument.value)
                }
            }
        }
        try expectColon(forced: false)
        let headerRange = start.union(previous.range)
        scopes.append(SyntaxScope(kind: .classBody))
        let body = try parseBlock(after: "class definition", at: start)
        scopes.removeLast()
        return .classDefinition(ClassDefinition(
            name: name, bases: bases, body: body, docstring: Self.docstring(of: body), decorators: decorators,
            headerRange: headerRange, range: Self.range(from: start, through: body), keywords: keywords))
    }

    /// The string a body starts with, as Python takes it for `__doc__`.
    static func docstring(of body: [Statement]) -> String? {
        if case .expression(.string(let text, _))? = body.first { return text }
        return nil
    }

    /// `lambda parameters: body`.
    mutating func parseLambda() throws(Diagnostic) -> Expression {
        let start = current.range
        advance()
        let parameters = try parseParameters(closing: ":", annotations: false)
        advance()  // :
        scopes.append(SyntaxScope(kind: .lambda, parameters: Set(parameters.map(\.name))))
        let body = try parseExpression()
        scopes.removeLast()
        return .lambda(parameters: parameters, body: body, start.union(previous.range))
    }

    // MARK: - Parameters

    /// The parameters of a `def` (up to its `)`) or a `lambda` (up to its `:`), left
    /// unread: positional ones with defaults, `/`, `*` or `*args`, keyword-only ones,
    /// `**kwargs`, with CPython's errors for every misplaced part.
    mutating func parseParameters(closing: String, annotations: Bool) throws(Diagnostic) -> [ParameterSyntax] {
        var parameters: [ParameterSyntax] = []
        var sawDefault = false
        var sawSlash = false
        var star: Token?
        var doubleStar = false
        var names: Set<String> = []
        while !current.isSymbol(closing) {
            if doubleStar {
                throw Diagnostic(SyntaxMessage.argumentsAfterVarKeyword, current.range)
            }
            let token = current
            if token.isSymbol("/") {
                if star != nil { throw Diagnostic(SyntaxMessage.slashAfterStar, token.range) }
                if sawSlash { throw Diagnostic(SyntaxMessage.slashTwice, token.range) }
                if parameters.isEmpty { throw Diagnostic(SyntaxMessage.slashFirst, token.range) }
                for i in parameters.indices { parameters[i].isPositionalOnly = true }
                sawSlash = true
                advance()
            } else if token.isSymbol("*") {
                if star != nil {
                    if case .name = peek().kind { throw Diagnostic(SyntaxMessage.starTwice, token.range) }
                    if peek().isSymbol(",") { throw Diagnostic(SyntaxMessage.starTwice, token.range) }
                    throw invalidSyntax()
                }
                star = token
                advance()
                if case .name(let name) = current.kind {
                    let parameter = try parseParameter(name, kind: .variadicPositional, annotations: annotations)
                    if current.isSymbol("=") {
                        throw Diagnostic(SyntaxMessage.varPositionalDefault, current.range)
                    }
                    parameters.append(parameter)
                } else if current.isSymbol(closing) || (current.isSymbol(",") && (peek().isSymbol(closing) || peek().isSymbol("**"))) {
                    // CPython places it at the `*` in a `def`, after it in a `lambda`.
                    let at = closing == ")" ? token.range : current.isSymbol(",") ? peek().range : current.range
                    throw Diagnostic(SyntaxMessage.bareStarWithoutNames, at)
                } else if !current.isSymbol(",") {
                    throw invalidSyntax()
                }
            } else if token.isSymbol("**") {
                advance()
                guard case .name(let name) = current.kind else { throw invalidSyntax() }
                let parameter = try parseParameter(name, kind: .variadicKeyword, annotations: annotations)
                if current.isSymbol("=") {
                    throw Diagnostic(SyntaxMessage.varKeywordDefault, current.range)
                }
                parameters.append(parameter)
                doubleStar = true
            } else if case .name(let name) = token.kind {
                var parameter = try parseParameter(name, kind: star == nil ? .regular : .keywordOnly, annotations: annotations)
                if current.isSymbol("=") {
                    advance()
                    let value = try parseExpression()
                    parameter.defaultValue = value
                    parameter.range = parameter.range.union(value.range)
                    if star == nil { sawDefault = true }
                } else if star == nil && sawDefault {
                    throw Diagnostic(SyntaxMessage.nonDefaultAfterDefault, token.range)
                }
                parameters.append(parameter)
            } else {
                throw invalidSyntax()
            }
            if let last = parameters.last, last.range.start >= token.range.start, !names.insert(last.name).inserted {
                symbolTableErrors.append(Diagnostic(SyntaxMessage.duplicateArgument(last.name),
                                                    SourceRange(last.range.start, last.range.start + last.name.utf8.count)))
            }
            if current.isSymbol(",") {
                advance()
            } else if !current.isSymbol(closing) {
                throw invalidSyntax()
            }
        }
        return parameters
    }

    /// A parameter's name and, in a `def`, its annotation.
    private mutating func parseParameter(_ name: String, kind: ParameterSyntax.Kind, annotations: Bool) throws(Diagnostic) -> ParameterSyntax {
        let range = current.range
        advance()
        var parameter = ParameterSyntax(name: name, kind: kind, isPositionalOnly: false, defaultValue: nil, range: range)
        if annotations, current.isSymbol(":") {
            advance()
            let annotation = try parseExpression()
            parameter.annotation = annotation
        }
        return parameter
    }
}
