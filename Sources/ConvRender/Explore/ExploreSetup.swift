import ConvEngine

/// What `explore(...)` explores: one 1-D or 2-D (transposed) convolution with its
/// channels and batch fixed, and the sliders for the numbers a reader may move (input
/// size, kernel size, stride, padding, dilation, and a transposed convolution's
/// output padding), each with its range and starting value.
///
/// ```swift
/// let setup = try ExploreSetup(operation: .transposed(spatialRank: 2), input: [3], kernelSize: [3],
///                              stride: [2], padding: [1])
/// var values = setup.start
/// setup.sliders(values)            // input, kernel_size, stride, padding, dilation, output_padding
/// values = setup.setting("stride", to: 3, in: values)   // output_padding's max is now 2
/// let frame = ExplorePanel.render(setup, values, step: 4)
/// ```
///
/// A parameter has one slider, named as the keyword (`stride`), that sets every
/// dimension; or, with `perDimension` or when its starting values differ between
/// dimensions, one per dimension named with the dimension's initial (`stride_h`,
/// `stride_w`; 1-D convolutions always have one). Slider ranges are fixed from the
/// starting values; only output_padding's maximum follows the current stride and
/// dilation (``outputPaddingCap(_:)``).
public struct ExploreSetup: Sendable {
    public let operation: ConvOperation
    /// The batch size, or `nil` for an unbatched input (`(C, H, W)`), as the output then is.
    public let batch: Int?
    public let inChannels: Int
    public let outChannels: Int
    public let groups: Int
    /// `'same'` or `'valid'` for a convolution given so (no padding slider); `nil` for
    /// explicit padding.
    public let paddingKeyword: ConvPadding?
    public let dtype: DType
    public let perDimension: Bool
    /// The starting values.
    public let start: ExploreValues

    /// A setup from explicit values: each parameter one value for every dimension or
    /// one per dimension.
    /// - Throws: a ValueError for 3-D (or other) ranks, which explore does not draw, and
    ///   for a parameter with the wrong number of values.
    public init(operation: ConvOperation, input: [Int], kernelSize: [Int], stride: [Int] = [1], padding: [Int] = [0],
                dilation: [Int] = [1], outputPadding: [Int] = [0], batch: Int? = 1, inChannels: Int = 1,
                outChannels: Int = 1, groups: Int = 1, paddingKeyword: ConvPadding? = nil, dtype: DType = .float32,
                perDimension: Bool = false) throws(EngineError) {
        let rank = operation.spatialRank
        guard rank == 1 || rank == 2 else {
            throw EngineError(.argument, "explore() draws 1-D and 2-D convolutions, and \(operation) is \(rank)-D: explore a 1-D or 2-D convolution with the same numbers, or explain(...) this one", pythonType: "ValueError")
        }
        func expand(_ name: String, _ v: [Int]) throws(EngineError) -> [Int] {
            if v.count == 1 { return Array(repeating: v[0], count: rank) }
            guard v.count == rank else {
                throw EngineError(.argument, "explore(): \(name) must be one value or \(rank), not \(PythonFormat.tuple(v))", pythonType: "ValueError")
            }
            return v
        }
        self.operation = operation
        self.batch = batch
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.groups = groups
        self.paddingKeyword = paddingKeyword
        self.dtype = dtype
        self.perDimension = perDimension
        start = ExploreValues(input: try expand("input", input), kernelSize: try expand("kernel_size", kernelSize),
                              stride: try expand("stride", stride), padding: try expand("padding", padding),
                              dilation: try expand("dilation", dilation),
                              outputPadding: operation.isTransposed ? try expand("output_padding", outputPadding)
                                                                    : Array(repeating: 0, count: rank))
    }

    /// The setup of `layer(input)`: the layer's numbers and channels, the input's sizes
    /// and batch.
    /// - Throws: PyTorch's error when `input` does not fit the layer's rank; a
    ///   NotImplementedError for a `padding_mode` other than zeros, which explore does
    ///   not draw.
    public init(layer: ConvLayer, input: Tensor, perDimension: Bool = false) throws(EngineError) {
        let rank = layer.spatialRank
        guard input.rank == rank + 1 || input.rank == rank + 2 else {
            _ = try layer.plan(for: input)   // PyTorch's message for the wrong rank
            throw EngineError(.argument, "explore(): the input of \(layer.className) must have \(rank + 1) or \(rank + 2) dimensions", pythonType: "ValueError")
        }
        guard layer.paddingMode == .zeros else {
            throw EngineError(.argument, "explore() draws zero padding; this \(layer.className) has padding_mode='\(layer.paddingMode.rawValue)'", pythonType: "NotImplementedError")
        }
        let batched = input.rank == rank + 2
        var padding = Array(repeating: 0, count: rank), keyword: ConvPadding?
        if case .explicit(let p) = layer.padding { padding = p } else { keyword = layer.padding }
        try self.init(operation: layer.kind == .transposed ? .transposed(spatialRank: rank) : .convolution(spatialRank: rank),
                      input: Array(input.shape.dimensions.suffix(rank)), kernelSize: layer.kernelSize, stride: layer.stride,
                      padding: padding, dilation: layer.dilation, outputPadding: layer.outputPadding,
                      batch: batched ? input.shape[0] : nil, inChannels: input.shape[batched ? 1 : 0],
                      outChannels: layer.outChannels, groups: layer.groups, paddingKeyword: keyword,
                      dtype: input.dtype, perDimension: perDimension)
    }

    /// The parameters that have sliders, in slider order.
    public var parameters: [ExploreParameter] {
        ExploreParameter.allCases.filter {
            ($0 != .padding || paddingKeyword == nil) && ($0 != .outputPadding || operation.isTransposed)
        }
    }

    /// Whether `parameter` has one slider per dimension.
    public func isSplit(_ parameter: ExploreParameter) -> Bool {
        operation.spatialRank > 1 && (perDimension || Set(start[parameter]).count > 1)
    }

    /// The sliders for `values`, in order: each parameter's one, or one per dimension.
    public func sliders(_ values: ExploreValues) -> [ExploreSlider] {
        let cap = outputPaddingCap(values)
        return parameters.flatMap { parameter -> [ExploreSlider] in
            let dims: [Int?] = isSplit(parameter) ? (0..<operation.spatialRank).map { $0 } : [nil]
            return dims.map { d in
                let indices = d.map { [$0] } ?? Array(0..<operation.spatialRank)
                let first = indices[0]
                let startValue = indices.map { start[parameter][$0] }.max()!
                var (low, high) = parameter.defaultRange(start: startValue)
                if parameter == .outputPadding { high = indices.map { cap[$0] }.min()! }
                let value = values[parameter][first]
                return ExploreSlider(name: parameter.sliderName(dimension: d, rank: operation.spatialRank),
                                     description: parameter.label(dimension: d, rank: operation.spatialRank),
                                     parameter: parameter, dimension: d,
                                     min: Swift.min(low, value), max: Swift.max(high, value), value: value)
            }
        }
    }

    /// The largest output_padding PyTorch accepts in each dimension for these values:
    /// it must be smaller than the stride or the dilation, `max(stride, dilation) - 1`.
    public func outputPaddingCap(_ values: ExploreValues) -> [Int] {
        zip(values.stride, values.dilation).map { Swift.max(Swift.max($0, $1) - 1, 0) }
    }

    /// `values` with slider `name` (from ``sliders(_:)``) set to `value`. A change of
    /// stride or dilation lowers output_padding to its new cap where it is above it, as
    /// a widget does when its maximum falls below its value. An unknown name changes
    /// nothing.
    public func setting(_ name: String, to value: Int, in values: ExploreValues) -> ExploreValues {
        guard let slider = sliders(values).first(where: { $0.name == name }) else { return values }
        var result = values
        if let d = slider.dimension { result[slider.parameter][d] = value }
        else { result[slider.parameter] = Array(repeating: value, count: operation.spatialRank) }
        if slider.parameter == .stride || slider.parameter == .dilation {
            let before = outputPaddingCap(values), after = outputPaddingCap(result)
            for d in result.outputPadding.indices where after[d] < before[d] {
                result.outputPadding[d] = Swift.min(result.outputPadding[d], after[d])
            }
        }
        return result
    }

    /// The plan PyTorch's checks give for `values` on zero tensors of the setup's
    /// shapes.
    /// - Throws: PyTorch's error for a combination it refuses.
    public func plan(_ values: ExploreValues) throws(EngineError) -> ConvPlan {
        let rank = operation.spatialRank
        let input = try Self.zeros((batch.map { [$0] } ?? []) + [inChannels] + values.input, dtype: dtype)
        let channels = operation.isTransposed ? [inChannels, outChannels / Swift.max(groups, 1)]
                                              : [outChannels, inChannels / Swift.max(groups, 1)]
        let weight = try Self.zeros(channels + values.kernelSize, dtype: dtype)
        if operation.isTransposed {
            return try ConvPlan.transposed(input, weight: weight, spatialRank: rank, stride: SpatialParameter(values.stride),
                                           padding: SpatialParameter(values.padding),
                                           outputPadding: SpatialParameter(values.outputPadding), groups: groups,
                                           dilation: SpatialParameter(values.dilation))
        }
        return try ConvPlan.convolution(input, weight: weight, spatialRank: rank, stride: SpatialParameter(values.stride),
                                        padding: paddingKeyword ?? .explicit(values.padding),
                                        dilation: SpatialParameter(values.dilation), groups: groups)
    }

    /// Zeros of `shape` as one zero expanded (no elements stored: a plan reads only the
    /// shape, and a layer's input may be large), within ConvLab's element limit.
    static func zeros(_ shape: [Int], dtype: DType) throws(EngineError) -> Tensor {
        guard shape.allSatisfy({ $0 >= 0 }) else { return try Tensor.zeros(shape, dtype: dtype) }   // its refusal
        try EngineLimits.checkElementCount(TensorShape(shape))
        let one = try Tensor.zeros(Array(repeating: 1, count: shape.count), dtype: dtype)
        guard let expanded = try? one.expanded(to: shape) else { return try Tensor.zeros(shape, dtype: dtype) }
        return expanded
    }
}
