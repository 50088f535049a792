/// A stride-1 2-D convolution with a 3x3 kernel, in the terms the Winograd kernel
/// works in: it reads `inChannels` planes per group and writes `outChannels` planes per
/// group, and output position `(y, x)` meets input position
/// `(y - padding.top + kh * dilation.h, x - padding.left + kw * dilation.w)` at kernel
/// tap `(kh, kw)` (zero outside the input).
///
/// Both directions of a ``ConvGeometry`` fit: a convolution reads the image and writes
/// the columns; a transposed convolution (stride 1) reads the columns and writes the
/// image, as a convolution with the kernel flipped, its channel roles swapped and
/// padding `2 * dilation - padding` (negative when the padding crops more than the
/// kernel spans, which the kernel handles as reads outside the input).
///
/// A dilated problem splits into ``phases``: output rows `a, a + d, a + 2d, ...` read
/// only input rows of one residue modulo `d`, so each of the `dh * dw` phases is an
/// undilated 3x3 convolution on a sub-sampled image.
struct WinogradProblem: Sendable {
    let batch: Int
    let groups: Int
    /// The planes read per group.
    let inChannels: Int
    /// The planes written per group.
    let outChannels: Int
    let inSize: Size
    let outSize: Size
    let padding: Size
    let dilation: Size
    /// Whether the weight is a transposed convolution's (`[groups * inChannels,
    /// outChannels, 3, 3]`, applied flipped) rather than a convolution's
    /// (`[groups * outChannels, inChannels, 3, 3]`).
    let flippedWeight: Bool

    /// A pair of per-dimension numbers: height, then width.
    struct Size: Sendable, Equatable {
        var height: Int, width: Int
        var area: Int { height * width }
    }

    /// The convolution direction of `g` (image to columns), or its transposed direction
    /// (columns to image) as a convolution with the flipped kernel.
    init(_ g: ConvGeometry, transposed: Bool) {
        batch = g.batch
        groups = g.groups
        let (image, columns) = (Size(height: g.imageSize[1], width: g.imageSize[2]),
                                Size(height: g.columnSize[1], width: g.columnSize[2]))
        (inChannels, outChannels) = transposed ? (g.columnChannelsPerGroup, g.imageChannelsPerGroup)
            : (g.imageChannelsPerGroup, g.columnChannelsPerGroup)
        (inSize, outSize) = transposed ? (columns, image) : (image, columns)
        dilation = Size(height: g.dilation[1], width: g.dilation[2])
        let before = Size(height: g.paddingBefore[1], width: g.paddingBefore[2])
        padding = transposed ? Size(height: 2 * dilation.height - before.height, width: 2 * dilation.width - before.width)
            : before
        flippedWeight = transposed
    }

    /// The undilated sub-problems a dilated one splits into (one, the problem itself,
    /// when undilated), those with no output left out.
    var phases: [WinogradPhase] {
        let rows = (0..<dilation.height).map {
            WinogradPhase.Axis(phase: $0, outSize: outSize.height, inSize: inSize.height, padding: padding.height,
                               dilation: dilation.height)
        }
        let columns = (0..<dilation.width).map {
            WinogradPhase.Axis(phase: $0, outSize: outSize.width, inSize: inSize.width, padding: padding.width,
                               dilation: dilation.width)
        }
        return rows.flatMap { row in columns.map { WinogradPhase(row: row, column: $0) } }
            .filter { $0.row.outCount > 0 && $0.column.outCount > 0 }
    }
}

/// One undilated 3x3 convolution inside a ``WinogradProblem``: output positions
/// `row.outStart + d * y` (and likewise for columns) from input positions
/// `row.inStart + d * i`, with sub-image padding `row.padding`.
struct WinogradPhase: Sendable {
    let row: Axis
    let column: Axis

    /// The 2x2 output tiles along the rows and columns.
    var tiles: WinogradProblem.Size { .init(height: (row.outCount + 1) / 2, width: (column.outCount + 1) / 2) }

    /// One dimension of a phase.
    struct Axis: Sendable {
        /// The first output position and the stride between them (the dilation).
        let outStart: Int, step: Int
        /// The output positions of this phase.
        let outCount: Int
        /// The first input position this phase reads, and how many it can read.
        let inStart: Int, inCount: Int
        /// Output position `y` of the phase meets input `y - padding + k` at tap `k`.
        let padding: Int

        /// Phase `phase` of a dimension: output `phase + d * y` reads input
        /// `phase + d * y - padding + d * k`, which is `r + d * (y + q + k)` for
        /// `phase - padding = r + d * q` with `0 <= r < d`.
        init(phase: Int, outSize: Int, inSize: Int, padding: Int, dilation d: Int) {
            outStart = phase
            step = d
            outCount = phase < outSize ? (outSize - phase + d - 1) / d : 0
            let shift = phase - padding
            let r = ((shift % d) + d) % d
            inStart = r
            inCount = r < inSize ? (inSize - r + d - 1) / d : 0
            self.padding = -(shift - r) / d
        }
    }
}

/// A rectangle of 2x2 tiles in one phase, of one sample or (when whole images fit)
/// of several: the unit of work one thread transforms, multiplies and writes back with
/// its own workspace.
struct WinogradBlock: Sendable {
    let phase: Int
    let samples: Range<Int>
    let tileRows: Range<Int>
    let tileColumns: Range<Int>
    var tileCount: Int { samples.count * tileRows.count * tileColumns.count }

    /// The blocks of every phase and sample, each at most `budget` tiles (at least 8):
    /// whole images when one fits, else whole rows of tiles when a row fits, else
    /// pieces of rows of equal width. `tiles` holds each phase's grid of tiles.
    static func cover(_ phaseTiles: [WinogradProblem.Size], batch: Int, budget: Int) -> [WinogradBlock] {
        func even(_ total: Int, _ most: Int) -> Int {
            let parts = (total + most - 1) / most
            return (total + parts - 1) / parts
        }
        let budget = max(budget, 8)
        var blocks: [WinogradBlock] = []
        for (index, tiles) in phaseTiles.enumerated() {
            if tiles.area <= budget {
                let perBlock = even(batch, budget / tiles.area)
                for first in stride(from: 0, to: batch, by: perBlock) {
                    blocks.append(WinogradBlock(phase: index, samples: first..<min(first + perBlock, batch),
                                                tileRows: 0..<tiles.height, tileColumns: 0..<tiles.width))
                }
                continue
            }
            let width = even(tiles.width, budget)
            let height = width == tiles.width ? even(tiles.height, max(1, budget / width)) : 1
            for sample in 0..<batch {
                for top in stride(from: 0, to: tiles.height, by: height) {
                    for left in stride(from: 0, to: tiles.width, by: width) {
                        blocks.append(WinogradBlock(phase: index, samples: sample..<sample + 1,
                                                    tileRows: top..<min(top + height, tiles.height),
                                                    tileColumns: left..<min(left + width, tiles.width)))
                    }
                }
            }
        }
        return blocks
    }
}
