/// Output rows of a transposed convolution whose width is *tiled* by its kernel (kernel
/// width equal to the stride, dilation 1: the U-Net's `k2 s2`, the articles' `k3 s3`),
/// for AVX2: every output column holds exactly one product, input column `m / s` times
/// kernel column `m % s` (`m` counted from the uncropped output's start), so a row is its
/// input row with each element repeated `s` times, times its kernel row repeated along it.
///
/// Eight input columns give `8 * s` output columns: `s` vectors, each a fixed permutation
/// of the eight (`vpermps`) times one vector of the kernel row's period. A plane's rows
/// are written by ``RepeatedRows``.
public enum RepeatedProductAVX2: UnalignedLanes {
    /// Whether the kernels take stride `repeats`.
    public static func supports(repeats: Int) -> Bool { (2...4).contains(repeats) }

    /// The `8 * repeats` floats of one kernel row's period, `taps[i % repeats]` at `i`:
    /// the kernel vectors ``RepeatedRows`` reads, worked out once per kernel row rather
    /// than per output row.
    public static func kernelLanes(_ taps: UnsafePointer<Float>, repeats: Int, into lanes: UnsafeMutablePointer<Float>) {
        var target = lanes
        for _ in 0..<8 {
            target.update(from: taps, count: repeats)
            target += repeats
        }
    }

    /// `out[8 * s * b + i] = (source[8 * b + i / s] * kernelLanes[i] + 0) + biases` for
    /// `b < blocks`, `i < 8 * s`: the rounded product, then the sums a zeroed output and
    /// its bias give it; then, if `extraBlock` is given, one more block the same way from
    /// `source + extraBlock` to `out + extraBlock * s` (a row's last eight inputs, which
    /// may overlap the blocks before).
    @inline(__always)
    static func products<R: Repetition>(
        _: R.Type, _ source: UnsafePointer<Float>, _ blocks: Int, _ kernelLanes: UnsafePointer<Float>,
        _ biases: SIMD8<Float>, _ out: UnsafeMutablePointer<Float>, _ extraBlock: Int?
    ) {
        let zero = SIMD8<Float>()
        let k0 = load(kernelLanes), k1 = load(kernelLanes + 8)
        let k2 = R.repeats > 2 ? load(kernelLanes + 16) : zero, k3 = R.repeats > 3 ? load(kernelLanes + 24) : zero
        @inline(__always)
        func block(_ x: UnsafePointer<Float>, _ o: UnsafeMutablePointer<Float>) {
            let v = load(x)
            store((R.lanes(v, 0) * k0 + zero) + biases, o)
            store((R.lanes(v, 1) * k1 + zero) + biases, o + 8)
            if R.repeats > 2 { store((R.lanes(v, 2) * k2 + zero) + biases, o + 16) }
            if R.repeats > 3 { store((R.lanes(v, 3) * k3 + zero) + biases, o + 24) }
        }
        var x = source, o = out
        for _ in 0..<blocks {
            block(x, o)
            x += 8
            o += 8 * R.repeats
        }
        if let extraBlock { block(source + extraBlock, out + extraBlock * R.repeats) }
    }
}

/// How one stride repeats eight input columns over `repeats` output vectors; a constant
/// per type, so each vector's permutation is fixed when the kernel is compiled (one
/// `vpermps` or `vpermilps` with a constant index).
protocol Repetition {
    static var repeats: Int { get }
}

extension Repetition {
    /// Output vector `v`'s lanes: input lane `(8 * v + l) / repeats` in lane `l`.
    @inline(__always)
    static func lanes(_ x: SIMD8<Float>, _ v: Int) -> SIMD8<Float> {
        var lanes = SIMD8<Float>()
        for l in 0..<8 { lanes[l] = x[(8 * v + l) / repeats] }
        return lanes
    }
}

enum Twice: Repetition { static var repeats: Int { 2 } }
enum Thrice: Repetition { static var repeats: Int { 3 } }
enum FourTimes: Repetition { static var repeats: Int { 4 } }
