/// `F.interpolate`'s C++ half: `compute_output_size`, the `upsample_*d` size checks,
/// the kernel PyTorch's CPU dispatch picks, and its dtype refusal.
extension InterpolationRequest {
    /// The interpolated tensor.
    func run(_ input: Tensor) throws(EngineError) -> Tensor {
        let inSizes = Array(input.shape.dimensions.dropFirst(2))
        var outSizes: [Int] = []
        if let outputSize {
            outSizes = outputSize
        } else if let scaleFactors {
            for (size, scale) in zip(inSizes, scaleFactors) {
                let value = Double(size) * scale
                guard value.isFinite, abs(value) < 9.2e18 else {
                    throw .argument("value cannot be converted to type int64_t without overflow")
                }
                outSizes.append(Int(value.rounded(.towardZero)))
            }
        }
        try ParameterLimits.check(["output size": outSizes])
        try checkSizes(input, inSizes, outSizes)
        let outputShape = TensorShape(Array(input.shape.dimensions.prefix(2)) + outSizes)
        let channelsLast = inSizes.count == 2 && outSizes[0] + outSizes[1] <= 128
        try checkDType(input, channelsLast: channelsLast)
        try EngineLimits.checkAllocation(outputShape, dtype: input.dtype)
        let geometry = InterpolationGeometry(batch: input.shape[0], channels: input.shape[1], inputSizes: inSizes,
                                             outputSizes: outSizes, scales: scaleFactors, alignCorners: alignCorners)
        let output: Tensor
        if mode == .nearest {
            output = InterpolationKernels.nearest(input, geometry, channelsLast: channelsLast, outputShape: outputShape)
        } else if input.dtype == .float64 {
            let values = channelsLast ? InterpolationKernels.bilinearChannelsLast(input.elements(as: Double.self), geometry)
                                      : InterpolationKernels.linear(input.elements(as: Double.self), geometry)
            output = Tensor.fromComputed(values, shape: outputShape, dtype: .float64)
        } else {
            let values = channelsLast ? InterpolationKernels.bilinearChannelsLast(input.elements(as: Float.self), geometry)
                                      : InterpolationKernels.linear(input.elements(as: Float.self), geometry)
            output = Tensor.fromComputed(values, shape: outputShape, dtype: input.dtype)
        }
        return recorded(output, of: input, geometry)
    }

    /// `upsample_{1,2,3}d_common_check` and the non-empty input check.
    private func checkSizes(_ input: Tensor, _ inSizes: [Int], _ outSizes: [Int]) throws(EngineError) {
        let names = ["D", "H", "W"].suffix(inSizes.count)
        let describe = { (sizes: [Int]) in zip(names, sizes).map { "\($0): \($1)" }.joined(separator: ", ") }
        guard inSizes.allSatisfy({ $0 > 0 }), outSizes.allSatisfy({ $0 > 0 }) else {
            let joiner = inSizes.count == 1 ? " and output" : " output"
            throw .argument("Input and output sizes should be greater than 0, but got input (\(describe(inSizes)))\(joiner) (\(describe(outSizes)))")
        }
        let sizes = input.shape.dimensions
        let empty = inSizes.count == 1 ? (sizes[1] == 0 || sizes[2] == 0)
                                       : (input.count == 0 && TensorShape(Array(sizes.dropFirst())).elementCount == 0)
        if empty {
            throw .argument("Non-empty \(input.rank)D data tensor expected but got a tensor with sizes \(input.shape)")
        }
    }

    /// The element types each CPU kernel dispatches: floats, and uint8 for nearest.
    private func checkDType(_ input: Tensor, channelsLast: Bool) throws(EngineError) {
        let dtype = input.dtype
        if dtype.isFloatingPoint { return }
        if dtype == .uint8 {
            if mode == .nearest { return }
            if mode == .bilinear {
                throw EngineError(.dtype, "ConvLab does not interpolate uint8 tensors in mode 'bilinear' yet; convert to float first", pythonType: "NotImplementedError")
            }
        }
        let kernel: String
        switch (mode, channelsLast) {
        case (.nearest, true): kernel = "upsample_nearest2d_channels_last"
        case (.nearest, false): kernel = "compute_indices_weights_nearest"
        case (_, true): kernel = "upsample_bilinear2d_channels_last"
        case (_, false): kernel = "compute_indices_weights_linear"
        }
        throw EngineError(.dtype, "\"\(kernel)\" not implemented for '\(dtype.scalarTypeName)'", pythonType: "NotImplementedError")
    }
}

/// The sizes and scales of one interpolation.
struct InterpolationGeometry {
    /// The batch size `N` and the channels `C`: `N * C` planes of `inputSizes`
    /// elements each (row-major, contiguous).
    var batch: Int
    var channels: Int
    var inputSizes: [Int]
    var outputSizes: [Int]
    /// The user's scale factors, when the kernels use them.
    var scales: [Double]?
    var alignCorners: Bool

    var planeCount: Int { batch * channels }
    func scale(_ axis: Int) -> Double? { scales?[axis] }
}
