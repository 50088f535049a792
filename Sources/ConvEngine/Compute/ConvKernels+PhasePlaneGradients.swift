import ConvSIMD

/// A 1-D or 2-D transposed convolution's input and weight gradients in float32 on AVX2 +
/// FMA with no lowered matrix: the output gradient is cut into ``PhasePlanes`` once, and
/// each (channel, tap) of it is a row pointer into them. The input gradient is
/// ``PanelProductAVX2``'s product of the weights with those rows, a panel of grid columns
/// at a time; the weight gradient is ``PanelProductAVX2/accumulateRowProducts(rows:rowCount:starts:lengths:segmentCount:a:blocks:result:)``
/// of the packed input with the same rows, along the grid's used columns.
///
/// Against ``ConvKernels/transposedGradients(gradOutput:input:weight:gradInput:gradWeight:geometry:resources:cancellation:blockBudget:split:)``
/// (the lowered patches, then OpenBLAS) it saves writing the patches (`kernel` times the
/// output gradient) and OpenBLAS's packing of them; grouped_convT's backward spent a
/// quarter of its time on the two. The sums run in another order again, so this route too
/// is for layers where PyTorch takes oneDNN.
///
/// Threads: each takes a share of a block's samples, or with fewer samples than threads a
/// share of every sample's positions, in every group, summing the weight gradient into
/// its own copy per group (laid out `[channel, tap][input channel]`, added and transposed
/// at the end).
/// Memory: a block of samples' planes (at most ``ConvKernels/phasePlaneBudget`` floats,
/// about the output gradient's size), the packed weights, and per thread a panel, a
/// packed piece of the input and the weight gradient's copy.
extension ConvKernels {
    /// The floats a block of samples' planes may take.
    static let phasePlaneBudget = 1 << 22
    /// The positions of the input packed at a time for the weight gradient (16 KiB per
    /// block of 16 channels, a third of a core's L1 cache).
    static let rowProductChunk = 256

    /// Whether ``phasePlaneGradients(gradOutput:input:weight:gradInput:gradWeight:geometry:resources:cancellation:)``
    /// can take `g`: 1-D or 2-D, with samples and positions, and one sample's planes
    /// within ``phasePlaneBudget``.
    static func takesPhasePlanes(_ g: ConvGeometry) -> Bool {
        guard sharesTransposedLowering(g), let planes = PhasePlanes(g) else { return false }
        return g.groups * planes.sampleCount <= phasePlaneBudget
    }

    /// `gradInput = conv(gradOutput, W)` and `gradWeight = sum_n x[n] * patches(gradOutput[n])^T`
    /// per group, for contiguous float32 buffers; shapes as in
    /// ``transposedGradients(gradOutput:input:weight:gradInput:gradWeight:geometry:resources:cancellation:blockBudget:split:)``.
    /// Either gradient comes out the same whether or not the other is asked for.
    /// - Precondition: ``takesPhasePlanes(_:)``.
    static func phasePlaneGradients(
        gradOutput: UnsafeBufferPointer<Float>, input: UnsafeBufferPointer<Float>, weight: UnsafeBufferPointer<Float>,
        gradInput: UnsafeMutableBufferPointer<Float>?, gradWeight: UnsafeMutableBufferPointer<Float>?,
        geometry g: ConvGeometry, resources: ComputeResources, cancellation: CancellationFlag?
    ) throws(EngineError) {
        precondition(takesPhasePlanes(g))
        guard gradInput != nil || gradWeight != nil else { return }
        let work = PhasePlaneWork(g, threads: resources.threads, operands: PhasePlaneOperands(
            gradOutput: gradOutput.baseAddress!, input: input.baseAddress!, weight: weight.baseAddress!,
            gradInput: gradInput?.baseAddress, gradWeight: gradWeight?.baseAddress))
        try resources.pool.withBuffer(Float.self, count: work.sharedCount) { (shared) throws(EngineError) in
            try resources.pool.withBuffer(Float.self, count: work.threads * work.scratchCount) { (scratch) throws(EngineError) in
                try work.run(shared: shared, scratch: scratch, cancellation: cancellation)
            }
        }
    }
}

/// The buffers of ``ConvKernels/phasePlaneGradients(gradOutput:input:weight:gradInput:gradWeight:geometry:resources:cancellation:)``
/// as raw pointers, shareable with worker threads.
private struct PhasePlaneOperands: @unchecked Sendable {
    let gradOutput: UnsafePointer<Float>
    let input: UnsafePointer<Float>
    let weight: UnsafePointer<Float>
    let gradInput: UnsafeMutablePointer<Float>?
    let gradWeight: UnsafeMutablePointer<Float>?
}

/// One call's sizes and steps: every group's weights packed, then block by block of
/// samples the planes filled and each thread's share computed, then the weight
/// gradient's copies added.
private struct PhasePlaneWork: @unchecked Sendable {
    let g: ConvGeometry
    let layout: PhasePlanes
    let threads: Int
    let operands: PhasePlaneOperands
    /// The products' depth: the output gradient's channels times the taps.
    let depth: Int
    /// Input channels rounded up to the panel product's tiles, and to the row products' blocks.
    let panelRows: Int, rowBlocks: Int
    let samplesPerBlock: Int
    /// Where each tap reads, from a channel's first plane.
    let tapOffsets: [Int]

    init(_ g: ConvGeometry, threads: Int, operands: PhasePlaneOperands) {
        self.g = g
        layout = PhasePlanes(g)!
        self.threads = max(1, threads)
        self.operands = operands
        depth = g.imageChannelsPerGroup * g.kernelVolume
        let tile = PanelProductAVX2.tileRows, block = PanelProductAVX2.rowProductBlock
        panelRows = (g.columnChannelsPerGroup + tile - 1) / tile * tile
        rowBlocks = (g.columnChannelsPerGroup + block - 1) / block
        samplesPerBlock = max(1, min(g.batch, ConvKernels.phasePlaneBudget / (g.groups * layout.sampleCount)))
        tapOffsets = (0..<g.kernelVolume).map(layout.tapOffset)
    }

    var weightPitch: Int { rowBlocks * PanelProductAVX2.rowProductBlock }
    /// A block's planes: per sample, every group's.
    var planesCount: Int { samplesPerBlock * g.groups * layout.sampleCount }
    /// A group's packed weights.
    var packedCount: Int { panelRows * depth }
    /// A thread's copy of a group's weight gradient.
    var copyCount: Int { depth * weightPitch }
    /// The planes, every group's packed weights and the threads' weight-gradient copies.
    var sharedCount: Int { planesCount + g.groups * (packedCount + threads * copyCount) }
    var panelScratch: Int { PanelProductAVX2.panelCount(depth: depth) + panelRows * PanelProductAVX2.panelWidth }
    /// Per thread: a panel with its products, and a packed piece of the input.
    var scratchCount: Int { max(panelScratch, weightPitch * ConvKernels.rowProductChunk) }

    /// Every group's weights packed, then block by block of samples each thread's
    /// share in every group, then the copies added.
    func run(shared: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>,
             cancellation: CancellationFlag?) throws(EngineError) {
        let planeBlock = UncheckedBox(shared), packed = UncheckedBox(shared + planesCount)
        let copies = UncheckedBox(packed.value + g.groups * packedCount)
        let (groups, imageChannels) = (g.groups, g.imageChannelsPerGroup)
        if operands.gradInput != nil {
            for group in 0..<groups { packWeights(group: group, into: packed.value + group * packedCount) }
        }
        if operands.gradWeight != nil { copies.value.update(repeating: 0, count: groups * threads * copyCount) }
        func copy(group: Int, worker: Int) -> UnsafeMutablePointer<Float> {
            copies.value + (group * threads + worker) * copyCount
        }
        var n0 = 0
        while n0 < g.batch {
            let count = min(samplesPerBlock, g.batch - n0)
            // Sample j's planes of a group (each filled once per block).
            func planes(_ j: Int, _ group: Int) -> UnsafeMutablePointer<Float> {
                planeBlock.value + (j * groups + group) * layout.sampleCount
            }
            func fill(sample j: Int, group: Int, channels: Range<Int>) {
                for channel in channels {
                    let image = operands.gradOutput + (((n0 + j) * groups + group) * imageChannels + channel) * g.imagePlane
                    layout.fill(channel: planes(j, group) + channel * layout.channelCount, from: image)
                }
            }
            // A thread with samples of its own fills their planes just before it reads
            // them (while they are in its cache); threads sharing samples fill them first.
            let ownSamples = count >= threads
            if !ownSamples {
                Lowering.parallelChunks(count * groups * imageChannels, threads: threads) { items in
                    for item in items {
                        let (j, rest) = (item / (groups * imageChannels), item % (groups * imageChannels))
                        let (group, channel) = (rest / imageChannels, rest % imageChannels)
                        fill(sample: j, group: group, channels: channel..<channel + 1)
                    }
                }
            }
            let positions = g.columnPlane
            let shares: [(samples: Range<Int>, positions: Range<Int>)] = ownSamples
                ? Share.split(count, into: threads).map { ($0, 0..<positions) }
                : Share.split(positions, into: threads).map { (0..<count, $0) }
            Lowering.parallelChunks(shares.count, threads: threads) { workers in
                for worker in workers {
                    for j in shares[worker].samples where cancellation?.isCancelled != true {
                        for group in 0..<groups {
                            if ownSamples { fill(sample: j, group: group, channels: 0..<imageChannels) }
                            runShare(sample: n0 + j, group: group, planes: planes(j, group),
                                     positions: shares[worker].positions, packed: packed.value + group * packedCount,
                                     copy: copy(group: group, worker: worker), scratch: scratch + worker * scratchCount)
                        }
                    }
                }
            }
            try cancellation.check()
            n0 += count
        }
        if let gradWeight = operands.gradWeight { addCopies(copies.value, into: gradWeight) }
    }

    /// The group's weights as the panel product's `A`: `[channel / 4][depth][channel % 4]`.
    private func packWeights(group: Int, into packed: UnsafeMutablePointer<Float>) {
        let tile = PanelProductAVX2.tileRows
        let weights = operands.weight + group * g.columnChannelsPerGroup * depth
        for c in 0..<panelRows {
            let block = packed + (c / tile) * depth * tile + c % tile
            if c < g.columnChannelsPerGroup {
                let row = weights + c * depth
                for d in 0..<depth { block[d * tile] = row[d] }
            } else {
                for d in 0..<depth { block[d * tile] = 0 }
            }
        }
    }

    /// One sample's positions of a share: both products over the same row pointers.
    private func runShare(
        sample n: Int, group: Int, planes: UnsafeMutablePointer<Float>, positions: Range<Int>,
        packed: UnsafePointer<Float>, copy: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
    ) {
        guard !positions.isEmpty else { return }
        let columnChannels = g.columnChannelsPerGroup
        let sampleOffset = (n * g.groups + group) * columnChannels * g.columnPlane
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: depth) { rows in
            for channel in 0..<g.imageChannelsPerGroup {
                let base = UnsafePointer(planes + channel * layout.channelCount)
                for (k, offset) in tapOffsets.enumerated() { rows[channel * g.kernelVolume + k] = base + offset }
            }
            let rowPointers = UnsafePointer(rows.baseAddress!)
            if let gradInput = operands.gradInput {
                inputGradient(rows: rowPointers, positions: positions, packed: packed,
                              into: gradInput + sampleOffset, scratch: scratch)
            }
            if operands.gradWeight != nil {
                weightGradient(rows: rowPointers, positions: positions, input: operands.input + sampleOffset,
                               copy: copy, scratch: scratch)
            }
        }
    }

    /// The input gradient of `positions`: panel by panel of the grid columns they span,
    /// each panel's used columns copied out.
    private func inputGradient(
        rows: UnsafePointer<UnsafePointer<Float>>, positions: Range<Int>, packed: UnsafePointer<Float>,
        into gradInput: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
    ) {
        let (width, used) = (layout.width, g.columnSize[2])
        let panelWidth = PanelProductAVX2.panelWidth
        let result = scratch + PanelProductAVX2.panelCount(depth: depth)
        var column = layout.gridColumn(positions.lowerBound)
        let end = layout.gridColumn(positions.upperBound - 1) + 1
        while column < end {
            let count = min(panelWidth, end - column)
            PanelProductAVX2.multiply(rows: rows, depth: depth, column: column, count: count, a: packed,
                                      rowBlocks: panelRows / PanelProductAVX2.tileRows, panel: scratch, result: result)
            var j = 0
            while j < count {
                let (row, x) = ((column + j) / width, (column + j) % width)
                guard x < used else {
                    j += width - x
                    continue
                }
                let run = min(used - x, count - j)
                let target = gradInput + row * used + x
                for c in 0..<g.columnChannelsPerGroup {
                    (target + c * g.columnPlane).update(from: result + c * panelWidth + j, count: run)
                }
                j += run
            }
            column += count
        }
    }

    /// The weight gradient of `positions` added into the thread's copy: the input packed a
    /// chunk of positions at a time, the row products along the chunk's grid segments.
    private func weightGradient(
        rows: UnsafePointer<UnsafePointer<Float>>, positions: Range<Int>, input: UnsafePointer<Float>,
        copy: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
    ) {
        let used = g.columnSize[2], block = PanelProductAVX2.rowProductBlock
        let chunk = ConvKernels.rowProductChunk
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * chunk) { segments in
            let starts = segments.baseAddress!, lengths = starts + chunk
            var first = positions.lowerBound
            while first < positions.upperBound {
                let count = min(chunk, positions.upperBound - first)
                var segmentCount = 0, p = first
                while p < first + count {
                    let length = min(used - p % used, first + count - p)
                    starts[segmentCount] = layout.gridColumn(p)
                    lengths[segmentCount] = length
                    segmentCount += 1
                    p += length
                }
                for c in 0..<weightPitch {
                    let target = scratch + (c / block) * count * block + c % block
                    if c < g.columnChannelsPerGroup {
                        let source = input + c * g.columnPlane + first
                        for k in 0..<count { target[k * block] = source[k] }
                    } else {
                        for k in 0..<count { target[k * block] = 0 }
                    }
                }
                PanelProductAVX2.accumulateRowProducts(rows: rows, rowCount: depth, starts: starts, lengths: lengths,
                                                       segmentCount: segmentCount, a: scratch, blocks: rowBlocks,
                                                       result: copy)
                first += count
            }
        }
    }

    /// `gradWeight[group][c][d]`: the threads' copies of the group (`[d][c]`) added in
    /// thread order, transposed a tile of 16 x 16 at a time (whole cache lines read and
    /// written).
    private func addCopies(_ copies: UnsafeMutablePointer<Float>, into gradWeight: UnsafeMutablePointer<Float>) {
        let (target, source) = (UncheckedBox(gradWeight), UncheckedBox(copies))
        let (channels, side) = (g.columnChannelsPerGroup, 16)
        let runs = (channels + side - 1) / side
        Lowering.parallelChunks(g.groups * runs, threads: threads, grain: max(1, (1 << 14) / (side * depth))) { range in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: side * side) { tile in
                for item in range {
                    let (group, first) = (item / runs, item % runs * side)
                    let count = min(side, channels - first)
                    let copies = source.value + group * threads * copyCount + first
                    let result = target.value + (group * channels + first) * depth
                    var d0 = 0
                    while d0 < depth {
                        let rows = min(side, depth - d0)
                        for d in 0..<rows {
                            let row = copies + (d0 + d) * weightPitch
                            for c in 0..<count {
                                var sum = row[c]
                                for t in 1..<threads { sum += row[t * copyCount + c] }
                                tile[c * side + d] = sum
                            }
                        }
                        for c in 0..<count {
                            (result + c * depth + d0).update(from: tile.baseAddress! + c * side, count: rows)
                        }
                        d0 += rows
                    }
                }
            }
        }
    }
}

extension ConvKernels {
    /// Whether a float32 transposed convolution's gradients take
    /// ``phasePlaneGradients(gradOutput:input:weight:gradInput:gradWeight:geometry:resources:cancellation:)``
    /// rather than the shared lowering: where the CPU runs AVX2 + FMA, the route can take
    /// the layer, the products are at least 256 deep (their tiles' loads and stores and
    /// the packing of the input small beside their sums) and the input has at most 64
    /// channels per group (the panel product reads a group's whole weights for every
    /// panel of 24 positions, and the row products' copy of the weight gradient is read
    /// and written for every chunk of 256: with more channels, OpenBLAS's blocked
    /// products on the lowered patches win).
    ///
    /// Measured in `convlab bench --direction backward` (2 threads, against the shared
    /// lowering, interleaved): grouped_convT 0.77-0.81 and fcn_up8 0.75-0.79 take it;
    /// dcgan3 (128 channels) 0.96-1.12, dcgan2 (256) 0.92-1.12, dcgan1 (512) 1.7, dcgan4
    /// (48 deep) 1.06-1.24 and convT1d (128 deep) 1.05-1.16 do not.
    static func prefersPhasePlanes(_ g: ConvGeometry) -> Bool {
        let depth = g.imageChannelsPerGroup * g.kernelVolume
        return SIMDSupport.haswell && depth >= 256 && g.columnChannelsPerGroup <= 64
            && takesPhasePlanes(g)
    }
}
