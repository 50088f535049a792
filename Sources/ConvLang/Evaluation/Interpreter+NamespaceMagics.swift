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
    /// Without `-f` IPython asks "Proceed (y/[n])?" on standard input. ConvLab has no
    /// standard input yet, so it prints the question and answers it as IPython does when
    /// the input ends: "Nothing done."
    func reset(_ line: String) throws(Diagnostic) {
        let options = try MagicOptions.parse(line, spec: "sf", long: ["aggressive"], posix: true)
        guard options.has("f") else {
            output.write("Once deleted, variables cannot be recovered. Proceed (y/[n])? \nNothing done.\n", to: .stdout)
            return
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
