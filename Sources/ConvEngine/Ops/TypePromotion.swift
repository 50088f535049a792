/// One operand of an elementwise operation, as PyTorch's type promotion sees it.
public enum Operand: Sendable {
    /// A tensor. A 0-dimensional tensor counts for less than a dimensioned one.
    case tensor(Tensor)
    /// A Python number: it decides only the category (bool, integer, float), never the
    /// width within it, so `float32_tensor * 2.5` stays float32.
    case scalar(Scalar)

    /// The operand as a tensor: a scalar keeps its exact value (a double or an int64).
    var tensor: Tensor {
        switch self {
        case .tensor(let t): t
        case .scalar(.double(let d)): Tensor(shape: [], storage: .float64([d]))
        case .scalar(let s): Tensor(scalar: s)
        }
    }

    public var shape: TensorShape {
        if case .tensor(let t) = self { t.shape } else { [] }
    }
}

/// PyTorch's `result_type`: dimensioned tensors first, then 0-dimensional tensors, then
/// Python numbers; a lower tier only matters when it is of a higher category.
enum TypePromotion {
    static func resultType(_ operands: [Operand]) -> DType {
        var dimensioned: DType?, zeroDim: DType?, wrapped: DType?
        func merge(_ slot: inout DType?, _ dtype: DType) { slot = slot.map { $0.promoted(with: dtype) } ?? dtype }
        for operand in operands {
            switch operand {
            case .tensor(let t) where t.rank > 0: merge(&dimensioned, t.dtype)
            case .tensor(let t): merge(&zeroDim, t.dtype)
            case .scalar(let s): merge(&wrapped, s.defaultDType)
            }
        }
        return combine(dimensioned, combine(zeroDim, wrapped)) ?? .float32
    }

    /// `combine_categories(higher, lower)`.
    private static func combine(_ higher: DType?, _ lower: DType?) -> DType? {
        guard let higher else { return lower }
        guard let lower else { return higher }
        if higher.isFloatingPoint { return higher }
        if higher == .bool || lower.isFloatingPoint { return higher.promoted(with: lower) }
        return higher
    }
}
