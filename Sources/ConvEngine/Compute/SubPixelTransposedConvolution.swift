import Synchronization

/// A strided transposed convolution computed as one stride-1 correlation per output
/// phase (``SubPixelPhases``): no column matrix scattered back with `col2im`, and
/// matrix products whose inner dimension is `inChannels * taps` rather than the thin
/// `inChannels` of ``ConvKernels``'s lowered route.
///
/// Per block of samples: the input is copied once, shifted and zero-padded
/// (``SubPixelShiftedInput``), so every tap's operand is a contiguous run of a copy.
/// Then per group, phase and range of the phase's grid (a *unit*, ``SubPixelPlan``):
/// the taps' runs are stacked into `[inChannels*taps x columns]`, multiplied by the
/// phase's packed weights (`[outChannels x inChannels*taps]`), and the product's
/// positions written into the output at the stride, the bias added on the way. A phase
/// with no taps gets the bias (or zero). The output is overwritten entirely.
///
/// In float32 on a CPU that runs AVX2, the products are ``PanelProductAVX2``'s instead
/// (`SubPixelTransposedConvolution+Panels.swift`): the taps' runs are read a panel at a
/// time through row pointers, not stacked, and each thread takes a band of the output
/// with every phase in it (``SubPixelPlan/bands(samples:threads:)``), making the rows
/// of the copies that the band reads itself, into its scratch (``SubPixelBandCopies``).
///
/// Threads: the copies are made by (group, copy, channel) shares, then the units
/// (costliest first) are handed out to up to ``ComputeResources/threads`` threads, each
/// with its own scratch from the pool; on the panel products the bands are handed out in
/// order, with no copies shared. Every unit writes its own output positions.
/// Memory: the packed weights (the weight's size, at most a quarter of
/// ``ConvKernels/workspaceLimit``), the copies (at most a quarter; on the panel products,
/// the bands' copies in the threads' scratch, about a quarter) and each thread's scratch
/// (together at most half). Cancellation is seen before every unit (or band).
///
/// It adds in another order than the lowered route, so it is used only where PyTorch
/// itself leaves its matrix route, and where it measured faster
/// (``routes(_:spatialRank:oneDNN:)``); `SubPixelKernelTests` compares the two routes
/// on generated geometries.
enum SubPixelTransposedConvolution {
    /// Whether the kernel computes transposed convolutions of geometry `g`: a stride
    /// above 1 in some dimension, and packed weights and one sample's shifted copies
    /// within a quarter of the workspace bound each.
    static func applies(to g: ConvGeometry) -> Bool {
        guard g.stride.contains(where: { $0 > 1 }), packedWeightCount(g) <= ConvKernels.workspaceLimit / 4 else {
            return false
        }
        let copies = SubPixelShiftedInput(g, SubPixelPhases(g)).count(samples: 1, channels: g.columnChannelsPerGroup)
        return copies <= ConvKernels.workspaceLimit / 4
    }

    /// The scratch each thread aims for, in elements (1 MiB in float32, about a core's
    /// L2 cache).
    static let blockTarget = 1 << 18

    /// Whether a plan takes the sub-pixel route for geometry `g` (its transposed
    /// direction: a transposed convolution, or a convolution's input gradient).
    ///
    /// Only where PyTorch computes the forward operation through oneDNN (`oneDNN`, from
    /// ``PyTorchBackend/usesOneDNN(_:spatialRank:transposed:outputPadding:threads:)``):
    /// elsewhere the lowered route reproduces PyTorch's sums to the bit. Then only where
    /// it measured faster than the lowered route (`convlab bench`, same session,
    /// interleaved; see ``measuredFaster(_:spatialRank:)``).
    static func routes(_ g: ConvGeometry, spatialRank: Int, oneDNN: Bool) -> Bool {
        oneDNN && applies(to: g) && measuredFaster(g, spatialRank: spatialRank)
    }

    /// The shapes where this route beat the lowered one: 2-D, at most 32 input channels
    /// per group (the lowered route's product then has a thin inner dimension), at
    /// least 16 output channels per group and 12 input rows.
    ///
    /// Measured with `convlab bench` (2 shared vCPUs, AVX2 OpenBLAS, best of 3-4
    /// interleaved rounds, lowered -> sub-pixel, ms; 2 threads / 1 thread):
    /// - faster, routed: fcn_up8 (21 -> 21, k16 s8) 6.53 -> 4.86 / 5.60 -> 4.19, and in
    ///   a quieter run 4.82 -> 2.96 (2 threads); grouped_convT (32 -> 32 per group,
    ///   groups 4) 5.75 -> 5.08 / 5.31 -> 4.44, quieter 4.20 -> 3.08.
    /// - no faster, lowered: dcgan3 (128 -> 64, 16x16) 13.6 -> 13.5 / 12.4 -> 12.3;
    ///   unet_up (64 -> 64, k3) 17.9 -> 18.3 (1 thread); down_conv's input gradient
    ///   (256 -> 128, 14x14) 28.0 -> 29.4 (backward, 1 thread).
    /// - slower, lowered: dcgan1 (4x4 input) 10.6 -> 20.0, dcgan2 (8x8) 10.9 -> 14.2,
    ///   dcgan4 (3 output channels) 1.69 -> 9.19, convT1d (1-D) 0.90 -> 1.04, convT3d
    ///   (3-D) 2.46 -> 2.47 (1 thread).
    ///
    /// The float32 products later moved onto ``PanelProductAVX2`` (where the CPU runs
    /// it), which made the routed layers faster again (grouped_convT 4.63 -> 3.09 ms,
    /// fcn_up8 7.01 -> 3.39, 2 threads) but not convT1d (1.04 -> 1.17), and without the
    /// rule's limits it made dcgan1 2.0 times and dcgan2 1.5 times slower (each panel of
    /// a few positions reads a phase's whole weight), so the rule stayed.
    static func measuredFaster(_ g: ConvGeometry, spatialRank: Int) -> Bool {
        spatialRank == 2 && g.columnChannelsPerGroup <= maximumInputChannels
            && g.imageChannelsPerGroup >= minimumOutputChannels && g.columnSize[1] >= minimumInputRows
    }

    /// Input channels per group above which the lowered route's product is wide enough.
    static let maximumInputChannels = 32
    /// Output channels per group below which this route's product is too thin (dcgan4's 3).
    static let minimumOutputChannels = 16
    /// Input rows below which a phase's grid is mostly padding (dcgan1's 4, dcgan2's 8).
    static let minimumInputRows = 12

    /// The workspace elements of the packed weights: room for either layout, the
    /// output channels rounded up to the panel product's tile rows.
    static func packedWeightCount(_ g: ConvGeometry) -> Int {
        g.groups * g.columnChannelsPerGroup * panelRows(g) * g.kernelVolume
    }

    /// `output = conv_transpose(input, weight) + bias`, contiguous buffers laid out as
    /// for ``ConvKernels/transposedConvolution(input:weight:bias:output:geometry:resources:cancellation:)``.
    /// - Parameters:
    ///   - input: `[batch, groups * columnChannelsPerGroup, columns...]`.
    ///   - weight: `[groups * columnChannelsPerGroup, imageChannelsPerGroup, kernel...]`.
    ///   - output: `[batch, groups * imageChannelsPerGroup, image...]`, overwritten.
    ///   - panels: float32 products on ``PanelProductAVX2`` (where the CPU runs it) rather
    ///     than OpenBLAS; tests set it to check both.
    /// - Precondition: ``applies(to:)`` holds for `g`.
    static func forward<T: BLASScalar>(
        input: UnsafeBufferPointer<T>, weight: UnsafeBufferPointer<T>, bias: UnsafeBufferPointer<T>?,
        output: UnsafeMutableBufferPointer<T>, geometry g: ConvGeometry, resources: ComputeResources,
        cancellation: CancellationFlag?, panels: Bool = SIMDSupport.haswell
    ) throws(EngineError) {
        precondition(applies(to: g), "not a geometry for the sub-pixel route")
        guard g.batch > 0, g.imagePlane > 0 else { return }
        let plan = SubPixelPlan(g, threads: resources.threads)
        let buffers = Buffers(input: input, weight: weight, output: output)
        if panels && T.self == Float.self {
            return try forwardOnPanels(buffers, bias: bias, plan, resources: resources, cancellation: cancellation)
        }
        let biases = bias.map { UncheckedBox($0.baseAddress!) }
        let threads = resources.threads
        let copyCount = plan.shifted.count(samples: plan.samplesPerBlock, channels: g.columnChannelsPerGroup) * g.groups
        try resources.pool.withBuffer(T.self, count: packedWeightCount(g) + copyCount) { (workspace) throws(EngineError) in
            let packed = UncheckedBox(UnsafePointer(workspace)), copies = UncheckedBox(workspace + packedWeightCount(g))
            pack(buffers.weight, into: workspace, plan, threads: threads)
            var n0 = 0
            while n0 < g.batch {
                try cancellation.check()
                let samples = min(plan.samplesPerBlock, g.batch - n0)
                fillCopies(copies.value, buffers, plan, n0: n0, samples: samples, threads: threads)
                let units = plan.units(samples: samples)
                let next = Atomic<Int>(0)
                Lowering.parallelChunks(min(threads, units.count), threads: threads) { workers in
                    for _ in workers {
                        resources.pool.withBuffer(T.self, count: plan.threadWorkspace) { scratch in
                            while cancellation?.isCancelled != true {
                                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                                guard index < units.count else { return }
                                run(units[index], plan, buffers, packed: packed.value, copies: copies.value,
                                    bias: biases?.value, n0: n0, samples: samples, scratch: scratch, cancellation)
                            }
                        }
                    }
                }
                n0 += samples
            }
            try cancellation.check()
        }
    }

    /// One unit: the phase's products over a range of its grid, then the positions of
    /// that range written into the output at the stride, with the bias.
    private static func run<T: BLASScalar>(
        _ unit: SubPixelPlan.Unit, _ plan: SubPixelPlan, _ buffers: Buffers<T>, packed: UnsafePointer<T>,
        copies: UnsafePointer<T>, bias: UnsafePointer<T>?, n0: Int, samples: Int,
        scratch: UnsafeMutablePointer<T>, _ cancellation: CancellationFlag?
    ) {
        let (g, group) = (plan.g, unit.group)
        let phase = plan.phases.phases[unit.phase]
        let (inChannels, outChannels) = (g.columnChannelsPerGroup, g.imageChannelsPerGroup)
        let taps = phase.taps.count
        let count = unit.columns.count
        let result = scratch
        if taps > 0 {
            let channelPitch = plan.channelPitch(unit, samples: samples)
            let weights = packed + group * packedWeightCount(g) / g.groups + plan.weightOffsets[unit.phase]
            // The taps' operands stacked (contiguous runs of the copies), then one product
            // with K = inChannels * taps.
            let rows = scratch + outChannels * count
            for t in 0..<taps {
                let source = plan.operand(unit, tap: t, copies: copies, samples: samples)
                for c in 0..<inChannels {
                    (rows + (t * inChannels + c) * count).update(from: source + c * channelPitch, count: count)
                }
            }
            try? ConvKernels.gemm(m: outChannels, n: count, k: inChannels * taps, transposeA: true,
                                  a: weights, lda: outChannels, b: rows, ldb: count, c: result, ldc: count,
                                  accumulate: false, cancellation: cancellation)
        }
        writeOutputs(unit, plan, buffers, values: taps > 0 ? UnsafePointer(result) : nil, pitch: count, bias: bias,
                     n0: n0)
    }

    /// The unit's output positions: `values[o * pitch + column] + bias[o]` per output
    /// channel `o` (`column` counted from the unit's first), or the bias alone (zero
    /// without one) when `values` is nil. Each run of the phase's positions is found once
    /// and written for every channel.
    static func writeOutputs<T: BLASScalar>(
        _ unit: SubPixelPlan.Unit, _ plan: SubPixelPlan, _ buffers: Buffers<T>, values: UnsafePointer<T>?, pitch: Int,
        bias: UnsafePointer<T>?, n0: Int
    ) {
        let (g, group, outChannels) = (plan.g, unit.group, plan.g.imageChannelsPerGroup)
        let phase = plan.phases.phases[unit.phase]
        let (height, width) = (g.imageSize[1], g.imageSize[2])
        let (s0, s1, s2) = (g.stride[0], g.stride[1], g.stride[2])
        let (r0, r1, r2) = phase.residue
        let biases = bias.map { $0 + group * outChannels }
        plan.forEachRow(unit) { column, sample, q0, q1, q2, length in
            let first = buffers.output + buffers.imageOffset(g, n0 + sample, group)
                + ((r0 + s0 * q0) * height + r1 + s1 * q1) * width + r2 + s2 * q2
            for o in 0..<outChannels {
                let target = first + o * g.imagePlane, value = biases?[o] ?? 0
                if let values {
                    let source = values + o * pitch + column
                    if s2 == 1 {
                        for i in 0..<length { target[i] = source[i] + value }
                    } else {
                        for i in 0..<length { target[i &* s2] = source[i] + value }
                    }
                } else {
                    for i in 0..<length { target[i &* s2] = value }
                }
            }
        }
    }

    /// The shifted copies of samples `n0..<n0+samples`, every group's, split over
    /// threads by (group, copy, channel).
    private static func fillCopies<T: BLASScalar>(
        _ copies: UnsafeMutablePointer<T>, _ buffers: Buffers<T>, _ plan: SubPixelPlan, n0: Int, samples: Int,
        threads: Int
    ) {
        let g = plan.g, inChannels = g.columnChannelsPerGroup, keys = plan.shifted.keys.count
        let destination = UncheckedBox(copies)
        Lowering.parallelChunks(g.groups * keys * inChannels, threads: threads) { jobs in
            for job in jobs {
                let (group, key, channel) = (job / (keys * inChannels), job / inChannels % keys, job % inChannels)
                let width = plan.shifted.keys[key].width
                let copy = destination.value + plan.groupCopies(samples: samples) * group + plan.copyStarts[key] * samples
                    + channel * samples * plan.shifted.pitch(width: width)
                plan.shifted.fill(copy, key: key, samples: samples, g) { sample in
                    buffers.input + buffers.columnOffset(g, n0 + sample, group, channels: inChannels) + channel * g.columnPlane
                }
            }
        }
    }

    /// Copies the weights, per group, as `[phase][tap][inChannel][outChannel]`: each
    /// phase's `[inChannels * taps x outChannels]`, the transposed left operand of its
    /// product. Reads the weight in order, writing one sequential stream per tap.
    private static func pack<T: BLASScalar>(
        _ weight: UnsafePointer<T>, into packed: UnsafeMutablePointer<T>, _ plan: SubPixelPlan, threads: Int
    ) {
        let g = plan.g
        let (inChannels, outChannels, volume) = (g.columnChannelsPerGroup, g.imageChannelsPerGroup, g.kernelVolume)
        let destination = UncheckedBox(packed)
        let grain = max(1, (1 << 16) / max(outChannels * volume, 1))
        plan.tapDestinations.withUnsafeBufferPointer { destinations in
            let targets = UncheckedBox(destinations.baseAddress!)
            Lowering.parallelChunks(g.groups * inChannels, threads: threads, grain: grain) { range in
                for c in range {
                    let (group, channel) = (c / inChannels, c % inChannels)
                    let base = destination.value + group * packedWeightCount(g) / g.groups + channel * outChannels
                    for o in 0..<outChannels {
                        let source = weight + (c * outChannels + o) * volume
                        let out = base + o
                        for k in 0..<volume { out[targets.value[k]] = source[k] }
                    }
                }
            }
        }
    }
}
