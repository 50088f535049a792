/// The TypeErrors of binding a call's arguments to a signature, in CPython 3.11's
/// words (``Signature/bind(positional:keywords:at:)``): one catalogue for builtins,
/// user functions, methods and classes alike.
public enum CallMessage: DiagnosticMessage, Hashable {
    public static let domain = "call"

    case multipleValues(function: String, argument: String)
    case multipleKeywordValues(function: String, argument: String)
    case unexpectedKeyword(function: String, argument: String)
    case positionalOnlyAsKeyword(function: String, arguments: [String])
    /// "f() missing 2 required positional arguments: 'a' and 'b'"; `kind` is
    /// `positional` or `keyword-only`.
    case missingArguments(function: String, kind: String, names: [String])
    /// "f() takes 2 positional arguments but 3 were given", with CPython's variants.
    case tooManyPositional(function: String, takes: String, plural: Bool, given: Int, keywordOnlyGiven: Int?)

    public var kind: String { "TypeError" }

    public var text: String {
        switch self {
        case .multipleValues(let f, let a): "\(f)() got multiple values for argument '\(a)'"
        case .multipleKeywordValues(let f, let a): "\(f)() got multiple values for keyword argument '\(a)'"
        case .unexpectedKeyword(let f, let a): "\(f)() got an unexpected keyword argument '\(a)'"
        case .positionalOnlyAsKeyword(let f, let names):
            "\(f)() got some positional-only arguments passed as keyword arguments: '\(names.joined(separator: ", "))'"
        case .missingArguments(let f, let kind, let names):
            "\(f)() missing \(names.count) required \(kind) argument\(names.count == 1 ? "" : "s"): \(Self.quotedList(names))"
        case .tooManyPositional(let f, let takes, let plural, let given, let keywordOnly):
            "\(f)() takes \(takes) positional argument\(plural ? "s" : "") but \(given)"
                + (keywordOnly.map { k in
                    " positional argument\(given == 1 ? "" : "s") (and \(k) keyword-only argument\(k == 1 ? "" : "s")) \(given == 1 ? "was" : "were") given"
                } ?? " \(given == 1 ? "was" : "were") given")
        }
    }

    /// `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`, as CPython lists missing names.
    static func quotedList(_ names: [String]) -> String {
        let quoted = names.map { "'\($0)'" }
        guard let last = quoted.last, quoted.count > 1 else { return quoted.first ?? "" }
        return quoted.dropLast().joined(separator: ", ") + (quoted.count > 2 ? "," : "") + " and " + last
    }
}
