/// `nn.Linear(in_features, out_features, bias)`: a weight `(out, in)` and a bias
/// `(out)`, initialised from a ``RandomGenerator`` as PyTorch's `reset_parameters`
/// does, so that after the same seed they are PyTorch's to the bit.
///
/// ```swift
/// let generator = RandomGenerator(seed: 0)
/// let layer = try LinearLayer(inFeatures: 3, outFeatures: 4, generator: generator)
/// let y = try layer.forward(x)   // x @ weight.T + bias
/// ```
///
/// The weight is `kaiming_uniform_(a=sqrt(5))`, that is uniform in
/// `(-1/sqrt(in), 1/sqrt(in))`; then the bias uniform in the same range.
public struct LinearLayer: Sendable {
    /// The size of each input row.
    public let inFeatures: Int
    /// The size of each output row.
    public let outFeatures: Int
    /// The weight `(out_features, in_features)`.
    public var weight: Tensor
    /// The bias `(out_features)`, or `nil` when built with `bias=False`.
    public var bias: Tensor?

    /// Builds the layer and draws weight, then bias, from `generator`.
    /// - Throws: PyTorch's messages for negative sizes and non-floating dtypes.
    public init(inFeatures: Int, outFeatures: Int, bias: Bool = true, dtype: DType = .float32,
                generator: RandomGenerator) throws(EngineError) {
        guard dtype.isFloatingPoint else {
            throw .argument("Only Tensors of floating point and complex dtype can require gradients")
        }
        let weight = try Tensor.zeros([outFeatures, inFeatures], dtype: dtype)
        try Init.kaimingUniform(weight, a: .double(5.0.squareRoot()), generator: generator)
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.weight = weight
        if bias {
            let values = try Tensor.zeros([outFeatures], dtype: dtype)
            let (fanIn, _) = try Init.fanInAndFanOut(weight.shape)
            let bound = fanIn > 0 ? 1 / Double(fanIn).squareRoot() : 0
            try Init.uniform(values, a: -bound, b: bound, generator: generator)
            self.bias = values
        } else {
            self.bias = nil
        }
    }

    /// `layer(input)`: `F.linear(input, weight, bias)`.
    public func forward(_ input: Tensor) throws(EngineError) -> Tensor {
        try input.linear(weight: weight, bias: bias)
    }
}
