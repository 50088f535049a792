import ConvEngine
import Foundation

/// Python's builtins on numbers and characters: `int` (with a base), `round`,
/// `divmod`, `pow`, `hex`, `oct`, `bin`, `chr`, `ord`, `ascii`, `hash`, `format`, with
/// CPython 3.11's results and errors.
enum NumberBuiltins {
    static let all: [Builtin] = [divmod, pow, radix("hex", 16, "0x"), radix("oct", 8, "0o"), radix("bin", 2, "0b"), chr, ord, ascii, hash, format]

    static let int = Builtin("int", "x=0, base=None", summary: "An integer (floats truncate toward zero; a string is read in base, 10 by default, 0 to follow its prefix).",
                             example: "int('ff', 16)") { (call) throws(Diagnostic) in
        if call.has("base") {
            guard case .string(let text) = call["x"] else {
                throw Diagnostic(.type, "int() can't convert non-string with explicit base", call.range)
            }
            return .int(try parse(text, base: try call.index("base"), at: call.range))
        }
        switch call["x"] {
        case .int(let i): return .int(i)
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d): return .int(try Interpreter.integer(d, rounded: .towardZero, at: call.range))
        case .string(let s): return .int(try parse(s, base: 10, at: call.range))
        case .ndarray(let box) where box.tensor.count == 1:
            if case .int(let i) = box.tensor.scalar(at: 0) { return .int(i) }
            return .int(try Interpreter.integer(box.tensor.doubles[0], rounded: .towardZero, at: call.range))
        case .tensor(let box) where box.tensor.count == 1:
            if let i = box.tensor.integerItem { return .int(Int64(i)) }
            return .int(try Interpreter.integer(box.tensor.doubles[0], rounded: .towardZero, at: call.range))
        case let other:
            throw Diagnostic(.type, "int() argument must be a string, a bytes-like object or a real number, not '\(other.typeName)'", call.range)
        }
    }

    /// Python's `int(text, base)`: optional sign, the base's prefix (required to pick
    /// the base when it is 0), underscores between digits.
    static func parse(_ text: String, base: Int, at range: SourceRange) throws(Diagnostic) -> Int64 {
        guard base == 0 || (2...36).contains(base) else {
            throw Diagnostic(.value, "int() base must be >= 2 and <= 36, or 0", range)
        }
        let invalid = Diagnostic(.value, "invalid literal for int() with base \(base): \(Value.string(text).reprText)", range)
        var body = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" { negative = sign == "-"; body = body.dropFirst() }
        var radix = base
        let lower = body.lowercased()
        for (prefix, value) in [("0x", 16), ("0o", 8), ("0b", 2)] where lower.hasPrefix(prefix) && (base == 0 || base == value) {
            radix = value
            body = body.dropFirst(2)
            if body.first == "_" { body = body.dropFirst() }
            break
        }
        if radix == 0 {
            guard body.allSatisfy({ $0 == "0" || $0 == "_" }) || body.first != "0" else { throw invalid }
            radix = 10
        }
        guard !body.isEmpty, !body.hasPrefix("_"), !body.hasSuffix("_"), !body.contains("__") else { throw invalid }
        guard let magnitude = UInt64(body.replacingOccurrences(of: "_", with: ""), radix: radix) else {
            if body.replacingOccurrences(of: "_", with: "").allSatisfy({ $0.isHexDigit || $0.isLetter }),
               body.allSatisfy({ $0 == "_" || Swift.Int(String($0), radix: radix) != nil }) {
                throw Diagnostic(.value, "integer result too large for ConvLang (64-bit integers)", range, kind: "OverflowError")
            }
            throw invalid
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw Diagnostic(.value, "integer result too large for ConvLang (64-bit integers)", range, kind: "OverflowError") }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw Diagnostic(.value, "integer result too large for ConvLang (64-bit integers)", range, kind: "OverflowError") }
        return Int64(magnitude)
    }

    static let round = Builtin("round", "number, ndigits=None", summary: "number rounded to ndigits decimals (halves to even, as Python); without ndigits, an int.",
                               example: "round(2.675, 2)") { (call) throws(Diagnostic) in
        let number = call["number"]
        if let i = number.asInteger {
            guard let n = try call.optionalInt("ndigits"), n < 0 else { return .int(i) }
            guard n > -19 else { return .int(0) }
            var scale: Int64 = 1
            for _ in 0 ..< -n { scale *= 10 }
            let remainder = ((i % scale) + scale) % scale
            var down = i - remainder
            let doubled = remainder * 2
            if doubled > scale || (doubled == scale && (down / scale) % 2 != 0) { down += scale }
            return .int(down)
        }
        let x = try call.double("number")
        guard let n = try call.optionalInt("ndigits") else { return .int(try Interpreter.integer(x, rounded: .toNearestOrEven, at: call.range)) }
        guard x.isFinite else { return .float(x) }
        if n >= 0 {
            // printf rounds the exact binary value correctly, halves to even: CPython's way.
            return .float(Double(CFormat.printf("%.\(Swift.min(n, 340))f", x)) ?? x)
        }
        let scale = Foundation.pow(10.0, Double(-n))
        return .float((x / scale).rounded(.toNearestOrEven) * scale)
    }

    static let divmod = Builtin("divmod", "x, y, /", summary: "(x // y, x % y).", example: "divmod(7, 2)") { (call) throws(Diagnostic) in
        let (x, y) = (call["x"], call["y"])
        return .tuple([try call.interpreter.binary("//", x, y, at: call.range), try call.interpreter.binary("%", x, y, at: call.range)])
    }

    static let pow = Builtin("pow", "base, exp, mod=None", summary: "base ** exp; with mod, (base ** exp) % mod computed exactly.", example: "pow(3, 4, 5)") { (call) throws(Diagnostic) in
        guard call.has("mod"), !(call["mod"].isNone) else {
            return try call.interpreter.binary("**", call["base"], call["exp"], at: call.range)
        }
        guard let base = call["base"].asInteger, var exponent = call["exp"].asInteger, let modulus = call["mod"].asInteger else {
            throw Diagnostic(.type, "pow() 3rd argument not allowed unless all arguments are integers", call.range)
        }
        guard modulus != 0 else { throw Diagnostic(.value, "pow() 3rd argument cannot be 0", call.range) }
        let m = Int128(modulus.magnitude)
        var b = ((Int128(base) % m) + m) % m
        if exponent < 0 {
            guard let inverse = modularInverse(b, m) else { throw Diagnostic(.value, "base is not invertible for the given modulus", call.range) }
            b = inverse
            exponent = -exponent
        }
        var result: Int128 = 1 % m
        var e = exponent
        while e > 0 {
            if e & 1 == 1 { result = result * b % m }
            b = b * b % m
            e >>= 1
        }
        // The result takes the modulus's sign, as Python's % does.
        if modulus < 0, result != 0 { result -= m }
        return .int(Int64(result))
    }

    private static func modularInverse(_ a: Int128, _ m: Int128) -> Int128? {
        var (oldR, r) = (a, m), (oldS, s): (Int128, Int128) = (1, 0)
        while r != 0 {
            let q = oldR / r
            (oldR, r) = (r, oldR - q * r)
            (oldS, s) = (s, oldS - q * s)
        }
        guard oldR == 1 else { return nil }
        return ((oldS % m) + m) % m
    }

    private static func radix(_ name: String, _ base: Int, _ prefix: String) -> Builtin {
        Builtin(name, "number, /", summary: "The integer written in base \(base), with the prefix \(prefix).", example: "\(name)(255)") { (call) throws(Diagnostic) in
            guard let n = call["number"].asInteger else {
                throw Diagnostic(.type, "'\(call["number"].typeName)' object cannot be interpreted as an integer", call.range(of: "number"))
            }
            return .string((n < 0 ? "-" : "") + prefix + String(n.magnitude, radix: base))
        }
    }

    static let chr = Builtin("chr", "i, /", summary: "The character with code point i.", example: "chr(65)") { (call) throws(Diagnostic) in
        guard let i = call["i"].asInteger else { throw Diagnostic(.type, "'\(call["i"].typeName)' object cannot be interpreted as an integer", call.range(of: "i")) }
        guard (0...0x10FFFF).contains(i), let scalar = Unicode.Scalar(UInt32(i)) else {
            if (0xD800...0xDFFF).contains(i) {
                throw Diagnostic(.notImplemented, "ConvLang's strings cannot hold lone surrogates (chr(\(i)))", call.range)
            }
            throw Diagnostic(.value, "chr() arg not in range(0x110000)", call.range)
        }
        return .string(String(scalar))
    }

    static let ord = Builtin("ord", "c, /", summary: "The code point of a one-character string.", example: "ord('a')") { (call) throws(Diagnostic) in
        guard case .string(let s) = call["c"] else {
            throw Diagnostic(.type, "ord() expected string of length 1, but \(call["c"].typeName) found", call.range(of: "c"))
        }
        guard s.unicodeScalars.count == 1, let scalar = s.unicodeScalars.first else {
            throw Diagnostic(.type, "ord() expected a character, but string of length \(s.unicodeScalars.count) found", call.range(of: "c"))
        }
        return .int(Int64(scalar.value))
    }

    static let ascii = Builtin("ascii", "obj, /", summary: "repr(obj) with non-ASCII characters escaped.", example: "ascii('é')") { (call) throws(Diagnostic) in
        .string(asciiRepr(call["obj"]))
    }

    /// Python's `ascii(value)`: its repr with every non-ASCII character escaped.
    static func asciiRepr(_ value: Value) -> String {
        var out = ""
        for c in value.reprText.unicodeScalars {
            switch c.value {
            case 0..<0x80: out.unicodeScalars.append(c)
            case 0x80..<0x100: out += "\\x" + hex(c.value, 2)
            case 0x100..<0x10000: out += "\\u" + hex(c.value, 4)
            default: out += "\\U" + hex(c.value, 8)
            }
        }
        return out
    }

    private static func hex(_ v: UInt32, _ width: Int) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
    }

    static let hash = Builtin("hash", "obj, /", summary: "The hash of obj (as CPython computes it for ints, floats and tuples; strings vary per session, as in CPython).",
                              example: "hash((1, 2))") { (call) throws(Diagnostic) in
        .int(Int64(PythonHash.hash(try Interpreter.hashable(call["obj"], at: call.range(of: "obj")))))
    }

    static let format = Builtin("format", "value, format_spec='', /", summary: "value formatted by the spec, as in an f-string field.",
                                example: "format(0.5, '.1%')") { (call) throws(Diagnostic) in
        .string(try FormatSpec.format(call["value"], try call.string("format_spec"), at: call.range))
    }
}
