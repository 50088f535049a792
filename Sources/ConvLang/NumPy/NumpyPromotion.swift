import ConvEngine

/// One operand of a NumPy operation, as NumPy 2's promotion (NEP 50) sees it.
enum ArrayOperand {
    /// An array or a NumPy scalar: its dtype counts in full ("strong").
    case array(Tensor)
    /// A Python `bool`, `int` or `float`: it only decides the kind of number ("weak"),
    /// so `float32_array * 2.0` stays float32 and `int8_array + 1` stays int8.
    case python(Scalar)

    var shape: [Int] {
        if case .array(let t) = self { t.shape.dimensions } else { [] }
    }

    /// The operand as a tensor of `dtype` (a Python number as a 0-dimensional one).
    func tensor(as dtype: DType) -> Tensor {
        switch self {
        case .array(let t): t.converted(to: dtype)
        case .python(let s): Tensor(scalar: s, dtype: dtype)
        }
    }
}

/// NumPy's type promotion: `np.promote_types` between arrays, and NEP 50's rules for
/// Python numbers, which adapt to the array (with NumPy's OverflowError when a Python
/// int does not fit an integer array's dtype).
enum NumpyPromotion {
    /// `np.promote_types(a, b)`: the smallest type both cast to safely. An integer with a
    /// float needs a float wide enough for the integer (int8 and uint8: float16; int16:
    /// float32; wider: float64), so `int64 + float32` is float64, unlike PyTorch.
    static func promote(_ a: DType, _ b: DType) -> DType {
        if a == b || b == .bool { return a }
        if a == .bool { return b }
        switch (a.isFloatingPoint, b.isFloatingPoint) {
        case (true, true):
            return a.itemSize >= b.itemSize ? a : b
        case (true, false):
            return promote(a, floatHolding(b))
        case (false, true):
            return promote(floatHolding(a), b)
        case (false, false):
            if a == .uint8 || b == .uint8 {
                let signed = a == .uint8 ? b : a
                return signed == .int8 ? .int16 : signed
            }
            return a.itemSize >= b.itemSize ? a : b
        }
    }

    /// The float NumPy promotes an integer type to.
    private static func floatHolding(_ integer: DType) -> DType {
        switch integer {
        case .int8, .uint8: .float16
        case .int16: .float32
        default: .float64
        }
    }

    /// The dtype of `lhs op rhs`.
    /// - Throws: NumPy's OverflowError for a Python int out of an integer dtype's range.
    static func resultType(_ lhs: ArrayOperand, _ rhs: ArrayOperand, at range: SourceRange) throws(Diagnostic) -> DType {
        switch (lhs, rhs) {
        case (.array(let a), .array(let b)): return promote(a.dtype, b.dtype)
        case (.array(let a), .python(let s)), (.python(let s), .array(let a)): return try weak(a.dtype, s, at: range)
        case (.python(let a), .python(let b)):
            return promote(Self.pythonDType(a), Self.pythonDType(b))
        }
    }

    /// The dtype a Python number alone takes (`np.array(2.5)` is float64).
    static func pythonDType(_ s: Scalar) -> DType {
        switch s {
        case .bool: .bool
        case .int: .int64
        case .double: .float64
        }
    }

    /// An array of `dtype` with a Python number.
    static func weak(_ dtype: DType, _ s: Scalar, at range: SourceRange) throws(Diagnostic) -> DType {
        switch s {
        case .bool: return dtype
        case .double: return dtype.isFloatingPoint ? dtype : .float64
        case .int(let value):
            if dtype == .bool { return .int64 }
            if dtype.isIntegral { try checkFits(value, dtype, at: range) }
            return dtype
        }
    }

    /// NumPy's refusal of a Python int that an integer dtype cannot hold.
    static func checkFits(_ value: Int64, _ dtype: DType, at range: SourceRange) throws(Diagnostic) {
        let bounds: ClosedRange<Int64> = switch dtype {
        case .uint8: 0...255
        case .int8: -128...127
        case .int16: -32768...32767
        case .int32: Int64(Int32.min)...Int64(Int32.max)
        default: Int64.min...Int64.max
        }
        guard bounds.contains(value) else {
            throw Diagnostic(.value, "Python integer \(value) out of bounds for \(dtype.numpyName)", range, kind: "OverflowError")
        }
    }

    /// NumPy's `same_kind` casting of a result into an existing array (`a += b`): no
    /// float into an integer array, no number into a bool array.
    static func canCastSameKind(_ from: DType, to target: DType) -> Bool {
        kind(from) <= kind(target)
    }

    private static func kind(_ dtype: DType) -> Int {
        dtype == .bool ? 0 : dtype.isFloatingPoint ? 2 : 1
    }
}

extension TensorShape {
    /// A shape as NumPy's messages write it: `(3,)`, `(2,3)`.
    var numpyText: String {
        let dims = dimensions.map(String.init)
        return "(" + dims.joined(separator: ",") + (dims.count == 1 ? ",)" : ")")
    }
}
