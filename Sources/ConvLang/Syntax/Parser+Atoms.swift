extension Parser {
    // MARK: - Atoms

    mutating func parseAtom() throws(Diagnostic) -> Expression {
        let token = current
        switch token.kind {
        case .name(let name):
            advance()
            return .name(name, token.range)
        case .integer(let v):
            advance()
            return .integer(v, token.range)
        case .float(let v):
            advance()
            return .float(v, token.range)
        case .string(let s):
            advance()
            return .string(s, token.range)
        case .formattedString(let pieces):
            advance()
            return try parseFormattedString(pieces, range: token.range)
        case .keyword("True"):
            advance()
            return .bool(true, token.range)
        case .keyword("False"):
            advance()
            return .bool(false, token.range)
        case .keyword("None"):
            advance()
            return .none(token.range)
        case .symbol("..."):
            advance()
            return .ellipsis(token.range)
        case .symbol("("):
            return try parseParenthesized()
        case .symbol("["):
            return try parseListDisplay()
        case .symbol("{"):
            return try parseBraceDisplay()
        default:
            throw invalidSyntax()
        }
    }

    /// `*iterable` or a named expression: an element of a display.
    private mutating func parseStarNamedExpression() throws(Diagnostic) -> Expression {
        guard current.isSymbol("*") else { return try parseNamedExpression() }
        return try parseStarExpression()
    }

    /// `()`, `(x)`, `(x, *y)`, `(x for x in y)`, `(yield x)`.
    private mutating func parseParenthesized() throws(Diagnostic) -> Expression {
        let open = current.range
        try enter()
        defer { depth -= 1 }
        advance()
        if current.isSymbol(")") {
            let end = current.range
            advance()
            return .tuple([], open.union(end))
        }
        if current.isKeyword("yield") {
            let value = try parseYield()
            guard current.isSymbol(")") else { throw invalidSyntax() }
            advance()
            return value
        }
        let first = try parseStarNamedExpression()
        if current.isKeyword("for") || current.isKeyword("async") {
            let comprehension = try parseComprehension(.generator, element: first, value: nil)
            guard current.isSymbol(")") else { throw invalidSyntax() }
            let end = current.range
            advance()
            return .comprehension(comprehension, open.union(end))
        }
        var items = [first]
        var isTuple = false
        while current.isSymbol(",") {
            isTuple = true
            advance()
            if current.isSymbol(")") { break }
            items.append(try parseStarNamedExpression())
        }
        guard current.isSymbol(")") else { throw missingComma(after: items[items.count - 1]) }
        let end = current.range
        advance()
        if isTuple { return .tuple(items, open.union(end)) }
        if case .starred = first {
            throw Diagnostic(SyntaxMessage.starredHere, first.range)
        }
        return first
    }

    /// `[a, *b]` or `[x for x in y]`.
    private mutating func parseListDisplay() throws(Diagnostic) -> Expression {
        let open = current.range
        try enter()
        defer { depth -= 1 }
        advance()
        var items: [Expression] = []
        if !current.isSymbol("]") {
            let first = try parseStarNamedExpression()
            if current.isKeyword("for") || current.isKeyword("async") {
                let comprehension = try parseComprehension(.list, element: first, value: nil)
                guard current.isSymbol("]") else { throw invalidSyntax() }
                let end = current.range
                advance()
                return .comprehension(comprehension, open.union(end))
            }
            items.append(first)
            while current.isSymbol(",") {
                advance()
                if current.isSymbol("]") { break }
                items.append(try parseStarNamedExpression())
            }
            guard current.isSymbol("]") else { throw missingComma(after: items[items.count - 1]) }
        }
        let end = current.range
        advance()
        return .list(items, open.union(end))
    }

    /// `{}`, `{k: v, **m}`, `{k: v for ...}`, `{a, *b}`, `{x for ...}`.
    private mutating func parseBraceDisplay() throws(Diagnostic) -> Expression {
        let open = current.range
        try enter()
        defer { depth -= 1 }
        advance()
        if current.isSymbol("}") {
            let end = current.range
            advance()
            return .dict([], open.union(end))
        }
        if current.isSymbol("**") {
            let first = try parseDictUnpacking()
            if current.isKeyword("for") || current.isKeyword("async") {
                throw Diagnostic(SyntaxMessage.dictUnpackingInComprehension, first.key.range)
            }
            return try parseDictEntries(first, open: open)
        }
        let first = try parseStarNamedExpression()
        if current.isSymbol(":") {
            advance()
            let value = try parseExpression()
            if current.isKeyword("for") || current.isKeyword("async") {
                let comprehension = try parseComprehension(.dict, element: first, value: value)
                guard current.isSymbol("}") else { throw invalidSyntax() }
                let end = current.range
                advance()
                return .comprehension(comprehension, open.union(end))
            }
            return try parseDictEntries((first, value), open: open)
        }
        if current.isKeyword("for") || current.isKeyword("async") {
            let comprehension = try parseComprehension(.set, element: first, value: nil)
            guard current.isSymbol("}") else { throw invalidSyntax() }
            let end = current.range
            advance()
            return .comprehension(comprehension, open.union(end))
        }
        var items = [first]
        while current.isSymbol(",") {
            advance()
            if current.isSymbol("}") { break }
            items.append(try parseStarNamedExpression())
        }
        guard current.isSymbol("}") else { throw missingComma(after: items[items.count - 1]) }
        let end = current.range
        advance()
        return .set(items, open.union(end))
    }

    /// `**mapping` in a dict display: an entry whose key is `.starred`.
    private mutating func parseDictUnpacking() throws(Diagnostic) -> (key: Expression, value: Expression) {
        let start = current.range
        advance()
        let mapping = try parseBinary(level: 0)
        return (.starred(mapping, start.union(mapping.range)), mapping)
    }

    /// The entries of a dict display after its first, up to its `}`.
    private mutating func parseDictEntries(_ first: (key: Expression, value: Expression), open: SourceRange) throws(Diagnostic) -> Expression {
        var entries = [first]
        while current.isSymbol(",") {
            advance()
            if current.isSymbol("}") { break }
            if current.isSymbol("**") {
                entries.append(try parseDictUnpacking())
                continue
            }
            let key = try parseExpression()
            guard current.isSymbol(":") else {
                if current.isSymbol(",") || current.isSymbol("}") {
                    throw Diagnostic(SyntaxMessage.colonAfterDictKey, key.range)
                }
                throw missingComma(after: key)
            }
            advance()
            entries.append((key, try parseExpression()))
        }
        guard current.isSymbol("}") else { throw missingComma(after: entries[entries.count - 1].value) }
        let end = current.range
        advance()
        return .dict(entries, open.union(end))
    }

    /// The `for ... in ... if ...` clauses after a comprehension's element.
    mutating func parseComprehension(_ kind: Comprehension.Kind, element: Expression, value: Expression?) throws(Diagnostic) -> Comprehension {
        if case .starred = element {
            throw Diagnostic(SyntaxMessage.iterableUnpackingInComprehension, element.range)
        }
        var clauses: [Comprehension.Clause] = []
        while current.isKeyword("for") || current.isKeyword("async") {
            if current.isKeyword("async") {
                throw Self.unsupported("coroutines (async def, async for, async with, await)", at: current.range)
            }
            advance()
            let target = try parseTargetList()
            try checkTarget(target, .loop)
            guard current.isKeyword("in") else { throw invalidSyntax() }
            advance()
            let iterable = try parseOr()
            checkStarredTarget(target)
            clauses.append(.loop(target: target, iterable: iterable))
            while current.isKeyword("if") {
                advance()
                clauses.append(.filter(try parseOr()))
            }
        }
        return Comprehension(kind: kind, element: element, value: value, clauses: clauses)
    }

    /// The range of a generator expression written without its own brackets.
    private static func range(of comprehension: Comprehension) -> SourceRange {
        var range = comprehension.element.range
        for clause in comprehension.clauses {
            switch clause {
            case .loop(_, let iterable): range = range.union(iterable.range)
            case .filter(let condition): range = range.union(condition.range)
            }
        }
        return range
    }

    /// What to say when a display or call goes on without its `,` or closing bracket:
    /// CPython's "Perhaps you forgot a comma?" when another expression follows,
    /// spanning both, else "invalid syntax".
    func missingComma(after previous: Expression) -> Diagnostic {
        var probe = self
        return probe.probeMissingComma(after: previous) ?? invalidSyntax()
    }

    private mutating func probeMissingComma(after previous: Expression) -> Diagnostic? {
        guard startsExpression, !current.isSymbol("*") else { return nil }
        switch previous {
        case .conditional, .lambda, .starred: return nil
        case .name(let name, _):
            if ["match", "case", "_"].contains(name) { return nil }
            switch current.kind {
            case .string, .formattedString: return nil
            default: break
            }
        default: break
        }
        guard let next = try? parseExpression() else { return nil }
        return Diagnostic(SyntaxMessage.forgotComma, previous.range.union(next.range))
    }

    // MARK: - Calls and subscripts

    /// `(a, *b, k=v, **m)` or `(x for x in y)`, with CPython's errors for arguments in
    /// the wrong order or repeated.
    mutating func parseArguments() throws(Diagnostic) -> (arguments: [CallArgument], end: SourceRange) {
        try enter()
        defer { depth -= 1 }
        advance()  // (
        var arguments: [CallArgument] = []
        var sawKeyword = false
        var sawDoubleStar = false
        var keywords: Set<String> = []
        var misplaced: SyntaxMessage?
        while !current.isSymbol(")") {
            let start = current.range
            if current.isSymbol("*") {
                advance()
                let value = try parseExpression()
                if sawDoubleStar {
                    throw Diagnostic(SyntaxMessage.unpackingAfterKeywordUnpacking, start.union(value.range))
                }
                arguments.append(CallArgument(name: nil, nameRange: nil, value: value, isStarred: true))
            } else if current.isSymbol("**") {
                advance()
                let value = try parseExpression()
                arguments.append(CallArgument(name: nil, nameRange: nil, value: value, isStarred: false, isDoubleStarred: true))
                sawDoubleStar = true
            } else if case .name(let name) = current.kind, peek().isSymbol("=") {
                advance()
                advance()
                let value = try parseExpression()
                if !keywords.insert(name).inserted {
                    compilerErrors.append(Diagnostic(SyntaxMessage.keywordRepeated(name), start.union(value.range)))
                }
                arguments.append(CallArgument(name: name, nameRange: start, value: value, isStarred: false))
                sawKeyword = true
            } else {
                var value = try parseExpression()
                if current.isSymbol(":=") {
                    throw Self.unsupported("assignment expressions (:=)", at: current.range)
                }
                if current.isSymbol("=") {
                    switch value {
                    case .bool, .none:
                        throw Diagnostic(SyntaxMessage.cannotTarget(verb: "assign to", what: Self.describe(value)), value.range.union(current.range))
                    default:
                        throw Diagnostic(SyntaxMessage.assignmentInExpression, value.range.union(current.range))
                    }
                }
                if current.isKeyword("for") || current.isKeyword("async") {
                    let comprehension = try parseComprehension(.generator, element: value, value: nil)
                    value = .comprehension(comprehension, Self.range(of: comprehension))
                    if !arguments.isEmpty || !current.isSymbol(")") {
                        throw Diagnostic(SyntaxMessage.generatorUnparenthesized, value.range)
                    }
                }
                // CPython reports these where the arguments end.
                if misplaced == nil, sawDoubleStar {
                    misplaced = .positionalAfterKeywordUnpacking
                } else if misplaced == nil, sawKeyword {
                    misplaced = .positionalAfterKeyword
                }
                arguments.append(CallArgument(name: nil, nameRange: nil, value: value, isStarred: false))
            }
            if current.isSymbol(",") {
                advance()
                continue
            }
            guard current.isSymbol(")") else { throw missingComma(after: arguments[arguments.count - 1].value) }
        }
        if let misplaced { throw Diagnostic(misplaced, current.range) }
        let end = current.range
        advance()
        return (arguments, end)
    }

    /// `[i]`, `[a:b:c, ..., None]`, `[*idx]`.
    mutating func parseSubscript() throws(Diagnostic) -> ([SubscriptItem], SourceRange) {
        try enter()
        defer { depth -= 1 }
        advance()  // [
        var items: [SubscriptItem] = []
        while !current.isSymbol("]") {
            let start = current.range
            var first: Expression?
            if !current.isSymbol(":") { first = try parseStarNamedExpression() }
            if current.isSymbol(":") {
                advance()
                var stop: Expression?, step: Expression?
                if !current.isSymbol(":") && !current.isSymbol(",") && !current.isSymbol("]") { stop = try parseExpression() }
                if current.isSymbol(":") {
                    advance()
                    if !current.isSymbol(",") && !current.isSymbol("]") { step = try parseExpression() }
                }
                items.append(.slice(start: first, stop: stop, step: step, start.union(previous.range)))
            } else if let first {
                items.append(.index(first))
            }
            if current.isSymbol(",") {
                advance()
                continue
            }
            guard current.isSymbol("]") else {
                if case .index(let last)? = items.last { throw missingComma(after: last) }
                throw invalidSyntax()
            }
        }
        let end = current.range
        if items.isEmpty { throw invalidSyntax() }
        advance()
        return (items, end)
    }
}
