import ConvEngine

/// An error in ConvLang code: what kind (Python's exception class name), what went
/// wrong, where, and an optional note such as "did you mean 'stride'?". A diagnostic is
/// data; ``DiagnosticFormatter`` draws it under the source line.
public struct Diagnostic: Error, Sendable, Hashable {
    /// Broad categories, each with its Python exception name.
    public enum Category: String, Sendable {
        case syntax = "SyntaxError"
        case name = "NameError"
        case type = "TypeError"
        case value = "ValueError"
        case index = "IndexError"
        case key = "KeyError"
        case attribute = "AttributeError"
        case runtime = "RuntimeError"
        case module = "ModuleNotFoundError"
        case zeroDivision = "ZeroDivisionError"
        case notImplemented = "NotImplementedError"
        case interrupt = "KeyboardInterrupt"
        case limit = "LimitError"
    }

    /// Internal markers the tooling reads (`isComplete` needs to know why lexing stopped).
    enum Code: Sendable, Hashable {
        case unterminatedTripleQuote
        case unterminatedString
        case endOfInputInBrackets
        case endOfInputAfterBackslash
        case endOfInput
        /// An interrupt from outside (the kernel's), not a `KeyboardInterrupt` that code raised.
        case interrupt
    }

    /// The Python exception class name (`TypeError`), shown first and sent as `ename`.
    public var kind: String
    /// What went wrong, in PyTorch's or Python's words where they have them.
    public var message: String
    /// The source that caused it, or `nil` when no source is to blame.
    public var range: SourceRange?
    /// A hint shown beside the caret.
    public var note: String?
    /// Which catalogued message this is (`syntax.expectedColon`); `nil` for messages
    /// that come from elsewhere (PyTorch's words through the engine).
    public var id: DiagnosticID?
    public var severity: DiagnosticSeverity = .error
    var code: Code?
    /// The Python exception raised, when code made one (`raise ValueError("bad")`, a
    /// `KeyError` with its key) or caught this diagnostic; otherwise it is made from
    /// ``kind`` and ``message`` when needed (``exceptionObject()``).
    public var exception: ExceptionObject?
    /// The functions the error left, outermost first, each at the range that was
    /// running; the innermost is at ``range``. Empty for an error in the cell itself.
    public var frames: [TracebackFrame] = []
    /// Where the code the error is leaving now stands: the call that failed, once the
    /// error has left a function (see ``outerRange``).
    var callSite: SourceRange?

    /// A diagnostic of `category` (or of the exception class `kind`) at `range`.
    public init(_ category: Category, _ message: String, _ range: SourceRange?, kind: String? = nil, note: String? = nil) {
        self.init(category, message, range, kind: kind, note: note, code: nil)
    }

    init(_ category: Category, _ message: String, _ range: SourceRange?, kind: String? = nil,
         note: String? = nil, code: Code?) {
        self.kind = kind ?? category.rawValue
        self.message = message
        self.range = range
        self.note = note
        self.code = category == .interrupt ? .interrupt : code
    }

    /// The diagnostic of an engine error raised by the code at `range`.
    init(_ error: EngineError, at range: SourceRange?) {
        let kind = error.kind == .limit ? Category.limit.rawValue : error.pythonType
        self.init(.runtime, error.message, range, kind: kind, code: error.kind == .cancelled ? .interrupt : nil)
    }

    /// Where the error stands in the outermost code: its own place, or the call it
    /// came out of.
    public var outerRange: SourceRange? { frames.isEmpty ? range : callSite }

    /// `ename: evalue`, as Python's last traceback line reads.
    public var headline: String { message.isEmpty ? kind : "\(kind): \(message)" }
}

extension Diagnostic {
    /// This diagnostic, at `range` if it has no place of its own (for an error that
    /// left functions called from no place, ``Interpreter/call(_:positional:keywords:at:)``
    /// without a range: called at `range`).
    func placed(at range: SourceRange) -> Diagnostic {
        var placed = self
        if placed.range == nil { placed.range = range }
        if !placed.frames.isEmpty, placed.callSite == nil { placed.callSite = range }
        return placed
    }
}
