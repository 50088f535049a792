/// Which dimensions of a shape a reduction combines, and which input positions land in
/// each output element.
///
/// Positions are row-major offsets into `tensor.elements(as:)`, so the reductions built
/// on this type read elements only through that API. Each lane lists its positions in
/// row-major order of the reduced coordinates, the order PyTorch's CPU kernels visit
/// them in.
struct ReductionAxes {
    let shape: TensorShape
    /// `true` for each dimension that is reduced.
    let isReduced: [Bool]

    /// The reduction of `shape` over `axes` (already wrapped, without repeats).
    init(shape: TensorShape, axes: [Int]) {
        self.shape = shape
        var mask = [Bool](repeating: false, count: shape.rank)
        for axis in axes { mask[axis] = true }
        isReduced = mask
    }

    /// The reduction of every dimension.
    init(everyDimensionOf shape: TensorShape) {
        self.init(shape: shape, axes: Array(0..<shape.rank))
    }

    /// The result's shape: reduced dimensions dropped, or kept with size 1.
    func outputShape(keepDim: Bool) -> TensorShape {
        var sizes: [Int] = []
        for (axis, size) in shape.enumerated() {
            if !isReduced[axis] { sizes.append(size) } else if keepDim { sizes.append(1) }
        }
        return TensorShape(sizes)
    }

    /// The number of output elements.
    var outputCount: Int { outputShape(keepDim: false).elementCount }

    /// The number of input elements combined into each output element.
    var laneLength: Int {
        var length = 1
        for (axis, size) in shape.enumerated() where isReduced[axis] { length *= size }
        return length
    }

    /// The input positions of every output element, in row-major order of the output.
    func lanes() -> [[Int]] {
        let outputCount = outputCount
        var lanes = [[Int]](repeating: [], count: outputCount)
        guard shape.elementCount > 0 else { return lanes }
        let laneLength = laneLength
        for i in lanes.indices { lanes[i].reserveCapacity(laneLength) }
        // The output stride of each kept dimension (0 for a reduced one).
        var strides = [Int](repeating: 0, count: shape.rank)
        var step = 1
        for axis in stride(from: shape.rank - 1, through: 0, by: -1) where !isReduced[axis] {
            strides[axis] = step
            step *= shape[axis]
        }
        var coordinates = [Int](repeating: 0, count: shape.rank)
        var output = 0
        for flat in 0..<shape.elementCount {
            lanes[output].append(flat)
            // Step the coordinates like an odometer, keeping the output offset current.
            var axis = shape.rank - 1
            while axis >= 0 {
                coordinates[axis] += 1
                output += strides[axis]
                if coordinates[axis] < shape[axis] { break }
                output -= strides[axis] * coordinates[axis]
                coordinates[axis] = 0
                axis -= 1
            }
        }
        return lanes
    }

    /// Wraps `dims` against `rank` and refuses repeats, as PyTorch's `dim_list_to_bitset`.
    /// - Throws: ``EngineError`` (IndexError) for a dimension out of range, RuntimeError
    ///   for one given twice.
    static func wrapped(_ dims: [Int], rank: Int) throws(EngineError) -> [Int] {
        var seen = Set<Int>()
        var axes: [Int] = []
        for dim in dims {
            let axis = try Tensor.wrap(dimension: dim, rank: rank)
            guard seen.insert(axis).inserted else {
                throw .argument("dim \(axis) appears multiple times in the list of dims")
            }
            axes.append(axis)
        }
        // A 0-dimensional tensor accepts dim 0 or -1, and there is nothing to reduce.
        return rank == 0 ? [] : axes
    }
}
