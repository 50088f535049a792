/// A strided 2-D convolution's one direction in the terms of ``SubPixelWinograd``: split,
/// per dimension, into residues modulo the stride, each a stride-1 correlation with one
/// or two of the kernel's taps at consecutive offsets of a plane.
///
/// - ``Direction/transposed`` (a transposed convolution, or a convolution's input
///   gradient): the residues are the output's sub-pixel phases (``SubPixelPhases``); the
///   plane is the input itself, and each phase writes its own outputs.
/// - ``Direction/convolution`` (a strided convolution, or a transposed convolution's
///   input gradient): the residues are the input's phases (every stride-th position from
///   the residue on), each correlated with the taps that land on it; every phase adds
///   into all of the outputs.
///
/// Output `q` of a residue is output position `outStart + step * q`; at tap `t` it reads
/// plane position `q + offset + t`, which is input position `inStart + inStep * (q + offset + t)`
/// (zero outside the input).
///
/// It exists for kernels between one and two strides long with no dilation (DCGAN's
/// `k4 s2`, U-Net's `k3 s2`, `k16 s8`), where every residue has one or two taps.
struct SubPixelWinogradProblem: Sendable {
    /// Which of a geometry's two directions is computed.
    enum Direction: Sendable {
        /// Columns to image: the output split into phases.
        case transposed
        /// Image to columns: the input split into phases, summed into the output.
        case convolution
    }

    /// One residue of one dimension.
    struct Residue: Sendable {
        /// The first output position of the residue and the step between them.
        let outStart: Int, step: Int
        /// The output positions of the residue.
        let outCount: Int
        /// Plane offset of the first tap: output `q` reads plane position `q + offset + t` at tap `t`.
        let offset: Int
        /// The kernel index of each tap, in order of plane offset (one or two taps).
        let kernelIndices: [Int]
        /// The input position of plane position 0 and the step between plane positions.
        let inStart: Int, inStep: Int
        /// The plane's length along this dimension (positions outside it read zero).
        let inCount: Int

        var taps: Int { kernelIndices.count }
        /// Transformed values per two-output tile: three for two taps (F(2, 2)), two for one.
        var points: Int { taps + 1 }
        /// Tiles of two outputs.
        var tiles: Int { (outCount + 1) / 2 }
    }

    /// One phase: a residue of the rows and one of the columns.
    struct Phase: Sendable {
        let row: Residue, column: Residue
        /// The transformed values (and products) per tile.
        var points: Int { row.points * column.points }
        var tiles: WinogradProblem.Size { .init(height: row.tiles, width: column.tiles) }
    }

    let direction: Direction
    let batch: Int
    let groups: Int
    /// The planes read (the input's channels) and written, per group.
    let inChannels: Int, outChannels: Int
    let inSize: WinogradProblem.Size, outSize: WinogradProblem.Size
    let kernelSize: WinogradProblem.Size
    /// The distances in the weight `[groups * columnChannels, imageChannels, kernel...]`
    /// between two input channels' and two output channels' kernels of a group.
    let weightInChannelStride: Int, weightOutChannelStride: Int
    /// The phases with outputs, rows' residues outermost.
    let phases: [Phase]
    /// Where each phase's transformed weights start within a group's.
    let weightOffsets: [Int]
    /// The transformed weights of one group: `points * outChannels * inChannels` per phase.
    let weightsPerGroup: Int

    /// Whether the phases add into the same outputs (``Direction/convolution``).
    var phasesShareOutputs: Bool { direction == .convolution }

    /// `direction` of `g`, or nil where a residue has no tap or more than two, or there is
    /// dilation, or the geometry is not 2-D.
    init?(_ g: ConvGeometry, direction: Direction = .transposed) {
        guard g.imageSize[0] == 1, g.columnSize[0] == 1, g.kernel[0] == 1, g.dilation.allSatisfy({ $0 == 1 }) else {
            return nil
        }
        let transposed = direction == .transposed
        func residues(_ d: Int) -> [Residue]? {
            let (s, p, k) = (g.stride[d], g.paddingBefore[d], g.kernel[d])
            var result: [Residue] = []
            for r in 0..<s {
                if transposed {
                    // Output r + s * q takes taps k with r + p - k divisible by the stride,
                    // reading input q + (r + p - k) / s.
                    let taps = (0..<k).filter { (r + p - $0) % s == 0 }.sorted { $0 > $1 }
                    guard (1...2).contains(taps.count) else { return nil }
                    let outCount = r < g.imageSize[d] ? (g.imageSize[d] - r + s - 1) / s : 0
                    result.append(Residue(outStart: r, step: s, outCount: outCount, offset: (r + p - taps[0]) / s,
                                          kernelIndices: taps, inStart: 0, inStep: 1, inCount: g.columnSize[d]))
                } else {
                    // Output q reads input s * q + k - p at tap k: plane r's position
                    // q + (k - p - r) / s for the taps with k - p - r divisible by the stride.
                    let taps = (0..<k).filter { ($0 - p - r) % s == 0 }
                    guard (1...2).contains(taps.count) else { return nil }
                    let planeCount = r < g.imageSize[d] ? (g.imageSize[d] - r + s - 1) / s : 0
                    result.append(Residue(outStart: 0, step: 1, outCount: g.columnSize[d], offset: (taps[0] - p - r) / s,
                                          kernelIndices: taps, inStart: r, inStep: s, inCount: planeCount))
                }
            }
            return result
        }
        guard let rows = residues(1), let columns = residues(2) else { return nil }
        self.direction = direction
        batch = g.batch
        groups = g.groups
        let volume = g.kernelVolume
        if transposed {
            inChannels = g.columnChannelsPerGroup
            outChannels = g.imageChannelsPerGroup
            inSize = .init(height: g.columnSize[1], width: g.columnSize[2])
            outSize = .init(height: g.imageSize[1], width: g.imageSize[2])
            (weightInChannelStride, weightOutChannelStride) = (outChannels * volume, volume)
        } else {
            inChannels = g.imageChannelsPerGroup
            outChannels = g.columnChannelsPerGroup
            inSize = .init(height: g.imageSize[1], width: g.imageSize[2])
            outSize = .init(height: g.columnSize[1], width: g.columnSize[2])
            (weightInChannelStride, weightOutChannelStride) = (volume, inChannels * volume)
        }
        kernelSize = .init(height: g.kernel[1], width: g.kernel[2])
        // A phase with no outputs (transposed) or no plane to read (convolution) adds nothing.
        phases = rows.flatMap { row in columns.map { Phase(row: row, column: $0) } }
            .filter { $0.row.outCount > 0 && $0.column.outCount > 0 && $0.row.inCount > 0 && $0.column.inCount > 0 }
        var offsets: [Int] = [], total = 0
        for phase in phases {
            offsets.append(total)
            total += phase.points * inChannels * outChannels
        }
        weightOffsets = offsets
        weightsPerGroup = total
    }

    /// The products the transforms leave, over the direct definition's multiply-adds
    /// (per pair of channels): 9/16 for `k4 s2`, 25/36 for `k3 s2`, 1 when every residue
    /// has one tap.
    var productRatio: Double {
        let products = phases.reduce(0) { $0 + $1.points * $1.tiles.area }
        let direct = phases.reduce(0) { $0 + $1.row.taps * $1.column.taps * 4 * $1.tiles.area }
        return direct == 0 ? 1 : Double(products) / Double(direct)
    }
}
