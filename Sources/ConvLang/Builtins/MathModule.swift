import Foundation

/// Python's `math` module: the functions and constants tutorials use, with CPython
/// 3.11's results and errors (`math domain error`, `math range error`). Integers are
/// ConvLang's 64-bit ints: a result beyond them is an OverflowError.
enum MathModule {
    static let constants: [String: Value] = [
        "pi": .float(Double.pi), "e": .float(M_E), "tau": .float(2 * Double.pi), "inf": .float(.infinity), "nan": .float(.nan),
    ]

    static let functions: [Builtin] = [
        real("sqrt", "The square root.") { x throws(Diagnostic) in x < 0 ? nil : x.squareRoot() },
        real("exp", "e to the power x.") { x in Foundation.exp(x) },
        real("log2", "The base-2 logarithm.") { x in x > 0 ? Foundation.log2(x) : nil },
        real("log10", "The base-10 logarithm.") { x in x > 0 ? Foundation.log10(x) : nil },
        real("sin", "The sine (x in radians).") { x in x.isInfinite ? nil : Foundation.sin(x) },
        real("cos", "The cosine (x in radians).") { x in x.isInfinite ? nil : Foundation.cos(x) },
        real("tan", "The tangent (x in radians).") { x in x.isInfinite ? nil : Foundation.tan(x) },
        real("asin", "The arc sine, in radians.") { x in abs(x) > 1 ? nil : Foundation.asin(x) },
        real("acos", "The arc cosine, in radians.") { x in abs(x) > 1 ? nil : Foundation.acos(x) },
        real("atan", "The arc tangent, in radians.") { x in Foundation.atan(x) },
        real("tanh", "The hyperbolic tangent.") { x in Foundation.tanh(x) },
        real("fabs", "The absolute value, as a float.") { x in Swift.abs(x) },
        real("degrees", "Radians converted to degrees.") { x in x * (180.0 / Double.pi) },
        real("radians", "Degrees converted to radians.") { x in x * (Double.pi / 180.0) },
        rounding("floor", "The largest integer not above x.", .down),
        rounding("ceil", "The smallest integer not below x.", .up),
        rounding("trunc", "x without its fractional part.", .towardZero),
        log, pow, atan2, hypot, factorial, gcd, lcm, prod, fsum, isclose, comb, perm,
        test("isfinite", "Whether x is neither infinite nor NaN.") { $0.isFinite },
        test("isinf", "Whether x is infinite.") { $0.isInfinite },
        test("isnan", "Whether x is NaN.") { $0.isNaN },
    ]

    /// A float function of one real; `nil` from `body` is a domain error, an infinite
    /// result from a finite argument a range error, as CPython reports them.
    private static func real(_ name: String, _ summary: String, _ body: @escaping @Sendable (Double) throws(Diagnostic) -> Double?) -> Builtin {
        Builtin("math.\(name)", "x, /", summary: summary, example: "math.\(name)(x)") { (call) throws(Diagnostic) in
            let x = try number(call, "x")
            guard let y = try body(x), !(y.isNaN && !x.isNaN) else { throw domainError(call) }
            if y.isInfinite && x.isFinite { throw Diagnostic(.value, "math range error", call.range, kind: "OverflowError") }
            return .float(y)
        }
    }

    private static func rounding(_ name: String, _ summary: String, _ rule: FloatingPointRoundingRule) -> Builtin {
        Builtin("math.\(name)", "x, /", summary: summary, example: "math.\(name)(7 / 2)") { (call) throws(Diagnostic) in
            if let i = call["x"].asInteger { return .int(i) }
            if rule == .towardZero, case .tensor = call["x"] {
                throw Diagnostic(.type, "type Tensor doesn't define __trunc__ method", call.range)
            }
            return .int(try Interpreter.integer(try number(call, "x"), rounded: rule, at: call.range))
        }
    }

    private static func test(_ name: String, _ summary: String, _ body: @escaping @Sendable (Double) -> Bool) -> Builtin {
        Builtin("math.\(name)", "x, /", summary: summary, example: "math.\(name)(x)") { (call) throws(Diagnostic) in
            .bool(body(try number(call, "x")))
        }
    }

    static let log = Builtin("math.log", "x, base=None, /", summary: "The natural logarithm, or the logarithm in base.", example: "math.log(8, 2)") { (call) throws(Diagnostic) in
        let x = try number(call, "x")
        guard x > 0 else { throw domainError(call) }
        guard call.has("base") else { return .float(Foundation.log(x)) }
        let base = try number(call, "base")
        guard base > 0 else { throw domainError(call) }
        let denominator = Foundation.log(base)
        guard denominator != 0 else { throw Diagnostic(.zeroDivision, "float division by zero", call.range) }
        return .float(Foundation.log(x) / denominator)
    }

    static let pow = Builtin("math.pow", "x, y, /", summary: "x to the power y, as a float.", example: "math.pow(2, 0.5)") { (call) throws(Diagnostic) in
        let x = try number(call, "x"), y = try number(call, "y")
        if x == 0 && y < 0 { throw domainError(call) }
        if x < 0 && y.isFinite && y.rounded() != y { throw domainError(call) }
        let r = Foundation.pow(x, y)
        if r.isInfinite && x.isFinite && y.isFinite { throw Diagnostic(.value, "math range error", call.range, kind: "OverflowError") }
        return .float(r)
    }

    static let atan2 = Builtin("math.atan2", "y, x, /", summary: "The angle of the point (x, y), in radians.", example: "math.atan2(1, 1)") { (call) throws(Diagnostic) in
        .float(Foundation.atan2(try number(call, "y"), try number(call, "x")))
    }

    static let hypot = Builtin("math.hypot", "*coordinates", summary: "The Euclidean norm of the coordinates.", example: "math.hypot(3, 4)") { (call) throws(Diagnostic) in
        guard case .tuple(let items) = call["coordinates"] else { return .float(0) }
        var values: [Double] = []
        for item in items {
            guard let d = item.asNumber else { throw Diagnostic(.type, "must be real number, not \(item.typeName)", call.range) }
            values.append(d)
        }
        if values.contains(where: \.isInfinite) { return .float(.infinity) }
        if values.contains(where: \.isNaN) { return .float(.nan) }
        let scale = values.map(Swift.abs).max() ?? 0
        guard scale > 0 else { return .float(0) }
        return .float(scale * values.reduce(0) { $0 + ($1 / scale) * ($1 / scale) }.squareRoot())
    }

    static let factorial = Builtin("math.factorial", "n, /", summary: "n! (1 * 2 * ... * n).", example: "math.factorial(5)") { (call) throws(Diagnostic) in
        let n = try integer(call, "n")
        guard n >= 0 else { throw Diagnostic(.value, "factorial() not defined for negative values", call.range) }
        var result: Int64 = 1
        for k in stride(from: 2, through: n, by: 1) { result = try Interpreter.exact(result.multipliedReportingOverflow(by: k), at: call.range) }
        return .int(result)
    }

    static let gcd = Builtin("math.gcd", "*integers", summary: "The greatest common divisor.", example: "math.gcd(12, 18)") { (call) throws(Diagnostic) in
        var result: Int64 = 0
        for value in try integers(call) { result = greatestCommonDivisor(result, value) }
        return .int(result)
    }

    static let lcm = Builtin("math.lcm", "*integers", summary: "The least common multiple.", example: "math.lcm(4, 6)") { (call) throws(Diagnostic) in
        var result: Int64 = 1
        for value in try integers(call) {
            if result == 0 || value == 0 { result = 0; continue }
            let g = greatestCommonDivisor(result, value)
            result = try Interpreter.exact((result / g).multipliedReportingOverflow(by: Swift.abs(value)), at: call.range)
            result = Swift.abs(result)
        }
        return .int(result)
    }

    private static func greatestCommonDivisor(_ a: Int64, _ b: Int64) -> Int64 {
        var (x, y) = (a.magnitude, b.magnitude)
        while y != 0 { (x, y) = (y, x % y) }
        return Int64(clamping: x)
    }

    private static func integers(_ call: Call) throws(Diagnostic) -> [Int64] {
        guard case .tuple(let items) = call["integers"] else { return [] }
        var out: [Int64] = []
        for item in items {
            guard let i = item.asInteger else { throw Diagnostic(.type, "'\(item.typeName)' object cannot be interpreted as an integer", call.range) }
            out.append(i)
        }
        return out
    }

    static let prod = Builtin("math.prod", "iterable, /, *, start=1", summary: "start times every item, in order.", example: "math.prod(x.shape)") { (call) throws(Diagnostic) in
        var total = call["start"]
        _ = try call.interpreter.forEach(in: call["iterable"], at: call.range(of: "iterable")) { (item) throws(Diagnostic) -> Flow? in
            total = try call.interpreter.binary("*", total, item, at: call.range)
            return nil
        }
        return total
    }

    static let fsum = Builtin("math.fsum", "seq, /", summary: "The correctly rounded sum of the floats.", example: "math.fsum([0.1] * 10)") { (call) throws(Diagnostic) in
        var values: [Double] = []
        for item in try call.interpreter.items(of: call["seq"], at: call.range(of: "seq")) {
            guard let d = item.asNumber else { throw Diagnostic(.type, "must be real number, not \(item.typeName)", call.range) }
            values.append(d)
        }
        return .float(ExactSum.fsum(values))
    }

    static let isclose = Builtin("math.isclose", "a, b, *, rel_tol=1e-09, abs_tol=0.0", summary: "Whether a and b are within rel_tol (relative) or abs_tol (absolute) of each other.",
                                 example: "math.isclose(0.1 + 0.2, 0.3)") { (call) throws(Diagnostic) in
        let a = try number(call, "a"), b = try number(call, "b")
        let relative = try number(call, "rel_tol"), absolute = try number(call, "abs_tol")
        guard relative >= 0, absolute >= 0 else { throw Diagnostic(.value, "tolerances must be non-negative", call.range) }
        if a == b { return .bool(true) }
        if a.isInfinite || b.isInfinite { return .bool(false) }
        let difference = Swift.abs(b - a)
        return .bool(difference <= Swift.abs(relative * b) || difference <= Swift.abs(relative * a) || difference <= absolute)
    }

    static let comb = Builtin("math.comb", "n, k, /", summary: "The number of ways to choose k items from n, without order.", example: "math.comb(5, 2)") { (call) throws(Diagnostic) in
        let n = try integer(call, "n"), k = try integer(call, "k")
        guard n >= 0 else { throw Diagnostic(.value, "n must be a non-negative integer", call.range) }
        guard k >= 0 else { throw Diagnostic(.value, "k must be a non-negative integer", call.range) }
        guard k <= n else { return .int(0) }
        let r = Swift.min(k, n - k)
        var result: Int128 = 1
        for i in stride(from: Int64(1), through: r, by: 1) {
            result = result * Int128(n - r + i) / Int128(i)
            guard result <= Int128(Int64.max) else { throw Diagnostic(.value, "integer result too large for ConvLang (64-bit integers)", call.range, kind: "OverflowError") }
        }
        return .int(Int64(result))
    }

    static let perm = Builtin("math.perm", "n, k=None, /", summary: "The number of ways to choose k items from n, in order.", example: "math.perm(5, 2)") { (call) throws(Diagnostic) in
        let n = try integer(call, "n")
        let k = call["k"].isNone ? n : try integer(call, "k")
        guard n >= 0 else { throw Diagnostic(.value, "n must be a non-negative integer", call.range) }
        guard k >= 0 else { throw Diagnostic(.value, "k must be a non-negative integer", call.range) }
        guard k <= n else { return .int(0) }
        var result: Int64 = 1
        for i in stride(from: n - k + 1, through: n, by: 1) { result = try Interpreter.exact(result.multipliedReportingOverflow(by: i), at: call.range) }
        return .int(result)
    }

    private static func number(_ call: Call, _ name: String) throws(Diagnostic) -> Double {
        let value = call[name]
        if let d = value.asNumber { return d }
        if case .tensor(let box) = value, box.tensor.count == 1 { return box.tensor.doubles[0] }
        throw Diagnostic(.type, "must be real number, not \(value.typeName)", call.range(of: name))
    }

    private static func integer(_ call: Call, _ name: String) throws(Diagnostic) -> Int64 {
        guard let i = call[name].asInteger else {
            throw Diagnostic(.type, "'\(call[name].typeName)' object cannot be interpreted as an integer", call.range(of: name))
        }
        return i
    }

    private static func domainError(_ call: Call) -> Diagnostic { Diagnostic(.value, "math domain error", call.range) }
}
