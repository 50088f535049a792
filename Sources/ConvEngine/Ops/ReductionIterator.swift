/// The order in which PyTorch visits the elements of a reduction with one input and one
/// output (`TensorIterator::reduce_op`), so that a sum can add them in PyTorch's order.
///
/// The dimensions are put fastest first, the reduced ones in front
/// (`reorder_dimensions`: an insertion sort on the output's strides, then the input's,
/// ties broken by size), then neighbours that every operand steps through as one are
/// merged (`coalesce_dimensions`). The output is contiguous over the kept dimensions and
/// steps by 0 along the reduced ones. Dimension 0 is the innermost; strides and offsets
/// are in elements.
struct ReductionIterator {
    /// Sizes, innermost first.
    private(set) var shape: [Int]
    /// The input's strides by dimension.
    private(set) var inputStrides: [Int]
    /// The output's strides by dimension: 0 along a reduced one.
    private(set) var outputStrides: [Int]
    /// Where the first element is, in the input's buffer.
    private(set) var inputOffset: Int
    /// Where the first output is, in the output.
    private(set) var outputOffset = 0

    /// The iterator of `layout` reduced along `reduced` (PyTorch's dimensions), its
    /// output made as `sum(dim=..., keepdim=keepDim)` makes it.
    init(_ layout: TensorLayout, reduced: Set<Int>, keepDim: Bool) {
        let sizes = layout.shape
        // The result's contiguous strides, viewed with every input dimension: 0 along a
        // reduced one (`review_reduce_result`, then broadcast over the input's shape),
        // except one of size 1 kept by `keepdim`.
        let kept = sizes.indices.filter { !reduced.contains($0) || keepDim }
        let resultStrides = TensorShape(kept.map { reduced.contains($0) ? 1 : sizes[$0] }).strides
        var output = [Int](repeating: 0, count: sizes.count)
        for (position, dim) in kept.enumerated() where !reduced.contains(dim) || sizes[dim] == 1 {
            output[dim] = resultStrides[position]
        }
        let order = Self.order(sizes: sizes, input: layout.strides, output: output)
        shape = order.map { sizes[$0] }
        inputStrides = order.map { layout.strides[$0] }
        outputStrides = order.map { output[$0] }
        inputOffset = layout.offset
        coalesce()
    }

    /// The number of elements visited.
    var count: Int { shape.reduce(1, *) }

    /// Whether dimension `dim` is reduced (`is_dim_reduced`).
    func isReduced(_ dim: Int) -> Bool { outputStrides[dim] == 0 && shape[dim] > 1 }

    /// PyTorch's dimensions innermost first (``DimensionOrder``): by the output's
    /// strides, then the input's.
    private static func order(sizes: [Int], input: [Int], output: [Int]) -> [Int] {
        DimensionOrder.innermostFirst(rank: sizes.count) { a, b in
            for (strides, isOutput) in [(output, true), (input, false)] {
                let (strideA, strideB) = (strides[a], strides[b])
                // Reduced dimensions (the output's stride 0) go in front.
                if isOutput, (strideA == 0) != (strideB == 0) { return strideB == 0 ? 1 : -1 }
                if strideA == 0 || strideB == 0 { continue }
                if strideA != strideB { return strideA < strideB ? -1 : 1 }
                if sizes[a] > sizes[b] { return 1 }
            }
            return 0
        }
    }

    /// `coalesce_dimensions`: a dimension merges into the one before it when either has
    /// one element or both operands step through the two as through one.
    private mutating func coalesce() {
        guard shape.count > 1 else { return }
        var last = 0
        for dim in 1..<shape.count {
            let merges = shape[last] == 1 || shape[dim] == 1
                || (shape[last] * inputStrides[last] == inputStrides[dim] && shape[last] * outputStrides[last] == outputStrides[dim])
            if merges {
                if shape[last] == 1 {
                    inputStrides[last] = inputStrides[dim]
                    outputStrides[last] = outputStrides[dim]
                }
                shape[last] *= shape[dim]
            } else {
                last += 1
                shape[last] = shape[dim]
                inputStrides[last] = inputStrides[dim]
                outputStrides[last] = outputStrides[dim]
            }
        }
        shape.removeLast(shape.count - last - 1)
        inputStrides.removeLast(inputStrides.count - last - 1)
        outputStrides.removeLast(outputStrides.count - last - 1)
    }

    /// Only elements `start..<start + length` of dimension `dim` (`narrow`).
    func narrowed(_ dim: Int, start: Int, length: Int) -> ReductionIterator {
        var part = self
        part.inputOffset += start * inputStrides[dim]
        part.outputOffset += start * outputStrides[dim]
        part.shape[dim] = length
        return part
    }

    /// One call of a reduction's inner loop: `size0` by `size1` elements from the given
    /// offsets, with the two innermost dimensions' strides.
    struct Block {
        var input: Int, output: Int
        var inputStrides: (Int, Int), outputStrides: (Int, Int)
        var size0: Int, size1: Int
    }

    /// Visits the elements at positions `range` (in the iterator's order) in blocks of at
    /// most two dimensions, as `serial_for_each` and its `DimCounter` cut them.
    func forEachBlock(in range: Range<Int>, _ body: (Block) -> Void) {
        guard !range.isEmpty else { return }
        let rank = shape.count
        func stride(_ strides: [Int], _ dim: Int) -> Int { dim < rank ? strides[dim] : 0 }
        let blockInputStrides = (stride(inputStrides, 0), stride(inputStrides, 1))
        let blockOutputStrides = (stride(outputStrides, 0), stride(outputStrides, 1))
        guard rank > 1 else {
            body(Block(input: inputOffset + range.lowerBound * blockInputStrides.0,
                       output: outputOffset + range.lowerBound * blockOutputStrides.0,
                       inputStrides: blockInputStrides, outputStrides: blockOutputStrides, size0: range.count, size1: 1))
            return
        }
        var position = [Int](repeating: 0, count: rank)
        var linear = range.lowerBound
        for dim in 0..<rank where shape[dim] > 0 {
            position[dim] = linear % shape[dim]
            linear /= shape[dim]
        }
        var offset = range.lowerBound
        while offset < range.upperBound {
            var input = inputOffset, output = outputOffset
            for dim in 0..<rank {
                input += position[dim] * inputStrides[dim]
                output += position[dim] * outputStrides[dim]
            }
            let step0 = min(shape[0] - position[0], range.upperBound - offset)
            let step1 = step0 == shape[0] ? min(shape[1] - position[1], (range.upperBound - offset) / shape[0]) : 1
            body(Block(input: input, output: output, inputStrides: blockInputStrides, outputStrides: blockOutputStrides,
                       size0: step0, size1: step1))
            offset += step0 * step1
            // `DimCounter::increment`: a whole plane moves dimension 1 on, else dimension 0 moves.
            var dim = step1 == 1 ? 0 : 1
            var carry = step1 == 1 ? step0 : step1
            while dim < rank && carry > 0 {
                let value = position[dim] + carry
                if value >= shape[dim] {
                    position[dim] = value - shape[dim]
                    carry = 1
                } else {
                    position[dim] = value
                    carry = 0
                }
                dim += 1
            }
        }
    }
}
