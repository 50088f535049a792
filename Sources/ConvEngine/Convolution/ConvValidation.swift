/// A convolution's parameters after PyTorch's checks: one value per spatial dimension.
struct ResolvedConv {
    var operation: ConvOperation
    var stride: [Int]
    var paddingBefore: [Int]
    var paddingAfter: [Int]
    var dilation: [Int]
    var outputPadding: [Int]
    var groups: Int
    /// Whether the caller's input had a batch dimension.
    var batched: Bool

    var spatialRank: Int { operation.spatialRank }

    func dimension(_ d: Int, inputSize: Int, kernelSize: Int) -> ConvDimension {
        ConvDimension(inputSize: inputSize, kernelSize: kernelSize, stride: stride[d],
                      paddingBefore: paddingBefore[d], paddingAfter: paddingAfter[d],
                      dilation: dilation[d], outputPadding: outputPadding[d])
    }
}

/// PyTorch's checks on a convolution's arguments, in PyTorch's order and words
/// (`batchify`, `_convolution_same`, `_convolution`, `check_shape_forward`, and the
/// CPU kernels' shape checks), so the first refusal a reader sees is PyTorch's.
enum ConvValidation {
    /// The largest stride, padding, dilation, output padding, group count, and input
    /// or kernel size a convolution accepts: 2^30, far past any real one. Within it the
    /// shape arithmetic (products of two such numbers, sums of a few) cannot overflow.
    static let maxParameter = 1 << 30

    /// Refuses numbers beyond ``maxParameter`` before any arithmetic is done with them
    /// (an empty tensor may still have a dimension that large).
    static func checkMagnitudes(input: Tensor, weight: Tensor, groups: Int,
                                _ parameters: KeyValuePairs<String, [Int]>) throws(EngineError) {
        // The common case first, without building a message.
        var within = input.shape.dimensions.allSatisfy(isWithinLimit) && weight.shape.dimensions.allSatisfy(isWithinLimit)
            && isWithinLimit(groups)
        for pair in parameters where within { within = pair.value.allSatisfy(isWithinLimit) }
        if within { return }
        func check(_ value: Int, _ what: @autoclosure () -> String) throws(EngineError) {
            guard value > maxParameter || value < -maxParameter else { return }
            throw .limit("\(what()) is beyond ConvLab's limit of \(maxParameter)")
        }
        for (name, tensor) in [("input", input), ("weight", weight)] {
            for size in tensor.shape { try check(size, "the \(name) size \(tensor.shape)") }
        }
        try check(groups, "groups=\(groups)")
        for (name, values) in parameters {
            for value in values { try check(value, "\(name)=\(PythonFormat.list(values))") }
        }
    }

    /// Whether `value` is within ``maxParameter`` either side of zero.
    private static func isWithinLimit(_ value: Int) -> Bool { value <= maxParameter && value >= -maxParameter }

    /// `batchify`: the input must have `r + 1` (unbatched) or `r + 2` dimensions.
    static func checkInputRank(_ input: Tensor, _ operation: ConvOperation) throws(EngineError) -> Bool {
        let r = operation.spatialRank
        let batched = input.rank == r + 2
        guard input.rank == r + 1 || batched else {
            throw .shape("Expected \(r + 1)D (unbatched) or \(r + 2)D (batched) input to \(operation), but got input of size: \(input.shape)")
        }
        return batched
    }

    /// `conv1d/2d/3d` check the bias's dtype against the input's before anything else.
    static func checkBiasDType(_ input: Tensor, _ bias: Tensor?) throws(EngineError) {
        if let bias, bias.dtype != input.dtype {
            throw .dtype("Input type (\(input.dtype.cTypeName)) and bias type (\(bias.dtype.cTypeName)) should be the same")
        }
    }

    /// The CPU kernels' element-type checks, after the shape checks: a bool input is
    /// refused by name of the kernel PyTorch would run, then the weight must have the
    /// input's dtype (PyTorch 2.15's "expected scalar type"), then the dtype must be
    /// one the kernel is built for (``checkKernelSupport(_:_:dilated:)``). The bias is
    /// not checked here: a convolution's was checked first, a transposed one's is
    /// converted. An empty floating-point input (zero batch or channels) is not
    /// checked: no kernel runs.
    static func checkDTypes(_ input: Tensor, _ weight: Tensor, _ conv: ResolvedConv) throws(EngineError) {
        // A zero batch or zero channels runs no kernel: the empty output has the input's dtype.
        if input.count == 0, input.dtype.isFloatingPoint { return }
        let kernel = weight.shape.dimensions.dropFirst(2)
        if input.dtype == .bool { try checkKernelSupport(.bool, conv, kernel: Array(kernel)) }
        guard input.dtype == weight.dtype else {
            throw .dtype("expected scalar type \(input.dtype.scalarTypeName) but found \(weight.dtype.scalarTypeName)")
        }
        if input.dtype.isFloatingPoint || input.dtype == .int64 { return }
        try checkKernelSupport(input.dtype, conv, kernel: Array(kernel))
    }

    /// The element types PyTorch's CPU kernels are built for: floating point everywhere;
    /// int64 everywhere; the narrower integers in plain (not dilated) convolutions only;
    /// never bool. The refusal names the kernel PyTorch would have run (1-D runs as 2-D).
    static func checkKernelSupport(_ dtype: DType, _ conv: ResolvedConv, kernel size: [Int]) throws(EngineError) {
        let dilated = conv.dilation.contains { $0 != 1 }
        if dtype.isFloatingPoint || dtype == .int64 { return }
        if dtype.isIntegral, !conv.operation.isTransposed, !dilated { return }
        let kernel: String
        switch (conv.operation, dilated) {
        case (.transposed(let rank), _): kernel = rank == 3 ? "slow_conv_transpose3d_out_cpu" : "slow_conv_transpose2d_out_cpu"
        case (.convolution, true): kernel = "slow_conv_dilated<>"
        case (.convolution(let rank), false) where rank == 3:
            // slow_conv3d unfolds into columns (the first kernel to dispatch on the dtype)
            // unless the kernel is 1x1x1 with stride 1 and no padding.
            let pointwise = size.allSatisfy { $0 == 1 } && conv.stride.allSatisfy { $0 == 1 }
                && conv.paddingBefore.allSatisfy { $0 == 0 }
            kernel = pointwise ? "slow_conv3d_cpu" : "compute_columns3d"
        case (.convolution, false): kernel = "slow_conv2d_cpu"
        }
        throw EngineError(.dtype, "\"\(kernel)\" not implemented for '\(dtype.scalarTypeName)'", pythonType: "NotImplementedError")
    }

    /// `_select_conv_backend`: an empty input is accepted only with a zero batch or zero
    /// channels (the output is then empty too); an empty spatial dimension is refused,
    /// naming the input as the kernels see it (batched, 1-D as 2-D of height 1).
    static func checkEmptyInput(_ input: Tensor, _ operation: ConvOperation) throws(EngineError) {
        guard input.count == 0, input.shape[0] != 0, input.shape[1] != 0 else { return }
        var sizes = input.shape.dimensions
        if operation.spatialRank == 1 { sizes.insert(1, at: 2) }
        throw .shape("Only zero batch or zero channel inputs are supported, but got input shape: \(PythonFormat.list(sizes))")
    }

    /// `_convolution_same`: the checks PyTorch makes before it works out `"same"` padding.
    static func checkSamePadding(input: Tensor, weight: Tensor, stride: SpatialParameter,
                                 dilation: SpatialParameter, groups: Int) throws(EngineError) {
        guard weight.rank > 2 else { throw .shape("weight should have at least three dimensions") }
        guard groups > 0 else { throw .argument("non-positive groups is not supported") }
        guard weight.rank == input.rank else {
            throw .shape("Expected \(weight.rank)-dimensional input for \(weight.rank)-dimensional weight\(weight.shape), but got \(input.rank)-dimensional input of size \(input.shape) instead")
        }
        let dims = weight.rank - 2
        guard stride.values.count == dims || stride.values.count == 1 else {
            throw .argument("stride cannot broadcast to \(dims) dimensions")
        }
        guard dilation.values.count == dims || dilation.values.count == 1 else {
            throw .argument("dilation cannot broadcast to \(dims) dimensions")
        }
        guard stride.values.allSatisfy({ $0 == 1 }) else {
            throw .argument("padding='same' is not supported for strided convolutions")
        }
    }

    /// `_convolution` and `check_shape_forward`: parameter expansion, signs, ranks,
    /// groups, channels, bias and (for convolutions) the kernel against the padded input.
    static func checkShapeForward(input: Tensor, weight: Tensor, bias: Tensor?, conv: ResolvedConv) throws(EngineError) {
        let w = weight.shape
        if conv.paddingBefore.contains(where: { $0 < 0 }) { throw .argument("negative padding is not supported") }
        if conv.outputPadding.contains(where: { $0 < 0 }) { throw .argument("negative output_padding is not supported") }
        if conv.stride.contains(where: { $0 <= 0 }) { throw .argument("non-positive stride is not supported") }
        // A dilation of 0 passes here and is refused by the CPU kernel (checkZeroDilation).
        if conv.dilation.contains(where: { $0 < 0 }) { throw .argument("dilation should be greater than zero") }
        guard w.rank == input.rank else {
            throw .shape("Expected \(w.rank)-dimensional input for \(w.rank)-dimensional weight \(w), but got \(input.rank)-dimensional input of size \(input.shape) instead")
        }
        let g = conv.groups
        guard w[0] >= g else {
            throw .shape("Given groups=\(g), expected weight to be at least \(g) at dimension 0, but got weight of size \(w) instead")
        }
        guard w[0] % g == 0 else {
            // PyTorch 2.15 prints this size inside a second pair of brackets.
            throw .shape("Given groups=\(g), expected weight to be divisible by \(g) at dimension 0, but got weight of size [\(w)] instead")
        }
        if !conv.operation.isTransposed {
            guard input.shape[1] == w[1] * g else {
                throw .shape("Given groups=\(g), weight of size \(w), expected input\(input.shape) to have \(w[1] * g) channels, but got \(input.shape[1]) channels instead")
            }
            if let bias, !(bias.rank == 1 && bias.shape[0] == w[0]) {
                throw .shape("Given weight of size \(w), expected bias to be 1-dimensional with \(w[0]) elements, but got bias of size \(bias.shape) instead")
            }
            var padded: [Int] = []
            var spans: [Int] = []
            for d in 0..<conv.spatialRank {
                let derivation = ShapeArithmetic.convolution(conv.dimension(d, inputSize: input.shape[d + 2], kernelSize: w[d + 2]))
                padded.append(derivation.paddedSize)
                spans.append(derivation.kernelSpan)
            }
            if zip(padded, spans).contains(where: { $0 < $1 }) {
                throw .shape("Calculated padded input size per channel: (\(padded.map(String.init).joined(separator: " x ")))."
                    + " Kernel size: (\(spans.map(String.init).joined(separator: " x "))). Kernel size can't be greater than actual input size")
            }
        } else {
            guard input.shape[1] == w[0] else {
                throw .shape("Given transposed=1, weight of size \(w), expected input\(input.shape) to have \(w[0]) channels, but got \(input.shape[1]) channels instead")
            }
            if let bias, !(bias.rank == 1 && bias.shape[0] == w[1] * g) {
                throw .shape("Given transposed=1, weight of size \(w), expected bias to be 1-dimensional with \(w[1] * g) elements, but got bias of size \(bias.shape) instead")
            }
        }
    }

    /// The CPU kernels' first check (`slow_conv2d`, `slow_conv_transpose2d` and their
    /// 3-D kin): every kernel size at least 1. A 1-D convolution runs as a 2-D one of
    /// height 1.
    static func checkKernelSize(_ weight: Tensor) throws(EngineError) {
        guard weight.shape.dimensions.dropFirst(2).contains(where: { $0 <= 0 }) else { return }
        var kernel = Array(weight.shape.dimensions.dropFirst(2))
        if kernel.count == 1 { kernel.insert(1, at: 0) }
        let names = kernel.count == 3 ? ["depth", "height", "width"] : ["height", "width"]
        throw .argument("kernel size should be greater than zero, but got "
            + zip(names, kernel).map { "kernel_\($0): \($1)" }.joined(separator: " "))
    }

    /// Whether PyTorch takes its `Empty` backend (`_select_conv_backend`): an input of no
    /// samples or no channels runs no kernel, so none of the kernels' checks
    /// (``checkKernelSize(_:)``, ``checkZeroDilation(_:oneDNN:)``, the transposed output's).
    static func takesEmptyBackend(_ input: Tensor) -> Bool { input.shape[0] == 0 || input.shape[1] == 0 }

    /// The `Empty` backend's own refusals: `weight_view[0]` of a weight of no elements
    /// (where the input has channels), then the output's `view` to a negative size (a
    /// 1-D operation's shape as 2-D).
    static func checkEmptyBackend(input: Tensor, weight: Tensor, outputShape: [Int], spatialRank: Int) throws(EngineError) {
        if input.shape[1] != 0, weight.count == 0 {
            throw .index("select(): index 0 out of range for tensor of size [0] at dimension 0")
        }
        var shape = outputShape
        if spatialRank == 1 { shape.insert(1, at: 2) }
        if let i = shape.firstIndex(where: { $0 < 0 }) {
            throw .shape("invalid shape dimension \(shape[i]) at index \(i) of shape \(PythonFormat.list(shape))")
        }
    }

    /// The check of a dilation of 0, after the kernel's size, by the route PyTorch takes:
    /// oneDNN's (`oneDNN`) in its words, else the dilated convolution's
    /// (`slow_conv_dilated2d`/`3d`, the sizes as a list, a 1-D one as 2-D of height 1) or
    /// the transposed convolution's (`slow_conv_transpose2d`/`3d`, each size named).
    static func checkZeroDilation(_ conv: ResolvedConv, oneDNN: Bool) throws(EngineError) {
        guard conv.dilation.contains(0) else { return }
        if oneDNN {
            throw .argument(conv.operation.isTransposed
                ? "could not create a primitive descriptor for the deconvolution forward propagation primitive. "
                    + "Run workload with environment variable ONEDNN_VERBOSE=all to get additional diagnostic information."
                : "non-positive dilation is not supported")
        }
        var dilation = conv.dilation
        if dilation.count == 1 { dilation.insert(1, at: 0) }
        guard conv.operation.isTransposed else {
            throw .argument("dilation should be greater than zero, but got \(PythonFormat.list(dilation))")
        }
        let names = dilation.count == 3 ? ["depth", "height", "width"] : ["height", "width"]
        throw .argument("dilation should be greater than zero, but got "
            + zip(names, dilation).map { "dilation_\($0): \($1)" }.joined(separator: ", "))
    }

    /// The CPU transposed-convolution kernels' checks (`slow_conv_transpose2d` /
    /// `3d`): output padding against stride and dilation, then the output size. A 1-D
    /// transposed convolution runs as a 2-D one of height 1, so its messages name a
    /// height too. Where PyTorch takes oneDNN instead (`oneDNN`), an output of size 0 is
    /// allowed (an empty tensor) and a negative one refused in oneDNN's words.
    static func checkTransposedOutput(input: Tensor, weight: Tensor, conv: ResolvedConv, oneDNN: Bool) throws(EngineError) {
        try checkKernelSize(weight)
        try checkZeroDilation(conv, oneDNN: oneDNN)
        // The common case first, without the arrays the messages are made of.
        let rank = conv.spatialRank
        let fitsAll = (0..<rank).allSatisfy { conv.outputPadding[$0] < conv.stride[$0] || conv.outputPadding[$0] < conv.dilation[$0] }
        let largeEnough = (0..<rank).allSatisfy { d in
            let size = input.shape[input.rank - rank + d]
            return ShapeArithmetic.transposed(conv.dimension(d, inputSize: size, kernelSize: weight.shape[d + 2])).outputSize >= 1
        }
        if fitsAll && largeEnough { return }
        var stride = conv.stride, dilation = conv.dilation, outputPadding = conv.outputPadding
        var inputSizes = Array(input.shape.suffix(conv.spatialRank))
        var outputSizes = (0..<conv.spatialRank).map { d in
            ShapeArithmetic.transposed(conv.dimension(d, inputSize: inputSizes[d], kernelSize: weight.shape[d + 2])).outputSize
        }
        if conv.spatialRank == 1 {
            stride.insert(1, at: 0); dilation.insert(1, at: 0); outputPadding.insert(0, at: 0)
            inputSizes.insert(1, at: 0); outputSizes.insert(1, at: 0)
        }
        let fits = (0..<stride.count).allSatisfy { outputPadding[$0] < stride[$0] || outputPadding[$0] < dilation[$0] }
        if !fits {
            let names = stride.count == 3 ? ["depth", "height", "width"] : ["height", "width"]
            func list(_ label: String, _ values: [Int]) -> String {
                zip(names, values).map { "\(label)_\($0): \($1)" }.joined(separator: " ")
            }
            throw .argument("output padding must be smaller than either stride or dilation, but got "
                + [list("output_padding", outputPadding), list("stride", stride), list("dilation", dilation)].joined(separator: " "))
        }
        if oneDNN {
            // Output padding below the stride (oneDNN's condition) always fits.
            if outputSizes.contains(where: { $0 < 0 }) { throw .shape("could not construct a memory descriptor using a format tag") }
            return
        }
        if outputSizes.contains(where: { $0 < 1 }) {
            throw .shape("Given input size per channel: (\(inputSizes.map(String.init).joined(separator: " x "))). "
                + "Calculated output size per channel: (\(outputSizes.map(String.init).joined(separator: " x "))). Output size is too small")
        }
    }
}
