/// What ``CascadeSum`` adds: one element, or one AVX2 vector of them (ATen's
/// `Vectorized`: 8 floats or 4 doubles), lane by lane in the element type.
protocol CascadeAccumulator {
    associatedtype Element: BinaryFloatingPoint
    static var zero: Self { get }
    static func + (a: Self, b: Self) -> Self
    /// The elements at `pointer` and after (`loadu`).
    init(loadingFrom pointer: UnsafePointer<Element>)
    /// The number of elements it holds.
    static var laneCount: Int { get }
    subscript(lane: Int) -> Element { get }
}

/// An element type ATen sums with ``CascadeSum``, with its AVX2 vector.
protocol CascadeElement: BinaryFloatingPoint, CascadeAccumulator where Element == Self {
    associatedtype Vector: CascadeAccumulator where Vector.Element == Self
}

extension Float: CascadeElement {
    typealias Vector = SIMD8<Float>
}

extension Double: CascadeElement {
    typealias Vector = SIMD4<Double>
}

extension CascadeElement {
    init(loadingFrom pointer: UnsafePointer<Self>) { self = pointer.pointee }
    static var laneCount: Int { 1 }
    subscript(lane: Int) -> Self { self }
}

extension SIMD8<Float>: CascadeAccumulator {
    typealias Element = Float
    init(loadingFrom pointer: UnsafePointer<Float>) { self = UnsafeRawPointer(pointer).loadUnaligned(as: Self.self) }
    static var laneCount: Int { 8 }
}

extension SIMD4<Double>: CascadeAccumulator {
    typealias Element = Double
    init(loadingFrom pointer: UnsafePointer<Double>) { self = UnsafeRawPointer(pointer).loadUnaligned(as: Self.self) }
    static var laneCount: Int { 4 }
}

/// ATen's cascade-sum kernels (`SumKernel.cpp`) over an input read at element offsets
/// and an output added into (`CastStoreAccumulate`).
struct CascadeSumKernels<T: CascadeElement> {
    let input: UnsafePointer<T>
    let output: UnsafeMutablePointer<T>

    /// `multi_row_sum` with four columns: rows `0..<rows` of four accumulators each, the
    /// accumulator of row `i`, column `k` at `start + i * rowStride + k * columnStride`,
    /// added in a cascade of four levels (each level takes the sum of `2^p` of the level
    /// below, `p = max(4, ceil(log2(rows)) / 4)`), so that only sums of like size meet.
    @inline(__always)
    func multiRowSum<A: CascadeAccumulator>(_: A.Type, at start: Int, rowStride: Int, columnStride: Int, rows: Int)
        -> (A, A, A, A) where A.Element == T
    {
        withUnsafeTemporaryAllocation(of: A.self, capacity: 16) { acc in
            _ = acc.initialize(from: repeatElement(A.zero, count: 16))
            func addRow(_ i: Int) {
                let row = input + start + i * rowStride
                for k in 0..<4 { acc[k] = acc[k] + A(loadingFrom: row + k * columnStride) }
            }
            let levelPower = max(4, CascadeSum.ceilLog2(rows) / 4)
            let levelStep = 1 << levelPower
            let levelMask = levelStep - 1
            var i = 0
            while i + levelStep <= rows {
                for _ in 0..<levelStep {
                    addRow(i)
                    i += 1
                }
                for level in 1..<4 {
                    for k in 0..<4 {
                        acc[level * 4 + k] = acc[level * 4 + k] + acc[(level - 1) * 4 + k]
                        acc[(level - 1) * 4 + k] = .zero
                    }
                    if i & (levelMask << (level * levelPower)) != 0 { break }
                }
            }
            while i < rows {
                addRow(i)
                i += 1
            }
            for level in 1..<4 {
                for k in 0..<4 { acc[k] = acc[k] + acc[level * 4 + k] }
            }
            return (acc[0], acc[1], acc[2], acc[3])
        }
    }

    /// `row_sum`: `count` accumulators `stride` apart, taken four at a time by
    /// ``multiRowSum(_:at:rowStride:columnStride:rows:)``, then the ones past the last
    /// four, then the four columns in order.
    @inline(__always)
    func rowSum<A: CascadeAccumulator>(_: A.Type, at start: Int, stride: Int, count: Int) -> A where A.Element == T {
        let fours = count / 4
        let columns = multiRowSum(A.self, at: start, rowStride: 4 * stride, columnStride: stride, rows: fours)
        var total = columns.0
        for i in (fours * 4)..<count { total = total + A(loadingFrom: input + start + i * stride) }
        return total + columns.1 + columns.2 + columns.3
    }

    /// Adds `value`'s lanes to the outputs from `index` on, `stride` apart.
    @inline(__always)
    func store<A: CascadeAccumulator>(_ value: A, at start: Int, stride: Int, index: Int) where A.Element == T {
        for lane in 0..<A.laneCount { output[start + (index + lane) * stride] += value[lane] }
    }

    /// Stores ``multiRowSum(_:at:rowStride:columnStride:rows:)``'s four columns, their
    /// outputs from `index` on (each column's lanes after the one before).
    @inline(__always)
    func store<A: CascadeAccumulator>(_ columns: (A, A, A, A), at start: Int, stride: Int, index: Int) where A.Element == T {
        store(columns.0, at: start, stride: stride, index: index)
        store(columns.1, at: start, stride: stride, index: index + A.laneCount)
        store(columns.2, at: start, stride: stride, index: index + 2 * A.laneCount)
        store(columns.3, at: start, stride: stride, index: index + 3 * A.laneCount)
    }

    // The kernels take a block whose dimension 0 is the reduced one: its outputs are
    // `outputStrides.1` apart.

    /// `vectorized_inner_sum`: each of `size1` rows is contiguous and reduced to one
    /// output: its whole vectors by ``rowSum(_:at:stride:count:)``, then the elements past
    /// them, then the vector's lanes.
    func innerSum(_ b: ReductionIterator.Block) {
        let lanes = T.Vector.laneCount
        let vectors = b.size0 / lanes
        for j in 0..<b.size1 {
            let row = b.input + j * b.inputStrides.1
            let vector = rowSum(T.Vector.self, at: row, stride: lanes, count: vectors)
            var total: T = 0
            for k in (vectors * lanes)..<b.size0 { total += input[row + k] }
            for lane in 0..<lanes { total += vector[lane] }
            output[b.output + j * b.outputStrides.1] += total
        }
    }

    /// `vectorized_outer_sum`: `size1` contiguous columns, each reduced over `size0`
    /// rows: 32 floats (16 doubles) at a time as four vectors, then a vector at a time,
    /// then one column at a time.
    func outerSum(_ b: ReductionIterator.Block) {
        let lanes = T.Vector.laneCount
        let (rowStride, outputStride) = (b.inputStrides.0, b.outputStrides.1)
        var j = 0
        while j + 4 * lanes <= b.size1 {
            let sums = multiRowSum(T.Vector.self, at: b.input + j, rowStride: rowStride, columnStride: lanes, rows: b.size0)
            store(sums, at: b.output, stride: outputStride, index: j)
            j += 4 * lanes
        }
        while j + lanes <= b.size1 {
            store(rowSum(T.Vector.self, at: b.input + j, stride: rowStride, count: b.size0), at: b.output, stride: outputStride, index: j)
            j += lanes
        }
        while j < b.size1 {
            store(rowSum(T.self, at: b.input + j, stride: rowStride, count: b.size0), at: b.output, stride: outputStride, index: j)
            j += 1
        }
    }

    /// `scalar_inner_sum`: each of `size1` rows reduced element by element.
    func scalarInnerSum(_ b: ReductionIterator.Block) {
        for j in 0..<b.size1 {
            store(rowSum(T.self, at: b.input + j * b.inputStrides.1, stride: b.inputStrides.0, count: b.size0), at: b.output,
                  stride: b.outputStrides.1, index: j)
        }
    }

    /// `scalar_outer_sum`: four of the `size1` outputs at a time by
    /// ``multiRowSum(_:at:rowStride:columnStride:rows:)``, then one at a time.
    func scalarOuterSum(_ b: ReductionIterator.Block) {
        let (strides, outputStride) = (b.inputStrides, b.outputStrides.1)
        var j = 0
        while j + 3 < b.size1 {
            let sums = multiRowSum(T.self, at: b.input + j * strides.1, rowStride: strides.0, columnStride: strides.1, rows: b.size0)
            store(sums, at: b.output, stride: outputStride, index: j)
            j += 4
        }
        while j < b.size1 {
            store(rowSum(T.self, at: b.input + j * strides.1, stride: strides.0, count: b.size0), at: b.output,
                  stride: outputStride, index: j)
            j += 1
        }
    }

    /// No reduction in the block: each input added to its own output.
    func elementwise(_ b: ReductionIterator.Block) {
        for j in 0..<b.size1 {
            for i in 0..<b.size0 {
                output[b.output + j * b.outputStrides.1 + i * b.outputStrides.0] += input[b.input + j * b.inputStrides.1 + i * b.inputStrides.0]
            }
        }
    }
}
