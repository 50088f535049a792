import Foundation

/// `torch.nn.init`: fills a tensor in place (through its buffer, so every view sees
/// the values) from a ``RandomGenerator``, drawing exactly what PyTorch draws, so that
/// after the same `torch.manual_seed` the values are PyTorch's to the bit.
///
/// ```swift
/// let generator = RandomGenerator(seed: 0)
/// let w = try Tensor.zeros([16, 3, 3, 3])
/// try Init.kaimingNormal(w, mode: "fan_out", nonlinearity: "relu", generator: generator)
/// ```
///
/// `uniform` draws as `Tensor.uniform_` and `normal` as `Tensor.normal_` (the same fill
/// as `randn`: Box–Muller pairs below 16 elements, PyTorch's blocked fill from 16).
/// The Xavier and Kaiming functions compute their bound or standard deviation in
/// double as `torch.nn.init` does in Python, then draw one of those.
/// Every function returns the tensor it filled.
public enum Init {
    /// `calculate_gain(nonlinearity, param)`: 1 (a Python int) for the linear and
    /// convolution functions and `sigmoid`, 5/3 for `tanh`, sqrt(2) for `relu`,
    /// `sqrt(2 / (1 + slope^2))` for `leaky_relu` (slope `param`, default 0.01), 3/4 for
    /// `selu`.
    /// - Throws: ValueError for another name or a slope that is not a number.
    public static func calculateGain(_ nonlinearity: String, param: Scalar? = nil) throws(EngineError) -> Scalar {
        let linear = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"]
        switch nonlinearity {
        case _ where linear.contains(nonlinearity), "sigmoid": return .int(1)
        case "tanh": return .double(5.0 / 3)
        case "relu": return .double(2.0.squareRoot())
        case "leaky_relu":
            var slope = 0.01
            switch param {
            case nil: break
            case .int(let i)?: slope = Double(i)
            case .double(let d)?: slope = d
            case .bool(let b)?: throw .valueError("negative_slope \(b ? "True" : "False") not a valid number")
            }
            return .double((2.0 / (1 + slope * slope)).squareRoot())
        case "selu": return .double(3.0 / 4)
        default: throw .valueError("Unsupported nonlinearity \(nonlinearity)")
        }
    }

    /// `_calculate_fan_in_and_fan_out`: `size(1)` and `size(0)`, each times the product
    /// of the remaining sizes.
    /// - Throws: ValueError for fewer than 2 dimensions.
    public static func fanInAndFanOut(_ shape: TensorShape) throws(EngineError) -> (fanIn: Int, fanOut: Int) {
        guard shape.rank >= 2 else {
            throw .valueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
        }
        let receptive = TensorShape(Array(shape.dimensions.dropFirst(2))).elementCount
        return (shape[1] * receptive, shape[0] * receptive)
    }

    /// `uniform_(tensor, a, b)`: values uniform in `[a, b)`.
    /// - Throws: NotImplementedError for integer and bool tensors; PyTorch's message
    ///   when `a > b`.
    @discardableResult
    public static func uniform(_ tensor: Tensor, a: Double = 0, b: Double = 1,
                               generator: RandomGenerator) throws(EngineError) -> Tensor {
        if tensor.count == 0 { return tensor }
        try tensor.requireFloating("check_uniform_bounds")
        guard a <= b else {
            throw .argument("uniform_ expects to return a [from, to) range, but found from=\(CFormat.double(a)) > to=\(CFormat.double(b))")
        }
        try tensor.copyIn(generator.uniform(tensor.shape.dimensions, from: a, to: b, dtype: tensor.dtype))
        return tensor
    }

    /// `normal_(tensor, mean, std)`: normal values, drawn as `randn` draws them.
    /// - Throws: PyTorch's message for a negative `std`; NotImplementedError for
    ///   integer and bool tensors.
    @discardableResult
    public static func normal(_ tensor: Tensor, mean: Double = 0, std: Double = 1,
                              generator: RandomGenerator) throws(EngineError) -> Tensor {
        guard std >= 0 else { throw .argument("normal expects std >= 0.0, but found std \(CFormat.double(std))") }
        try tensor.requireFloating("normal_kernel_cpu")
        try tensor.copyIn(generator.normal(tensor.shape.dimensions, mean: mean, std: std, dtype: tensor.dtype))
        return tensor
    }

    /// `constant_(tensor, val)`: every element `value` (converted as `fill_` converts).
    @discardableResult
    public static func constant(_ tensor: Tensor, _ value: Scalar) throws(EngineError) -> Tensor {
        try tensor.fill(value)
        return tensor
    }

    /// `zeros_(tensor)`.
    @discardableResult
    public static func zeros(_ tensor: Tensor) throws(EngineError) -> Tensor { try constant(tensor, .int(0)) }

    /// `ones_(tensor)`.
    @discardableResult
    public static func ones(_ tensor: Tensor) throws(EngineError) -> Tensor { try constant(tensor, .double(1)) }

    /// `xavier_uniform_(tensor, gain)`: uniform in `(-a, a)`,
    /// `a = gain * sqrt(6 / (fan_in + fan_out))` (as `sqrt(3) * gain * sqrt(2 / (fan_in + fan_out))`).
    /// - Throws: ValueError for fewer than 2 dimensions; ZeroDivisionError when both fans are 0.
    @discardableResult
    public static func xavierUniform(_ tensor: Tensor, gain: Double = 1, generator: RandomGenerator) throws(EngineError) -> Tensor {
        let std = gain * (2.0 / Double(try xavierFans(tensor))).squareRoot()
        let bound = 3.0.squareRoot() * std
        return try uniform(tensor, a: -bound, b: bound, generator: generator)
    }

    /// `xavier_normal_(tensor, gain)`: normal with `std = gain * sqrt(2 / (fan_in + fan_out))`.
    /// - Throws: ValueError for fewer than 2 dimensions; ZeroDivisionError when both fans are 0.
    @discardableResult
    public static func xavierNormal(_ tensor: Tensor, gain: Double = 1, generator: RandomGenerator) throws(EngineError) -> Tensor {
        let std = gain * (2.0 / Double(try xavierFans(tensor))).squareRoot()
        return try normal(tensor, mean: 0, std: std, generator: generator)
    }

    /// `kaiming_uniform_(tensor, a, mode, nonlinearity)`: uniform in `(-bound, bound)`,
    /// `bound = sqrt(3) * gain / sqrt(fan)`. A tensor with no elements is left alone
    /// (PyTorch warns).
    /// - Parameters:
    ///   - a: the negative slope for `leaky_relu` (a Python number).
    ///   - mode: `"fan_in"` or `"fan_out"`, in any case.
    /// - Throws: ValueError for another mode, fewer than 2 dimensions, or an unknown
    ///   nonlinearity.
    @discardableResult
    public static func kaimingUniform(_ tensor: Tensor, a: Scalar = .int(0), mode: String = "fan_in",
                                      nonlinearity: String = "leaky_relu", generator: RandomGenerator) throws(EngineError) -> Tensor {
        guard !tensor.shape.contains(0) else { return tensor }
        let bound = 3.0.squareRoot() * (try kaimingStandardDeviation(tensor, a: a, mode: mode, nonlinearity: nonlinearity))
        return try uniform(tensor, a: -bound, b: bound, generator: generator)
    }

    /// `kaiming_normal_(tensor, a, mode, nonlinearity)`: normal with
    /// `std = gain / sqrt(fan)`. A tensor with no elements is left alone.
    /// - Throws: as ``kaimingUniform(_:a:mode:nonlinearity:generator:)``.
    @discardableResult
    public static func kaimingNormal(_ tensor: Tensor, a: Scalar = .int(0), mode: String = "fan_in",
                                     nonlinearity: String = "leaky_relu", generator: RandomGenerator) throws(EngineError) -> Tensor {
        guard !tensor.shape.contains(0) else { return tensor }
        let std = try kaimingStandardDeviation(tensor, a: a, mode: mode, nonlinearity: nonlinearity)
        return try normal(tensor, mean: 0, std: std, generator: generator)
    }

    /// `fan_in + fan_out`, refused as Python refuses `2.0 / 0`.
    private static func xavierFans(_ tensor: Tensor) throws(EngineError) -> Int {
        let (fanIn, fanOut) = try fanInAndFanOut(tensor.shape)
        guard fanIn + fanOut != 0 else {
            throw EngineError(.argument, "float division by zero", pythonType: "ZeroDivisionError")
        }
        return fanIn + fanOut
    }

    /// `gain / sqrt(fan)` with `_calculate_correct_fan`'s checks, in its order.
    private static func kaimingStandardDeviation(_ tensor: Tensor, a: Scalar, mode: String,
                                                 nonlinearity: String) throws(EngineError) -> Double {
        let mode = mode.lowercased()
        guard mode == "fan_in" || mode == "fan_out" else {
            throw .valueError("Mode \(mode) not supported, please use one of ['fan_in', 'fan_out']")
        }
        let (fanIn, fanOut) = try fanInAndFanOut(tensor.shape)
        let gain = try calculateGain(nonlinearity, param: a).doubleValue
        return gain / Double(mode == "fan_in" ? fanIn : fanOut).squareRoot()
    }
}
