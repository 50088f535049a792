/// A convolution layer as `torch.nn` defines it (`Conv1d/2d/3d`,
/// `ConvTranspose1d/2d/3d`): its hyper-parameters, and a weight and bias initialised
/// as PyTorch initialises them, drawn from a ``RandomGenerator``.
///
/// ```swift
/// let generator = RandomGenerator(seed: 0)
/// let up = try ConvLayer(kind: .transposed, spatialRank: 2, inChannels: 1, outChannels: 1,
///                        kernelSize: 3, stride: 2, padding: 1, outputPadding: 1,
///                        generator: generator)
/// try up.forward(x).shape   // 5x5 -> 10x10
/// ```
public struct ConvLayer: Sendable {
    /// Convolution or transposed convolution.
    public enum Kind: Sendable, Hashable {
        case convolution
        case transposed
    }

    public let kind: Kind
    public let spatialRank: Int
    public let inChannels: Int
    public let outChannels: Int
    public let kernelSize: [Int]
    public let stride: [Int]
    /// Explicit sizes, or `"same"`/`"valid"` for a convolution.
    public let padding: ConvPadding
    public let outputPadding: [Int]
    public let dilation: [Int]
    public let groups: Int
    public let paddingMode: ConvPaddingMode
    /// The weight: `(out, in / groups, *kernel)` for a convolution, `(in, out / groups,
    /// *kernel)` for a transposed convolution. Assignable, like `layer.weight.data = ...`.
    public var weight: Tensor
    /// The bias `(out)`, or `nil` when built with `bias=False`.
    public var bias: Tensor?

    /// PyTorch's class name: `Conv2d`, `ConvTranspose1d`.
    public var className: String {
        (kind == .convolution ? "Conv" : "ConvTranspose") + "\(spatialRank)d"
    }

    /// Builds a layer, checking its arguments as `torch.nn` does, and initialises weight
    /// then bias from `generator` (uniform in `(-b, b)`, `b = 1/sqrt(fan_in)` in effect).
    /// - Parameters:
    ///   - kernelSize, stride, outputPadding, dilation: one value for every dimension or
    ///     a list (taken as given, as PyTorch's `_ntuple` does).
    ///   - padding: explicit, or `.same`/`.valid` for a convolution.
    /// - Throws: PyTorch's `ValueError`s for groups, channels, padding strings and modes.
    public init(kind: Kind, spatialRank: Int, inChannels: Int, outChannels: Int, kernelSize: SpatialParameter,
                stride: SpatialParameter = 1, padding: ConvPadding = 0, outputPadding: SpatialParameter = 0,
                dilation: SpatialParameter = 1, groups: Int = 1, bias: Bool = true,
                paddingMode: ConvPaddingMode = .zeros, dtype: DType = .float32,
                generator: RandomGenerator) throws(EngineError) {
        let className = (kind == .convolution ? "Conv" : "ConvTranspose") + "\(spatialRank)d"
        func tuple(_ p: SpatialParameter) -> [Int] { p.values.count == 1 ? Array(repeating: p.values[0], count: spatialRank) : p.values }
        if kind == .transposed {
            guard paddingMode == .zeros else { throw .valueError("Only \"zeros\" padding mode is supported for \(className)") }
            if case .explicit = padding {} else {
                throw .argument("conv_transpose\(spatialRank)d(): argument 'padding' must be tuple of ints, not str", "TypeError")
            }
        }
        guard groups > 0 else { throw .valueError("groups must be a positive integer") }
        guard inChannels % groups == 0 else { throw .valueError("in_channels must be divisible by groups") }
        guard outChannels % groups == 0 else { throw .valueError("out_channels must be divisible by groups") }
        if padding == .same, tuple(stride).contains(where: { $0 != 1 }) {
            throw .valueError("padding='same' is not supported for strided convolutions")
        }
        guard dtype.isFloatingPoint else {
            throw .argument("nn.\(className) parameters must be floating point, not \(dtype.torchName)", "TypeError")
        }
        let kernel = tuple(kernelSize)
        if let bad = kernel.first(where: { $0 < 0 }) {
            throw .argument("Trying to create tensor with negative dimension \(bad): \(PythonFormat.list(kernel))")
        }
        let channels = kind == .convolution ? [outChannels, inChannels / groups] : [inChannels, outChannels / groups]
        let parameters = try generator.defaultConvParameters(weightShape: channels + kernel, hasBias: bias,
                                                             biasCount: outChannels, dtype: dtype)
        self.kind = kind
        self.spatialRank = spatialRank
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernel
        self.stride = tuple(stride)
        if case .explicit(let p) = padding { self.padding = .explicit(p.count == 1 ? Array(repeating: p[0], count: spatialRank) : p) } else { self.padding = padding }
        self.outputPadding = tuple(outputPadding)
        self.dilation = tuple(dilation)
        self.groups = groups
        self.paddingMode = paddingMode
        self.weight = parameters.weight
        self.bias = parameters.bias
    }

    /// The plan of `layer(input)` (or `layer(input, output_size=...)` for a transposed
    /// layer): PyTorch's checks, sizes and geometry, before any computing.
    public func plan(for input: Tensor, outputSize: [Int]? = nil) throws(EngineError) -> ConvPlan {
        switch kind {
        case .convolution:
            if outputSize != nil {
                throw .argument("\(className).forward() got an unexpected keyword argument 'output_size'", "TypeError")
            }
            return try ConvPlan.convolution(input, weight: weight, bias: bias, spatialRank: spatialRank,
                                            stride: SpatialParameter(stride), padding: padding,
                                            dilation: SpatialParameter(dilation), groups: groups, paddingMode: paddingMode)
        case .transposed:
            guard case .explicit(let padding) = padding else { throw .argument("padding must be explicit") }
            var outputPadding = self.outputPadding
            if let outputSize {
                // The size arithmetic below needs an input of the right rank and numbers
                // it cannot overflow with.
                _ = try ConvValidation.checkInputRank(input, .transposed(spatialRank: spatialRank))
                try ConvValidation.checkMagnitudes(input: input, weight: weight, groups: groups,
                                                   ["stride": stride, "padding": padding, "dilation": dilation, "output_size": outputSize])
                outputPadding = try ShapeArithmetic.outputPadding(
                    forOutputSize: outputSize, inputShape: input.shape.dimensions, kernelSize: kernelSize,
                    stride: stride, padding: padding, dilation: dilation)
            }
            return try ConvPlan.transposed(input, weight: weight, bias: bias, spatialRank: spatialRank,
                                           stride: SpatialParameter(stride), padding: SpatialParameter(padding),
                                           outputPadding: SpatialParameter(outputPadding), groups: groups,
                                           dilation: SpatialParameter(dilation))
        }
    }

    /// `layer(input)`: the layer applied to `input`.
    public func forward(_ input: Tensor, outputSize: [Int]? = nil,
                        cancellation: CancellationFlag? = nil) throws(EngineError) -> Tensor {
        try plan(for: input, outputSize: outputSize).run(cancellation: cancellation)
    }
}
