/// A transposed convolution's input and weight gradients from one lowering of the
/// output gradient.
///
/// In ``ConvGeometry``'s terms a transposed convolution's output gradient is the image:
/// its input gradient is `W * im2col(gradOutput)` (a convolution) and its weight gradient
/// `sum over n of x[n] * im2col(gradOutput[n])^T`, the same lowered patches. Taken apart,
/// ``ConvKernels/convolution(input:weight:bias:output:geometry:resources:cancellation:)``
/// and ``ConvKernels/weightGradient(columns:image:gradWeight:geometry:resources:cancellation:)``
/// each lower the whole output gradient; here each block is lowered once and feeds both
/// products. Both gradients sum in another order than the separate kernels (the weight
/// gradient block by block, and per thread where the threads split the samples), so this
/// route is for layers where PyTorch takes oneDNN.
///
/// Threads: the work is split between them one of two ways (``SharedLoweringSplit``):
/// each thread its share of the samples in blocks of its own, or blocks shared by the
/// threads, each product split by the weights' rows, where the weights outweigh a
/// thread's share of a block's lowered patches (DCGAN's 512- and 256-channel layers). Memory: per
/// thread, a block of lowered patches with its two column-side matrices (within
/// ``ConvKernels/sharedLoweringBudget(_:)``), plus with the split by samples a copy of a
/// group's weight gradient per further thread.
extension ConvKernels {
    /// Whether ``transposedGradients(gradOutput:input:weight:gradInput:gradWeight:geometry:resources:cancellation:blockBudget:split:)``
    /// takes the layer: anything with samples and positions.
    static func sharesTransposedLowering(_ g: ConvGeometry) -> Bool {
        g.batch > 0 && g.columnPlane > 0 && g.imagePlane > 0
    }

    /// The workspace a thread's blocks aim for where the threads split the samples, in
    /// elements: near the core's L2 cache (1 MiB in float32), since the lowered patches
    /// are read by two products, unless the weight gradient is large. Every block reads
    /// and writes the thread's whole `outChannels x rows` copy of the weight gradient
    /// once, so a block has at least `4 * outChannels` columns, which keeps that traffic
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
    ///   - blockBudget: a thread's workspace for its blocks (or its share of a shared
    ///     block), in elements; nil for ``sharedLoweringBudget(_:)`` within
    ///     ``workspaceLimit`` (for shared blocks, ``SharedLoweringWork/sharedBlockBudget``).
    ///   - split: how the threads split a block's products; nil for
    ///     ``SharedLoweringSplit/choose(outChannels:columnsPerBlock:threads:)``'s choice.
    /// - Precondition: ``sharesTransposedLowering(_:)``.
    static func transposedGradients<T: BLASScalar>(
        gradOutput: UnsafeBufferPointer<T>, input: UnsafeBufferPointer<T>, weight: UnsafeBufferPointer<T>,
        gradInput: UnsafeMutableBufferPointer<T>?, gradWeight: UnsafeMutableBufferPointer<T>?,
        geometry g: ConvGeometry, resources: ComputeResources, cancellation: CancellationFlag?,
        blockBudget: Int? = nil, split: SharedLoweringSplit? = nil
    ) throws(EngineError) {
        precondition(sharesTransposedLowering(g))
        guard gradInput != nil || gradWeight != nil else { return }
        let work = SharedLoweringWork(
            g, threads: resources.threads,
            budget: blockBudget, split: split,
            operands: SharedLoweringOperands(image: gradOutput.baseAddress!, columns: input.baseAddress!,
                                             weight: weight.baseAddress!, gradInput: gradInput?.baseAddress,
                                             gradWeight: gradWeight?.baseAddress))
        try resources.pool.withBuffer(T.self, count: work.workspaceSize) { (workspace) throws(EngineError) in
            try resources.pool.withBuffer(T.self, count: work.copyCount * work.groupSize) { (copies) throws(EngineError) in
                try work.run(workspace: workspace, copies: copies, cancellation: cancellation)
            }
        }
    }
}
