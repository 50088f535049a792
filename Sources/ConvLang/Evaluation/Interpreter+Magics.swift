import Foundation

/// IPython's magics and shell escapes: `%name argument`, `%%name argument` over a
/// cell, and `!command`.
///
/// Each magic behaves and prints as IPython 9's does (its source is the reference:
/// `IPython/core/magics/`); where ConvLab differs, the magic's documentation says so.
extension Interpreter {
    /// Runs a line magic (`cellBody` nil) or a cell magic (`cellBody` the cell's text
    /// after its first line).
    /// - Returns: the magic's value, shown as the cell's result when it is the last
    ///   statement (`%pwd` returns the directory, `%time x` the value of `x`).
    /// - Throws: a `UsageError` for an unknown magic or bad options, in IPython's words;
    ///   errors of the code `%time` and `%timeit` run.
    public func runMagic(name: String, argument: String, cellBody: String?, at range: SourceRange) throws(Diagnostic) -> Value? {
        if let cellBody {
            guard MagicCatalog.cellMagics.contains(name) else { throw MagicCatalog.unknownCellMagic(name) }
            guard !cellBody.isEmpty else { throw MagicCatalog.emptyCellBody(name) }
            switch name {
            case "time": return try timeMagic(argument, cell: cellBody, at: range)
            default: return try timeitMagic(argument, cell: cellBody, at: range)
            }
        }
        guard MagicCatalog.lineMagics.contains(name) else { throw MagicCatalog.unknownLineMagic(name) }
        switch name {
        // IPython hands these their line as written (`@no_var_expand`)...
        case "time": return try timeMagic(argument, cell: nil, at: range)
        case "timeit": return try timeitMagic(argument, cell: nil, at: range)
        default: break
        }
        // ...and the others with `$name` and `{expression}` replaced by their values.
        let line = expandingVariables(argument)
        switch name {
        case "who": who(line)
        case "who_ls": return .newList(userVariableNames(ofTypes: line).map { .string($0) })
        case "whos": whos(line)
        case "reset": try reset(line, at: range)
        case "history", "hist": try printHistory(line)
        case "pwd": return .string(try workingDirectory())
        case "cd": try changeDirectory(line)
        case "env": return try environment(line)
        case "set_env": try setEnvironment(line)
        case "lsmagic": return .string(MagicCatalog.listing)
        default: throw MagicCatalog.unknownLineMagic(name)
        }
        return nil
    }

    /// Runs `!command` with `/bin/sh -c` in the session's directory, passing its output
    /// on as it comes; its exit status goes to `_exit_code` (as IPython's
    /// `system_piped` stores it) and is no error. An empty command does nothing.
    ///
    /// An interrupt stops the command and then the cell, with `KeyboardInterrupt`;
    /// IPython stops the command but carries on with the cell.
    public func runShell(_ command: String, at range: SourceRange) throws(Diagnostic) {
        if command.trimmingTrailingWhitespace.hasSuffix("&") {
            throw Diagnostic(.runtime, "Background processes not supported.", range, kind: "OSError")
        }
        let line = expandingVariables(command)
        guard line.contains(where: { !$0.isWhitespace }) else {
            globals["_exit_code"] = .int(0)
            return
        }
        let shell = ShellCommand(command: line, workingDirectory: directories.current)
        let outcome = try shell.run(write: { output.write($0, to: $1) }, isCancelled: { cancellation.isCancelled })
        switch outcome {
        case .finished(let code):
            globals["_exit_code"] = .int(Int64(code))
        case .interrupted:
            throw Diagnostic(.interrupt, "", range)
        }
    }

    /// Adds a cell to ``history`` (a blank cell is not kept, as IPython keeps none).
    func recordHistory(_ source: String) {
        guard source.contains(where: { !$0.isWhitespace }) else { return }
        history.append(source)
    }

    // MARK: - Code that magics run

    /// Parses code a magic runs (its argument, or the cell's body), placing its
    /// positions in the cell when the code can be found there, so that a caret points
    /// at it; otherwise errors point at the magic itself.
    func parseEmbedded(_ code: String, at range: SourceRange) throws(Diagnostic) -> EmbeddedProgram {
        let offset = embeddedOffset(of: code, in: range)
        do throws(Diagnostic) {
            let source = SourceText(code)
            let program = try Parser.parse(source)
            return EmbeddedProgram(program: program, compiled: try compileTopLevel(program, source: source),
                                   offset: offset, magicRange: range)
        } catch {
            throw EmbeddedProgram.place(error, offset: offset, magicRange: range)
        }
    }

    /// Runs an embedded program's statements in the session, as a cell's are run.
    /// - Returns: the value of the last statement if it is an expression (not `None`,
    ///   and not followed by `;`).
    func runEmbedded(_ embedded: EmbeddedProgram) throws(Diagnostic) -> Value? {
        let statements = embedded.compiled
        let frame = Frame.module()
        var last: Value?
        // Magics inside the code place their errors within the code; this magic then
        // moves them into the cell.
        let enclosingSource = currentSource
        currentSource = nil
        defer { currentSource = enclosingSource }
        do throws(Diagnostic) {
            for (i, statement) in statements.enumerated() {
                let value = try runTopLevel(statement, in: frame)
                last = i == statements.count - 1 ? value : nil
                // `exit()`: the enclosing cell stops after the magic.
                if exitRequested { return nil }
            }
        } catch {
            throw EmbeddedProgram.place(error, offset: embedded.offset, magicRange: embedded.magicRange)
        }
        if embedded.program.endsWithSemicolon { return nil }
        if case .none? = last { return nil }
        return last
    }

    /// Where `code` starts in the cell being run, in bytes, if it is there: a cell
    /// magic's body ends the cell; a line magic's argument lies within the magic's range.
    private func embeddedOffset(of code: String, in range: SourceRange) -> Int? {
        guard let source = currentSource, !code.isEmpty else { return nil }
        let codeBytes = Array(code.utf8)
        let bytes = source.bytes
        let start = min(range.start, bytes.count)
        let end = min(max(range.end, start), bytes.count)
        guard codeBytes.count <= end - start else {
            return bytes.count >= codeBytes.count && Array(bytes.suffix(codeBytes.count)) == codeBytes
                ? bytes.count - codeBytes.count : nil
        }
        // The last place in the range where the code appears whole.
        var candidate = end - codeBytes.count
        while candidate >= start {
            if bytes[candidate..<(candidate + codeBytes.count)].elementsEqual(codeBytes) { return candidate }
            candidate -= 1
        }
        return nil
    }
}

/// Code parsed from a magic's text, with where that text lies in the cell.
struct EmbeddedProgram {
    var program: Program
    /// The program resolved and compiled once, run as often as `%timeit` asks.
    var compiled: [Interpreter.TopLevelStatement]
    /// The byte offset of the code in the cell, when it was found there.
    var offset: Int?
    /// The magic's own range, for errors whose place in the cell is unknown.
    var magicRange: SourceRange

    /// `error` with its range moved from the code's positions to the cell's.
    static func place(_ error: Diagnostic, offset: Int?, magicRange: SourceRange) -> Diagnostic {
        var placed = error
        if let range = error.range {
            placed.range = offset.map { SourceRange(range.start + $0, range.end + $0) } ?? magicRange
        }
        return placed
    }
}
