/// `F.pixel_shuffle` and `F.pixel_unshuffle` (`nn.PixelShuffle`, `nn.PixelUnshuffle`):
/// channels traded for space and back, on the last three dimensions of any tensor of
/// rank 3 or more and any dtype.
///
/// ```swift
/// // (1, 8, 2, 3) -> (1, 2, 4, 6): out[c, h*2 + i, w*2 + j] = in[c*4 + i*2 + j, h, w]
/// let up = try x.pixelShuffled(upscaleFactor: 2)
/// try up.pixelUnshuffled(downscaleFactor: 2) == x   // true
/// ```
///
/// Both return new contiguous tensors (a permutation of the elements, so exact).
extension Tensor {
    /// `(*, C*r*r, H, W)` to `(*, C, H*r, W*r)`.
    /// - Throws: PyTorch's messages for fewer than 3 dimensions, a factor below 1, or
    ///   channels that `r*r` does not divide.
    public func pixelShuffled(upscaleFactor r: Int) throws(EngineError) -> Tensor {
        guard rank >= 3 else {
            throw .argument("pixel_shuffle expects input to have at least 3 dimensions, but got input with \(rank) dimension(s)")
        }
        guard r > 0 else { throw .argument("pixel_shuffle expects a positive upscale_factor, but got \(r)") }
        try ParameterLimits.check(["upscale_factor": [r]])
        let (c, h, w) = (shape[rank - 3], shape[rank - 2], shape[rank - 1])
        guard c % (r * r) == 0 else {
            throw .argument("pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=\(c) is not divisible by \(r * r)")
        }
        let lead = Array(shape.dimensions.dropLast(3))
        let n = lead.count
        // (*, C, r, r, H, W) -> (*, C, H, r, W, r)
        let split = try viewedOrCopied(lead + [c / (r * r), r, r, h, w])
        let order = Array(0..<n) + [n, n + 3, n + 1, n + 4, n + 2]
        return Tensor(shape: TensorShape(lead + [c / (r * r), h * r, w * r]), storage: try split.permuted(order).contiguousStorage)
            .recorded("PixelShuffleBackward0", inputs: [self]) { g, _ throws(EngineError) in [try g[0].pixelUnshuffled(downscaleFactor: r)] }
    }

    /// `(*, C, H*r, W*r)` to `(*, C*r*r, H, W)`.
    /// - Throws: PyTorch's messages for fewer than 3 dimensions, a factor below 1, or a
    ///   height or width that `r` does not divide.
    public func pixelUnshuffled(downscaleFactor r: Int) throws(EngineError) -> Tensor {
        guard rank >= 3 else {
            throw .argument("pixel_unshuffle expects input to have at least 3 dimensions, but got input with \(rank) dimension(s)")
        }
        guard r > 0 else { throw .argument("pixel_unshuffle expects a positive downscale_factor, but got \(r)") }
        try ParameterLimits.check(["downscale_factor": [r]])
        let (c, h, w) = (shape[rank - 3], shape[rank - 2], shape[rank - 1])
        guard h % r == 0 else {
            throw .argument("pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=\(h) is not divisible by \(r)")
        }
        guard w % r == 0 else {
            throw .argument("pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=\(w) is not divisible by \(r)")
        }
        let lead = Array(shape.dimensions.dropLast(3))
        let n = lead.count
        // (*, C, H, r, W, r) -> (*, C, r, r, H, W)
        let split = try viewedOrCopied(lead + [c, h / r, r, w / r, r])
        let order = Array(0..<n) + [n, n + 2, n + 4, n + 1, n + 3]
        let outShape = TensorShape(lead + [TensorShape([c, r, r]).elementCount, h / r, w / r])
        try EngineLimits.checkAllocation(outShape, dtype: dtype)
        return Tensor(shape: outShape, storage: try split.permuted(order).contiguousStorage)
            .recorded("PixelUnshuffleBackward0", inputs: [self]) { g, _ throws(EngineError) in [try g[0].pixelShuffled(upscaleFactor: r)] }
    }

    /// The elements under `sizes` (a view of a contiguous copy when this is not contiguous).
    private func viewedOrCopied(_ sizes: [Int]) throws(EngineError) -> Tensor {
        try detached().contiguous().viewed(sizes)
    }
}
