/// The scatter-add form of a transposed convolution, with what it built on the way.
///
/// Every input element multiplies the whole kernel, and the product is added into a
/// canvas at the element's strided position (`i * stride`, kernel taps `dilation`
/// apart). The canvas is the uncropped output; `padding` then crops that much from
/// each side, `output_padding` extends the far side, and the bias is added.
public struct ScatterAddTrace: Sendable {
    /// The plan the trace follows.
    public let plan: ConvPlan
    /// The canvas before cropping, batched: `(N, C_out, *canvas)`, no bias.
    public let canvas: Tensor
    /// What is cropped from the start of each spatial dimension (the padding).
    public let cropBefore: [Int]
    /// The result, equal to `conv_transposeNd` (unbatched if the input was).
    public let output: Tensor

    /// The one input element's contribution, `x[batch, channel, position] * kernel`,
    /// placed on a canvas of its own: `(C_out, *canvas)`, zero where it adds nothing.
    public func contribution(batch: Int, inputChannel: Int, position: [Int]) throws(EngineError) -> Tensor {
        let g = plan.geometry
        let rank = plan.operation.spatialRank
        guard batch >= 0, batch < g.batch else { throw .index("batch \(batch) is out of range for a batch of \(g.batch)") }
        let inChannels = g.groups * g.columnChannelsPerGroup
        guard inputChannel >= 0, inputChannel < inChannels else {
            throw .index("channel \(inputChannel) is out of range for \(inChannels) input channels")
        }
        guard position.count == rank, zip(position, plan.inputSpatial).allSatisfy({ $0 >= 0 && $0 < $1 }) else {
            throw .index("position \(PythonFormat.list(position)) is not inside the input's \(PythonFormat.list(plan.inputSpatial))")
        }
        let canvasSpatial = Array(canvas.shape.dimensions.dropFirst(2))
        let outChannels = canvas.shape[1]
        var values = [Double](repeating: 0, count: outChannels * canvasSpatial.reduce(1, *))
        let position3 = Array(repeating: 0, count: 3 - rank) + position
        let canvas3 = Array(repeating: 1, count: 3 - rank) + canvasSpatial
        let inputFlat = ((batch * inChannels + inputChannel) * g.columnPlane)
            + (position3[0] * g.columnSize[1] + position3[1]) * g.columnSize[2] + position3[2]
        let value = plan.input.scalar(at: inputFlat).doubleValue
        let group = inputChannel / g.columnChannelsPerGroup
        let weights = plan.weight.doubles
        let canvasPlane = canvas3.reduce(1, *)
        for o in 0..<g.imageChannelsPerGroup {
            let outChannel = group * g.imageChannelsPerGroup + o
            ScatterAddTrace.forEachTap(g) { tap, offset in
                let z = position3[0] * g.stride[0] + offset[0]
                let y = position3[1] * g.stride[1] + offset[1]
                let x = position3[2] * g.stride[2] + offset[2]
                let w = weights[(inputChannel * g.imageChannelsPerGroup + o) * g.kernelVolume + tap]
                values[outChannel * canvasPlane + (z * canvas3[1] + y) * canvas3[2] + x] += value * w
            }
        }
        return Tensor(shape: TensorShape([outChannels] + canvasSpatial), storage: .converting(values, to: plan.input.dtype))
    }

    /// Calls `body` with every kernel tap's flat index and its offset `k * dilation`.
    static func forEachTap(_ g: ConvGeometry, _ body: (Int, [Int]) -> Void) {
        var tap = 0
        for a in 0..<g.kernel[0] {
            for b in 0..<g.kernel[1] {
                for c in 0..<g.kernel[2] {
                    body(tap, [a * g.dilation[0], b * g.dilation[1], c * g.dilation[2]])
                    tap += 1
                }
            }
        }
    }
}

extension Formulation {
    /// Computes a transposed convolution by scatter-add (the d2l formulation), keeping
    /// the uncropped canvas. Accumulates in double; the result is in the input's dtype.
    /// - Throws: ``EngineError`` when the plan is not a transposed convolution, or when
    ///   cancelled.
    public static func scatterAdd(_ plan: ConvPlan, cancellation: CancellationFlag? = nil) throws(EngineError) -> ScatterAddTrace {
        guard plan.operation.isTransposed else {
            throw .valueError("scatter-add computes a transposed convolution; \(plan.operation) is a convolution")
        }
        let g = plan.geometry
        let rank = plan.operation.spatialRank
        let lead = 3 - rank
        // The canvas holds every product, plus room for output padding that reaches past it.
        let canvasSpatial = (0..<rank).map { d -> Int in
            let derivation = ShapeArithmetic.transposed(plan.dimension(d))
            return derivation.uncroppedSize + max(0, plan.outputPadding[d] - plan.paddingBefore[d])
        }
        let canvas3 = Array(repeating: 1, count: lead) + canvasSpatial
        let canvasPlane = canvas3.reduce(1, *)
        let outChannels = g.groups * g.imageChannelsPerGroup
        let inChannels = g.groups * g.columnChannelsPerGroup
        try EngineLimits.checkAllocation(TensorShape([g.batch, outChannels] + canvas3), dtype: .float64)
        var canvas = [Double](repeating: 0, count: g.batch * outChannels * canvasPlane)
        let x = plan.input.doubles
        let w = plan.weight.doubles
        for n in 0..<g.batch {
            for ci in 0..<inChannels {
                try cancellation.check()
                let group = ci / g.columnChannelsPerGroup
                for i0 in 0..<g.columnSize[0] {
                    for i1 in 0..<g.columnSize[1] {
                        for i2 in 0..<g.columnSize[2] {
                            let value = x[((n * inChannels + ci) * g.columnSize[0] + i0) * g.columnSize[1] * g.columnSize[2]
                                          + i1 * g.columnSize[2] + i2]
                            for o in 0..<g.imageChannelsPerGroup {
                                let base = (n * outChannels + group * g.imageChannelsPerGroup + o) * canvasPlane
                                let wBase = (ci * g.imageChannelsPerGroup + o) * g.kernelVolume
                                ScatterAddTrace.forEachTap(g) { tap, offset in
                                    let z = i0 * g.stride[0] + offset[0]
                                    let y = i1 * g.stride[1] + offset[1]
                                    let xx = i2 * g.stride[2] + offset[2]
                                    canvas[base + (z * canvas3[1] + y) * canvas3[2] + xx] += value * w[wBase + tap]
                                }
                            }
                        }
                    }
                }
            }
        }
        // Crop `padding` from the start; keep the output's size.
        let out3 = g.imageSize
        let crop3 = Array(repeating: 0, count: lead) + plan.paddingBefore
        let bias = plan.bias?.doubles
        var output = [Double](repeating: 0, count: g.batch * outChannels * g.imagePlane)
        for nc in 0..<(g.batch * outChannels) {
            let b = bias?[nc % outChannels] ?? 0
            for z in 0..<out3[0] {
                for y in 0..<out3[1] {
                    for xx in 0..<out3[2] {
                        let source = nc * canvasPlane + ((z + crop3[0]) * canvas3[1] + y + crop3[1]) * canvas3[2] + xx + crop3[2]
                        output[nc * g.imagePlane + (z * out3[1] + y) * out3[2] + xx] = canvas[source] + b
                    }
                }
            }
        }
        let dtype = plan.input.dtype
        let canvasShape = TensorShape([g.batch, outChannels] + Array(canvas3.suffix(rank)))
        return ScatterAddTrace(
            plan: plan,
            canvas: Tensor(shape: canvasShape, storage: .converting(canvas, to: dtype)),
            cropBefore: plan.paddingBefore,
            output: plan.unbatched(Tensor(shape: plan.outputShape, storage: .converting(output, to: dtype))))
    }
}

/// The teaching formulations of (transposed) convolution: real computations that keep
/// their intermediate tensors, each equal to the fast path for every parameter.
public enum Formulation {}
