/// A callable's parameters, as Python binds arguments to them: positional-only,
/// positional-or-keyword, `*args`, keyword-only, `**kwargs`, with defaults. One binder
/// serves builtins and user functions alike, with CPython's messages.
public struct Signature: Sendable {
    public struct Parameter: Sendable {
        public enum Kind: Sendable, Hashable {
            case positionalOnly, positionalOrKeyword, variadicPositional, keywordOnly, variadicKeyword
        }

        public var name: String
        public var kind: Kind
        /// Whether the parameter has a default (the value itself belongs to the callable).
        public var hasDefault: Bool

        public init(name: String, kind: Kind, hasDefault: Bool) {
            self.name = name
            self.kind = kind
            self.hasDefault = hasDefault
        }
    }

    /// The name used in messages (`f`, `Net.forward`).
    public var name: String
    public var parameters: [Parameter]

    public init(name: String, parameters: [Parameter]) {
        self.name = name
        self.parameters = parameters
    }

    /// One value (or `nil`: take the default) per parameter, `*args` as a tuple and
    /// `**kwargs` as a dict, from the call's arguments.
    /// - Throws: CPython's TypeErrors for too many or too few arguments, unknown or
    ///   repeated keywords, positional-only parameters passed by keyword.
    public func bind(positional: [Value], keywords: [(name: String, value: Value)], at range: SourceRange) throws(Diagnostic) -> [Value?] {
        var bound = [Value?](repeating: nil, count: parameters.count)
        var given = [Bool](repeating: false, count: parameters.count)
        let positionalSlots = parameters.indices.filter {
            parameters[$0].kind == .positionalOnly || parameters[$0].kind == .positionalOrKeyword
        }
        let variadic = parameters.firstIndex { $0.kind == .variadicPositional }
        let keywordCatchAll = parameters.firstIndex { $0.kind == .variadicKeyword }
        for (i, value) in positional.enumerated() {
            if i < positionalSlots.count {
                bound[positionalSlots[i]] = value
                given[positionalSlots[i]] = true
            } else if variadic == nil {
                throw tooManyPositional(given: positional.count, keywordCount: keywords.count, at: range)
            }
        }
        if let variadic { bound[variadic] = .tuple(Array(positional.dropFirst(positionalSlots.count))); given[variadic] = true }
        var extra: [(key: Value, value: Value)] = []
        var positionalOnlyAsKeyword: [String] = []
        for keyword in keywords {
            if let i = parameters.firstIndex(where: { $0.name == keyword.name && ($0.kind == .positionalOrKeyword || $0.kind == .keywordOnly) }) {
                guard !given[i] else {
                    throw Diagnostic(CallMessage.multipleValues(function: name, argument: keyword.name), range)
                }
                bound[i] = keyword.value
                given[i] = true
            } else if keywordCatchAll != nil {
                if extra.contains(where: { if case .string(let k) = $0.key { k == keyword.name } else { false } }) {
                    throw Diagnostic(CallMessage.multipleKeywordValues(function: name, argument: keyword.name), range)
                }
                extra.append((.string(keyword.name), keyword.value))
            } else if parameters.contains(where: { $0.name == keyword.name && $0.kind == .positionalOnly }) {
                positionalOnlyAsKeyword.append(keyword.name)
            } else {
                throw Diagnostic(CallMessage.unexpectedKeyword(function: name, argument: keyword.name), range)
            }
        }
        if !positionalOnlyAsKeyword.isEmpty {
            throw Diagnostic(CallMessage.positionalOnlyAsKeyword(function: name, arguments: positionalOnlyAsKeyword), range)
        }
        if let keywordCatchAll { bound[keywordCatchAll] = .newDict(extra); given[keywordCatchAll] = true }
        let missingPositional = positionalSlots.filter { !given[$0] && !parameters[$0].hasDefault }.map { parameters[$0].name }
        if !missingPositional.isEmpty { throw missing(missingPositional, kind: "positional", at: range) }
        let missingKeyword = parameters.indices.filter { parameters[$0].kind == .keywordOnly && !given[$0] && !parameters[$0].hasDefault }.map { parameters[$0].name }
        if !missingKeyword.isEmpty { throw missing(missingKeyword, kind: "keyword-only", at: range) }
        return bound
    }

    /// "f() missing 2 required positional arguments: 'a' and 'b'".
    private func missing(_ names: [String], kind: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(CallMessage.missingArguments(function: name, kind: kind, names: names), range)
    }

    /// "f() takes 2 positional arguments but 3 were given" (with CPython's variants for
    /// defaults and keyword-only arguments given).
    private func tooManyPositional(given: Int, keywordCount: Int, at range: SourceRange) -> Diagnostic {
        let slots = parameters.filter { $0.kind == .positionalOnly || $0.kind == .positionalOrKeyword }
        let required = slots.filter { !$0.hasDefault }.count
        let takes = required == slots.count ? "\(slots.count)" : "from \(required) to \(slots.count)"
        let keywordOnlyGiven = keywordCount > 0 && parameters.contains { $0.kind == .keywordOnly }
        return Diagnostic(CallMessage.tooManyPositional(function: name, takes: takes, plural: !(slots.count == 1 && required == slots.count),
                                                        given: given, keywordOnlyGiven: keywordOnlyGiven ? keywordCount : nil), range)
    }
}
