import ConvSIMD

/// The rows of ``DirectTransposedConvolution``'s disjoint planes when the kernel *tiles*
/// the width (kernel width equal to the stride, dilation 1: the U-Net's `k2 s2`, the
/// articles' `k3 s3`), in float32 on AVX2: every output column of a row that a kernel row
/// reaches holds one product, input column `m / s` times kernel column `m % s` with
/// `m = c + padding`, written straight from the input row by ``RepeatedRows`` (blocks of
/// eight input columns through ``RepeatedProductAVX2``), with no stretched rows.
///
/// The rows' layout is worked out once per call and each row's tap once per call
/// (``TapTables/disjointRows``); a plane's rows go to ``RepeatedRows`` in runs of about
/// ``tiledRunFloats`` output floats, with cancellation seen between runs.
extension DirectTransposedConvolution {
    /// The output floats written between two looks at the cancellation flag.
    static let tiledRunFloats = 1 << 14

    /// The layout ``fillDisjointPlane(input:weight:bias:output:_:_:scratch:tiledRows:_:)``
    /// writes `T` rows of `g` with, where it does: float32 on AVX2, kernel width equal to
    /// the stride, dilation 1, a stride ``RepeatedProductAVX2`` takes.
    static func tiledRows<T>(_ g: ConvGeometry, _: T.Type) -> RepeatedRows? {
        guard T.self == Float.self && SIMDSupport.haswell && g.kernel[2] == g.stride[2] && g.dilation[2] == 1
            && RepeatedProductAVX2.supports(repeats: g.stride[2]) else { return nil }
        return RepeatedRows(repeats: g.stride[2], width: g.columnSize[2], outWidth: g.imageSize[2],
                            padding: g.paddingBefore[2])
    }

    /// The floats of every kernel row's period (``RepeatedProductAVX2/kernelLanes(_:repeats:into:)``).
    static func tiledScratchCount(_ p: PlaneSizes) -> Int { p.kernelDepth * p.kernelHeight * 8 * p.stride }

    /// One tiled plane: every kernel row's period into `lanes`, then the rows in runs;
    /// false when cancelled part way.
    static func fillTiledPlane(
        _ rows: RepeatedRows, input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: Float?,
        output: UnsafeMutablePointer<Float>, _ p: PlaneSizes, _ tables: TapTables, lanes: UnsafeMutablePointer<Float>,
        _ cancellation: CancellationFlag?
    ) -> Bool {
        for r in 0..<(p.kernelDepth * p.kernelHeight) {
            RepeatedProductAVX2.kernelLanes(weight + r * p.kernelWidth, repeats: p.stride, into: lanes + r * 8 * p.stride)
        }
        let count = p.outDepth * p.outHeight
        let run = max(1, tiledRunFloats / max(p.outWidth, 1))
        for first in stride(from: 0, to: count, by: run) {
            if cancellation?.isCancelled == true { return false }
            rows.write(rows: first..<min(count, first + run), taps: tables.disjointRows, input: input, weight: weight,
                       kernelLanes: lanes, bias: bias, plane: output, planeCount: p.outputPlane)
        }
        return true
    }
}
