import Synchronization

/// A strided transposed convolution computed as one stride-1 correlation per output
/// phase (``SubPixelPhases``): no column matrix scattered back with `col2im`, and
/// matrix products whose inner dimension is `inChannels * taps` rather than the thin
/// `inChannels` of ``ConvKernels``'s lowered route.
///
/// For each group, phase and block of samples or positions: the input is lowered for
/// the phase's taps (a shifted copy per input channel and tap, zero outside the input),
/// one product `[outChannels x inChannels*taps] * [inChannels*taps x positions]` with
/// the phase's packed weights, and the result written into the output at the stride,
/// the bias added on the way. A phase with no taps gets the bias (or zero). The output
/// is overwritten entirely.
///
/// Threads: the blocks of every group and phase are handed out, costliest first, to up
/// to ``ComputeResources/threads`` threads, each with its own workspace from the pool;
/// every block writes its own output positions. Memory: the packed weights (the
/// weight's size) plus each thread's block, within ``ConvKernels/workspaceLimit``.
/// Cancellation is seen before every block.
///
/// It adds in another order than the lowered route, so it is used only where PyTorch
/// itself leaves its matrix route (``routes(_:oneDNN:)``); `SubPixelKernelTests`
/// compares the two on generated geometries.
enum SubPixelTransposedConvolution {
    /// Whether the kernel computes transposed convolutions of geometry `g`: a stride
    /// above 1 in some dimension, and packed weights that leave most of the workspace
    /// bound for the blocks.
    static func applies(to g: ConvGeometry) -> Bool {
        g.stride.contains { $0 > 1 } && packedWeightCount(g) <= ConvKernels.workspaceLimit / 4
    }

    /// Whether a plan takes the sub-pixel route for geometry `g` (its transposed
    /// direction: a transposed convolution, or a convolution's input gradient).
    /// - Parameter oneDNN: whether PyTorch computes the forward operation through
    ///   oneDNN (``PyTorchBackend/usesOneDNN(_:spatialRank:transposed:outputPadding:threads:)``);
    ///   elsewhere the lowered route reproduces PyTorch's sums to the bit.
    static func routes(_ g: ConvGeometry, oneDNN: Bool) -> Bool {
        oneDNN && applies(to: g)
    }

    /// The workspace elements of the packed weights.
    static func packedWeightCount(_ g: ConvGeometry) -> Int {
        g.groups * g.columnChannelsPerGroup * g.imageChannelsPerGroup * g.kernelVolume
    }

    /// `output = conv_transpose(input, weight) + bias`, contiguous buffers laid out as
    /// for ``ConvKernels/transposedConvolution(input:weight:bias:output:geometry:resources:cancellation:)``.
    /// - Parameters:
    ///   - input: `[batch, groups * columnChannelsPerGroup, columns...]`.
    ///   - weight: `[groups * columnChannelsPerGroup, imageChannelsPerGroup, kernel...]`.
    ///   - output: `[batch, groups * imageChannelsPerGroup, image...]`, overwritten.
    /// - Precondition: ``applies(to:)`` holds for `g`.
    static func forward<T: BLASScalar>(
        input: UnsafeBufferPointer<T>, weight: UnsafeBufferPointer<T>, bias: UnsafeBufferPointer<T>?,
        output: UnsafeMutableBufferPointer<T>, geometry g: ConvGeometry, resources: ComputeResources,
        cancellation: CancellationFlag?
    ) throws(EngineError) {
        precondition(applies(to: g), "not a geometry for the sub-pixel route")
        guard g.batch > 0, g.imagePlane > 0 else { return }
        let phases = SubPixelPhases(g)
        let threads = resources.threads
        let budget = min((ConvKernels.workspaceLimit - packedWeightCount(g)) / max(threads, 1), blockTarget)
        let work = SubPixelWork(g, phases, budget: budget)
        let buffers = Buffers(input: input, weight: weight, output: output)
        let biases = bias.map { UncheckedBox($0.baseAddress!) }
        try resources.pool.withBuffer(T.self, count: packedWeightCount(g)) { (packed) throws(EngineError) in
            packWeights(buffers.weight, into: packed, g, phases, work, threads: threads)
            let next = Atomic<Int>(0)
            let shared = UncheckedBox(UnsafePointer(packed))
            Lowering.parallelChunks(min(threads, work.units.count), threads: threads) { workers in
                for _ in workers {
                    resources.pool.withBuffer(T.self, count: work.workspaceSize) { workspace in
                        while cancellation?.isCancelled != true {
                            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                            guard index < work.units.count else { return }
                            run(work.units[index], buffers, packed: shared.value, bias: biases?.value, workspace: workspace,
                                g, phases, work, cancellation)
                        }
                    }
                }
            }
            try cancellation.check()
        }
    }

    /// The block each thread aims for, in elements (1 MiB in float32).
    static let blockTarget = 1 << 18

    /// One block: lower the input for the phase's taps, multiply, write at the stride.
    private static func run<T: BLASScalar>(
        _ unit: SubPixelWork.Unit, _ buffers: Buffers<T>, packed: UnsafePointer<T>, bias: UnsafePointer<T>?,
        workspace: UnsafeMutablePointer<T>, _ g: ConvGeometry, _ phases: SubPixelPhases, _ work: SubPixelWork,
        _ cancellation: CancellationFlag?
    ) {
        let phase = phases.phases[unit.phase]
        let (inChannels, outChannels) = (g.columnChannelsPerGroup, g.imageChannelsPerGroup)
        let rows = inChannels * phase.taps.count
        let width = unit.samples * unit.count
        let result = workspace + rows * width
        if rows > 0 {
            for j in 0..<unit.samples {
                let image = buffers.input + buffers.columnOffset(g, unit.n0 + j, unit.group, channels: inChannels)
                lower(image, into: workspace + j * unit.count, ldc: width, g, phase, start: unit.start, count: unit.count)
            }
            let weights = packed + unit.group * packedWeightCount(g) / g.groups + work.weightOffsets[unit.phase]
            try? ConvKernels.gemm(m: outChannels, n: width, k: rows, transposeA: false, a: weights, lda: rows,
                                  b: workspace, ldb: width, c: result, ldc: width, accumulate: false,
                                  cancellation: cancellation)
        }
        for j in 0..<unit.samples {
            let image = buffers.output + buffers.imageOffset(g, unit.n0 + j, unit.group)
            for o in 0..<outChannels {
                let value = bias?[unit.group * outChannels + o] ?? 0
                write(rows > 0 ? UnsafePointer(result + o * width + j * unit.count) : nil, plus: value,
                      into: image + o * g.imagePlane, g, phase, start: unit.start, count: unit.count)
            }
        }
    }

    /// Rows `channel * taps + tap` of `columns` (`ldc` apart): for phase positions
    /// `start..<start+count`, the input value each tap reads (zero outside the input).
    private static func lower<T: BLASScalar>(
        _ image: UnsafePointer<T>, into columns: UnsafeMutablePointer<T>, ldc: Int, _ g: ConvGeometry,
        _ phase: SubPixelPhases.Phase, start: Int, count: Int
    ) {
        let (depth, height, width) = (g.columnSize[0], g.columnSize[1], g.columnSize[2])
        let plane = g.columnPlane
        for channel in 0..<g.columnChannelsPerGroup {
            let source = image + channel * plane
            for (t, tap) in phase.taps.enumerated() {
                let row = columns + (channel * phase.taps.count + t) * ldc
                forEachRun(phase, start: start, count: count) { column, q0, q1, q2, length in
                    let dst = row + column
                    let (z, y) = (q0 + tap.offset.0, q1 + tap.offset.1)
                    guard z >= 0, z < depth, y >= 0, y < height else {
                        dst.update(repeating: 0, count: length)
                        return
                    }
                    // Input columns q2 + i + offset inside 0..<width for i in lo..<hi.
                    let first = q2 + tap.offset.2
                    let lo = min(max(-first, 0), length), hi = max(min(width - first, length), lo)
                    for i in 0..<lo { dst[i] = 0 }
                    let src = source + (z * height + y) * width + first
                    for i in lo..<hi { dst[i] = src[i] }
                    for i in hi..<length { dst[i] = 0 }
                }
            }
        }
    }

    /// Writes `values[i] + bias` (or `bias` alone) to the phase's image positions
    /// `start..<start+count` of one channel plane.
    private static func write<T: BLASScalar>(
        _ values: UnsafePointer<T>?, plus bias: T, into plane: UnsafeMutablePointer<T>, _ g: ConvGeometry,
        _ phase: SubPixelPhases.Phase, start: Int, count: Int
    ) {
        let (height, width) = (g.imageSize[1], g.imageSize[2])
        let (s0, s1, s2) = (g.stride[0], g.stride[1], g.stride[2])
        let (r0, r1, r2) = phase.residue
        forEachRun(phase, start: start, count: count) { column, q0, q1, q2, length in
            let dst = plane + ((r0 + s0 * q0) * height + r1 + s1 * q1) * width + r2 + s2 * q2
            if let values {
                let src = values + column
                if s2 == 1 {
                    for i in 0..<length { dst[i] = src[i] + bias }
                } else {
                    for i in 0..<length { dst[i * s2] = src[i] + bias }
                }
            } else {
                for i in 0..<length { dst[i * s2] = bias }
            }
        }
    }

    /// Calls `body(column, q0, q1, q2, length)` for each run of phase positions along a
    /// row within `start..<start+count`: `column` counts from `start`.
    @inline(__always)
    private static func forEachRun(
        _ phase: SubPixelPhases.Phase, start: Int, count: Int,
        _ body: (_ column: Int, _ q0: Int, _ q1: Int, _ q2: Int, _ length: Int) -> Void
    ) {
        let (rows, rowLength) = (phase.size.1, phase.size.2)
        var position = start
        var q2 = start % rowLength, q1 = (start / rowLength) % rows, q0 = start / (rowLength * rows)
        let end = start + count
        while position < end {
            let length = min(rowLength - q2, end - position)
            body(position - start, q0, q1, q2, length)
            position += length
            q2 = 0
            q1 += 1
            if q1 == rows { q1 = 0; q0 += 1 }
        }
    }

    /// Copies each phase's weights, per group, as `[outChannels x inChannels * taps]`
    /// (row `o`, column `channel * taps + tap`), splitting the input channels over threads.
    private static func packWeights<T: BLASScalar>(
        _ weight: UnsafePointer<T>, into packed: UnsafeMutablePointer<T>, _ g: ConvGeometry,
        _ phases: SubPixelPhases, _ work: SubPixelWork, threads: Int
    ) {
        let (inChannels, outChannels, volume) = (g.columnChannelsPerGroup, g.imageChannelsPerGroup, g.kernelVolume)
        let destination = UncheckedBox(packed)
        let channels = g.groups * inChannels
        Lowering.parallelChunks(channels, threads: threads, grain: max(1, 1 << 16 / max(outChannels * volume, 1))) { range in
            for c in range {
                let (group, channel) = (c / inChannels, c % inChannels)
                let groupBase = destination.value + group * packedWeightCount(g) / g.groups
                for (p, phase) in phases.phases.enumerated() {
                    let taps = phase.taps.count
                    guard taps > 0 else { continue }
                    let base = groupBase + work.weightOffsets[p] + channel * taps
                    for o in 0..<outChannels {
                        let source = weight + (c * outChannels + o) * volume
                        let row = base + o * inChannels * taps
                        for (t, tap) in phase.taps.enumerated() { row[t] = source[tap.kernelIndex] }
                    }
                }
            }
        }
    }
}

/// How a sub-pixel transposed convolution is cut into blocks: per group and phase, the
/// samples batched or the phase's positions sliced (``Blocking``) so that a block's
/// lowered input and product stay within the per-thread budget; blocks costliest first.
struct SubPixelWork: Sendable {
    struct Unit: Sendable {
        let group: Int
        let phase: Int
        let n0: Int
        let samples: Int
        let start: Int
        let count: Int
    }

    /// Every block, costliest (taps times columns) first.
    let units: [Unit]
    /// The largest block's workspace, in elements.
    let workspaceSize: Int
    /// Where each phase's packed weights start within a group's.
    let weightOffsets: [Int]

    init(_ g: ConvGeometry, _ phases: SubPixelPhases, budget: Int) {
        let (inChannels, outChannels) = (g.columnChannelsPerGroup, g.imageChannelsPerGroup)
        var units: [(cost: Int, unit: Unit)] = []
        var workspace = 1, offsets: [Int] = [], offset = 0
        for (p, phase) in phases.phases.enumerated() {
            offsets.append(offset)
            offset += outChannels * inChannels * phase.taps.count
            guard phase.positions > 0 else { continue }
            let blocks = Blocking(samples: 0..<g.batch, positions: phase.positions,
                                  perColumn: inChannels * phase.taps.count + outChannels, budget: budget)
            workspace = max(workspace, blocks.workspaceSize)
            for group in 0..<g.groups {
                blocks.forEach(nil) { n0, count, start, width in
                    let unit = Unit(group: group, phase: p, n0: n0, samples: width / count, start: start, count: count)
                    units.append(((phase.taps.count * inChannels + 1) * width, unit))
                }
            }
        }
        self.units = units.sorted { $0.cost > $1.cost }.map(\.unit)
        workspaceSize = workspace
        weightOffsets = offsets
    }
}
