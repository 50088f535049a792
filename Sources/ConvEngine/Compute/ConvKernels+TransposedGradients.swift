/// A transposed convolution's input and weight gradients from one lowering of the
/// output gradient.
///
/// In ``ConvGeometry``'s terms a transposed convolution's output gradient is the image:
/// its input gradient is `W * im2col(gradOutput)` (a convolution) and its weight gradient
/// `sum over n of x[n] * im2col(gradOutput[n])^T`, the same lowered patches. Taken apart,
/// ``ConvKernels/convolution(input:weight:bias:output:geometry:resources:cancellation:)``
/// and ``ConvKernels/weightGradient(columns:image:gradWeight:geometry:resources:cancellation:)``
/// each lower the whole output gradient; here each block is lowered once and feeds both
/// products. Both gradients sum in another order than the separate kernels (other blocks,
/// the samples split between threads), so this route is for layers where PyTorch takes
/// oneDNN.
///
/// Threads: each takes a share of the samples, or with fewer samples than threads a share
/// of every sample's positions (a U-Net's single image), summing the weight gradient into
/// its own copy of the group's (the copies added at the end); the lowered patches of a
/// position feed that position's input gradient, so the threads never wait on each other
/// within a group. Memory: per thread, a block of lowered patches with the block's two
/// column-side matrices (``ConvKernels/sharedLoweringBudget(_:)``), plus the copies.
extension ConvKernels {
    /// Whether ``transposedGradients(gradOutput:input:weight:gradInput:gradWeight:geometry:resources:cancellation:)``
    /// takes the layer: anything with samples and positions.
    static func sharesTransposedLowering(_ g: ConvGeometry) -> Bool {
        g.batch > 0 && g.columnPlane > 0 && g.imagePlane > 0
    }

    /// The workspace a thread of the shared lowering aims for, in elements: near the
    /// core's L2 cache (1 MiB in float32), since the lowered patches are read by two
    /// products, unless the weight gradient is large. Every block reads and writes the
    /// whole `outChannels x rows` weight gradient once, so a block has at least
    /// `4 * outChannels` columns (DCGAN's 512-channel layers), which keeps that traffic
    /// within a quarter of the patches', up to ``ConvKernels/blockTarget``.
    static func sharedLoweringBudget(_ g: ConvGeometry) -> Int {
        let perColumn = g.imageChannelsPerGroup * g.kernelVolume + 2 * g.columnChannelsPerGroup
        return min(blockTarget, max(1 << 18, perColumn * 4 * g.columnChannelsPerGroup))
    }

    /// `gradInput = conv(gradOutput, W)` and `gradWeight = sum_n x[n] * im2col(gradOutput[n])^T`
    /// per group, for contiguous buffers.
    /// - Parameters:
    ///   - gradOutput: `[batch, groups * imageChannelsPerGroup, image...]`.
    ///   - input: `[batch, groups * columnChannelsPerGroup, columns...]`.
    ///   - gradInput: shaped as `input`, overwritten; nil when not wanted.
    ///   - gradWeight: `[groups * columnChannelsPerGroup, imageChannelsPerGroup, kernel...]`,
    ///     overwritten; nil when not wanted. Either gradient comes out the same whether or
    ///     not the other is asked for.
    /// - Precondition: ``sharesTransposedLowering(_:threads:)``.
    static func transposedGradients<T: BLASScalar>(
        gradOutput: UnsafeBufferPointer<T>, input: UnsafeBufferPointer<T>, weight: UnsafeBufferPointer<T>,
        gradInput: UnsafeMutableBufferPointer<T>?, gradWeight: UnsafeMutableBufferPointer<T>?,
        geometry g: ConvGeometry, resources: ComputeResources, cancellation: CancellationFlag?
    ) throws(EngineError) {
        let threads = resources.threads
        precondition(sharesTransposedLowering(g))
        guard gradInput != nil || gradWeight != nil else { return }
        let operands = SharedLoweringOperands(image: gradOutput.baseAddress!, columns: input.baseAddress!,
                                              weight: weight.baseAddress!, gradInput: gradInput?.baseAddress,
                                              gradWeight: gradWeight?.baseAddress)
        let allSamples = 0..<g.batch, allPositions = 0..<g.columnPlane
        let shares: [(samples: Range<Int>, positions: Range<Int>)] = g.batch >= threads
            ? Share.split(g.batch, into: threads).map { ($0, allPositions) }
            : Share.split(g.columnPlane, into: threads).map { (allSamples, $0) }
        let budget = min(workspaceLimit / shares.count, sharedLoweringBudget(g))
        let groupSize = g.columnChannelsPerGroup * g.imageChannelsPerGroup * g.kernelVolume
        let copies = gradWeight == nil ? 0 : shares.count - 1
        try resources.pool.withBuffer(T.self, count: copies * groupSize) { (partials) throws(EngineError) in
            let partialBox = UncheckedBox(partials)
            for group in 0..<g.groups {
                let groupResult = operands.gradWeight.map { $0 + group * groupSize }
                Lowering.parallelChunks(shares.count, threads: threads) { workers in
                    for worker in workers {
                        let target = groupResult.map { worker > 0 ? partialBox.value + (worker - 1) * groupSize : $0 }
                        transposedGradientsWorker(operands, target.map { UncheckedBox($0) }, g, group: group,
                                                  samples: shares[worker].samples, positions: shares[worker].positions,
                                                  budget: budget, pool: resources.pool, cancellation: cancellation)
                    }
                }
                try cancellation.check()
                guard copies > 0, let groupResult else { continue }
                let sum = UncheckedBox(groupResult)
                Lowering.parallelChunks(groupSize, threads: threads, grain: 1 << 14) { range in
                    for copy in 0..<copies {
                        let partial = partialBox.value + copy * groupSize
                        for i in range { sum.value[i] += partial[i] }
                    }
                }
            }
        }
    }

    /// One thread's samples and positions of a group, block by block: the block lowered
    /// once, then the convolution's product into the input gradient and the column-side
    /// rows times the lowered patches into `target`.
    private static func transposedGradientsWorker<T: BLASScalar>(
        _ operands: SharedLoweringOperands<T>, _ target: UncheckedBox<UnsafeMutablePointer<T>>?, _ g: ConvGeometry,
        group: Int, samples: Range<Int>, positions share: Range<Int>, budget: Int, pool: WorkspacePool,
        cancellation: CancellationFlag?
    ) {
        let x = operands.columns
        let rows = g.imageChannelsPerGroup * g.kernelVolume
        let outChannels = g.columnChannelsPerGroup
        let positions = g.columnPlane
        guard !samples.isEmpty, !share.isEmpty else {
            target?.value.update(repeating: 0, count: outChannels * rows)
            return
        }
        // Per column: the lowered patches, the input gradient's block and the packed rows of x.
        let blocks = Blocking(samples: samples, positions: share.count, perColumn: rows + 2 * outChannels, budget: budget)
        pool.withBuffer(T.self, count: blocks.workspaceSize) { cols in
            let block = cols + rows * blocks.columnsPerBlock
            let packed = block + outChannels * blocks.columnsPerBlock
            let w = operands.weight + group * outChannels * rows
            var accumulate = false
            blocks.forEach(cancellation) { n0, count, offset, width in
                let start = share.lowerBound + offset
                let samplesInBlock = width / count
                for j in 0..<samplesInBlock {
                    Lowering.im2col(image: operands.image + operands.offset(g, n0 + j, group, image: true), columns: cols + j * count,
                                    ldc: width, geometry: g, start: start, count: count, channels: 0..<g.imageChannelsPerGroup)
                }
                if let gradInput = operands.gradInput {
                    if samplesInBlock == 1 {
                        try? gemm(m: outChannels, n: count, k: rows, transposeA: false, a: w, lda: rows, b: cols, ldb: width,
                                  c: gradInput + operands.offset(g, n0, group, image: false) + start, ldc: positions,
                                  accumulate: false, cancellation: cancellation)
                    } else {
                        // One product for the block, then each sample's rows to its place.
                        try? gemm(m: outChannels, n: width, k: rows, transposeA: false, a: w, lda: rows, b: cols, ldb: width,
                                  c: block, ldc: width, accumulate: false, cancellation: cancellation)
                        for j in 0..<samplesInBlock {
                            let sample = gradInput + operands.offset(g, n0 + j, group, image: false)
                            for o in 0..<outChannels {
                                (sample + o * positions + start).update(from: block + o * width + j * count, count: count)
                            }
                        }
                    }
                }
                guard let target else { return }
                let (a, lda) = blockColumns(x + operands.offset(g, n0, group, image: false) + start,
                                            sampleStride: g.groups * outChannels * positions, samples: samplesInBlock,
                                            channels: outChannels, positions: positions, count: count, packed: packed)
                try? gemm(m: outChannels, n: rows, k: width, transposeA: false, transposeB: true,
                          a: a, lda: lda, b: cols, ldb: width, c: target.value, ldc: rows,
                          accumulate: accumulate, cancellation: cancellation)
                accumulate = true
            }
        }
    }
}

/// The shared lowering's buffers as raw pointers, shareable with worker threads.
private struct SharedLoweringOperands<T>: @unchecked Sendable {
    let image: UnsafePointer<T>
    let columns: UnsafePointer<T>
    let weight: UnsafePointer<T>
    let gradInput: UnsafeMutablePointer<T>?
    let gradWeight: UnsafeMutablePointer<T>?

    /// Where sample `n`'s channels of `group` start, on the image side or the column side.
    func offset(_ g: ConvGeometry, _ n: Int, _ group: Int, image: Bool) -> Int {
        let (channels, plane) = image ? (g.imageChannelsPerGroup, g.imagePlane) : (g.columnChannelsPerGroup, g.columnPlane)
        return (n * g.groups + group) * channels * plane
    }
}
