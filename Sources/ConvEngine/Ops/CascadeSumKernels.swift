/// What ``CascadeSum`` adds: one accumulator, or one AVX2 vector of them (ATen's
/// `Vectorized<acc_t>`: 8 floats or 4 doubles), loaded from the elements it sums
/// (ATen's load policies) and added lane by lane in the accumulator type.
protocol CascadeAccumulator {
    /// The element type it is loaded from.
    associatedtype Element
    /// The type it adds in: `Float` (for float32, float16 and bfloat16) or `Double`.
    associatedtype Lane: BinaryFloatingPoint
    static var zero: Self { get }
    static func + (a: Self, b: Self) -> Self
    /// Loaded from the elements at `pointer` and after.
    init(loadingFrom pointer: UnsafePointer<Element>)
    /// The number of accumulators it holds.
    static var laneCount: Int { get }
    subscript(lane: Int) -> Lane { get }
}

/// An element type ATen sums with ``CascadeSum``: how its elements load as one
/// accumulator (`CastLoadPolicy`), as a vector for a contiguous reduced dimension
/// (`InnerSumCastLoadPolicy`) and as a vector for contiguous outputs
/// (`OuterSumCastLoadPolicy`), and how a sum is added into an output of its type
/// (`CastStoreAccumulate`).
protocol CascadeElement {
    associatedtype Scalar: CascadeAccumulator where Scalar.Element == Self
    associatedtype InnerVector: CascadeAccumulator where InnerVector.Element == Self, InnerVector.Lane == Scalar.Lane
    associatedtype OuterVector: CascadeAccumulator where OuterVector.Element == Self, OuterVector.Lane == Scalar.Lane
    static var zero: Self { get }
    /// `Vectorized<scalar_t>::size()`: the elements an inner vector loads, and the
    /// fewest of a contiguous dimension that the vector kernels take.
    static var vectorElements: Int { get }
    /// `*output += sum`, in the output's type.
    static func accumulate(_ sum: Scalar.Lane, into output: inout Self)
}

/// float32 and float64 add in their own type: each is its own accumulator.
protocol WideCascadeElement: BinaryFloatingPoint, CascadeElement, CascadeAccumulator
    where Element == Self, Lane == Self, Scalar == Self {}

extension WideCascadeElement {
    init(loadingFrom pointer: UnsafePointer<Self>) { self = pointer.pointee }
    static var laneCount: Int { 1 }
    subscript(lane: Int) -> Self { self }
    static var vectorElements: Int { InnerVector.laneCount }
    static func accumulate(_ sum: Self, into output: inout Self) { output += sum }
}

extension Float: WideCascadeElement {
    typealias InnerVector = SIMD8<Float>
    typealias OuterVector = SIMD8<Float>
}

extension Double: WideCascadeElement {
    typealias InnerVector = SIMD4<Double>
    typealias OuterVector = SIMD4<Double>
}

extension SIMD8<Float>: CascadeAccumulator {
    typealias Element = Float
    typealias Lane = Float
    init(loadingFrom pointer: UnsafePointer<Float>) { self = UnsafeRawPointer(pointer).loadUnaligned(as: Self.self) }
    static var laneCount: Int { 8 }
}

extension SIMD4<Double>: CascadeAccumulator {
    typealias Element = Double
    typealias Lane = Double
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
    func store<A: CascadeAccumulator>(_ value: A, at start: Int, stride: Int, index: Int) where A.Lane == T.Scalar.Lane {
        for lane in 0..<A.laneCount { T.accumulate(value[lane], into: &output[start + (index + lane) * stride]) }
    }

    /// Stores ``multiRowSum(_:at:rowStride:columnStride:rows:)``'s four columns, their
    /// outputs from `index` on (each column's lanes after the one before).
    @inline(__always)
    func store<A: CascadeAccumulator>(_ columns: (A, A, A, A), at start: Int, stride: Int, index: Int) where A.Lane == T.Scalar.Lane {
        store(columns.0, at: start, stride: stride, index: index)
        store(columns.1, at: start, stride: stride, index: index + A.laneCount)
        store(columns.2, at: start, stride: stride, index: index + 2 * A.laneCount)
        store(columns.3, at: start, stride: stride, index: index + 3 * A.laneCount)
    }

    // The kernels take a block whose dimension 0 is the reduced one: its outputs are
    // `outputStrides.1` apart.

    /// `vectorized_inner_sum`: each of `size1` rows is contiguous and reduced to one
    /// output: its whole vectors (``CascadeElement/vectorElements`` elements each) by
    /// ``rowSum(_:at:stride:count:)``, then the elements past them, then the vector's lanes.
    func innerSum(_ b: ReductionIterator.Block) {
        let span = T.vectorElements
        let vectors = b.size0 / span
        for j in 0..<b.size1 {
            let row = b.input + j * b.inputStrides.1
            let vector = rowSum(T.InnerVector.self, at: row, stride: span, count: vectors)
            var total: T.Scalar.Lane = 0
            for k in (vectors * span)..<b.size0 { total += T.Scalar(loadingFrom: input + row + k)[0] }
            for lane in 0..<T.InnerVector.laneCount { total += vector[lane] }
            T.accumulate(total, into: &output[b.output + j * b.outputStrides.1])
        }
    }

    /// `vectorized_outer_sum`: `size1` contiguous columns, each reduced over `size0`
    /// rows: four vectors at a time (32 columns added in float, 16 in double), then a
    /// vector at a time, then one column at a time.
    func outerSum(_ b: ReductionIterator.Block) {
        let lanes = T.OuterVector.laneCount
        let (rowStride, outputStride) = (b.inputStrides.0, b.outputStrides.1)
        var j = 0
        while j + 4 * lanes <= b.size1 {
            let sums = multiRowSum(T.OuterVector.self, at: b.input + j, rowStride: rowStride, columnStride: lanes, rows: b.size0)
            store(sums, at: b.output, stride: outputStride, index: j)
            j += 4 * lanes
        }
        while j + lanes <= b.size1 {
            store(rowSum(T.OuterVector.self, at: b.input + j, stride: rowStride, count: b.size0), at: b.output, stride: outputStride, index: j)
            j += lanes
        }
        while j < b.size1 {
            store(rowSum(T.Scalar.self, at: b.input + j, stride: rowStride, count: b.size0), at: b.output, stride: outputStride, index: j)
            j += 1
        }
    }

    /// `scalar_inner_sum`: each of `size1` rows reduced element by element.
    func scalarInnerSum(_ b: ReductionIterator.Block) {
        for j in 0..<b.size1 {
            store(rowSum(T.Scalar.self, at: b.input + j * b.inputStrides.1, stride: b.inputStrides.0, count: b.size0), at: b.output,
                  stride: b.outputStrides.1, index: j)
        }
    }

    /// `scalar_outer_sum`: four of the `size1` outputs at a time by
    /// ``multiRowSum(_:at:rowStride:columnStride:rows:)``, then one at a time.
    func scalarOuterSum(_ b: ReductionIterator.Block) {
        let (strides, outputStride) = (b.inputStrides, b.outputStrides.1)
        var j = 0
        while j + 3 < b.size1 {
            let sums = multiRowSum(T.Scalar.self, at: b.input + j * strides.1, rowStride: strides.0, columnStride: strides.1, rows: b.size0)
            store(sums, at: b.output, stride: outputStride, index: j)
            j += 4
        }
        while j < b.size1 {
            store(rowSum(T.Scalar.self, at: b.input + j * strides.1, stride: strides.0, count: b.size0), at: b.output,
                  stride: outputStride, index: j)
            j += 1
        }
    }

    /// No reduction in the block: each input added to its own output.
    func elementwise(_ b: ReductionIterator.Block) {
        for j in 0..<b.size1 {
            for i in 0..<b.size0 {
                let value = T.Scalar(loadingFrom: input + b.input + j * b.inputStrides.1 + i * b.inputStrides.0)[0]
                T.accumulate(value, into: &output[b.output + j * b.outputStrides.1 + i * b.outputStrides.0])
            }
        }
    }
}
