import Foundation

/// Division that rounds toward negative infinity, and the remainder that goes with it.
public enum FloorDivision: String, Sendable, CaseIterable {
    /// `//` (`torch.floor_divide`): the quotient rounded down.
    case quotient = "//"
    /// `%` (`torch.remainder`): Python's modulo, with the sign of the divisor.
    case remainder = "%"

    /// The name of PyTorch's CPU kernel, which its messages quote.
    var kernelName: String { self == .quotient ? "div_floor_cpu" : "remainder_cpu" }
}

extension Tensor {
    /// `lhs // rhs` or `lhs % rhs` with broadcasting and PyTorch's type promotion.
    ///
    /// Floating point follows PyTorch's `div_floor_floating` and remainder: division by
    /// zero gives IEEE's infinity or NaN, `-0.0` keeps its sign. Integers floor as
    /// Python does (`-7 // 2 == -4`, `-7 % 2 == 1`); `Int64.min // -1` wraps.
    /// - Throws: RuntimeError "ZeroDivisionError" for an integer divisor of zero, and
    ///   NotImplementedError when both operands are bool.
    public static func apply(_ op: FloorDivision, _ lhs: Operand, _ rhs: Operand) throws(EngineError) -> Tensor {
        try floorDivisionValues(op, lhs, rhs).recordedFloorDivision(op, lhs, rhs)
    }

    private static func floorDivisionValues(_ op: FloorDivision, _ lhs: Operand, _ rhs: Operand) throws(EngineError) -> Tensor {
        let dtype = TypePromotion.resultType([lhs, rhs])
        if dtype == .bool {
            throw EngineError(.dtype, "\"\(op.kernelName)\" not implemented for 'Bool'", pythonType: "NotImplementedError")
        }
        let (a, b, shape) = try broadcastPair(lhs.tensor, rhs.tensor)
        switch dtype {
        case .float32:
            let (x, y) = (a.elements(as: Float.self), b.elements(as: Float.self))
            return Tensor(shape: shape, storage: .float32(zip(x, y).map { floating(op, $0, $1) }))
        case .float64:
            let (x, y) = (a.elements(as: Double.self), b.elements(as: Double.self))
            return Tensor(shape: shape, storage: .float64(zip(x, y).map { floating(op, $0, $1) }))
        case .float16, .bfloat16:
            // In float32 from operands rounded to the dtype, rounded once, as PyTorch's
            // kernels; a divisor of one element for `//` is taken to float32 from its own
            // dtype (`div_floor_cpu_reduced_float`), not first rounded to the result's.
            let x = a.converted(to: dtype).elements(as: Float.self)
            let y = op == .quotient && rhs.tensor.count == 1
                ? [Float](repeating: rhs.tensor.opmathValue, count: x.count) : b.converted(to: dtype).elements(as: Float.self)
            return Tensor(shape: shape, storage: TensorStorage.float32(zip(x, y).map { floating(op, $0, $1) }).converted(to: dtype))
        default:
            let (x, y) = (a.elements(as: Int64.self), b.elements(as: Int64.self))
            var out = [Int64](repeating: 0, count: x.count)
            for i in out.indices {
                guard y[i] != 0 else { throw .argument("ZeroDivisionError") }
                out[i] = integer(op, x[i], y[i])
            }
            if dtype == .int64 { return Tensor(shape: shape, storage: .int64(out)) }
            return Tensor(shape: shape, storage: .converting(out, to: dtype))
        }
    }

    /// PyTorch's `div_floor_floating` and floating remainder, in `T`'s precision.
    static func floating<T: BinaryFloatingPoint & RemainderFunction>(_ op: FloorDivision, _ a: T, _ b: T) -> T {
        let mod = T.truncatedRemainder(a, b)
        if op == .remainder {
            return mod != 0 && (b < 0) != (mod < 0) ? mod + b : mod
        }
        if b == 0 { return a / b }
        var div = (a - mod) / b
        if mod != 0 && (b < 0) != (mod < 0) { div -= 1 }
        guard div != 0 else { return T(signOf: a / b, magnitudeOf: 0) }
        var floored = div.rounded(.down)
        if div - floored > 0.5 { floored += 1 }
        return floored
    }

    /// Python's integer `//` and `%` (the divisor is not zero).
    static func integer(_ op: FloorDivision, _ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a.dividedReportingOverflow(by: b).partialValue
        let remainder = a.remainderReportingOverflow(dividingBy: b).partialValue
        let adjust = remainder != 0 && (remainder < 0) != (b < 0)
        if op == .remainder { return adjust ? remainder &+ b : remainder }
        return adjust ? quotient &- 1 : quotient
    }
}

/// C's `fmod` in the element's own precision, as PyTorch's kernels call it.
protocol RemainderFunction {
    static func truncatedRemainder(_ a: Self, _ b: Self) -> Self
}

extension Float: RemainderFunction {
    static func truncatedRemainder(_ a: Float, _ b: Float) -> Float { Foundation.fmodf(a, b) }
}

extension Double: RemainderFunction {
    static func truncatedRemainder(_ a: Double, _ b: Double) -> Double { Foundation.fmod(a, b) }
}
