/// A lexical token of ConvLang (a Python subset).
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case name(String)
        case keyword(String)
        case integer(Int64)
        case float(Double)
        case string(String)
        /// An operator or delimiter: `+`, `**`, `(`, `,`, `+=`, `?`, ...
        case symbol(String)
        /// The end of a logical line (not inside brackets).
        case newline
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
