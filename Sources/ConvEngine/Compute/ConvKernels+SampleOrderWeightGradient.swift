/// The weight gradient in the order PyTorch's matrix route ("thnn": `Slow2d`, `Slow3d`,
/// `SlowDilated2d/3d`, `SlowTranspose2d/3d`) adds it: one product per sample, over all
/// of that sample's positions (K = the sample's output positions), added into the
/// gradient with beta = 1, samples in order, the gradient zeroed first.
///
/// ``ConvKernels/weightGradient(columns:image:gradWeight:geometry:resources:cancellation:)``
/// batches several samples into one product (K spans samples) and lets threads sum
/// shares of the samples into copies: faster, but each element is summed in another
/// order, so it is kept for the operations PyTorch runs through oneDNN (whose order
/// differs anyway). Here every element of the gradient gets its samples one after the
/// other, each sample's dot product whole: threads take shares of the image channels
/// (columns of the gradient), never of the samples or positions. A sample too large for
/// the workspace is lowered a few image channels at a time, never in slices of its
/// positions.
///
/// PyTorch's bits also depend on its BLAS's own order inside a product (its bundled
/// MKL's, against ConvLab's OpenBLAS, whose AVX2 kernels agree with it on some shapes
/// only): `WeightGradientBitsTests` says where. The caller keeps the batched route for
/// a single sample, where there is no order of samples to follow.
///
/// Memory: the lowered patches of one sample for a block of image channels (within
/// ``ConvKernels/blockTarget`` per thread), nothing per sample or element.
extension ConvKernels {
    /// `gradWeight = sum_n columns[n] * im2col(image[n])^T` per group, added sample by
    /// sample, for contiguous buffers (the shapes of
    /// ``weightGradient(columns:image:gradWeight:geometry:resources:cancellation:)``).
    /// - Parameters:
    ///   - gradWeight: overwritten.
    ///   - resources: the threads and workspace pool of the calling context.
    static func weightGradientInSampleOrder<T: BLASScalar>(
        columns: UnsafeBufferPointer<T>, image: UnsafeBufferPointer<T>, gradWeight: UnsafeMutableBufferPointer<T>,
        geometry g: ConvGeometry, resources: ComputeResources, cancellation: CancellationFlag?
    ) throws(EngineError) {
        guard let operands = GradientOperands(columns: columns, image: image, gradWeight: gradWeight, geometry: g) else {
            return
        }
        // PyTorch zeroes the gradient and adds every sample with beta = 1 (so a sum of
        // -0 comes out +0, as there).
        gradWeight.update(repeating: 0)
        // Shares of the image channels (columns of the gradient), at most one per
        // channel. Never of samples or positions, which would split a sum; nor of the
        // column-side channels: OpenBLAS's kernels for a product's last few of those sum
        // in another order, so the bits would depend on the thread count.
        let shares = Share.split(g.imageChannelsPerGroup, into: resources.threads)
        let budget = min(workspaceLimit / max(shares.count, 1), blockTarget)
        let groupSize = g.columnChannelsPerGroup * g.imageChannelsPerGroup * g.kernelVolume
        for group in 0..<g.groups {
            Lowering.parallelChunks(shares.count, threads: resources.threads) { workers in
                for worker in workers {
                    sampleOrderWorker(operands, g, group: group, groupResult: operands.gradWeight + group * groupSize,
                                      channels: shares[worker], budget: budget, pool: resources.pool,
                                      cancellation: cancellation)
                }
            }
            try cancellation.check()
        }
    }

    /// One thread's block of a group's gradient (its image channels' columns), the
    /// samples added in order.
    private static func sampleOrderWorker<T: BLASScalar>(
        _ operands: GradientOperands<T>, _ g: ConvGeometry, group: Int, groupResult: UnsafeMutablePointer<T>,
        channels: Range<Int>, budget: Int, pool: WorkspacePool, cancellation: CancellationFlag?
    ) {
        let positions = g.columnPlane, taps = g.kernelVolume
        let rows = g.imageChannelsPerGroup * taps, outChannels = g.columnChannelsPerGroup
        guard !channels.isEmpty, outChannels > 0 else { return }
        // Image channels lowered at once: as many as fit, at least one.
        let perBlock = max(1, min(channels.count, budget / max(taps * positions, 1)))
        let columnsBase = operands.columns + group * outChannels * positions
        let imageBase = operands.image + group * g.imageChannelsPerGroup * g.imagePlane
        let columnStride = g.groups * outChannels * positions
        let imageStride = g.groups * g.imageChannelsPerGroup * g.imagePlane
        pool.withBuffer(T.self, count: perBlock * taps * positions) { lowered in
            var first = channels.lowerBound
            while first < channels.upperBound {
                let block = first..<min(first + perBlock, channels.upperBound)
                let target = groupResult + block.lowerBound * taps
                for n in 0..<g.batch {
                    if cancellation?.isCancelled == true { return }
                    Lowering.im2col(image: imageBase + n * imageStride, columns: lowered, ldc: positions, geometry: g,
                                    start: 0, count: positions, channels: block)
                    try? gemm(m: outChannels, n: block.count * taps, k: positions, transposeA: false,
                              transposeB: true, a: columnsBase + n * columnStride, lda: positions, b: lowered,
                              ldb: positions, c: target, ldc: rows, accumulate: true, cancellation: cancellation)
                }
                first = block.upperBound
            }
        }
    }
}
