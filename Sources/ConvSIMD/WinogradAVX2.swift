/// The input and output transforms of Winograd's F(2x2, 3x3) for AVX2, eight tiles in
/// the lanes of a ymm register, one tile row per call (ConvEngine's
/// `WinogradTransforms` hold the same arithmetic for any CPU).
///
/// The transforms are additions and subtractions only, in exactly the portable
/// kernel's order (no fused multiply-adds), so both give the same bits:
///
/// - input: `V = B^T d B` (4x4 from a 4x4 patch), with
///   `B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]`;
/// - output: `Y = A^T m A` (2x2 from 4x4), with `A^T = [1 1 1 0; 0 1 -1 -1]`, plus the
///   bias last.
///
/// Element `(i, j)` of a 4x4 transform is frequency `e = 4 * i + j`.
public enum WinogradAVX2 {
    typealias Lanes = SIMD8<Float>

    /// `V = B^T d B` for `tiles` tiles of one tile row, whose 4x4 patches start at
    /// column `2 * t` of `rows` (four padded input rows, `rowLength` apart, readable for
    /// `2 * roundedUp(tiles, 8) + 2` columns), written to `v[e * frequencyStride + t]`
    /// in whole groups of eight tiles (the caller leaves room past its last tile).
    public static func transformInputRow(rows: UnsafePointer<Float>, rowLength: Int, tiles: Int,
                                         into v: UnsafeMutablePointer<Float>, frequencyStride: Int) {
        var k = 0
        while k < tiles {
            transformInput(rows: rows + 2 &* k, rowLength: rowLength, into: v + k, frequencyStride: frequencyStride)
            k &+= 8
        }
    }

    /// Output rows `2 * tileRow` and `2 * tileRow + 1` of `tiles` tiles from their
    /// frequencies at `m[e * frequencyStride + t]`: `A^T m A` plus `bias` if any, tile
    /// `t`'s columns `2 * (firstTile + t)` and the next written at `columnStep` times
    /// those in `top` and `bottom` (nil: the second row is outside the output), columns
    /// from `columnCount` on left out.
    public static func transformOutputRow(_ m: UnsafePointer<Float>, frequencyStride: Int, tiles: Int, bias: Float?,
                                          top: UnsafeMutablePointer<Float>, bottom: UnsafeMutablePointer<Float>?,
                                          firstTile: Int, columnStep: Int, columnCount: Int) {
        var k = 0
        while k < tiles {
            let y = transformOutput(m + k, frequencyStride: frequencyStride, bias: bias)
            let tx = firstTile &+ k
            let lanes = min(8, tiles &- k)
            if columnStep == 1, lanes == 8, 2 &* tx &+ 16 <= columnCount {
                storeInterleaved(y.0, y.1, to: top + 2 &* tx)
                if let bottom { storeInterleaved(y.2, y.3, to: bottom + 2 &* tx) }
            } else {
                storeLanes(y.0, y.1, lanes: lanes, to: top, firstTile: tx, columnStep: columnStep, columnCount: columnCount)
                if let bottom {
                    storeLanes(y.2, y.3, lanes: lanes, to: bottom, firstTile: tx, columnStep: columnStep,
                               columnCount: columnCount)
                }
            }
            k &+= 8
        }
    }

    /// `V = B^T d B` for eight tiles (see ``transformInputRow(rows:rowLength:tiles:into:frequencyStride:)``).
    @inline(__always)
    private static func transformInput(rows: UnsafePointer<Float>, rowLength: Int,
                                       into v: UnsafeMutablePointer<Float>, frequencyStride: Int) {
        // The patch's columns 0 and 1 are the even and odd entries from column 0,
        // columns 2 and 3 those from column 2 (whole ymm loads, then in-lane shuffles).
        @inline(__always) func load(_ r: Int) -> (Lanes, Lanes, Lanes, Lanes) {
            let row = UnsafeRawPointer(rows + r &* rowLength), size = MemoryLayout<Lanes>.stride
            let (a, b) = (row.loadUnaligned(as: Lanes.self), row.loadUnaligned(fromByteOffset: size, as: Lanes.self))
            let (c, d) = (row.loadUnaligned(fromByteOffset: 8, as: Lanes.self),
                          row.loadUnaligned(fromByteOffset: size + 8, as: Lanes.self))
            return (evens(a, b), odds(a, b), evens(c, d), odds(c, d))
        }
        var target = UnsafeMutableRawPointer(v)
        let step = frequencyStride &* MemoryLayout<Float>.stride
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

    /// `Y = A^T m A` (plus `bias`, last) for eight tiles: `(y00, y01, y10, y11)`.
    @inline(__always)
    private static func transformOutput(_ m: UnsafePointer<Float>, frequencyStride: Int, bias: Float?)
        -> (Lanes, Lanes, Lanes, Lanes) {
        let base = UnsafeRawPointer(m), step = frequencyStride &* MemoryLayout<Float>.stride
        @inline(__always) func load(_ e: Int) -> Lanes {
            (base + e &* step).loadUnaligned(as: Lanes.self)
        }
        var s0 = (Lanes(), Lanes(), Lanes(), Lanes()), s1 = s0
        @inline(__always) func column(_ j: Int) -> (Lanes, Lanes) {
            let (m0, m1, m2, m3) = (load(j), load(4 + j), load(8 + j), load(12 + j))
            return (m0 + m1 + m2, m1 - m2 - m3)
        }
        (s0.0, s1.0) = column(0)
        (s0.1, s1.1) = column(1)
        (s0.2, s1.2) = column(2)
        (s0.3, s1.3) = column(3)
        let y = (s0.0 + s0.1 + s0.2, s0.1 - s0.2 - s0.3, s1.0 + s1.1 + s1.2, s1.1 - s1.2 - s1.3)
        guard let bias else { return y }
        let b = Lanes(repeating: bias)
        return (y.0 + b, y.1 + b, y.2 + b, y.3 + b)
    }

    /// The even entries of the 16 floats `a, b`.
    @inline(__always)
    private static func evens(_ a: Lanes, _ b: Lanes) -> Lanes {
        Lanes(a[0], a[2], a[4], a[6], b[0], b[2], b[4], b[6])
    }

    /// The odd entries of the 16 floats `a, b`.
    @inline(__always)
    private static func odds(_ a: Lanes, _ b: Lanes) -> Lanes {
        Lanes(a[1], a[3], a[5], a[7], b[1], b[3], b[5], b[7])
    }

    /// `even[0], odd[0], even[1], odd[1], ...` into 16 consecutive floats.
    @inline(__always)
    private static func storeInterleaved(_ even: Lanes, _ odd: Lanes, to target: UnsafeMutablePointer<Float>) {
        let low = Lanes(even[0], odd[0], even[1], odd[1], even[2], odd[2], even[3], odd[3])
        let high = Lanes(even[4], odd[4], even[5], odd[5], even[6], odd[6], even[7], odd[7])
        UnsafeMutableRawPointer(target).storeBytes(of: low, as: Lanes.self)
        UnsafeMutableRawPointer(target + 8).storeBytes(of: high, as: Lanes.self)
    }

    /// The first `lanes` tiles' two columns, each at `columnStep` times its column,
    /// columns from `columnCount` on left out (clipped tiles, dilated phases).
    private static func storeLanes(_ even: Lanes, _ odd: Lanes, lanes: Int, to row: UnsafeMutablePointer<Float>,
                                   firstTile: Int, columnStep: Int, columnCount: Int) {
        for lane in 0..<lanes {
            let x = 2 &* (firstTile &+ lane)
            row[x &* columnStep] = even[lane]
            if x &+ 1 < columnCount { row[(x &+ 1) &* columnStep] = odd[lane] }
        }
    }
}

extension WinogradAVX2 {
    /// `target[j] = source[j * step]` for `j` in `0..<count`: one row of a dilated
    /// phase (every `step`-th column), copied into contiguous floats. Step 2 takes the even
    /// halves of 16-float loads that stay within the row's last read.
    public static func gatherRow(_ source: UnsafePointer<Float>, step: Int, count: Int,
                                 into target: UnsafeMutablePointer<Float>) {
        var j = 0
        if step == 2 {
            while j &+ 8 < count {
                let pair = UnsafeRawPointer(source + 2 &* j).loadUnaligned(as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(target + j).storeBytes(of: pair.evenHalf, as: Lanes.self)
                j &+= 8
            }
        }
        while j < count {
            target[j] = source[j &* step]
            j &+= 1
        }
    }
}
