@testable import ConvEngine

/// A small seeded generator (SplitMix64) so property tests are repeatable.
struct TestRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A tensor of values in [-1, 1).
    mutating func tensor(_ shape: [Int], dtype: DType = .float64) -> Tensor {
        let values = (0..<shape.reduce(1, *)).map { _ in Double.random(in: -1..<1, using: &self) }
        return Tensor(shape: TensorShape(shape), storage: .converting(values, to: dtype))
    }
}

/// A random transposed-convolution configuration small enough for the slow forms.
struct RandomTransposedCase: CustomStringConvertible {
    var rank: Int
    var batch: Int
    var groups: Int
    var inPerGroup: Int
    var outPerGroup: Int
    var inputSize: [Int]
    var kernel: [Int]
    var stride: [Int]
    var padding: [Int]
    var outputPadding: [Int]
    var dilation: [Int]
    var batched: Bool
    var hasBias: Bool

    init(using random: inout TestRandom) {
        rank = Int.random(in: 1...3, using: &random)
        batch = Int.random(in: 1...2, using: &random)
        groups = Int.random(in: 1...3, using: &random)
        inPerGroup = Int.random(in: 1...2, using: &random)
        outPerGroup = Int.random(in: 1...2, using: &random)
        let maxSize = rank == 3 ? 3 : 5
        inputSize = (0..<rank).map { _ in Int.random(in: 1...maxSize, using: &random) }
        kernel = (0..<rank).map { _ in Int.random(in: 1...3, using: &random) }
        stride = (0..<rank).map { _ in Int.random(in: 1...3, using: &random) }
        dilation = (0..<rank).map { _ in Int.random(in: 1...2, using: &random) }
        var padding: [Int] = []
        var outputPadding: [Int] = []
        for d in 0..<rank {
            padding.append(Int.random(in: 0...(dilation[d] * (kernel[d] - 1) + 1), using: &random))
            outputPadding.append(Int.random(in: 0..<max(stride[d], dilation[d]), using: &random))
        }
        self.padding = padding
        self.outputPadding = outputPadding
        batched = Bool.random(using: &random)
        hasBias = Bool.random(using: &random)
    }

    func plan(using random: inout TestRandom, dtype: DType = .float64) throws(EngineError) -> ConvPlan {
        let inChannels = groups * inPerGroup
        let shape = (batched ? [batch, inChannels] : [inChannels]) + inputSize
        return try ConvPlan.transposed(
            random.tensor(shape, dtype: dtype),
            weight: random.tensor([inChannels, outPerGroup] + kernel, dtype: dtype),
            bias: hasBias ? random.tensor([groups * outPerGroup], dtype: dtype) : nil,
            spatialRank: rank, stride: SpatialParameter(stride), padding: SpatialParameter(padding),
            outputPadding: SpatialParameter(outputPadding), groups: groups, dilation: SpatialParameter(dilation))
    }

    var description: String {
        "rank \(rank) batch \(batched ? batch : 0) groups \(groups) in/g \(inPerGroup) out/g \(outPerGroup) input \(inputSize) k \(kernel) s \(stride) p \(padding) op \(outputPadding) d \(dilation) bias \(hasBias)"
    }
}
