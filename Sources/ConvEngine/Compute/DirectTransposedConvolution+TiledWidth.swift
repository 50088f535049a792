import ConvSIMD

/// The rows of ``DirectTransposedConvolution``'s disjoint planes when the kernel *tiles*
/// the width (kernel width equal to the stride, dilation 1: the U-Net's `k2 s2`, the
/// articles' `k3 s3`), in float32 on AVX2: every output column of a row that a kernel row
/// reaches holds one product, input column `m / s` times kernel column `m % s` with
/// `m = c + padding`, written straight from the input row by ``RepeatedProductAVX2`` in
/// blocks of eight input columns, with no stretched rows.
///
/// A row's columns before its first whole input are written one by one. Its blocks may
/// run past the row into the rows after it in the plane, which are written later, so a
/// block is stored whole wherever it stays inside the plane; the row's last block is the
/// last eight inputs (rewriting some columns with the same values), or, where even that
/// would leave the plane, its columns are written one by one.
extension DirectTransposedConvolution {
    /// Whether ``fillDisjointPlane(input:weight:bias:output:_:_:scratch:tiledWidth:_:)``
    /// writes `T` rows of `g` this way: float32 on AVX2, kernel width equal to the stride,
    /// dilation 1, a stride ``RepeatedProductAVX2`` takes.
    static func widthIsTiled<T>(_ g: ConvGeometry, _: T.Type) -> Bool {
        T.self == Float.self && SIMDSupport.haswell && g.kernel[2] == g.stride[2] && g.dilation[2] == 1
            && RepeatedProductAVX2.supports(repeats: g.stride[2])
    }

    /// The floats of every kernel row's period (``RepeatedProductAVX2/kernelLanes(_:repeats:into:)``).
    static func tiledScratchCount(_ p: PlaneSizes) -> Int { p.kernelDepth * p.kernelHeight * 8 * p.stride }

    /// Every kernel row's period of plane `weight` into `lanes`, once per plane.
    static func tiledKernelLanes(_ weight: UnsafePointer<Float>, _ p: PlaneSizes, into lanes: UnsafeMutablePointer<Float>) {
        for r in 0..<(p.kernelDepth * p.kernelHeight) {
            RepeatedProductAVX2.kernelLanes(weight + r * p.kernelWidth, repeats: p.stride, into: lanes + r * 8 * p.stride)
        }
    }
}

/// Where the blocks of a tiled plane's rows go, worked out once per plane (every row
/// reaching an input row has the same columns), and the loop over a plane's rows: a row
/// is its first columns one by one, its whole blocks and last block in one call, and the
/// columns no tap reaches, with no division per row. Rows so near the plane's end that
/// their blocks would leave it take ``writeCarefully(_:taps:lanes:into:writable:)``.
struct TiledRows {
    let stride: Int, width: Int, outWidth: Int
    /// The padding cropped from the row's start.
    let padding: Int
    let bias: Float?
    /// Columns `[0, covered)` take a product; the rest no tap reaches.
    let covered: Int
    /// The first input whose output columns all lie in the row, and its first column.
    let first: Int, start: Int
    /// The whole blocks from `first` the covered columns need, inside the input.
    let blocks: Int
    /// The input's last eight columns as one more block after them, counted from
    /// `first`, where the blocks leave covered columns and the input has eight past `first`.
    let lastBlock: Int?
    /// How far from the row's start its blocks write.
    let reach: Int

    init(_ p: PlaneSizes, padding: Int, bias: Float?) {
        let s = p.stride
        (stride, width, outWidth, self.padding, self.bias) = (s, p.width, p.outWidth, padding, bias)
        covered = max(0, min(p.outWidth, p.width * s - padding))
        first = (padding + s - 1) / s
        start = first * s - padding
        let needed = start < covered ? (covered - start + 8 * s - 1) / (8 * s) : 0
        blocks = max(0, min(needed, (p.width - first) / 8))
        lastBlock = start + 8 * s * blocks < covered && p.width - 8 >= first ? p.width - 8 - first : nil
        reach = max(p.outWidth, lastBlock != nil ? p.width * s - padding : start + 8 * s * blocks)
    }

    /// One plane of ``DirectTransposedConvolution/fillDisjointPlane(input:weight:bias:output:_:_:scratch:tiledWidth:_:)``,
    /// row by row; false when cancelled part way.
    /// - Parameter lanes: every kernel row's period (``DirectTransposedConvolution/tiledKernelLanes(_:_:into:)``).
    func fillPlane(
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, lanes: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, _ p: PlaneSizes, _ tables: TapTables, _ cancellation: CancellationFlag?
    ) -> Bool {
        let untouched = 0 + (bias ?? 0)
        let planeEnd = output + p.outDepth * p.outHeight * outWidth
        var row = output
        for od in 0..<p.outDepth {
            for oh in 0..<p.outHeight {
                if cancellation?.isCancelled == true { return false }
                if let (kernelRow, inputRow) = tables.disjointTap(depth: od, row: oh, p) {
                    write(input + inputRow * width, taps: weight + kernelRow * p.kernelWidth,
                          lanes: lanes + kernelRow * 8 * stride, into: row, writable: planeEnd - row)
                } else {
                    row.update(repeating: untouched, count: outWidth)
                }
                row += outWidth
            }
        }
        return true
    }

    /// One output row, `row[c] = (source[m / s] * taps[m % s] + 0) + bias` for the
    /// columns the input reaches (`m = c + padding`) and `0 + bias` after them.
    /// - Parameters:
    ///   - lanes: the kernel row's period.
    ///   - writable: the floats from `row` to the plane's end, at least the row's width.
    @inline(__always)
    private func write(
        _ source: UnsafePointer<Float>, taps: UnsafePointer<Float>, lanes: UnsafePointer<Float>,
        into row: UnsafeMutablePointer<Float>, writable: Int
    ) {
        guard writable >= reach else {
            return writeCarefully(source, taps: taps, lanes: lanes, into: row, writable: writable)
        }
        let b = bias ?? 0
        // The first columns all read input `first - 1`.
        for c in 0..<min(covered, start) {
            row[c] = (source[first - 1] * taps[c + padding - (first - 1) * stride] + 0) + b
        }
        RepeatedProductAVX2.products(source + first, blocks: blocks, kernelLanes: lanes, repeats: stride, bias: bias,
                                     into: row + start, extraBlock: lastBlock)
        if lastBlock == nil { scalars(source, taps, min(covered, start + 8 * stride * blocks)..<covered, into: row) }
        // The columns past the input's reach (output padding beyond the padding).
        for c in covered..<max(covered, outWidth) { row[c] = 0 + b }
    }

    /// ``write(_:taps:lanes:into:writable:)`` for a row whose blocks may not all stay
    /// inside the plane: as many whole blocks as do, then the last eight inputs as one
    /// block if it does, else the remaining columns one by one.
    private func writeCarefully(
        _ source: UnsafePointer<Float>, taps: UnsafePointer<Float>, lanes: UnsafePointer<Float>,
        into row: UnsafeMutablePointer<Float>, writable: Int
    ) {
        scalars(source, taps, 0..<min(covered, start), into: row)
        let fitting = max(0, min(blocks, (writable - start) / (8 * stride)))
        let lastFits = fitting == blocks && width * stride - padding <= writable
        RepeatedProductAVX2.products(source + first, blocks: fitting, kernelLanes: lanes, repeats: stride, bias: bias,
                                     into: row + start, extraBlock: lastFits ? lastBlock : nil)
        if !(lastFits && lastBlock != nil) {
            scalars(source, taps, min(covered, start + 8 * stride * fitting)..<covered, into: row)
        }
        for c in covered..<max(covered, outWidth) { row[c] = 0 + (bias ?? 0) }
    }

    /// `row[c]` for `c` in `columns`, one by one.
    private func scalars(
        _ source: UnsafePointer<Float>, _ taps: UnsafePointer<Float>, _ columns: Range<Int>,
        into row: UnsafeMutablePointer<Float>
    ) {
        let b = bias ?? 0
        for c in columns {
            let m = c + padding
            row[c] = (source[m / stride] * taps[m % stride] + 0) + b
        }
    }
}
