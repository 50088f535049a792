/// A convolution written as a matrix product (article 001): `vec(y) = C vec(x)` for one
/// sample, and the transposed convolution with the same weight as `C^T`.
public struct MatrixFormTrace: Sendable {
    /// The plan the trace follows.
    public let plan: ConvPlan
    /// The convolution's matrix `C`: one row per output element of the convolution
    /// (channel-major, then row-major positions), one column per input element.
    /// For a transposed convolution, `C` is the matrix of the convolution it transposes.
    public let convolutionMatrix: Tensor
    /// The matrix this operation applies: `C` for a convolution, `C^T` for a transposed
    /// convolution. Shape `(output elements per sample, input elements per sample)`.
    public let matrix: Tensor
    /// The result of applying ``matrix`` to every sample, plus the bias: equal to the
    /// fast path (unbatched if the input was).
    public let output: Tensor
}

extension Formulation {
    /// The most entries ConvLab builds a convolution matrix with.
    public static let matrixEntryLimit = 1_000_000

    /// Builds the matrix of a convolution or transposed convolution and applies it.
    /// - Throws: ``EngineError`` (kind `.limit`) when the matrix would have more than
    ///   ``matrixEntryLimit`` entries, or when cancelled.
    public static func matrixForm(_ plan: ConvPlan, cancellation: CancellationFlag? = nil) throws(EngineError) -> MatrixFormTrace {
        let g = plan.geometry
        let columnCount = g.groups * g.columnChannelsPerGroup * g.columnPlane  // conv output elements
        let imageCount = g.groups * g.imageChannelsPerGroup * g.imagePlane     // conv input elements
        let (entries, overflow) = columnCount.multipliedReportingOverflow(by: imageCount)
        guard !overflow, entries <= matrixEntryLimit else {
            throw .limit("the matrix of this \(plan.operation) would be \(plan.operation.isTransposed ? imageCount : columnCount) x \(plan.operation.isTransposed ? columnCount : imageCount) = \(overflow ? "too many" : String(entries)) entries; ConvLab builds it only up to \(matrixEntryLimit) entries")
        }
        // C[row, column]: row = conv output element, column = conv input element.
        var c = [Double](repeating: 0, count: entries)
        let w = plan.weight.doubles
        let rows = g.imageChannelsPerGroup * g.kernelVolume
        for group in 0..<g.groups {
            try cancellation.check()
            for oc in 0..<g.columnChannelsPerGroup {
                let channel = group * g.columnChannelsPerGroup + oc
                for p0 in 0..<g.columnSize[0] {
                    for p1 in 0..<g.columnSize[1] {
                        for p2 in 0..<g.columnSize[2] {
                            let row = (channel * g.columnSize[0] + p0) * g.columnSize[1] * g.columnSize[2] + p1 * g.columnSize[2] + p2
                            for ic in 0..<g.imageChannelsPerGroup {
                                let imageChannel = group * g.imageChannelsPerGroup + ic
                                ScatterAddTrace.forEachTap(g) { tap, offset in
                                    let z = p0 * g.stride[0] - g.paddingBefore[0] + offset[0]
                                    let y = p1 * g.stride[1] - g.paddingBefore[1] + offset[1]
                                    let x = p2 * g.stride[2] - g.paddingBefore[2] + offset[2]
                                    guard z >= 0, z < g.imageSize[0], y >= 0, y < g.imageSize[1], x >= 0, x < g.imageSize[2] else { return }
                                    let column = (imageChannel * g.imageSize[0] + z) * g.imageSize[1] * g.imageSize[2] + y * g.imageSize[2] + x
                                    c[row * imageCount + column] += w[channel * rows + ic * g.kernelVolume + tap]
                                }
                            }
                        }
                    }
                }
            }
        }
        let transposed = plan.operation.isTransposed
        let (outCount, inCount) = transposed ? (imageCount, columnCount) : (columnCount, imageCount)
        var m = c
        if transposed {
            for i in 0..<columnCount { for j in 0..<imageCount { m[j * columnCount + i] = c[i * imageCount + j] } }
        }
        // Apply to each sample: y_n = M x_n, then the bias per output channel.
        let x = plan.input.doubles
        let bias = plan.bias?.doubles
        let outPlane = transposed ? g.imagePlane : g.columnPlane
        // An input of no channels has an output of none (the plan's shape), not C_out.
        let samples = plan.outputShape.elementCount == 0 ? 0 : g.batch
        var output = [Double](repeating: 0, count: samples * outCount)
        for n in 0..<samples {
            try cancellation.check()
            for r in 0..<outCount {
                var sum = 0.0
                for k in 0..<inCount { sum += m[r * inCount + k] * x[n * inCount + k] }
                output[n * outCount + r] = sum + (bias?[r / outPlane] ?? 0)
            }
        }
        let dtype = plan.input.dtype
        return MatrixFormTrace(
            plan: plan,
            convolutionMatrix: Tensor(shape: [columnCount, imageCount], storage: .converting(c, to: dtype)),
            matrix: Tensor(shape: [outCount, inCount], storage: .converting(m, to: dtype)),
            output: plan.unbatched(Tensor(shape: plan.outputShape, storage: .converting(output, to: dtype))))
    }
}
