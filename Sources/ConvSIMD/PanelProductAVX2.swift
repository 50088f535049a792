/// A matrix product for AVX2 + FMA whose right operand is gathered from row pointers a
/// panel at a time: `C = A * B`, where row `k` of `B` starts at `rows[k]` (any address,
/// contiguous along the row) and `A` is packed in blocks of four rows. It is the product
/// of an implicit lowering: the caller's rows are views of its own copies, and each
/// panel of ``panelWidth`` columns (at most ``depthSlice`` rows of it at a time) is
/// copied into a small buffer that stays in the L1 cache while every block of `A` passes
/// over it, so there is no lowered matrix and no second packing of it as a BLAS would
/// make.
///
/// The tile is 4 rows by 24 columns: twelve ymm accumulators, three loads of the panel
/// and one broadcast of `A` per depth step, one fused multiply-add per product, the
/// depth added in order.
public enum PanelProductAVX2: UnalignedLanes {
    /// The rows of `A` a tile computes: `A` is packed as `[rowBlock][depth][4]`.
    public static let tileRows = 4
    /// The columns a panel covers.
    public static let panelWidth = 24

    /// Columns `column ..< column + count` (`count` at most ``panelWidth``) of
    /// `C = A * B` for `4 * rowBlocks` rows, written to `result[r * panelWidth + j]`
    /// (column `column + j`; the lanes from `count` on hold zeros' products).
    /// - Parameters:
    ///   - rows: `depth` row pointers of `B`, each readable for `column + count` floats.
    ///   - a: `A` packed as `[rowBlocks][depth][4]`.
    ///   - panel: scratch for ``panelCount(depth:)`` floats, overwritten.
    ///   - result: `4 * rowBlocks * panelWidth` floats, overwritten.
    public static func multiply(
        rows: UnsafePointer<UnsafePointer<Float>>, depth: Int, column: Int, count: Int, a: UnsafePointer<Float>,
        rowBlocks: Int, panel: UnsafeMutablePointer<Float>, result: UnsafeMutablePointer<Float>
    ) {
        var first = 0
        while first < depth {
            let slice = min(depthSlice, depth - first)
            pack(rows: rows + first, depth: slice, column: column, count: count, into: panel)
            for block in 0..<rowBlocks {
                tile(depth: slice, a: a + (block * depth + first) * tileRows, panel: panel,
                     result: result + block * tileRows * panelWidth, accumulate: first > 0)
            }
            first += slice
        }
    }

    /// The most rows of `B` a panel holds at once (24 KiB, half a core's L1 cache): a
    /// deeper product adds slice after slice into the tiles.
    public static let depthSlice = 256

    /// The scratch ``multiply(rows:depth:column:count:a:rowBlocks:panel:result:)``
    /// needs for a panel of a product of depth `depth`.
    public static func panelCount(depth: Int) -> Int { min(depth, depthSlice) * panelWidth }

    /// `panel[k * panelWidth + j] = rows[k][column + j]` for `j < count`, zeros after.
    private static func pack(
        rows: UnsafePointer<UnsafePointer<Float>>, depth: Int, column: Int, count: Int,
        into panel: UnsafeMutablePointer<Float>
    ) {
        if count == panelWidth {
            for k in 0..<depth {
                let source = rows[k] + column, target = panel + k * panelWidth
                store(load(source), target)
                store(load(source + 8), target + 8)
                store(load(source + 16), target + 16)
            }
        } else {
            for k in 0..<depth {
                let source = rows[k] + column, target = panel + k * panelWidth
                for j in 0..<count { target[j] = source[j] }
                for j in count..<panelWidth { target[j] = 0 }
            }
        }
    }

    /// One 4 x 24 tile: `result[r * panelWidth + j] = sum_k a[k * 4 + r] * panel[k * panelWidth + j]`,
    /// added to what `result` holds when `accumulate`.
    private static func tile(
        depth: Int, a: UnsafePointer<Float>, panel: UnsafePointer<Float>, result: UnsafeMutablePointer<Float>,
        accumulate: Bool
    ) {
        let w = panelWidth
        func start(_ offset: Int) -> SIMD8<Float> { accumulate ? load(result + offset) : SIMD8<Float>() }
        var c00 = start(0), c01 = start(8), c02 = start(16)
        var c10 = start(w), c11 = start(w + 8), c12 = start(w + 16)
        var c20 = start(2 * w), c21 = start(2 * w + 8), c22 = start(2 * w + 16)
        var c30 = start(3 * w), c31 = start(3 * w + 8), c32 = start(3 * w + 16)
        var pa = a, pb = panel
        for _ in 0..<depth {
            let b0 = load(pb), b1 = load(pb + 8), b2 = load(pb + 16)
            var x = SIMD8<Float>(repeating: pa[0])
            c00.addProduct(x, b0); c01.addProduct(x, b1); c02.addProduct(x, b2)
            x = SIMD8<Float>(repeating: pa[1])
            c10.addProduct(x, b0); c11.addProduct(x, b1); c12.addProduct(x, b2)
            x = SIMD8<Float>(repeating: pa[2])
            c20.addProduct(x, b0); c21.addProduct(x, b1); c22.addProduct(x, b2)
            x = SIMD8<Float>(repeating: pa[3])
            c30.addProduct(x, b0); c31.addProduct(x, b1); c32.addProduct(x, b2)
            pa += tileRows
            pb += panelWidth
        }
        store(c00, result); store(c01, result + 8); store(c02, result + 16)
        store(c10, result + w); store(c11, result + w + 8); store(c12, result + w + 16)
        store(c20, result + 2 * w); store(c21, result + 2 * w + 8); store(c22, result + 2 * w + 16)
        store(c30, result + 3 * w); store(c31, result + 3 * w + 8); store(c32, result + 3 * w + 16)
    }
}
