/// Which end of the order an arg- or value-reduction looks for.
public enum ExtremeKind: String, Sendable, CaseIterable {
    /// The largest.
    case max
    /// The smallest.
    case min
}

extension Tensor {
    /// The position of the largest or smallest element (`argmax`, `argmin`): over the
    /// whole tensor (flattened) when `dim` is `nil`, else along `dim`. Ties give the
    /// first position and a NaN counts as the extreme (the first NaN wins), as PyTorch's
    /// CPU kernel decides.
    ///
    /// With `keepDim`, the reduced dimension stays with size 1; over the whole tensor,
    /// every dimension does.
    /// - Throws: PyTorch's NotImplementedError for bool tensors, and its IndexErrors for
    ///   an empty tensor without `dim` or an empty dimension.
    public func argExtreme(_ kind: ExtremeKind, dim: Int? = nil, keepDim: Bool = false) throws(EngineError) -> Tensor {
        let name = "arg\(kind.rawValue)()"
        if dtype == .bool {
            throw EngineError(.dtype, "\(name): does not support bool input", pythonType: "NotImplementedError")
        }
        guard let dim else {
            guard count > 0 else {
                throw .index("\(name): Expected reduction dim to be specified for input.numel() == 0.")
            }
            let best = extremePositions(kind, lanes: [Array(0..<count)])[0]
            let outShape = TensorShape(keepDim ? [Int](repeating: 1, count: rank) : [])
            return Tensor(shape: outShape, storage: .int64([best]))
        }
        let axis = try wrapDimension(dim)
        if rank == 0 { return Tensor(shape: [], storage: .int64([0])) }
        guard shape[axis] != 0 else {
            throw .index("\(name): Expected reduction dim \(axis) to have non-zero size.")
        }
        let axes = ReductionAxes(shape: shape, axes: [axis])
        let outShape = axes.outputShape(keepDim: keepDim)
        return Tensor(shape: outShape, storage: .int64(extremePositions(kind, lanes: axes.lanes())))
    }

    /// The largest or smallest values over `dims` (`amax`, `amin`); every dimension
    /// when `dims` is empty. NaN propagates; the dtype is kept (bool too).
    /// - Throws: PyTorch's errors for an empty tensor, an empty reduced dimension, a
    ///   dimension out of range or given twice.
    public func extremeValues(_ kind: ExtremeKind, dims: [Int] = [], keepDim: Bool = false) throws(EngineError) -> Tensor {
        let result = try extremeValuesUnrecorded(kind, dims: dims, keepDim: keepDim)
        let axes = rank == 0 ? [] : try ReductionAxes.wrapped(dims, rank: rank)
        return result.recordedExtremeValues(kind, of: self, dims: axes, keepDim: keepDim)
    }

    private func extremeValuesUnrecorded(_ kind: ExtremeKind, dims: [Int], keepDim: Bool) throws(EngineError) -> Tensor {
        let name = "a\(kind.rawValue)()"
        if count == 0 {
            guard !dims.isEmpty else {
                throw .argument("\(name): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
            }
            for dim in dims {
                if rank == 0 {
                    guard dim == 0 || dim == -1 else {
                        throw .index("\(name): Expected reduction dim -1 or 0 for scalar but got \(dim)")
                    }
                } else if try size(dim) == 0 {
                    throw .index("\(name): Expected reduction dim \(dim) to have non-zero size.")
                }
            }
        }
        let wrapped = try ReductionAxes.wrapped(dims, rank: rank)
        let axes = dims.isEmpty ? ReductionAxes(everyDimensionOf: shape) : ReductionAxes(shape: shape, axes: wrapped)
        let outShape = axes.outputShape(keepDim: keepDim)
        let lanes = axes.lanes()
        switch dtype {
        case .bool:
            let x = elements(as: Bool.self)
            let out = lanes.map { lane in kind == .max ? lane.contains { x[$0] } : lane.allSatisfy { x[$0] } }
            return Tensor(shape: outShape, storage: .bool(out))
        case .float32:
            let x = elements(as: Float.self)
            return Tensor(shape: outShape, storage: .float32(lanes.map { Self.extremeValue(kind, $0, x) }))
        case let type where type.isFloatingPoint:
            let x = elements(as: Double.self)
            return Tensor(shape: outShape, storage: .converting(lanes.map { Self.extremeValue(kind, $0, x) }, to: type))
        default:
            let x = elements(as: Int64.self)
            let out = lanes.map { lane in
                lane.dropFirst().reduce(x[lane[0]]) { kind == .max ? Swift.max($0, x[$1]) : Swift.min($0, x[$1]) }
            }
            if dtype == .int64 { return Tensor(shape: outShape, storage: .int64(out)) }
            return Tensor(shape: outShape, storage: .converting(out, to: dtype))
        }
    }

    /// The index within each lane of its extreme element (the first of ties; the first
    /// NaN).
    private func extremePositions(_ kind: ExtremeKind, lanes: [[Int]]) -> [Int64] {
        func positions<T: Comparable>(_ x: [T], isNaN: (T) -> Bool) -> [Int64] {
            lanes.map { lane in
                var best = 0
                for k in lane.indices.dropFirst() {
                    let (candidate, current) = (x[lane[k]], x[lane[best]])
                    if isNaN(current) { break }
                    if isNaN(candidate) || (kind == .max ? candidate > current : candidate < current) { best = k }
                }
                return Int64(best)
            }
        }
        if dtype.isFloatingPoint { return positions(elements(as: Double.self)) { $0.isNaN } }
        return positions(elements(as: Int64.self)) { _ in false }
    }

    /// The extreme of one lane of floating-point values; any NaN makes it NaN.
    private static func extremeValue<T: BinaryFloatingPoint>(_ kind: ExtremeKind, _ lane: [Int], _ x: [T]) -> T {
        var best = x[lane[0]]
        for position in lane {
            let v = x[position]
            if v.isNaN { return v }
            if kind == .max ? v > best : v < best { best = v }
        }
        return best
    }
}
