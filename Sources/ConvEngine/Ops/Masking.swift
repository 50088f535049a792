extension Tensor {
    /// A copy with `value` where `mask` is true (`masked_fill`): the mask is a bool
    /// tensor broadcast to this shape; `value` is cast to this dtype.
    public func maskedFilled(_ mask: Tensor, _ value: Scalar) throws(EngineError) -> Tensor {
        guard mask.dtype == .bool else {
            throw .argument("masked_fill_ only supports boolean masks, but got mask with dtype \(mask.dtype.cTypeName)")
        }
        let flags = try mask.expanded(to: shape.dimensions).elements(as: Bool.self)
        var storage = contiguousStorage
        let positions = flags.indices.filter { flags[$0] }
        storage.scatter(.filled(with: value, count: positions.count, dtype: dtype), to: positions)
        return Tensor(shape: shape, storage: storage)
            .recorded("MaskedFillBackward0", inputs: [self], saving: [mask]) { g, saved throws(EngineError) in
                [try g[0].maskedFilled(saved[0], .int(0))]
            }
    }
}
