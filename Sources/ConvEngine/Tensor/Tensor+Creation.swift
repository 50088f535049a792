extension Tensor {
    /// A tensor of `shape` with every element `value` (`torch.full`).
    /// - Parameter dtype: defaults to the value's own (`full((2,), 7)` is int64).
    public static func full(_ shape: [Int], _ value: Scalar, dtype: DType? = nil) throws(EngineError) -> Tensor {
        let dtype = dtype ?? value.defaultDType
        let shape = try checkedShape(shape, dtype: dtype)
        return Tensor(shape: shape, storage: .filled(with: value, count: shape.elementCount, dtype: dtype))
    }

    /// A tensor of zeros (`torch.zeros`), float32 unless asked otherwise.
    public static func zeros(_ shape: [Int], dtype: DType = .float32) throws(EngineError) -> Tensor {
        try full(shape, .int(0), dtype: dtype)
    }

    /// A tensor of ones (`torch.ones`), float32 unless asked otherwise.
    public static func ones(_ shape: [Int], dtype: DType = .float32) throws(EngineError) -> Tensor {
        try full(shape, .int(1), dtype: dtype)
    }

    /// Zeros with this tensor's shape and dtype (`torch.zeros_like`).
    public func zerosLike(dtype: DType? = nil) -> Tensor {
        Tensor(shape: shape, storage: .filled(with: 0, count: count, dtype: dtype ?? self.dtype))
    }

    /// Ones with this tensor's shape and dtype (`torch.ones_like`).
    public func onesLike(dtype: DType? = nil) -> Tensor {
        Tensor(shape: shape, storage: .filled(with: 1, count: count, dtype: dtype ?? self.dtype))
    }

    /// `value` with this tensor's shape and dtype (`torch.full_like`).
    public func fullLike(_ value: Scalar, dtype: DType? = nil) -> Tensor {
        Tensor(shape: shape, storage: .filled(with: value, count: count, dtype: dtype ?? self.dtype))
    }

    /// Values from `start` up to but excluding `end`, `step` apart (`torch.arange`).
    /// Integer arguments give int64, any float gives float32; values are computed as
    /// `start + i * step` in double and then rounded, as PyTorch's CPU kernel does.
    public static func arange(start: Scalar = .int(0), end: Scalar, step: Scalar = .int(1),
                              dtype: DType? = nil) throws(EngineError) -> Tensor {
        let (a, b, s) = (start.doubleValue, end.doubleValue, step.doubleValue)
        guard s != 0 else { throw .argument("step must be nonzero") }
        guard a.isFinite, b.isFinite else { throw .argument("unsupported range: \(a) -> \(b)") }
        guard (s > 0 && b >= a) || (s < 0 && b <= a) else {
            throw .argument("upper bound and larger bound inconsistent with step sign")
        }
        if case .int(let i0) = start, case .int(let i1) = end, case .int(let di) = step,
           (dtype ?? .int64).isIntegral {
            return try integerRange(i0, i1, di, dtype: dtype ?? .int64)
        }
        // Counted in double, so a span beyond Int is refused rather than converted.
        let span = ((b - a) / s).rounded(.up)
        let limit = EngineContext.current.maxElements
        guard span <= Double(limit) else {
            throw .limit("arange from \(PythonFormat.float(a)) to \(PythonFormat.float(b)) by \(PythonFormat.float(s)) would hold more than \(limit) elements, ConvLab's limit")
        }
        let count = Int(span)
        let isFloat = [start, end, step].contains { if case .double = $0 { true } else { false } }
        let resolved = dtype ?? (isFloat ? .float32 : .int64)
        try EngineLimits.checkAllocation(TensorShape([count]), dtype: resolved, workingBytesPerElement: 8)
        let values = (0..<count).map { a + Double($0) * s }
        return Tensor(shape: [count], storage: .converting(values, to: resolved))
    }

    /// `arange` over integers, exact in int64 as PyTorch's kernel counts and fills it.
    private static func integerRange(_ start: Int64, _ end: Int64, _ step: Int64, dtype: DType) throws(EngineError) -> Tensor {
        let (distance, overflow) = end.subtractingReportingOverflow(start)
        // The sign checks before make distance and step agree; rounded up without overflow.
        let count = overflow ? Int64.max : distance / step + (distance % step == 0 ? 0 : 1)
        let limit = EngineContext.current.maxElements
        guard count <= Int64(limit) else {
            throw .limit("arange from \(start) to \(end) by \(step) would hold more than \(limit) elements, ConvLab's limit")
        }
        try EngineLimits.checkAllocation(TensorShape([Int(count)]), dtype: dtype, workingBytesPerElement: 8)
        let values = (0..<count).map { start &+ $0 &* step }
        return Tensor(shape: [Int(count)], storage: .converting(values, to: dtype))
    }

    /// `steps` evenly spaced values from `start` to `end` inclusive (`torch.linspace`),
    /// float32 unless asked otherwise. Like PyTorch, the first half counts up from
    /// `start` and the second half down from `end`, in the element type.
    public static func linspace(start: Double, end: Double, steps: Int, dtype: DType = .float32) throws(EngineError) -> Tensor {
        guard steps >= 0 else { throw .argument("number of steps must be non-negative") }
        try EngineLimits.checkAllocation(TensorShape([steps]), dtype: dtype, workingBytesPerElement: 8)
        func fill<T: BinaryFloatingPoint>(_ type: T.Type) -> [Double] {
            if steps == 1 { return [start] }
            let (s, e) = (T(start), T(end))
            let step = (e - s) / T(steps - 1)
            let halfway = steps / 2
            return (0..<steps).map { i in
                Double(i < halfway ? s + step * T(i) : e - step * T(steps - i - 1))
            }
        }
        let values = dtype == .float32 ? fill(Float.self) : fill(Double.self)
        return Tensor(shape: [steps], storage: .converting(values, to: dtype))
    }

    /// The identity matrix, `rows x columns` (`torch.eye`).
    public static func eye(_ rows: Int, _ columns: Int? = nil, dtype: DType = .float32) throws(EngineError) -> Tensor {
        let columns = columns ?? rows
        guard rows >= 0 else { throw .argument("n must be greater or equal to 0, got \(rows)") }
        guard columns >= 0 else { throw .argument("m must be greater or equal to 0, got \(columns)") }
        try EngineLimits.checkAllocation(TensorShape([rows, columns]), dtype: dtype, workingBytesPerElement: 8)
        var values = [Double](repeating: 0, count: rows * columns)
        for i in 0..<min(rows, columns) { values[i * columns + i] = 1 }
        return Tensor(shape: [rows, columns], storage: .converting(values, to: dtype))
    }

    /// A shape checked for negative sizes, ConvLab's size limit and the memory budget
    /// (``EngineLimits/checkAllocation(_:dtype:workingBytesPerElement:)``).
    static func checkedShape(_ dimensions: [Int], dtype: DType, workingBytesPerElement: Int = 0) throws(EngineError) -> TensorShape {
        let shape = TensorShape(dimensions)
        if shape.contains(where: { $0 < 0 }) {
            throw .argument("Trying to create tensor with negative dimension \(shape.first { $0 < 0 }!): \(shape)")
        }
        try EngineLimits.checkAllocation(shape, dtype: dtype, workingBytesPerElement: workingBytesPerElement)
        return shape
    }
}
