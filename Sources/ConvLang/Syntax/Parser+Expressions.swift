extension Parser {
    // MARK: - Lists of expressions

    /// `a, *b, c` (a tuple) or a single, possibly starred, expression: Python's
    /// `star_expressions`, as statements, `return` and `for ... in` take them.
    mutating func parseStarExpressions() throws(Diagnostic) -> Expression {
        try parseCommaList { (parser) throws(Diagnostic) in try parser.parseStarExpression() }
    }

    /// `item` once, or several separated by commas (a trailing comma allowed) as a tuple.
    private mutating func parseCommaList(_ item: (inout Parser) throws(Diagnostic) -> Expression) throws(Diagnostic) -> Expression {
        let start = current.range
        let first = try item(&self)
        guard current.isSymbol(",") else { return first }
        var items = [first]
        var end = first.range
        while current.isSymbol(",") {
            end = current.range
            advance()
            if !startsExpression { break }
            items.append(try item(&self))
            end = previous.range
        }
        return .tuple(items, start.union(end))
    }

    /// A right-hand side: ``parseStarExpressions()``, or a `yield` expression.
    mutating func parseStarExpressionsOrYield() throws(Diagnostic) -> Expression {
        current.isKeyword("yield") ? try parseYield() : try parseStarExpressions()
    }

    /// `*iterable` or an expression.
    mutating func parseStarExpression() throws(Diagnostic) -> Expression {
        guard current.isSymbol("*") else { return try parseExpression() }
        let star = current.range
        advance()
        let operand = try parseBinary(level: 0)
        return .starred(operand, star.union(previous.range))
    }

    /// A target of `for` or of a comprehension: `x`, `a, *b`, `(i, j)`, read at the
    /// level of `|` so that the `in` after it is left alone.
    mutating func parseTargetList() throws(Diagnostic) -> Expression {
        try parseCommaList { (parser) throws(Diagnostic) in try parser.parseStarTarget() }
    }

    /// One target: `*name` or an expression at the level of `|`.
    mutating func parseStarTarget() throws(Diagnostic) -> Expression {
        guard current.isSymbol("*") else { return try parseBinary(level: 0) }
        let star = current.range
        advance()
        let operand = try parseBinary(level: 0)
        return .starred(operand, star.union(previous.range))
    }

    /// Whether the current token can start an expression.
    var startsExpression: Bool {
        switch current.kind {
        case .name, .integer, .float, .string, .formattedString: return true
        case .keyword(let k): return ["True", "False", "None", "not", "lambda", "await"].contains(k)
        case .symbol(let s): return ["(", "[", "{", "-", "+", "~", "...", "*"].contains(s)
        default: return false
        }
    }

    /// `yield`, `yield value` or `yield from iterable`: refused inside a function
    /// (ConvLang has no generators), CPython's compile error outside one.
    mutating func parseYield() throws(Diagnostic) -> Expression {
        let start = current.range
        advance()
        var value: Expression = .none(start)
        if current.isKeyword("from") {
            advance()
            value = try parseExpression()
        } else if startsExpression {
            value = try parseStarExpressions()
        }
        let range = start.union(value.range)
        switch scopes[scopes.count - 1].kind {
        case .function, .lambda:
            throw Self.unsupported("generators (yield)", at: start)
        case .module, .classBody:
            compilerErrors.append(Diagnostic(SyntaxMessage.yieldOutsideFunction, range))
            return value
        }
    }

    // MARK: - Expressions by precedence

    /// An expression where Python allows `name := value` (conditions, elements of
    /// displays, decorators). ConvLang refuses `:=`; a lone `=` gets CPython's hint.
    mutating func parseNamedExpression() throws(Diagnostic) -> Expression {
        let value = try parseExpression()
        if current.isSymbol(":=") {
            throw Self.unsupported("assignment expressions (:=)", at: current.range)
        }
        if current.isSymbol("="), Self.isBitwiseLevel(value), !Self.isExcludedFromAssignmentHint(value) {
            let mark = (index, depth, compilerErrors.count)
            advance()
            if let rhs = try? parseBinary(level: 0), !current.isSymbol("="), !current.isSymbol(":=") {
                if case .name = value {
                    throw Diagnostic(SyntaxMessage.comparisonHint, value.range.union(rhs.range))
                }
                throw Diagnostic(SyntaxMessage.cannotAssignComparisonHint(Self.describe(value)), value.range)
            }
            (index, depth) = (mark.0, mark.1)
            compilerErrors.removeSubrange(mark.2...)
        }
        return value
    }

    /// A full expression: `lambda`, or a conditional expression, or below.
    mutating func parseExpression() throws(Diagnostic) -> Expression {
        try enter()
        defer { depth -= 1 }
        if current.isKeyword("lambda") { return try parseLambda() }
        let start = current.range
        let value = try parseOr()
        guard current.isKeyword("if") else { return value }
        advance()
        let condition = try parseOr()
        guard current.isKeyword("else") else {
            if current.isSymbol(":") { throw invalidSyntax() }
            throw Diagnostic(SyntaxMessage.expectedElse, value.range.union(condition.range))
        }
        advance()
        let otherwise = try parseExpression()
        return .conditional(condition: condition, then: value, otherwise: otherwise, start.union(previous.range))
    }

    mutating func parseOr() throws(Diagnostic) -> Expression {
        let start = current.range
        var lhs = try parseAnd()
        var height = -1
        while current.isKeyword("or") {
            let opRange = current.range
            advance()
            let rhs = try parseAnd()
            height = try Self.chain(height, lhs, [rhs], at: opRange)
            lhs = .logical(op: "or", lhs: lhs, rhs: rhs, start.union(previous.range))
        }
        return lhs
    }

    private mutating func parseAnd() throws(Diagnostic) -> Expression {
        let start = current.range
        var lhs = try parseNot()
        var height = -1
        while current.isKeyword("and") {
            let opRange = current.range
            advance()
            let rhs = try parseNot()
            height = try Self.chain(height, lhs, [rhs], at: opRange)
            lhs = .logical(op: "and", lhs: lhs, rhs: rhs, start.union(previous.range))
        }
        return lhs
    }

    private mutating func parseNot() throws(Diagnostic) -> Expression {
        if current.isKeyword("not") {
            let start = current.range
            advance()
            try enter()
            defer { depth -= 1 }
            let operand = try parseNot()
            return .not(operand, start.union(previous.range))
        }
        return try parseComparison()
    }

    /// `a < b <= c`, `x in y`, `x not in y`, `a is b`, `a is not b`: one flat chain.
    private mutating func parseComparison() throws(Diagnostic) -> Expression {
        let start = current.range
        let first = try parseBinary(level: 0)
        var rest: [(String, Expression)] = []
        while true {
            var op: String?
            if case .symbol(let s) = current.kind, ["<", ">", "==", ">=", "<=", "!="].contains(s) {
                op = s
                advance()
            } else if current.isKeyword("in") {
                op = "in"
                advance()
            } else if current.isKeyword("is") {
                advance()
                if current.isKeyword("not") { advance(); op = "is not" } else { op = "is" }
            } else if current.isKeyword("not"), peek().isKeyword("in") {
                advance(); advance()
                op = "not in"
            }
            guard let op else { break }
            rest.append((op, try parseBinary(level: 0)))
        }
        guard !rest.isEmpty else { return first }
        return .compare(first: first, rest: rest, start.union(previous.range))
    }

    /// Binary operators by precedence, loosest first.
    private static let levels: [[String]] = [["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/", "//", "%", "@"]]

    /// The binary operators from `levels[level]` down (level 0 is Python's `bitwise_or`).
    mutating func parseBinary(level: Int) throws(Diagnostic) -> Expression {
        if level == Self.levels.count { return try parseUnary() }
        let start = current.range
        var lhs = try parseBinary(level: level + 1)
        var height = -1
        while case .symbol(let s) = current.kind, Self.levels[level].contains(s) {
            let opRange = current.range
            advance()
            let rhs = try parseBinary(level: level + 1)
            height = try Self.chain(height, lhs, [rhs], at: opRange)
            lhs = .binary(op: s, lhs: lhs, rhs: rhs, opRange: opRange, start.union(previous.range))
        }
        return lhs
    }

    private mutating func parseUnary() throws(Diagnostic) -> Expression {
        if case .symbol(let s) = current.kind, ["-", "+", "~"].contains(s) {
            let start = current.range
            advance()
            try enter()
            defer { depth -= 1 }
            let operand = try parseUnary()
            return .unary(op: s, operand: operand, start.union(previous.range))
        }
        return try parsePower()
    }

    private mutating func parsePower() throws(Diagnostic) -> Expression {
        if current.isKeyword("await") {
            throw Self.unsupported("coroutines (async def, async for, async with, await)", at: current.range)
        }
        let start = current.range
        let base = try parsePrimary()
        guard current.isSymbol("**") else { return base }
        let opRange = current.range
        advance()
        try enter()
        defer { depth -= 1 }
        let exponent = try parseUnary()
        return .binary(op: "**", lhs: base, rhs: exponent, opRange: opRange, start.union(previous.range))
    }

    /// An atom followed by calls, subscripts and attributes.
    private mutating func parsePrimary() throws(Diagnostic) -> Expression {
        let start = current.range
        var value = try parseAtom()
        var height = -1
        while true {
            if current.isSymbol("(") {
                let (arguments, end) = try parseArguments()
                height = try Self.chain(height, value, arguments.map(\.value), at: end)
                value = .call(callee: value, arguments: arguments, start.union(end))
            } else if current.isSymbol("[") {
                let (items, end) = try parseSubscript()
                height = try Self.chain(height, value, items.flatMap(\.expressions), at: end)
                value = .subscription(base: value, items: items, start.union(end))
            } else if current.isSymbol(".") {
                advance()
                guard case .name(let name) = current.kind else {
                    if case .keyword(let k) = current.kind { throw invalidSyntax("'\(k)' is a keyword, not an attribute name") }
                    throw invalidSyntax()
                }
                height = try Self.chain(height, value, [], at: current.range)
                value = .attribute(base: value, name: name, nameRange: current.range, start.union(current.range))
                advance()
            } else {
                return value
            }
        }
    }
}
