/// `%who`, `%who_ls`, `%whos` and `%reset`, as IPython's `NamespaceMagics` runs them.
extension Interpreter {
    /// `who_ls`: the names of the user's variables, sorted, leaving out names that start
    /// with `_` and the modules every session starts with (`torch`, `nn`, `F`, `np`)
    /// while they are still those modules (IPython leaves out what it put in the
    /// namespace itself in the same way). With type names (`int Tensor`), only
    /// variables of those types.
    func userVariableNames(ofTypes line: String) -> [String] {
        let types = Set(line.split(whereSeparator: \.isWhitespace).map(String.init))
        return globals.compactMap { name, value -> String? in
            guard !name.hasPrefix("_"), !Self.isPrebound(name, value) else { return nil }
            guard types.isEmpty || types.contains(WhosTable.typeName(value)) else { return nil }
            return name
        }.sorted { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
    }

    /// Whether `value` is the module the session bound to `name` before any code ran.
    static func isPrebound(_ name: String, _ value: Value) -> Bool {
        guard case .module(let module) = value else { return false }
        return Library.preboundModules.contains { boundName, bound in
            if case .module(let original) = bound, boundName == name { return original === module }
            return false
        }
    }

    /// IPython's `ask_yes_no(..., default='n')` for `%reset`: y/yes or n/no (any case),
    /// an empty answer or the end of the input is no (the end also ends the line), the
    /// question is asked again after anything else. A frontend that takes no input
    /// confirms (IPython catches `StdinNotImplementedError` and resets). An interrupt
    /// stops the cell (IPython would ask again).
    private func resetConfirmed(at range: SourceRange) throws(Diagnostic) -> Bool {
        while true {
            let answer: String
            do {
                answer = try input.readLine(prompt: "Once deleted, variables cannot be recovered. Proceed (y/[n])? ", password: false,
                                            output: output, cancellation: cancellation).lowercased()
            } catch .notSupported {
                return true
            } catch .endOfFile {
                output.write("\n", to: .stdout)
                return false
            } catch {
                throw InputBuiltins.diagnostic(for: error, function: "raw_input", at: range)
            }
            switch answer {
            case "y", "yes": return true
            case "", "n", "no": return false
            default: continue
            }
        }
    }

    /// `%who [type ...]`: the names, tab-separated, nine to a line.
    func who(_ line: String) {
        let names = userVariableNames(ofTypes: line)
        guard !names.isEmpty else {
            let empty = line.contains(where: { !$0.isWhitespace }) ? "No variables match your requested type." : "Interactive namespace is empty."
            output.write(empty + "\n", to: .stdout)
            return
        }
        output.write(WhosTable.who(names), to: .stdout)
    }

    /// `%whos [type ...]`: the table of names, types and values (see ``WhosTable``).
    func whos(_ line: String) {
        let names = userVariableNames(ofTypes: line)
        guard !names.isEmpty else {
            let empty = line.contains(where: { !$0.isWhitespace }) ? "No variables match your requested type." : "Interactive namespace is empty."
            output.write(empty + "\n", to: .stdout)
            return
        }
        let text = withSession { WhosTable.whos(names.map { ($0, globals[$0]!) }) }
        output.write(text, to: .stdout)
    }

    /// `%reset [-f] [-s] [--aggressive] [in|out|dhist|array ...]`: forgets the user's
    /// variables. The session's modules (`torch`, `nn`, `F`, `np`) are bound again;
    /// warnings shown once, print options and the random generator are kept, as
    /// PyTorch keeps them through IPython's reset.
    ///
    /// Without `-f` IPython asks "Proceed (y/[n])?" through `input` (``resetConfirmed(at:)``).
    func reset(_ line: String, at range: SourceRange) throws(Diagnostic) {
        let options = try MagicOptions.parse(line, spec: "sf", long: ["aggressive"], posix: true)
        if !options.has("f") {
            guard try resetConfirmed(at: range) else {
                output.write("Nothing done.\n", to: .stdout)
                return
            }
        }
        if options.has("s") {
            for name in userVariableNames(ofTypes: "") { globals[name] = nil }
        } else if options.words.isEmpty {
            globals.removeAll()
            for (name, module) in Library.preboundModules { globals[name] = module }
            directories.visited = [directories.current]
        }
        for target in options.words {
            switch target.lowercased() {
            case "out":
                // ConvLab keeps no output cache.
                output.write("Flushing output cache (0 entries)\n", to: .stdout)
            case "in":
                output.write("Flushing input history\n", to: .stdout)
                // IPython blanks the entries, so cell numbers stay.
                history.blankAll()
            case "array":
                for (name, value) in globals {
                    if case .ndarray(let box) = value, !box.isScalar { globals[name] = nil }
                }
            case "dhist":
                output.write("Flushing directory history\n", to: .stdout)
                directories.visited.removeAll()
            default:
                output.write("Don't know how to reset  \(target), please run `%reset?` for details\n", to: .stdout)
            }
        }
    }
}
