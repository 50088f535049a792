/// The comparison operators, giving bool tensors.
public enum Comparison: String, Sendable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
}

extension Tensor {
    /// `lhs op rhs` elementwise, with broadcasting; both sides are compared in their
    /// promoted type.
    public static func compare(_ op: Comparison, _ lhs: Operand, _ rhs: Operand) throws(EngineError) -> Tensor {
        let dtype = TypePromotion.resultType([lhs, rhs])
        let (a, b, shape) = try broadcastPair(lhs.tensor, rhs.tensor)
        let result: [Bool]
        switch dtype {
        case .float64: result = compared(op, a.elements(as: Double.self), b.elements(as: Double.self))
        case .float32: result = compared(op, a.elements(as: Float.self), b.elements(as: Float.self))
        case .float16, .bfloat16:
            // Each side rounded to the common dtype first, then compared exactly.
            result = compared(op, a.converted(to: dtype).elements(as: Float.self), b.converted(to: dtype).elements(as: Float.self))
        default:
            result = compared(op, a.converted(to: dtype).elements(as: Int64.self), b.converted(to: dtype).elements(as: Int64.self))
        }
        return Tensor(shape: shape, storage: .bool(result))
    }

    /// `self op other`.
    public func compared(_ op: Comparison, _ other: Tensor) throws(EngineError) -> Tensor {
        try Tensor.compare(op, .tensor(self), .tensor(other))
    }

    /// `self op scalar`.
    public func compared(_ op: Comparison, _ scalar: Scalar) throws(EngineError) -> Tensor {
        try Tensor.compare(op, .tensor(self), .scalar(scalar))
    }

    private static func compared<T: Comparable>(_ op: Comparison, _ x: [T], _ y: [T]) -> [Bool] {
        switch op {
        case .equal: zip(x, y).map { $0 == $1 }
        case .notEqual: zip(x, y).map { $0 != $1 }
        case .less: zip(x, y).map { $0 < $1 }
        case .lessEqual: zip(x, y).map { $0 <= $1 }
        case .greater: zip(x, y).map { $0 > $1 }
        case .greaterEqual: zip(x, y).map { $0 >= $1 }
        }
    }

    /// Elements of `a` where `condition` is true, of `b` elsewhere (`torch.where`), with
    /// the three broadcast together and `a`, `b` promoted.
    public static func select(where condition: Tensor, _ a: Operand, _ b: Operand) throws(EngineError) -> Tensor {
        guard condition.dtype == .bool else {
            throw .argument("where expected condition to be a boolean tensor, but got a tensor with dtype \(condition.dtype.scalarTypeName)")
        }
        let dtype = TypePromotion.resultType([a, b])
        // PyTorch broadcasts the condition with a, then the result with b.
        let shape = try TensorShape.broadcast(TensorShape.broadcast(condition.shape, a.shape), b.shape)
        let (x, y) = (a.tensor.converted(to: dtype), b.tensor.converted(to: dtype))
        let mask = try condition.expanded(to: shape.dimensions).elements(as: Bool.self)
        let left = try x.expanded(to: shape.dimensions), right = try y.expanded(to: shape.dimensions)
        let fromLeft = mask.indices.filter { mask[$0] }
        var storage = right.contiguousStorage
        storage.scatter(left.contiguousStorage.gathering(fromLeft), to: fromLeft)
        let inputs = [a, b].map { operand -> Tensor? in if case .tensor(let t) = operand { t } else { nil } }
        return Tensor(shape: shape, storage: storage)
            .recorded("WhereBackward0", inputs: inputs, saving: [condition]) { g, saved throws(EngineError) in
                let zero = Operand.scalar(.int(0))
                return [try select(where: saved[0], .tensor(g[0]), zero), try select(where: saved[0], zero, .tensor(g[0]))]
            }
    }

    /// Whether every element is close to `other`'s: `|a - b| <= atol + rtol * |b|`
    /// (`torch.allclose`); both must have the same dtype, as PyTorch requires.
    public func allClose(_ other: Tensor, rtol: Double = 1e-05, atol: Double = 1e-08, equalNaN: Bool = false) throws(EngineError) -> Bool {
        try isClose(other, rtol: rtol, atol: atol, equalNaN: equalNaN).elements(as: Bool.self).allSatisfy { $0 }
    }

    /// The elementwise form of ``allClose(_:rtol:atol:equalNaN:)`` (`torch.isclose`).
    public func isClose(_ other: Tensor, rtol: Double = 1e-05, atol: Double = 1e-08, equalNaN: Bool = false) throws(EngineError) -> Tensor {
        guard dtype == other.dtype else {
            throw .dtype("\(dtype.scalarTypeName) did not match \(other.dtype.scalarTypeName)")
        }
        let (a, b, shape) = try Tensor.broadcastPair(self, other)
        let x = a.doubles, y = b.doubles
        let close = x.indices.map { i -> Bool in
            if x[i] == y[i] { return true }
            if x[i].isNaN || y[i].isNaN { return equalNaN && x[i].isNaN && y[i].isNaN }
            if x[i].isInfinite || y[i].isInfinite { return false }
            return Swift.abs(x[i] - y[i]) <= atol + rtol * Swift.abs(y[i])
        }
        return Tensor(shape: shape, storage: .bool(close))
    }
}

/// Elementwise logic on truth values (`&`, `|`, `^` of masks).
public enum LogicalOperation: String, Sendable, CaseIterable {
    case and = "&", or = "|", xor = "^"
}

extension Tensor {
    /// `lhs op rhs` on the truth of each element (non-zero is true), broadcast; a bool
    /// tensor (`torch.logical_and` and friends).
    public static func logical(_ op: LogicalOperation, _ lhs: Tensor, _ rhs: Tensor) throws(EngineError) -> Tensor {
        let (a, b, shape) = try broadcastPair(lhs, rhs)
        let x = a.elements(as: Bool.self), y = b.elements(as: Bool.self)
        let result: [Bool] = switch op {
        case .and: zip(x, y).map { $0 && $1 }
        case .or: zip(x, y).map { $0 || $1 }
        case .xor: zip(x, y).map { $0 != $1 }
        }
        return Tensor(shape: shape, storage: .bool(result))
    }
}
