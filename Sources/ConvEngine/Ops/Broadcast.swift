extension TensorShape {
    /// The shape two tensors broadcast to (PyTorch's `infer_size`): sizes are aligned
    /// from the right, and a size of 1 stretches to match.
    /// - Throws: PyTorch's message naming the first dimension, from the right, that
    ///   does not fit.
    public static func broadcast(_ a: TensorShape, _ b: TensorShape) throws(EngineError) -> TensorShape {
        let rank = Swift.max(a.rank, b.rank)
        var result = [Int](repeating: 1, count: rank)
        for i in stride(from: rank - 1, through: 0, by: -1) {
            let offset = rank - 1 - i
            let sizeA = a.rank - 1 - offset >= 0 ? a[a.rank - 1 - offset] : 1
            let sizeB = b.rank - 1 - offset >= 0 ? b[b.rank - 1 - offset] : 1
            guard sizeA == sizeB || sizeA == 1 || sizeB == 1 else {
                throw .shape("The size of tensor a (\(sizeA)) must match the size of tensor b (\(sizeB)) at non-singleton dimension \(i)")
            }
            result[i] = sizeA == 1 ? sizeB : sizeA
        }
        return TensorShape(result)
    }
}
