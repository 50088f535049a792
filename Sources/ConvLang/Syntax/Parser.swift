/// Parses ConvLang (a Python subset) into a ``Program``.
///
/// Recursive descent over the tokens, one function per precedence level. Nesting is
/// limited (``maxDepth``) so that deep brackets or long chains of unary minus give a
/// SyntaxError instead of exhausting the stack; chains the parser builds in a loop
/// (`1 + 1 + ...`, `a[0][0]...`, `x.f().g()...`) are limited in height
/// (``maxHeight``), since the evaluator recurses once per level of the tree. Where a
/// thread's stack is too small even for these, a stack guard stops the parse first.
/// Python statements that ConvLang leaves out (`def`, `for`, `while`, `class`,
/// `lambda`, `if`, ...) are refused with a message that names the builtin doing the job.
public struct Parser {
    /// The deepest nesting of brackets and unary operators accepted.
    public static let maxDepth = 100
    /// The tallest expression tree accepted: its levels of operators, calls,
    /// subscripts and attributes, however they were written.
    public static let maxHeight = 1000

    private let tokens: [Token]
    private var index = 0
    private var depth = 0

    init(tokens: [Token]) { self.tokens = tokens }

    /// Parses a whole cell or script.
    public static func parse(_ source: SourceText) throws(Diagnostic) -> Program {
        let (tokens, unexpectedIndent) = try Lexer.tokenize(source)
        var parser = Parser(tokens: tokens)
        let program = try parser.parseProgram()
        if let unexpectedIndent { throw unexpectedIndent }
        return program
    }

    // MARK: - Statements

    private mutating func parseProgram() throws(Diagnostic) -> Program {
        var statements: [Statement] = []
        var endsWithSemicolon = false
        while !isAtEnd {
            if current.kind == .newline { advance(); continue }
            endsWithSemicolon = false
            statements.append(try parseStatement())
            while current.isSymbol(";") {
                advance()
                endsWithSemicolon = true
                if current.kind == .newline || isAtEnd { break }
                endsWithSemicolon = false
                statements.append(try parseStatement())
            }
            guard current.kind == .newline || isAtEnd else {
                throw unexpected("expected the end of the statement")
            }
        }
        return Program(statements: statements, endsWithSemicolon: endsWithSemicolon)
    }

    private mutating func parseStatement() throws(Diagnostic) -> Statement {
        let start = current.range
        if case .keyword(let word) = current.kind {
            switch word {
            case "import": return try parseImport()
            case "from": return try parseFromImport()
            case "pass": advance(); return .pass(start)
            case "True", "False", "None", "not", "lambda": break
            default: throw Self.refusal(word, at: start)
            }
        }
        if current.isSymbol("?") {
            advance()
            let target = try parseExpression()
            while current.isSymbol("?") { advance() }
            return .help(target, start.union(target.range))
        }
        let first = try parseExpressionList()
        if current.isSymbol("?") {
            let end = current.range
            advance()
            if current.isSymbol("?") { advance() }
            return .help(first, first.range.union(end))
        }
        if case .symbol(let op) = current.kind, ["+=", "-=", "*=", "/=", "**=", "@=", "//=", "%="].contains(op) {
            try checkTarget(first, augmented: true)
            advance()
            let value = try parseExpressionList()
            return .augmentedAssign(target: first, op: String(op.dropLast()), value: value, first.range.union(value.range))
        }
        if current.isSymbol("=") {
            var targets = [first]
            var value = first
            while current.isSymbol("=") {
                advance()
                value = try parseExpressionList()
                targets.append(value)
            }
            targets.removeLast()
            for target in targets { try checkTarget(target, augmented: false) }
            return .assign(targets: targets, value: value, first.range.union(value.range))
        }
        return .expression(first)
    }

    private mutating func parseDottedName() throws(Diagnostic) -> ([String], SourceRange) {
        var parts: [String] = []
        let start = current.range
        var end = start
        repeat {
            if !parts.isEmpty { advance() }
            guard case .name(let part) = current.kind else { throw unexpected("expected a module name") }
            parts.append(part)
            end = current.range
            advance()
        } while current.isSymbol(".")
        return (parts, start.union(end))
    }

    private mutating func parseImport() throws(Diagnostic) -> Statement {
        let start = current.range
        advance()
        let (path, range) = try parseDottedName()
        var alias: String?
        var end = range
        if current.isKeyword("as") {
            advance()
            guard case .name(let name) = current.kind else { throw unexpected("expected a name after 'as'") }
            alias = name
            end = current.range
            advance()
        }
        if current.isSymbol(",") {
            throw Diagnostic(.syntax, "import one module per statement in ConvLang", current.range)
        }
        return .importModule(path: path, alias: alias, start.union(end))
    }

    private mutating func parseFromImport() throws(Diagnostic) -> Statement {
        let start = current.range
        advance()
        let (path, _) = try parseDottedName()
        guard current.isKeyword("import") else { throw unexpected("expected 'import'") }
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
            guard case .name(let name) = current.kind else { throw unexpected("expected a name to import") }
            end = current.range
            advance()
            var alias: String?
            if current.isKeyword("as") {
                advance()
                guard case .name(let a) = current.kind else { throw unexpected("expected a name after 'as'") }
                alias = a
                end = current.range
                advance()
            }
            names.append((name, alias))
        } while current.isSymbol(",")
        if parenthesised {
            guard current.isSymbol(")") else { throw unexpected("expected ')'") }
            end = current.range
            advance()
        }
        return .importFrom(path: path, names: names, start.union(end))
    }

    private func checkTarget(_ target: Expression, augmented: Bool) throws(Diagnostic) {
        switch target {
        case .name, .attribute, .subscription:
            return
        case .tuple(let items, _), .list(let items, _):
            if augmented {
                throw Diagnostic(.syntax, "'tuple' is an illegal expression for augmented assignment", target.range)
            }
            for item in items { try checkTarget(item, augmented: false) }
        case .call:
            throw Diagnostic(.syntax, "cannot assign to function call here. Maybe you meant '==' instead of '='?", target.range)
        case .integer, .float, .string, .bool, .none:
            throw Diagnostic(.syntax, "cannot assign to literal here. Maybe you meant '==' instead of '='?", target.range)
        default:
            throw Diagnostic(.syntax, "cannot assign to expression here. Maybe you meant '==' instead of '='?", target.range)
        }
    }

    /// The message for a Python keyword ConvLang leaves out.
    static func refusal(_ word: String, at range: SourceRange) -> Diagnostic {
        let note: String
        switch word {
        case "for", "while":
            note = "ConvLang has no loops. For the d2l loop that adds each input element times the kernel into the output, call scatter_add(X, K); otherwise use tensor operations, which work on every element at once"
        case "def":
            note = "ConvLang has no user-defined functions. The transposed convolution is built in: conv_transpose2d(X, K), or scatter_add(X, K) for the scatter-add form"
        case "lambda":
            note = "ConvLang has no user-defined functions; call the builtins directly"
        case "class":
            note = "ConvLang has no classes; use the built-in layers nn.Conv2d and nn.ConvTranspose2d"
        case "if", "elif", "else":
            note = "ConvLang has no blocks; to choose elementwise use where(condition, a, b)"
        default:
            note = "ConvLang is a small Python subset without it"
        }
        return Diagnostic(.syntax, "'\(word)' is not part of ConvLang", range, note: note)
    }

    // MARK: - Expressions

    /// `a, b, c` (a tuple) or a single expression.
    private mutating func parseExpressionList() throws(Diagnostic) -> Expression {
        let first = try parseExpression()
        guard current.isSymbol(",") else { return first }
        var items = [first]
        var end = first.range
        while current.isSymbol(",") {
            end = current.range
            advance()
            if !startsExpression { break }
            let item = try parseExpression()
            items.append(item)
            end = item.range
        }
        return .tuple(items, first.range.union(end))
    }

    private var startsExpression: Bool {
        switch current.kind {
        case .name, .integer, .float, .string: return true
        case .keyword(let k): return ["True", "False", "None", "not", "lambda"].contains(k)
        case .symbol(let s): return ["(", "[", "{", "-", "+", "~", "..."].contains(s)
        default: return false
        }
    }

    private mutating func parseExpression() throws(Diagnostic) -> Expression {
        try enter()
        defer { depth -= 1 }
        if current.isKeyword("lambda") { throw Self.refusal("lambda", at: current.range) }
        let value = try parseOr()
        if current.isKeyword("if") {
            throw Diagnostic(.syntax, "conditional expressions are not part of ConvLang", current.range,
                             note: "to choose elementwise use where(condition, a, b)")
        }
        if current.isKeyword("for") {
            throw Diagnostic(.syntax, "comprehensions are not part of ConvLang", current.range,
                             note: "use tensor operations, which work on every element at once")
        }
        return value
    }

    private mutating func parseOr() throws(Diagnostic) -> Expression {
        var lhs = try parseAnd()
        var height = -1
        while current.isKeyword("or") {
            let opRange = current.range
            advance()
            let rhs = try parseAnd()
            height = try Self.chain(height, lhs, [rhs], at: opRange)
            lhs = .logical(op: "or", lhs: lhs, rhs: rhs, lhs.range.union(rhs.range))
        }
        return lhs
    }

    private mutating func parseAnd() throws(Diagnostic) -> Expression {
        var lhs = try parseNot()
        var height = -1
        while current.isKeyword("and") {
            let opRange = current.range
            advance()
            let rhs = try parseNot()
            height = try Self.chain(height, lhs, [rhs], at: opRange)
            lhs = .logical(op: "and", lhs: lhs, rhs: rhs, lhs.range.union(rhs.range))
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
            return .not(operand, start.union(operand.range))
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(Diagnostic) -> Expression {
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
            } else if current.isKeyword("not"), index + 1 < tokens.count, tokens[index + 1].isKeyword("in") {
                advance(); advance()
                op = "not in"
            }
            guard let op else { break }
            rest.append((op, try parseBinary(level: 0)))
        }
        guard let last = rest.last else { return first }
        return .compare(first: first, rest: rest, first.range.union(last.1.range))
    }

    /// Binary operators by precedence, loosest first.
    private static let levels: [[String]] = [["|"], ["^"], ["&"], ["+", "-"], ["*", "/", "//", "%", "@"]]

    private mutating func parseBinary(level: Int) throws(Diagnostic) -> Expression {
        if level == Self.levels.count { return try parseUnary() }
        var lhs = try parseBinary(level: level + 1)
        var height = -1
        while case .symbol(let s) = current.kind, Self.levels[level].contains(s) {
            let opRange = current.range
            advance()
            let rhs = try parseBinary(level: level + 1)
            height = try Self.chain(height, lhs, [rhs], at: opRange)
            lhs = .binary(op: s, lhs: lhs, rhs: rhs, opRange: opRange, lhs.range.union(rhs.range))
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
            return .unary(op: s, operand: operand, start.union(operand.range))
        }
        return try parsePower()
    }

    private mutating func parsePower() throws(Diagnostic) -> Expression {
        let base = try parsePrimary()
        guard current.isSymbol("**") else { return base }
        let opRange = current.range
        advance()
        try enter()
        defer { depth -= 1 }
        let exponent = try parseUnary()
        return .binary(op: "**", lhs: base, rhs: exponent, opRange: opRange, base.range.union(exponent.range))
    }

    private mutating func parsePrimary() throws(Diagnostic) -> Expression {
        var value = try parseAtom()
        var height = -1
        while true {
            if current.isSymbol("(") {
                let (arguments, end) = try parseArguments()
                height = try Self.chain(height, value, arguments.map(\.value), at: end)
                value = .call(callee: value, arguments: arguments, value.range.union(end))
            } else if current.isSymbol("[") {
                let (items, end) = try parseSubscript()
                height = try Self.chain(height, value, items.flatMap(\.expressions), at: end)
                value = .subscription(base: value, items: items, value.range.union(end))
            } else if current.isSymbol(".") {
                advance()
                guard case .name(let name) = current.kind else {
                    if case .keyword(let k) = current.kind {
                        throw Diagnostic(.syntax, "invalid syntax: '\(k)' is a keyword, not an attribute name", current.range)
                    }
                    throw unexpected("expected an attribute name after '.'")
                }
                height = try Self.chain(height, value, [], at: current.range)
                value = .attribute(base: value, name: name, nameRange: current.range, value.range.union(current.range))
                advance()
            } else {
                return value
            }
        }
    }

    private mutating func parseArguments() throws(Diagnostic) -> ([CallArgument], SourceRange) {
        try enter()
        defer { depth -= 1 }
        advance()  // (
        var arguments: [CallArgument] = []
        var sawKeyword = false
        while !current.isSymbol(")") {
            if current.isSymbol("*") || current.isSymbol("**") {
                let star = current
                advance()
                if star.isSymbol("**") {
                    throw Diagnostic(.syntax, "'**' arguments are not part of ConvLang", star.range)
                }
                arguments.append(CallArgument(name: nil, nameRange: nil, value: try parseExpression(), isStarred: true))
            } else if case .name(let name) = current.kind, index + 1 < tokens.count, tokens[index + 1].isSymbol("=") {
                let nameRange = current.range
                advance(); advance()
                arguments.append(CallArgument(name: name, nameRange: nameRange, value: try parseExpression(), isStarred: false))
                sawKeyword = true
            } else {
                let value = try parseExpression()
                if sawKeyword {
                    throw Diagnostic(.syntax, "positional argument follows keyword argument", value.range)
                }
                arguments.append(CallArgument(name: nil, nameRange: nil, value: value, isStarred: false))
            }
            if current.isSymbol(",") { advance(); continue }
            guard current.isSymbol(")") else { throw unexpected("expected ',' or ')' in the call") }
        }
        let end = current.range
        advance()
        return (arguments, end)
    }

    private mutating func parseSubscript() throws(Diagnostic) -> ([SubscriptItem], SourceRange) {
        try enter()
        defer { depth -= 1 }
        advance()  // [
        var items: [SubscriptItem] = []
        while !current.isSymbol("]") {
            let start = current.range
            var first: Expression?
            if !current.isSymbol(":") { first = try parseExpression() }
            if current.isSymbol(":") {
                advance()
                var stop: Expression?, step: Expression?
                if !current.isSymbol(":") && !current.isSymbol(",") && !current.isSymbol("]") { stop = try parseExpression() }
                if current.isSymbol(":") {
                    advance()
                    if !current.isSymbol(",") && !current.isSymbol("]") { step = try parseExpression() }
                }
                items.append(.slice(start: first, stop: stop, step: step, start.union(previous.range)))
            } else if let first {
                items.append(.index(first))
            }
            if current.isSymbol(",") { advance(); continue }
            guard current.isSymbol("]") else { throw unexpected("expected ',' or ']' in the subscript") }
        }
        let end = current.range
        advance()
        if items.isEmpty { throw Diagnostic(.syntax, "empty subscript", end) }
        return (items, end)
    }

    private mutating func parseAtom() throws(Diagnostic) -> Expression {
        let token = current
        switch token.kind {
        case .name(let name):
            advance()
            return .name(name, token.range)
        case .integer(let v):
            advance()
            return .integer(v, token.range)
        case .float(let v):
            advance()
            return .float(v, token.range)
        case .string(let s):
            advance()
            return .string(s, token.range)
        case .keyword("True"):
            advance()
            return .bool(true, token.range)
        case .keyword("False"):
            advance()
            return .bool(false, token.range)
        case .keyword("None"):
            advance()
            return .none(token.range)
        case .keyword(let word):
            throw Self.refusal(word, at: token.range)
        case .symbol("..."):
            advance()
            return .ellipsis(token.range)
        case .symbol("("):
            try enter()
            defer { depth -= 1 }
            advance()
            if current.isSymbol(")") {
                let end = current.range
                advance()
                return .tuple([], token.range.union(end))
            }
            let inner = try parseExpressionList()
            guard current.isSymbol(")") else { throw unexpected("expected ')'") }
            let end = current.range
            advance()
            if case .tuple(let items, _) = inner { return .tuple(items, token.range.union(end)) }
            return inner
        case .symbol("["):
            try enter()
            defer { depth -= 1 }
            advance()
            var items: [Expression] = []
            while !current.isSymbol("]") {
                items.append(try parseExpression())
                if current.isSymbol(",") { advance(); continue }
                guard current.isSymbol("]") else { throw unexpected("expected ',' or ']' in the list") }
            }
            let end = current.range
            advance()
            return .list(items, token.range.union(end))
        case .symbol("{"):
            try enter()
            defer { depth -= 1 }
            advance()
            var entries: [(key: Expression, value: Expression)] = []
            while !current.isSymbol("}") {
                let key = try parseExpression()
                guard current.isSymbol(":") else { throw unexpected("expected ':' in the dict (sets are not part of ConvLang)") }
                advance()
                entries.append((key, try parseExpression()))
                if current.isSymbol(",") { advance(); continue }
                guard current.isSymbol("}") else { throw unexpected("expected ',' or '}' in the dict") }
            }
            let end = current.range
            advance()
            return .dict(entries, token.range.union(end))
        case .newline, .end:
            throw Diagnostic(.syntax, "invalid syntax: the statement ends too early", token.range, code: .endOfInput)
        case .symbol(let s):
            throw Diagnostic(.syntax, "invalid syntax: unexpected '\(s)'", token.range)
        }
    }

    // MARK: - Helpers

    private var current: Token { tokens[index] }
    private var previous: Token { tokens[max(index - 1, 0)] }
    private var isAtEnd: Bool { current.kind == .end }
    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    private mutating func enter() throws(Diagnostic) {
        depth += 1
        if depth > Self.maxDepth {
            throw Diagnostic(.syntax, "too many nested parentheses or operators (ConvLang's limit is \(Self.maxDepth))", current.range)
        }
        if StackGuard.isLow {
            throw Diagnostic(.syntax, "too many nested parentheses or operators for this thread's stack", current.range,
                             note: "run it on a thread with a larger stack, or nest less")
        }
    }

    /// The height of a left-deep chain (`a + b + c`, `x[0][0]`) after one more link to
    /// `operands`, from `height` so far (-1 before the first link, when the chain is
    /// just `base`). The parser builds chains in a loop rather than by recursion, so
    /// this is what keeps them within ``maxHeight``.
    /// - Throws: a SyntaxError at `range` when the chain grows taller than the limit.
    private static func chain(_ height: Int, _ base: Expression, _ operands: [Expression], at range: SourceRange) throws(Diagnostic) -> Int {
        let below = max(height < 0 ? base.height : height, Expression.height(of: operands))
        guard below < maxHeight else {
            throw Diagnostic(.syntax, "expression too long or too deeply nested (ConvLang's limit is \(maxHeight) operators, calls or subscripts in a chain)", range,
                             note: "split it over several statements")
        }
        return below + 1
    }

    private func unexpected(_ expectation: String) -> Diagnostic {
        switch current.kind {
        case .newline, .end:
            return Diagnostic(.syntax, "invalid syntax: \(expectation)", current.range, code: .endOfInput)
        default:
            return Diagnostic(.syntax, "invalid syntax: \(expectation)", current.range)
        }
    }
}
