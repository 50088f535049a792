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

    /// `f?` (`detailLevel` 0) and `f??` (1): IPython's inspector fields for a function,
    /// coloured as ipykernel sends them: the signature, then the docstring, or at level 1
    /// the function's source, then the type. (IPython's `File:` line, a temporary file
    /// of ipykernel's, has no counterpart: ConvLab's cells are not files.)
    static func inspector(_ function: UserFunction, detailLevel: Int = 0) -> String {
        var fields = [("Signature", SourceColors.colored(inspectorSignature(function)))]
        if detailLevel > 0, let source = source(of: function) {
            fields.append(("Source", SourceColors.colored(source)))
        } else {
            fields.append(("Docstring", cleanedDocstring(function) ?? "<no docstring>"))
        }
        fields.append(("Type", "function"))
        return InspectorFields.text(fields)
    }

    /// IPython's `_render_signature`: `f(a, b=2)`, or one parameter a line when that
    /// would pass 75 characters.
    static func inspectorSignature(_ function: UserFunction) -> String {
        let parts = parameterParts(function)
        if function.name.count + parts.reduce(0, { $0 + $1.count + 2 }) > 75 {
            return "\(function.name)(\n" + parts.map { "    \($0),\n" }.joined() + ")"
        }
        return "\(function.name)(\(parts.joined(separator: ", ")))"
    }

    /// The lines of the `def` in the cell that defined it (`inspect.getsource`).
    static func source(of function: UserFunction) -> String? {
        guard !function.code.isLambda, let lines = function.code.origin.lines else { return nil }
        let source = function.code.origin.source
        guard lines.upperBound <= source.lineStarts.count else { return nil }
        return lines.map { source.line($0) }.joined(separator: "\n") + "\n"
    }

    /// `f(a, b=2, *args, c, **kw)`.
    static func signatureText(_ function: UserFunction) -> String {
        "\(function.name)(\(parameterList(function)))"
    }

    /// The parameters as `inspect.Signature` writes them, with `/` after positional-only
    /// parameters and a bare `*` before keyword-only ones when there is no `*args`.
    static func parameterList(_ function: UserFunction) -> String {
        parameterParts(function).joined(separator: ", ")
    }

    /// ``parameterList(_:)``'s items.
    static func parameterParts(_ function: UserFunction) -> [String] {
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
        return parts
    }

    /// The docstring as `inspect.cleandoc` leaves it: the first line stripped, the
    /// common indentation of the others removed, blank lines at both ends dropped.
    static func cleanedDocstring(_ function: UserFunction) -> String? {
        function.code.docstring.map(cleaned)
    }

    /// A docstring as `inspect.cleandoc` leaves it.
    static func cleaned(_ doc: String) -> String {
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
