/// `F.interpolate` (and `nn.Upsample`) on the CPU: modes `nearest`, `linear` (3-d
/// input), `bilinear` (4-d) and `trilinear` (5-d), to a `size` or by a
/// `scale_factor`, with `align_corners` and `recompute_scale_factor`.
///
/// ```swift
/// // (1, 2, 3, 4) -> (1, 2, 7, 5)
/// let y = try Interpolation.interpolate(x, size: .perDimension([7, 5]), mode: "bilinear")
/// // (1, 2, 3, 4) -> (1, 2, 5, 6): floor(3 * 1.7), floor(4 * 1.7)
/// let z = try Interpolation.interpolate(x, scaleFactor: .single(.double(1.7)))
/// ```
///
/// The output size of each spatial dimension is `size`, or `floor(in * scale)`. A
/// scale factor given without `recompute_scale_factor` is also the scale the kernels
/// use (`1 / scale_factor`); otherwise they use `in / out`.
///
/// `nearest` copies the element at `floor(out_index * scale)` (PyTorch's legacy
/// nearest, clamped to the last element; for 4-d inputs whose output height plus
/// width is at most 128, PyTorch's channels-last kernel, which copies exactly when the
/// output is as large as the input or twice as large). The linear modes weigh the two
/// neighbours of `scale * (i + 0.5) - 0.5` (or `scale * i` with `align_corners`) as
/// PyTorch's kernels do, in float for float32 and double for float64, including where
/// PyTorch's compiled kernels fuse a multiply and an add: the results are PyTorch's
/// bits on an AVX-512 machine (the channels-last bilinear kernel handles 16 floats or
/// 8 doubles at a time, and channels beyond the last full vector in another order).
///
/// Refusals carry `F.interpolate`'s messages and exception types (ValueError for
/// argument combinations, NotImplementedError for modes and ranks, RuntimeError for
/// sizes). The modes `nearest-exact`, `bicubic`, `area` and `lanczos`, antialiasing,
/// and uint8 input in `bilinear` mode (which PyTorch computes with integer weights)
/// are not implemented: they are refused with a NotImplementedError that says so.
public enum Interpolation {
    /// A size or scale factor: one value for every spatial dimension (a Python number)
    /// or one per dimension (a tuple).
    public enum Argument<Value: Sendable & Hashable>: Sendable, Hashable {
        case single(Value)
        case perDimension([Value])
    }

    /// `F.interpolate(input, size, scale_factor, mode, align_corners, recompute_scale_factor)`.
    /// - Parameters:
    ///   - size: the output's spatial size; exclusive with `scaleFactor`.
    ///   - scaleFactor: Python numbers (ints or floats) multiplying the spatial size.
    ///   - mode: `"nearest"`, `"linear"`, `"bilinear"` or `"trilinear"`.
    ///   - alignCorners: only for the linear modes (`nil` means `False`).
    /// - Throws: ``EngineError`` with PyTorch's message and exception type.
    public static func interpolate(
        _ input: Tensor, size: Argument<Int>? = nil, scaleFactor: Argument<Scalar>? = nil,
        mode: String = "nearest", alignCorners: Bool? = nil, recomputeScaleFactor: Bool? = nil
    ) throws(EngineError) -> Tensor {
        let request = try InterpolationRequest(input: input, size: size, scaleFactor: scaleFactor, mode: mode,
                                               alignCorners: alignCorners, recomputeScaleFactor: recomputeScaleFactor)
        return try request.run(input)
    }
}

/// The modes `F.interpolate` names, and which ones ConvLab computes.
enum InterpolationMode: String, CaseIterable {
    case nearest, linear, bilinear, trilinear, bicubic, area, lanczos
    case nearestExact = "nearest-exact"

    /// The modes that take `align_corners`.
    var interpolates: Bool { ![.nearest, .area, .nearestExact].contains(self) }
}

/// `F.interpolate`'s Python half: the arguments checked and resolved to output sizes
/// or scale factors, and the kernel chosen by rank and mode.
struct InterpolationRequest {
    var mode: InterpolationMode
    var alignCorners: Bool
    /// The output's spatial sizes when they were given (or recomputed).
    var outputSize: [Int]?
    /// The scale factors to pass to the kernels, when given and not recomputed.
    var scaleFactors: [Double]?

    init(input: Tensor, size: Interpolation.Argument<Int>?, scaleFactor: Interpolation.Argument<Scalar>?,
         mode modeName: String, alignCorners: Bool?, recomputeScaleFactor: Bool?) throws(EngineError) {
        let known = InterpolationMode(rawValue: modeName)
        if let known, !known.interpolates, alignCorners != nil {
            throw .valueError("align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear")
        }
        self.alignCorners = alignCorners ?? false
        let dim = input.rank - 2
        let spatial = PythonFormat.list(Array(input.shape.dimensions.dropFirst(2)))
        var scales: [Scalar]?
        switch (size, scaleFactor) {
        case (.some, .some):
            throw .valueError("only one of size or scale_factor should be defined")
        case (.some(let size), nil):
            switch size {
            case .perDimension(let sizes):
                guard sizes.count == dim else {
                    throw .valueError("Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of \(spatial) and output size of \(PythonFormat.tuple(sizes)). Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.")
                }
                outputSize = sizes
            case .single(let value):
                outputSize = Array(repeating: value, count: max(dim, 0))
            }
        case (nil, .some(let factor)):
            switch factor {
            case .perDimension(let factors):
                guard factors.count == dim else {
                    let shape = factors.count == 1 ? "(\(factors[0]),)" : "(" + factors.map(\.description).joined(separator: ", ") + ")"
                    throw .valueError("Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of \(spatial) and scale_factor of shape \(shape). Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.")
                }
                scales = factors
            case .single(let value):
                scales = Array(repeating: value, count: max(dim, 0))
            }
        case (nil, nil):
            throw .valueError("either size or scale_factor should be defined")
        }
        if recomputeScaleFactor == true, size != nil {
            throw .valueError("recompute_scale_factor is not meaningful with an explicit size.")
        }
        if let scales {
            if recomputeScaleFactor == true || known == .area {
                // Python's int(size * scale): exact for integers, truncated for floats.
                var sizes: [Int] = []
                for (i, s) in scales.enumerated() {
                    let inSize = input.shape[i + 2]
                    if case .int(let n) = s {
                        let (product, overflow) = inSize.multipliedReportingOverflow(by: Int(n))
                        guard !overflow else { throw .limit("the output size \(inSize) * \(n) is beyond ConvLab's limit") }
                        sizes.append(product)
                    } else {
                        sizes.append(try Self.pythonInt(Double(inSize) * s.doubleValue))
                    }
                }
                outputSize = sizes
            } else {
                scaleFactors = scales.map(\.doubleValue)
            }
        }
        mode = try Self.dispatch(rank: input.rank, modeName: modeName, mode: known)
    }

    /// Python's `int(x)` of a float: truncated, refused for infinities and NaN.
    static func pythonInt(_ x: Double) throws(EngineError) -> Int {
        if x.isNaN { throw .valueError("cannot convert float NaN to integer") }
        if x.isInfinite { throw EngineError(.argument, "cannot convert float infinity to integer", pythonType: "OverflowError") }
        guard abs(x) < 9.2e18 else { throw .limit("the output size \(PythonFormat.float(x)) is beyond ConvLab's limit") }
        return Int(x.rounded(.towardZero))
    }

    /// The mode, once the rank fits it, or `F.interpolate`'s NotImplementedError.
    private static func dispatch(rank: Int, modeName: String, mode: InterpolationMode?) throws(EngineError) -> InterpolationMode {
        let expected: [InterpolationMode: Int] = [.linear: 3, .bilinear: 4, .trilinear: 5]
        if let mode, (3...5).contains(rank) {
            if let needed = expected[mode], needed != rank {
                throw EngineError(.argument, "Got \(rank)D input, but \(mode.rawValue) mode needs \(needed)D input", pythonType: "NotImplementedError")
            }
            if [.nearest, .linear, .bilinear, .trilinear].contains(mode) { return mode }
            // PyTorch computes bicubic and lanczos for 4-d inputs only (the others get the
            // generic message below), area and nearest-exact for every rank.
            if (mode != .bicubic && mode != .lanczos) || rank == 4 {
                throw EngineError(.argument, "interpolate mode '\(mode.rawValue)' is not implemented in ConvLab yet", pythonType: "NotImplementedError")
            }
        }
        throw EngineError(.argument, "Input Error: Only 3D, 4D and 5D input Tensors supported (got \(rank)D) for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got \(modeName))", pythonType: "NotImplementedError")
    }
}
