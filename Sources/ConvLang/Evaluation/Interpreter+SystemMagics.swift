import Foundation

/// `%pwd`, `%cd`, `%env`, `%set_env` and `%history`, as IPython's `OSMagics` and
/// `HistoryMagics` run them.
extension Interpreter {
    /// `%pwd`: the session's working directory (see ``DirectoryHistory``).
    func workingDirectory() throws(Diagnostic) -> String {
        guard directories.isDirectory(directories.current) else {
            throw MagicCatalog.usageError("CWD no longer exists - please use %cd to change directory.")
        }
        return directories.current
    }

    /// `%cd [-q] [dir | - | -N | --pattern]`: moves the session to `dir` (home when
    /// none), back to the previous directory, to entry `N` of the directories
    /// visited, or to the latest one whose name contains `pattern`; then prints where
    /// it is, unless `-q`. A directory that cannot be entered is reported, not raised,
    /// as IPython does. ConvLab has no bookmarks (`-b`).
    func changeDirectory(_ line: String) throws(Diagnostic) {
        let old = directories.current
        var quiet = false
        var target: String
        if line.first == "-", line.count > 1, line.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard let n = Int(line.dropFirst()), n < directories.visited.count else {
                output.write("The requested directory does not exist in history.\n", to: .stdout)
                return
            }
            target = directories.visited[n]
        } else if line.hasPrefix("--") {
            let pattern = String(line.dropFirst(2))
            let byName = directories.visited.reversed().first {
                ($0 as NSString).lastPathComponent.contains(pattern) && directories.isDirectory($0)
            }
            let byPath = directories.visited.reversed().first { $0.contains(pattern) && directories.isDirectory($0) }
            guard let found = byName ?? byPath else {
                output.write("No matching entry in directory history\n", to: .stdout)
                return
            }
            target = found
        } else {
            let options = try MagicOptions.parse(line, spec: "qb", posix: true)
            quiet = options.has("q")
            target = options.rest
            if target == "-" {
                guard directories.visited.count >= 2 else {
                    throw MagicCatalog.usageError("%cd -: No previous directory to change to.")
                }
                target = directories.visited[directories.visited.count - 2]
            } else if options.has("b") {
                throw MagicCatalog.usageError("Bookmark '\(target)' not found.  Use '%bookmark -l' to see your bookmarks.")
            }
        }
        if target.isEmpty { target = DirectoryHistory.home }
        switch directories.resolve(target) {
        case .failure(let failure):
            output.write(failure.message + "\n", to: .stdout)
        case .success(let path):
            directories.current = path
            if path != old { directories.visited.append(path) }
        }
        if !quiet, let last = directories.visited.last { output.write(last + "\n", to: .stdout) }
    }

    /// `%env`: every environment variable (values of names with `key`, `token` or
    /// `secret` in them hidden); `%env NAME`: its value; `%env NAME=value` or
    /// `%env NAME value`: sets it, for this process and the commands it starts.
    func environment(_ line: String) throws(Diagnostic) -> Value? {
        if line.contains(where: { !$0.isWhitespace }) {
            let separator: Character = line.contains("=") ? "=" : " "
            let parts = line.split(separator: separator, omittingEmptySubsequences: false)
            if parts.count == 1 {
                let key = line.trimmingCharacters(in: .whitespacesAndNewlines)
                guard let value = getenv(key) else {
                    throw MagicCatalog.usageError("Environment does not have key: \(key)")
                }
                return .string(String(cString: value))
            }
            try setEnvironment(line)
            return nil
        }
        var entries: [(key: Value, value: Value)] = []
        var seen = Set<String>()
        var cursor = environ
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            cursor += 1
            guard let equals = text.firstIndex(of: "=") else { continue }
            let key = String(text[..<equals])
            guard seen.insert(key).inserted else { continue }
            let secret = ["key", "token", "secret"].contains { key.lowercased().contains($0) }
            entries.append((.string(key), .string(secret ? "<hidden>" : String(text[text.index(after: equals)...]))))
        }
        return .newDict(entries)
    }

    /// `%set_env NAME=value` or `%set_env NAME value`.
    func setEnvironment(_ line: String) throws(Diagnostic) {
        let separator: Character = line.contains("=") ? "=" : " "
        let parts = line.split(separator: separator, maxSplits: 1, omittingEmptySubsequences: false)
        guard line.contains(where: { !$0.isWhitespace }), parts.count == 2 else {
            throw MagicCatalog.usageError("usage is 'set_env var=val'")
        }
        let name = parts[0].trimmingCharacters(in: .whitespacesAndNewlines)
        let value = parts[1].trimmingCharacters(in: .whitespacesAndNewlines)
        if name.contains(where: \.isWhitespace) {
            // IPython's message quotes the value, not the name.
            throw MagicCatalog.usageError("refusing to set env var with whitespace: '\(value)'")
        }
        setenv(name, value, 1)
        output.write("env: \(name)=\(value)\n", to: .stdout)
    }

    /// `%history`: this session's cells, and earlier sessions' from ``historyArchive``
    /// (see ``HistoryQuery``).
    func printHistory(_ line: String) throws(Diagnostic) {
        let query = try HistoryQuery.parse(line)
        output.write(query.text(history: Array(history), archive: historyArchive), to: .stdout)
    }
}
