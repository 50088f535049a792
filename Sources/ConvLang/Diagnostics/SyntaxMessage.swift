/// Every message the lexer and parser give, in CPython 3.11's words (checked by
/// `Fixtures/syntax/syntax_errors.json`, made by `scripts/generate_syntax_fixtures.py`),
/// plus ConvLang's own limits and refusals.
public enum SyntaxMessage: DiagnosticMessage, Hashable {
    public static let domain = "syntax"

    // MARK: Tokens
    case invalidSyntax
    case invalidCharacter(String)
    case invalidNumberLiteral
    case invalidDecimalLiteral
    case integerTooLarge
    case unterminatedString
    case unterminatedTripleQuotedString
    case neverClosed(bracket: String)
    case unmatched(bracket: String)
    case mismatchedBracket(closing: String, opening: String)
    case endOfInputAfterContinuation
    case characterAfterContinuation

    // MARK: Indentation
    case unexpectedIndent
    case unindentMismatch
    case tooManyIndentationLevels
    case inconsistentTabs
    case expectedIndentedBlock(after: String, line: Int)

    // MARK: Statements and blocks
    case expected(String)
    case expectedExceptOrFinally
    case defaultExceptNotLast
    case exceptTypesUnparenthesized
    case tooManyNestedBlocks
    case missingParentheses(call: String)
    case breakOutsideLoop
    case continueOutsideLoop
    case returnOutsideFunction
    case yieldOutsideFunction
    case nonlocalAtModuleLevel
    case parameterAnd(name: String, declaration: String)

    // MARK: Targets
    case cannotTarget(verb: String, what: String)
    case illegalAugmentedTarget(String)
    case onlySingleTarget(String)
    case illegalAnnotationTarget
    case comparisonHint
    case cannotAssignComparisonHint(String)
    case starredTargetOutsideList
    case multipleStarredTargets
    case starredHere
    case starredTargetHere

    // MARK: Expressions and calls
    case forgotComma
    case expectedElse
    case assignmentInExpression
    case generatorUnparenthesized
    case keywordRepeated(String)
    case positionalAfterKeywordUnpacking
    case positionalAfterKeyword
    case unpackingAfterKeywordUnpacking
    case dictUnpackingInComprehension
    case iterableUnpackingInComprehension
    case colonAfterDictKey
    case formattedString(String)

    // MARK: Parameters
    case argumentsAfterVarKeyword
    case slashAfterStar
    case slashTwice
    case slashFirst
    case starTwice
    case varPositionalDefault
    case varKeywordDefault
    case bareStarWithoutNames
    case nonDefaultAfterDefault
    case duplicateArgument(String)

    // MARK: ConvLang's limits and refusals
    case unsupported(String)
    case nestingLimit(Int)
    case nestingTooDeepForStack
    case blocksTooDeepForStack
    case chainTooLong(Int)

    public var kind: String {
        switch self {
        case .unexpectedIndent, .unindentMismatch, .tooManyIndentationLevels, .expectedIndentedBlock: "IndentationError"
        case .inconsistentTabs: "TabError"
        default: "SyntaxError"
        }
    }

    public var text: String {
        switch self {
        case .invalidSyntax: "invalid syntax"
        case .invalidCharacter(let c): "invalid character '\(c)'"
        case .invalidNumberLiteral: "invalid number literal"
        case .invalidDecimalLiteral: "invalid decimal literal"
        case .integerTooLarge: "integer literal too large for ConvLang (largest is 9223372036854775807)"
        case .unterminatedString: "unterminated string literal"
        case .unterminatedTripleQuotedString: "unterminated triple-quoted string literal"
        case .neverClosed(let b): "'\(b)' was never closed"
        case .unmatched(let b): "unmatched '\(b)'"
        case .mismatchedBracket(let closing, let opening): "closing parenthesis '\(closing)' does not match opening parenthesis '\(opening)'"
        case .endOfInputAfterContinuation: "unexpected end of input after line continuation character"
        case .characterAfterContinuation: "unexpected character after line continuation character"
        case .unexpectedIndent: "unexpected indent"
        case .unindentMismatch: "unindent does not match any outer indentation level"
        case .tooManyIndentationLevels: "too many levels of indentation"
        case .inconsistentTabs: "inconsistent use of tabs and spaces in indentation"
        case .expectedIndentedBlock(let header, let line): "expected an indented block after \(header) on line \(line)"
        case .expected(let token): "expected '\(token)'"
        case .expectedExceptOrFinally: "expected 'except' or 'finally' block"
        case .defaultExceptNotLast: "default 'except:' must be last"
        case .exceptTypesUnparenthesized: "multiple exception types must be parenthesized"
        case .tooManyNestedBlocks: "too many statically nested blocks"
        case .missingParentheses(let name): "Missing parentheses in call to '\(name)'. Did you mean \(name)(...)?"
        case .breakOutsideLoop: "'break' outside loop"
        case .continueOutsideLoop: "'continue' not properly in loop"
        case .returnOutsideFunction: "'return' outside function"
        case .yieldOutsideFunction: "'yield' outside function"
        case .nonlocalAtModuleLevel: "nonlocal declaration not allowed at module level"
        case .parameterAnd(let name, let declaration): "name '\(name)' is parameter and \(declaration)"
        case .cannotTarget(let verb, let what): "cannot \(verb) \(what)"
        case .illegalAugmentedTarget(let what): "'\(what)' is an illegal expression for augmented assignment"
        case .onlySingleTarget(let what): "only single target (not \(what)) can be annotated"
        case .illegalAnnotationTarget: "illegal target for annotation"
        case .comparisonHint: "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"
        case .cannotAssignComparisonHint(let what): "cannot assign to \(what) here. Maybe you meant '==' instead of '='?"
        case .starredTargetOutsideList: "starred assignment target must be in a list or tuple"
        case .multipleStarredTargets: "multiple starred expressions in assignment"
        case .starredHere: "cannot use starred expression here"
        case .starredTargetHere: "can't use starred expression here"
        case .forgotComma: "invalid syntax. Perhaps you forgot a comma?"
        case .expectedElse: "expected 'else' after 'if' expression"
        case .assignmentInExpression: "expression cannot contain assignment, perhaps you meant \"==\"?"
        case .generatorUnparenthesized: "Generator expression must be parenthesized"
        case .keywordRepeated(let name): "keyword argument repeated: \(name)"
        case .positionalAfterKeywordUnpacking: "positional argument follows keyword argument unpacking"
        case .positionalAfterKeyword: "positional argument follows keyword argument"
        case .unpackingAfterKeywordUnpacking: "iterable argument unpacking follows keyword argument unpacking"
        case .dictUnpackingInComprehension: "dict unpacking cannot be used in dict comprehension"
        case .iterableUnpackingInComprehension: "iterable unpacking cannot be used in comprehension"
        case .colonAfterDictKey: "':' expected after dictionary key"
        case .formattedString(let problem): "f-string\(problem)"
        case .argumentsAfterVarKeyword: "arguments cannot follow var-keyword argument"
        case .slashAfterStar: "/ must be ahead of *"
        case .slashTwice: "/ may appear only once"
        case .slashFirst: "at least one argument must precede /"
        case .starTwice: "* argument may appear only once"
        case .varPositionalDefault: "var-positional argument cannot have default value"
        case .varKeywordDefault: "var-keyword argument cannot have default value"
        case .bareStarWithoutNames: "named arguments must follow bare *"
        case .nonDefaultAfterDefault: "non-default argument follows default argument"
        case .duplicateArgument(let name): "duplicate argument '\(name)' in function definition"
        case .unsupported(let what): "\(what) are not supported by ConvLang"
        case .nestingLimit(let limit): "too many nested parentheses or operators (ConvLang's limit is \(limit))"
        case .nestingTooDeepForStack: "too many nested parentheses or operators for this thread's stack"
        case .blocksTooDeepForStack: "too many nested blocks for this thread's stack"
        case .chainTooLong(let limit): "expression too long or too deeply nested (ConvLang's limit is \(limit) operators, calls or subscripts in a chain)"
        }
    }
}

/// The messages of scope analysis (CPython's symtable pass): `global`/`nonlocal` misuse.
public enum ScopeMessage: DiagnosticMessage, Hashable {
    public static let domain = "scope"

    case importStarNotAtModuleLevel
    case conflictingDeclarations(name: String, first: String, second: String)
    case assignedBeforeDeclaration(name: String, declaration: String)
    case usedBeforeDeclaration(name: String, declaration: String)
    case nonlocalAtModuleLevel
    case noNonlocalBinding(String)

    public var kind: String { "SyntaxError" }

    public var text: String {
        switch self {
        case .importStarNotAtModuleLevel: "import * only allowed at module level"
        case .conflictingDeclarations(let name, let first, let second): "name '\(name)' is \(first) and \(second)"
        case .assignedBeforeDeclaration(let name, let declaration): "name '\(name)' is assigned to before \(declaration) declaration"
        case .usedBeforeDeclaration(let name, let declaration): "name '\(name)' is used prior to \(declaration) declaration"
        case .nonlocalAtModuleLevel: "nonlocal declaration not allowed at module level"
        case .noNonlocalBinding(let name): "no binding for nonlocal '\(name)' found"
        }
    }
}
