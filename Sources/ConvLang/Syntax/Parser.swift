/// Parses ConvLang (Python, with IPython's magics) into a ``Program``.
///
/// Recursive descent over the tokens, one function per precedence level and one per
/// statement; the files `Parser+*.swift` hold statements, blocks, definitions,
/// expressions, atoms, targets and f-strings. Errors are CPython 3.11's, in its words,
/// kinds (`SyntaxError`, `IndentationError`, `TabError`) and positions, found in the
/// order CPython finds them: tokenizer and parser errors as the text is read, then the
/// errors CPython's symbol table reports (duplicate arguments, `nonlocal` at module
/// level), then those its compiler reports (`'return' outside function`, `'break'
/// outside loop`, too many statically nested blocks, starred targets).
///
/// Nesting is limited (``maxDepth``) so that deep brackets or long chains of unary
/// minus give a SyntaxError instead of exhausting the stack; chains the parser builds
/// in a loop (`1 + 1 + ...`, `a[0][0]...`, `x.f().g()...`) are limited in height
/// (``maxHeight``), since the evaluator recurses once per level of the tree. Blocks
/// nest at most 99 deep (CPython's tokenizer limit). Where a thread's stack is too
/// small even for these, a stack guard stops the parse first.
public struct Parser {
    /// The deepest nesting of brackets and unary operators accepted.
    public static let maxDepth = 100
    /// The tallest expression tree accepted: its levels of operators, calls,
    /// subscripts and attributes, however they were written.
    public static let maxHeight = 1000
    /// CPython's limit on loops, `try` and `with` blocks nested in one function
    /// (`CO_MAXBLOCKS`).
    public static let maxStaticBlocks = 20

    let source: SourceText
    var tokens: [Token]
    var index = 0
    var depth = 0
    /// The scopes being parsed, innermost last.
    var scopes: [SyntaxScope] = [SyntaxScope(kind: .module)]
    /// Errors CPython's symbol table would report, in its order.
    var symbolTableErrors: [Diagnostic] = []
    /// Errors CPython's compiler would report, in its order.
    var compilerErrors: [Diagnostic] = []

    init(tokens: [Token], source: SourceText) {
        self.tokens = tokens
        self.source = source
    }

    /// Parses a whole cell or script.
    /// - Throws: ``Diagnostic``: the first error CPython would report for the text.
    public static func parse(_ source: SourceText) throws(Diagnostic) -> Program {
        if let magic = CellMagic.statement(in: source) {
            return Program(statements: [magic], endsWithSemicolon: false)
        }
        var parser = Parser(tokens: Lexer.tokenize(source), source: source)
        let program: Program
        do {
            program = try parser.parseProgram()
        } catch {
            throw parser.reconciled(error)
        }
        if let first = parser.symbolTableErrors.first { throw first }
        if let first = parser.compilerErrors.first { throw first }
        return program
    }

    // MARK: - Tokens

    var current: Token { tokens[index] }
    var previous: Token { tokens[max(index - 1, 0)] }
    var isAtEnd: Bool { current.kind == .end }

    /// The token `offset` places ahead (the last one past the end).
    func peek(_ offset: Int = 1) -> Token { tokens[min(index + offset, tokens.count - 1)] }

    /// Moves to the next token; never past an error or the end.
    mutating func advance() {
        if case .error = current.kind { return }
        if index < tokens.count - 1 { index += 1 }
    }

    /// Whether only line ends and the end are left: an error here might be fixed by
    /// typing more, which `isComplete` needs to know.
    var isAtEndOfInput: Bool {
        tokens[index...].allSatisfy { $0.isLineEnd }
    }

    /// The lexer's error, if it stopped early, and where.
    private var lexerError: (diagnostic: Diagnostic, index: Int)? {
        guard let i = tokens.lastIndex(where: { if case .error = $0.kind { true } else { false } }),
              case .error(let diagnostic) = tokens[i].kind else { return nil }
        return (diagnostic, i)
    }

    /// The error to report when parsing failed with `error`: the lexer's instead if the
    /// parser reached it, or if CPython's tokenizer errors would win (an unterminated
    /// string; a bracket left open on a line before the parser's error).
    func reconciled(_ error: Diagnostic) -> Diagnostic {
        guard let (lexed, errorIndex) = lexerError else { return error }
        if index >= errorIndex { return lexed }
        switch lexed.code {
        case .unterminatedString, .unterminatedTripleQuote:
            return lexed
        case .endOfInputInBrackets:
            let bracketLine = source.location(of: lexed.range?.start ?? 0).line
            let errorLine = source.location(of: error.range?.start ?? 0).line
            if index >= errorIndex - 1 || bracketLine < errorLine { return lexed }
            return error
        default:
            return error
        }
    }

    // MARK: - Errors

    /// CPython's generic "invalid syntax" at the current token, with a hint beside
    /// the caret.
    func invalidSyntax(_ note: String? = nil) -> Diagnostic {
        if case .error(let lexed) = current.kind { return lexed }
        return Diagnostic(SyntaxMessage.invalidSyntax, current.range, note: note, code: isAtEndOfInput ? .endOfInput : nil)
    }

    /// A SyntaxError at `range`, marked as at the end of input when it is.
    func syntaxError(_ message: SyntaxMessage, _ range: SourceRange, note: String? = nil) -> Diagnostic {
        if case .error(let lexed) = current.kind { return lexed }
        return Diagnostic(message, range, note: note, code: isAtEndOfInput ? .endOfInput : nil)
    }

    /// What ConvLang leaves out of Python, refused where it is written.
    static func unsupported(_ what: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(SyntaxMessage.unsupported(what), range)
    }

    // MARK: - Limits

    mutating func enter() throws(Diagnostic) {
        depth += 1
        if depth > Self.maxDepth {
            throw Diagnostic(SyntaxMessage.nestingLimit(Self.maxDepth), current.range)
        }
        if StackGuard.isLow {
            throw Diagnostic(SyntaxMessage.nestingTooDeepForStack, current.range,
                             note: "run it on a thread with a larger stack, or nest less")
        }
    }

    /// Stops a statement nested in too many blocks for this thread's stack.
    func checkStack() throws(Diagnostic) {
        if StackGuard.isLow {
            throw Diagnostic(SyntaxMessage.blocksTooDeepForStack, current.range,
                             note: "run it on a thread with a larger stack, or nest less")
        }
    }

    /// The height of a left-deep chain (`a + b + c`, `x[0][0]`) after one more link to
    /// `operands`, from `height` so far (-1 before the first link, when the chain is
    /// just `base`). The parser builds chains in a loop rather than by recursion, so
    /// this is what keeps them within ``maxHeight``.
    /// - Throws: a SyntaxError at `range` when the chain grows taller than the limit.
    static func chain(_ height: Int, _ base: Expression, _ operands: [Expression], at range: SourceRange) throws(Diagnostic) -> Int {
        let below = max(height < 0 ? base.height : height, Expression.height(of: operands))
        guard below < maxHeight else {
            throw Diagnostic(SyntaxMessage.chainTooLong(maxHeight), range,
                             note: "split it over several statements")
        }
        return below + 1
    }
}

/// What the parser knows of an enclosing scope: enough for the errors CPython's
/// compiler reports without running anything.
struct SyntaxScope {
    enum Kind { case module, function, lambda, classBody }

    var kind: Kind
    /// Loops around the current statement within this scope.
    var loops = 0
    /// CPython's "frame blocks" open here: loops, `try`, `with`, handlers.
    var blocks = 0
    /// A function's parameter names (for `global x` of a parameter).
    var parameters: Set<String> = []
}
