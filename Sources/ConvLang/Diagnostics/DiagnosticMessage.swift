/// What identifies a diagnostic independently of its wording: a domain (`syntax`,
/// `scope`) and the message's name in it (`expectedColon`). Tests name a diagnostic by
/// its identifier rather than pin its text; the texts live in one catalogue per domain
/// (``SyntaxMessage``, ``ScopeMessage``), as swift-syntax keeps its parser's.
public struct DiagnosticID: Hashable, Sendable, CustomStringConvertible {
    public let domain: String
    public let name: String

    public init(domain: String, name: String) {
        self.domain = domain
        self.name = name
    }

    public var description: String { "\(domain).\(name)" }
}

/// How bad a diagnostic is. Errors stop the cell; warnings are printed and it goes on.
public enum DiagnosticSeverity: String, Sendable, Hashable {
    case error, warning
}

/// One message of a catalogue: its identifier, the Python exception class it raises,
/// its severity and its text.
public protocol DiagnosticMessage: Sendable {
    /// The domain every message of this catalogue belongs to.
    static var domain: String { get }
    /// The exception class name (`SyntaxError`, `IndentationError`, `TabError`).
    var kind: String { get }
    var severity: DiagnosticSeverity { get }
    /// The text, in CPython's (or PyTorch's) words where they have them.
    var text: String { get }
}

extension DiagnosticMessage {
    public var severity: DiagnosticSeverity { .error }

    /// The message's name is its case's name in the catalogue.
    public var id: DiagnosticID {
        let name = Mirror(reflecting: self).children.first?.label ?? String(describing: self)
        return DiagnosticID(domain: Self.domain, name: name)
    }
}

extension Diagnostic {
    /// The diagnostic of a catalogued `message` at `range`.
    init(_ message: some DiagnosticMessage, _ range: SourceRange?, note: String? = nil, code: Code? = nil) {
        self.init(.syntax, message.text, range, kind: message.kind, note: note, code: code)
        self.id = message.id
        self.severity = message.severity
    }
}
