/// Float32 depthwise kernels for AVX2 + FMA, one plane at a time (the caller spreads
/// planes over threads and sees cancellation between calls).
///
/// Every sum is `bias`, then each kernel tap that reads inside the source, in order
/// (kernel rows, then kernel columns), added with a fused multiply-add (`addProduct`: one
/// rounding per tap); taps over the padding are left out, as oneDNN leaves them. That is not a
/// matrix product's order, so ConvEngine uses these kernels only where PyTorch itself runs
/// oneDNN. The order does not depend on the blocking, so the unrolled 3x3 path and the
/// general one agree to the bit, and so does any split of the work over threads.
///
/// Source rows are first copied, zero-padded, into a small ring in the caller's scratch
/// (``DepthwisePlane/scratchCount`` floats): the loops then read whole groups of eight
/// columns, masking taps only in the groups at the edges, and each source row is read
/// from memory once.
public enum DepthwiseAVX2: UnalignedLanes {
    /// Output rows `rows` of one plane of `output = correlate(source, weight) + bias`.
    /// - Parameters:
    ///   - source: `[plane.sourceHeight, plane.sourceWidth]`.
    ///   - weight: `[plane.kernelHeight, plane.kernelWidth]`.
    ///   - output: `[plane.height, plane.width]`; rows `rows` are overwritten.
    ///   - scratch: ``DepthwisePlane/scratchCount`` floats, overwritten.
    public static func correlate(
        source: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: Float, output: UnsafeMutablePointer<Float>,
        plane p: DepthwisePlane, rows: Range<Int>, scratch: UnsafeMutablePointer<Float>
    ) {
        var ring = PaddedRows(source: source, plane: p, scratch: scratch, first: rows.lowerBound)
        let reach = (p.kernelHeight - 1) * p.dilationHeight
        let (innerRows, innerColumns) = (p.innerRows, p.innerColumns)
        var oh = rows.lowerBound
        while oh < rows.upperBound {
            // Blocks of four rows inside the source; rows at the edges one at a time.
            let count = p.isDense3x3 && innerRows.contains(oh)
                ? min(DepthwisePlane.blockRows, rows.upperBound - oh, innerRows.upperBound - oh) : 1
            ring.fill(through: oh + count - 1 + reach)
            if count == 4 {
                fourRows3x3(ring, weight: weight, bias: bias, output: output + oh * p.width, firstRow: oh,
                            innerColumns: innerColumns)
            } else {
                for r in oh..<(oh + count) {
                    oneRow(ring, weight: weight, bias: bias, output: output + r * p.width, row: r,
                           innerColumns: innerColumns)
                }
            }
            oh += count
        }
    }

    /// One output row, any kernel: the kernel rows inside the source, each tap masked to
    /// the columns it reads inside the source in the groups of eight that need it.
    @inline(__always)
    private static func oneRow(
        _ ring: PaddedRows, weight: UnsafePointer<Float>, bias: Float, output: UnsafeMutablePointer<Float>, row oh: Int,
        innerColumns: Range<Int>
    ) {
        let p = ring.plane
        var c = 0
        while c < p.width {
            let inner = c >= innerColumns.lowerBound && c + 8 <= innerColumns.upperBound
            var a = SIMD8<Float>(repeating: bias)
            for kh in 0..<p.kernelHeight where p.rows(kh).contains(oh) {
                let source = ring.row(oh + kh * p.dilationHeight) + c
                for kw in 0..<p.kernelWidth {
                    let w = SIMD8<Float>(repeating: weight[kh * p.kernelWidth + kw])
                    let x = load(source + kw * p.dilationWidth)
                    if inner {
                        a.addProduct(w, x)
                    } else {
                        a = a.blended(with: a.addingProduct(w, x), where: p.lanes(column: c, kw))
                    }
                }
            }
            store(a, output, column: c, width: p.width)
            c += 8
        }
    }

    /// Four output rows of a dense 3x3 kernel whose kernel rows all lie inside the
    /// source: the six source rows they read are loaded once per group of columns, the
    /// nine weights stay in registers; groups of columns at the edges mask their taps
    /// (``fourRows3x3Edge(_:weight:bias:output:firstRow:column:)``, out of line).
    @inline(__always)
    private static func fourRows3x3(
        _ ring: PaddedRows, weight: UnsafePointer<Float>, bias: Float, output: UnsafeMutablePointer<Float>, firstRow oh: Int,
        innerColumns: Range<Int>
    ) {
        let w0 = SIMD8<Float>(repeating: weight[0]), w1 = SIMD8<Float>(repeating: weight[1])
        let w2 = SIMD8<Float>(repeating: weight[2]), w3 = SIMD8<Float>(repeating: weight[3])
        let w4 = SIMD8<Float>(repeating: weight[4]), w5 = SIMD8<Float>(repeating: weight[5])
        let w6 = SIMD8<Float>(repeating: weight[6]), w7 = SIMD8<Float>(repeating: weight[7])
        let w8 = SIMD8<Float>(repeating: weight[8])
        let s0 = ring.row(oh), s1 = ring.row(oh + 1), s2 = ring.row(oh + 2)
        let s3 = ring.row(oh + 3), s4 = ring.row(oh + 4), s5 = ring.row(oh + 5)
        let width = ring.plane.width
        // Groups of columns at the left edge, then the inner ones (no call in their loop,
        // so the weights stay in registers), then those at the right edge.
        var c = 0
        while c < width, c < innerColumns.lowerBound || c + 8 > innerColumns.upperBound {
            fourRows3x3Edge(ring, weight: weight, bias: bias, output: output, firstRow: oh, column: c)
            c += 8
        }
        while c + 8 <= innerColumns.upperBound {
            var a0 = SIMD8<Float>(repeating: bias), a1 = a0, a2 = a0, a3 = a0
            // Source row j is kernel row j - r of output row r; each output adds its taps in order.
            var x0 = load(s0 + c), x1 = load(s0 + c + 1), x2 = load(s0 + c + 2)
            taps(&a0, x0, x1, x2, w0, w1, w2)
            x0 = load(s1 + c); x1 = load(s1 + c + 1); x2 = load(s1 + c + 2)
            taps(&a0, x0, x1, x2, w3, w4, w5); taps(&a1, x0, x1, x2, w0, w1, w2)
            x0 = load(s2 + c); x1 = load(s2 + c + 1); x2 = load(s2 + c + 2)
            taps(&a0, x0, x1, x2, w6, w7, w8); taps(&a1, x0, x1, x2, w3, w4, w5); taps(&a2, x0, x1, x2, w0, w1, w2)
            x0 = load(s3 + c); x1 = load(s3 + c + 1); x2 = load(s3 + c + 2)
            taps(&a1, x0, x1, x2, w6, w7, w8); taps(&a2, x0, x1, x2, w3, w4, w5); taps(&a3, x0, x1, x2, w0, w1, w2)
            x0 = load(s4 + c); x1 = load(s4 + c + 1); x2 = load(s4 + c + 2)
            taps(&a2, x0, x1, x2, w6, w7, w8); taps(&a3, x0, x1, x2, w3, w4, w5)
            x0 = load(s5 + c); x1 = load(s5 + c + 1); x2 = load(s5 + c + 2)
            taps(&a3, x0, x1, x2, w6, w7, w8)
            UnsafeMutableRawPointer(output + c).storeBytes(of: a0, as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(output + width + c).storeBytes(of: a1, as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(output + 2 * width + c).storeBytes(of: a2, as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(output + 3 * width + c).storeBytes(of: a3, as: SIMD8<Float>.self)
            c += 8
        }
        while c < width {
            fourRows3x3Edge(ring, weight: weight, bias: bias, output: output, firstRow: oh, column: c)
            c += 8
        }
    }

    /// The group of columns from `column` of ``fourRows3x3(_:weight:bias:output:firstRow:innerColumns:)``
    /// at an edge: the same sums, in the same order, with each tap masked to the lanes
    /// that read inside the source.
    @inline(never)
    private static func fourRows3x3Edge(
        _ ring: PaddedRows, weight: UnsafePointer<Float>, bias: Float, output: UnsafeMutablePointer<Float>, firstRow oh: Int,
        column c: Int
    ) {
        let p = ring.plane
        let masks = (p.lanes(column: c, 0), p.lanes(column: c, 1), p.lanes(column: c, 2))
        var sums = (SIMD8<Float>(repeating: bias), SIMD8<Float>(repeating: bias),
                    SIMD8<Float>(repeating: bias), SIMD8<Float>(repeating: bias))
        /// Adds kernel row `kh`'s taps, read from source row `oh + r + kh`, to output row `r`.
        func add(_ sum: inout SIMD8<Float>, row r: Int, kernelRow kh: Int) {
            let source = ring.row(oh + r + kh) + c
            let w = weight + 3 * kh
            sum = sum.blended(with: sum.addingProduct(SIMD8(repeating: w[0]), load(source)), where: masks.0)
            sum = sum.blended(with: sum.addingProduct(SIMD8(repeating: w[1]), load(source + 1)), where: masks.1)
            sum = sum.blended(with: sum.addingProduct(SIMD8(repeating: w[2]), load(source + 2)), where: masks.2)
        }
        for kh in 0..<3 {
            add(&sums.0, row: 0, kernelRow: kh); add(&sums.1, row: 1, kernelRow: kh)
            add(&sums.2, row: 2, kernelRow: kh); add(&sums.3, row: 3, kernelRow: kh)
        }
        store(sums.0, output, column: c, width: p.width)
        store(sums.1, output + p.width, column: c, width: p.width)
        store(sums.2, output + 2 * p.width, column: c, width: p.width)
        store(sums.3, output + 3 * p.width, column: c, width: p.width)
    }

    /// `sum += wa * xa; sum += wb * xb; sum += wc * xc`, each fused.
    @inline(__always)
    private static func taps(
        _ sum: inout SIMD8<Float>, _ xa: SIMD8<Float>, _ xb: SIMD8<Float>, _ xc: SIMD8<Float>,
        _ wa: SIMD8<Float>, _ wb: SIMD8<Float>, _ wc: SIMD8<Float>
    ) {
        sum.addProduct(wa, xa)
        sum.addProduct(wb, xb)
        sum.addProduct(wc, xc)
    }

    /// Columns `column ..< min(column + 8, width)` of `row`.
    @inline(__always)
    private static func store(_ v: SIMD8<Float>, _ row: UnsafeMutablePointer<Float>, column: Int, width: Int) {
        if column + 8 <= width {
            UnsafeMutableRawPointer(row + column).storeBytes(of: v, as: SIMD8<Float>.self)
        } else {
            storePart(v, row, column: column, width: width)
        }
    }

    /// Columns `column ..< width` (fewer than eight) of `row`, out of line so that the
    /// loops keep whole vectors.
    @inline(never)
    private static func storePart(_ v: SIMD8<Float>, _ row: UnsafeMutablePointer<Float>, column: Int, width: Int) {
        for lane in 0..<(width - column) { row[column + lane] = v[lane] }
    }
}
