import ConvSIMD

/// One thread's work on one ``WinogradBlock``: transform the block's input patches
/// into `V`, multiply by the transformed weight into `M` (16 sgemms), and transform
/// `M` into the output tiles. Tile `(n, ty, tx)` of the block is column
/// `((n - first) * height + ty - top) * width + tx - left` of every `V` and `M` row.
struct WinogradBlockRun: WinogradBlockWorkspace {
    let p: WinogradProblem
    let layout: WinogradLayout
    let phase: WinogradPhase
    let block: WinogradBlock
    let group: Int
    /// The transformed weight of `group`: `u[(e * outChannels + o) * inChannels + i]`.
    let u: UnsafeMutablePointer<Float>
    let workspace: UnsafeMutablePointer<Float>
    /// Whether the transforms run on ConvSIMD's AVX2 kernels (``WinogradAVX2``, the same
    /// arithmetic as ``WinogradTransforms``): only where ``SIMDSupport/haswell`` holds.
    let usesAVX2: Bool

    /// `V[e][c][tile] = (B^T d B)[e]` for every input channel `c` of the group and every
    /// tile of the block.
    func transformInputs(_ input: UnsafePointer<Float>) {
        let plane = p.inSize.area
        for (s, n) in block.samples.enumerated() {
            let first = input + (n * p.groups + group) * p.inChannels * plane
            for c in 0..<p.inChannels {
                fillRegion(first + c * plane)
                for r in 0..<block.tileRows.count {
                    let column = (s * block.tileRows.count + r) * width
                    if usesAVX2 {
                        WinogradAVX2.transformInputRow(rows: region + 2 * r * rowLength, rowLength: rowLength, tiles: width,
                                                       into: v + c * layout.rowStride + column,
                                                       frequencyStride: p.inChannels * layout.rowStride)
                        continue
                    }
                    var k = 0
                    while k < width {
                        WinogradTransforms.transformInput(rows: region + 2 * r * rowLength + 2 * k, rowLength: rowLength,
                                                          into: v + c * layout.rowStride + column + k,
                                                          frequencyStride: p.inChannels * layout.rowStride)
                        k += 8
                    }
                }
            }
        }
    }

    /// The sub-image rows the block's tiles read, from its first patch column on, zero
    /// outside the sub-image, into ``region``.
    private func fillRegion(_ plane: UnsafePointer<Float>) {
        let (rowAxis, columnAxis) = (phase.row, phase.column)
        let length = rowLength
        // Sub-image row and column of the region's first entry, and the columns inside.
        let (top, origin) = (2 * block.tileRows.lowerBound - rowAxis.padding, 2 * block.tileColumns.lowerBound - columnAxis.padding)
        let low = min(length, max(0, -origin))
        let high = max(low, min(length, columnAxis.inCount - origin))
        for r in 0..<(2 * block.tileRows.count + 2) {
            let target = region + r * length
            let i = top + r
            guard i >= 0, i < rowAxis.inCount, low < high else {
                target.update(repeating: 0, count: length)
                continue
            }
            let source = plane + (rowAxis.inStart + rowAxis.step * i) * p.inSize.width + columnAxis.inStart
            for j in 0..<low { target[j] = 0 }
            if columnAxis.step == 1 {
                (target + low).update(from: source + origin + low, count: high - low)
            } else if usesAVX2 {
                WinogradAVX2.gatherRow(source + (origin + low) * columnAxis.step, step: columnAxis.step, count: high - low,
                                       into: target + low)
            } else {
                for j in low..<high { target[j] = source[(origin + j) * columnAxis.step] }
            }
            for j in high..<length { target[j] = 0 }
        }
    }

    /// `M[e] = U[e] * V[e]` for the 16 frequencies, single-threaded.
    func multiply(_ cancellation: CancellationFlag?) {
        layout.multiply(points: 16, tiles: block.tileCount, u: u, transposedWeights: false, v: v, into: m, cancellation)
    }

    /// The block's output tiles, `A^T m A` plus the bias, clipped at the sub-image's
    /// edges, for every output channel of the group.
    func transformOutputs(into output: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>?) {
        let plane = p.outSize.area
        let (rowAxis, columnAxis) = (phase.row, phase.column)
        for (s, n) in block.samples.enumerated() {
            let first = output + (n * p.groups + group) * p.outChannels * plane
            for o in 0..<p.outChannels {
                let target = first + o * plane
                let b = bias?[group * p.outChannels + o]
                for (r, ty) in block.tileRows.enumerated() {
                    let column = (s * block.tileRows.count + r) * width
                    if usesAVX2 {
                        let top = target + (rowAxis.outStart + rowAxis.step * 2 * ty) * p.outSize.width + columnAxis.outStart
                        let bottom = 2 * ty + 1 < rowAxis.outCount ? top + rowAxis.step * p.outSize.width : nil
                        WinogradAVX2.transformOutputRow(m + o * layout.rowStride + column,
                                                        frequencyStride: p.outChannels * layout.rowStride, tiles: width,
                                                        bias: b, top: top, bottom: bottom,
                                                        firstTile: block.tileColumns.lowerBound,
                                                        columnStep: columnAxis.step, columnCount: columnAxis.outCount)
                        continue
                    }
                    var k = 0
                    while k < width {
                        let y = WinogradTransforms.transformOutput(m + o * layout.rowStride + column + k,
                                                                   frequencyStride: p.outChannels * layout.rowStride,
                                                                   bias: b)
                        let tx = block.tileColumns.lowerBound + k
                        let lanes = min(8, width - k)
                        for i in 0..<2 where 2 * ty + i < rowAxis.outCount {
                            let row = target + (rowAxis.outStart + rowAxis.step * (2 * ty + i)) * p.outSize.width
                                + columnAxis.outStart
                            let (even, odd) = i == 0 ? (y.0, y.1) : (y.2, y.3)
                            if columnAxis.step == 1, lanes == 8, 2 * tx + 16 <= columnAxis.outCount {
                                Self.storeInterleaved(even, odd, to: row + 2 * tx)
                            } else {
                                for lane in 0..<lanes {
                                    let x = 2 * (tx + lane)
                                    row[x * columnAxis.step] = even[lane]
                                    if x + 1 < columnAxis.outCount { row[(x + 1) * columnAxis.step] = odd[lane] }
                                }
                            }
                        }
                        k += 8
                    }
                }
            }
        }
    }

    /// `even[0], odd[0], even[1], odd[1], ...` into 16 consecutive floats.
    @inline(__always)
    private static func storeInterleaved(_ even: SIMD8<Float>, _ odd: SIMD8<Float>, to target: UnsafeMutablePointer<Float>) {
        let low = SIMD8(even[0], odd[0], even[1], odd[1], even[2], odd[2], even[3], odd[3])
        let high = SIMD8(even[4], odd[4], even[5], odd[5], even[6], odd[6], even[7], odd[7])
        UnsafeMutableRawPointer(target).storeBytes(of: low, as: SIMD8<Float>.self)
        UnsafeMutableRawPointer(target + 8).storeBytes(of: high, as: SIMD8<Float>.self)
    }
}
