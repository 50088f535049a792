#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// The product of a direct convolution for AVX2 + FMA: sixteen output channels at six
/// output positions, each sum read straight from the (padded) input through a table of
/// row offsets, so there is no lowered matrix and no packing of it.
///
/// `sum[i][r] = sum_{k, t} a[(k * width + t) * 16 + r] * positions.i[rowOffsets[k] + t * step]`:
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

    /// Where a tile's sums go: channel `r`'s sums at positions `0 ..< count`, plus
    /// `bias[r]` when there is a bias, to `rows + r * rowStride`, for `r < channels`.
    /// Internal: a public value type of this module would have its copy helpers compiled
    /// for AVX2 and shared with the code every CPU runs.
    struct Rows {
        let rows: UnsafeMutablePointer<Float>
        let rowStride: Int
        /// At most ``tileChannels``.
        let channels: Int
        /// At most ``tilePositions``.
        let count: Int
        let bias: UnsafePointer<Float>?
    }

    /// One tile over the whole depth: for channel `r < channels` and position
    /// `i < count`, `sum_{k, t} a[(k * width + t) * 16 + r] * positions.i[rowOffsets[k] + t * step]`
    /// (`k` then `t` in order), then plus `bias[r]` when there is a bias, written to
    /// `rows[r * rowStride + i]`.
    /// - Parameters:
    ///   - positions: each readable at every row offset plus `t * step`, `t < width`.
    ///   - rowOffsets: `rows` element offsets from a position's pointer.
    ///   - width: the taps per kernel row (at least 1).
    ///   - step: elements between a row's taps.
    ///   - a: `rows * width * 16` floats.
    ///   - output: the first channel's row; `rowStride` elements between channels.
    ///   - channels: at most ``tileChannels``; `count`: at most ``tilePositions``.
    public static func tile(
        positions p: Positions, rowOffsets: UnsafePointer<Int>, rows: Int, width: Int, step: Int,
        a: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, rowStride: Int, channels: Int, count: Int,
        bias: UnsafePointer<Float>?
    ) {
        let output = Rows(rows: output, rowStride: rowStride, channels: channels, count: count, bias: bias)
        switch (width, step) {
        case (1, _): FixedWidth<Width1>.tile(p, rowOffsets, rows, a, output)
        case (2, 1): FixedWidth<Width2>.tile(p, rowOffsets, rows, a, output)
        case (3, 1): FixedWidth<Width3>.tile(p, rowOffsets, rows, a, output)
        case (4, 1): FixedWidth<Width4>.tile(p, rowOffsets, rows, a, output)
        case (5, 1): FixedWidth<Width5>.tile(p, rowOffsets, rows, a, output)
        case (6, 1): FixedWidth<Width6>.tile(p, rowOffsets, rows, a, output)
        case (7, 1): FixedWidth<Width7>.tile(p, rowOffsets, rows, a, output)
        default: rowTile(p, rowOffsets, rows, width, step, a, output)
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
            _ output: Rows
        ) {
            rowTile(p, rowOffsets, rows, W.width, 1, a, output)
        }
    }

    /// ``tile(positions:rowOffsets:rows:width:step:a:output:)`` for one `width` and
    /// `step`, inlined into each case so that constant ones unroll a row's taps.
    @inline(__always)
    fileprivate static func rowTile(
        _ p: Positions, _ rowOffsets: UnsafePointer<Int>, _ rows: Int, _ width: Int, _ step: Int,
        _ a: UnsafePointer<Float>, _ output: Rows
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
        writeRows((c00, c10, c20, c30, c40, c50), output, first: 0)
        writeRows((c01, c11, c21, c31, c41, c51), output, first: 8)
    }

    /// Writes channels `first ..< first + 8` of a tile (`v.i` holds position `i`'s eight
    /// channels): transposed in registers into one row of six positions per channel, the
    /// bias added, each row stored with a four- and a two-lane store (lane by lane for a
    /// last tile of fewer positions).
    @inline(__always)
    fileprivate static func writeRows(
        _ v: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>), _ out: Rows,
        first: Int
    ) {
        let channels = out.channels - first
        guard channels > 0 else { return }
        @inline(__always) func emit(_ c: Int, _ sums: SIMD8<Float>) {
            guard c < channels else { return }
            var row = sums
            if let bias = out.bias { row += SIMD8(repeating: bias[first + c]) }
            let target = out.rows + (first + c) * out.rowStride
            if out.count == tilePositions {
                UnsafeMutableRawPointer(target).storeBytes(of: row.lowHalf, as: SIMD4<Float>.self)
                UnsafeMutableRawPointer(target + 4).storeBytes(of: SIMD2(row[4], row[5]), as: SIMD2<Float>.self)
            } else {
                for i in 0..<out.count { target[i] = row[i] }
            }
        }
        let r = transposed(v)
        emit(0, r.0); emit(1, r.1); emit(2, r.2); emit(3, r.3)
        emit(4, r.4); emit(5, r.5); emit(6, r.6); emit(7, r.7)
    }

    /// Eight channels' rows of six positions (lanes 6 and 7 zero) from six positions'
    /// vectors of eight channels: the 8x8 transpose with two zero columns, in unpacks.
    @inline(__always)
    static func transposed(
        _ v: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>)
    ) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
        #if arch(x86_64)
        func pairs(_ a: SIMD8<Float>, _ b: SIMD8<Float>, high: Bool) -> SIMD8<Float> {
            let (x, y) = (unsafeBitCast(a, to: __m256d.self), unsafeBitCast(b, to: __m256d.self))
            return unsafeBitCast(high ? _mm256_unpackhi_pd(x, y) : _mm256_unpacklo_pd(x, y), to: SIMD8<Float>.self)
        }
        let t0 = _mm256_unpacklo_ps(v.0, v.1), t1 = _mm256_unpackhi_ps(v.0, v.1)
        let t2 = _mm256_unpacklo_ps(v.2, v.3), t3 = _mm256_unpackhi_ps(v.2, v.3)
        let t4 = _mm256_unpacklo_ps(v.4, v.5), t5 = _mm256_unpackhi_ps(v.4, v.5)
        let zero = SIMD8<Float>()
        let s0 = pairs(t0, t2, high: false), s1 = pairs(t0, t2, high: true)
        let s2 = pairs(t1, t3, high: false), s3 = pairs(t1, t3, high: true)
        let u0 = pairs(t4, zero, high: false), u1 = pairs(t4, zero, high: true)
        let u2 = pairs(t5, zero, high: false), u3 = pairs(t5, zero, high: true)
        return (SIMD8(lowHalf: s0.lowHalf, highHalf: u0.lowHalf), SIMD8(lowHalf: s1.lowHalf, highHalf: u1.lowHalf),
                SIMD8(lowHalf: s2.lowHalf, highHalf: u2.lowHalf), SIMD8(lowHalf: s3.lowHalf, highHalf: u3.lowHalf),
                SIMD8(lowHalf: s0.highHalf, highHalf: u0.highHalf), SIMD8(lowHalf: s1.highHalf, highHalf: u1.highHalf),
                SIMD8(lowHalf: s2.highHalf, highHalf: u2.highHalf), SIMD8(lowHalf: s3.highHalf, highHalf: u3.highHalf))
        #else
        func row(_ c: Int) -> SIMD8<Float> { SIMD8(v.0[c], v.1[c], v.2[c], v.3[c], v.4[c], v.5[c], 0, 0) }
        return (row(0), row(1), row(2), row(3), row(4), row(5), row(6), row(7))
        #endif
    }
}
