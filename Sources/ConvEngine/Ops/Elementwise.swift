import Foundation

/// The arithmetic operators of tensors.
public enum BinaryOperation: String, Sendable, CaseIterable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    /// True division: integers divide to float32, as in PyTorch.
    case divide = "/"
    case power = "**"
}

extension Tensor {
    /// `lhs op rhs` with broadcasting and PyTorch's type promotion.
    /// - Throws: PyTorch's messages for shapes that do not broadcast and for operations
    ///   it refuses (subtracting bools, integers to negative integer powers).
    public static func apply(_ op: BinaryOperation, _ lhs: Operand, _ rhs: Operand) throws(EngineError) -> Tensor {
        if op == .divide, case .scalar(let number) = lhs, case .tensor(let divisor) = rhs {
            // PyTorch's `__rtruediv__`: `number / x` is `x.reciprocal() * number`.
            return try apply(.multiply, .tensor(divisor.applying(.reciprocal)), .scalar(number))
        }
        var dtype = TypePromotion.resultType([lhs, rhs])
        if op == .divide, !dtype.isFloatingPoint { dtype = .float32 }
        if op == .power, dtype == .bool { dtype = .int64 }
        if op == .subtract {
            // PyTorch's sub_check: two bools, or one bool operand (a Python True counts).
            let bools = [lhs, rhs].filter { operand in
                switch operand {
                case .tensor(let t): t.dtype == .bool
                case .scalar(.bool): true
                case .scalar: false
                }
            }.count
            if bools == 2 {
                throw .argument("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.")
            }
            if bools == 1 {
                throw .argument("Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
            }
        }
        let (a, b, shape) = try broadcastPair(lhs.tensor, rhs.tensor, resultType: dtype,
                                              repeatsSingleElements: [.float32, .float64].contains(dtype))
        // A single element (a Python number, a 0-d tensor) is not spread to the result's
        // size in float32 and float64: `floating` repeats it.
        func operand<T: TensorElement>(_ spread: Tensor, _ original: Tensor, _ type: T.Type) -> [T] {
            original.count == 1 ? original.elements(as: T.self) : spread.elements(as: T.self)
        }
        let storage: TensorStorage
        switch dtype {
        case .bool:
            let (x, y) = (a.elements(as: Bool.self), b.elements(as: Bool.self))
            storage = .bool(op == .multiply ? zip(x, y).map { $0 && $1 } : zip(x, y).map { $0 || $1 })
        case .float32:
            storage = .float32(floating(op, operand(a, lhs.tensor, Float.self), operand(b, rhs.tensor, Float.self)))
        case .float64:
            storage = .float64(floating(op, operand(a, lhs.tensor, Double.self), operand(b, rhs.tensor, Double.self)))
        case .float16, .bfloat16:
            // Computed in float32 and rounded, as PyTorch's CPU kernels do. A multiplier or
            // divisor of one element is taken to float32 from its own dtype, not first
            // rounded to the result's (ATen's reduced-float `mul` and `div`:
            // `original_scalar_value<opmath_t>`), so `x.half() * 0.1` multiplies by 0.1f.
            // Python's `0.1 * x` is `x.__rmul__(0.1)`: the number is the second operand.
            let (first, second) = if op == .multiply, case .scalar = lhs, case .tensor = rhs { (b, lhs.tensor) } else { (a, rhs.tensor) }
            let x = first.converted(to: dtype).elements(as: Float.self)
            let y = (op == .multiply || op == .divide) && second.count == 1
                ? [second.opmathValue] : b.converted(to: dtype).elements(as: Float.self)
            storage = TensorStorage.float32(floating(op, x, y)).converted(to: dtype)
        default:
            // Integers: exact in int64, then wrapped to the dtype's width (the same
            // result as wrapping arithmetic in the narrower type).
            let (x, y) = (a.converted(to: dtype).elements(as: Int64.self), b.converted(to: dtype).elements(as: Int64.self))
            var out = [Int64](repeating: 0, count: x.count)
            for i in out.indices { out[i] = try integer(op, x[i], y[i]) }
            storage = TensorStorage.int64(out).converted(to: dtype)
        }
        return Tensor(shape: shape, storage: storage).recordedBinary(op, lhs, rhs)
    }

    /// The value of a one-element tensor as a float32, rounded once from its own dtype
    /// (ATen's `original_scalar_value<opmath_t>`, for float16 and bfloat16 kernels).
    var opmathValue: Float {
        dtype.isFloatingPoint ? Float(doubles[0]) : Float(elements(as: Int64.self)[0])
    }

    /// `self op other`.
    public func applying(_ op: BinaryOperation, _ other: Tensor) throws(EngineError) -> Tensor {
        try Tensor.apply(op, .tensor(self), .tensor(other))
    }

    /// `self op scalar`.
    public func applying(_ op: BinaryOperation, _ scalar: Scalar) throws(EngineError) -> Tensor {
        try Tensor.apply(op, .tensor(self), .scalar(scalar))
    }

    /// `-self`.
    public func negated() throws(EngineError) -> Tensor {
        try negatedValues().recorded("NegBackward0", inputs: [self]) { g, _ throws(EngineError) in [try g[0].negated()] }
    }

    private func negatedValues() throws(EngineError) -> Tensor {
        switch dtype {
        case .bool:
            throw .argument("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
        case .float32: return Tensor(shape: shape, storage: .float32(elements(as: Float.self).map { -$0 }))
        case .float64: return Tensor(shape: shape, storage: .float64(elements(as: Double.self).map { -$0 }))
        case .float16, .bfloat16:
            return Tensor(shape: shape, storage: .converting(doubles.map { -$0 }, to: dtype))
        default:
            return Tensor(shape: shape, storage: .converting(elements(as: Int64.self).map { 0 &- $0 }, to: dtype))
        }
    }

    /// `abs(self)`.
    public func absolute() throws(EngineError) -> Tensor {
        try absoluteValues().recordedAbsolute(of: self)
    }

    private func absoluteValues() throws(EngineError) -> Tensor {
        switch dtype {
        case .bool: throw EngineError(.dtype, "\"abs_cpu\" not implemented for 'Bool'", pythonType: "NotImplementedError")
        case .float32: return Tensor(shape: shape, storage: .float32(elements(as: Float.self).map { Swift.abs($0) }))
        case .float64: return Tensor(shape: shape, storage: .float64(elements(as: Double.self).map { Swift.abs($0) }))
        case .float16, .bfloat16:
            return Tensor(shape: shape, storage: .converting(doubles.map { Swift.abs($0) }, to: dtype))
        default:
            return Tensor(shape: shape, storage: .converting(elements(as: Int64.self).map { $0 < 0 ? 0 &- $0 : $0 }, to: dtype))
        }
    }

    /// Both tensors expanded to their broadcast shape, after asking the memory budget for
    /// a result of `resultType` (by default the promoted dtype) and the copies made of
    /// operands spread to the result's size (their positions, then their elements).
    /// - Parameter repeatsSingleElements: the caller repeats a single element rather than
    ///   copying it (``apply(_:_:_:)`` in float32 and float64), so it costs nothing.
    static func broadcastPair(_ a: Tensor, _ b: Tensor, resultType: DType? = nil,
                              repeatsSingleElements: Bool = false) throws(EngineError) -> (Tensor, Tensor, TensorShape) {
        let shape = try TensorShape.broadcast(a.shape, b.shape)
        let dtype = resultType ?? a.dtype.promoted(with: b.dtype)
        let spreadCopies = [a, b].filter { $0.shape != shape && !(repeatsSingleElements && $0.count == 1) }
        let working = spreadCopies.count * (MemoryLayout<Int>.stride + max(dtype.itemSize, 8))
        try EngineLimits.checkAllocation(shape, dtype: dtype, workingBytesPerElement: working)
        let x = a.shape == shape ? a : try a.expanded(to: shape.dimensions)
        let y = b.shape == shape ? b : try b.expanded(to: shape.dimensions)
        return (x, y, shape)
    }

    private static func integer(_ op: BinaryOperation, _ x: Int64, _ y: Int64) throws(EngineError) -> Int64 {
        switch op {
        case .add: return x &+ y
        case .subtract: return x &- y
        case .multiply: return x &* y
        case .divide: fatalError("true division is floating point")
        case .power:
            guard y >= 0 else {
                if x == 1 { return 1 }
                if x == -1 { return y % 2 == 0 ? 1 : -1 }
                throw .argument("Integers to negative integer powers are not allowed.")
            }
            var (result, base, exponent) = (Int64(1), x, y)
            while exponent > 0 {
                if exponent & 1 == 1 { result = result &* base }
                base = base &* base
                exponent >>= 1
            }
            return result
        }
    }

    /// `x op y` element by element; a single element on either side is repeated.
    private static func floating<T: BinaryFloatingPoint & PowerFunction>(_ op: BinaryOperation, _ x: [T], _ y: [T]) -> [T] {
        switch op {
        case .add: return combined(x, y) { $0 + $1 }
        case .subtract: return combined(x, y) { $0 - $1 }
        case .multiply: return combined(x, y) { $0 * $1 }
        case .divide: return combined(x, y) { $0 / $1 }
        case .power: return combined(x, y) { T.power($0, $1) }
        }
    }

    @inline(__always)
    private static func combined<T>(_ x: [T], _ y: [T], _ f: (T, T) -> T) -> [T] {
        if x.count == 1, y.count != 1 { let s = x[0]; return y.map { f(s, $0) } }
        if y.count == 1, x.count != 1 { let s = y[0]; return x.map { f($0, s) } }
        return zip(x, y).map(f)
    }
}

/// `pow` in the element's own precision (`powf` for float), as PyTorch calls it.
protocol PowerFunction {
    static func power(_ x: Self, _ y: Self) -> Self
}

extension Float: PowerFunction {
    static func power(_ x: Float, _ y: Float) -> Float { Foundation.powf(x, y) }
}

extension Double: PowerFunction {
    static func power(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
}
