extension Tensor {
    /// The larger or smaller of each pair of elements (`torch.maximum`, `torch.minimum`,
    /// and `torch.max(a, b)`), broadcast, in the promoted dtype. A NaN on either side
    /// gives NaN.
    /// - Throws: PyTorch's message for shapes that do not broadcast.
    public static func elementwiseExtreme(_ kind: ExtremeKind, _ lhs: Tensor, _ rhs: Tensor) throws(EngineError) -> Tensor {
        try pairwiseExtremes(kind, lhs, rhs).recordedExtreme(kind, of: lhs, rhs)
    }

    private static func pairwiseExtremes(_ kind: ExtremeKind, _ lhs: Tensor, _ rhs: Tensor) throws(EngineError) -> Tensor {
        let dtype = TypePromotion.resultType([.tensor(lhs), .tensor(rhs)])
        let (a, b, shape) = try broadcastPair(lhs, rhs)
        // std::max(a, b) keeps a unless a < b; std::min(a, b) keeps a unless b < a.
        func pick<T: Comparable & TensorElement>(_ type: T.Type, isNaN: (T) -> Bool) -> [T] {
            let (x, y) = (a.elements(as: T.self), b.elements(as: T.self))
            return zip(x, y).map { p, q in
                if isNaN(p) { return p }
                if isNaN(q) { return q }
                return kind == .max ? (p < q ? q : p) : (q < p ? q : p)
            }
        }
        switch dtype {
        case .bool:
            let (x, y) = (a.elements(as: Bool.self), b.elements(as: Bool.self))
            return Tensor(shape: shape, storage: .bool(zip(x, y).map { kind == .max ? $0 || $1 : $0 && $1 }))
        case .float32:
            return Tensor(shape: shape, storage: .float32(pick(Float.self) { $0.isNaN }))
        case let type where type.isFloatingPoint:
            return Tensor(shape: shape, storage: .converting(pick(Double.self) { $0.isNaN }, to: type))
        case .int64:
            return Tensor(shape: shape, storage: .int64(pick(Int64.self) { _ in false }))
        case let type:
            return Tensor(shape: shape, storage: .converting(pick(Int64.self) { _ in false }, to: type))
        }
    }
}
