/// One thread's work on one block of a ``SubPixelWinogradProblem``'s phase: transform
/// the block's input patches into `V`, multiply by the phase's transformed weights into
/// `M` (one sgemm per point), and transform `M` into the phase's outputs.
///
/// In the convolution direction every phase's outputs are the same positions, and the
/// phases add in `M` before one output transform: a one-tap residue's two points are
/// the outer two of a two-tap residue's three (outputs `(m0, m1)` and `(m0 + 0, 0 + m2)`
/// alike), so each phase's products land on the points of ``outputPhase``, the phase
/// with the most points, whose products start `M` and whose transform writes the
/// outputs. Tile
/// `(n, ty, tx)` of the block is column `((n - first) * height + ty - top) * width + tx - left`
/// of every `V` and `M` row.
///
/// Per dimension, a residue with two taps `(g0, g1)` (in order of input offset) takes
/// Winograd's F(2, 2) on the patch `(d0, d1, d2)`: `V = (d0 - d1, d1, d2 - d1)`,
/// `U = (g0, g0 + g1, g1)`, and outputs `(m0 + m1, m1 + m2)`; a residue with one tap
/// multiplies `(d0, d1)` by `(g0, g0)` and outputs `(m0, m1)`. The two dimensions'
/// transforms compose (row points outermost). Every coefficient is 0 or ±1, so the
/// route's error stays that of a few more additions, and integer operands give exact
/// sums (the tests' bit-for-bit comparison).
struct SubPixelWinogradBlockRun: WinogradBlockWorkspace {
    typealias Lanes = SIMD8<Float>

    let p: SubPixelWinogradProblem
    let layout: WinogradLayout
    let phase: SubPixelWinogradProblem.Phase
    /// The phase whose points `M` holds and whose outputs it becomes: ``phase`` itself,
    /// or in the convolution direction the one with the most points.
    let outputPhase: SubPixelWinogradProblem.Phase
    let block: WinogradBlock
    let group: Int
    /// The phase's transformed weights for `group`, each point's transposed:
    /// `U[e][o][i]` at `u[(e * inChannels + i) * outChannels + o]`.
    let u: UnsafePointer<Float>
    let workspace: UnsafeMutablePointer<Float>

    /// `V[e][c][tile]` for every input channel `c` of the group and every tile of the block.
    func transformInputs(_ input: UnsafePointer<Float>) {
        let plane = p.inSize.area
        let (rowTwo, columnTwo) = (phase.row.taps == 2, phase.column.taps == 2)
        let columnPoints = phase.column.points
        let pointStride = p.inChannels * layout.rowStride
        for (s, n) in block.samples.enumerated() {
            let first = input + (n * p.groups + group) * p.inChannels * plane
            for c in 0..<p.inChannels {
                fillRegion(first + c * plane)
                for r in 0..<block.tileRows.count {
                    let rows = region + 2 * r * rowLength
                    let tiles = v + c * layout.rowStride + (s * block.tileRows.count + r) * width
                    var k = 0
                    while k < width {
                        let target = tiles + k
                        let c0 = Self.columnPoints(rows + 2 * k, twoTaps: columnTwo)
                        let c1 = Self.columnPoints(rows + rowLength + 2 * k, twoTaps: columnTwo)
                        @inline(__always) func store(_ t: (Lanes, Lanes, Lanes), _ ey: Int) {
                            let row = target + ey * columnPoints * pointStride
                            Self.store(t.0, row)
                            Self.store(t.1, row + pointStride)
                            if columnTwo { Self.store(t.2, row + 2 * pointStride) }
                        }
                        if rowTwo {
                            let c2 = Self.columnPoints(rows + 2 * rowLength + 2 * k, twoTaps: columnTwo)
                            store((c0.0 - c1.0, c0.1 - c1.1, c0.2 - c1.2), 0)
                            store(c1, 1)
                            store((c2.0 - c1.0, c2.1 - c1.1, c2.2 - c1.2), 2)
                        } else {
                            store(c0, 0)
                            store(c1, 1)
                        }
                        k += 8
                    }
                }
            }
        }
    }

    /// A patch row's transformed points for the eight tiles from `row` on (tile `lane`'s
    /// patch starts at `row[2 * lane]`): F(2, 2)'s three, or one tap's two.
    @inline(__always)
    private static func columnPoints(_ row: UnsafePointer<Float>, twoTaps: Bool) -> (Lanes, Lanes, Lanes) {
        let near = UnsafeRawPointer(row).loadUnaligned(as: SIMD16<Float>.self)
        let (d0, d1) = (near.evenHalf, near.oddHalf)
        guard twoTaps else { return (d0, d1, Lanes()) }
        let d2 = UnsafeRawPointer(row + 2).loadUnaligned(as: SIMD16<Float>.self).evenHalf
        return (d0 - d1, d1, d2 - d1)
    }

    @inline(__always)
    private static func store(_ value: Lanes, _ target: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(target).storeBytes(of: value, as: Lanes.self)
    }

    /// The plane rows the block's patches read, from its first patch column on, zero
    /// outside the input, into ``region``: two rows per tile row and one more for two
    /// row taps, each ``rowLength`` long (in the convolution direction gathered from
    /// every stride-th input position).
    private func fillRegion(_ plane: UnsafePointer<Float>) {
        let (rowResidue, columnResidue) = (phase.row, phase.column)
        let length = rowLength
        let top = 2 * block.tileRows.lowerBound + rowResidue.offset
        let origin = 2 * block.tileColumns.lowerBound + columnResidue.offset
        let low = min(length, max(0, -origin))
        let high = max(low, min(length, columnResidue.inCount - origin))
        for r in 0..<(2 * block.tileRows.count + rowResidue.taps - 1) {
            let target = region + r * length
            let i = top + r
            guard i >= 0, i < rowResidue.inCount, low < high else {
                target.update(repeating: 0, count: length)
                continue
            }
            let source = plane + (rowResidue.inStart + rowResidue.inStep * i) * p.inSize.width
            target.update(repeating: 0, count: low)
            Self.gather(from: source, start: columnResidue.inStart + columnResidue.inStep * (origin + low),
                        step: columnResidue.inStep, rowLength: p.inSize.width, into: target + low, count: high - low)
            (target + high).update(repeating: 0, count: length - high)
        }
    }

    /// `target[j] = row[start + step * j]` for `j < count`, all within the row (of
    /// `rowLength` elements, none read past it).
    @inline(__always)
    private static func gather(from row: UnsafePointer<Float>, start: Int, step: Int, rowLength: Int,
                               into target: UnsafeMutablePointer<Float>, count: Int) {
        guard step > 1 else {
            target.update(from: row + start, count: count)
            return
        }
        var j = 0
        if step == 2 {
            // Eight at a time from sixteen loaded, while the sixteen are within the row;
            // then the last eight as the odd half of the sixteen from one element before
            // them (which ends at the last element read).
            while j + 8 <= count, start + 2 * j + 16 <= rowLength {
                let pair = UnsafeRawPointer(row + start + 2 * j).loadUnaligned(as: SIMD16<Float>.self)
                store(pair.evenHalf, target + j)
                j += 8
            }
            let last = count - 8
            if j < count, last >= 0, start + 2 * last >= 1 {
                let pair = UnsafeRawPointer(row + start + 2 * last - 1).loadUnaligned(as: SIMD16<Float>.self)
                store(pair.oddHalf, target + last)
                return
            }
        }
        while j < count {
            target[j] = row[start + step * j]
            j += 1
        }
    }

    /// `M[e'] = U[e] * V[e]` for every point `e` of the phase, `e'` its point in
    /// ``outputPhase``, single-threaded; with `accumulate`, `M[e'] += U[e] * V[e]` (an
    /// earlier phase's products in `M`).
    func multiply(accumulate: Bool, _ cancellation: CancellationFlag?) {
        let columnPoints = phase.column.points, targetColumnPoints = outputPhase.column.points
        let rowScale = phase.row.points == outputPhase.row.points ? 1 : 2
        let columnScale = columnPoints == targetColumnPoints ? 1 : 2
        layout.multiply(points: phase.points, tiles: block.tileCount, u: u, transposedWeights: true, v: v, into: m,
                        accumulate: accumulate, cancellation) { e in
            (e / columnPoints) * rowScale * targetColumnPoints + (e % columnPoints) * columnScale
        }
    }

    /// The block's outputs from `M`, plus the bias, at ``outputPhase``'s positions of every
    /// output channel of the group (clipped where the last tile runs past the phase).
    func transformOutputs(into output: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>?) {
        let plane = p.outSize.area
        let (rowResidue, columnResidue) = (outputPhase.row, outputPhase.column)
        let (rowTwo, columnTwo) = (rowResidue.taps == 2, columnResidue.taps == 2)
        let columnPoints = columnResidue.points
        let pointStride = p.outChannels * layout.rowStride
        let adjacent = columnResidue.step == 1
        for (s, n) in block.samples.enumerated() {
            let first = output + (n * p.groups + group) * p.outChannels * plane
            for o in 0..<p.outChannels {
                let target = first + o * plane
                let b = Lanes(repeating: bias?[group * p.outChannels + o] ?? 0)
                for (r, ty) in block.tileRows.enumerated() {
                    let tiles = UnsafePointer(m + o * layout.rowStride + (s * block.tileRows.count + r) * width)
                    var k = 0
                    while k < width {
                        let source = tiles + k
                        @inline(__always) func load(_ ey: Int, _ ex: Int) -> Lanes {
                            UnsafeRawPointer(source + (ey * columnPoints + ex) * pointStride).loadUnaligned(as: Lanes.self)
                        }
                        // Rows of points combined into the tile's two output rows, per column point.
                        @inline(__always) func rowsCombined(_ ex: Int) -> (Lanes, Lanes) {
                            let m1 = load(1, ex)
                            return rowTwo ? (load(0, ex) + m1, m1 + load(2, ex)) : (load(0, ex), m1)
                        }
                        let z0 = rowsCombined(0), z1 = rowsCombined(1)
                        let z2 = columnTwo ? rowsCombined(2) : (Lanes(), Lanes())
                        let y00 = (columnTwo ? z0.0 + z1.0 : z0.0) + b, y01 = (columnTwo ? z1.0 + z2.0 : z1.0) + b
                        let y10 = (columnTwo ? z0.1 + z1.1 : z0.1) + b, y11 = (columnTwo ? z1.1 + z2.1 : z1.1) + b
                        let lanes = min(8, width - k)
                        let firstTile = block.tileColumns.lowerBound + k
                        @inline(__always) func write(_ a: Int, _ even: Lanes, _ odd: Lanes) {
                            let q = 2 * ty + a
                            guard q < rowResidue.outCount else { return }
                            let row = target + (rowResidue.outStart + rowResidue.step * q) * p.outSize.width
                                + columnResidue.outStart
                            let x0 = 2 * firstTile
                            if adjacent, lanes == 8, x0 + 16 <= columnResidue.outCount {
                                // Sixteen adjacent outputs: the tiles' two columns interleaved.
                                UnsafeMutableRawPointer(row + x0).storeBytes(of: Self.interleave(even, odd), as: SIMD16<Float>.self)
                                return
                            }
                            for lane in 0..<lanes {
                                let x = x0 + 2 * lane
                                row[x * columnResidue.step] = even[lane]
                                if x + 1 < columnResidue.outCount { row[(x + 1) * columnResidue.step] = odd[lane] }
                            }
                        }
                        write(0, y00, y01)
                        write(1, y10, y11)
                        k += 8
                    }
                }
            }
        }
    }

    /// `(even[0], odd[0], even[1], odd[1], ...)`.
    @inline(__always)
    private static func interleave(_ even: Lanes, _ odd: Lanes) -> SIMD16<Float> {
        SIMD16(even[0], odd[0], even[1], odd[1], even[2], odd[2], even[3], odd[3],
               even[4], odd[4], even[5], odd[5], even[6], odd[6], even[7], odd[7])
    }
}
