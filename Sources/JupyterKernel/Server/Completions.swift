/// What ``KernelInterpreter/complete(code:cursor:)`` found: the `complete_reply`.
public struct Completions: Sendable {
    /// The candidates, best first.
    public var matches: [String]
    /// The text the chosen match replaces, in code points.
    public var cursorStart: Int
    public var cursorEnd: Int
    /// Each match's type, in the order of ``matches``, for JupyterLab's completer, which
    /// shows it beside the match: Jedi's words (`function`, `class`, `module`,
    /// `instance`, `keyword`, `param`...) and a callable's parameters, `(x, factor=2)`,
    /// or an empty string. `nil` when the interpreter knows none (the reply's metadata is
    /// then empty).
    public var types: [(type: String, signature: String)]?

    public init(matches: [String], cursorStart: Int, cursorEnd: Int, types: [(type: String, signature: String)]? = nil) {
        self.matches = matches
        self.cursorStart = cursorStart
        self.cursorEnd = cursorEnd
        self.types = types
    }

    /// The reply's `metadata`: with types, ipykernel's `_jupyter_types_experimental`,
    /// one `{start, end, text, type, signature}` per match.
    var metadata: JSONValue {
        guard let types else { return [:] }
        let items = zip(matches, types).map { match, typed -> JSONValue in
            ["start": .int(cursorStart), "end": .int(cursorEnd), "text": .string(match),
             "type": .string(typed.type), "signature": .string(typed.signature)]
        }
        return ["_jupyter_types_experimental": .array(items)]
    }
}
