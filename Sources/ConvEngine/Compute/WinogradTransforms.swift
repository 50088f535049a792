/// The three transforms of Winograd's F(2x2, 3x3), eight tiles (or weights) at a time
/// in `SIMD8<Float>` lanes:
///
/// - weight: `U = G g G^T` (4x4 from 3x3), with `G = [1 0 0; ½ ½ ½; ½ -½ ½; 0 0 1]`;
/// - input: `V = B^T d B` (4x4 from a 4x4 patch), with
///   `B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]`;
/// - output: `Y = A^T m A` (2x2 from 4x4), with `A^T = [1 1 1 0; 0 1 -1 -1]`.
///
/// Element `(i, j)` of a 4x4 transform is "frequency" `e = 4 * i + j`; the kernel
/// multiplies `U[e]` by `V[e]` for each of the 16 frequencies.
enum WinogradTransforms {
    typealias Lanes = SIMD8<Float>

    /// `U = G g G^T` for output channels `outChannels` and every input channel of one
    /// group, written as `u[(e * p.outChannels + o) * p.inChannels + i]` (16 matrices
    /// `outChannels x inChannels`, the left operands of the products), eight input
    /// channels at a time.
    static func transformWeight(_ weight: UnsafePointer<Float>, group: Int, _ p: WinogradProblem,
                                outChannels: Range<Int>, into u: UnsafeMutablePointer<Float>) {
        let (outs, ins) = (p.outChannels, p.inChannels)
        let frequencyStride = outs * ins
        for o in outChannels {
            var first = 0
            while first < ins {
                let lanes = min(8, ins - first)
                // Tap k of the kernels of input channels first..., flipped for a transposed weight.
                @inline(__always) func tap(_ k: Int) -> Lanes {
                    p.flippedWeight
                        ? Lanes(gathering: weight + ((group * ins + first) * outs + o) * 9 + 8 - k, stride: outs * 9, lanes: lanes)
                        : Lanes(gathering: weight + ((group * outs + o) * ins + first) * 9 + k, stride: 9, lanes: lanes)
                }
                let g = ((tap(0), tap(1), tap(2)), (tap(3), tap(4), tap(5)), (tap(6), tap(7), tap(8)))
                // G g: four rows from three, column by column.
                @inline(__always) func column(_ a: Lanes, _ b: Lanes, _ d: Lanes) -> (Lanes, Lanes, Lanes, Lanes) {
                    (a, (a + b + d) * 0.5, (a - b + d) * 0.5, d)
                }
                let c0 = column(g.0.0, g.1.0, g.2.0), c1 = column(g.0.1, g.1.1, g.2.1), c2 = column(g.0.2, g.1.2, g.2.2)
                // (G g) G^T: four columns from three, row by row; frequency 4 r + c.
                let target = u + o * ins + first
                @inline(__always) func store(_ value: Lanes, _ e: Int) {
                    if lanes == 8 {
                        UnsafeMutableRawPointer(target + e * frequencyStride).storeBytes(of: value, as: Lanes.self)
                    } else {
                        for lane in 0..<lanes { target[e * frequencyStride + lane] = value[lane] }
                    }
                }
                @inline(__always) func row(_ a: Lanes, _ b: Lanes, _ d: Lanes, _ r: Int) {
                    let (u0, u1, u2, u3) = column(a, b, d)
                    store(u0, 4 * r)
                    store(u1, 4 * r + 1)
                    store(u2, 4 * r + 2)
                    store(u3, 4 * r + 3)
                }
                row(c0.0, c1.0, c2.0, 0)
                row(c0.1, c1.1, c2.1, 1)
                row(c0.2, c1.2, c2.2, 2)
                row(c0.3, c1.3, c2.3, 3)
                first += 8
            }
        }
    }

    /// `V = B^T d B` for the eight tiles whose 4x4 patches start at column `2 * lane`
    /// of `rows` (four padded input rows, `rowLength` apart), written to
    /// `v[e * frequencyStride + lane]` (all eight lanes: the caller's layout leaves
    /// room for lanes past its last tile).
    @inline(__always)
    static func transformInput(rows: UnsafePointer<Float>, rowLength: Int,
                               into v: UnsafeMutablePointer<Float>, frequencyStride: Int) {
        // The patch's columns 0 and 1 are the even and odd entries from column 0,
        // columns 2 and 3 those from column 2.
        @inline(__always) func load(_ r: Int) -> (Lanes, Lanes, Lanes, Lanes) {
            let row = rows + r &* rowLength
            let near = UnsafeRawPointer(row).loadUnaligned(as: SIMD16<Float>.self)
            let far = UnsafeRawPointer(row + 2).loadUnaligned(as: SIMD16<Float>.self)
            return (near.evenHalf, near.oddHalf, far.evenHalf, far.oddHalf)
        }
        // (B^T d) B for one row of B^T d: combine its columns and store frequencies
        // 4 i ..< 4 i + 4 (pointers stepped by addition: no overflow checks here).
        var target = UnsafeMutableRawPointer(v)
        let step = frequencyStride * MemoryLayout<Float>.stride
        @inline(__always) func store(_ t: (Lanes, Lanes, Lanes, Lanes)) {
            target.storeBytes(of: t.0 - t.2, as: Lanes.self)
            target += step
            target.storeBytes(of: t.1 + t.2, as: Lanes.self)
            target += step
            target.storeBytes(of: t.2 - t.1, as: Lanes.self)
            target += step
            target.storeBytes(of: t.1 - t.3, as: Lanes.self)
            target += step
        }
        // B^T d row by row, each stored as soon as its input rows are loaded (fewer
        // values live at once).
        let d2 = load(2)
        do {
            let d0 = load(0)
            store((d0.0 - d2.0, d0.1 - d2.1, d0.2 - d2.2, d0.3 - d2.3))
        }
        let d1 = load(1)
        store((d1.0 + d2.0, d1.1 + d2.1, d1.2 + d2.2, d1.3 + d2.3))
        store((d2.0 - d1.0, d2.1 - d1.1, d2.2 - d1.2, d2.3 - d1.3))
        let d3 = load(3)
        store((d1.0 - d3.0, d1.1 - d3.1, d1.2 - d3.2, d1.3 - d3.3))
    }

    /// `Y = A^T m A` for eight tiles whose 16 frequencies are at
    /// `m[e * frequencyStride + lane]`, plus `bias` if any (added last, as the lowered
    /// route adds it to finished sums): the four outputs of each tile as
    /// `(y00, y01, y10, y11)`, lane by lane.
    @inline(__always)
    static func transformOutput(_ m: UnsafePointer<Float>, frequencyStride: Int, bias: Float?)
        -> (Lanes, Lanes, Lanes, Lanes) {
        let base = UnsafeRawPointer(m), step = frequencyStride * MemoryLayout<Float>.stride
        @inline(__always) func load(_ e: Int) -> Lanes {
            (base + e &* step).loadUnaligned(as: Lanes.self)
        }
        // A^T m: two rows from four.
        var s0 = (Lanes(), Lanes(), Lanes(), Lanes()), s1 = s0
        @inline(__always) func column(_ j: Int) -> (Lanes, Lanes) {
            let (m0, m1, m2, m3) = (load(j), load(4 + j), load(8 + j), load(12 + j))
            return (m0 + m1 + m2, m1 - m2 - m3)
        }
        (s0.0, s1.0) = column(0)
        (s0.1, s1.1) = column(1)
        (s0.2, s1.2) = column(2)
        (s0.3, s1.3) = column(3)
        // (A^T m) A: two columns from four.
        let y = (s0.0 + s0.1 + s0.2, s0.1 - s0.2 - s0.3, s1.0 + s1.1 + s1.2, s1.1 - s1.2 - s1.3)
        guard let bias else { return y }
        let b = Lanes(repeating: bias)
        return (y.0 + b, y.1 + b, y.2 + b, y.3 + b)
    }
}
