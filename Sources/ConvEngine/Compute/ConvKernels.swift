/// The engine's compute kernels for convolution: the one place with hot loops.
///
/// Both directions lower to matrix products (single-threaded OpenBLAS calls, the engine
/// choosing the threads). A convolution is `im2col` then `W * columns`; a transposed
/// convolution is `W^T * x` then `col2im` (a scatter-add, the convolution's adjoint),
/// so no multiplication ever meets an inserted zero. Samples are batched into one
/// product when they fit, which keeps small images efficient (DCGAN's 4x4 layers).
///
/// Threads: a transposed convolution gives each thread a share of the samples, or of
/// the output channels when there are fewer samples than threads or the weight
/// outweighs the input, so each thread's product and scatter touch only its own part
/// of the output. A convolution gives each thread a
/// share of the samples; a single sample is lowered by channel shares and multiplied by
/// column shares.
///
/// Memory: besides the input, weight and output, the workspace holds the column matrix
/// and the packed input block (transposed) or the output block (convolution): at most
/// ``workspaceLimit`` elements over all threads (64 MiB in float32), reused between
/// calls (the calling context's ``WorkspacePool``). Larger problems are processed in blocks of samples or
/// slices of output positions; nothing is allocated per element. Cancellation is seen
/// between blocks and between bounded BLAS calls.
///
/// The thread count and the pool come in a ``ComputeResources``, read from the engine
/// context on the calling thread: worker threads do not see ``EngineContext/current``.
enum ConvKernels {
    /// The most workspace elements over all threads (16 Mi).
    static let workspaceLimit = 1 << 24
    /// The block each thread aims for, in elements (8 MiB in float32): large enough that
    /// the weight is packed once for many columns, small enough to stay in cache.
    static let blockTarget = 1 << 21
    /// The columns a transposed convolution multiplies and scatters at once, in
    /// elements (1 MiB in float32, about a core's L2 cache).
    static let cacheBlock = 1 << 18

    /// `output = conv(input, weight) + bias`, for contiguous NC(D)(H)W buffers.
    /// - Parameters:
    ///   - input: `[batch, groups * imageChannelsPerGroup, image...]`.
    ///   - weight: `[groups * columnChannelsPerGroup, imageChannelsPerGroup, kernel...]`.
    ///   - output: `[batch, groups * columnChannelsPerGroup, columns...]`, overwritten.
    ///   - resources: the threads and workspace pool of the calling context.
    static func convolution<T: BLASScalar>(
        input: UnsafeBufferPointer<T>, weight: UnsafeBufferPointer<T>, bias: UnsafeBufferPointer<T>?,
        output: UnsafeMutableBufferPointer<T>, geometry g: ConvGeometry, resources: ComputeResources,
        cancellation: CancellationFlag?
    ) throws(EngineError) {
        let positions = g.columnPlane
        guard g.batch > 0, positions > 0 else { return }
        let threads = resources.threads
        let buffers = Buffers(input: input, weight: weight, output: output)
        for group in 0..<g.groups {
            if g.batch >= threads || threads == 1 {
                let shares = Share.split(g.batch, into: threads)
                let budget = min(workspaceLimit / shares.count, blockTarget)
                Lowering.parallelChunks(shares.count, threads: threads) { workers in
                    for worker in workers {
                        convolutionWorker(buffers, g, group: group, samples: shares[worker], budget: budget,
                                          pool: resources.pool, cancellation: cancellation)
                    }
                }
            } else {
                try convolutionSingleSamples(buffers, g, group: group, resources: resources, cancellation: cancellation)
            }
            try cancellation.check()
        }
        if let bias {
            addBias(bias, to: output, channels: g.groups * g.columnChannelsPerGroup, plane: positions, batch: g.batch,
                    threads: threads)
        }
    }

    /// One thread's share of a convolution: its samples, in blocks, each lowered into
    /// the thread's own workspace and multiplied by the weight.
    private static func convolutionWorker<T: BLASScalar>(
        _ buffers: Buffers<T>, _ g: ConvGeometry, group: Int, samples: Range<Int>, budget: Int,
        pool: WorkspacePool, cancellation: CancellationFlag?
    ) {
        let rows = g.imageChannelsPerGroup * g.kernelVolume
        let outChannels = g.columnChannelsPerGroup
        let positions = g.columnPlane
        let blocks = Blocking(samples: samples, positions: positions, perColumn: rows + outChannels, budget: budget)
        pool.withBuffer(T.self, count: blocks.workspaceSize) { cols in
            let block = cols + rows * blocks.columnsPerBlock
            let w = buffers.weight + group * outChannels * rows
            blocks.forEach(cancellation) { n0, count, start, width in
                let samplesInBlock = width / count
                for j in 0..<samplesInBlock {
                    Lowering.im2col(image: buffers.input + buffers.imageOffset(g, n0 + j, group), columns: cols + j * count,
                                    ldc: width, geometry: g, start: start, count: count, channels: 0..<g.imageChannelsPerGroup)
                }
                if samplesInBlock == 1 {
                    try? gemm(m: outChannels, n: count, k: rows, transposeA: false, a: w, lda: rows, b: cols, ldb: width,
                              c: buffers.output + buffers.columnOffset(g, n0, group) + start, ldc: positions,
                              accumulate: false, cancellation: cancellation)
                } else {
                    // One product for the block, then each sample's rows to its place.
                    try? gemm(m: outChannels, n: width, k: rows, transposeA: false, a: w, lda: rows, b: cols, ldb: width,
                              c: block, ldc: width, accumulate: false, cancellation: cancellation)
                    for j in 0..<samplesInBlock {
                        let sample = buffers.output + buffers.columnOffset(g, n0 + j, group)
                        for o in 0..<outChannels {
                            (sample + o * positions).update(from: block + o * width + j * count, count: count)
                        }
                    }
                }
            }
        }
    }

    /// A convolution with fewer samples than threads: each sample's slices are lowered
    /// by channel shares, then multiplied by column shares.
    private static func convolutionSingleSamples<T: BLASScalar>(
        _ buffers: Buffers<T>, _ g: ConvGeometry, group: Int, resources: ComputeResources, cancellation: CancellationFlag?
    ) throws(EngineError) {
        let rows = g.imageChannelsPerGroup * g.kernelVolume
        let outChannels = g.columnChannelsPerGroup
        let positions = g.columnPlane
        let w = buffers.weight + group * outChannels * rows
        let slice = max(1, min(positions, workspaceLimit / max(rows, 1)))
        try resources.pool.withBuffer(T.self, count: rows * slice) { (cols) throws(EngineError) in
            let shared = UncheckedBox(cols)
            for n in 0..<g.batch {
                var start = 0
                while start < positions {
                    try cancellation.check()
                    let count = min(slice, positions - start)
                    let image = buffers.input + buffers.imageOffset(g, n, group)
                    Lowering.parallelChunks(g.imageChannelsPerGroup, threads: resources.threads) { channels in
                        Lowering.im2col(image: image, columns: shared.value + channels.lowerBound * g.kernelVolume * count,
                                        ldc: count, geometry: g, start: start, count: count, channels: channels)
                    }
                    try parallelGemm(m: outChannels, n: count, k: rows, transposeA: false, a: w, lda: rows,
                                     b: cols, ldb: count, c: buffers.output + buffers.columnOffset(g, n, group) + start,
                                     ldc: positions, accumulate: false, threads: resources.threads,
                                     cancellation: cancellation)
                    start += count
                }
            }
        }
    }

    /// `output = conv_transpose(input, weight) + bias`, for contiguous buffers.
    /// - Parameters:
    ///   - input: `[batch, groups * columnChannelsPerGroup, columns...]`.
    ///   - weight: `[groups * columnChannelsPerGroup, imageChannelsPerGroup, kernel...]`
    ///     (PyTorch's transposed layout: in-channels first).
    ///   - output: `[batch, groups * imageChannelsPerGroup, image...]`, overwritten: each
    ///     thread writes its own part, from whole samples' columns with
    ///     ``StrideTwoRowSums`` where it applies, else zeroing it just before it scatters
    ///     into it, so the zeros are written in parallel and still in cache for the scatter.
    ///   - resources: the threads and workspace pool of the calling context.
    static func transposedConvolution<T: BLASScalar>(
        input: UnsafeBufferPointer<T>, weight: UnsafeBufferPointer<T>, bias: UnsafeBufferPointer<T>?,
        output: UnsafeMutableBufferPointer<T>, geometry g: ConvGeometry, resources: ComputeResources,
        cancellation: CancellationFlag?
    ) throws(EngineError) {
        guard g.batch > 0, g.imagePlane > 0 else { return }
        let threads = resources.threads
        guard g.columnPlane > 0 else {
            // No input positions: the output is the bias alone.
            output.update(repeating: 0)
            if let bias {
                addBias(bias, to: output, channels: g.groups * g.imageChannelsPerGroup, plane: g.imagePlane,
                        batch: g.batch, threads: threads)
            }
            return
        }
        let channels = g.imageChannelsPerGroup
        // Shares of the output channels when there are too few samples, or when the
        // weight is larger than the input (DCGAN's first layers), so that each thread
        // packs only its part of the weight for the matrix product; else of the samples.
        let weightRows = channels * g.kernelVolume
        let byChannels = g.batch < threads || (channels >= threads && weightRows > g.batch * g.columnPlane)
        let shares = byChannels ? Share.split(channels, into: threads) : Share.split(g.batch, into: threads)
        let budget = min(workspaceLimit / max(shares.count, 1), blockTarget)
        let buffers = Buffers(input: input, weight: weight, output: output)
        let rowSums = StrideTwoRowSums(g, T.self)
        for group in 0..<g.groups {
            Lowering.parallelChunks(shares.count, threads: threads) { workers in
                for worker in workers {
                    transposedWorker(buffers, g, group: group,
                                     samples: byChannels ? 0..<g.batch : shares[worker],
                                     channels: byChannels ? shares[worker] : 0..<channels,
                                     rowSums: rowSums, budget: budget, pool: resources.pool, cancellation: cancellation)
                }
            }
            try cancellation.check()
        }
        if let bias {
            addBias(bias, to: output, channels: g.groups * g.imageChannelsPerGroup, plane: g.imagePlane, batch: g.batch,
                    threads: threads)
        }
    }

    /// One thread's share of a transposed convolution: for its samples and output
    /// channels, `columns = W[:, its rows]^T * x` block by block, then `col2im` into its
    /// own part of the output, zeroed just before (at a sample's first slice of
    /// positions), or ``StrideTwoRowSums`` writing it from a whole sample's columns.
    private static func transposedWorker<T: BLASScalar>(
        _ buffers: Buffers<T>, _ g: ConvGeometry, group: Int, samples: Range<Int>, channels: Range<Int>,
        rowSums: StrideTwoRowSums?, budget: Int, pool: WorkspacePool, cancellation: CancellationFlag?
    ) {
        guard !samples.isEmpty, !channels.isEmpty else { return }
        let rows = g.imageChannelsPerGroup * g.kernelVolume
        let shareRows = channels.count * g.kernelVolume
        let inChannels = g.columnChannelsPerGroup
        let positions = g.columnPlane
        // Rows of columns one product writes: all the share's, unless a whole sample would
        // not fit. Then fewer channels at a time rather than slices of a sample's
        // positions: col2im over slices would add an image element's taps in another
        // order than PyTorch's col2im over the whole sample (the matrix route is the one
        // that must match it to the bit). Only a sample whose one channel does not fit is
        // sliced.
        var productRows = shareRows
        if (shareRows + inChannels) * positions > budget {
            let channelsThatFit = (budget / positions - inChannels) / g.kernelVolume
            productRows = max(1, min(channels.count, channelsThatFit)) * g.kernelVolume
        }
        let blocks = Blocking(samples: samples, positions: positions, perColumn: productRows + inChannels, budget: budget)
        pool.withBuffer(T.self, count: blocks.workspaceSize) { cols in
            let packed = cols + productRows * blocks.columnsPerBlock
            let w = buffers.weight + group * inChannels * rows + channels.lowerBound * g.kernelVolume
            blocks.forEach(cancellation) { n0, count, start, width in
                let samplesInBlock = width / count
                var b = UnsafePointer(buffers.input + buffers.columnOffset(g, n0, group, channels: inChannels) + start)
                var ldb = positions
                if samplesInBlock > 1 {
                    // The block's inputs as one (channels x samples*positions) matrix.
                    for j in 0..<samplesInBlock {
                        let sample = buffers.input + buffers.columnOffset(g, n0 + j, group, channels: inChannels)
                        for c in 0..<inChannels {
                            (packed + c * width + j * count).update(from: sample + c * positions + start, count: count)
                        }
                    }
                    (b, ldb) = (UnsafePointer(packed), width)
                }
                // A few channels at a time, so their columns are still in cache when
                // col2im reads them back.
                let chunk = max(1, min(productRows / g.kernelVolume, cacheBlock / max(g.kernelVolume * width, 1)))
                var first = channels.lowerBound
                // A whole sample's columns are written into its planes where a kernel
                // forms each image row at once; else added into planes zeroed first.
                let writer = count == positions ? rowSums : nil
                while first < channels.upperBound {
                    let part = first..<min(first + chunk, channels.upperBound)
                    if start == 0, writer == nil {
                        // The part's planes, before the first of their positions' taps.
                        for j in 0..<samplesInBlock {
                            let image = buffers.output + buffers.imageOffset(g, n0 + j, group) + part.lowerBound * g.imagePlane
                            image.update(repeating: 0, count: part.count * g.imagePlane)
                        }
                    }
                    try? gemm(m: part.count * g.kernelVolume, n: width, k: inChannels, transposeA: true,
                              a: w + (first - channels.lowerBound) * g.kernelVolume, lda: rows,
                              b: b, ldb: ldb, c: cols, ldc: width, accumulate: false, cancellation: cancellation)
                    for j in 0..<samplesInBlock {
                        let image = buffers.output + buffers.imageOffset(g, n0 + j, group)
                        if let writer {
                            writer.write(columns: cols + j * count, ldc: width, image: image, channels: part)
                        } else {
                            Lowering.col2im(columns: cols + j * count, ldc: width, image: image, geometry: g,
                                            start: start, count: count, channels: part)
                        }
                    }
                    first = part.upperBound
                }
            }
        }
    }

    /// Adds `bias[c]` to every element of channel `c`, for every sample, on up to
    /// `threads` threads.
    private static func addBias<T: BinaryFloatingPoint>(
        _ bias: UnsafeBufferPointer<T>, to output: UnsafeMutableBufferPointer<T>, channels: Int, plane: Int, batch: Int,
        threads: Int
    ) {
        let out = UncheckedBox(output.baseAddress!)
        Lowering.parallelChunks(batch * channels, threads: threads, grain: max(1, 4096 / max(plane, 1))) { range in
            for job in range {
                let value = bias[job % channels]
                let row = out.value + job * plane
                for p in 0..<plane { row[p] += value }
            }
        }
    }
}

/// The kernels' buffers as raw pointers, shareable with worker threads (each writes
/// only its own part of the output).
struct Buffers<T>: @unchecked Sendable {
    let input: UnsafePointer<T>
    let weight: UnsafePointer<T>
    let output: UnsafeMutablePointer<T>

    init(input: UnsafeBufferPointer<T>, weight: UnsafeBufferPointer<T>, output: UnsafeMutableBufferPointer<T>) {
        self.input = input.baseAddress!
        self.weight = weight.baseAddress!
        self.output = output.baseAddress!
    }

    /// Where sample `n`'s image channels of `group` start.
    func imageOffset(_ g: ConvGeometry, _ n: Int, _ group: Int) -> Int {
        (n * g.groups + group) * g.imageChannelsPerGroup * g.imagePlane
    }

    /// Where sample `n`'s column channels of `group` start.
    func columnOffset(_ g: ConvGeometry, _ n: Int, _ group: Int, channels: Int? = nil) -> Int {
        (n * g.groups + group) * (channels ?? g.columnChannelsPerGroup) * g.columnPlane
    }
}

/// Even shares of `0..<count` for the threads.
enum Share {
    static func split(_ count: Int, into parts: Int) -> [Range<Int>] {
        let parts = max(1, min(parts, count))
        return (0..<parts).map { t in (count * t / parts)..<(count * (t + 1) / parts) }
    }
}

/// How one thread's work is cut so its workspace stays within `budget` elements: whole
/// samples batched together while `perColumn * samples * positions` fits, otherwise one
/// sample at a time in slices of output positions.
struct Blocking {
    let samples: Range<Int>
    let positions: Int
    let samplesPerBlock: Int
    let positionsPerSlice: Int
    var columnsPerBlock: Int { samplesPerBlock * positionsPerSlice }
    let workspaceSize: Int

    init(samples: Range<Int>, positions: Int, perColumn: Int, budget: Int) {
        self.samples = samples
        self.positions = positions
        let perColumn = max(perColumn, 1)
        let columns = max(1, budget / perColumn)
        // Even blocks: the fewest that fit, sharing the work equally.
        func even(_ total: Int, _ most: Int) -> Int {
            let blocks = (total + most - 1) / most
            return (total + blocks - 1) / blocks
        }
        if columns >= positions {
            samplesPerBlock = even(max(samples.count, 1), max(1, columns / positions))
            positionsPerSlice = positions
        } else {
            samplesPerBlock = 1
            positionsPerSlice = even(positions, columns)
        }
        workspaceSize = perColumn * samplesPerBlock * positionsPerSlice
    }

    /// Calls `body(firstSample, count, start, width)` for every block (`width` is
    /// samples in the block times `count`), stopping early once `cancellation` is raised.
    func forEach(_ cancellation: CancellationFlag?, _ body: (_ n0: Int, _ count: Int, _ start: Int, _ width: Int) -> Void) {
        var n0 = samples.lowerBound
        while n0 < samples.upperBound {
            let inBlock = min(samplesPerBlock, samples.upperBound - n0)
            var start = 0
            while start < positions {
                if cancellation?.isCancelled == true { return }
                let count = min(positionsPerSlice, positions - start)
                body(n0, count, start, inBlock * count)
                start += count
            }
            n0 += inBlock
        }
    }
}
