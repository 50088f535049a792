/// The product of a direct convolution for AVX2 + FMA: sixteen output channels at six
/// output positions, each sum read straight from the (padded) input through a table of
/// row offsets, so there is no lowered matrix and no packing of it.
///
/// `result[i * 16 + r] = sum_{k, t} a[(k * width + t) * 16 + r] * positions.i[rowOffsets[k] + t * step]`:
/// `A` is the weight packed as `[depth][16]` (one block of sixteen output channels,
/// depth `rows * width`), position `i`'s pointer is the corner of its receptive field,
/// `rowOffsets[k]` the first input element of kernel row `k` (an input channel and the
/// kernel's outer taps) from that corner, and `t` the kernel's innermost tap, `step`
/// elements apart (its dilation).
///
/// The tile is 16 channels by 6 positions: twelve ymm accumulators, two loads of `A` and
/// six broadcasts of the input per depth step, one fused multiply-add per product, the
/// depth added in order. A kernel row's taps are read at constant displacements from six
/// row pointers (kernel widths 1 to 7 without dilation are compiled each on its own), so
/// a step costs no offset load.
public enum DirectProductAVX2: UnalignedLanes {
    /// The output channels a tile computes: `A` is packed as `[depth][16]`.
    public static let tileChannels = 16
    /// The output positions a tile computes.
    public static let tilePositions = 6

    /// The six position pointers of one tile.
    public typealias Positions = (
        UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>,
        UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>
    )

    /// One tile over the whole depth: `result[i * 16 + r]` (position `i`, channel `r`)
    /// overwritten with `sum_{k, t} a[(k * width + t) * 16 + r] * positions.i[rowOffsets[k] + t * step]`,
    /// `k` then `t` in order.
    /// - Parameters:
    ///   - positions: each readable at every row offset plus `t * step`, `t < width`.
    ///   - rowOffsets: `rows` element offsets from a position's pointer.
    ///   - width: the taps per kernel row (at least 1).
    ///   - step: elements between a row's taps.
    ///   - a: `rows * width * 16` floats.
    ///   - result: 96 floats, overwritten.
    public static func tile(
        positions p: Positions, rowOffsets: UnsafePointer<Int>, rows: Int, width: Int, step: Int,
        a: UnsafePointer<Float>, result: UnsafeMutablePointer<Float>
    ) {
        switch (width, step) {
        case (1, _): FixedWidth<Width1>.tile(p, rowOffsets, rows, a, result)
        case (2, 1): FixedWidth<Width2>.tile(p, rowOffsets, rows, a, result)
        case (3, 1): FixedWidth<Width3>.tile(p, rowOffsets, rows, a, result)
        case (4, 1): FixedWidth<Width4>.tile(p, rowOffsets, rows, a, result)
        case (5, 1): FixedWidth<Width5>.tile(p, rowOffsets, rows, a, result)
        case (6, 1): FixedWidth<Width6>.tile(p, rowOffsets, rows, a, result)
        case (7, 1): FixedWidth<Width7>.tile(p, rowOffsets, rows, a, result)
        default: rowTile(p, rowOffsets, rows, width, step, a, result)
        }
    }

    /// A kernel width known when compiling, so that a row's taps unroll.
    protocol KernelWidth { static var width: Int { get } }
    enum Width1: KernelWidth { static var width: Int { 1 } }
    enum Width2: KernelWidth { static var width: Int { 2 } }
    enum Width3: KernelWidth { static var width: Int { 3 } }
    enum Width4: KernelWidth { static var width: Int { 4 } }
    enum Width5: KernelWidth { static var width: Int { 5 } }
    enum Width6: KernelWidth { static var width: Int { 6 } }
    enum Width7: KernelWidth { static var width: Int { 7 } }

    /// The tile for one undilated kernel width, each its own function (its own register
    /// allocation: inlined side by side into one, the unrolled rows spilled accumulators).
    enum FixedWidth<W: KernelWidth> {
        @inline(never)
        static func tile(
            _ p: Positions, _ rowOffsets: UnsafePointer<Int>, _ rows: Int, _ a: UnsafePointer<Float>,
            _ result: UnsafeMutablePointer<Float>
        ) {
            rowTile(p, rowOffsets, rows, W.width, 1, a, result)
        }
    }

    /// ``tile(positions:rowOffsets:rows:width:step:a:result:)`` for one `width` and
    /// `step`, inlined into each case so that constant ones unroll a row's taps.
    @inline(__always)
    fileprivate static func rowTile(
        _ p: Positions, _ rowOffsets: UnsafePointer<Int>, _ rows: Int, _ width: Int, _ step: Int,
        _ a: UnsafePointer<Float>, _ result: UnsafeMutablePointer<Float>
    ) {
        var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
        var c20 = SIMD8<Float>(), c21 = SIMD8<Float>(), c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
        var c40 = SIMD8<Float>(), c41 = SIMD8<Float>(), c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
        var pa = a
        for k in 0..<rows {
            let o = rowOffsets[k]
            let q0 = p.0 + o, q1 = p.1 + o, q2 = p.2 + o, q3 = p.3 + o, q4 = p.4 + o, q5 = p.5 + o
            for t in 0..<width {
                let e = t * step
                let a0 = load(pa), a1 = load(pa + 8)
                var x = SIMD8<Float>(repeating: q0[e])
                c00.addProduct(a0, x); c01.addProduct(a1, x)
                x = SIMD8<Float>(repeating: q1[e])
                c10.addProduct(a0, x); c11.addProduct(a1, x)
                x = SIMD8<Float>(repeating: q2[e])
                c20.addProduct(a0, x); c21.addProduct(a1, x)
                x = SIMD8<Float>(repeating: q3[e])
                c30.addProduct(a0, x); c31.addProduct(a1, x)
                x = SIMD8<Float>(repeating: q4[e])
                c40.addProduct(a0, x); c41.addProduct(a1, x)
                x = SIMD8<Float>(repeating: q5[e])
                c50.addProduct(a0, x); c51.addProduct(a1, x)
                pa += tileChannels
            }
        }
        store(c00, result); store(c01, result + 8); store(c10, result + 16); store(c11, result + 24)
        store(c20, result + 32); store(c21, result + 40); store(c30, result + 48); store(c31, result + 56)
        store(c40, result + 64); store(c41, result + 72); store(c50, result + 80); store(c51, result + 88)
    }
}
