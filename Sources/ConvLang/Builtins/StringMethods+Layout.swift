extension StringMethods {
    static let layout: [Builtin] = [center, ljust, rjust, zfill, splitlines, partition, rpartition, expandtabs]
        + [isdigit, isdecimal, isnumeric, isalpha, isalnum, isspace, isupper, islower, istitle, isidentifier, isascii]

    static let center = padder("center", "centred")
    static let ljust = padder("ljust", "left-justified")
    static let rjust = padder("rjust", "right-justified")

    private static func padder(_ name: String, _ how: String) -> Builtin {
        method(name, "width, fillchar=' ', /", "The string \(how) in width characters of fillchar.", "'x'.\(name)(5, '*')") { s, call throws(Diagnostic) in
            let width = try call.index("width")
            guard case .string(let fill) = call["fillchar"], fill.unicodeScalars.count == 1 else {
                if case .string = call["fillchar"] {
                    throw Diagnostic(.type, "The fill character must be exactly one character long", call.range(of: "fillchar"))
                }
                throw Diagnostic(.type, "\(name)() argument 2 must be str, not \(call["fillchar"].typeName)", call.range(of: "fillchar"))
            }
            let length = s.unicodeScalars.count
            // `width > length` first: `width - length` overflows for a width near -2**63.
            guard width > length else { return .string(s) }
            let missing = width - length
            try Interpreter.checkLength((width, false), of: "str", at: call.range)
            let left: Int
            switch name {
            case "ljust": left = 0
            case "rjust": left = missing
            default: left = missing / 2 + (missing & width & 1)
            }
            return .string(String(repeating: fill, count: left) + s + String(repeating: fill, count: missing - left))
        }
    }

    static let zfill = method("zfill", "width, /", "The string padded with zeros on the left to width (after a sign).", "'42'.zfill(5)") { s, call throws(Diagnostic) in
        let width = try call.index("width")
        var chars = Array(s.unicodeScalars)
        guard width > chars.count else { return .string(s) }
        let missing = width - chars.count
        try Interpreter.checkLength((width, false), of: "str", at: call.range)
        let signed = chars.first == "+" || chars.first == "-"
        chars.insert(contentsOf: Array(repeating: "0", count: missing), at: signed ? 1 : 0)
        return .string(text(chars))
    }

    static let expandtabs = method("expandtabs", "tabsize=8", "Tabs replaced by spaces up to the next multiple of tabsize.", "'a\\tb'.expandtabs(4)") { s, call throws(Diagnostic) in
        let size = try call.index("tabsize")
        var out = "", column = 0
        for c in s.unicodeScalars {
            switch c {
            case "\t":
                if size > 0 { let n = size - column % size; out += String(repeating: " ", count: n); column += n }
            case "\n", "\r":
                out.unicodeScalars.append(c); column = 0
            default:
                out.unicodeScalars.append(c); column += 1
            }
        }
        return .string(out)
    }

    /// Python's line boundaries (`str.splitlines`).
    private static let lineBreaks: Set<UInt32> = [0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029]

    static let splitlines = method("splitlines", "keepends=False", "The lines, split at Python's line boundaries (with keepends, each keeps its break).",
                                   "text.splitlines()") { s, call throws(Diagnostic) in
        let keep = try call.bool("keepends")
        let chars = Array(s.unicodeScalars)
        var lines: [Value] = []
        var start = 0, i = 0
        while i < chars.count {
            guard lineBreaks.contains(chars[i].value) else { i += 1; continue }
            var end = i + 1
            if chars[i] == "\r", end < chars.count, chars[end] == "\n" { end += 1 }
            lines.append(.string(text(chars[start..<(keep ? end : i)])))
            start = end
            i = end
        }
        if start < chars.count { lines.append(.string(text(chars[start...]))) }
        return .newList(lines)
    }

    static let partition = parter("partition", fromRight: false)
    static let rpartition = parter("rpartition", fromRight: true)

    private static func parter(_ name: String, fromRight: Bool) -> Builtin {
        method(name, "sep, /", "(before, sep, after) around the \(fromRight ? "last" : "first") sep; without one, \(fromRight ? "('', '', s)" : "(s, '', '')").",
               "'key=value'.\(name)('=')") { s, call throws(Diagnostic) in
            guard case .string(let sepText) = call["sep"] else {
                throw Diagnostic(.type, "must be str, not \(call["sep"].typeName)", call.range(of: "sep"))
            }
            let sep = Array(sepText.unicodeScalars), chars = Array(s.unicodeScalars)
            guard !sep.isEmpty else { throw Diagnostic(.value, "empty separator", call.range(of: "sep")) }
            guard let p = occurrences(of: sep, in: chars, fromRight: fromRight, limit: 1).first else {
                return .tuple(fromRight ? [.string(""), .string(""), .string(s)] : [.string(s), .string(""), .string("")])
            }
            return .tuple([.string(text(chars[..<p])), .string(sepText), .string(text(chars[(p + sep.count)...]))])
        }
    }

    // MARK: - Predicates

    static let isdigit = predicate("isdigit", "digits") { $0.properties.numericType == .decimal || $0.properties.numericType == .digit }
    static let isdecimal = predicate("isdecimal", "decimal digits") { $0.properties.numericType == .decimal }
    static let isnumeric = predicate("isnumeric", "numeric characters") { $0.properties.numericType != nil }
    static let isalpha = predicate("isalpha", "letters", isLetter)
    static let isalnum = predicate("isalnum", "letters or digits") { isLetter($0) || $0.properties.numericType != nil }
    static let isspace = predicate("isspace", "whitespace", isSpace)
    static let isascii = method("isascii", "", "Whether every character is ASCII (True for '').", "s.isascii()") { s, _ throws(Diagnostic) in
        .bool(s.unicodeScalars.allSatisfy(\.isASCII))
    }

    private static func isLetter(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    private static func predicate(_ name: String, _ what: String, _ test: @escaping @Sendable (Unicode.Scalar) -> Bool) -> Builtin {
        method(name, "", "Whether the string is not empty and all its characters are \(what).", "s.\(name)()") { s, _ throws(Diagnostic) in
            .bool(!s.isEmpty && s.unicodeScalars.allSatisfy(test))
        }
    }

    static let isupper = caseTest("isupper", upper: true)
    static let islower = caseTest("islower", upper: false)

    private static func caseTest(_ name: String, upper: Bool) -> Builtin {
        method(name, "", "Whether the string has cased characters and all are \(upper ? "upper" : "lower")case.", "s.\(name)()") { s, _ throws(Diagnostic) in
            var cased = false
            for c in s.unicodeScalars {
                if upper ? (c.properties.isLowercase || c.properties.generalCategory == .titlecaseLetter) : (c.properties.isUppercase || c.properties.generalCategory == .titlecaseLetter) {
                    return .bool(false)
                }
                if isCased(c) { cased = true }
            }
            return .bool(cased)
        }
    }

    static let istitle = method("istitle", "", "Whether each word starts uppercase and goes on lowercase.", "'Hello World'.istitle()") { s, _ throws(Diagnostic) in
        var previousCased = false, cased = false
        for c in s.unicodeScalars {
            if c.properties.isUppercase || c.properties.generalCategory == .titlecaseLetter {
                if previousCased { return .bool(false) }
                previousCased = true; cased = true
            } else if c.properties.isLowercase {
                if !previousCased { return .bool(false) }
                previousCased = true; cased = true
            } else {
                previousCased = false
            }
        }
        return .bool(cased)
    }

    static let isidentifier = method("isidentifier", "", "Whether the string is a valid Python name.", "'conv1'.isidentifier()") { s, _ throws(Diagnostic) in
        guard let first = s.unicodeScalars.first, first == "_" || first.properties.isXIDStart else { return .bool(false) }
        return .bool(s.unicodeScalars.dropFirst().allSatisfy { $0.properties.isXIDContinue })
    }
}
