/// How ``SubPixelTransposedConvolution`` cuts one call: the phases and shifted copies,
/// where each phase's packed weights go, how many samples share one set of copies, and
/// the units of work (a phase over a range of its grid) handed to the threads.
struct SubPixelPlan {
    /// A phase of a group over grid columns `columns` of a block of samples.
    struct Unit {
        let group: Int
        let phase: Int
        let columns: Range<Int>
    }

    let g: ConvGeometry
    let phases: SubPixelPhases
    let shifted: SubPixelShiftedInput
    /// Where each phase's packed weights start within a group's.
    let weightOffsets: [Int]
    /// Per kernel tap, where its `[inChannel][outChannel]` block goes within a group's
    /// packed weights.
    let tapDestinations: [Int]
    /// Per shifted copy, where it starts, per sample of a block.
    let copyStarts: [Int]
    /// Samples whose copies (of every group) are made at once, within a quarter of the
    /// workspace bound.
    let samplesPerBlock: Int
    /// The most grid columns a unit covers, and each thread's scratch for it (the
    /// stacked operands and the product).
    let sliceColumns: Int
    let threadWorkspace: Int

    /// The smallest number of grid columns per sample that is multiplied sample by
    /// sample; smaller phases batch their samples' grids, padding rows included
    /// (dcgan3, 256 positions per phase: 13.0 ms sample by sample, 15.1 batched).
    static let minimumSampleColumns = 256

    init(_ g: ConvGeometry, threads: Int) {
        self.g = g
        let phases = SubPixelPhases(g), shifted = SubPixelShiftedInput(g, phases)
        (self.phases, self.shifted) = (phases, shifted)
        let (inChannels, outChannels) = (g.columnChannelsPerGroup, g.imageChannelsPerGroup)
        var offsets: [Int] = [], destinations = [Int](repeating: 0, count: g.kernelVolume), offset = 0
        for phase in phases.phases {
            offsets.append(offset)
            for (t, tap) in phase.taps.enumerated() {
                destinations[tap.kernelIndex] = offset + t * inChannels * outChannels
            }
            offset += phase.taps.count * inChannels * outChannels
        }
        weightOffsets = offsets
        tapDestinations = destinations
        copyStarts = shifted.keys.indices.map { shifted.start(of: $0, samples: 1, channels: inChannels) }
        let perSample = shifted.count(samples: 1, channels: inChannels)
        samplesPerBlock = max(1, min(g.batch, ConvKernels.workspaceLimit / 4 / max(perSample * g.groups, 1)))
        let budget = min(SubPixelTransposedConvolution.blockTarget, ConvKernels.workspaceLimit / 2 / max(threads, 1))
        let mostTaps = phases.phases.map(\.taps.count).max() ?? 0
        let perColumn = outChannels + inChannels * mostTaps
        sliceColumns = max(1, budget / perColumn)
        threadWorkspace = perColumn * sliceColumns
    }

    /// The elements of one group's copies for a block of `samples` samples.
    func groupCopies(samples: Int) -> Int { shifted.count(samples: samples, channels: g.columnChannelsPerGroup) }

    /// Where tap `t` of the unit's phase reads the unit's first grid column, in the
    /// copies of a block of `samples` samples (channel 0; the next channels follow at
    /// ``channelPitch(_:samples:)``).
    func operand<T>(_ unit: Unit, tap t: Int, copies: UnsafePointer<T>, samples: Int) -> UnsafePointer<T> {
        let key = shifted.tapKeys[unit.phase][t]
        return copies + groupCopies(samples: samples) * unit.group + copyStarts[key] * samples
            + shifted.tapOffsets[unit.phase][t] + unit.columns.lowerBound
    }

    /// The distance between one input channel's copy and the next for the unit's phase.
    func channelPitch(_ unit: Unit, samples: Int) -> Int {
        samples * shifted.pitch(width: phases.phases[unit.phase].size.2)
    }

    /// A phase's grid: rows per depth slice and slices per sample (the shifted copies'
    /// padded sizes, or the phase's own for a phase with no taps, which reads nothing).
    func grid(_ phase: SubPixelPhases.Phase) -> (depth: Int, height: Int, pitch: Int) {
        let (depth, height) = phase.taps.isEmpty ? (phase.size.0, phase.size.1)
            : (shifted.paddedDepth, shifted.paddedHeight)
        return (depth, height, depth * height * phase.size.2)
    }

    /// The units for a block of `samples` samples, costliest first: per group and phase, each
    /// sample's grid (or all samples' at once when small), in slices of at most
    /// ``sliceColumns`` columns.
    func units(samples: Int) -> [Unit] {
        var units: [(cost: Int, unit: Unit)] = []
        for (p, phase) in phases.phases.enumerated() where phase.positions > 0 {
            let grid = grid(phase)
            let span = ((phase.size.0 - 1) * grid.height + phase.size.1) * phase.size.2
            let spans = span >= Self.minimumSampleColumns || samples == 1
                ? (0..<samples).map { $0 * grid.pitch..<$0 * grid.pitch + span }
                : [0..<(samples - 1) * grid.pitch + span]
            for group in 0..<g.groups {
                for range in spans {
                    let pieces = (range.count + sliceColumns - 1) / sliceColumns
                    for piece in 0..<pieces {
                        let lo = range.lowerBound + range.count * piece / pieces
                        let hi = range.lowerBound + range.count * (piece + 1) / pieces
                        units.append(((phase.taps.count * g.columnChannelsPerGroup + 1) * (hi - lo),
                                      Unit(group: group, phase: p, columns: lo..<hi)))
                    }
                }
            }
        }
        return units.sorted { $0.cost > $1.cost }.map(\.unit)
    }

    /// One item of the panel route's work: every phase's unit over the same band of
    /// one sample and group, run in turn by one thread.
    struct Band {
        let sample: Int
        let group: Int
        let units: [Unit]
    }

    /// The panel route's work for `samples` samples: per sample, group and band, every
    /// phase's unit over that band (the same share of each phase's grid). The phases
    /// interleave in the output (stride 8 puts 64 phases' positions into every band of 8
    /// rows), so a band's output lines are written by all its phases while they are in
    /// that thread's cache, and by no other thread. A band spans at most about
    /// ``bandTarget`` output elements, its copies (``SubPixelBandCopies``) about a
    /// quarter of the workspace bound over all threads, and there are at least four
    /// bands per thread.
    func bands(samples: Int, threads: Int) -> [Band] {
        let blocks = samples * g.groups
        let byCache = (g.imageChannelsPerGroup * g.imagePlane + Self.bandTarget - 1) / Self.bandTarget
        let copies = shifted.count(samples: 1, channels: g.columnChannelsPerGroup) * max(threads, 1)
        let byCopies = (copies + ConvKernels.workspaceLimit / 4 - 1) / (ConvKernels.workspaceLimit / 4)
        let count = max(1, byCache, byCopies, (4 * threads + blocks - 1) / blocks)
        /// Per phase with positions: its index, its grid columns holding positions, and its sample pitch.
        let spans = phases.phases.indices.compactMap { p -> (phase: Int, span: Int, pitch: Int)? in
            let phase = phases.phases[p], grid = grid(phase)
            guard phase.positions > 0 else { return nil }
            return (p, ((phase.size.0 - 1) * grid.height + phase.size.1) * phase.size.2, grid.pitch)
        }
        var bands: [Band] = []
        for sample in 0..<samples {
            for group in 0..<g.groups {
                for band in 0..<count {
                    let units = spans.compactMap { p -> Unit? in
                        let (lo, hi) = (p.span * band / count, p.span * (band + 1) / count)
                        guard lo < hi else { return nil }
                        let base = sample * p.pitch
                        return Unit(group: group, phase: p.phase, columns: base + lo..<base + hi)
                    }
                    bands.append(Band(sample: sample, group: group, units: units))
                }
            }
        }
        return bands
    }

    /// The output elements a band of ``bands(samples:threads:)`` aims to cover at most
    /// (1 MiB in float32, half a core's L2 cache).
    static let bandTarget = 1 << 18

    /// Calls `body(column, sample, q0, q1, q2, length)` for each run of the unit's grid
    /// columns that are phase positions (`column` counts from the unit's first).
    @inline(__always)
    func forEachRow(
        _ unit: Unit, _ body: (_ column: Int, _ sample: Int, _ q0: Int, _ q1: Int, _ q2: Int, _ length: Int) -> Void
    ) {
        let phase = phases.phases[unit.phase]
        let grid = grid(phase)
        let rowLength = phase.size.2
        let (start, end) = (unit.columns.lowerBound, unit.columns.upperBound)
        var sample = start / grid.pitch
        var rest = start % grid.pitch
        var q0 = rest / (grid.height * rowLength)
        rest %= grid.height * rowLength
        var q1 = rest / rowLength, q2 = rest % rowLength
        var column = start
        while column < end {
            let length = min(rowLength - q2, end - column)
            if q0 < phase.size.0, q1 < phase.size.1 { body(column - start, sample, q0, q1, q2, length) }
            column += length
            q2 = 0
            q1 += 1
            if q1 == grid.height {
                q1 = 0
                q0 += 1
                if q0 == grid.depth { q0 = 0; sample += 1 }
            }
        }
    }
}
