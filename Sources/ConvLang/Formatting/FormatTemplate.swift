/// Python's `str.format`: `{}` `{0}` `{name}` fields, with `.attribute` and `[index]`
/// after the name, `!r` `!s` `!a` conversions and a format spec that may itself hold
/// fields (`{:{width}.{precision}f}`); `{{` and `}}` are braces. CPython 3.11's errors.
enum FormatTemplate {
    static func format(_ template: String, positional: [Value], keywords: DictObject, interpreter: Interpreter,
                       at range: SourceRange) throws(Diagnostic) -> String {
        var state = State(positional: positional, keywords: keywords, interpreter: interpreter, range: range)
        return try state.render(Array(template.unicodeScalars), depth: 2)
    }

    private struct State {
        let positional: [Value]
        let keywords: DictObject
        let interpreter: Interpreter
        let range: SourceRange
        /// The next automatic field number, or `nil` once numbering is manual.
        var automatic: Int? = 0
        var manual = false

        mutating func render(_ chars: [Unicode.Scalar], depth: Int) throws(Diagnostic) -> String {
            var out = ""
            var i = 0
            while i < chars.count {
                let c = chars[i]
                if c == "}" {
                    guard i + 1 < chars.count, chars[i + 1] == "}" else {
                        throw Diagnostic(.value, "Single '}' encountered in format string", range)
                    }
                    out += "}"
                    i += 2
                    continue
                }
                guard c == "{" else { out.unicodeScalars.append(c); i += 1; continue }
                if i + 1 < chars.count, chars[i + 1] == "{" { out += "{"; i += 2; continue }
                // The field runs to its matching brace.
                var level = 1, j = i + 1
                while j < chars.count {
                    if chars[j] == "{" { level += 1 } else if chars[j] == "}" { level -= 1; if level == 0 { break } }
                    j += 1
                }
                guard j < chars.count else {
                    throw Diagnostic(.value, i + 1 == chars.count ? "Single '{' encountered in format string" : "expected '}' before end of string", range)
                }
                guard depth > 0 else { throw Diagnostic(.value, "Max string recursion exceeded", range) }
                out += try field(Array(chars[(i + 1)..<j]), depth: depth)
                i = j + 1
            }
            return out
        }

        private mutating func field(_ body: [Unicode.Scalar], depth: Int) throws(Diagnostic) -> String {
            // name[!conversion][:spec]; brackets in the name may hold ':' and '!'.
            var end = 0, inBracket = false
            while end < body.count {
                let c = body[end]
                if c == "[" { inBracket = true } else if c == "]" { inBracket = false } else if !inBracket && (c == ":" || c == "!") { break }
                end += 1
            }
            let name = Array(body[..<end])
            var conversion: Unicode.Scalar?
            var specStart = end
            if end < body.count, body[end] == "!" {
                guard end + 1 < body.count else { throw Diagnostic(.value, "end of string while looking for conversion specifier", range) }
                conversion = body[end + 1]
                specStart = end + 2
                guard specStart == body.count || body[specStart] == ":" else {
                    throw Diagnostic(.value, "expected ':' after conversion specifier", range)
                }
            }
            let spec = specStart < body.count ? Array(body[(specStart + 1)...]) : []
            var value = try lookup(name)
            switch conversion {
            case nil: break
            case "r"?, "a"?: value = .string(value.reprText)
            case "s"?: value = .string(value.strText)
            case let other?: throw Diagnostic(.value, "Unknown conversion specifier \(other)", range)
            }
            let specText = try render(spec, depth: depth - 1)
            return try FormatSpec.format(value, specText, at: range)
        }

        private mutating func lookup(_ name: [Unicode.Scalar]) throws(Diagnostic) -> Value {
            var headEnd = 0
            while headEnd < name.count, name[headEnd] != ".", name[headEnd] != "[" { headEnd += 1 }
            let head = StringMethods.text(name[..<headEnd])
            var value: Value
            if head.isEmpty {
                guard let next = automatic else {
                    throw Diagnostic(.value, "cannot switch from manual field specification to automatic field numbering", range)
                }
                value = try argument(next)
                automatic = next + 1
            } else if let index = Int(head) {
                if let automatic, automatic > 0 {
                    throw Diagnostic(.value, "cannot switch from automatic field numbering to manual field specification", range)
                }
                automatic = nil
                value = try argument(index)
            } else {
                guard let found = keywords[.string(head)] else { throw Diagnostic(.key, Value.string(head).reprText, range) }
                value = found
            }
            var i = headEnd
            while i < name.count {
                if name[i] == "." {
                    var j = i + 1
                    while j < name.count, name[j] != ".", name[j] != "[" { j += 1 }
                    let attribute = StringMethods.text(name[(i + 1)..<j])
                    guard !attribute.isEmpty else { throw Diagnostic(.value, "Empty attribute in format string", range) }
                    value = try interpreter.attribute(of: value, attribute, at: range)
                    i = j
                } else if name[i] == "[" {
                    var j = i + 1
                    while j < name.count, name[j] != "]" { j += 1 }
                    guard j < name.count else { throw Diagnostic(.value, "Missing ']' in format string", range) }
                    let keyText = StringMethods.text(name[(i + 1)..<j])
                    guard !keyText.isEmpty else { throw Diagnostic(.value, "Empty attribute in format string", range) }
                    let key: Value = Int(keyText).map { .int(Int64($0)) } ?? .string(keyText)
                    value = try interpreter.getItem(value, [.index(key, range)], at: range)
                    i = j + 1
                    guard i == name.count || name[i] == "." || name[i] == "[" else {
                        throw Diagnostic(.value, "Only '.' or '[' may follow ']' in format field specifier", range)
                    }
                } else {
                    break
                }
            }
            return value
        }

        private func argument(_ index: Int) throws(Diagnostic) -> Value {
            guard index < positional.count else {
                throw Diagnostic(.index, "Replacement index \(index) out of range for positional args tuple", range)
            }
            return positional[index]
        }
    }
}

extension StringMethods {
    static let format = method("format", "*args, **kwargs", "The string with each {field} replaced by an argument, formatted as its spec says.",
                               "'{} x {:.2f}'.format(3, 0.5)") { s, call throws(Diagnostic) in
        let positional = if case .tuple(let items) = call["args"] { items } else { [Value]() }
        let keywords = if case .dict(let dict) = call["kwargs"] { dict } else { DictObject() }
        return .string(try FormatTemplate.format(s, positional: positional, keywords: keywords, interpreter: call.interpreter, at: call.range))
    }
}
