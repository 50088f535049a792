import ConvSIMD

/// The planes of ``DirectTransposedConvolution`` when no two products meet in one output
/// element: in every dimension the dilated kernel spans less than a stride
/// (`(kernel - 1) * dilation < stride`, as the articles' `k3 s3` and U-Net's `k2 s2`),
/// so taps `k1 < k2` would meet only where `(i1 - i2) * stride = (k2 - k1) * dilation`,
/// a multiple of the stride below it.
///
/// Each output element is then the lowered route's `0 + x * w` (a product rounded once,
/// a negative zero made positive by the sum) and the bias after it, or `0 + bias` where
/// no tap reaches. Rather than zeroing a row and adding taps into it, a row is written
/// once: the input row it reads is *stretched* to the output's width (each output
/// column holding the input value its tap reads, zero where none does), the kernel rows
/// likewise once per plane, and the row is their element-wise product, a loop that
/// vectorises (on AVX2 in float32, ``ElementwiseProductAVX2``). A stretched input row
/// serves every kernel row that reads it. Where the kernel tiles the width in float32 on
/// AVX2, a row is written straight from its input row instead (see
/// ``RepeatedRows``), with no stretched rows.
extension DirectTransposedConvolution {
    /// Whether every output element of `g` takes at most one product (see the
    /// extension's documentation).
    static func tapsAreDisjoint(_ g: ConvGeometry) -> Bool {
        (0..<3).allSatisfy { (g.kernel[$0] - 1) * g.dilation[$0] < g.stride[$0] }
    }

    /// The scratch ``fillDisjointPlane(input:weight:bias:output:_:_:scratch:tiledRows:_:)`` needs,
    /// in elements: every kernel row stretched and one input row stretched, or every
    /// kernel row's period where the width is tiled.
    static func disjointScratchCount(_ p: PlaneSizes, tiledWidth: Bool) -> Int {
        tiledWidth ? tiledScratchCount(p) : (p.kernelDepth * p.kernelHeight + 1) * p.outWidth
    }

    /// One output plane whose taps are disjoint, row by row; false when cancelled part way.
    @inline(__always)
    static func fillDisjointPlane<T: BLASScalar>(
        input: UnsafePointer<T>, weight: UnsafePointer<T>, bias: T?, output: UnsafeMutablePointer<T>,
        _ p: PlaneSizes, _ tables: TapTables, scratch: UnsafeMutablePointer<T>, tiledRows: RepeatedRows?,
        _ cancellation: CancellationFlag?
    ) -> Bool {
        if let tiledRows {
            return fillTiledPlane(tiledRows, input: floats(reading: input), weight: floats(reading: weight),
                                  bias: bias.map { unsafeBitCast($0, to: Float.self) }, output: floats(output), p, tables,
                                  lanes: floats(scratch), cancellation)
        }
        let (outWidth, width, kernelHeight, stride) = (p.outWidth, p.width, p.kernelHeight, p.stride)
        let kernelRows = scratch, stretched = scratch + p.kernelDepth * kernelHeight * outWidth
        // Output columns no tap reaches stay zero in both stretched rows; the others are
        // written at the stride, one kernel column after another.
        scratch.update(repeating: 0, count: disjointScratchCount(p, tiledWidth: false))
        for r in 0..<(p.kernelDepth * kernelHeight) {
            let taps = weight + r * p.kernelWidth, target = kernelRows + r * outWidth
            for kw in 0..<p.kernelWidth {
                let (shift, low, high) = tables.widthTap(kw)
                spread(repeating: taps[kw], from: low, to: high, into: target + shift, stride: stride)
            }
        }
        let untouched: T = bias.map { 0 + $0 } ?? 0
        var stretchedRow = -1
        var row = output
        for r in 0..<(p.outDepth * p.outHeight) {
            if cancellation?.isCancelled == true { return false }
            let (inputRow, kernelRow) = (tables.disjointRows[2 * r], tables.disjointRows[2 * r + 1])
            if inputRow >= 0 {
                if inputRow != stretchedRow {
                    let source = input + inputRow * width
                    for kw in 0..<p.kernelWidth {
                        let (shift, low, high) = tables.widthTap(kw)
                        spread(source, from: low, to: high, into: stretched + shift, stride: stride)
                    }
                    stretchedRow = inputRow
                }
                let taps = kernelRows + kernelRow * outWidth
                if T.self == Float.self && SIMDSupport.haswell {
                    ElementwiseProductAVX2.products(floats(stretched), floats(taps), count: outWidth,
                                                    bias: bias.map { unsafeBitCast($0, to: Float.self) },
                                                    into: floats(row))
                } else if let bias {
                    for c in 0..<outWidth { row[c] = (stretched[c] * taps[c] + 0) + bias }
                } else {
                    for c in 0..<outWidth { row[c] = stretched[c] * taps[c] + 0 }
                }
            } else {
                row.update(repeating: untouched, count: outWidth)
            }
            row += outWidth
        }
        return true
    }

    /// `target[x * stride] = source[x]` for `first <= x < end`.
    @inline(__always)
    private static func spread<T>(
        _ source: UnsafePointer<T>, from first: Int, to end: Int, into target: UnsafeMutablePointer<T>, stride: Int
    ) {
        guard first < end else { return }
        var t = target + first &* stride
        for x in first..<end {
            t.pointee = source[x]
            t += stride
        }
    }

    /// `target[x * stride] = value` for `first <= x < end`.
    @inline(__always)
    private static func spread<T>(
        repeating value: T, from first: Int, to end: Int, into target: UnsafeMutablePointer<T>, stride: Int
    ) {
        guard first < end else { return }
        var t = target + first &* stride
        for _ in first..<end {
            t.pointee = value
            t += stride
        }
    }

    /// `pointer` as float32, for ConvSIMD's kernels.
    @inline(__always)
    static func floats<T>(_ pointer: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: Float.self)
    }

    @inline(__always)
    static func floats<T>(reading pointer: UnsafePointer<T>) -> UnsafePointer<Float> {
        UnsafeRawPointer(pointer).assumingMemoryBound(to: Float.self)
    }
}
