import ConvEngine
import Foundation

/// The binary operators of NumPy arrays, with the ufunc each one calls.
enum ArrayOperator: String, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//", remainder = "%", power = "**"
    case and = "&", or = "|", xor = "^"

    /// The ufunc's name, as NumPy's casting errors quote it.
    var ufuncName: String {
        switch self {
        case .add: "add"
        case .subtract: "subtract"
        case .multiply: "multiply"
        case .divide: "divide"
        case .floorDivide: "floor_divide"
        case .remainder: "remainder"
        case .power: "power"
        case .and: "bitwise_and"
        case .or: "bitwise_or"
        case .xor: "bitwise_xor"
        }
    }
}

/// NumPy's elementwise arithmetic, comparisons and matrix product: operands broadcast
/// as NumPy broadcasts them, promoted by ``NumpyPromotion``, computed in the result's
/// dtype (float32 in float32, integers wrapping at their width), with NumPy's errors.
/// Integer division by zero gives 0 and float division inf or nan, as NumPy does (it
/// also warns, which ConvLang does not).
enum ArrayArithmetic {
    /// `lhs op rhs`.
    static func apply(_ op: ArrayOperator, _ lhs: ArrayOperand, _ rhs: ArrayOperand, at range: SourceRange) throws(Diagnostic) -> Tensor {
        var dtype = try NumpyPromotion.resultType(lhs, rhs, at: range)
        let shape = try broadcastShape(lhs.shape, rhs.shape, at: range)
        switch op {
        case .subtract where dtype == .bool:
            throw Diagnostic(.type, "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.", range)
        case .divide where !dtype.isFloatingPoint:
            dtype = .float64
        case .power where dtype == .bool:
            dtype = .int8
        case .and, .or, .xor:
            guard !dtype.isFloatingPoint else {
                throw Diagnostic(.type, "ufunc '\(op.ufuncName)' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''", range)
            }
        default:
            break
        }
        let a = lhs.tensor(as: dtype), b = rhs.tensor(as: dtype)
        if op == .power, dtype.isIntegral, b.elements(as: Int64.self).contains(where: { $0 < 0 }) {
            throw Diagnostic(.value, "Integers to negative integer powers are not allowed.", range)
        }
        let engineOperations: [ArrayOperator: BinaryOperation] = [.add: .add, .subtract: .subtract, .multiply: .multiply, .divide: .divide, .power: .power]
        if let operation = engineOperations[op] {
            return try engine(range) { () throws(EngineError) in try Tensor.apply(operation, .tensor(a), .tensor(b)) }
        }
        let (x, y) = try expanded(a, b, to: shape, at: range)
        let storage: TensorStorage
        switch op {
        case .floorDivide, .remainder:
            storage = divmod(x, y, dtype, remainder: op == .remainder)
        default:
            if dtype == .bool {
                let operation: LogicalOperation = op == .and ? .and : op == .or ? .or : .xor
                return try engine(range) { () throws(EngineError) in try Tensor.logical(operation, x, y) }
            }
            let (p, q) = (x.elements(as: Int64.self), y.elements(as: Int64.self))
            let bits: [Int64] = switch op {
            case .and: zip(p, q).map { $0 & $1 }
            case .or: zip(p, q).map { $0 | $1 }
            default: zip(p, q).map { $0 ^ $1 }
            }
            storage = TensorStorage.int64(bits).converted(to: dtype)
        }
        return try engine(range) { () throws(EngineError) in try Tensor(shape: shape.dimensions, checkedStorage: storage) }
    }

    /// `lhs op rhs` elementwise, as a bool array: both sides in their promoted dtype.
    static func compare(_ op: Comparison, _ lhs: ArrayOperand, _ rhs: ArrayOperand, at range: SourceRange) throws(Diagnostic) -> Tensor {
        let dtype = try NumpyPromotion.resultType(lhs, rhs, at: range)
        _ = try broadcastShape(lhs.shape, rhs.shape, at: range)
        let a = lhs.tensor(as: dtype), b = rhs.tensor(as: dtype)
        return try engine(range) { () throws(EngineError) in try Tensor.compare(op, .tensor(a), .tensor(b)) }
    }

    /// `-a`.
    static func negative(_ t: Tensor, at range: SourceRange) throws(Diagnostic) -> Tensor {
        guard t.dtype != .bool else {
            throw Diagnostic(.type, "The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.", range)
        }
        return try engine(range) { () throws(EngineError) in try t.negated() }
    }

    /// `abs(a)`.
    static func absolute(_ t: Tensor, at range: SourceRange) throws(Diagnostic) -> Tensor {
        if t.dtype == .bool { return t.clone() }
        return try engine(range) { () throws(EngineError) in try t.absolute() }
    }

    /// `~a`: logical not of bools, bitwise not of integers.
    static func invert(_ t: Tensor, at range: SourceRange) throws(Diagnostic) -> Tensor {
        let storage: TensorStorage
        if t.dtype == .bool {
            storage = .bool(t.elements(as: Bool.self).map { !$0 })
        } else if t.dtype.isIntegral {
            storage = TensorStorage.int64(t.elements(as: Int64.self).map { ~$0 }).converted(to: t.dtype)
        } else {
            throw Diagnostic(.type, "ufunc 'invert' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''", range)
        }
        return try engine(range) { () throws(EngineError) in try Tensor(shape: t.shape.dimensions, checkedStorage: storage) }
    }

    /// NumPy's broadcasting of two shapes.
    /// - Throws: NumPy's ValueError, which lists both shapes.
    static func broadcastShape(_ a: [Int], _ b: [Int], at range: SourceRange) throws(Diagnostic) -> TensorShape {
        do {
            let shape = try TensorShape.broadcast(TensorShape(a), TensorShape(b))
            try EngineLimits.checkElementCount(shape)
            return shape
        } catch where error.kind == .limit {
            throw Diagnostic(error, at: range)
        } catch {
            throw Diagnostic(.value, "operands could not be broadcast together with shapes \(TensorShape(a).numpyText) \(TensorShape(b).numpyText) ", range)
        }
    }

    /// Both operands expanded to `shape`.
    static func expanded(_ a: Tensor, _ b: Tensor, to shape: TensorShape, at range: SourceRange) throws(Diagnostic) -> (Tensor, Tensor) {
        try engine(range) { () throws(EngineError) in
            (try a.expanded(to: shape.dimensions), try b.expanded(to: shape.dimensions))
        }
    }

    /// `//` or `%`: Python's floor division and remainder (the remainder takes the
    /// divisor's sign); an integer divisor of zero gives 0, a float one inf or nan.
    private static func divmod(_ x: Tensor, _ y: Tensor, _ dtype: DType, remainder: Bool) -> TensorStorage {
        switch dtype {
        case .float64:
            return .float64(zip(x.elements(as: Double.self), y.elements(as: Double.self)).map { pick(floatDivmod($0, $1), remainder) })
        case .float32:
            return .float32(zip(x.elements(as: Float.self), y.elements(as: Float.self)).map { pick(floatDivmod($0, $1), remainder) })
        case .float16, .bfloat16:
            let values = zip(x.elements(as: Float.self), y.elements(as: Float.self)).map { pick(floatDivmod($0, $1), remainder) }
            return TensorStorage.float32(values).converted(to: dtype)
        default:
            let values = zip(x.elements(as: Int64.self), y.elements(as: Int64.self)).map { a, b -> Int64 in
                guard b != 0 else { return 0 }
                let r = a.remainderReportingOverflow(dividingBy: b).partialValue
                let below = r != 0 && (r < 0) != (b < 0)
                if remainder { return below ? r &+ b : r }
                let q = a.dividedReportingOverflow(by: b).partialValue
                return below ? q &- 1 : q
            }
            return TensorStorage.int64(values).converted(to: dtype)
        }
    }

    private static func pick<T>(_ pair: (T, T), _ second: Bool) -> T { second ? pair.1 : pair.0 }

    /// NumPy's `npy_divmod`.
    private static func floatDivmod<T: BinaryFloatingPoint>(_ a: T, _ b: T) -> (T, T) {
        guard b != 0 else { return (a / b, a.truncatingRemainder(dividingBy: b)) }
        var mod = a.truncatingRemainder(dividingBy: b)
        var div = (a - mod) / b
        if mod != 0 {
            if (b < 0) != (mod < 0) {
                mod += b
                div -= 1
            }
        } else {
            mod = T(signOf: b, magnitudeOf: 0)
        }
        var floorDiv: T
        if div != 0 {
            floorDiv = div.rounded(.down)
            if div - floorDiv > 0.5 { floorDiv += 1 }
        } else {
            floorDiv = T(signOf: a / b, magnitudeOf: 0)
        }
        return (floorDiv, mod)
    }

    /// Runs an engine operation, turning its errors into diagnostics at `range`.
    static func engine<T>(_ range: SourceRange, _ body: () throws(EngineError) -> T) throws(Diagnostic) -> T {
        try EngineCall.run(at: range, body)
    }
}
