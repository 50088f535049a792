/// Winograd's F(2x2, 3x3) for float32 2-D convolutions with a 3x3 kernel and stride 1
/// (any padding, dilation, groups and batch), in both directions of a geometry: 2.25
/// times fewer multiplications than the lowered route's matrix product.
///
/// Per group, the weight is transformed once (`U = G g G^T`, 16 matrices `outChannels x
/// inChannels`); then per block of 2x2 output tiles (``WinogradBlock``, sized so that
/// its transformed inputs `V` and products `M` stay in a core's cache), the inputs are
/// transformed (`V = B^T d B`, eight tiles at a time in SIMD lanes), 16 single-threaded
/// sgemms give `M[e] = U[e] * V[e]`, and `A^T m A` plus the bias is written into the
/// output, edge tiles clipped. A dilated convolution runs as `dh * dw` undilated ones on
/// the sub-sampled images (``WinogradPhase``); a stride-1 transposed convolution is a
/// convolution with the kernel flipped (``WinogradProblem``).
///
/// Threads share out the blocks (each writes only its own tiles of the output); each
/// has its own workspace from the pool, within ``ConvKernels/workspaceLimit`` with the
/// transformed weight. Cancellation is seen before every block and every BLAS call.
///
/// Numerics: the sums come in another order than a matrix product's (and through the
/// transforms), so the route is taken only where PyTorch itself leaves its matrix route
/// for oneDNN (``routes(_:spatialRank:oneDNN:)``). With
/// integer-valued operands every transform is exact (the weight's has halves and
/// quarters), so `WinogradKernelTests` demands the lowered route's results exactly.
///
/// Error bound (standard normal float32 input and weight as `torch.randn` draws them,
/// against the lowered route in float64; `WinogradKernelTests.errorOnTheBenchShapes`):
///
/// | shape (64 -> 64 channels)       | Winograd max abs | lowered max abs | largest result |
/// |---------------------------------|------------------|-----------------|----------------|
/// | resnet_conv 8x64x56x56 forward  | 4.4e-5           | 6.6e-5          | 124            |
/// | resnet_conv input gradient      | 5.2e-5           | 2.5e-5          | 121            |
/// | dilated 1x64x64x64 d2 forward   | 3.6e-5           | 6.3e-5          | 116            |
/// | dilated input gradient          | 4.0e-5           | 2.4e-5          | 112            |
///
/// So the largest error stays within about twice the lowered route's and below
/// `5e-7` of the largest result (a few float32 ulps at its size); `errorAgainstFloat64`
/// checks `<= 4x` the lowered route's and `<= 1e-6` of the largest result on a smaller image.
enum WinogradConvolution {
    /// Whether the kernel computes both directions of geometry `g`: a 2-D geometry
    /// (depth 1) with a 3x3 kernel and stride 1 whose transformed weight fits in a
    /// quarter of the workspace and a block of 8 tiles in half of it.
    static func applies(to g: ConvGeometry) -> Bool {
        g.kernel == [1, 3, 3] && g.stride.allSatisfy { $0 == 1 } && g.imageSize[0] == 1 && g.columnSize[0] == 1
            && g.paddingBefore[0] == 0
            && 16 * g.imageChannelsPerGroup * g.columnChannelsPerGroup <= ConvKernels.workspaceLimit / 4
            && mostTiles(g.imageChannelsPerGroup, g.columnChannelsPerGroup) >= 8
    }

    /// Whether a float32 plan of geometry `g` (the forward operation's: a gradient takes
    /// the route its forward took) runs on this kernel: a 2-D stride-1 3x3 convolution
    /// or transposed convolution that PyTorch 2.15 computes with oneDNN (`oneDNN`,
    /// ``PyTorchBackend/usesOneDNN(_:spatialRank:transposed:outputPadding:threads:)``),
    /// where the kernel ``pays(_:)``.
    static func routes(_ g: ConvGeometry, spatialRank: Int, oneDNN: Bool) -> Bool {
        oneDNN && spatialRank == 2 && applies(to: g) && pays(g)
    }

    /// Whether the kernel is faster than the lowered route on `g` (either direction), as
    /// measured on this machine: at least 32 channels a side (with fewer, the 16
    /// products are too thin, and with 3 input channels the transforms cost more than
    /// they save) and at least 256 positions on each side (a 7x7 image wastes a third
    /// of its tiles' work and gives too few tiles for the threads).
    static func pays(_ g: ConvGeometry) -> Bool {
        g.imageChannelsPerGroup >= 32 && g.columnChannelsPerGroup >= 32 && g.imagePlane >= 256 && g.columnPlane >= 256
    }

    /// `output = conv(input, weight) + bias` (the convolution direction of `g`), or
    /// `conv_transpose(input, weight) + bias` when `transposed`, for contiguous NCHW
    /// buffers laid out as the lowered route's
    /// (``ConvKernels/convolution(input:weight:bias:output:geometry:resources:cancellation:)``,
    /// ``ConvKernels/transposedConvolution(input:weight:bias:output:geometry:resources:cancellation:)``);
    /// `output` is overwritten. `tileBudget` (tests) overrides the tiles per block; `usesAVX2`
    /// false (tests) keeps the portable transforms on a CPU that runs ConvSIMD's.
    /// - Precondition: `T` is `Float` (a generic caller's float32) and ``applies(to:)``
    ///   holds for `g`.
    static func compute<T: BLASScalar>(
        input: UnsafeBufferPointer<T>, weight: UnsafeBufferPointer<T>, bias: UnsafeBufferPointer<T>?,
        output: UnsafeMutableBufferPointer<T>, geometry g: ConvGeometry, transposed: Bool, resources: ComputeResources,
        tileBudget: Int? = nil, usesAVX2: Bool = SIMDSupport.haswell, cancellation: CancellationFlag?
    ) throws(EngineError) {
        precondition(T.self == Float.self, "the Winograd kernel is float32 only")
        precondition(applies(to: g), "not a stride-1 3x3 2-D geometry")
        let problem = WinogradProblem(g, transposed: transposed)
        try run(problem, input: input.floats, weight: weight.floats, bias: bias?.floats, output: output.floats,
                resources: resources, tileBudget: tileBudget ?? Self.tileBudget(problem),
                usesAVX2: usesAVX2 && SIMDSupport.haswell, cancellation: cancellation)
    }

    /// The tiles a block aims for: its `V` and `M` within a core's cache
    /// (``ConvKernels/cacheBlock``), but at least 64 (so that each product packs its
    /// weight matrix for enough columns) and at most 512, and one thread's workspace
    /// within half of ``ConvKernels/workspaceLimit`` (``mostTiles(_:)``).
    static func tileBudget(_ p: WinogradProblem) -> Int {
        let cached = ConvKernels.cacheBlock / (16 * (p.inChannels + p.outChannels))
        return min(512, max(64, cached), mostTiles(p.inChannels, p.outChannels))
    }

    /// The most tiles a block may hold with one thread's workspace (`V`, `M`, up to 42
    /// padded input floats per tile, and 24 tiles of slack) within half the workspace
    /// limit.
    static func mostTiles(_ inChannels: Int, _ outChannels: Int) -> Int {
        ConvKernels.workspaceLimit / 2 / (16 * (inChannels + outChannels) + 42) - 24
    }

    private static func run(
        _ p: WinogradProblem, input: UnsafeBufferPointer<Float>, weight: UnsafeBufferPointer<Float>,
        bias: UnsafeBufferPointer<Float>?, output: UnsafeMutableBufferPointer<Float>, resources: ComputeResources,
        tileBudget: Int, usesAVX2: Bool, cancellation: CancellationFlag?
    ) throws(EngineError) {
        let phases = p.phases
        guard p.batch > 0, !phases.isEmpty else { return }
        let blocks = WinogradBlock.cover(phases.map(\.tiles), batch: p.batch, budget: max(8, tileBudget))
        let layout = WinogradLayout(p, blocks: blocks)
        // As many threads as have blocks and room in the workspace beside the weight.
        let room = (ConvKernels.workspaceLimit - layout.weightSize) / layout.workspaceSize
        let threads = max(1, min(resources.threads, room))
        let buffers = Buffers(input: input, weight: weight, output: output)
        let biases = bias.map { UncheckedBox($0.baseAddress!) }
        try resources.pool.withBuffer(Float.self, count: layout.weightSize) { (u) throws(EngineError) in
            let transformed = UncheckedBox(u)
            for group in 0..<p.groups {
                try cancellation.check()
                Lowering.parallelChunks(p.outChannels, threads: threads, grain: max(1, 8192 / p.inChannels)) { outs in
                    WinogradTransforms.transformWeight(buffers.weight, group: group, p, outChannels: outs,
                                                       into: transformed.value)
                }
                Lowering.parallelChunks(blocks.count, threads: threads) { range in
                    resources.pool.withBuffer(Float.self, count: layout.workspaceSize) { workspace in
                        for index in range {
                            if cancellation?.isCancelled == true { return }
                            let block = blocks[index]
                            let worker = WinogradBlockRun(p: p, layout: layout, phase: phases[block.phase], block: block,
                                                          group: group, u: transformed.value, workspace: workspace,
                                                          usesAVX2: usesAVX2)
                            worker.transformInputs(buffers.input)
                            worker.multiply(cancellation)
                            worker.transformOutputs(into: buffers.output, bias: biases?.value)
                        }
                    }
                }
            }
        }
        try cancellation.check()
    }
}

/// How a Winograd kernel's workspace is cut (``WinogradConvolution``'s 16 points,
/// ``SubPixelWinograd``'s up to 9): the transformed weight (one group), and per thread
/// the transformed inputs `V` (`points x inChannels x rowStride`), the products `M`
/// (`points x outChannels x rowStride`) and one block's padded input rows.
struct WinogradLayout: Sendable {
    /// The distance between two channels' tiles in `V` and `M`: the largest block plus
    /// room for the eight lanes the last group of a block writes past its last tile.
    let rowStride: Int
    /// The largest block's padded input rows, in floats.
    let regionSize: Int
    /// The transformed values (and products) per tile.
    let points: Int
    let inChannels: Int, outChannels: Int

    /// The layout for `blocks`, whose padded input rows are two per tile row and
    /// `extraRows` more (the patch's reach past its tile).
    init(points: Int, inChannels: Int, outChannels: Int, blocks: [WinogradBlock], extraRows: Int) {
        let tiles = blocks.map(\.tileCount).max() ?? 0
        rowStride = (tiles + 8 + 15) / 16 * 16
        regionSize = blocks.map {
            (2 * $0.tileRows.count + extraRows) * Self.rowLength(width: $0.tileColumns.count)
        }.max() ?? 0
        self.points = points
        self.inChannels = inChannels
        self.outChannels = outChannels
    }

    /// F(2x2, 3x3)'s layout: 16 points, 4x4 patches.
    init(_ p: WinogradProblem, blocks: [WinogradBlock]) {
        self.init(points: 16, inChannels: p.inChannels, outChannels: p.outChannels, blocks: blocks, extraRows: 2)
    }

    /// The length of a padded input row for a block `width` tiles wide: two columns
    /// per tile, two more for the last patch, rounded to whole groups of eight tiles.
    static func rowLength(width: Int) -> Int { 2 * ((width + 7) / 8 * 8) + 2 }

    var weightSize: Int { points * inChannels * outChannels }
    var transformedInputSize: Int { points * inChannels * rowStride }
    var productSize: Int { points * outChannels * rowStride }
    /// One thread's workspace, in floats.
    var workspaceSize: Int { transformedInputSize + productSize + regionSize }

    /// Where `V`, `M` and the padded input rows start in one thread's `workspace`.
    func transformedInputs(in workspace: UnsafeMutablePointer<Float>) -> UnsafeMutablePointer<Float> { workspace }
    func products(in workspace: UnsafeMutablePointer<Float>) -> UnsafeMutablePointer<Float> {
        workspace + transformedInputSize
    }
    func region(in workspace: UnsafeMutablePointer<Float>) -> UnsafeMutablePointer<Float> {
        workspace + transformedInputSize + productSize
    }

    /// `M[target(e)] = U[e] * V[e]` (or with `accumulate`, `+=`) for points `0..<count` of
    /// one block of `tiles` tiles, single-threaded; `u` holds each point's
    /// `outChannels x inChannels` matrix, or its transpose when `transposedWeights`.
    func multiply(points count: Int, tiles: Int, u: UnsafePointer<Float>, transposedWeights: Bool,
                  v: UnsafePointer<Float>, into m: UnsafeMutablePointer<Float>, accumulate: Bool = false,
                  _ cancellation: CancellationFlag?, target: (Int) -> Int = { $0 }) {
        let (outs, ins) = (outChannels, inChannels)
        for e in 0..<count {
            try? ConvKernels.gemm(m: outs, n: tiles, k: ins, transposeA: transposedWeights, a: u + e * outs * ins,
                                  lda: transposedWeights ? outs : ins, b: v + e * ins * rowStride, ldb: rowStride,
                                  c: m + target(e) * outs * rowStride, ldc: rowStride, accumulate: accumulate,
                                  cancellation: cancellation)
        }
    }
}

/// One thread's run over a block of tiles, on a ``WinogradLayout``'s workspace
/// (``WinogradBlockRun``, ``SubPixelWinogradBlockRun``): where its `V`, `M` and padded
/// input rows are, and the block's padded row length.
protocol WinogradBlockWorkspace {
    var layout: WinogradLayout { get }
    var block: WinogradBlock { get }
    var workspace: UnsafeMutablePointer<Float> { get }
}

extension WinogradBlockWorkspace {
    /// The transformed inputs `V[e][c][tile]`.
    var v: UnsafeMutablePointer<Float> { layout.transformedInputs(in: workspace) }
    /// The products `M[e][o][tile]`.
    var m: UnsafeMutablePointer<Float> { layout.products(in: workspace) }
    /// The block's padded input rows, one channel at a time.
    var region: UnsafeMutablePointer<Float> { layout.region(in: workspace) }
    /// The block's tiles per tile row.
    var width: Int { block.tileColumns.count }
    /// The length of one padded row of ``region`` (``WinogradLayout/rowLength(width:)``).
    var rowLength: Int { WinogradLayout.rowLength(width: width) }
}
