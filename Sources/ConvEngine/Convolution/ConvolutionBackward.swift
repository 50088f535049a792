/// Which gradients ``Convolution/backward(gradOutput:input:weight:hasBias:spatialRank:stride:padding:dilation:groups:transposed:outputPadding:outputMask:cancellation:)``
/// computes: `aten::convolution_backward`'s `output_mask`.
public struct ConvGradientMask: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let input = ConvGradientMask(rawValue: 1)
    public static let weight = ConvGradientMask(rawValue: 2)
    public static let bias = ConvGradientMask(rawValue: 4)
    public static let all: ConvGradientMask = [.input, .weight, .bias]
}

/// A convolution's gradients with respect to its input, weight and bias; `nil` for
/// those the mask left out (and for the bias when there is none).
public struct ConvGradients: Sendable {
    /// Shaped as the input (unbatched when the input was).
    public var input: Tensor?
    /// Shaped as the weight.
    public var weight: Tensor?
    /// `(C_out)`.
    public var bias: Tensor?
}

extension Convolution {
    /// The gradients of a convolution or transposed convolution, as PyTorch's
    /// `aten::convolution_backward` computes them on the CPU: given the gradient of the
    /// output, the input's (a transposed convolution of it with the same weight, or for
    /// a transposed convolution a convolution), the weight's (the input's lowered
    /// patches times the output gradient, summed over the batch; the roles swap for a
    /// transposed convolution) and the bias's (the output gradient summed over the batch
    /// and the spatial dimensions).
    ///
    /// The input gradient always has the input's size, also where the forward's stride
    /// floored part of the input away (those positions get zero).
    ///
    /// ```swift
    /// let y = try Convolution.convolution(x, weight: w, spatialRank: 2, stride: 2)
    /// let g = try Convolution.backward(gradOutput: ones(y.shape), input: x, weight: w,
    ///                                  hasBias: false, spatialRank: 2, stride: 2)
    /// // g.input has x's shape; g.weight has w's.
    /// ```
    ///
    /// - Parameters:
    ///   - gradOutput: the gradient of the forward's output, shaped as that output.
    ///   - input, weight: the forward's operands; `padding_mode` other than zeros is the
    ///     caller's pad before this convolution (its own node in autograd's graph).
    ///   - hasBias: whether the forward had a bias (its gradient needs no other operand).
    ///   - padding: explicit sizes, `.valid` or `.same` (a convolution's, with the extra
    ///     zero after for even kernels); a transposed convolution takes explicit sizes.
    ///   - transposed, outputPadding: a transposed convolution and its output padding.
    ///   - outputMask: the gradients to compute.
    ///   - cancellation: checked between slices of work.
    /// - Throws: the forward's refusals for invalid arguments; ``EngineError`` when
    ///   `gradOutput` is not shaped as the forward's output or a dtype has no gradients;
    ///   a NotImplementedError for float16 (unless the input has no samples or no
    ///   channels, whose gradients are zeros).
    ///
    /// Cost: about twice the forward's multiply-adds when both the input and weight
    /// gradients are asked for; bfloat16 computes in float32 as the forward does (and as
    /// PyTorch does); float16 is refused (PyTorch rounds its partial sums in float16).
    public static func backward(
        gradOutput: Tensor, input: Tensor, weight: Tensor, hasBias: Bool, spatialRank: Int,
        stride: SpatialParameter = 1, padding: ConvPadding = 0, dilation: SpatialParameter = 1, groups: Int = 1,
        transposed: Bool = false, outputPadding: SpatialParameter = 0, outputMask: ConvGradientMask = .all,
        cancellation: CancellationFlag? = nil
    ) throws(EngineError) -> ConvGradients {
        guard input.dtype.isFloatingPoint, weight.dtype.isFloatingPoint, gradOutput.dtype.isFloatingPoint else {
            throw .dtype("convolution_backward: only floating-point tensors have gradients, got "
                         + "\(gradOutput.dtype), \(input.dtype) and \(weight.dtype)")
        }
        let plan: ConvPlan
        if transposed {
            let explicitPadding: SpatialParameter
            switch padding {
            case .explicit(let values): explicitPadding = SpatialParameter(values)
            case .valid: explicitPadding = 0
            case .same: throw .argument("conv_transpose: padding='same' is not supported")
            }
            plan = try ConvPlan.transposed(input, weight: weight, spatialRank: spatialRank, stride: stride,
                                           padding: explicitPadding, outputPadding: outputPadding, groups: groups,
                                           dilation: dilation)
        } else {
            guard outputPadding.values.allSatisfy({ $0 == 0 }) else {
                throw .argument("convolution_backward: output_padding is only for transposed convolutions")
            }
            plan = try ConvPlan.convolution(input, weight: weight, spatialRank: spatialRank, stride: stride,
                                            padding: padding, dilation: dilation, groups: groups)
        }
        // PyTorch's float16 CPU backward rounds its partial sums in float16: computing in
        // float32 would differ from it in the last bits, so it is refused, unless PyTorch's
        // Empty backend takes the operation (no samples or no input channels): its
        // gradients are zeros, with no sum to round.
        guard ![input.dtype, weight.dtype, gradOutput.dtype].contains(.float16) || ConvValidation.takesEmptyBackend(plan.input) else {
            throw EngineError(.dtype, "ConvLab does not compute convolution gradients in float16 yet; use float32, "
                              + "float64 or bfloat16", pythonType: "NotImplementedError")
        }
        return try plan.gradients(gradOutput, hasBias: hasBias, mask: outputMask, cancellation: cancellation)
    }
}
