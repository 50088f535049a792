/// The other product of an implicit lowering, for AVX2 + FMA: the sums over a row's
/// positions, `C += A * Bᵀ`, where row `q` of `B` starts at a row pointer and `A` is
/// packed by position. It is a weight gradient's product (`A` the packed input, one row
/// of `B` per kernel tap and channel of the output gradient): the depth it sums over is
/// the positions, read in segments along the rows of `B` (the grid rows of a padded plane).
///
/// The tile is 16 rows of `A` by 6 rows of `B`: twelve ymm accumulators, two loads of
/// `A` and six broadcasts of `B` per position, one fused multiply-add per product (sixteen
/// registers in all, none spilled).
extension PanelProductAVX2 {
    /// The rows of `A` a tile of ``accumulateRowProducts(rows:rowCount:starts:lengths:segmentCount:a:blocks:result:)``
    /// computes: `A` is packed as `[block][position][16]`.
    public static let rowProductBlock = 16
    /// The rows of `B` a tile takes.
    static let rowProductTile = 6

    /// `result[q * (16 * blocks) + r] += sum over segments s, j < lengths[s] of
    /// a[block][k][r % 16] * rows[q][starts[s] + j]`, for `q < rowCount` and
    /// `r < 16 * blocks` (`block = r / 16`, `k` numbering the segments' positions in
    /// order), each product added in position order.
    /// - Parameters:
    ///   - rows: `rowCount` row pointers of `B`, each readable at every segment's positions.
    ///   - a: `A` packed as `[blocks][positions][16]`, positions the segments' lengths summed.
    ///   - result: `rowCount * 16 * blocks` floats, added to.
    public static func accumulateRowProducts(
        rows: UnsafePointer<UnsafePointer<Float>>, rowCount: Int, starts: UnsafePointer<Int>,
        lengths: UnsafePointer<Int>, segmentCount: Int, a: UnsafePointer<Float>, blocks: Int,
        result: UnsafeMutablePointer<Float>
    ) {
        var positions = 0
        for s in 0..<segmentCount { positions += lengths[s] }
        let pitch = rowProductBlock * blocks
        var q = 0
        while q < rowCount {
            // A last tile of fewer rows repeats its last row and keeps what it needs.
            let count = min(rowProductTile, rowCount - q)
            func row(_ i: Int) -> UnsafePointer<Float> { rows[q + min(i, count - 1)] }
            let tileRows = (row(0), row(1), row(2), row(3), row(4), row(5))
            for block in 0..<blocks {
                rowTile(tileRows, count: count, starts: starts, lengths: lengths, segmentCount: segmentCount,
                        a: a + block * positions * rowProductBlock,
                        result: result + q * pitch + block * rowProductBlock, pitch: pitch)
            }
            q += count
        }
    }

    /// One tile: 16 rows of `A` by six rows of `B` (`count` of them stored).
    private static func rowTile(
        _ rows: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>,
                 UnsafePointer<Float>, UnsafePointer<Float>),
        count: Int, starts: UnsafePointer<Int>, lengths: UnsafePointer<Int>, segmentCount: Int,
        a: UnsafePointer<Float>, result: UnsafeMutablePointer<Float>, pitch: Int
    ) {
        func initial(_ row: Int, _ half: Int) -> SIMD8<Float> {
            row < count ? load(result + row * pitch + half * 8) : .zero
        }
        var c00 = initial(0, 0), c01 = initial(0, 1), c10 = initial(1, 0), c11 = initial(1, 1)
        var c20 = initial(2, 0), c21 = initial(2, 1), c30 = initial(3, 0), c31 = initial(3, 1)
        var c40 = initial(4, 0), c41 = initial(4, 1), c50 = initial(5, 0), c51 = initial(5, 1)
        var pa = a
        for s in 0..<segmentCount {
            let start = starts[s]
            let p0 = rows.0 + start, p1 = rows.1 + start, p2 = rows.2 + start
            let p3 = rows.3 + start, p4 = rows.4 + start, p5 = rows.5 + start
            for j in 0..<lengths[s] {
                let a0 = load(pa), a1 = load(pa + 8)
                var b = SIMD8<Float>(repeating: p0[j])
                c00.addProduct(a0, b); c01.addProduct(a1, b)
                b = SIMD8<Float>(repeating: p1[j])
                c10.addProduct(a0, b); c11.addProduct(a1, b)
                b = SIMD8<Float>(repeating: p2[j])
                c20.addProduct(a0, b); c21.addProduct(a1, b)
                b = SIMD8<Float>(repeating: p3[j])
                c30.addProduct(a0, b); c31.addProduct(a1, b)
                b = SIMD8<Float>(repeating: p4[j])
                c40.addProduct(a0, b); c41.addProduct(a1, b)
                b = SIMD8<Float>(repeating: p5[j])
                c50.addProduct(a0, b); c51.addProduct(a1, b)
                pa += rowProductBlock
            }
        }
        func save(_ row: Int, _ low: SIMD8<Float>, _ high: SIMD8<Float>) {
            guard row < count else { return }
            store(low, result + row * pitch)
            store(high, result + row * pitch + 8)
        }
        save(0, c00, c01); save(1, c10, c11); save(2, c20, c21)
        save(3, c30, c31); save(4, c40, c41); save(5, c50, c51)
    }
}
