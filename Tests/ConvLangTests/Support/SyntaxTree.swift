@testable import ConvLang

/// Parsed programs as compact text, so that tests can state a tree's shape in one
/// readable line: `for(i in call(range, n)){(y += 1)}`, `def f(x, y=1) {return(x)}`.
///
/// Expressions: operators are parenthesised (`(a + b)`, `(a < b <= c)`, `not(a)`),
/// calls are `call(f, a, k=v, *s, **m)`, subscripts `sub(x, i, 1:2:)`, conditionals
/// `if(cond, then, else)`, comprehensions `listcomp(e for x in y if c)`, f-strings
/// `fstr('text' {x!r:fstr('>' {w})} {'x=' x!r})`. Statements in a body are separated
/// by `; `.
enum SyntaxTree {
    /// The whole program (statements separated by `; `).
    static func parse(_ code: String) throws(Diagnostic) -> String {
        describe(try Parser.parse(SourceText(code)).statements)
    }

    /// The diagnostic parsing `code` gives, or `nil` when it parses.
    static func error(_ code: String) -> Diagnostic? {
        do {
            _ = try Parser.parse(SourceText(code))
            return nil
        } catch {
            return error
        }
    }

    /// `kind: message @line:column` of the error parsing `code` gives.
    static func errorLine(_ code: String) -> String? {
        guard let error = error(code) else { return nil }
        let location = SourceText(code).location(of: error.range?.start ?? 0)
        return "\(error.headline) @\(location.line):\(location.column)"
    }

    static func describe(_ statements: [Statement]) -> String {
        statements.map(describe).joined(separator: "; ")
    }

    static func block(_ statements: [Statement]) -> String { "{" + describe(statements) + "}" }

    static func describe(_ statement: Statement) -> String {
        switch statement {
        case .expression(let e): return describe(e)
        case .assign(let targets, let value, _): return (targets + [value]).map(describe).joined(separator: " = ")
        case .augmentedAssign(let target, let op, let value, _): return "(\(describe(target)) \(op)= \(describe(value)))"
        case .annotatedAssign(let target, let annotation, let value, _):
            return "\(describe(target)): \(describe(annotation))" + (value.map { " = " + describe($0) } ?? "")
        case .importModule(let path, let alias, _):
            return "import " + path.joined(separator: ".") + (alias.map { " as \($0)" } ?? "")
        case .importFrom(let path, let names, _):
            return "from \(path.joined(separator: ".")) import " + names.map { $0.name + ($0.alias.map { " as \($0)" } ?? "") }.joined(separator: ", ")
        case .pass: return "pass"
        case .help(let e, _, _): return "help(\(describe(e)))"
        case .ifStatement(let branches, let orElse, _):
            var text = branches.enumerated().map { i, branch in
                (i == 0 ? "if(" : " elif(") + describe(branch.condition) + ")" + block(branch.body)
            }.joined()
            if let orElse { text += " else" + block(orElse) }
            return text
        case .whileStatement(let condition, let body, let orElse, _):
            return "while(\(describe(condition)))" + block(body) + (orElse.map { " else" + block($0) } ?? "")
        case .forStatement(let target, let iterable, let body, let orElse, _):
            return "for(\(describe(target)) in \(describe(iterable)))" + block(body) + (orElse.map { " else" + block($0) } ?? "")
        case .breakStatement: return "break"
        case .continueStatement: return "continue"
        case .returnStatement(let value, _): return value.map { "return(\(describe($0)))" } ?? "return"
        case .functionDefinition(let f):
            var text = f.decorators.map { "@\(describe($0)) " }.joined()
            text += "def \(f.name)(\(describe(f.parameters)))"
            if let returns = f.returnAnnotation { text += " -> \(describe(returns))" }
            if let doc = f.docstring { text += " \"\(doc)\"" }
            return text + " " + block(f.body)
        case .classDefinition(let c):
            var text = c.decorators.map { "@\(describe($0)) " }.joined()
            let arguments = c.bases.map(describe) + c.keywords.map(describe)
            text += "class \(c.name)" + (arguments.isEmpty ? "" : "(\(arguments.joined(separator: ", ")))")
            if let doc = c.docstring { text += " \"\(doc)\"" }
            return text + " " + block(c.body)
        case .tryStatement(let body, let handlers, let orElse, let finallyBody, _):
            var text = "try" + block(body)
            for handler in handlers {
                text += " except"
                if let type = handler.type { text += "(" + describe(type) + (handler.name.map { " as \($0)" } ?? "") + ")" }
                text += block(handler.body)
            }
            if let orElse { text += " else" + block(orElse) }
            if let finallyBody { text += " finally" + block(finallyBody) }
            return text
        case .raise(let exception, let cause, _):
            guard let exception else { return "raise" }
            return "raise(\(describe(exception))" + (cause.map { " from \(describe($0))" } ?? "") + ")"
        case .assert(let condition, let message, _):
            return "assert(\(describe(condition))" + (message.map { ", \(describe($0))" } ?? "") + ")"
        case .with(let items, let body, _):
            let parts = items.map { describe($0.context) + ($0.target.map { " as \(describe($0))" } ?? "") }
            return "with(\(parts.joined(separator: ", ")))" + block(body)
        case .global(let names, _): return "global(\(names.joined(separator: ", ")))"
        case .nonlocal(let names, _): return "nonlocal(\(names.joined(separator: ", ")))"
        case .delete(let targets, _): return "del(\(targets.map(describe).joined(separator: ", ")))"
        case .magic(let name, let argument, let body, _):
            if let body { return "%%\(name)(\(argument.debugDescription)){\(body.debugDescription)}" }
            return "%\(name)(\(argument.debugDescription))"
        case .shell(let command, _): return "!(\(command.debugDescription))"
        }
    }

    static func describe(_ parameters: [ParameterSyntax]) -> String {
        var parts: [String] = []
        var slashDone = false
        var starDone = false
        for (i, p) in parameters.enumerated() {
            if !slashDone, i > 0, parameters[i - 1].isPositionalOnly, !p.isPositionalOnly {
                parts.append("/")
                slashDone = true
            }
            var text: String
            switch p.kind {
            case .regular: text = p.name
            case .variadicPositional: text = "*" + p.name; starDone = true
            case .keywordOnly:
                if !starDone { parts.append("*"); starDone = true }
                text = p.name
            case .variadicKeyword: text = "**" + p.name
            }
            if let annotation = p.annotation { text += ": " + describe(annotation) }
            if let value = p.defaultValue { text += "=" + describe(value) }
            parts.append(text)
        }
        if !slashDone, parameters.last?.isPositionalOnly == true { parts.append("/") }
        return parts.joined(separator: ", ")
    }

    static func describe(_ argument: CallArgument) -> String {
        if let name = argument.name { return "\(name)=\(describe(argument.value))" }
        if argument.isDoubleStarred { return "**" + describe(argument.value) }
        if argument.isStarred { return "*" + describe(argument.value) }
        return describe(argument.value)
    }

    static func describe(_ expression: Expression) -> String {
        switch expression {
        case .name(let n, _): return n
        case .integer(let v, _): return "\(v)"
        case .float(let v, _): return "\(v)"
        case .string(let s, _): return s.quoted
        case .bool(let b, _): return b ? "True" : "False"
        case .none: return "None"
        case .ellipsis: return "..."
        case .list(let items, _): return "[" + items.map(describe).joined(separator: ", ") + "]"
        case .tuple(let items, _):
            return "(" + items.map(describe).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        case .set(let items, _): return "{" + items.map(describe).joined(separator: ", ") + "}"
        case .dict(let entries, _):
            return "{" + entries.map { entry -> String in
                if case .starred(let mapping, _) = entry.key { return "**" + describe(mapping) }
                return describe(entry.key) + ": " + describe(entry.value)
            }.joined(separator: ", ") + "}"
        case .attribute(let base, let name, _, _): return describe(base) + "." + name
        case .call(let callee, let arguments, _):
            return "call(" + ([describe(callee)] + arguments.map(describe)).joined(separator: ", ") + ")"
        case .subscription(let base, let items, _):
            return "sub(" + ([describe(base)] + items.map(describe)).joined(separator: ", ") + ")"
        case .unary(let op, let operand, _): return "\(op)(\(describe(operand)))"
        case .binary(let op, let lhs, let rhs, _, _): return "(\(describe(lhs)) \(op) \(describe(rhs)))"
        case .compare(let first, let rest, _):
            return "(" + describe(first) + rest.map { " \($0.op) " + describe($0.operand) }.joined() + ")"
        case .logical(let op, let lhs, let rhs, _): return "(\(describe(lhs)) \(op) \(describe(rhs)))"
        case .not(let operand, _): return "not(\(describe(operand)))"
        case .starred(let inner, _): return "*" + describe(inner)
        case .conditional(let condition, let then, let otherwise, _):
            return "if(\(describe(condition)), \(describe(then)), \(describe(otherwise)))"
        case .lambda(let parameters, let body, _): return "lambda(\(describe(parameters)): \(describe(body)))"
        case .comprehension(let c, _):
            let name = switch c.kind {
            case .list: "listcomp"
            case .set: "setcomp"
            case .dict: "dictcomp"
            case .generator: "genexp"
            }
            var text = describe(c.element) + (c.value.map { ": " + describe($0) } ?? "")
            for clause in c.clauses {
                switch clause {
                case .loop(let target, let iterable): text += " for \(describe(target)) in \(describe(iterable))"
                case .filter(let condition): text += " if \(describe(condition))"
                }
            }
            return "\(name)(\(text))"
        case .formattedString(let parts, _): return "fstr(" + describe(parts) + ")"
        }
    }

    static func describe(_ parts: [FormattedPart]) -> String {
        parts.map { part -> String in
            switch part {
            case .literal(let text): return text.quoted
            case .field(let value, let conversion, let spec, let selfDocumenting):
                var text = "{"
                if let selfDocumenting { text += selfDocumenting.quoted + " " }
                text += describe(value)
                if let conversion { text += "!\(conversion)" }
                if !spec.isEmpty { text += ":fstr(" + describe(spec) + ")" }
                return text + "}"
            }
        }.joined(separator: " ")
    }

    static func describe(_ item: SubscriptItem) -> String {
        switch item {
        case .index(let e): return describe(e)
        case .slice(let start, let stop, let step, _):
            return [start, stop, step].map { $0.map(describe) ?? "" }.joined(separator: ":")
        }
    }
}

private extension String {
    /// Python's repr of the text, in single quotes.
    var quoted: String { "'" + String(debugDescription.dropFirst().dropLast()) + "'" }
}
