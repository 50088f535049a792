/// Completions for the text before a cursor.
public struct CompletionResult: Sendable, Hashable {
    /// The candidates, best first (keyword arguments of the call being typed lead).
    public var matches: [String]
    /// The range of the text the chosen match replaces, in Unicode code points (as
    /// Jupyter counts cursor positions).
    public var cursorStart: Int
    public var cursorEnd: Int
    /// What each match names, in the order of ``matches``.
    public var types: [CompletionType]
}

extension Interpreter {
    /// What may complete the word at `cursor` (a code-point offset): names, attributes
    /// after `.` (tensor methods, layer fields, `F.` and `nn.` members) and keyword
    /// names inside a call. Runs inside the session (``withSession(_:)``), as the
    /// chain before a `.` may be evaluated.
    public func complete(_ code: String, cursor: Int) -> CompletionResult {
        withSession { completions(code, cursor: cursor) }
    }

    private func completions(_ code: String, cursor: Int) -> CompletionResult {
        let source = SourceText(code)
        let end = source.byteOffset(ofCodePoint: cursor)
        let bytes = source.bytes
        var start = end
        while start > 0, Self.isIdentifierByte(bytes[start - 1]) { start -= 1 }
        let prefix = String(decoding: bytes[start..<end], as: UTF8.self)
        var candidates: [String] = []
        /// The value whose attributes complete (after a `.`).
        var base: Value?
        if start > 0, bytes[start - 1] == UInt8(ascii: ".") {
            if let chain = dottedChain(endingAt: start - 1, in: bytes), let value = try? evaluateChain(chain) {
                base = value
                candidates = MemberRegistry.names(of: value).sorted()
            }
        } else {
            if let callee = enclosingCallee(before: start, in: bytes), let value = try? evaluateChain(callee) {
                candidates += parameterNames(of: value).map { $0 + "=" }
            }
            let names = Set(globals.keys).union(Library.globals.keys).union(extensions.keys).union(Self.completedKeywords)
            candidates += names.sorted()
        }
        var seen = Set<String>()
        let matches = candidates.filter { $0.hasPrefix(prefix) && !$0.hasPrefix("_") && seen.insert($0).inserted }
        // With nothing to offer, nothing is replaced (ipykernel answers the cursor for both ends).
        if matches.isEmpty { start = end }
        return CompletionResult(matches: matches, cursorStart: source.codePointOffset(ofByte: start),
                                cursorEnd: source.codePointOffset(ofByte: end),
                                types: matches.map { completionType(of: $0, after: base) })
    }

    /// The keywords offered among the names: all of Python's, as Jedi offers them.
    private static let completedKeywords = Keywords.all

    /// What a match names: an attribute of `base`, a keyword argument (`name=`), a
    /// keyword, or a name's value; `instance` when it cannot be read.
    private func completionType(of match: String, after base: Value?) -> CompletionType {
        let range = SourceRange(0, 0)
        if let base { return (try? attribute(of: base, match, at: range)).map(CompletionType.of) ?? .instance }
        if match.hasSuffix("=") { return .param }
        if Self.completedKeywords.contains(match) { return .keyword }
        return (try? lookup(match, at: range)).map(CompletionType.of) ?? .instance
    }

    /// The help text for the name under `cursor`, or `nil` when there is none; at
    /// `detailLevel` 1 a user function's shows its source (IPython's `f??`). Runs inside
    /// the session, so values print under its print options and cap.
    public func inspect(_ code: String, cursor: Int, detailLevel: Int = 0) -> String? {
        withSession { help(code, cursor: cursor, detailLevel: detailLevel) }
    }

    private func help(_ code: String, cursor: Int, detailLevel: Int) -> String? {
        let source = SourceText(code)
        let bytes = source.bytes
        var end = source.byteOffset(ofCodePoint: cursor)
        while end < bytes.count, Self.isIdentifierByte(bytes[end]) { end += 1 }
        // Inside a call's parentheses with nothing under the cursor: the callee.
        var chainEnd = end
        if chainEnd == 0 || !Self.isIdentifierByte(bytes[chainEnd - 1]) {
            guard let callee = enclosingCallee(before: chainEnd, in: bytes), let value = try? evaluateChain(callee) else { return nil }
            return Help.text(for: value, named: callee.joined(separator: "."), detailLevel: detailLevel)
        }
        while chainEnd > 0, bytes[chainEnd - 1] == UInt8(ascii: " ") { chainEnd -= 1 }
        guard let chain = dottedChain(endingAt: chainEnd, in: bytes), let value = try? evaluateChain(chain) else { return nil }
        return Help.text(for: value, named: chain.joined(separator: "."), detailLevel: detailLevel)
    }

    static func isIdentifierByte(_ b: UInt8) -> Bool {
        (65...90).contains(b) || (97...122).contains(b) || (48...57).contains(b) || b == 95 || b >= 0x80
    }

    /// The names of `a.b.c` ending just before byte `end` (no calls or subscripts).
    private func dottedChain(endingAt end: Int, in bytes: [UInt8]) -> [String]? {
        var parts: [String] = []
        var position = end
        while true {
            var start = position
            while start > 0, Self.isIdentifierByte(bytes[start - 1]) { start -= 1 }
            guard start < position else { return nil }
            parts.insert(String(decoding: bytes[start..<position], as: UTF8.self), at: 0)
            guard start > 0, bytes[start - 1] == UInt8(ascii: ".") else { break }
            position = start - 1
        }
        guard let first = parts.first?.utf8.first, !(48...57).contains(first) else { return nil }
        return parts
    }

    /// The callee of the innermost call whose parenthesis is open before `end`.
    private func enclosingCallee(before end: Int, in bytes: [UInt8]) -> [String]? {
        var depth = 0
        var position = end
        while position > 0 {
            position -= 1
            switch bytes[position] {
            case UInt8(ascii: ")"), UInt8(ascii: "]"): depth += 1
            case UInt8(ascii: "["): depth -= 1
            case UInt8(ascii: "("):
                if depth == 0 { return dottedChain(endingAt: position, in: bytes) }
                depth -= 1
            case UInt8(ascii: "\n") where depth == 0:
                return nil
            default: break
            }
        }
        return nil
    }

    /// The value of `a.b.c`, by lookups and attribute reads only (no calls).
    private func evaluateChain(_ parts: [String]) throws(Diagnostic) -> Value {
        let range = SourceRange(0, 0)
        var value = try lookup(parts[0], at: range)
        for part in parts.dropFirst() { value = try attribute(of: value, part, at: range) }
        return value
    }

    private func parameterNames(of value: Value) -> [String] {
        switch value {
        case .function(let f): f.parameters.filter(\.acceptsKeyword).map(\.name)
        case .userFunction(let f): f.parameters.map(\.parameter).filter { $0.kind == .positionalOrKeyword || $0.kind == .keywordOnly }.map(\.name)
        case .method(let receiver, let name): MemberRegistry.method(name, of: receiver)?.parameters.filter(\.acceptsKeyword).map(\.name) ?? []
        case .nnModule(let module): ModuleMembers.forward(of: module).parameters.map(\.name)
        case .classObject(let cls) where cls.isHostClass: cls.constructor?.parameters.filter(\.acceptsKeyword).map(\.name) ?? []
        default: []
        }
    }
}
