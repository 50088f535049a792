/// The reductions of tensors.
public enum Reduction: String, Sendable, CaseIterable {
    case sum, mean, max, min, all, any
}

extension Tensor {
    /// The reduction of every element to a 0-dimensional tensor (`x.sum()`, `x.max()`).
    /// `sum` of bools or integers gives int64; `mean` needs floating point; `all` and
    /// `any` give bool.
    public func reduced(_ reduction: Reduction) throws(EngineError) -> Tensor {
        let result = try reduced(reduction, dims: Array(0..<rank), keepDim: false, whole: true)
        return recordedReduction(reduction, result, dims: Array(0..<rank), keepDim: false, whole: true)
    }

    /// The reduction along `dims` (`x.sum(dim=(2, 3), keepdim=True)`). Dimensions may be
    /// negative; a sum or mean over none is over every one, as PyTorch's (`x.sum(dim=[])`).
    /// For `max` and `min` use ``extreme(_:dim:keepDim:)``, which also gives the indices.
    public func reduced(_ reduction: Reduction, dims: [Int], keepDim: Bool = false) throws(EngineError) -> Tensor {
        let dims = dims.isEmpty && (reduction == .sum || reduction == .mean) ? Array(0..<rank) : dims
        let result = try reduced(reduction, dims: dims, keepDim: keepDim, whole: false)
        var axes: [Int] = []
        for d in dims { axes.append(try wrapDimension(d)) }
        return recordedReduction(reduction, result, dims: rank == 0 ? [] : axes, keepDim: keepDim, whole: false)
    }

    /// The largest or smallest values along `dim` and their positions (the first, and a
    /// NaN wins), as `x.max(dim)` returns `(values, indices)`.
    public func extreme(_ reduction: Reduction, dim: Int, keepDim: Bool = false) throws(EngineError) -> (values: Tensor, indices: Tensor) {
        precondition(reduction == .max || reduction == .min, "extreme is for max and min")
        let axis = try wrapDimension(dim)
        let size = rank == 0 ? 1 : shape[axis]
        guard size > 0 else {
            throw .index("\(reduction.rawValue)(): Expected reduction dim \(axis) to have non-zero size.")
        }
        let lanes = ReductionLanes(shape: shape, axis: rank == 0 ? nil : axis)
        let storage = contiguousStorage
        // Integers compare exactly; floats as doubles (exact for every float dtype).
        let x: [Double] = dtype.isFloatingPoint ? storage.doubles : []
        let n: [Int64] = dtype.isFloatingPoint ? [] : storage.elements(as: Int64.self)
        var positions: [Int] = [], indices: [Int64] = []
        lanes.forEach { lane in
            var best = 0
            for k in 1..<lane.count {
                if n.isEmpty {
                    let (candidate, current) = (x[lane[k]], x[lane[best]])
                    if current.isNaN { break }
                    if candidate.isNaN || (reduction == .max ? candidate > current : candidate < current) { best = k }
                } else {
                    let (candidate, current) = (n[lane[k]], n[lane[best]])
                    if reduction == .max ? candidate > current : candidate < current { best = k }
                }
            }
            positions.append(lane[best])
            indices.append(Int64(best))
        }
        let outShape = lanes.resultShape(keepDim: keepDim)
        let values = Tensor(shape: outShape, storage: storage.gathering(positions))
        let indexTensor = Tensor(shape: outShape, storage: .int64(indices))
        return (values.recordedExtreme(reduction, of: self, indices: indexTensor, axis: axis, keepDim: keepDim), indexTensor)
    }

    private func reduced(_ reduction: Reduction, dims: [Int], keepDim: Bool, whole: Bool) throws(EngineError) -> Tensor {
        if reduction == .mean, !dtype.isFloatingPoint {
            throw .dtype("mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: \(dtype.scalarTypeName)")
        }
        if whole, reduction == .max || reduction == .min, count == 0 {
            throw .argument("\(reduction.rawValue)(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
        }
        var axes: [Int] = []
        for d in dims { axes.append(try wrapDimension(d)) }
        guard Set(axes).count == axes.count else {
            throw .argument("dim \(axes.first { a in axes.filter { $0 == a }.count > 1 }!) appears multiple times in the list of dims")
        }
        if rank == 0 { axes = [] }
        var result = self
        if let cascaded = cascadedSum(reduction, axes: axes, keepDim: keepDim && !whole) {
            // Summed in PyTorch's order (every floating-point dtype).
            result = cascaded
        } else {
            // Reduce the highest axis first so the lower ones keep their positions.
            for axis in axes.sorted(by: >) {
                result = try result.reducedAlong(reduction, axis: axis)
            }
            if axes.isEmpty { result = try result.reducedAlong(reduction, axis: nil) }
        }
        if keepDim, !whole {
            var sizes = shape.dimensions
            for axis in axes { sizes[axis] = 1 }
            result = result.withShape(TensorShape(sizes))
        }
        return result
    }

    /// The sum or mean of a floating-point tensor over `axes` (wrapped, distinct; every
    /// one for a whole reduction, none for a 0-dimensional tensor), added as PyTorch adds
    /// them (``CascadeSum``, over the elements in TensorIterator's order, with the
    /// session's threads), without the axes in the result. A mean is that sum divided by
    /// the count in the same dtype (ATen's `sum_out(...).div_`). float16 and bfloat16 add
    /// in float; their mean is of a float32 copy, divided in float32, then rounded
    /// (`mean_out`: "cast_fp32 -> sum -> div -> cast"), and so is their sum where the
    /// element order has two reduced dimensions innermost (`should_use_acc_buffer`).
    /// `nil` for other reductions and dtypes.
    private func cascadedSum(_ reduction: Reduction, axes: [Int], keepDim: Bool) -> Tensor? {
        guard reduction == .sum || reduction == .mean else { return nil }
        let reducedAxes = Set(axes)
        let outShape = TensorShape(shape.dimensions.indices.filter { !reducedAxes.contains($0) }.map { shape[$0] })
        let reducedCount = reducedAxes.reduce(1) { $0 * shape[$1] }
        let threads = EngineContext.current.computeThreads
        func sums<T: CascadeElement>(_ values: [T], laidOut layout: TensorLayout) -> [T] {
            var totals = [T](repeating: .zero, count: outShape.elementCount)
            if count > 0 {
                values.withUnsafeBufferPointer { input in
                    totals.withUnsafeMutableBufferPointer { output in
                        CascadeSum.sum(input.baseAddress!, layout, reduced: reducedAxes, keepDim: keepDim, into: output, threads: threads)
                    }
                }
            }
            return totals
        }
        func reduced<T: WideCascadeElement>(_ values: [T], laidOut layout: TensorLayout) -> [T] {
            let totals = sums(values, laidOut: layout)
            return reduction == .mean ? totals.map { $0 / T(reducedCount) } : totals
        }
        // A float16 or bfloat16 sum is stored in its type, unless two reduced dimensions
        // would meet in the output there.
        var addsInOwnType: Bool { reduction == .sum && !CascadeSum.sumsThroughFloat(layout, reduced: reducedAxes, keepDim: keepDim) }
        switch buffer.storage {
        case .float32(let values): return Tensor(shape: outShape, storage: .float32(reduced(values, laidOut: layout)))
        case .float64(let values): return Tensor(shape: outShape, storage: .float64(reduced(values, laidOut: layout)))
        case .float16(let values) where addsInOwnType: return Tensor(shape: outShape, storage: .float16(sums(values, laidOut: layout)))
        case .bfloat16(let values) where addsInOwnType: return Tensor(shape: outShape, storage: .bfloat16(sums(values, laidOut: layout)))
        case .float16, .bfloat16:
            // Of `self.to(torch.float32)`, a copy laid out as `clone()` lays it out, then rounded.
            let copy = clone()
            guard case .float32(let wide) = copy.buffer.storage.converted(to: .float32) else { return nil }
            return Tensor(shape: outShape, storage: .float32(reduced(wide, laidOut: copy.layout))).converted(to: dtype)
        default: return nil
        }
    }

    /// One reduction along one axis (`nil`: a scalar, reduced over itself), without the
    /// axis in the result.
    private func reducedAlong(_ reduction: Reduction, axis: Int?) throws(EngineError) -> Tensor {
        let lanes = ReductionLanes(shape: shape, axis: axis)
        let outShape = lanes.resultShape(keepDim: false)
        switch reduction {
        case .all, .any:
            let x = elements(as: Bool.self)
            var out: [Bool] = []
            lanes.forEach { lane in
                out.append(reduction == .all ? lane.allSatisfy { x[$0] } : lane.contains { x[$0] })
            }
            return Tensor(shape: outShape, storage: .bool(out))
        case .sum, .mean:
            // Of integers and bools: a floating-point sum or mean is cascadedSum's, and a
            // mean of integers was refused.
            precondition(!dtype.isFloatingPoint && reduction == .sum, "floating-point sums and means go through cascadedSum")
            let x = elements(as: Int64.self)
            var out: [Int64] = []
            lanes.forEach { lane in out.append(lane.reduce(0) { $0 &+ x[$1] }) }
            return Tensor(shape: outShape, storage: .int64(out))
        case .max, .min:
            if let axis { return try extreme(reduction, dim: axis).values }
            return self
        }
    }
}

/// The positions a reduction along one axis combines, lane by lane in row-major order
/// of the result.
struct ReductionLanes {
    let shape: TensorShape
    let axis: Int?

    func resultShape(keepDim: Bool) -> TensorShape {
        guard let axis else { return [] }
        var sizes = shape.dimensions
        if keepDim { sizes[axis] = 1 } else { sizes.remove(at: axis) }
        return TensorShape(sizes)
    }

    /// Calls `body` with each lane's flat positions.
    func forEach(_ body: ([Int]) -> Void) {
        guard let axis else {
            body(Array(0..<shape.elementCount))
            return
        }
        let size = shape[axis]
        let inner = shape.dimensions[(axis + 1)...].reduce(1, *)
        let outer = shape.dimensions[..<axis].reduce(1, *)
        for o in 0..<outer {
            for i in 0..<inner {
                body((0..<size).map { (o * size + $0) * inner + i })
            }
        }
    }
}
