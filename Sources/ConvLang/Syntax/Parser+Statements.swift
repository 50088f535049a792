extension Parser {
    // MARK: - Program and statement lines

    mutating func parseProgram() throws(Diagnostic) -> Program {
        var statements: [Statement] = []
        var endsWithSemicolon = false
        while !isAtEnd {
            switch current.kind {
            case .newline, .dedent:
                advance()
                continue
            case .indent:
                throw unexpectedIndent()
            default:
                break
            }
            let line = try parseStatement()
            statements += line.statements
            endsWithSemicolon = line.endsWithSemicolon
        }
        return Program(statements: statements, endsWithSemicolon: endsWithSemicolon)
    }

    /// CPython's "unexpected indent", with its column: the last character of the
    /// indentation.
    func unexpectedIndent() -> Diagnostic {
        let end = current.range.end
        return Diagnostic(SyntaxMessage.unexpectedIndent, SourceRange(max(end - 1, current.range.start), end))
    }

    /// One compound statement, or one line of simple statements separated by `;`
    /// (whether the line ended with `;` matters to IPython: it hides the value).
    mutating func parseStatement() throws(Diagnostic) -> (statements: [Statement], endsWithSemicolon: Bool) {
        try checkStack()
        if case .keyword(let word) = current.kind {
            switch word {
            case "if": return ([try parseIf()], false)
            case "while": return ([try parseWhile()], false)
            case "for": return ([try parseFor()], false)
            case "try": return ([try parseTry()], false)
            case "with": return ([try parseWith()], false)
            case "def": return ([try parseFunctionDefinition(decorators: [])], false)
            case "class": return ([try parseClassDefinition(decorators: [])], false)
            case "async": throw Self.unsupported("coroutines (async def, async for, async with, await)", at: current.range)
            default: break
            }
        }
        if current.isSymbol("@") { return ([try parseDecorated()], false) }
        return try parseSimpleStatements()
    }

    /// `simple; simple; ...` up to the end of the line.
    mutating func parseSimpleStatements() throws(Diagnostic) -> (statements: [Statement], endsWithSemicolon: Bool) {
        var statements = try parseSimpleStatement()
        var endsWithSemicolon = false
        while current.isSymbol(";") {
            advance()
            endsWithSemicolon = true
            if current.kind == .newline || isAtEnd { break }
            endsWithSemicolon = false
            statements += try parseSimpleStatement()
        }
        guard current.kind == .newline || isAtEnd else { throw try trailingTokenError(after: statements.last) }
        advance()
        return (statements, endsWithSemicolon)
    }

    /// The error for a token left over after a statement: CPython's "Missing
    /// parentheses in call to 'print'" for Python 2's `print x`, else "invalid syntax".
    private mutating func trailingTokenError(after statement: Statement?) throws(Diagnostic) -> Diagnostic {
        if case .expression(.name(let name, let range))? = statement, ["print", "exec"].contains(name), startsExpression {
            let mark = index
            let errors = compilerErrors.count
            if let argument = try? parseStarExpressions() {
                return Diagnostic(SyntaxMessage.missingParentheses(call: name), range.union(argument.range))
            }
            index = mark
            compilerErrors.removeSubrange(errors...)
        }
        return invalidSyntax()
    }

    /// One simple statement (`import a, b` gives one per module).
    mutating func parseSimpleStatement() throws(Diagnostic) -> [Statement] {
        let start = current.range
        switch current.kind {
        case .magic(let name, let argument):
            advance()
            return [.magic(name: name, argument: argument, cellBody: nil, start)]
        case .shell(let command):
            advance()
            return [.shell(command, start)]
        case .keyword(let word):
            switch word {
            case "import": return try parseImport()
            case "from": return [try parseFromImport()]
            case "pass": advance(); return [.pass(start)]
            case "break", "continue": return [parseLoopControl(word)]
            case "return": return [try parseReturn()]
            case "raise": return [try parseRaise()]
            case "assert": return [try parseAssert()]
            case "del": return [try parseDelete()]
            case "global", "nonlocal": return [try parseDeclaration(word)]
            case "True", "False", "None", "not", "lambda", "yield", "await": break
            default: throw invalidSyntax()
            }
        case .symbol("?"):
            advance()
            let detailLevel = current.isSymbol("?") ? 1 : 0
            while current.isSymbol("?") { advance() }
            let target = try parseExpression()
            while current.isSymbol("?") { advance() }
            return [.help(target, detailLevel: detailLevel, start.union(target.range))]
        default:
            break
        }
        return [try parseExpressionStatement()]
    }

    // MARK: - Expressions and assignments

    /// An expression, `name?` help, an assignment (`a = b = c`, `a, *b = c`), an
    /// augmented assignment, or an annotated one (`x: int = 1`, kept as `x = 1`).
    private mutating func parseExpressionStatement() throws(Diagnostic) -> Statement {
        let start = current.range
        let first = try parseStarExpressionsOrYield()
        if current.isSymbol("?") {
            let end = current.range
            advance()
            let detailLevel = current.isSymbol("?") ? 1 : 0
            if current.isSymbol("?") { advance() }
            return .help(first, detailLevel: detailLevel, first.range.union(end))
        }
        if case .symbol(let op) = current.kind, Self.augmentedOperators.contains(op) {
            try checkAugmentedTarget(first)
            advance()
            let value = try parseStarExpressionsOrYield()
            return .augmentedAssign(target: first, op: String(op.dropLast()), value: value, start.union(previous.range))
        }
        if current.isSymbol(":") { return try parseAnnotatedAssignment(first, start: start) }
        if current.isSymbol("=") {
            var targets = [first]
            var value = first
            while current.isSymbol("=") {
                advance()
                value = try parseStarExpressionsOrYield()
                targets.append(value)
            }
            targets.removeLast()
            try checkAssignmentTargets(targets, value: value)
            return .assign(targets: targets, value: value, start.union(previous.range))
        }
        checkNotStarred(first)
        return .expression(first)
    }

    static let augmentedOperators: Set<String> = ["+=", "-=", "*=", "/=", "**=", "@=", "//=", "%=", "&=", "|=", "^=", "<<=", ">>="]

    /// `target: annotation` or `target: annotation = value`.
    private mutating func parseAnnotatedAssignment(_ target: Expression, start: SourceRange) throws(Diagnostic) -> Statement {
        switch target {
        case .name, .attribute, .subscription:
            break
        case .tuple(let items, let range) where !Self.isParenthesized(items, range):
            throw Diagnostic(SyntaxMessage.onlySingleTarget("tuple"), target.range)
        case .tuple, .list:
            throw Diagnostic(SyntaxMessage.onlySingleTarget(Self.describe(target)), target.range)
        default:
            throw Diagnostic(SyntaxMessage.illegalAnnotationTarget, target.range)
        }
        advance()  // :
        let annotation = try parseExpression()
        guard current.isSymbol("=") else {
            return .annotatedAssign(target: target, annotation: annotation, value: nil, start.union(previous.range))
        }
        advance()
        let value = try parseStarExpressionsOrYield()
        return .annotatedAssign(target: target, annotation: annotation, value: value, start.union(previous.range))
    }

    // MARK: - Imports

    private mutating func parseDottedName() throws(Diagnostic) -> ([String], SourceRange) {
        var parts: [String] = []
        let start = current.range
        var end = start
        repeat {
            if !parts.isEmpty { advance() }
            guard case .name(let part) = current.kind else { throw invalidSyntax("expected a module name") }
            parts.append(part)
            end = current.range
            advance()
        } while current.isSymbol(".")
        return (parts, start.union(end))
    }

    /// `import a.b as c, d`: one statement per module.
    private mutating func parseImport() throws(Diagnostic) -> [Statement] {
        var start = current.range
        advance()
        var statements: [Statement] = []
        repeat {
            if !statements.isEmpty {
                advance()
                start = current.range
            }
            let (path, range) = try parseDottedName()
            var alias: String?
            var end = range
            if current.isKeyword("as") {
                advance()
                guard case .name(let name) = current.kind else { throw invalidSyntax() }
                alias = name
                end = current.range
                advance()
            }
            statements.append(.importModule(path: path, alias: alias, start.union(end)))
        } while current.isSymbol(",")
        return statements
    }

    private mutating func parseFromImport() throws(Diagnostic) -> Statement {
        let start = current.range
        advance()
        let (path, _) = try parseDottedName()
        guard current.isKeyword("import") else { throw invalidSyntax() }
        advance()
        let parenthesised = current.isSymbol("(")
        if parenthesised { advance() }
        var names: [(String, String?)] = []
        var end = current.range
        repeat {
            if !names.isEmpty { advance() }
            if parenthesised, current.isSymbol(")") { break }
            if current.isSymbol("*") {
                names.append(("*", nil))
                end = current.range
                advance()
                continue
            }
            guard case .name(let name) = current.kind else { throw invalidSyntax() }
            end = current.range
            advance()
            var alias: String?
            if current.isKeyword("as") {
                advance()
                guard case .name(let a) = current.kind else { throw invalidSyntax() }
                alias = a
                end = current.range
                advance()
            }
            names.append((name, alias))
        } while current.isSymbol(",")
        if parenthesised {
            guard current.isSymbol(")") else { throw invalidSyntax() }
            end = current.range
            advance()
        }
        return .importFrom(path: path, names: names, start.union(end))
    }

    // MARK: - Keyword statements

    /// `break` or `continue`; outside a loop, CPython's compiler refuses them.
    private mutating func parseLoopControl(_ word: String) -> Statement {
        let range = current.range
        advance()
        if scopes[scopes.count - 1].loops == 0 {
            compilerErrors.append(Diagnostic(word == "break" ? SyntaxMessage.breakOutsideLoop : .continueOutsideLoop, range))
        }
        return word == "break" ? .breakStatement(range) : .continueStatement(range)
    }

    private mutating func parseReturn() throws(Diagnostic) -> Statement {
        let start = current.range
        advance()
        var value: Expression?
        if startsExpression { value = try parseStarExpressions() }
        let range = start.union(value?.range ?? start)
        if scopes[scopes.count - 1].kind != .function {
            compilerErrors.append(Diagnostic(SyntaxMessage.returnOutsideFunction, range))
        }
        if let value { checkNotStarred(value) }
        return .returnStatement(value, range)
    }

    /// `raise`, `raise E`, `raise E from cause`.
    private mutating func parseRaise() throws(Diagnostic) -> Statement {
        let start = current.range
        advance()
        guard startsExpression else { return .raise(nil, cause: nil, start) }
        let exception = try parseExpression()
        var cause: Expression?
        if current.isKeyword("from") {
            advance()
            cause = try parseExpression()
        }
        return .raise(exception, cause: cause, start.union(cause?.range ?? exception.range))
    }

    /// `assert condition` or `assert condition, message`.
    private mutating func parseAssert() throws(Diagnostic) -> Statement {
        let start = current.range
        advance()
        let condition = try parseExpression()
        var message: Expression?
        if current.isSymbol(",") {
            advance()
            message = try parseExpression()
        }
        return .assert(condition, message: message, start.union(message?.range ?? condition.range))
    }

    /// `del a, b[0], c.d`.
    private mutating func parseDelete() throws(Diagnostic) -> Statement {
        let start = current.range
        advance()
        var targets: [Expression] = []
        repeat {
            if !targets.isEmpty {
                advance()
                if !startsExpression { break }
            }
            targets.append(try parseStarExpression())
        } while current.isSymbol(",")
        for target in targets { try checkTarget(target, .deletion) }
        return .delete(targets, start.union(targets[targets.count - 1].range))
    }

    /// `global a, b` or `nonlocal a, b`, with the checks CPython's symbol table makes
    /// on the spot (at module level; of a parameter).
    private mutating func parseDeclaration(_ word: String) throws(Diagnostic) -> Statement {
        let start = current.range
        advance()
        var names: [String] = []
        var end = start
        repeat {
            if !names.isEmpty { advance() }
            guard case .name(let name) = current.kind else { throw invalidSyntax() }
            names.append(name)
            end = current.range
            advance()
        } while current.isSymbol(",")
        let range = start.union(end)
        let scope = scopes[scopes.count - 1]
        if word == "nonlocal" && scope.kind == .module {
            symbolTableErrors.append(Diagnostic(SyntaxMessage.nonlocalAtModuleLevel, range))
        }
        for name in names where scope.parameters.contains(name) {
            symbolTableErrors.append(Diagnostic(SyntaxMessage.parameterAnd(name: name, declaration: word), range))
        }
        return word == "global" ? .global(names, range) : .nonlocal(names, range)
    }
}
