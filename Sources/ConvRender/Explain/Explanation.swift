import ConvEngine

/// The shape arithmetic of one (transposed) convolution, dimension by dimension, taken
/// from the engine's derivations: what `explain(...)` renders. Nothing here recomputes
/// a formula.
public struct Explanation: Sendable {
    public enum Dimension: Sendable {
        case convolution(ConvolutionDerivation, inputs: ClosedRange<Int>?, inverse: TransposedInverse?)
        case transposed(TransposedConvolutionDerivation)
    }

    public let plan: ConvPlan
    /// One entry per spatial dimension, outermost first.
    public let dimensions: [Dimension]

    public init(_ plan: ConvPlan) {
        self.plan = plan
        dimensions = (0..<plan.operation.spatialRank).map { d in
            let dim = plan.dimension(d)
            if plan.operation.isTransposed { return .transposed(ShapeArithmetic.transposed(dim)) }
            let forward = ShapeArithmetic.convolution(dim)
            let inputs = dim.paddingBefore == dim.paddingAfter
                ? ShapeArithmetic.inputSizes(producing: forward.outputSize, kernelSize: dim.kernelSize, stride: dim.stride,
                                             padding: dim.paddingBefore, dilation: dim.dilation)
                : nil
            return .convolution(forward, inputs: inputs, inverse: try? ShapeArithmetic.transposedInverse(of: dim))
        }
    }

    /// The names of the spatial dimensions: `length`, `height, width`, `depth, height, width`.
    public var dimensionNames: [String] {
        switch plan.operation.spatialRank {
        case 1: ["length"]
        case 2: ["height", "width"]
        default: ["depth", "height", "width"]
        }
    }
}
