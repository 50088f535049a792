import Foundation
import Synchronization

/// PyTorch's CPU random generator, reproduced bit for bit: `torch.manual_seed(s)`
/// followed by `rand`, `randn` or a layer's default initialisation gives PyTorch's
/// numbers (see `RNG.md` in the project's notes and the `rng_cases` fixture).
///
/// One generator is shared by everything a session draws, in PyTorch's order, so a
/// notebook that seeds and then builds layers gets PyTorch's weights. It is safe to use
/// from several threads; draws are serialised.
public final class RandomGenerator: Sendable {
    private struct State {
        var twister: MersenneTwister
        var seed: UInt64
        /// The second value of the last Box–Muller pair, kept for the next normal draw
        /// (PyTorch's `next_double_normal_sample`).
        var cachedNormal: Double?
    }

    /// PyTorch's default seed.
    public static let defaultSeed: UInt64 = 67_280_421_310_721

    private let state: Mutex<State>

    public init(seed: UInt64 = RandomGenerator.defaultSeed) {
        state = Mutex(State(twister: MersenneTwister(seed: seed), seed: seed, cachedNormal: nil))
    }

    /// Reseeds the generator and forgets any cached normal sample (`torch.manual_seed`).
    public func manualSeed(_ seed: UInt64) {
        state.withLock { $0 = State(twister: MersenneTwister(seed: seed), seed: seed, cachedNormal: nil) }
    }

    /// The seed last set (`torch.initial_seed()`).
    public var initialSeed: UInt64 { state.withLock { $0.seed } }

    /// Runs `body` with the Mersenne Twister, draws serialised with every other one
    /// (for the distributions defined in other files, such as `randint`).
    func withTwister<T>(_ body: (inout MersenneTwister) -> T) -> T {
        state.withLock { body(&$0.twister) }
    }

    /// Uniform values in [0, 1) (`torch.rand`): float32 from 24 bits of one draw,
    /// float64 from 53 bits of two.
    public func rand(_ shape: [Int], dtype: DType = .float32) throws(EngineError) -> Tensor {
        let shape = try Tensor.checkedShape(shape, dtype: dtype, workingBytesPerElement: 8)
        try Self.checkFloating(dtype, "rand")
        let values = state.withLock { s in (0..<shape.elementCount).map { _ in Self.unit(&s.twister, dtype) } }
        return Tensor(shape: shape, storage: .converting(values, to: dtype))
    }

    /// Standard normal values (`torch.randn`). Fewer than 16 elements use Box–Muller
    /// pairs with the second value cached across calls; 16 or more use PyTorch's
    /// blocked fill (uniforms first, then blocks of 16 transformed, the tail redone).
    public func randn(_ shape: [Int], dtype: DType = .float32) throws(EngineError) -> Tensor {
        try normal(shape, mean: 0, std: 1, dtype: dtype, name: "randn")
    }

    /// Normal values with `mean` and `std` (`Tensor.normal_`): ``randn(_:dtype:)``'s
    /// draws, each `x * std + mean` in the element type as PyTorch's kernels compute it.
    public func normal(_ shape: [Int], mean: Double, std: Double, dtype: DType = .float32,
                       name: String = "normal_") throws(EngineError) -> Tensor {
        let shape = try Tensor.checkedShape(shape, dtype: dtype, workingBytesPerElement: 8)
        try Self.checkFloating(dtype, name)
        guard std >= 0 else { throw .argument("normal expects std >= 0.0, but found std \(PythonFormat.float(std))") }
        let count = shape.elementCount
        let values: [Double] = state.withLock { s in
            if count >= 16 {
                return dtype == .float32 ? Self.blockNormalFill(&s.twister, count: count, mean: Float(mean), std: Float(std))
                                         : Self.blockNormalFill(&s.twister, count: count, mean: mean, std: std)
            }
            return (0..<count).map { _ in Self.boxMuller(&s) * std + mean }
        }
        return Tensor(shape: shape, storage: .converting(values, to: dtype))
    }

    /// Values uniform in [a, b) as `Tensor.uniform_(a, b)` draws them.
    public func uniform(_ shape: [Int], from a: Double, to b: Double, dtype: DType = .float32) throws(EngineError) -> Tensor {
        let shape = try Tensor.checkedShape(shape, dtype: dtype, workingBytesPerElement: 8)
        try Self.checkFloating(dtype, "uniform_")
        let values: [Double] = state.withLock { s in
            (0..<shape.elementCount).map { _ in
                if dtype == .float32 {
                    // from/to become float32; x * (to - from) + from is fused in double, then rounded.
                    let from = Float(a), range = Float(b) - Float(a)
                    let x = Self.unit(&s.twister, .float32)
                    return Double(Float(Double(from).addingProduct(x, Double(range))))
                }
                return a.addingProduct(Self.unit(&s.twister, .float64), b - a)
            }
        }
        return Tensor(shape: shape, storage: .converting(values, to: dtype))
    }

    /// The weight and bias of a fresh `nn.ConvNd` / `nn.ConvTransposeNd`
    /// (`reset_parameters`): `fan_in = weightShape[1] * prod(kernel)`; the weight is
    /// `kaiming_uniform_(a=sqrt(5))`, bound `sqrt(3) * sqrt(2 / (1 + a^2)) / sqrt(fan_in)`;
    /// then the bias uniform in `(-1/sqrt(fan_in), 1/sqrt(fan_in))`. Weight first.
    public func defaultConvParameters(weightShape: [Int], hasBias: Bool, biasCount: Int,
                                      dtype: DType = .float32) throws(EngineError) -> (weight: Tensor, bias: Tensor?) {
        try EngineLimits.checkAllocation(TensorShape(weightShape), dtype: dtype)
        let fanIn = weightShape.count >= 2 ? TensorShape(Array(weightShape.dropFirst())).elementCount : 0
        let a = 5.0.squareRoot()
        let gain = (2.0 / (1 + a * a)).squareRoot()
        let std = fanIn > 0 ? gain / Double(fanIn).squareRoot() : 0
        let weightBound = 3.0.squareRoot() * std
        let weight = try uniform(weightShape, from: -weightBound, to: weightBound, dtype: dtype)
        guard hasBias else { return (weight, nil) }
        let biasBound = fanIn > 0 ? 1 / Double(fanIn).squareRoot() : 0
        return (weight, try uniform([biasCount], from: -biasBound, to: biasBound, dtype: dtype))
    }

    // MARK: - PyTorch's transformations

    /// `uniform_real_distribution<T>(0, 1)`: 24 bits of one draw for float, 53 bits of
    /// two (the first the high half) for double.
    private static func unit(_ twister: inout MersenneTwister, _ dtype: DType) -> Double {
        if dtype == .float32 {
            return Double(twister.next() & 0xFF_FFFF) * 0x1p-24
        }
        let high = UInt64(twister.next()), low = UInt64(twister.next())
        return Double(((high << 32) | low) & ((1 << 53) - 1)) * 0x1p-53
    }

    /// `normal_distribution<double>` with the cached second sample.
    private static func boxMuller(_ s: inout State) -> Double {
        if let cached = s.cachedNormal {
            s.cachedNormal = nil
            return cached
        }
        let u1 = unit(&s.twister, .float64)
        let u2 = unit(&s.twister, .float64)
        let r = (-2.0 * Foundation.log1p(-u2)).squareRoot()
        let theta = 2.0 * Double.pi * u1
        s.cachedNormal = r * Foundation.sin(theta)
        return r * Foundation.cos(theta)
    }

    /// `normal_fill`: every element a uniform, then `normal_fill_16` on each full block
    /// of 16 and on the last 16 after redrawing them.
    private static func blockNormalFill<T: BinaryFloatingPoint & NormalFillMath>(
        _ twister: inout MersenneTwister, count: Int, mean: T, std: T
    ) -> [Double] {
        let dtype: DType = T.self == Float.self ? .float32 : .float64
        var data = (0..<count).map { _ in T(unit(&twister, dtype)) }
        var start = 0
        while start + 16 <= count {
            fill16(&data, at: start, mean: mean, std: std)
            start += 16
        }
        if count % 16 != 0 {
            for i in (count - 16)..<count { data[i] = T(unit(&twister, dtype)) }
            fill16(&data, at: count - 16, mean: mean, std: std)
        }
        return data.map { Double($0) }
    }

    private static func fill16<T: BinaryFloatingPoint & NormalFillMath>(_ data: inout [T], at start: Int, mean: T, std: T) {
        for j in 0..<8 {
            let u1 = 1 - data[start + j]
            let u2 = data[start + j + 8]
            let radius = (-2 * T.naturalLog(u1)).squareRoot()
            // As PyTorch's AVX2 kernel: 2*pi rounded to the element type, times u2 in it.
            let theta = T(2.0 * Double.pi) * u2
            data[start + j] = radius * T.cosine(theta) * std + mean
            data[start + j + 8] = radius * T.sine(theta) * std + mean
        }
    }

    private static func checkFloating(_ dtype: DType, _ name: String) throws(EngineError) {
        guard dtype.isFloatingPoint else {
            throw .argument("\"\(name)\" not implemented for '\(dtype.scalarTypeName)'")
        }
    }
}

/// The C library's log, sin and cos in the element's own precision (`logf` for float),
/// as PyTorch's scalar `normal_fill_16` calls them.
protocol NormalFillMath {
    static func naturalLog(_ x: Self) -> Self
    static func sine(_ x: Self) -> Self
    static func cosine(_ x: Self) -> Self
}

extension Float: NormalFillMath {
    static func naturalLog(_ x: Float) -> Float { Foundation.logf(x) }
    static func sine(_ x: Float) -> Float { Foundation.sinf(x) }
    static func cosine(_ x: Float) -> Float { Foundation.cosf(x) }
}

extension Double: NormalFillMath {
    static func naturalLog(_ x: Double) -> Double { Foundation.log(x) }
    static func sine(_ x: Double) -> Double { Foundation.sin(x) }
    static func cosine(_ x: Double) -> Double { Foundation.cos(x) }
}
