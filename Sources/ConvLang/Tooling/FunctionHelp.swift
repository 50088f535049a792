/// What `help(f)` and `f?` show for a function the user defined: its own signature
/// (defaults by their repr, as `inspect.signature` prints them) and its docstring
/// (cleaned as `inspect.cleandoc` cleans it).
enum FunctionHelp {
    /// `help(f)`: pydoc's page for a function.
    static func pydoc(_ function: UserFunction) -> String {
        var page = "Help on function \(function.name) in module __main__:\n\n"
        page += function.code.isLambda ? "\(function.name) lambda \(parameterList(function))\n"
                                       : "\(signatureText(function))\n"
        if let doc = cleanedDocstring(function) {
            page += doc.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n"
        }
        return page + "\n"
    }

    /// `f?`: IPython's inspector fields for a function.
    static func inspector(_ function: UserFunction) -> String {
        let doc = cleanedDocstring(function).map { "\n" + $0 } ?? " <no docstring>"
        return "Signature: \(signatureText(function))\nDocstring:\(doc)\nType:      function"
    }

    /// `f(a, b=2, *args, c, **kw)`.
    static func signatureText(_ function: UserFunction) -> String {
        "\(function.name)(\(parameterList(function)))"
    }

    /// The parameters as `inspect.Signature` writes them, with `/` after positional-only
    /// parameters and a bare `*` before keyword-only ones when there is no `*args`.
    static func parameterList(_ function: UserFunction) -> String {
        let parameters = function.code.signature.parameters
        var parts: [String] = []
        for (i, p) in parameters.enumerated() {
            if p.kind == .keywordOnly, !parameters[..<i].contains(where: { $0.kind == .variadicPositional || $0.kind == .keywordOnly }) {
                parts.append("*")
            }
            switch p.kind {
            case .variadicPositional: parts.append("*" + p.name)
            case .variadicKeyword: parts.append("**" + p.name)
            default: parts.append(function.defaults[i].map { "\(p.name)=\($0.reprText)" } ?? p.name)
            }
            if p.kind == .positionalOnly, i + 1 == parameters.count || parameters[i + 1].kind != .positionalOnly {
                parts.append("/")
            }
        }
        return parts.joined(separator: ", ")
    }

    /// The docstring as `inspect.cleandoc` leaves it: the first line stripped, the
    /// common indentation of the others removed, blank lines at both ends dropped.
    static func cleanedDocstring(_ function: UserFunction) -> String? {
        guard let doc = function.code.docstring else { return nil }
        var lines = doc.replacingOccurrences(of: "\t", with: "        ").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let indents = lines.dropFirst().filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix { $0 == " " }.count }
        let margin = indents.min() ?? 0
        if !lines.isEmpty { lines[0] = lines[0].trimmingLeadingSpaces() }
        for i in lines.indices.dropFirst() { lines[i] = String(lines[i].dropFirst(min(margin, lines[i].prefix { $0 == " " }.count))) }
        while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}

private extension String {
    func trimmingLeadingSpaces() -> String { String(drop { $0 == " " }) }
}
