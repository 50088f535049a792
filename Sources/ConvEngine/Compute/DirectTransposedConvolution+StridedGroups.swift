/// The width taps of ``DirectTransposedConvolution`` at a stride of 2, 3 or 4 without
/// dilation, four input columns at a time.
///
/// Kernel columns `j * stride ..< (j + 1) * stride` (a *group*) reach output columns
/// that differ modulo the stride, so each output column gets at most one product from a
/// group, and two products that meet in one output column come from different groups.
/// Group after group, in kernel order, then gives each output column its products in the
/// lowered route's order. Within a full group, four input columns make `4 * stride`
/// consecutive output columns: each input repeated `stride` times (a shuffle) times the
/// group's weights in turn, then added to the row, in vectors; the last one to three
/// such input columns one at a time, all taps of the group for each. The input columns
/// where some tap of the group falls outside the output, and groups the kernel cuts
/// short, are added one tap at a time.
extension DirectTransposedConvolution {
    /// Whether geometry `g`'s width taps go by groups (``TapTables/groupCount``).
    static func groupsWidthTaps(_ g: ConvGeometry) -> Bool {
        (2...4).contains(g.stride[2]) && g.dilation[2] == 1 && g.kernel[2] >= g.stride[2]
    }

    /// Adds one input row's products with the kernel row `taps` to the output `row`, group
    /// by group.
    @inline(__always)
    static func addGroupedTaps<T: BLASScalar>(
        _ taps: UnsafePointer<T>, _ source: UnsafePointer<T>, _ tables: TapTables, stride: Int, kernelWidth: Int,
        to row: UnsafeMutablePointer<T>
    ) {
        for group in 0..<tables.groupCount {
            let first = group * stride, end = min(first + stride, kernelWidth)
            let (interior, vectorEnd, interiorEnd) = tables.groupInterior(group)
            for kw in first..<end {
                let (shift, low, high) = tables.widthTap(kw)
                addTap(taps[kw], source, stride: stride, to: row + shift, from: low, to: min(high, interior))
                addTap(taps[kw], source, stride: stride, to: row + shift, from: max(low, interiorEnd), to: high)
            }
            guard interior < interiorEnd else { continue }
            let out = row + tables.widthTap(first).shift
            addStretched(taps + first, source + interior, stride: stride, to: out + interior * stride,
                         count: vectorEnd - interior)
            for x in vectorEnd..<interiorEnd {
                let value = source[x], target = out + x * stride
                for r in 0..<stride { target[r] += taps[first + r] * value }
            }
        }
    }

    /// `out[stride * i + r] += w[r] * source[i]` for `i < count` (a multiple of 4) and
    /// `r < stride`: the products of one full group, in vectors of four.
    @inline(__always)
    private static func addStretched<T: BLASScalar>(
        _ w: UnsafePointer<T>, _ source: UnsafePointer<T>, stride: Int, to out: UnsafeMutablePointer<T>, count: Int
    ) {
        var i = 0
        switch stride {
        case 2:
            let w01 = SIMD4(w[0], w[1], w[0], w[1])
            while i < count {
                let v = load(source + i), o = out + 2 &* i
                add(SIMD4(v[0], v[0], v[1], v[1]) * w01, to: o)
                add(SIMD4(v[2], v[2], v[3], v[3]) * w01, to: o + 4)
                i &+= 4
            }
        case 3:
            let w0 = SIMD4(w[0], w[1], w[2], w[0]), w1 = SIMD4(w[1], w[2], w[0], w[1]), w2 = SIMD4(w[2], w[0], w[1], w[2])
            while i < count {
                let v = load(source + i), o = out + 3 &* i
                add(SIMD4(v[0], v[0], v[0], v[1]) * w0, to: o)
                add(SIMD4(v[1], v[1], v[2], v[2]) * w1, to: o + 4)
                add(SIMD4(v[2], v[3], v[3], v[3]) * w2, to: o + 8)
                i &+= 4
            }
        default:
            let w0123 = SIMD4(w[0], w[1], w[2], w[3])
            while i < count {
                let v = load(source + i), o = out + 4 &* i
                add(SIMD4(repeating: v[0]) * w0123, to: o)
                add(SIMD4(repeating: v[1]) * w0123, to: o + 4)
                add(SIMD4(repeating: v[2]) * w0123, to: o + 8)
                add(SIMD4(repeating: v[3]) * w0123, to: o + 12)
                i &+= 4
            }
        }
    }

    @inline(__always)
    private static func load<T: BLASScalar>(_ p: UnsafePointer<T>) -> SIMD4<T> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<T>.self)
    }

    /// `p[0..<4] += products`, each element one rounded sum.
    @inline(__always)
    private static func add<T: BLASScalar>(_ products: SIMD4<T>, to p: UnsafeMutablePointer<T>) {
        UnsafeMutableRawPointer(p).storeBytes(of: load(p) + products, as: SIMD4<T>.self)
    }
}
