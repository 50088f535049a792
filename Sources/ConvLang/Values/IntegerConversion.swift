import ConvEngine

extension Tensor {
    /// The value of a one-element integer or bool tensor as an exact `Int` (a tensor
    /// used as a size or an index), or `nil` for any other tensor. Read from the
    /// elements themselves: through a `Double`, int64 values beyond 2^53 would change
    /// and `Int64.max` would not convert at all.
    var integerItem: Int? {
        guard count == 1, !dtype.isFloatingPoint, let scalar = try? item() else { return nil }
        switch scalar {
        case .int(let i): return Int(i)
        case .bool(let b): return b ? 1 : 0
        case .double: return nil
        }
    }
}

extension Interpreter {
    /// `d` rounded by `rule` as a 64-bit integer, as `int()`, `round()` and
    /// `math.floor` give it.
    /// - Throws: ValueError for NaN, OverflowError for infinities and values beyond
    ///   64 bits (Python's ints have no such bound; ConvLang's do).
    static func integer(_ d: Double, rounded rule: FloatingPointRoundingRule, at range: SourceRange) throws(Diagnostic) -> Int64 {
        if d.isNaN { throw Diagnostic(.value, "cannot convert float NaN to integer", range) }
        let r = d.rounded(rule)
        // Exactly the doubles in [-2^63, 2^63) convert.
        guard r >= -0x1p63, r < 0x1p63 else {
            let what = d.isInfinite ? "cannot convert float infinity to integer"
                : "cannot convert float \(PythonFormat.float(d)) to integer: too large for ConvLang (64-bit integers)"
            throw Diagnostic(.value, what, range, kind: "OverflowError")
        }
        return Int64(r)
    }
}
