/// Python's `str` methods, with CPython 3.11's results and errors. Positions count code
/// points, as Python's do.
enum StringMethods {
    typealias Body = @Sendable (String, inout Call) throws(Diagnostic) -> Value

    static let all: [String: Builtin] = MemberTable.methods([
        split, rsplit, join, strip, lstrip, rstrip, lower, upper, casefold, title, capitalize, swapcase, replace,
        startswith, endswith, find, rfind, index, rindex, count, removeprefix, removesuffix,
    ] + layout + [format])

    // MARK: - Splitting and joining

    static let split = method("split", "sep=None, maxsplit=-1", "The words, split at sep (by default at runs of whitespace), at most maxsplit times.",
                              "'1x2x3'.split('x')") { s, call throws(Diagnostic) in
        .newList(try pieces(s, call, fromRight: false).map(Value.string))
    }

    static let rsplit = method("rsplit", "sep=None, maxsplit=-1", "As split, splitting from the right.", "'a.b.c'.rsplit('.', 1)") { s, call throws(Diagnostic) in
        .newList(try pieces(s, call, fromRight: true).map(Value.string))
    }

    private static func pieces(_ s: String, _ call: Call, fromRight: Bool) throws(Diagnostic) -> [String] {
        let limit = try call.index("maxsplit")
        let maxSplits = limit < 0 ? Int.max : limit
        let chars = Array(s.unicodeScalars)
        if case .none = call["sep"] {
            var words: [[Unicode.Scalar]] = []
            var i = 0
            let ordered = fromRight ? Array(chars.reversed()) : chars
            while i < ordered.count {
                while i < ordered.count, isSpace(ordered[i]) { i += 1 }
                guard i < ordered.count else { break }
                if words.count == maxSplits {
                    var rest = Array(ordered[i...])
                    while let last = rest.last, isSpace(last) { rest.removeLast() }
                    words.append(rest)
                    break
                }
                var j = i
                while j < ordered.count, !isSpace(ordered[j]) { j += 1 }
                words.append(Array(ordered[i..<j]))
                i = j
            }
            let texts = words.map { text(fromRight ? $0.reversed() : $0) }
            return fromRight ? texts.reversed() : texts
        }
        let sep = Array(try call.string("sep").unicodeScalars)
        guard !sep.isEmpty else { throw Diagnostic(.value, "empty separator", call.range(of: "sep")) }
        let positions = occurrences(of: sep, in: chars, fromRight: fromRight, limit: maxSplits)
        var out: [String] = []
        var start = 0
        for p in positions.sorted() {
            out.append(text(chars[start..<p]))
            start = p + sep.count
        }
        out.append(text(chars[start...]))
        return out
    }

    static let join = method("join", "iterable, /", "The strings of iterable, with this string between them.", "', '.join(names)") { s, call throws(Diagnostic) in
        var parts: [String] = []
        let items = try call.interpreter.items(of: call["iterable"], at: call.range(of: "iterable"))
        for (i, item) in items.enumerated() {
            guard case .string(let part) = item else {
                throw Diagnostic(.type, "sequence item \(i): expected str instance, \(item.typeName) found", call.range)
            }
            parts.append(part)
        }
        let total = parts.reduce(0) { $0 + $1.utf8.count } + s.utf8.count * max(0, parts.count - 1)
        try Interpreter.checkLength((total, false), of: "str", at: call.range)
        return .string(parts.joined(separator: s))
    }

    // MARK: - Stripping and case

    static let strip = stripper("strip", leading: true, trailing: true)
    static let lstrip = stripper("lstrip", leading: true, trailing: false)
    static let rstrip = stripper("rstrip", leading: false, trailing: true)

    private static func stripper(_ name: String, leading: Bool, trailing: Bool) -> Builtin {
        method(name, "chars=None, /", "The string without the given characters (by default whitespace) at its \(leading && trailing ? "ends" : leading ? "start" : "end").",
               "' x '.\(name)()") { s, call throws(Diagnostic) in
            let set: Set<Unicode.Scalar>?
            switch call["chars"] {
            case .none: set = nil
            case .string(let chars): set = Set(chars.unicodeScalars)
            case let other: throw Diagnostic(.type, "\(name) arg must be None or str, not \(other.typeName)", call.range(of: "chars"))
            }
            let strips: (Unicode.Scalar) -> Bool = { set?.contains($0) ?? isSpace($0) }
            var chars = Array(s.unicodeScalars)[...]
            if leading { while let first = chars.first, strips(first) { chars = chars.dropFirst() } }
            if trailing { while let last = chars.last, strips(last) { chars = chars.dropLast() } }
            return .string(text(chars))
        }
    }

    static let lower = method("lower", "", "The string in lowercase.", "'ABC'.lower()") { s, _ throws(Diagnostic) in .string(s.lowercased()) }
    static let upper = method("upper", "", "The string in uppercase.", "'abc'.upper()") { s, _ throws(Diagnostic) in .string(s.uppercased()) }
    static let casefold = method("casefold", "", "The string folded for caseless comparison.", "'ABC'.casefold()") { s, _ throws(Diagnostic) in
        .string(s.lowercased())
    }

    static let title = method("title", "", "Each word's first letter uppercase, the rest lowercase.", "'hello world'.title()") { s, _ throws(Diagnostic) in
        var out = ""
        var previousCased = false
        for c in s.unicodeScalars {
            out += previousCased ? String(c).lowercased() : titlecase(c)
            previousCased = isCased(c)
        }
        return .string(out)
    }

    static let capitalize = method("capitalize", "", "The first character titlecased, the rest lowercase.", "'hello'.capitalize()") { s, _ throws(Diagnostic) in
        guard let first = s.unicodeScalars.first else { return .string("") }
        return .string(titlecase(first) + String(String.UnicodeScalarView(s.unicodeScalars.dropFirst())).lowercased())
    }

    static let swapcase = method("swapcase", "", "Uppercase letters lowercased and lowercase ones uppercased.", "'aB'.swapcase()") { s, _ throws(Diagnostic) in
        var out = ""
        for c in s.unicodeScalars {
            out += c.properties.isUppercase ? String(c).lowercased() : c.properties.isLowercase ? String(c).uppercased() : String(c)
        }
        return .string(out)
    }

    static let replace = method("replace", "old, new, count=-1, /", "The string with old replaced by new (the first count times, or every time).",
                                "'a-b-c'.replace('-', '_')") { s, call throws(Diagnostic) in
        let old = Array(try call.string("old").unicodeScalars), new = try call.string("new")
        let limit = try call.index("count")
        let chars = Array(s.unicodeScalars)
        let maxCount = limit < 0 ? Int.max : limit
        var out = ""
        var replaced = 0
        if old.isEmpty {
            for c in chars {
                if replaced < maxCount { out += new; replaced += 1 }
                out.unicodeScalars.append(c)
            }
            if replaced < maxCount { out += new }
            return .string(out)
        }
        var start = 0
        for p in occurrences(of: old, in: chars, fromRight: false, limit: maxCount) {
            out += text(chars[start..<p]) + new
            start = p + old.count
            try Interpreter.checkLength((out.utf8.count, false), of: "str", at: call.range)
        }
        out += text(chars[start...])
        return .string(out)
    }

    static let removeprefix = method("removeprefix", "prefix, /", "The string without prefix at its start.", "'conv1'.removeprefix('conv')") { s, call throws(Diagnostic) in
        let prefix = try call.string("prefix")
        return .string(s.hasPrefix(prefix) ? String(s.dropFirst(prefix.count)) : s)
    }

    static let removesuffix = method("removesuffix", "suffix, /", "The string without suffix at its end.", "'x.weight'.removesuffix('.weight')") { s, call throws(Diagnostic) in
        let suffix = try call.string("suffix")
        return .string(!suffix.isEmpty && s.hasSuffix(suffix) ? String(s.dropLast(suffix.count)) : s)
    }

    // MARK: - Searching

    static let startswith = affix("startswith", atStart: true)
    static let endswith = affix("endswith", atStart: false)

    private static func affix(_ name: String, atStart: Bool) -> Builtin {
        method(name, "\(atStart ? "prefix" : "suffix"), start=None, end=None, /", "Whether the string (from start to end) \(atStart ? "starts" : "ends") with the given text (or one of a tuple of them).",
               "name.\(name)('conv')") { s, call throws(Diagnostic) in
            let argument = atStart ? "prefix" : "suffix"
            let chars = Array(s.unicodeScalars)
            let (lo, hi) = try window(call, count: chars.count)
            let candidates: [Value]
            switch call[argument] {
            case .string: candidates = [call[argument]]
            case .tuple(let items): candidates = items
            case let other:
                throw Diagnostic(.type, "\(name) first arg must be str or a tuple of str, not \(other.typeName)", call.range(of: argument))
            }
            for candidate in candidates {
                guard case .string(let piece) = candidate else {
                    throw Diagnostic(.type, "tuple for \(name) must only contain str, not \(candidate.typeName)", call.range(of: argument))
                }
                let p = Array(piece.unicodeScalars)
                guard hi - lo >= p.count else { continue }
                let slice = atStart ? chars[lo..<(lo + p.count)] : chars[(hi - p.count)..<hi]
                if Array(slice) == p { return .bool(true) }
            }
            return .bool(false)
        }
    }

    static let find = search("find", fromRight: false, raises: false)
    static let rfind = search("rfind", fromRight: true, raises: false)
    static let index = search("index", fromRight: false, raises: true)
    static let rindex = search("rindex", fromRight: true, raises: true)

    private static func search(_ name: String, fromRight: Bool, raises: Bool) -> Builtin {
        method(name, "sub, start=None, end=None, /", "The \(fromRight ? "last" : "first") position of sub (between start and end), or \(raises ? "ValueError" : "-1").",
               "'conv2d'.\(name)('2')") { s, call throws(Diagnostic) in
            let sub = Array(try needle(call).unicodeScalars), chars = Array(s.unicodeScalars)
            let (lo, hi) = try window(call, count: chars.count)
            if hi - lo >= sub.count {
                let found = occurrences(of: sub, in: Array(chars[lo..<hi]), fromRight: fromRight, limit: 1)
                if let p = found.first { return .int(Int64(lo + p)) }
            }
            if raises { throw Diagnostic(.value, "substring not found", call.range) }
            return .int(-1)
        }
    }

    static let count = method("count", "sub, start=None, end=None, /", "How many times sub occurs (without overlapping) between start and end.",
                              "'banana'.count('a')") { s, call throws(Diagnostic) in
        let sub = Array(try needle(call).unicodeScalars), chars = Array(s.unicodeScalars)
        let (lo, hi) = try window(call, count: chars.count)
        guard hi - lo >= sub.count else { return .int(0) }
        if sub.isEmpty { return .int(Int64(hi - lo + 1)) }
        return .int(Int64(occurrences(of: sub, in: Array(chars[lo..<hi]), fromRight: false, limit: .max).count))
    }

    private static func needle(_ call: Call) throws(Diagnostic) -> String {
        guard case .string(let sub) = call["sub"] else {
            throw Diagnostic(.type, "must be str, not \(call["sub"].typeName)", call.range(of: "sub"))
        }
        return sub
    }

    /// `start` and `end` as CPython's `ADJUST_INDICES` makes them over `count` code
    /// points: `end` is clamped to the string, `start` only from below (an empty
    /// window may have `lo > hi`).
    private static func window(_ call: Call, count: Int) throws(Diagnostic) -> (Int, Int) {
        func given(_ name: String) throws(Diagnostic) -> Int? {
            if case .none = call[name] { return nil }
            let i = try call.index(name)
            return i < 0 ? max(0, i + count) : i
        }
        return (try given("start") ?? 0, min(try given("end") ?? count, count))
    }

    // MARK: - Helpers

    /// The start of each non-overlapping occurrence of `needle` (not empty), scanning
    /// from the left or the right, at most `limit` of them.
    static func occurrences(of needle: [Unicode.Scalar], in chars: [Unicode.Scalar], fromRight: Bool, limit: Int) -> [Int] {
        var found: [Int] = []
        guard !needle.isEmpty, needle.count <= chars.count else { return needle.isEmpty && limit > 0 ? [fromRight ? chars.count : 0] : [] }
        if fromRight {
            var i = chars.count - needle.count
            while i >= 0, found.count < limit {
                if chars[i..<(i + needle.count)].elementsEqual(needle) { found.append(i); i -= needle.count } else { i -= 1 }
            }
        } else {
            var i = 0
            while i + needle.count <= chars.count, found.count < limit {
                if chars[i..<(i + needle.count)].elementsEqual(needle) { found.append(i); i += needle.count } else { i += 1 }
            }
        }
        return found
    }

    /// Python's `str.isspace` for one character.
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c.properties.isWhitespace || (0x1C...0x1F).contains(c.value)
    }

    static func isCased(_ c: Unicode.Scalar) -> Bool {
        c.properties.isUppercase || c.properties.isLowercase || c.properties.generalCategory == .titlecaseLetter
    }

    static func titlecase(_ c: Unicode.Scalar) -> String {
        c.properties.titlecaseMapping
    }

    static func text<S: Sequence<Unicode.Scalar>>(_ scalars: S) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }

    static func method(_ name: String, _ signature: String, _ summary: String, _ example: String,
                       _ body: @escaping Body) -> Builtin {
        Builtin("str.\(name)", signature, summary: summary, example: example) { (call) throws(Diagnostic) in
            guard case .string(let s)? = call.receiver else { preconditionFailure("str method without a str receiver") }
            return try body(s, &call)
        }
    }
}
