import ConvEngine

/// A function the language provides: its PyTorch signature, documentation for `help`,
/// and its body.
public struct Builtin: Sendable {
    /// One parameter: `name`, `name=default`, `*name` (collects the other positional
    /// arguments, as a tuple) or `**name` (collects the other keyword arguments, as a
    /// dict).
    public struct Parameter: Sendable {
        public var name: String
        public var defaultValue: Value?
        public var isVariadic: Bool
        public var isKeywordOnly: Bool
        /// Before a `/`: given by position only (`list.append(object, /)`).
        public var isPositionalOnly = false
        /// `**name`.
        public var collectsKeywords = false

        public var isRequired: Bool { defaultValue == nil && !isVariadic && !collectsKeywords }
        /// Whether a call may name it (`f(name=...)`).
        public var acceptsKeyword: Bool { !isVariadic && !isPositionalOnly && !collectsKeywords }
    }

    public typealias Body = @Sendable (inout Call) throws(Diagnostic) -> Value

    /// The name it is called by (`conv_transpose2d`).
    public let name: String
    /// Where it lives (`torch.nn.functional.conv_transpose2d`).
    public let qualifiedName: String
    public let parameters: [Parameter]
    /// One paragraph: what it does.
    public let summary: String
    /// A line of ConvLang showing it in use.
    public let example: String
    public let body: Body
    /// For a type's method reached unbound (`str.upper`), the type's name: it prints as
    /// `<method 'upper' of 'str' objects>`.
    var unboundMethodOf: String?
    /// Whether it runs its work under a grad mode of its own (a function decorated with
    /// `@torch.no_grad()`), so that its results may leave the graph by design.
    var setsItsOwnGradMode = false
    /// For a host class's method or constructor, the name of the Python method it
    /// stands for (`Counter.bump`, `Counter.__init__`): argument errors name it and
    /// count its `self`, as CPython's do.
    var pythonMethodName: String?
    /// Whose argument errors the builtin gives: CPython's, or those of PyTorch's parser
    /// for its native functions.
    var argumentParser = ArgumentParser.python

    /// Declares a builtin. `signature` is written as in Python:
    /// `"input, weight, bias=None, stride=1, *, dtype=None"`, `"iterable=None, /, **kwargs"`;
    /// defaults are literals.
    public init(_ qualifiedName: String, _ signature: String, summary: String, example: String, body: @escaping Body) {
        self.qualifiedName = qualifiedName
        self.name = String(qualifiedName.split(separator: ".").last!)
        self.summary = summary
        self.example = example
        self.body = body
        var keywordOnly = false
        var parameters: [Parameter] = []
        for part in signature.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            if part == "*" { keywordOnly = true; continue }
            if part == "/" {
                for i in parameters.indices { parameters[i].isPositionalOnly = true }
                continue
            }
            if part.hasPrefix("**") {
                parameters.append(Parameter(name: String(part.dropFirst(2)), defaultValue: nil, isVariadic: false, isKeywordOnly: true,
                                            collectsKeywords: true))
                continue
            }
            if part.hasPrefix("*") {
                parameters.append(Parameter(name: String(part.dropFirst()), defaultValue: nil, isVariadic: true, isKeywordOnly: false))
                keywordOnly = true
                continue
            }
            let pieces = part.split(separator: "=", maxSplits: 1).map(String.init)
            parameters.append(Parameter(name: pieces[0], defaultValue: pieces.count == 2 ? Builtin.literal(pieces[1]) : nil,
                                        isVariadic: false, isKeywordOnly: keywordOnly))
        }
        self.parameters = parameters
    }

    /// The builtin with PyTorch's argument parser (``ArgumentParser/aten(overloads:)``).
    func parsedLikeATen(overloads: [ATenSignature] = []) -> Builtin {
        var copy = self
        copy.argumentParser = .aten(overloads: overloads)
        return copy
    }

    /// The signature as `help` shows it: `conv2d(input, weight, bias=None, ...)`.
    public var signatureText: String {
        var parts: [String] = []
        var starred = false
        for (i, p) in parameters.enumerated() {
            if p.isKeywordOnly && !p.collectsKeywords && !starred && !p.isVariadic && !parameters.contains(where: \.isVariadic) {
                parts.append("*")
                starred = true
            }
            if p.collectsKeywords {
                parts.append("**" + p.name)
            } else if p.isVariadic {
                parts.append("*" + p.name)
            } else if let d = p.defaultValue {
                parts.append("\(p.name)=\(d.reprText)")
            } else {
                parts.append(p.name)
            }
            if p.isPositionalOnly, i + 1 == parameters.count || !parameters[i + 1].isPositionalOnly { parts.append("/") }
        }
        return "\(qualifiedName)(\(parts.joined(separator: ", ")))"
    }

    private static func literal(_ text: String) -> Value {
        switch text {
        case "None": return .none
        case "True": return .bool(true)
        case "False": return .bool(false)
        default:
            if let i = Int64(text) { return .int(i) }
            if let d = Double(text) { return .float(d) }
            if text.hasPrefix("'") {
                return .string(String(text.dropFirst().dropLast()).replacingOccurrences(of: "\\n", with: "\n"))
            }
            return .none
        }
    }
}

/// Whose words a builtin's argument errors are in.
enum ArgumentParser: Sendable {
    /// CPython's, as for a function defined in Python.
    case python
    /// PyTorch's parser for a native function: a missing argument in its words and, for
    /// a function of several signatures (`overloads`, ``ATenSignature``), a call none
    /// accepts refused as "an invalid combination of arguments". A function of one
    /// signature binds by the Python one, whose other errors PyTorch words as CPython.
    case aten(overloads: [ATenSignature])
}

/// The arguments of one call, bound to a builtin's parameters, with the call's source
/// ranges for diagnostics and the interpreter for what builtins need from the session.
public struct Call {
    public let builtin: Builtin
    public let interpreter: Interpreter
    /// The whole call, for errors that belong to it.
    public let range: SourceRange
    /// Bound values by parameter name (variadics as a tuple, collected keywords as a dict).
    var values: [String: Value] = [:]
    /// Where each bound argument came from.
    var ranges: [String: SourceRange] = [:]
    /// Whether the caller passed the parameter (rather than taking its default).
    var given: Set<String> = []
    /// The parameters the caller passed by position (their errors name the position).
    var givenByPosition: Set<String> = []
    /// The object a method was called on (`x` in `x.size()`, `w` in `w.observe(f)`).
    public internal(set) var receiver: Value?

    init(builtin: Builtin, interpreter: Interpreter, range: SourceRange,
         positional: [(Value, SourceRange)], keywords: [(name: String, nameRange: SourceRange, value: Value, range: SourceRange)])
        throws(Diagnostic)
    {
        self.builtin = builtin
        self.interpreter = interpreter
        self.range = range
        let params = builtin.parameters
        // A Python method's errors count its `self` among the positional arguments.
        let callName = builtin.pythonMethodName ?? builtin.name
        let selfCount = builtin.pythonMethodName == nil ? 0 : 1
        let positionalParams = params.filter { !$0.isKeywordOnly && !$0.isVariadic }
        var rest: [Value] = []
        for (i, (value, r)) in positional.enumerated() {
            if i < positionalParams.count {
                values[positionalParams[i].name] = value
                ranges[positionalParams[i].name] = r
                given.insert(positionalParams[i].name)
                givenByPosition.insert(positionalParams[i].name)
            } else if params.contains(where: \.isVariadic) {
                rest.append(value)
            } else {
                let most = positionalParams.count + selfCount
                let least = positionalParams.filter(\.isRequired).count + selfCount
                let takes = least == most ? "\(most)" : "from \(least) to \(most)"
                throw Diagnostic(.type, "\(callName)() takes \(takes) positional argument\(most == 1 ? "" : "s") but \(positional.count + selfCount) were given", r)
            }
        }
        if let variadic = params.first(where: \.isVariadic) {
            values[variadic.name] = .tuple(rest)
            if let first = positional.dropFirst(positionalParams.count).first?.1, let last = positional.last?.1 {
                ranges[variadic.name] = first.union(last)
            }
            if !rest.isEmpty { given.insert(variadic.name) }
        }
        let collector = params.first(where: \.collectsKeywords)
        var collected: [(key: Value, value: Value)] = []
        for keyword in keywords {
            // `torch.rand(size=(2, 3))`: a variadic parameter may also be named, alone.
            if let variadic = params.first(where: { $0.isVariadic && $0.name == keyword.name }), !given.contains(variadic.name) {
                values[variadic.name] = .tuple([keyword.value])
                ranges[variadic.name] = keyword.range
                given.insert(variadic.name)
                continue
            }
            guard let param = params.first(where: { $0.name == keyword.name && $0.acceptsKeyword }) else {
                if let collector {
                    collected.removeAll { Interpreter.keysEqual($0.key, .string(keyword.name)) }
                    collected.append((.string(keyword.name), keyword.value))
                    ranges[collector.name] = ranges[collector.name].map { $0.union(keyword.range) } ?? keyword.range
                    given.insert(collector.name)
                    continue
                }
                // Python's methods whose parameters are all positional-only (`list.append`).
                if params.contains(where: \.isPositionalOnly), !params.contains(where: \.acceptsKeyword) {
                    throw Diagnostic(.type, "\(builtin.qualifiedName)() takes no keyword arguments", keyword.nameRange)
                }
                let names = params.filter(\.acceptsKeyword).map(\.name)
                throw Diagnostic(.type, "\(callName)() got an unexpected keyword argument '\(keyword.name)'", keyword.nameRange,
                                 note: Suggestions.didYouMean(keyword.name, among: names))
            }
            guard values[param.name] == nil || !given.contains(param.name) else {
                throw Diagnostic(.type, "\(callName)() got multiple values for argument '\(param.name)'", keyword.nameRange)
            }
            values[param.name] = keyword.value
            ranges[param.name] = keyword.range
            given.insert(param.name)
        }
        if let collector { values[collector.name] = .newDict(collected) }
        let missing = params.filter { $0.isRequired && values[$0.name] == nil }.map(\.name)
        if !missing.isEmpty, case .aten = builtin.argumentParser {
            // PyTorch's `missing_args`, whose plural is the other way round.
            let list = missing.map { "\"\($0)\"" }.joined(separator: ", ")
            throw Diagnostic(.type, "\(callName)() missing \(missing.count) required positional argument\(missing.count == 1 ? "s" : ""): \(list)", range)
        }
        if !missing.isEmpty {
            let list = missing.map { "'\($0)'" }
            let joined = list.count == 1 ? list[0] : list.dropLast().joined(separator: ", ") + " and " + list.last!
            throw Diagnostic(.type, "\(callName)() missing \(missing.count) required positional argument\(missing.count == 1 ? "" : "s"): \(joined)", range)
        }
        for p in params where values[p.name] == nil { values[p.name] = p.defaultValue ?? Value.none }
    }

    /// The value bound to `name`.
    public subscript(_ name: String) -> Value { values[name] ?? .none }

    /// The source of argument `name`, or the whole call.
    public func range(of name: String) -> SourceRange { ranges[name] ?? range }

    /// Whether the caller gave `name`.
    public func has(_ name: String) -> Bool { given.contains(name) }

    /// PyTorch's "argument 'name' (position n) must be ..., not ...": the position only
    /// when the argument was passed by position.
    public func typeError(_ name: String, expected: String) -> Diagnostic {
        let index = givenByPosition.contains(name) ? builtin.parameters.firstIndex { $0.name == name } : nil
        let position = index.map { " (position \($0 + 1))" } ?? ""
        return Diagnostic(.type, "\(builtin.name)(): argument '\(name)'\(position) must be \(expected), not \(self[name].typeName)", range(of: name))
    }

    // MARK: - Typed access

    public func tensor(_ name: String) throws(Diagnostic) -> Tensor {
        if case .tensor(let box) = self[name] { return box.tensor }
        throw typeError(name, expected: "Tensor")
    }

    public func optionalTensor(_ name: String) throws(Diagnostic) -> Tensor? {
        if case .none = self[name] { return nil }
        return try tensor(name)
    }

    public func int(_ name: String) throws(Diagnostic) -> Int {
        switch self[name] {
        case .int(let i): return Int(i)
        case .bool(let b): return b ? 1 : 0
        case .tensor(let box) where box.tensor.count == 1 && !box.tensor.dtype.isFloatingPoint:
            return box.tensor.integerItem!
        case .ndarray(let box) where box.tensor.count == 1 && box.tensor.dtype.isIntegral:
            return box.tensor.integerItem ?? 0
        default: throw typeError(name, expected: "int")
        }
    }

    public func optionalInt(_ name: String) throws(Diagnostic) -> Int? {
        if case .none = self[name] { return nil }
        return try int(name)
    }

    public func double(_ name: String) throws(Diagnostic) -> Double {
        switch self[name] {
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .tensor(let box) where box.tensor.count == 1: return box.tensor.doubles[0]
        case .ndarray(let box) where box.tensor.count == 1: return box.tensor.doubles[0]
        default: throw typeError(name, expected: "float")
        }
    }

    public func bool(_ name: String) throws(Diagnostic) -> Bool {
        switch self[name] {
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .none: return false
        default: throw typeError(name, expected: "bool")
        }
    }

    public func string(_ name: String) throws(Diagnostic) -> String {
        if case .string(let s) = self[name] { return s }
        throw typeError(name, expected: "str")
    }

    /// An int, or a list, tuple or `torch.Size` of ints.
    public func ints(_ name: String) throws(Diagnostic) -> [Int] {
        switch self[name] {
        case .int(let i): return [Int(i)]
        case .size(let dims): return dims
        case .range(let r) where r.count <= EngineContext.current.maxElements: return r.items.map { Int($0) }
        case .list, .tuple:
            var out: [Int] = []
            for item in self[name].listOrTupleItems ?? [] {
                switch item {
                case .int(let i): out.append(Int(i))
                case .tensor(let box) where box.tensor.count == 1 && !box.tensor.dtype.isFloatingPoint:
                    out.append(box.tensor.integerItem!)
                case .ndarray(let box) where box.tensor.count == 1 && box.tensor.dtype.isIntegral:
                    out.append(box.tensor.integerItem ?? 0)
                default: throw typeError(name, expected: "tuple of ints")
                }
            }
            return out
        default: throw typeError(name, expected: "tuple of ints")
        }
    }

    /// Sizes given as `f(2, 3)`, `f((2, 3))`, `f([2, 3])` or `f(torch.Size([2, 3]))`
    /// through a variadic parameter.
    func sizes(_ name: String) throws(Diagnostic) -> [Int] {
        guard case .tuple(let items) = self[name] else { return try ints(name) }
        if items.count == 1 {
            switch items[0] {
            case .list, .tuple, .size:
                var copy = self
                copy.values[name] = items[0]
                return try copy.ints(name)
            default: break
            }
        }
        var copy = self
        copy.values[name] = .tuple(items)
        return try copy.ints(name)
    }

    func optionalDType(_ name: String) throws(Diagnostic) -> DType? {
        switch self[name] {
        case .none: return nil
        case .dtype(let d): return d
        default: throw typeError(name, expected: "torch.dtype")
        }
    }

    /// A list or tuple of tensors.
    func tensors(_ name: String) throws(Diagnostic) -> [Tensor] {
        switch self[name] {
        case .list, .tuple:
            var out: [Tensor] = []
            for item in self[name].listOrTupleItems ?? [] {
                guard case .tensor(let box) = item else { throw typeError(name, expected: "tuple of Tensors") }
                out.append(box.tensor)
            }
            return out
        default: throw typeError(name, expected: "tuple of Tensors")
        }
    }

    /// Runs an engine operation, turning its errors into diagnostics at the call.
    public func engine<T>(_ body: () throws(EngineError) -> T) throws(Diagnostic) -> T {
        try EngineCall.run(at: range, body)
    }
}

/// "did you mean ...?" from the closest candidate by edit distance (Damerau).
public enum Suggestions {
    public static func didYouMean(_ word: String, among candidates: [String]) -> String? {
        closest(to: word, in: candidates).map { "did you mean '\($0)'?" }
    }

    static func closest(to word: String, in candidates: [String]) -> String? {
        let length = word.count
        let limit = max(1, (length + 1) / 3)
        // Closest ignoring case, then closest with case, then alphabetical: deterministic.
        // The distance is at least the difference in length, so only candidates of
        // about the same length are compared (a long mistyped name stays cheap).
        let scored = candidates.filter { $0 != word && abs($0.count - length) <= limit }.map { candidate in
            (candidate, distance(word.lowercased(), candidate.lowercased()), distance(word, candidate))
        }.filter { $0.1 <= limit }
        return scored.min { ($0.1, $0.2, $0.0) < ($1.1, $1.2, $1.0) }?.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var beforePrevious = previous
        for i in 1...x.count {
            var row = [i] + Array(repeating: 0, count: y.count)
            for j in 1...y.count {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
                // A swap of neighbours counts as one edit (Damerau).
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    row[j] = min(row[j], beforePrevious[j - 2] + 1)
                }
            }
            beforePrevious = previous
            previous = row
        }
        return previous[y.count]
    }
}
