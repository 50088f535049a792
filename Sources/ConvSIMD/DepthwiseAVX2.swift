/// Float32 depthwise kernels for AVX2 + FMA, one plane at a time (the caller spreads
/// planes over threads and sees cancellation between calls).
///
/// Every sum is `bias`, then each kernel tap in order (kernel rows, then kernel columns)
/// added with a fused multiply-add (`addProduct`: one rounding per tap). That is not a
/// matrix product's order, so ConvEngine uses these kernels only where PyTorch itself runs
/// oneDNN. The order does not depend on the blocking, so the unrolled 3x3 path and the
/// general one agree to the bit, and so does any split of the work over threads.
///
/// Source rows are first copied, zero-padded, into a small ring in the caller's scratch
/// (``DepthwisePlane/scratchCount`` floats): the loops then read whole groups of eight
/// columns with no edge cases, and each source row is read from memory once.
public enum DepthwiseAVX2 {
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
        var oh = rows.lowerBound
        while oh < rows.upperBound {
            let count = min(DepthwisePlane.blockRows, rows.upperBound - oh)
            ring.fill(through: oh + count - 1 + reach)
            if count == 4, p.isDense3x3 {
                fourRows3x3(ring, weight: weight, bias: bias, output: output + oh * p.width, firstRow: oh)
            } else {
                for r in oh..<(oh + count) {
                    oneRow(ring, weight: weight, bias: bias, output: output + r * p.width, row: r)
                }
            }
            oh += count
        }
    }

    /// One output row, any kernel: two groups of eight columns at a time where there are two.
    @inline(__always)
    private static func oneRow(
        _ ring: PaddedRows, weight: UnsafePointer<Float>, bias: Float, output: UnsafeMutablePointer<Float>, row oh: Int
    ) {
        let p = ring.plane
        let end = (p.width + 7) / 8 * 8
        var c = 0
        while c + 16 <= end {
            var a = SIMD8<Float>(repeating: bias), b = a
            for kh in 0..<p.kernelHeight {
                let source = ring.row(oh + kh * p.dilationHeight) + c
                for kw in 0..<p.kernelWidth {
                    let w = SIMD8<Float>(repeating: weight[kh * p.kernelWidth + kw])
                    a.addProduct(w, load(source + kw * p.dilationWidth))
                    b.addProduct(w, load(source + kw * p.dilationWidth + 8))
                }
            }
            store(a, output, column: c, width: p.width)
            store(b, output, column: c + 8, width: p.width)
            c += 16
        }
        if c < end {
            var a = SIMD8<Float>(repeating: bias)
            for kh in 0..<p.kernelHeight {
                let source = ring.row(oh + kh * p.dilationHeight) + c
                for kw in 0..<p.kernelWidth {
                    a.addProduct(SIMD8(repeating: weight[kh * p.kernelWidth + kw]), load(source + kw * p.dilationWidth))
                }
            }
            store(a, output, column: c, width: p.width)
        }
    }

    /// Four output rows of a dense 3x3 kernel: the six source rows they read are loaded
    /// once per group of columns, the nine weights stay in registers.
    @inline(__always)
    private static func fourRows3x3(
        _ ring: PaddedRows, weight: UnsafePointer<Float>, bias: Float, output: UnsafeMutablePointer<Float>, firstRow oh: Int
    ) {
        let p = ring.plane
        let w0 = SIMD8<Float>(repeating: weight[0]), w1 = SIMD8<Float>(repeating: weight[1])
        let w2 = SIMD8<Float>(repeating: weight[2]), w3 = SIMD8<Float>(repeating: weight[3])
        let w4 = SIMD8<Float>(repeating: weight[4]), w5 = SIMD8<Float>(repeating: weight[5])
        let w6 = SIMD8<Float>(repeating: weight[6]), w7 = SIMD8<Float>(repeating: weight[7])
        let w8 = SIMD8<Float>(repeating: weight[8])
        let s0 = ring.row(oh), s1 = ring.row(oh + 1), s2 = ring.row(oh + 2)
        let s3 = ring.row(oh + 3), s4 = ring.row(oh + 4), s5 = ring.row(oh + 5)
        let width = p.width
        /// The four sums of columns `c ..< c + 8`.
        @inline(__always) func sums(_ c: Int) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
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
            return (a0, a1, a2, a3)
        }
        var c = 0
        while c + 8 <= width {
            let (a0, a1, a2, a3) = sums(c)
            UnsafeMutableRawPointer(output + c).storeBytes(of: a0, as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(output + width + c).storeBytes(of: a1, as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(output + 2 * width + c).storeBytes(of: a2, as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(output + 3 * width + c).storeBytes(of: a3, as: SIMD8<Float>.self)
            c += 8
        }
        if c < width {
            let (a0, a1, a2, a3) = sums(c)
            storePart(a0, output, column: c, width: width)
            storePart(a1, output + width, column: c, width: width)
            storePart(a2, output + 2 * width, column: c, width: width)
            storePart(a3, output + 3 * width, column: c, width: width)
        }
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

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
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
