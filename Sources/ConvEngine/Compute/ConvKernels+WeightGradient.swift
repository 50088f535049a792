/// The third direction of a convolution: the weight's gradient, a product of the
/// column-side tensor with the image's lowered patches, summed over the batch.
///
/// Stated in ``ConvGeometry``'s terms, both a convolution and a transposed convolution
/// have `gradWeight[group] = sum over n of columns[n, group] * im2col(image[n, group])^T`:
/// for a convolution `columns` is the output gradient and `image` the input; for a
/// transposed convolution `columns` is the input and `image` the output gradient.
///
/// Threads: each takes a share of the image channels (its own rows of the lowered
/// patches, so its own columns of the gradient) when they share out evenly; otherwise,
/// with enough samples, a share of them, summing into its own copy of the group's
/// gradient (the copies added together at the end); with fewer samples and channels than
/// threads, a share of the output positions with its own copy. Memory: the lowered patches of a block of
/// positions (within ``ConvKernels/blockTarget`` per thread) plus the per-thread copies
/// of the group's gradient.
extension ConvKernels {
    /// `gradWeight = sum_n columns[n] * im2col(image[n])^T` per group, for contiguous
    /// buffers.
    /// - Parameters:
    ///   - columns: `[batch, groups * columnChannelsPerGroup, columns...]`.
    ///   - image: `[batch, groups * imageChannelsPerGroup, image...]`.
    ///   - gradWeight: `[groups * columnChannelsPerGroup, imageChannelsPerGroup, kernel...]`,
    ///     overwritten.
    ///   - resources: the threads and workspace pool of the calling context.
    static func weightGradient<T: BLASScalar>(
        columns: UnsafeBufferPointer<T>, image: UnsafeBufferPointer<T>, gradWeight: UnsafeMutableBufferPointer<T>,
        geometry g: ConvGeometry, resources: ComputeResources, cancellation: CancellationFlag?
    ) throws(EngineError) {
        guard let operands = GradientOperands(columns: columns, image: image, gradWeight: gradWeight, geometry: g) else {
            return
        }
        let plan = WeightGradientSplit(g, threads: resources.threads)
        let pool = resources.pool
        let groupSize = g.columnChannelsPerGroup * g.imageChannelsPerGroup * g.kernelVolume
        // Every share but the first sums into its own copy of the group's gradient.
        let copies = plan.needsCopies ? plan.shares.count - 1 : 0
        try pool.withBuffer(T.self, count: copies * groupSize) { (partials) throws(EngineError) in
            let partialBox = UncheckedBox(partials)
            for group in 0..<g.groups {
                let groupResult = operands.gradWeight + group * groupSize
                Lowering.parallelChunks(plan.shares.count, threads: resources.threads) { workers in
                    for worker in workers {
                        let share = plan.shares[worker]
                        let rows = g.imageChannelsPerGroup * g.kernelVolume
                        let target = plan.needsCopies && worker > 0
                            ? partialBox.value + (worker - 1) * groupSize
                            : groupResult + share.channels.lowerBound * g.kernelVolume
                        weightGradientWorker(operands, g, group: group, share: share, target: target, ldTarget: rows,
                                             budget: plan.budget, pool: pool, cancellation: cancellation)
                    }
                }
                try cancellation.check()
                guard copies > 0 else { continue }
                addCopies(partialBox.value, count: copies, size: groupSize, into: groupResult, threads: resources.threads)
            }
        }
    }

    /// One thread's share of a group's weight gradient, written to `target` (rows
    /// `ldTarget` apart, starting at the share's first image channel): the share's
    /// samples and positions in blocks, each lowered and multiplied into the target.
    private static func weightGradientWorker<T: BLASScalar>(
        _ operands: GradientOperands<T>, _ g: ConvGeometry, group: Int, share: WeightGradientSplit.Part,
        target: UnsafeMutablePointer<T>, ldTarget: Int, budget: Int, pool: WorkspacePool,
        cancellation: CancellationFlag?
    ) {
        let shareRows = share.channels.count * g.kernelVolume
        let outChannels = g.columnChannelsPerGroup
        let positions = g.columnPlane
        guard shareRows > 0 else { return }
        guard !share.samples.isEmpty, !share.positions.isEmpty else {
            for c in 0..<outChannels { (target + c * ldTarget).update(repeating: 0, count: shareRows) }
            return
        }
        let blocks = Blocking(samples: share.samples, positions: share.positions.count,
                              perColumn: shareRows + outChannels, budget: budget)
        let columnsBase = operands.columns + group * outChannels * positions
        let imageBase = operands.image + group * g.imageChannelsPerGroup * g.imagePlane
        let columnStride = g.groups * outChannels * positions
        let imageStride = g.groups * g.imageChannelsPerGroup * g.imagePlane
        pool.withBuffer(T.self, count: blocks.workspaceSize) { lowered in
            let packed = lowered + shareRows * blocks.columnsPerBlock
            var accumulate = false
            blocks.forEach(cancellation) { n0, count, offset, width in
                let start = share.positions.lowerBound + offset
                let samplesInBlock = width / count
                for j in 0..<samplesInBlock {
                    Lowering.im2col(image: imageBase + (n0 + j) * imageStride, columns: lowered + j * count, ldc: width,
                                    geometry: g, start: start, count: count, channels: share.channels)
                }
                let (a, lda) = blockColumns(columnsBase + n0 * columnStride + start, sampleStride: columnStride,
                                            samples: samplesInBlock, channels: outChannels, positions: positions,
                                            count: count, packed: packed)
                try? gemm(m: outChannels, n: shareRows, k: width, transposeA: false, transposeB: true,
                          a: a, lda: lda, b: lowered, ldb: width, c: target, ldc: ldTarget,
                          accumulate: accumulate, cancellation: cancellation)
                accumulate = true
            }
        }
    }
}

extension ConvKernels {
    /// Adds `count` threads' copies of a weight gradient (`size` elements each, one
    /// after another from `copies`) into `result`, in copy order, the elements split
    /// between `threads`.
    static func addCopies<T: BLASScalar>(_ copies: UnsafePointer<T>, count: Int, size: Int,
                                         into result: UnsafeMutablePointer<T>, threads: Int) {
        let (sum, partials) = (UncheckedBox(result), UncheckedBox(copies))
        Lowering.parallelChunks(size, threads: threads, grain: 1 << 14) { range in
            for copy in 0..<count {
                let partial = partials.value + copy * size
                for i in range { sum.value[i] += partial[i] }
            }
        }
    }

    /// A block's column-side rows (`channels` rows of `count` positions, `positions`
    /// apart, from each of `samples` samples `sampleStride` apart, starting at `first`)
    /// as one matrix: in place for one sample, else packed into `packed` as
    /// `channels x (samples * count)`. Returns the matrix and its row stride.
    static func blockColumns<T>(
        _ first: UnsafePointer<T>, sampleStride: Int, samples: Int, channels: Int, positions: Int, count: Int,
        packed: UnsafeMutablePointer<T>
    ) -> (UnsafePointer<T>, Int) {
        guard samples > 1 else { return (first, positions) }
        let width = samples * count
        for j in 0..<samples {
            let sample = first + j * sampleStride
            for c in 0..<channels {
                (packed + c * width + j * count).update(from: sample + c * positions, count: count)
            }
        }
        return (UnsafePointer(packed), width)
    }
}

/// The weight gradient's buffers as raw pointers, shareable with worker threads (both
/// weight-gradient routes).
struct GradientOperands<T>: @unchecked Sendable {
    let columns: UnsafePointer<T>
    let image: UnsafePointer<T>
    let gradWeight: UnsafeMutablePointer<T>
}

extension GradientOperands where T: BLASScalar {
    /// The operands of a weight gradient of geometry `g`, or nil when there is nothing
    /// to add (no gradient, or no samples or positions: the gradient is then zeroed).
    init?(columns: UnsafeBufferPointer<T>, image: UnsafeBufferPointer<T>, gradWeight: UnsafeMutableBufferPointer<T>,
          geometry g: ConvGeometry) {
        guard let result = gradWeight.baseAddress, !gradWeight.isEmpty else { return nil }
        guard g.batch > 0, g.columnPlane > 0, g.imagePlane > 0,
              let columnBase = columns.baseAddress, let imageBase = image.baseAddress else {
            gradWeight.update(repeating: 0)
            return nil
        }
        self.init(columns: columnBase, image: imageBase, gradWeight: result)
    }
}

/// How a group's weight gradient is cut into per-thread shares (see
/// ``ConvKernels/weightGradient(columns:image:gradWeight:geometry:resources:cancellation:)``).
private struct WeightGradientSplit {
    struct Part {
        var samples: Range<Int>
        var channels: Range<Int>
        var positions: Range<Int>
    }

    let shares: [Part]
    /// Whether shares sum into private copies (they split samples or positions) rather
    /// than write disjoint columns of the result (they split channels).
    let needsCopies: Bool
    /// Each share's workspace, in elements.
    let budget: Int

    init(_ g: ConvGeometry, threads: Int) {
        let allSamples = 0..<g.batch, allChannels = 0..<g.imageChannelsPerGroup, allPositions = 0..<g.columnPlane
        // Channels split evenly need no copies and no sum at the end: preferred when
        // they share out evenly, or when there are too few samples to share.
        let channels = g.imageChannelsPerGroup
        let evenChannels = channels % threads == 0 || channels >= 4 * threads
        if threads > 1, channels >= threads, evenChannels || g.batch < threads {
            shares = Share.split(channels, into: threads).map {
                Part(samples: allSamples, channels: $0, positions: allPositions)
            }
            needsCopies = false
        } else if g.batch >= threads || threads == 1 {
            shares = Share.split(g.batch, into: threads).map { Part(samples: $0, channels: allChannels, positions: allPositions) }
            needsCopies = true
        } else {
            shares = Share.split(g.columnPlane, into: threads).map {
                Part(samples: allSamples, channels: allChannels, positions: $0)
            }
            needsCopies = true
        }
        budget = min(ConvKernels.workspaceLimit / max(shares.count, 1), ConvKernels.blockTarget)
    }
}
