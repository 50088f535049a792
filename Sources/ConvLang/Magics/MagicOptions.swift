import Foundation

/// A magic's options, read as IPython's `Magics.parse_options` reads them: the line is
/// split into words (``ArgumentSplit``), then Python's `getopt` takes the options that
/// lead it (`-n 10`, `-n10`, `-qo`, `--aggressive`) and stops at the first word that is
/// not one.
///
/// ```swift
/// let parsed = try MagicOptions.parse("-n 10 -q x = f(1)", spec: "n:r:tcp:qov:",
///                                     posix: false, preservingRest: true)
/// parsed.last("n")   // "10"
/// parsed.has("q")    // true
/// parsed.rest        // "x = f(1)"
/// ```
struct MagicOptions {
    /// Each option's values in order (`""` for a flag), keyed by its name without dashes.
    var values: [String: [String]] = [:]
    /// The words after the options.
    var words: [String] = []
    /// What follows the options: the words joined by spaces, or with
    /// `preservingRest`, the line itself with the options cut out (so code keeps its
    /// spacing and quotes).
    var rest: String = ""

    func has(_ name: String) -> Bool { values[name] != nil }

    /// The value of an option given once.
    /// - Throws: Python's `TypeError` for `int([...])` when it was given more than once,
    ///   as IPython ends up raising.
    func single(_ name: String) throws(Diagnostic) -> String? {
        guard let given = values[name] else { return nil }
        if given.count > 1 {
            throw Diagnostic(.type, "int() argument must be a string, a bytes-like object or a real number, not 'list'", nil)
        }
        return given[0]
    }

    /// Python's `int(text)`: optional sign and spaces, digits with single underscores.
    static func pythonInt(_ text: String) throws(Diagnostic) -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let digits = trimmed.drop { $0 == "+" || $0 == "-" }
        let valid = trimmed.count - digits.count <= 1 && !digits.isEmpty && digits.first != "_" && digits.last != "_"
            && !digits.contains("__") && digits.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "_") }
        guard valid, let value = Int(trimmed.replacingOccurrences(of: "_", with: "")) else {
            throw Diagnostic(.value, "invalid literal for int() with base 10: \(Value.quoted(text))", nil)
        }
        return value
    }

    /// Parses `line`.
    /// - Parameters:
    ///   - spec: `getopt`'s short options (`"n:r:q"`: `n` and `r` take a value).
    ///   - long: long options (`"aggressive"`; `"name="` takes a value).
    ///   - posix: split as a POSIX shell does (quotes removed).
    ///   - strict: an unclosed quote is an error (Python's `ValueError`); otherwise
    ///     the unfinished word is kept.
    ///   - preservingRest: keep the rest of the line as written.
    /// - Throws: a `UsageError` for an unknown option or a missing value, in IPython's words.
    static func parse(_ line: String, spec: String, long: [String] = [], posix: Bool, strict: Bool = true,
                      preservingRest: Bool = false) throws(Diagnostic) -> MagicOptions {
        // IPython prepends the magic's default options (none in ConvLab) and a space.
        let argument = " " + line
        var parsed = MagicOptions()
        var remainder = argument
        guard !argument.split(whereSeparator: \.isWhitespace).isEmpty else { return parsed }
        let words: [String]
        if strict {
            do throws(ArgumentSplit.Failure) {
                words = try ArgumentSplit.split(argument, posix: posix)
            } catch {
                throw Diagnostic(.value, error.message, nil)
            }
        } else {
            words = ArgumentSplit.lenientSplit(argument, posix: posix)
        }
        let (options, rest) = try getopt(words, short: spec, long: long)
        for (option, value) in options {
            if preservingRest {
                remainder = remainder.replacingFirst(option, with: "").replacingFirst(value, with: "")
            }
            let name = option.hasPrefix("--") ? String(option.dropFirst(2)) : String(option.dropFirst())
            parsed.values[name, default: []].append(value)
        }
        parsed.words = rest
        parsed.rest = preservingRest ? String(remainder.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
                                     : rest.joined(separator: " ")
        return parsed
    }

    /// Python's `getopt.getopt`: the leading options and the words after them.
    static func getopt(_ words: [String], short: String, long: [String]) throws(Diagnostic) -> (options: [(String, String)], rest: [String]) {
        var options: [(String, String)] = []
        var args = words[...]
        func failure(_ message: String) -> Diagnostic {
            let longText = long.isEmpty ? "" : " " + long.joined(separator: " ")
            return MagicCatalog.usageError("\(message) (allowed: \"\(short)\"\(longText))")
        }
        while let first = args.first, first.hasPrefix("-"), first != "-" {
            args = args.dropFirst()
            if first == "--" { break }
            if first.hasPrefix("--") {
                var name = String(first.dropFirst(2))
                var value: String?
                if let equals = name.firstIndex(of: "=") {
                    value = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
                let candidates = long.filter { $0.hasPrefix(name) }
                guard !candidates.isEmpty else { throw failure("option --\(name) not recognized") }
                let match: String
                if candidates.contains(name) {
                    match = name
                } else if candidates.contains(name + "=") {
                    match = name + "="
                } else if candidates.count > 1 {
                    throw failure("option --\(name) not a unique prefix")
                } else {
                    match = candidates[0]
                }
                let takesValue = match.hasSuffix("=")
                let fullName = takesValue ? String(match.dropLast()) : match
                if takesValue, value == nil {
                    guard let next = args.first else { throw failure("option --\(fullName) requires argument") }
                    value = next
                    args = args.dropFirst()
                } else if !takesValue, value != nil {
                    throw failure("option --\(fullName) must not have an argument")
                }
                options.append(("--" + fullName, value ?? ""))
                continue
            }
            var letters = Substring(first.dropFirst())
            while let letter = letters.first {
                letters = letters.dropFirst()
                guard letter != ":", let at = short.firstIndex(of: letter) else {
                    throw failure("option -\(letter) not recognized")
                }
                let takesValue = short[short.index(after: at)...].first == ":"
                if takesValue {
                    var value = String(letters)
                    if value.isEmpty {
                        guard let next = args.first else { throw failure("option -\(letter) requires argument") }
                        value = next
                        args = args.dropFirst()
                    }
                    options.append(("-" + String(letter), value))
                    letters = ""
                } else {
                    options.append(("-" + String(letter), ""))
                }
            }
        }
        return (options, Array(args))
    }
}

extension String {
    /// Python's `str.replace(old, new, 1)`.
    func replacingFirst(_ target: String, with replacement: String) -> String {
        if target.isEmpty { return replacement + self }
        guard let range = self.range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
