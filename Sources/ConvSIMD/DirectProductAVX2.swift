/// The product of a direct convolution for AVX2 + FMA: sixteen output channels at six
/// output positions, each sum read straight from the (padded) input through a table of
/// offsets, so there is no lowered matrix and no packing of it.
///
/// `result[i * 16 + r] = sum_k a[k * 16 + r] * positions.i[offsets[k]]`: `A` is the
/// weight packed as `[depth][16]` (one block of sixteen output channels), position `i`'s
/// pointer is the corner of its receptive field, and `offsets[k]` the input element of
/// depth step `k` (an input channel and a kernel tap) from that corner.
///
/// The tile is 16 channels by 6 positions: twelve ymm accumulators, two loads of `A` and
/// six broadcasts of the input per depth step, one fused multiply-add per product, the
/// depth added in order.
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

    /// One tile over the whole depth: `result[i * 16 + r]` (position `i`, channel `r`)
    /// overwritten with `sum_k a[k * 16 + r] * positions.i[offsets[k]]`, `k` in order.
    /// - Parameters:
    ///   - positions: each readable at every offset.
    ///   - offsets: `depth` element offsets from a position's pointer.
    ///   - a: `depth * 16` floats.
    ///   - result: 96 floats, overwritten.
    public static func tile(
        positions p: Positions, offsets: UnsafePointer<Int>, depth: Int, a: UnsafePointer<Float>,
        result: UnsafeMutablePointer<Float>
    ) {
        var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
        var c20 = SIMD8<Float>(), c21 = SIMD8<Float>(), c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
        var c40 = SIMD8<Float>(), c41 = SIMD8<Float>(), c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
        var pa = a
        for k in 0..<depth {
            let o = offsets[k]
            let a0 = load(pa), a1 = load(pa + 8)
            var x = SIMD8<Float>(repeating: p.0[o])
            c00.addProduct(a0, x); c01.addProduct(a1, x)
            x = SIMD8<Float>(repeating: p.1[o])
            c10.addProduct(a0, x); c11.addProduct(a1, x)
            x = SIMD8<Float>(repeating: p.2[o])
            c20.addProduct(a0, x); c21.addProduct(a1, x)
            x = SIMD8<Float>(repeating: p.3[o])
            c30.addProduct(a0, x); c31.addProduct(a1, x)
            x = SIMD8<Float>(repeating: p.4[o])
            c40.addProduct(a0, x); c41.addProduct(a1, x)
            x = SIMD8<Float>(repeating: p.5[o])
            c50.addProduct(a0, x); c51.addProduct(a1, x)
            pa += tileChannels
        }
        store(c00, result); store(c01, result + 8); store(c10, result + 16); store(c11, result + 24)
        store(c20, result + 32); store(c21, result + 40); store(c30, result + 48); store(c31, result + 56)
        store(c40, result + 64); store(c41, result + 72); store(c50, result + 80); store(c51, result + 88)
    }
}
