/// How the threads split the work of ``ConvKernels/transposedGradients(gradOutput:input:weight:gradInput:gradWeight:geometry:resources:cancellation:blockBudget:split:)``.
enum SharedLoweringSplit: Sendable {
    /// Each thread takes a share of the samples (or with fewer samples than threads, of
    /// every sample's positions) in blocks of its own: it lowers a block, multiplies the
    /// weights by it into the input gradient and adds its weight gradient into the
    /// thread's own copy of the group's (the copies added at the end). The threads never
    /// wait on each other within a group, but each packs all the weights and keeps a copy
    /// of the weight gradient.
    case columns
    /// The blocks are shared: the threads lower a block together, then each multiplies its share of the
    /// weights' rows by the whole block into those channels of the input gradient, and
    /// adds the block's column-side rows times its share of the lowered rows into those
    /// rows of the weight gradient: each packs its part of the weights only, and every
    /// weight-gradient element is one product's sum over the block, with no copies.
    /// Each thread reads the whole block, half of it lowered by another core.
    case weightRows

    /// `weightRows` where the weights (`outChannels x rows`) are at least a thread's
    /// share of a shared block's patches (`rows x columnsPerBlock / threads`): there,
    /// packing all the weights in every thread and the copies of the weight gradient cost
    /// more than reading the other threads' patches. Timed alone (two threads, OpenBLAS
    /// products on random operands), DCGAN's 512- and 256-channel layers' products took
    /// 0.92x with the split by rows (10.4-10.6 against 11.4-11.7 ms, and 5.4 against
    /// 6.0), its 128-channel layer's 0.95-1.0x, and in `convlab bench` its 64-channel
    /// layer's (48 rows, each thread reading all the patches) 1.2x.
    static func choose(outChannels: Int, columnsPerBlock: Int, threads: Int) -> SharedLoweringSplit {
        threads > 1 && outChannels * threads >= columnsPerBlock ? .weightRows : .columns
    }
}

/// One call of ``ConvKernels/transposedGradients(gradOutput:input:weight:gradInput:gradWeight:geometry:resources:cancellation:blockBudget:split:)``:
/// its sizes, its blocks and the steps of a block under either ``SharedLoweringSplit``.
struct SharedLoweringWork<T: BLASScalar>: @unchecked Sendable {
    let g: ConvGeometry
    let threads: Int
    let operands: SharedLoweringOperands<T>
    /// The lowered rows: the image side's channels times the taps.
    let rows: Int
    /// The column side's channels of a group.
    let outChannels: Int
    let split: SharedLoweringSplit
    /// Split by columns, the threads' shares: of the samples, or with fewer samples than
    /// threads of every sample's positions. Split by the weights' rows, one share of
    /// everything.
    let shares: [(samples: Range<Int>, positions: Range<Int>)]
    /// Each share's blocks (by the weights' rows, the blocks the threads share).
    let blocks: [Blocking]
    /// The workspace of a share's blocks (by the weights' rows, of the shared blocks).
    let shareWorkspace: Int

    /// A group's weight gradient, in elements.
    var groupSize: Int { outChannels * rows }
    /// The weight gradient's copies (one per thread beyond the first, split by columns).
    var copyCount: Int { split == .columns && operands.gradWeight != nil ? shares.count - 1 : 0 }
    /// The whole workspace.
    var workspaceSize: Int { shares.count * shareWorkspace }

    /// A shared block's workspace in elements (6 MiB in float32): patches of up to about
    /// 4 MiB, which the products read at OpenBLAS's rate on this project's machines
    /// (timed alone, two threads: DCGAN's 256-channel layer's products at 197-210 GFLOP/s
    /// with blocks of 256-512 columns, patches of 2-4 MiB, and 167 with 1024, 8 MiB).
    static var sharedBlockBudget: Int { 3 << 19 }

    /// The work of `g` with `budget` elements of workspace a thread (nil:
    /// ``ConvKernels/sharedLoweringBudget(_:)`` a thread's blocks, or
    /// ``sharedBlockBudget`` for the shared ones).
    init(_ g: ConvGeometry, threads: Int, budget: Int?, split: SharedLoweringSplit?, operands: SharedLoweringOperands<T>) {
        self.g = g
        self.threads = threads
        self.operands = operands
        rows = g.imageChannelsPerGroup * g.kernelVolume
        outChannels = g.columnChannelsPerGroup
        // Per column: the lowered patches, the input gradient's product and the packed rows of x.
        let perColumn = rows + 2 * outChannels
        let (allSamples, allPositions) = (0..<g.batch, 0..<g.columnPlane)
        let shared = Blocking(samples: allSamples, positions: g.columnPlane, perColumn: perColumn,
                              budget: budget.map { threads * $0 } ?? Self.sharedBlockBudget)
        self.split = split ?? .choose(outChannels: outChannels, columnsPerBlock: shared.columnsPerBlock, threads: threads)
        if self.split == .weightRows {
            shares = [(allSamples, allPositions)]
            blocks = [shared]
        } else {
            shares = g.batch >= threads
                ? Share.split(g.batch, into: threads).map { ($0, allPositions) }
                : Share.split(g.columnPlane, into: threads).map { (allSamples, $0) }
            let budget = budget ?? min(ConvKernels.workspaceLimit / threads, ConvKernels.sharedLoweringBudget(g))
            blocks = shares.map { Blocking(samples: $0.samples, positions: $0.positions.count, perColumn: perColumn,
                                           budget: budget) }
        }
        shareWorkspace = blocks.map(\.workspaceSize).max() ?? 0
    }

    /// Every group; the copies (``copyCount`` of ``groupSize``) added into each group's
    /// weight gradient at its end.
    func run(workspace: UnsafeMutablePointer<T>, copies: UnsafeMutablePointer<T>,
             cancellation: CancellationFlag?) throws(EngineError) {
        let (workspace, copies) = (UncheckedBox(workspace), UncheckedBox(copies))
        for group in 0..<g.groups {
            switch split {
            case .columns:
                Lowering.parallelChunks(shares.count, threads: threads) { chunk in
                    for t in chunk {
                        let target = operands.gradWeight.map { t == 0 ? $0 + group * groupSize : copies.value + (t - 1) * groupSize }
                        runShare(t, group: group, workspace: workspace.value + t * shareWorkspace, into: target,
                                 cancellation: cancellation)
                    }
                }
            case .weightRows:
                var first = true
                blocks[0].forEach(cancellation) { n0, count, start, width in
                    let block = SharedLoweringBlock(group: group, firstSample: n0, start: start, count: count, width: width,
                                                    first: first, workspace: workspace.value, rows: rows,
                                                    outChannels: outChannels)
                    lower(block)
                    runByWeightRows(block, cancellation: cancellation)
                    first = false
                }
            }
            try cancellation.check()
            if copyCount > 0, let gradWeight = operands.gradWeight {
                ConvKernels.addCopies(copies.value, count: copyCount, size: groupSize, into: gradWeight + group * groupSize,
                                      threads: threads)
            }
        }
    }

    /// ``SharedLoweringSplit/columns``: share `t`'s blocks, each lowered, multiplied into
    /// the input gradient and added into `target` (the group's weight gradient or a copy).
    private func runShare(_ t: Int, group: Int, workspace: UnsafeMutablePointer<T>, into target: UnsafeMutablePointer<T>?,
                          cancellation: CancellationFlag?) {
        var first = true
        blocks[t].forEach(cancellation) { n0, count, offset, width in
            let block = SharedLoweringBlock(group: group, firstSample: n0, start: shares[t].positions.lowerBound + offset,
                                            count: count, width: width, first: first, workspace: workspace, rows: rows,
                                            outChannels: outChannels)
            lower(block, columns: 0..<width)
            multiplyInput(block, channels: 0..<outChannels, columns: 0..<width, cancellation: cancellation)
            if let target {
                addWeightGradient(block, columns: 0..<width, rows: 0..<rows, into: target, cancellation: cancellation)
            }
            first = false
        }
    }

    /// ``SharedLoweringSplit/weightRows``'s products, once the block is lowered.
    private func runByWeightRows(_ block: SharedLoweringBlock<T>, cancellation: CancellationFlag?) {
        let channelShares = Share.split(outChannels, into: threads)
        // Weight-gradient rows in runs of 8 (32 bytes).
        let rowShares = Share.split((rows + 7) / 8, into: threads).map { $0.lowerBound * 8..<min(rows, $0.upperBound * 8) }
        Lowering.parallelChunks(threads, threads: threads) { chunk in
            for t in chunk {
                if t < channelShares.count {
                    multiplyInput(block, channels: channelShares[t], columns: 0..<block.width, cancellation: cancellation)
                }
                if t < rowShares.count, let gradWeight = operands.gradWeight {
                    addWeightGradient(block, columns: 0..<block.width, rows: rowShares[t],
                                      into: gradWeight + block.group * groupSize, cancellation: cancellation)
                }
            }
        }
    }

    /// The whole block lowered by the threads: whole samples each, or shares of the one
    /// sample's positions.
    private func lower(_ block: SharedLoweringBlock<T>) {
        let unit = block.samples > 1 ? block.count : 1
        let shares = Share.split(block.samples > 1 ? block.samples : block.count, into: threads)
        Lowering.parallelChunks(shares.count, threads: threads) { chunk in
            for t in chunk { lower(block, columns: shares[t].lowerBound * unit..<shares[t].upperBound * unit) }
        }
    }

    /// The block's `columns` lowered; with several samples in the block and the weight
    /// gradient wanted, their column-side rows packed too.
    private func lower(_ block: SharedLoweringBlock<T>, columns: Range<Int>) {
        guard block.samples > 1 else {
            Lowering.im2col(image: operands.image + operands.offset(g, block.firstSample, block.group, image: true),
                            columns: block.columns + columns.lowerBound, ldc: block.width, geometry: g,
                            start: block.start + columns.lowerBound, count: columns.count,
                            channels: 0..<g.imageChannelsPerGroup)
            return
        }
        for column in stride(from: columns.lowerBound, to: columns.upperBound, by: block.count) {
            let n = block.firstSample + column / block.count
            Lowering.im2col(image: operands.image + operands.offset(g, n, block.group, image: true),
                            columns: block.columns + column, ldc: block.width, geometry: g, start: block.start,
                            count: block.count, channels: 0..<g.imageChannelsPerGroup)
            guard operands.gradWeight != nil else { continue }
            let sample = operands.columns + operands.offset(g, n, block.group, image: false) + block.start
            for c in 0..<outChannels {
                (block.packed + c * block.width + column).update(from: sample + c * g.columnPlane, count: block.count)
            }
        }
    }

    /// The input gradient's `channels` at the block's `columns` (whole samples, or
    /// positions of one): the weights' rows times the lowered patches, written in place
    /// for one sample, else through the block's product buffer.
    private func multiplyInput(_ block: SharedLoweringBlock<T>, channels: Range<Int>, columns: Range<Int>,
                               cancellation: CancellationFlag?) {
        guard let gradInput = operands.gradInput, !channels.isEmpty, !columns.isEmpty else { return }
        let w = operands.weight + (block.group * outChannels + channels.lowerBound) * rows
        let positions = g.columnPlane
        // Where the block's column `c` of the first channel goes.
        func target(_ c: Int) -> UnsafeMutablePointer<T> {
            gradInput + operands.offset(g, block.firstSample + c / block.count, block.group, image: false)
                + channels.lowerBound * positions + block.start + c % block.count
        }
        guard columns.lowerBound / block.count != (columns.upperBound - 1) / block.count else {
            try? ConvKernels.gemm(m: channels.count, n: columns.count, k: rows, transposeA: false, a: w, lda: rows,
                                  b: block.columns + columns.lowerBound, ldb: block.width, c: target(columns.lowerBound),
                                  ldc: positions, accumulate: false, cancellation: cancellation)
            return
        }
        // One product for the samples, then each sample's rows to its place.
        let product = block.product + channels.lowerBound * block.width
        try? ConvKernels.gemm(m: channels.count, n: columns.count, k: rows, transposeA: false, a: w, lda: rows,
                              b: block.columns + columns.lowerBound, ldb: block.width, c: product + columns.lowerBound,
                              ldc: block.width, accumulate: false, cancellation: cancellation)
        for column in stride(from: columns.lowerBound, to: columns.upperBound, by: block.count) {
            let sample = target(column)
            for o in 0..<channels.count {
                (sample + o * positions).update(from: product + o * block.width + column, count: block.count)
            }
        }
    }

    /// The column-side rows at the block's `columns` times those columns of the lowered
    /// `rows`, into the same rows of `target` (a group's weight gradient, or a copy of
    /// one), overwriting them in the group's first block.
    private func addWeightGradient(_ block: SharedLoweringBlock<T>, columns: Range<Int>, rows range: Range<Int>,
                                   into target: UnsafeMutablePointer<T>, cancellation: CancellationFlag?) {
        let (a, lda) = block.samples == 1
            ? (UnsafePointer(operands.columns + operands.offset(g, block.firstSample, block.group, image: false)
                   + block.start + columns.lowerBound), g.columnPlane)
            : (UnsafePointer(block.packed + columns.lowerBound), block.width)
        try? ConvKernels.gemm(m: outChannels, n: range.count, k: columns.count, transposeA: false, transposeB: true,
                              a: a, lda: lda, b: block.columns + range.lowerBound * block.width + columns.lowerBound,
                              ldb: block.width, c: target + range.lowerBound, ldc: rows, accumulate: !block.first,
                              cancellation: cancellation)
    }
}

/// One block of ``SharedLoweringWork``: where it starts, how wide it is, and its parts of
/// the workspace.
struct SharedLoweringBlock<T>: @unchecked Sendable {
    let group: Int
    let firstSample: Int
    /// The first position and the positions per sample.
    let start: Int, count: Int
    /// Samples times `count`.
    let width: Int
    /// Whether this is the group's first block (the weight gradient is overwritten).
    let first: Bool
    /// The lowered patches, `rows x width`.
    let columns: UnsafeMutablePointer<T>
    /// The input gradient's product for several samples, `outChannels x width`.
    let product: UnsafeMutablePointer<T>
    /// The column-side rows of several samples packed, `outChannels x width`.
    let packed: UnsafeMutablePointer<T>

    init(group: Int, firstSample: Int, start: Int, count: Int, width: Int, first: Bool,
         workspace: UnsafeMutablePointer<T>, rows: Int, outChannels: Int) {
        (self.group, self.firstSample, self.start, self.count, self.width, self.first) =
            (group, firstSample, start, count, width, first)
        columns = workspace
        product = workspace + rows * width
        packed = product + outChannels * width
    }

    var samples: Int { width / count }
}

/// The shared lowering's buffers as raw pointers, shareable with worker threads.
struct SharedLoweringOperands<T>: @unchecked Sendable {
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
