extension Tensor {
    /// `x.repeat(*repeats)`: the tensor tiled `repeats[i]` times along each dimension
    /// (leading repeats add dimensions), a copy, recorded as `RepeatBackward0`, whose
    /// gradient sums the tiles back.
    /// - Throws: PyTorch's message when there are fewer repeats than dimensions.
    public func repeated(_ repeats: [Int]) throws(EngineError) -> Tensor {
        guard repeats.count >= rank else {
            throw .argument("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor")
        }
        if let bad = repeats.first(where: { $0 < 0 }) {
            throw .argument("Trying to create tensor with negative dimension \(bad): \(PythonFormat.list(repeats))")
        }
        let sizes = Array(repeating: 1, count: repeats.count - rank) + shape.dimensions
        // Each dimension i becomes a pair (repeats[i], sizes[i]): expand, then copy.
        let paired = zip(repeats, sizes).flatMap { [1, $1] }
        let expandedPairs = zip(repeats, sizes).flatMap { [$0, $1] }
        let outputShape = zip(repeats, sizes).map { $0 * $1 }
        let inputShape = shape
        let tiled = try EngineContext.current.withoutGrad { () throws(EngineError) in
            try reshaped(paired).expanded(to: expandedPairs).reshaped(outputShape)
        }
        return tiled.recorded("RepeatBackward0", inputs: [self]) { g, _ throws(EngineError) in
            let tiles = try g[0].reshaped(expandedPairs)
            let tileDims = Array(stride(from: 0, to: expandedPairs.count, by: 2))
            return [try tiles.reduced(.sum, dims: tileDims).reshaped(inputShape.dimensions)]
        }
    }
}
