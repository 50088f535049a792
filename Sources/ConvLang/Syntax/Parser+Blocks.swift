extension Parser {
    // MARK: - Headers and bodies

    /// The 1-based line of an offset, for "on line N" in messages.
    func line(of range: SourceRange) -> Int { source.location(of: range.start).line }

    /// CPython's IndentationError for a header with no indented block after it.
    private func expectedIndentedBlock(after header: String, at start: SourceRange) -> Diagnostic {
        syntaxError(.expectedIndentedBlock(after: header, line: line(of: start)), current.range)
    }

    /// The `:` that ends a block header. CPython insists on it ("expected ':'")
    /// after `def`, `try`, `else` and `finally` whatever follows, and after the other
    /// headers when the line ends there; otherwise the stray token is "invalid syntax".
    mutating func expectColon(forced: Bool) throws(Diagnostic) {
        if current.isSymbol(":") {
            advance()
            return
        }
        if forced || current.kind == .newline || isAtEnd { throw syntaxError(.expected(":"), current.range) }
        throw invalidSyntax()
    }

    /// A block's body: the indented lines after the header's line break, or simple
    /// statements on the header's own line (`if x: y = 1`).
    /// - Parameters:
    ///   - header: how CPython names the header in "expected an indented block after
    ///     ... on line N": `'if' statement`, `function definition`, ...
    ///   - start: where the header starts (its line is only looked up for an error).
    mutating func parseBlock(after header: String, at start: SourceRange) throws(Diagnostic) -> [Statement] {
        guard current.kind == .newline else { return try parseSimpleStatements().statements }
        advance()
        guard current.kind == .indent else { throw expectedIndentedBlock(after: header, at: start) }
        advance()
        var body: [Statement] = []
        while current.kind != .dedent && !isAtEnd {
            switch current.kind {
            case .indent: throw unexpectedIndent()
            case .newline: advance()
            default: body += try parseStatement().statements
            }
        }
        if current.kind == .dedent { advance() }
        return body
    }

    /// The range from `start` to the end of the last statement of the last
    /// non-empty body.
    static func range(from start: SourceRange, through bodies: [Statement]?...) -> SourceRange {
        for body in bodies.reversed() {
            if let last = body?.last { return start.union(last.range) }
        }
        return start
    }

    /// `else:` and its body.
    private mutating func parseElse() throws(Diagnostic) -> [Statement] {
        let header = current.range
        advance()
        try expectColon(forced: true)
        return try parseBlock(after: "'else' statement", at: header)
    }

    // MARK: - Frame blocks

    /// Opens `count` of CPython's frame blocks (loops, `try`, `with`, handlers) around
    /// the statement being parsed. Returns where a "too many statically nested
    /// blocks" error belongs among the compiler's errors, if there are now too many.
    mutating func openBlocks(_ count: Int) -> Int? {
        let before = scopes[scopes.count - 1].blocks
        scopes[scopes.count - 1].blocks += count
        return before + count > Self.maxStaticBlocks ? compilerErrors.count : nil
    }

    mutating func closeBlocks(_ count: Int) {
        scopes[scopes.count - 1].blocks -= count
    }

    /// Files the error of ``openBlocks(_:)`` once the statement's range is known.
    mutating func reportBlocks(_ position: Int?, _ range: SourceRange) {
        guard let position else { return }
        compilerErrors.insert(Diagnostic(SyntaxMessage.tooManyNestedBlocks, range), at: position)
    }

    // MARK: - Compound statements

    /// `if`, any `elif`s, an optional `else`.
    mutating func parseIf() throws(Diagnostic) -> Statement {
        let start = current.range
        advance()
        let condition = try parseNamedExpression()
        try expectColon(forced: false)
        var branches = [(condition: condition, body: try parseBlock(after: "'if' statement", at: start))]
        while current.isKeyword("elif") {
            let header = current.range
            advance()
            let condition = try parseNamedExpression()
            try expectColon(forced: false)
            branches.append((condition, try parseBlock(after: "'elif' statement", at: header)))
        }
        let orElse = current.isKeyword("else") ? try parseElse() : nil
        return .ifStatement(branches: branches, orElse: orElse, Self.range(from: start, through: branches.last?.body, orElse))
    }

    mutating func parseWhile() throws(Diagnostic) -> Statement {
        let start = current.range
        advance()
        let condition = try parseNamedExpression()
        try expectColon(forced: false)
        let overflow = openBlocks(1)
        scopes[scopes.count - 1].loops += 1
        let body = try parseBlock(after: "'while' statement", at: start)
        scopes[scopes.count - 1].loops -= 1
        closeBlocks(1)
        let orElse = current.isKeyword("else") ? try parseElse() : nil
        let range = Self.range(from: start, through: body, orElse)
        reportBlocks(overflow, range)
        return .whileStatement(condition: condition, body: body, orElse: orElse, range)
    }

    /// `for target in iterable:` body, optional `else`.
    mutating func parseFor() throws(Diagnostic) -> Statement {
        let start = current.range
        advance()
        let target = try parseTargetList()
        try checkTarget(target, .loop)
        guard current.isKeyword("in") else { throw invalidSyntax() }
        advance()
        let iterable = try parseStarExpressions()
        try expectColon(forced: false)
        let overflow = openBlocks(1)
        checkStarredTarget(target)
        scopes[scopes.count - 1].loops += 1
        let body = try parseBlock(after: "'for' statement", at: start)
        scopes[scopes.count - 1].loops -= 1
        closeBlocks(1)
        let orElse = current.isKeyword("else") ? try parseElse() : nil
        let range = Self.range(from: start, through: body, orElse)
        reportBlocks(overflow, range)
        return .forStatement(target: target, iterable: iterable, body: body, orElse: orElse, range)
    }

    /// `try:` with `except` handlers, `else` and `finally`.
    mutating func parseTry() throws(Diagnostic) -> Statement {
        let start = current.range
        advance()
        try expectColon(forced: true)
        let overflow = openBlocks(1)
        let body = try parseBlock(after: "'try' statement", at: start)
        closeBlocks(1)
        var handlers: [ExceptHandler] = []
        // CPython's compiler refuses a bare `except:` before another handler as it
        // reaches it, before its body.
        var bareHandler: (position: Int, handler: Int)?
        var bareIsNotLast = false
        while current.isKeyword("except") {
            if bareHandler != nil { bareIsNotLast = true }
            let position = compilerErrors.count
            handlers.append(try parseExceptHandler())
            if bareHandler == nil, handlers[handlers.count - 1].type == nil { bareHandler = (position, handlers.count - 1) }
        }
        var orElse: [Statement]?
        if !handlers.isEmpty, current.isKeyword("else") { orElse = try parseElse() }
        var finallyBody: [Statement]?
        if current.isKeyword("finally") {
            let header = current.range
            advance()
            try expectColon(forced: true)
            let overflow = openBlocks(1)
            let finallyStart = previous.range
            finallyBody = try parseBlock(after: "'finally' statement", at: header)
            closeBlocks(1)
            reportBlocks(overflow, Self.range(from: finallyStart, through: finallyBody))
        }
        if handlers.isEmpty && finallyBody == nil {
            throw syntaxError(.expectedExceptOrFinally, current.range)
        }
        if let (position, handler) = bareHandler, bareIsNotLast {
            compilerErrors.insert(Diagnostic(SyntaxMessage.defaultExceptNotLast, handlers[handler].range), at: position)
        }
        let range = Self.range(from: start, through: body, handlers.last?.body, orElse, finallyBody)
        reportBlocks(overflow, range)
        return .tryStatement(body: body, handlers: handlers, orElse: orElse, finally: finallyBody, range)
    }

    /// `except:`, `except E:`, `except (A, B) as e:`.
    private mutating func parseExceptHandler() throws(Diagnostic) -> ExceptHandler {
        let start = current.range
        advance()
        if current.isSymbol("*") {
            throw Self.unsupported("exception groups (except*)", at: start.union(current.range))
        }
        var type: Expression?
        var name: String?
        if !current.isSymbol(":") && current.kind != .newline {
            let first = try parseExpression()
            type = first
            if current.isSymbol(",") {
                var last = first
                while current.isSymbol(",") {
                    advance()
                    guard startsExpression else { break }
                    last = try parseExpression()
                }
                throw Diagnostic(SyntaxMessage.exceptTypesUnparenthesized, first.range.union(last.range))
            }
            if current.isKeyword("as") {
                advance()
                guard case .name(let n) = current.kind else { throw invalidSyntax() }
                name = n
                advance()
            }
        }
        try expectColon(forced: false)
        let overflow = openBlocks(2)
        let body = try parseBlock(after: "'except' statement", at: start)
        closeBlocks(2)
        let range = Self.range(from: start, through: body)
        reportBlocks(overflow, range)
        return ExceptHandler(type: type, name: name, body: body, range: range)
    }

    /// `with a as b, c:` or, as Python 3.10 allows, `with (a as b, c):`.
    mutating func parseWith() throws(Diagnostic) -> Statement {
        let start = current.range
        advance()
        var items: [(context: Expression, target: Expression?)] = []
        if current.isSymbol("(") {
            let mark = (index, depth, compilerErrors.count, symbolTableErrors.count)
            if let parenthesized = try? parseParenthesizedWithItems() {
                items = parenthesized
            } else {
                (index, depth) = (mark.0, mark.1)
                compilerErrors.removeSubrange(mark.2...)
                symbolTableErrors.removeSubrange(mark.3...)
            }
        }
        if items.isEmpty {
            repeat {
                if !items.isEmpty { advance() }
                items.append(try parseWithItem())
            } while current.isSymbol(",")
        }
        try expectColon(forced: false)
        let overflow = openBlocks(items.count)
        for item in items { if let target = item.target { checkStarredTarget(target) } }
        let body = try parseBlock(after: "'with' statement", at: start)
        closeBlocks(items.count)
        let range = Self.range(from: start, through: body)
        reportBlocks(overflow, range)
        return .with(items: items, body: body, range)
    }

    /// `(a as b, c,)` followed by `:`; throws when the brackets are something else,
    /// such as a parenthesized context expression (`with (a, b) as c:`).
    private mutating func parseParenthesizedWithItems() throws(Diagnostic) -> [(context: Expression, target: Expression?)] {
        advance()  // (
        var items: [(context: Expression, target: Expression?)] = []
        while !current.isSymbol(")") {
            items.append(try parseWithItem())
            guard current.isSymbol(",") else { break }
            advance()
        }
        guard current.isSymbol(")"), peek().isSymbol(":"), !items.isEmpty else { throw invalidSyntax() }
        advance()
        return items
    }

    private mutating func parseWithItem() throws(Diagnostic) -> (context: Expression, target: Expression?) {
        let context = try parseExpression()
        guard current.isKeyword("as") else { return (context, nil) }
        advance()
        let target = try parseStarTarget()
        try checkTarget(target, .assignment)
        return (context, target)
    }
}
