import Synchronization

/// A strided 2-D transposed convolution whose kernel is one to two strides long
/// (DCGAN's `k4 s2`, U-Net's `k3 s2`), as Winograd products per sub-pixel phase: each
/// output phase is a stride-1 correlation of the input with one or two taps per
/// dimension (``SubPixelWinogradProblem``), and two taps take Winograd's F(2, 2), three
/// products for two outputs instead of four. `k4 s2` does 9 products per 2x2 tile of
/// a phase where the direct definition does 16 (0.56 of the multiply-adds), `k3 s2` 25
/// where it does 36. No column matrix, no `col2im`: the products' rows are the outputs.
/// The same kernel computes a strided convolution's input gradient (its transposed
/// direction), and, in the convolution direction, a strided convolution itself (or a
/// transposed convolution's input gradient): the input split into phases, each phase's
/// products added into one `M` per block of output tiles, transformed once.
///
/// Per block of tiles (``WinogradBlock``, one phase, one group): the patches are
/// transformed into `V`, multiplied by the phase's transformed weights (one sgemm per
/// point, `outChannels x inChannels` by `inChannels x tiles`), and transformed back
/// into the phase's output positions with the bias (``SubPixelWinogradBlockRun``).
///
/// Threads: the weights are transformed by input-channel shares, then the output's
/// regions (a region's blocks of every phase, in turn; or, in the transposed direction
/// with few regions, single blocks, costliest phases first) are handed out in order to
/// up to ``ComputeResources/threads`` threads, each with its own workspace from the pool;
/// every region (or block) writes its own outputs.
/// Memory: the transformed weights (at most half of ``ConvKernels/workspaceLimit``:
/// ``applies(to:direction:)``) and each thread's `V`, `M` and patch rows, together within the
/// limit. Cancellation is seen before every block.
///
/// It adds in another order than the lowered route, so it is used only where PyTorch
/// itself computes the operation with oneDNN (``routes(_:spatialRank:oneDNN:)``,
/// ``routesConvolution(_:spatialRank:oneDNN:)``); `SubPixelWinogradKernelTests` and
/// `SubPixelWinogradConvolutionTests` compare it with the lowered route on generated
/// geometries.
enum SubPixelWinograd {
    /// Whether the kernel computes `direction` of `g`: 2-D, no dilation, one or two taps
    /// in every residue of both dimensions, two somewhere (so that the transforms save
    /// products), and transformed weights within half the workspace.
    static func applies(to g: ConvGeometry, direction: SubPixelWinogradProblem.Direction = .transposed) -> Bool {
        SubPixelWinogradProblem(g, direction: direction).map(applies) ?? false
    }

    private static func applies(_ p: SubPixelWinogradProblem) -> Bool {
        p.productRatio < 1 && p.groups * p.weightsPerGroup <= ConvKernels.workspaceLimit / 2
    }

    /// Whether a plan takes this route for the transposed direction of geometry `g` (a
    /// transposed convolution, or a strided convolution's input gradient): float32 2-D,
    /// where PyTorch runs the operation through oneDNN (`oneDNN`, from
    /// ``PyTorchBackend/usesOneDNN(_:spatialRank:transposed:outputPadding:threads:)``),
    /// and where it measured faster (``pays(_:)``).
    static func routes(_ g: ConvGeometry, spatialRank: Int, oneDNN: Bool) -> Bool {
        guard oneDNN, spatialRank == 2, let p = SubPixelWinogradProblem(g) else { return false }
        return applies(p) && pays(p)
    }

    /// Whether a plan takes this route for the convolution direction of `g` (a strided
    /// convolution, or a transposed convolution's input gradient): float32 2-D, where
    /// PyTorch runs the operation through oneDNN, and where it measured faster than
    /// ``DirectConvolution`` and the lowered route (``paysConvolution(_:)``).
    static func routesConvolution(_ g: ConvGeometry, spatialRank: Int, oneDNN: Bool) -> Bool {
        guard oneDNN, spatialRank == 2, let p = SubPixelWinogradProblem(g, direction: .convolution) else { return false }
        return applies(p) && paysConvolution(p)
    }

    /// Whether the convolution direction pays: two taps in every residue (`k4 s2`, 9
    /// products for 16), at least 64 input and 32 output channels, and at least 256 tiles
    /// in each phase over the batch.
    ///
    /// Measured with `convlab run` (2 vCPUs, AVX2 OpenBLAS, medians of 40 calls, two
    /// interleaved runs, ms, against ``DirectConvolution``): DCGAN's third layer's input
    /// gradient as a convolution (64 -> 128, 32x32, 16 samples, 1024 tiles a phase)
    /// 7.0-7.9 -> 5.6-5.7, its second's (256 tiles) 7.3 -> 6.2-6.3, a PatchGAN layer
    /// (64 -> 128, 128x128) 6.8-6.9 -> 5.4-5.6; not taken: down_conv's `k3 s2` (25 for
    /// 36) 5.9-6.1 -> 6.4, 32 -> 32 channels on 16x16 0.113 -> 0.12-0.14, DCGAN's first
    /// layer's input gradient (64 tiles) no faster. In DCGAN's backward the input
    /// gradient then leaves the shared lowering to the weight gradient alone: dcgan2 and
    /// dcgan3 backward 0.94-0.95x (`convlab bench`, medians of 4 interleaved rounds),
    /// and dcgan2's 0.96-0.97x again with blocks of 128 tiles rather than 64.
    static func paysConvolution(_ p: SubPixelWinogradProblem) -> Bool {
        p.productRatio < 0.6 && p.inChannels >= 64 && p.outChannels >= 32
            && p.phases.allSatisfy { p.batch * $0.tiles.area >= 256 }
    }

    /// Whether the products are wide and long enough to beat the lowered and sub-pixel
    /// routes: more input channels per group than ``SubPixelTransposedConvolution``
    /// takes (with 32 or fewer, as in grouped_convT, its one product per phase with
    /// `K = inChannels * taps` measured as fast), at least 16 output channels, and at
    /// least 256 tiles in each phase over the batch where two taps in every residue leave
    /// 9 products for 16 (`k4 s2`), 512 where fewer are saved (`k3 s2`'s 25 for 36). The
    /// transformed weight is 2.25 times the weight (`k4 s2`) and made on every call; each
    /// of its values then serves at least 256 columns of the products.
    ///
    /// Measured with `convlab bench` against the previous routes (2 shared vCPUs, AVX2
    /// OpenBLAS, best of 3-5 interleaved rounds, forward, ms): unet_up (`k3 s2`, 4096
    /// tiles a phase) 24.5 -> 12.9, dcgan3 (1024) 11.6 -> 8.4; dcgan2 (256) 7.41 -> 7.02
    /// (minimums of 4 interleaved rounds) once its blocks held 128 tiles rather than 64
    /// (``tileBudget(_:)``; with 64, 11.0 -> 11.2 and 7.42 -> 7.44); no faster, not
    /// routed: dcgan1 (64) 10.4 -> 16.6, grouped_convT (32 input channels a group)
    /// 4.5 -> 4.7, down_conv's input gradient (`k3 s2`, 392 tiles) in its backward
    /// 19.4-20.5 -> 20.8-22.7, and 19.2-19.4 -> 19.8-19.9 in compare_torch runs.
    static func pays(_ p: SubPixelWinogradProblem) -> Bool {
        let leastTiles = p.productRatio < 0.6 ? 256 : 512
        return p.inChannels > SubPixelTransposedConvolution.maximumInputChannels && p.outChannels >= 16
            && p.phases.allSatisfy { p.batch * $0.tiles.area >= leastTiles }
    }

    /// The tiles a block aims for: its `V` and `M` within a core's cache
    /// (``ConvKernels/cacheBlock``), but at least 128 (so that each product packs its
    /// weight for enough columns: OpenBLAS's packing of a point's weights was a tenth of
    /// the time with 49-64 tiles a block) and at most 512, and one thread's workspace
    /// within a quarter of ``ConvKernels/workspaceLimit``.
    static func tileBudget(_ p: SubPixelWinogradProblem) -> Int {
        let perTile = 9 * (p.inChannels + p.outChannels)
        let cached = ConvKernels.cacheBlock / perTile
        let most = ConvKernels.workspaceLimit / 4 / (perTile + 42) - 24
        return max(8, min(512, max(128, cached), most))
    }

    /// `output = conv_transpose(input, weight) + bias` for the transposed direction of
    /// `g`, contiguous buffers laid out as for
    /// ``ConvKernels/transposedConvolution(input:weight:bias:output:geometry:resources:cancellation:)``;
    /// `output` is overwritten. `tileBudget` (tests) overrides the tiles per block.
    /// - Precondition: `T` is `Float` and ``applies(to:direction:)`` holds for `g`.
    static func forward<T: BLASScalar>(
        input: UnsafeBufferPointer<T>, weight: UnsafeBufferPointer<T>, bias: UnsafeBufferPointer<T>?,
        output: UnsafeMutableBufferPointer<T>, geometry g: ConvGeometry, resources: ComputeResources,
        tileBudget: Int? = nil, cancellation: CancellationFlag?
    ) throws(EngineError) {
        try compute(.transposed, input: input, weight: weight, bias: bias, output: output, geometry: g,
                    resources: resources, tileBudget: tileBudget, cancellation: cancellation)
    }

    /// `output = conv(input, weight) + bias` for the convolution direction of `g` (a strided
    /// convolution, or a transposed convolution's input gradient), contiguous buffers laid
    /// out as for ``ConvKernels/convolution(input:weight:bias:output:geometry:resources:cancellation:)``;
    /// `output` is overwritten. `tileBudget` (tests) overrides the tiles per block.
    /// - Precondition: `T` is `Float` and ``applies(to:direction:)`` holds for `g` in the
    ///   convolution direction.
    static func convolution<T: BLASScalar>(
        input: UnsafeBufferPointer<T>, weight: UnsafeBufferPointer<T>, bias: UnsafeBufferPointer<T>?,
        output: UnsafeMutableBufferPointer<T>, geometry g: ConvGeometry, resources: ComputeResources,
        tileBudget: Int? = nil, cancellation: CancellationFlag?
    ) throws(EngineError) {
        try compute(.convolution, input: input, weight: weight, bias: bias, output: output, geometry: g,
                    resources: resources, tileBudget: tileBudget, cancellation: cancellation)
    }

    private static func compute<T: BLASScalar>(
        _ direction: SubPixelWinogradProblem.Direction,
        input: UnsafeBufferPointer<T>, weight: UnsafeBufferPointer<T>, bias: UnsafeBufferPointer<T>?,
        output: UnsafeMutableBufferPointer<T>, geometry g: ConvGeometry, resources: ComputeResources,
        tileBudget: Int?, cancellation: CancellationFlag?
    ) throws(EngineError) {
        precondition(T.self == Float.self, "the sub-pixel Winograd kernel is float32 only")
        guard let p = SubPixelWinogradProblem(g, direction: direction), applies(p) else {
            preconditionFailure("not a geometry for the sub-pixel Winograd route")
        }
        guard p.batch > 0, !p.phases.isEmpty else { return }
        let buffers = Buffers(input: input.floats, weight: weight.floats, output: output.floats)
        try run(p, buffers, bias: bias.map { UncheckedBox($0.floats.baseAddress!) }, resources: resources,
                tileBudget: tileBudget ?? Self.tileBudget(p), cancellation: cancellation)
    }

    private static func run(
        _ p: SubPixelWinogradProblem, _ buffers: Buffers<Float>, bias: UncheckedBox<UnsafePointer<Float>>?,
        resources: ComputeResources, tileBudget: Int, cancellation: CancellationFlag?
    ) throws(EngineError) {
        let blocks = WinogradBlock.cover(p.phases.map(\.tiles), batch: p.batch, budget: tileBudget)
        // Patch rows: two per tile row and one more (the most a phase reads).
        let layout = WinogradLayout(points: p.phases.map(\.points).max() ?? 0, inChannels: p.inChannels,
                                    outChannels: p.outChannels, blocks: blocks, extraRows: 1)
        // Every group's regions of the output, each the blocks of every phase that cover
        // it: one thread writes all of a region's phases in turn (each phase writes every
        // other element of a row), so its rows are still in that core's cache, not
        // fetched again per phase or passed between cores. With too few regions to share
        // evenly, single blocks instead, the phases with the most points first.
        let regions = Dictionary(grouping: blocks) { [$0.samples.lowerBound, $0.tileRows.lowerBound, $0.tileColumns.lowerBound] }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
            .map { $0.value.sorted { p.phases[$0.phase].points > p.phases[$1.phase].points } }
        // In the convolution direction every phase adds into the region's outputs: one
        // thread takes all of a region's blocks, the phase with the most points first.
        let shares = p.phasesShareOutputs || regions.count * p.groups >= 8 * resources.threads
            ? regions : blocks.sorted { p.phases[$0.phase].points > p.phases[$1.phase].points }.map { [$0] }
        let units = (0..<p.groups).flatMap { group in shares.map { (group: group, blocks: $0) } }
        let weightCount = p.groups * p.weightsPerGroup
        let room = max(1, (ConvKernels.workspaceLimit - weightCount) / max(layout.workspaceSize, 1))
        let threads = max(1, min(resources.threads, room, units.count))
        try resources.pool.withBuffer(Float.self, count: weightCount) { (u) throws(EngineError) in
            let transformed = UncheckedBox(u)
            Lowering.parallelChunks(p.groups * p.inChannels, threads: resources.threads,
                                    grain: max(1, 4096 / max(p.outChannels, 1))) { jobs in
                transformWeights(buffers.weight, p, jobs: jobs, into: transformed.value)
            }
            try cancellation.check()
            let next = Atomic<Int>(0)
            Lowering.parallelChunks(threads, threads: threads) { workers in
                for _ in workers {
                    resources.pool.withBuffer(Float.self, count: layout.workspaceSize) { workspace in
                        while cancellation?.isCancelled != true {
                            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                            guard index < units.count else { return }
                            let (group, blocks) = units[index]
                            // Sharing outputs, every phase adds into `M`, the one with the
                            // most points (first in the region) starting it.
                            let outputPhase = p.phasesShareOutputs ? p.phases[blocks[0].phase] : nil
                            for (index, block) in blocks.enumerated() {
                                let phase = p.phases[block.phase]
                                let worker = SubPixelWinogradBlockRun(
                                    p: p, layout: layout, phase: phase, outputPhase: outputPhase ?? phase, block: block,
                                    group: group,
                                    u: transformed.value + group * p.weightsPerGroup + p.weightOffsets[block.phase],
                                    workspace: workspace)
                                worker.transformInputs(buffers.input)
                                worker.multiply(accumulate: outputPhase != nil && index > 0, cancellation)
                                if outputPhase == nil || index == blocks.count - 1 {
                                    worker.transformOutputs(into: buffers.output, bias: bias?.value)
                                }
                            }
                        }
                    }
                }
            }
        }
        try cancellation.check()
    }

    /// Every phase's transformed weights for the jobs' `(group, input channel)` pairs:
    /// `U[e]` transposed, `U[e][o][i]` at
    /// `u[group * weightsPerGroup + weightOffsets[phase] + (e * inChannels + i) * outChannels + o]`,
    /// point `e = rowPoint * columnPoints + columnPoint`, from the weight
    /// `[groups * columnChannels, imageChannels, kernelHeight, kernelWidth]` (input channels
    /// outermost in the transposed direction, output channels in the convolution
    /// direction: ``SubPixelWinogradProblem/weightInChannelStride``); eight output
    /// channels at a time, each point stored as one vector.
    private static func transformWeights(
        _ weight: UnsafePointer<Float>, _ p: SubPixelWinogradProblem, jobs: Range<Int>, into u: UnsafeMutablePointer<Float>
    ) {
        typealias Lanes = SIMD8<Float>
        let (ins, outs) = (p.inChannels, p.outChannels)
        let (kernelWidth, volume) = (p.kernelSize.width, p.kernelSize.area)
        let pointStride = outs * ins
        let outStride = p.weightOutChannelStride
        // Each phase's taps as plain numbers (no arrays touched per weight).
        let phases = zip(p.phases, p.weightOffsets).map { phase, offset in
            (offset: offset, columnPoints: phase.column.points, rowTwo: phase.row.taps == 2,
             rows: (phase.row.kernelIndices[0], phase.row.kernelIndices.last!),
             columns: (phase.column.kernelIndices[0], phase.column.kernelIndices.last!))
        }
        for job in jobs {
            let (group, i) = (job / ins, job % ins)
            let kernels = weight + group * ins * outs * volume + i * p.weightInChannelStride
            let targets = u + group * p.weightsPerGroup + i * outs
            var first = 0
            while first < outs {
                let lanes = min(8, outs - first)
                // Tap `k` of output channels first..<first + lanes.
                @inline(__always) func tap(_ k: Int) -> Lanes {
                    Lanes(gathering: kernels + first * outStride + k, stride: outStride, lanes: lanes)
                }
                for phase in phases {
                    let columnCount = phase.columnPoints
                    let target = targets + phase.offset + first
                    @inline(__always) func store(_ value: Lanes, _ e: Int) {
                        let at = target + e * pointStride
                        if lanes == 8 {
                            UnsafeMutableRawPointer(at).storeBytes(of: value, as: Lanes.self)
                        } else {
                            for lane in 0..<lanes { at[lane] = value[lane] }
                        }
                    }
                    // One kernel row's taps as the column points: (g0, g0 + g1, g1) or (g0, g0).
                    @inline(__always) func columnPoints(_ row: Int) -> (Lanes, Lanes, Lanes) {
                        let g0 = tap(row * kernelWidth + phase.columns.0)
                        guard columnCount == 3 else { return (g0, g0, Lanes()) }
                        let g1 = tap(row * kernelWidth + phase.columns.1)
                        return (g0, g0 + g1, g1)
                    }
                    @inline(__always) func put(_ ey: Int, _ point: (Lanes, Lanes, Lanes)) {
                        store(point.0, ey * columnCount)
                        store(point.1, ey * columnCount + 1)
                        if columnCount == 3 { store(point.2, ey * columnCount + 2) }
                    }
                    let c0 = columnPoints(phase.rows.0)
                    put(0, c0)
                    if phase.rowTwo {
                        let c1 = columnPoints(phase.rows.1)
                        put(1, (c0.0 + c1.0, c0.1 + c1.1, c0.2 + c1.2))
                        put(2, c1)
                    } else {
                        put(1, c0)
                    }
                }
                first += 8
            }
        }
    }
}
