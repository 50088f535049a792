/// A lexical token of ConvLang (Python, as CPython's tokenizer and IPython's input
/// transformers read it).
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case name(String)
        case keyword(String)
        case integer(Int64)
        case float(Double)
        case string(String)
        /// One or more adjacent string literals of which at least one is an f-string,
        /// in order. The parser splits the f-string pieces into text and fields.
        case formattedString([StringPiece])
        /// An operator or delimiter: `+`, `**`, `(`, `,`, `+=`, `?`, ...
        case symbol(String)
        /// The end of a logical line (not inside brackets).
        case newline
        /// A line indented deeper than the one before: a block starts.
        case indent
        /// A line indented less: one block ends (one token per level closed).
        case dedent
        /// `%name argument` at the start of a logical line: an IPython line magic.
        case magic(name: String, argument: String)
        /// `!command` at the start of a logical line: an IPython shell escape.
        case shell(String)
        /// Text the lexer could not read. It stops there; the parser reports this
        /// error when it reaches the token (or its own error, if that comes first,
        /// as CPython's parser reads its tokenizer lazily).
        indirect case error(Diagnostic)
        case end
    }

    public var kind: Kind
    public var range: SourceRange

    /// Whether this token is the symbol `s`.
    public func isSymbol(_ s: String) -> Bool {
        if case .symbol(let t) = kind { t == s } else { false }
    }

    /// Whether this token is the keyword `k`.
    public func isKeyword(_ k: String) -> Bool {
        if case .keyword(let t) = kind { t == k } else { false }
    }

    /// Whether this token ends a logical line or the input (`NEWLINE`, `DEDENT`, end).
    var isLineEnd: Bool {
        switch kind {
        case .newline, .dedent, .end: true
        default: false
        }
    }
}

/// One literal of a string token: plain text (escapes decoded), or an f-string whose
/// body the parser still has to split into text and fields.
public enum StringPiece: Sendable, Hashable {
    case text(String)
    /// The bytes between an f-string's quotes, and whether it is raw (`rf"..."`).
    case formatted(body: SourceRange, raw: Bool)
}

/// Python's keywords. The ones ConvLang does not support are still keywords, so that
/// using them gives a clear message rather than a confusing name error.
enum Keywords {
    static let all: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
        "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
        "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
        "with", "yield",
    ]
}
