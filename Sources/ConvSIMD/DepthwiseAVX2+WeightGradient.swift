extension DepthwiseAVX2 {
    /// Adds one plane's share of a depthwise weight gradient to eight running sums per
    /// kernel tap: for output rows `rows`, `lanes[tap * 8 + l] += image(window of tap)
    /// * gradOutput` over the output columns `ow` with `ow % 8 == l`, one fused
    /// multiply-add per product, in order of rows then columns whatever the kernel.
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
        let full = p.width / 8 * 8
        // Lanes past the last column read zeros from both operands (never inf * 0).
        let tail = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7) .< Int32(p.width - full)
        if p.isDense3x3 {
            let sums = UnsafeMutableRawPointer(lanes)
            func lane(_ tap: Int) -> SIMD8<Float> { sums.loadUnaligned(fromByteOffset: tap * 32, as: SIMD8<Float>.self) }
            var t0 = lane(0), t1 = lane(1), t2 = lane(2), t3 = lane(3), t4 = lane(4)
            var t5 = lane(5), t6 = lane(6), t7 = lane(7), t8 = lane(8)
            for oh in rows {
                ring.fill(through: oh + reach)
                let s0 = ring.row(oh), s1 = ring.row(oh + 1), s2 = ring.row(oh + 2)
                let gy = gradOutput + oh * p.width
                @inline(__always) func products(_ c: Int, _ g: SIMD8<Float>, masked: Bool) {
                    @inline(__always) func x(_ s: UnsafePointer<Float>) -> SIMD8<Float> {
                        masked ? load(s).replacing(with: 0, where: .!tail) : load(s)
                    }
                    t0.addProduct(x(s0 + c), g); t1.addProduct(x(s0 + c + 1), g); t2.addProduct(x(s0 + c + 2), g)
                    t3.addProduct(x(s1 + c), g); t4.addProduct(x(s1 + c + 1), g); t5.addProduct(x(s1 + c + 2), g)
                    t6.addProduct(x(s2 + c), g); t7.addProduct(x(s2 + c + 1), g); t8.addProduct(x(s2 + c + 2), g)
                }
                var c = 0
                while c < full {
                    products(c, load(gy + c), masked: false)
                    c += 8
                }
                if full < p.width { products(full, partial(gy + full, count: p.width - full), masked: true) }
            }
            func keep(_ t: SIMD8<Float>, _ tap: Int) { sums.storeBytes(of: t, toByteOffset: tap * 32, as: SIMD8<Float>.self) }
            keep(t0, 0); keep(t1, 1); keep(t2, 2); keep(t3, 3); keep(t4, 4)
            keep(t5, 5); keep(t6, 6); keep(t7, 7); keep(t8, 8)
            return
        }
        for oh in rows {
            ring.fill(through: oh + reach)
            let gy = gradOutput + oh * p.width
            for kh in 0..<p.kernelHeight {
                let source = ring.row(oh + kh * p.dilationHeight)
                for kw in 0..<p.kernelWidth {
                    let s = source + kw * p.dilationWidth
                    let sum = UnsafeMutableRawPointer(lanes + (kh * p.kernelWidth + kw) * 8)
                    var t = sum.loadUnaligned(as: SIMD8<Float>.self)
                    var c = 0
                    while c < full {
                        t.addProduct(load(s + c), load(gy + c))
                        c += 8
                    }
                    if full < p.width {
                        t.addProduct(load(s + full).replacing(with: 0, where: .!tail), partial(gy + full, count: p.width - full))
                    }
                    sum.storeBytes(of: t, as: SIMD8<Float>.self)
                }
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
