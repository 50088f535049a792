extension DepthwiseAVX2 {
    /// Adds one plane's share of a depthwise weight gradient to eight running sums per
    /// kernel tap: for output rows `rows`, `lanes[tap * 8 + l] += image(window of tap)
    /// * gradOutput` over the output columns `ow` with `ow % 8 == l` where the tap reads
    /// inside the image (padding left out, never multiplied), one fused multiply-add per
    /// product, in order of rows then columns whatever the kernel.
    /// ``sumLanes(_:taps:into:)`` finishes the gradient.
    /// - Parameters:
    ///   - image: the convolution's input plane, `[plane.sourceHeight, plane.sourceWidth]`.
    ///   - gradOutput: the output's gradient, `[plane.height, plane.width]`.
    ///   - plane: the forward convolution's plane.
    ///   - scratch: ``DepthwisePlane/scratchCount`` floats, overwritten.
    ///   - lanes: `8 * kernelHeight * kernelWidth` running sums, updated.
    public static func accumulateWeightGradient(
        image: UnsafePointer<Float>, gradOutput: UnsafePointer<Float>, plane p: DepthwisePlane, rows: Range<Int>,
        scratch: UnsafeMutablePointer<Float>, lanes: UnsafeMutablePointer<Float>
    ) {
        var ring = PaddedRows(source: image, plane: p, scratch: scratch, first: rows.lowerBound)
        let reach = (p.kernelHeight - 1) * p.dilationHeight
        let (innerRows, innerColumns) = (p.innerRows, p.innerColumns)
        /// The output's gradient at columns `c ..< c + 8` of `row` (zeros past the last column).
        @inline(__always) func gradient(_ row: UnsafePointer<Float>, _ c: Int) -> SIMD8<Float> {
            c + 8 <= p.width ? load(row + c) : partial(row + c, count: p.width - c)
        }
        @inline(__always) func inner(_ c: Int) -> Bool { c >= innerColumns.lowerBound && c + 8 <= innerColumns.upperBound }
        let sums = UnsafeMutableRawPointer(lanes)
        func lane(_ tap: Int) -> SIMD8<Float> { sums.loadUnaligned(fromByteOffset: tap * 32, as: SIMD8<Float>.self) }
        func keep(_ t: SIMD8<Float>, _ tap: Int) { sums.storeBytes(of: t, toByteOffset: tap * 32, as: SIMD8<Float>.self) }
        // Dense 3x3 rows whose kernel rows all lie inside the image keep the nine sums in
        // registers, from the first such row of the slice to the last.
        let first = max(rows.lowerBound, innerRows.lowerBound), end = min(rows.upperBound, innerRows.upperBound)
        let dense = p.isDense3x3 && first < end ? first..<end : rows.upperBound..<rows.upperBound
        for oh in rows.lowerBound..<dense.lowerBound {
            ring.fill(through: oh + reach)
            generalRow(ring, gradOutput + oh * p.width, row: oh, innerColumns: innerColumns, lanes: lanes)
        }
        if !dense.isEmpty {
            var t0 = lane(0), t1 = lane(1), t2 = lane(2), t3 = lane(3), t4 = lane(4)
            var t5 = lane(5), t6 = lane(6), t7 = lane(7), t8 = lane(8)
            for oh in dense {
                ring.fill(through: oh + reach)
                let s0 = ring.row(oh), s1 = ring.row(oh + 1), s2 = ring.row(oh + 2)
                let gy = gradOutput + oh * p.width
                var c = 0
                while c < p.width {
                    let g = gradient(gy, c)
                    if inner(c) {
                        t0.addProduct(load(s0 + c), g); t1.addProduct(load(s0 + c + 1), g); t2.addProduct(load(s0 + c + 2), g)
                        t3.addProduct(load(s1 + c), g); t4.addProduct(load(s1 + c + 1), g); t5.addProduct(load(s1 + c + 2), g)
                        t6.addProduct(load(s2 + c), g); t7.addProduct(load(s2 + c + 1), g); t8.addProduct(load(s2 + c + 2), g)
                    } else {
                        let m0 = p.lanes(column: c, 0), m1 = p.lanes(column: c, 1), m2 = p.lanes(column: c, 2)
                        t0 = t0.blended(with: t0.addingProduct(load(s0 + c), g), where: m0)
                        t1 = t1.blended(with: t1.addingProduct(load(s0 + c + 1), g), where: m1)
                        t2 = t2.blended(with: t2.addingProduct(load(s0 + c + 2), g), where: m2)
                        t3 = t3.blended(with: t3.addingProduct(load(s1 + c), g), where: m0)
                        t4 = t4.blended(with: t4.addingProduct(load(s1 + c + 1), g), where: m1)
                        t5 = t5.blended(with: t5.addingProduct(load(s1 + c + 2), g), where: m2)
                        t6 = t6.blended(with: t6.addingProduct(load(s2 + c), g), where: m0)
                        t7 = t7.blended(with: t7.addingProduct(load(s2 + c + 1), g), where: m1)
                        t8 = t8.blended(with: t8.addingProduct(load(s2 + c + 2), g), where: m2)
                    }
                    c += 8
                }
            }
            keep(t0, 0); keep(t1, 1); keep(t2, 2); keep(t3, 3); keep(t4, 4)
            keep(t5, 5); keep(t6, 6); keep(t7, 7); keep(t8, 8)
        }
        for oh in dense.upperBound..<rows.upperBound {
            ring.fill(through: oh + reach)
            generalRow(ring, gradOutput + oh * p.width, row: oh, innerColumns: innerColumns, lanes: lanes)
        }
    }

    /// One output row of a weight gradient, any kernel: tap by tap over the kernel rows
    /// inside the image, the sums in memory.
    @inline(__always)
    private static func generalRow(
        _ ring: PaddedRows, _ gy: UnsafePointer<Float>, row oh: Int, innerColumns: Range<Int>,
        lanes: UnsafeMutablePointer<Float>
    ) {
        let p = ring.plane
        for kh in 0..<p.kernelHeight where p.rows(kh).contains(oh) {
            let source = ring.row(oh + kh * p.dilationHeight)
            for kw in 0..<p.kernelWidth {
                let s = source + kw * p.dilationWidth
                let sum = UnsafeMutableRawPointer(lanes + (kh * p.kernelWidth + kw) * 8)
                var t = sum.loadUnaligned(as: SIMD8<Float>.self)
                var c = 0
                while c < p.width {
                    let g = c + 8 <= p.width ? load(gy + c) : partial(gy + c, count: p.width - c)
                    if c >= innerColumns.lowerBound && c + 8 <= innerColumns.upperBound {
                        t.addProduct(load(s + c), g)
                    } else {
                        t = t.blended(with: t.addingProduct(load(s + c), g), where: p.lanes(column: c, kw))
                    }
                    c += 8
                }
                sum.storeBytes(of: t, as: SIMD8<Float>.self)
            }
        }
    }

    /// `gradWeight[tap] = ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7))` of the tap's
    /// eight running sums.
    public static func sumLanes(_ lanes: UnsafePointer<Float>, taps: Int, into gradWeight: UnsafeMutablePointer<Float>) {
        for tap in 0..<taps {
            let l = lanes + tap * 8
            gradWeight[tap] = ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]))
        }
    }

    /// The first `count` (< 8) floats at `p`, then zeros.
    @inline(__always)
    private static func partial(_ p: UnsafePointer<Float>, count: Int) -> SIMD8<Float> {
        var v = SIMD8<Float>()
        for lane in 0..<count { v[lane] = p[lane] }
        return v
    }
}
