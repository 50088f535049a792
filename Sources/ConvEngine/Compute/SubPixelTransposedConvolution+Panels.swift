import ConvSIMD
import Synchronization

/// The sub-pixel route's float32 products on ``PanelProductAVX2``, where the CPU runs it:
/// each unit's right operand is read from the shifted copies a panel of 24 grid columns
/// at a time, through one row pointer per (tap, input channel), so the taps' runs are not
/// stacked into a matrix first, nor packed a second time by OpenBLAS; each panel's
/// products are written into the output (with the bias) while they are in the L1 cache.
/// In a profile of `convlab bench` these copies and OpenBLAS's packing were a third of
/// grouped_convT's forward, whose product is thin (32 output channels, depth 128).
///
/// The weights are packed per group and phase as the panel product's `A`:
/// `[outChannel / 4][tap][inChannel][outChannel % 4]`, output channels padded with zeros
/// to a multiple of four.
extension SubPixelTransposedConvolution {
    /// A group's output channels rounded up to whole tiles of ``PanelProductAVX2``.
    static func panelRows(_ g: ConvGeometry) -> Int {
        let tile = PanelProductAVX2.tileRows
        return (g.imageChannelsPerGroup + tile - 1) / tile * tile
    }

    /// The scratch a thread needs for one panel: the panel itself and its products.
    static func panelScratchCount(_ plan: SubPixelPlan) -> Int {
        let depth = plan.g.columnChannelsPerGroup * (plan.phases.phases.map(\.taps.count).max() ?? 0)
        return PanelProductAVX2.panelCount(depth: depth) + panelRows(plan.g) * PanelProductAVX2.panelWidth
    }

    /// The forward on the panel products: the weights packed, then the bands handed out
    /// in order, each thread making a band's copies in its scratch and running the band's
    /// units on them.
    /// - Precondition: `T` is `Float`.
    static func forwardOnPanels<T: BLASScalar>(
        _ buffers: Buffers<T>, bias: UnsafeBufferPointer<T>?, _ plan: SubPixelPlan, resources: ComputeResources,
        cancellation: CancellationFlag?
    ) throws(EngineError) {
        let (g, threads) = (plan.g, resources.threads)
        let biases = bias.map { UncheckedBox($0.baseAddress!) }
        // Each band with the rows of the copies it reads.
        let bands = plan.bands(samples: g.batch, threads: threads).map { SubPixelBandCopies($0, plan) }
        let panelScratch = panelScratchCount(plan)
        let scratchCount = panelScratch + (bands.map(\.count).max() ?? 0)
        try resources.pool.withBuffer(T.self, count: packedWeightCount(g)) { (workspace) throws(EngineError) in
            let packed = UncheckedBox(UnsafePointer(workspace))
            packPanels(buffers.weight, into: workspace, plan, threads: threads)
            let next = Atomic<Int>(0)
            Lowering.parallelChunks(min(threads, bands.count), threads: threads) { workers in
                for _ in workers {
                    resources.pool.withBuffer(T.self, count: scratchCount) { scratch in
                        let local = scratch + panelScratch
                        while cancellation?.isCancelled != true {
                            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                            guard index < bands.count else { return }
                            let band = bands[index]
                            band.fill(local, buffers, plan)
                            for unit in band.band.units {
                                runPanels(unit, plan, buffers, packed: packed.value, copies: band,
                                          local: UnsafePointer(local), bias: biases?.value, scratch: scratch)
                            }
                        }
                    }
                }
            }
            try cancellation.check()
        }
    }

    /// One unit on the panel product: per panel of the unit's grid columns, the product
    /// of the phase's weights with the taps' rows (read from the band's `copies`, made at
    /// `local`), then its positions written out.
    /// - Precondition: `T` is `Float`.
    private static func runPanels<T: BLASScalar>(
        _ unit: SubPixelPlan.Unit, _ plan: SubPixelPlan, _ buffers: Buffers<T>, packed: UnsafePointer<T>,
        copies: SubPixelBandCopies, local: UnsafePointer<T>, bias: UnsafePointer<T>?, scratch: UnsafeMutablePointer<T>
    ) {
        precondition(T.self == Float.self, "the panel product is float32 only")
        let g = plan.g
        let phase = plan.phases.phases[unit.phase]
        guard !phase.taps.isEmpty else {
            writeOutputs(unit, plan, buffers, values: nil, pitch: 0, bias: bias, n0: 0)
            return
        }
        let (inChannels, width) = (g.columnChannelsPerGroup, PanelProductAVX2.panelWidth)
        let depth = inChannels * phase.taps.count
        let floats = UnsafeMutableRawPointer(scratch).assumingMemoryBound(to: Float.self)
        let panel = floats, result = floats + PanelProductAVX2.panelCount(depth: depth)
        let groupWeights = packed + unit.group * packedWeightCount(g) / g.groups
            + plan.weightOffsets[unit.phase] / g.imageChannelsPerGroup * panelRows(g)
        let weights = UnsafeRawPointer(groupWeights).assumingMemoryBound(to: Float.self)
        let values = UnsafeRawPointer(result).assumingMemoryBound(to: T.self)
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: depth) { rows in
            for t in phase.taps.indices {
                let source = UnsafeRawPointer(copies.operand(unit, tap: t, copies: local, plan))
                    .assumingMemoryBound(to: Float.self)
                for c in 0..<inChannels { rows[t * inChannels + c] = source + c * copies.channelPitch }
            }
            let rowPointers = UnsafePointer(rows.baseAddress!)
            var column = 0
            while column < unit.columns.count {
                let count = min(width, unit.columns.count - column)
                PanelProductAVX2.multiply(rows: rowPointers, depth: depth, column: column, count: count, a: weights,
                                          rowBlocks: panelRows(g) / PanelProductAVX2.tileRows, panel: panel,
                                          result: result)
                let start = unit.columns.lowerBound + column
                let piece = SubPixelPlan.Unit(group: unit.group, phase: unit.phase, columns: start..<start + count)
                writeOutputs(piece, plan, buffers, values: values, pitch: width, bias: bias, n0: 0)
                column += count
            }
        }
    }

    /// Copies the weights, per group, as each phase's panel-product `A` (see the type's
    /// documentation), the padding rows zero.
    static func packPanels<T: BLASScalar>(
        _ weight: UnsafePointer<T>, into packed: UnsafeMutablePointer<T>, _ plan: SubPixelPlan, threads: Int
    ) {
        let g = plan.g
        let (inChannels, outChannels, volume) = (g.columnChannelsPerGroup, g.imageChannelsPerGroup, g.kernelVolume)
        let (rowsPadded, tile) = (panelRows(g), PanelProductAVX2.tileRows)
        let destination = UncheckedBox(packed)
        let grain = max(1, (1 << 16) / max(outChannels * volume, 1))
        Lowering.parallelChunks(g.groups * inChannels, threads: threads, grain: grain) { range in
            for c in range {
                let (group, channel) = (c / inChannels, c % inChannels)
                let groupBase = destination.value + group * packedWeightCount(g) / g.groups
                for (p, phase) in plan.phases.phases.enumerated() where !phase.taps.isEmpty {
                    let depth = inChannels * phase.taps.count
                    let base = groupBase + plan.weightOffsets[p] / outChannels * rowsPadded
                    for (t, tap) in phase.taps.enumerated() {
                        let k = t * inChannels + channel
                        for o in 0..<rowsPadded {
                            let value = o < outChannels ? weight[(c * outChannels + o) * volume + tap.kernelIndex] : 0
                            base[(o / tile) * depth * tile + k * tile + o % tile] = value
                        }
                    }
                }
            }
        }
    }
}
