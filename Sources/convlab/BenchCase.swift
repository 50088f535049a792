import ConvEngine

/// One layer of `convlab bench`'s suite: a convolution or transposed convolution over
/// 1, 2 or 3 spatial dimensions, with the same size, kernel, stride, padding and
/// dilation along each, in one floating dtype.
struct BenchCase: Sendable {
    let name: String
    /// A transposed convolution (`F.conv_transposeNd`) rather than `F.convNd`.
    let transposed: Bool
    let n: Int, inChannels: Int, outChannels: Int
    /// The input's spatial sizes: `[length]`, `[height, width]` or `[depth, height, width]`.
    let inputSize: [Int]
    let kernel: Int
    var stride = 1, padding = 0, outputPadding = 0, dilation = 1, groups = 1
    var dtype: DType = .float32

    var spatialRank: Int { inputSize.count }

    /// The PyTorch function the layer is: `conv1d` ... `conv_transpose3d`.
    var functionName: String { (transposed ? "conv_transpose" : "conv") + "\(spatialRank)d" }

    /// The output's spatial sizes.
    var outputSize: [Int] {
        let span = dilation * (kernel - 1) + 1
        return inputSize.map { size in
            transposed ? (size - 1) * stride - 2 * padding + span + outputPadding : (size + 2 * padding - span) / stride + 1
        }
    }

    /// The forward's floating-point operations, 2 x multiply-adds of the direct definition:
    /// `2 N C_out (C_in / groups) k^r prod(output)` for a convolution and
    /// `2 N C_in (C_out / groups) k^r prod(input)` for a transposed one. A forward and
    /// backward pass is three times as many (the input's and the weight's gradients each
    /// cost a forward).
    var forwardFlops: Double {
        let taps = Double(n) * Double(inChannels) * Double(outChannels) / Double(groups)
            * Double(Array(repeating: kernel, count: spatialRank).reduce(1, *))
        return 2 * taps * Double((transposed ? inputSize : outputSize).reduce(1, *))
    }

    /// Random input and weight in PyTorch's layouts, from a fixed seed.
    func operands() throws -> (input: Tensor, weight: Tensor) {
        let generator = RandomGenerator(seed: 0)
        let input = try generator.rand([n, inChannels] + inputSize, dtype: dtype)
        let kernelSize = Array(repeating: kernel, count: spatialRank)
        let weightShape = transposed ? [inChannels, outChannels / groups] + kernelSize : [outChannels, inChannels / groups] + kernelSize
        return (input, try generator.rand(weightShape, dtype: dtype))
    }

    /// A random bias and output gradient for ``runWithGradients(_:_:bias:gradOutput:)``,
    /// from a fixed seed.
    func gradientOperands() throws -> (bias: Tensor, gradOutput: Tensor) {
        let generator = RandomGenerator(seed: 1)
        return (try generator.rand([outChannels], dtype: dtype), try generator.rand([n, outChannels] + outputSize, dtype: dtype))
    }

    /// Runs the layer once, as `F.convNd` / `F.conv_transposeNd` (without bias unless given).
    func run(_ input: Tensor, _ weight: Tensor, bias: Tensor? = nil) throws -> Tensor {
        if transposed {
            try Convolution.transposedConvolution(input, weight: weight, bias: bias, spatialRank: spatialRank,
                                                  stride: SpatialParameter([stride]), padding: SpatialParameter([padding]),
                                                  outputPadding: SpatialParameter([outputPadding]), groups: groups,
                                                  dilation: SpatialParameter([dilation]))
        } else {
            try Convolution.convolution(input, weight: weight, bias: bias, spatialRank: spatialRank,
                                        stride: SpatialParameter([stride]), padding: .explicit([padding]),
                                        dilation: SpatialParameter([dilation]), groups: groups)
        }
    }

    /// Runs the layer forward with a bias and then backward for `gradOutput`, computing
    /// the input's, the weight's and the bias's gradients (PyTorch's `y.backward(g)`
    /// when all three require grad).
    func runWithGradients(_ input: Tensor, _ weight: Tensor, bias: Tensor, gradOutput: Tensor) throws -> ConvGradients {
        _ = try run(input, weight, bias: bias)
        return try Convolution.backward(gradOutput: gradOutput, input: input, weight: weight, hasBias: true,
                                        spatialRank: spatialRank, stride: SpatialParameter([stride]),
                                        padding: .explicit([padding]), dilation: SpatialParameter([dilation]),
                                        groups: groups, transposed: transposed,
                                        outputPadding: SpatialParameter([outputPadding]))
    }
}
