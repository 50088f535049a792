extension ConvPadding: ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
    public init(integerLiteral value: Int) { self = .explicit([value]) }
    public init(arrayLiteral elements: Int...) { self = .explicit(elements) }
}

/// Convolution and transposed convolution, as `torch.nn.functional` computes them.
///
/// Shapes follow PyTorch: input `(N, C_in, *spatial)` or unbatched `(C_in, *spatial)`;
/// a convolution's weight is `(C_out, C_in / groups, *kernel)` and a transposed
/// convolution's `(C_in, C_out / groups, *kernel)`. Every refusal is PyTorch's, in its
/// order and words. Output sizes come from ``ShapeArithmetic``.
///
/// Cost: `2 * N * C_out * (C_in / groups) * prod(kernel) * prod(output)` floating-point
/// operations for a convolution; the column workspace is bounded (see ``ConvKernels``).
public enum Convolution {
    /// A convolution over `spatialRank` dimensions (`F.conv1d`, `F.conv2d`, `F.conv3d`).
    ///
    /// - Parameters:
    ///   - input: `(N, C_in, *spatial)` or `(C_in, *spatial)`, float32 or float64.
    ///   - weight: `(C_out, C_in / groups, *kernel)`.
    ///   - bias: `(C_out)` or `nil`.
    ///   - stride, dilation: one value or one per spatial dimension.
    ///   - padding: explicit sizes, `.same` or `.valid`.
    ///   - groups: how many independent channel groups.
    ///   - paddingMode: `nn.ConvNd`'s `padding_mode`: anything but `.zeros` pads the input
    ///     with `F.pad` in that mode first and then convolves with no padding.
    ///   - cancellation: checked between slices of work; raising it throws
    ///     ``EngineError/cancelled``.
    /// - Precondition: none; every invalid argument throws.
    public static func convolution(
        _ input: Tensor, weight: Tensor, bias: Tensor? = nil, spatialRank: Int,
        stride: SpatialParameter = 1, padding: ConvPadding = 0, dilation: SpatialParameter = 1,
        groups: Int = 1, paddingMode: ConvPaddingMode = .zeros, cancellation: CancellationFlag? = nil
    ) throws(EngineError) -> Tensor {
        let operation = ConvOperation.convolution(spatialRank: spatialRank)
        var padding = padding
        var input = input
        if paddingMode != .zeros {
            // nn.ConvNd: F.pad(input, _reversed_padding_repeated_twice, mode), then padding 0.
            let pairs = try paddingPairs(padding, weight: weight, dilation: dilation)
            let pads = pairs.reversed().flatMap { [$0.before, $0.after] }
            input = try input.padded(pads, mode: PaddingMode(paddingMode), value: 0)
            padding = 0
        }
        let batched = try ConvValidation.checkInputRank(input, operation)
        let x = batched ? input : input.withShape(TensorShape([1] + input.shape.dimensions))

        let before: [Int], after: [Int]
        switch padding {
        case .same:
            try ConvValidation.checkSamePadding(input: x, weight: weight, stride: stride, dilation: dilation, groups: groups)
            let pairs = try paddingPairs(.same, weight: weight, dilation: dilation)
            before = pairs.map(\.before)
            after = pairs.map(\.after)
        case .valid, .explicit:
            try checkWeightAndGroups(weight, groups)
            let values: SpatialParameter = if case .explicit(let p) = padding { SpatialParameter(p) } else { 0 }
            before = try values.expanded(to: weight.rank - 2, name: "padding")
            after = before
        }
        let conv = ResolvedConv(
            operation: operation,
            stride: try stride.expanded(to: weight.rank - 2, name: "stride"),
            paddingBefore: before, paddingAfter: after,
            dilation: try dilation.expanded(to: weight.rank - 2, name: "dilation"),
            outputPadding: Array(repeating: 0, count: weight.rank - 2),
            groups: groups, batched: batched)
        try ConvValidation.checkShapeForward(input: x, weight: weight, bias: bias, conv: conv)
        try ConvValidation.checkDTypes(x, weight, bias, operation)

        let spatialIn = Array(x.shape.dimensions.dropFirst(2))
        let kernel = Array(weight.shape.dimensions.dropFirst(2))
        let spatialOut = spatialIn.indices.map {
            ShapeArithmetic.convolution(conv.dimension($0, inputSize: spatialIn[$0], kernelSize: kernel[$0])).outputSize
        }
        let geometry = ConvGeometry(
            batch: x.shape[0], groups: groups,
            imageChannelsPerGroup: weight.shape[1], columnChannelsPerGroup: weight.shape[0] / groups,
            imageSize: spatialIn, columnSize: spatialOut, kernel: kernel,
            stride: conv.stride, paddingBefore: conv.paddingBefore, dilation: conv.dilation)
        let outputShape = TensorShape([x.shape[0], weight.shape[0]] + spatialOut)
        let output = try compute(x, weight, bias, outputShape: outputShape, geometry: geometry,
                                 transposed: false, cancellation: cancellation)
        return batched ? output : output.withShape(TensorShape(Array(outputShape.dimensions.dropFirst())))
    }

    /// A transposed convolution over `spatialRank` dimensions (`F.conv_transpose1d`,
    /// `2d`, `3d`): the adjoint of ``convolution(_:weight:bias:spatialRank:stride:padding:dilation:groups:paddingMode:cancellation:)``
    /// with the same weight.
    ///
    /// - Parameters:
    ///   - input: `(N, C_in, *spatial)` or `(C_in, *spatial)`, float32 or float64.
    ///   - weight: `(C_in, C_out / groups, *kernel)`.
    ///   - bias: `(C_out)` or `nil`.
    ///   - padding: removed from each side of the full output; more than `d(k-1)` crops.
    ///   - outputPadding: added on the far side; must be smaller than stride or dilation.
    public static func transposedConvolution(
        _ input: Tensor, weight: Tensor, bias: Tensor? = nil, spatialRank: Int,
        stride: SpatialParameter = 1, padding: SpatialParameter = 0, outputPadding: SpatialParameter = 0,
        groups: Int = 1, dilation: SpatialParameter = 1, cancellation: CancellationFlag? = nil
    ) throws(EngineError) -> Tensor {
        let operation = ConvOperation.transposed(spatialRank: spatialRank)
        let batched = try ConvValidation.checkInputRank(input, operation)
        let x = batched ? input : input.withShape(TensorShape([1] + input.shape.dimensions))
        try checkWeightAndGroups(weight, groups)
        let dims = weight.rank - 2
        let paddingValues = try padding.expanded(to: dims, name: "padding")
        let conv = ResolvedConv(
            operation: operation,
            stride: try stride.expanded(to: dims, name: "stride"),
            paddingBefore: paddingValues, paddingAfter: paddingValues,
            dilation: try dilation.expanded(to: dims, name: "dilation"),
            outputPadding: try outputPadding.expanded(to: dims, name: "output_padding"),
            groups: groups, batched: batched)
        try ConvValidation.checkShapeForward(input: x, weight: weight, bias: bias, conv: conv)
        try ConvValidation.checkDTypes(x, weight, bias, operation)
        try ConvValidation.checkTransposedOutput(input: x, weight: weight, conv: conv)

        let spatialIn = Array(x.shape.dimensions.dropFirst(2))
        let kernel = Array(weight.shape.dimensions.dropFirst(2))
        let spatialOut = spatialIn.indices.map {
            ShapeArithmetic.transposed(conv.dimension($0, inputSize: spatialIn[$0], kernelSize: kernel[$0])).outputSize
        }
        let outChannelsPerGroup = weight.shape[1]
        let geometry = ConvGeometry(
            batch: x.shape[0], groups: groups,
            imageChannelsPerGroup: outChannelsPerGroup, columnChannelsPerGroup: weight.shape[0] / groups,
            imageSize: spatialOut, columnSize: spatialIn, kernel: kernel,
            stride: conv.stride, paddingBefore: conv.paddingBefore, dilation: conv.dilation)
        let outputShape = TensorShape([x.shape[0], outChannelsPerGroup * groups] + spatialOut)
        let output = try compute(x, weight, bias, outputShape: outputShape, geometry: geometry,
                                 transposed: true, cancellation: cancellation)
        return batched ? output : output.withShape(TensorShape(Array(outputShape.dimensions.dropFirst())))
    }

    /// `_convolution`'s first checks.
    private static func checkWeightAndGroups(_ weight: Tensor, _ groups: Int) throws(EngineError) {
        guard weight.rank > 2 else { throw .shape("weight should have at least three dimensions") }
        guard groups > 0 else { throw .argument("non-positive groups is not supported") }
    }

    /// The padding before and after each spatial dimension, with `"same"` worked out
    /// from the kernel and dilation (the extra zero goes after).
    static func paddingPairs(_ padding: ConvPadding, weight: Tensor, dilation: SpatialParameter) throws(EngineError) -> [(before: Int, after: Int)] {
        guard weight.rank > 2 else { throw .shape("weight should have at least three dimensions") }
        let dims = weight.rank - 2
        switch padding {
        case .explicit(let p):
            return try SpatialParameter(p).expanded(to: dims, name: "padding").map { ($0, $0) }
        case .valid:
            return Array(repeating: (0, 0), count: dims)
        case .same:
            let d = try dilation.expanded(to: dims, name: "dilation")
            return (0..<dims).map { ShapeArithmetic.samePadding(kernelSize: weight.shape[$0 + 2], dilation: d[$0]) }
        }
    }

    private static func compute(
        _ x: Tensor, _ weight: Tensor, _ bias: Tensor?, outputShape: TensorShape, geometry: ConvGeometry,
        transposed: Bool, cancellation: CancellationFlag?
    ) throws(EngineError) -> Tensor {
        try EngineLimits.checkElementCount(outputShape)
        switch x.storage {
        case .float64(let values):
            let out = try run(values, weight.elements(as: Double.self), bias?.elements(as: Double.self),
                              count: outputShape.elementCount, geometry: geometry, transposed: transposed,
                              cancellation: cancellation)
            return Tensor(shape: outputShape, storage: .float64(out))
        default:
            let out = try run(x.elements(as: Float.self), weight.elements(as: Float.self), bias?.elements(as: Float.self),
                              count: outputShape.elementCount, geometry: geometry, transposed: transposed,
                              cancellation: cancellation)
            return Tensor(shape: outputShape, storage: .float32(out))
        }
    }

    private static func run<T: BinaryFloatingPoint>(
        _ x: [T], _ w: [T], _ b: [T]?, count: Int, geometry: ConvGeometry, transposed: Bool,
        cancellation: CancellationFlag?
    ) throws(EngineError) -> [T] {
        var output = [T](repeating: 0, count: count)
        try output.withUnsafeMutableBufferPointer { (out) throws(EngineError) in
            try x.withUnsafeBufferPointer { (xs) throws(EngineError) in
                try w.withUnsafeBufferPointer { (ws) throws(EngineError) in
                    try withOptionalBuffer(b) { (bs) throws(EngineError) in
                        if transposed {
                            try ConvKernels.transposedConvolution(input: xs, weight: ws, bias: bs, output: out,
                                                                  geometry: geometry, cancellation: cancellation)
                        } else {
                            try ConvKernels.convolution(input: xs, weight: ws, bias: bs, output: out,
                                                        geometry: geometry, cancellation: cancellation)
                        }
                    }
                }
            }
        }
        return output
    }

    private static func withOptionalBuffer<T>(
        _ array: [T]?, _ body: (UnsafeBufferPointer<T>?) throws(EngineError) -> Void
    ) throws(EngineError) {
        if let array {
            try array.withUnsafeBufferPointer { (buffer) throws(EngineError) in try body(buffer) }
        } else {
            try body(nil)
        }
    }
}

extension PaddingMode {
    /// The `F.pad` mode an `nn.ConvNd` `padding_mode` uses.
    init(_ mode: ConvPaddingMode) {
        switch mode {
        case .zeros: self = .constant
        case .reflect: self = .reflect
        case .replicate: self = .replicate
        case .circular: self = .circular
        }
    }
}
