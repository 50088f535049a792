import ConvEngine

/// The order in which NumPy 2's buffered reduction visits an array's elements, as runs
/// of storage positions, each for one element of the result (row-major index).
///
/// The iterator orders the dimensions from the largest stride to the smallest (by
/// magnitude: a negative stride still walks backwards) and merges neighbours that
/// continue each other in the input and in the result. When the innermost dimension is
/// reduced, the reduced dimensions at the inner end are gathered, for each result
/// element, into buffers of 8192 elements rounded down to whole innermost rows (a row
/// longer than that is one buffer): each buffer is one run, summed pairwise. When the
/// innermost dimension is kept, every element is a run of its own. Runs are handed out
/// in visiting order; a result element adds its runs one after another.
struct ReductionRuns {
    /// Storage positions: an arithmetic sequence, or gathered from several dimensions.
    struct Run: RandomAccessCollection {
        var start = 0, stride = 0, length = 0
        var gathered: [Int]?

        var startIndex: Int { 0 }
        var endIndex: Int { gathered?.count ?? length }
        subscript(i: Int) -> Int { gathered?[i] ?? start + i * stride }
    }

    private struct Dim {
        var size: Int, stride: Int, outStride: Int, reduced: Bool
    }

    /// NumPy's default buffer size, in elements.
    static let bufferSize = 8192

    /// The number of result elements.
    let resultCount: Int
    private let tensor: Tensor
    private var dims: [Dim] = []

    init(_ t: Tensor, axes: [Int]) {
        tensor = t
        let reduced = Set(axes)
        var outStrides = [Int](repeating: 0, count: t.rank)
        var outCount = 1
        for axis in (0..<t.rank).reversed() where !reduced.contains(axis) {
            outStrides[axis] = outCount
            outCount *= t.shape[axis]
        }
        resultCount = outCount
        let order = (0..<t.rank).filter { t.shape[$0] > 1 }
            .sorted { (abs(t.strides[$0]), -$0) > (abs(t.strides[$1]), -$1) }
        for axis in order {
            let dim = Dim(size: t.shape[axis], stride: t.strides[axis], outStride: outStrides[axis], reduced: reduced.contains(axis))
            if let last = dims.last, last.reduced == dim.reduced, last.stride == dim.stride * dim.size,
               last.outStride == dim.outStride * dim.size {
                dims[dims.count - 1] = Dim(size: last.size * dim.size, stride: dim.stride, outStride: dim.outStride, reduced: dim.reduced)
            } else {
                dims.append(dim)
            }
        }
    }

    /// Calls `body` with each run and the result element it belongs to, in NumPy's order.
    func forEach(_ body: (Int, Run) -> Void) {
        guard tensor.count > 0 else { return }
        guard let inner = dims.last else { return body(0, Run(start: tensor.storageOffset, stride: 0, length: 1)) }
        if !inner.reduced {
            Self.walk(dims.dropLast(), tensor.storageOffset, 0) { position, out in
                for k in 0..<inner.size { body(out + k * inner.outStride, Run(start: position + k * inner.stride, stride: 0, length: 1)) }
            }
            return
        }
        let gathered = dims.reversed().prefix { $0.reduced }.count
        let block = dims.suffix(gathered)
        let buffer = inner.size >= Self.bufferSize ? inner.size : Self.bufferSize / inner.size * inner.size
        Self.walk(dims.dropLast(gathered), tensor.storageOffset, 0) { position, out in
            if block.count == 1 {
                // One strided dimension: buffers are stretches of it.
                var start = 0
                while start < inner.size {
                    body(out, Run(start: position + start * inner.stride, stride: inner.stride, length: min(buffer, inner.size - start)))
                    start += buffer
                }
                return
            }
            var positions: [Int] = []
            positions.reserveCapacity(min(buffer, Self.bufferSize))
            Self.walk(block, position, 0) { p, _ in
                positions.append(p)
                if positions.count == buffer {
                    body(out, Run(gathered: positions))
                    positions.removeAll(keepingCapacity: true)
                }
            }
            if !positions.isEmpty { body(out, Run(gathered: positions)) }
        }
    }

    /// Calls `body` with the input position and result index of every index over
    /// `dims`, outermost first.
    private static func walk(_ dims: ArraySlice<Dim>, _ position: Int, _ out: Int, _ body: (Int, Int) -> Void) {
        guard let first = dims.first else { return body(position, out) }
        for k in 0..<first.size {
            walk(dims.dropFirst(), position + k * first.stride, out + k * first.outStride, body)
        }
    }
}
