import ConvSIMD
import Synchronization

/// A direct float32 convolution on ConvSIMD's ``DirectProductAVX2`` tile (sixteen
/// output channels at six output positions): each sum is read straight from the image
/// (a copy with its zero padding) through a table of offsets, one per input channel and
/// kernel row (a row's taps at fixed displacements), so there is no column matrix to
/// write and no BLAS packing of it to read back. Any rank, stride, padding, dilation and
/// groups.
///
/// Per group the weight is packed once as `[block of 16 output channels][depth][16]`
/// (zero rows past the last channel), and the image copied with its padding
/// (``DirectSourceLayout``), in blocks of samples whose copy fits half of
/// ``ConvKernels/workspaceLimit``. Each position's pointer is the corner of its receptive
/// field; a tile's six sums go to the output with the bias added.
///
/// Order: a sample whose source fits half of a core's L2 cache is swept once per block
/// of channels (the block's packed weight staying in cache); a larger one is cut into
/// runs of tiles, each taking every block in turn while its rows stay in cache
/// (``DirectProblem/blockMajor``).
///
/// Threads: the jobs (a sample, its blocks of channels, a run of tiles) are split
/// evenly, each writing only its own outputs, so the results do not depend on the
/// thread count. Cancellation is seen before every tile.
///
/// Numerics: each sum adds its products in depth order (input channel, then kernel tap)
/// with one rounding per product, another order than a matrix product's, so the route is
/// taken only where PyTorch itself runs oneDNN (``routes(_:spatialRank:oneDNN:)``). A
/// weight with an infinity or NaN over zero padding keeps the lowered route (oneDNN
/// leaves padded taps out, and zeros times infinity would add NaN). `DirectConvolutionTests`
/// demands the lowered route's results exactly on integer-valued operands.
enum DirectConvolution {
    /// Whether the kernel computes convolutions of geometry `g` within the workspace
    /// bound (``DirectProblem/fitsWorkspace``).
    static func applies(to g: ConvGeometry) -> Bool { DirectProblem(g, threads: 1).fitsWorkspace }

    /// Whether a float32 plan of geometry `g` takes the kernel for its convolution
    /// direction: a 2-D or 3-D convolution, on a CPU that runs ConvSIMD, where PyTorch
    /// 2.15 computes it with oneDNN (`oneDNN`), where the kernel ``pays(_:)``.
    static func routes(_ g: ConvGeometry, spatialRank: Int, oneDNN: Bool) -> Bool {
        SIMDSupport.haswell && oneDNN && spatialRank > 1 && pays(g) && applies(to: g)
    }

    /// Whether the kernel is faster than the lowered route on `g`, as measured on this
    /// machine (interleaved runs, 2 threads, lowered -> direct, ms):
    /// - taken: down_conv (128 -> 256, k3 s2, 28x28, 8 samples) 5.12 -> 4.95; ResNet's
    ///   stem (3 -> 64, k7 s2, 224x224) 16.5 -> 13.4; 64 -> 64, k7 s2 on 56x56 9.7 -> 6.1;
    ///   64 -> 128, k3 s2 on 56x56 5.50 -> 5.31; 64 -> 32, k3 s2 on 32x32 0.75 -> 0.53;
    ///   a PatchGAN layer (32 -> 64, k4 s2, 64x64) 3.4 -> 3.2; 16 -> 32, k5 on 32x32
    ///   1.76 -> 1.39; 3-D 32 -> 64, k3 s2 on 32^3 8.5 -> 5.5, and k3 s1 on 16^3 4.7 -> 2.6.
    /// - not taken: 1-D layers (their lowering copies whole rows: 64 -> 64, k3 d2 on 1024
    ///   1.2 -> 1.7, 128 -> 128, k3 s2 5.3 -> 5.8); sums shorter than 128 products, or
    ///   than 256 at stride 1, where the lowering is cheap and a tile's stores are not
    ///   (8 -> 32, k3 s2 0.38 -> 0.60; 16 -> 32, k3 s1 2.2 -> 2.8); pointwise kernels (the
    ///   lowered product reads the image itself: 2.6 -> 4.0); fewer than 32 output
    ///   channels; planes under 64 positions, where each sample reads the whole weight
    ///   again (512 -> 512, k3 s2 on 7x7: 9.5 -> 13).
    static func pays(_ g: ConvGeometry) -> Bool {
        let depth = g.imageChannelsPerGroup * g.kernelVolume
        let strided = g.stride.contains { $0 > 1 }
        return g.kernelVolume > 1 && depth >= (strided ? 128 : 256) && g.columnChannelsPerGroup >= 32
            && g.columnPlane >= 64
    }

    /// `output = conv(input, weight) + bias` for contiguous NC(D)(H)W float32 buffers laid
    /// out as the lowered route's
    /// (``ConvKernels/convolution(input:weight:bias:output:geometry:resources:cancellation:)``);
    /// `output` is overwritten. False when the weight has an infinity or NaN and the
    /// convolution reads zero padding (the lowered route serves, overwriting whatever of
    /// `output` was written); the weight is looked at as it is packed, on the threads.
    /// - Precondition: ``applies(to:)`` holds for `g` and ``SIMDSupport/haswell``.
    static func forward(
        input: UnsafeBufferPointer<Float>, weight: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Float>?,
        output: UnsafeMutableBufferPointer<Float>, geometry g: ConvGeometry, resources: ComputeResources,
        cancellation: CancellationFlag?
    ) throws(EngineError) -> Bool {
        let problem = DirectProblem(g, threads: resources.threads)
        precondition(SIMDSupport.haswell && problem.fitsWorkspace, "not a direct convolution geometry")
        guard g.batch > 0, g.columnPlane > 0 else {
            return !(problem.layout.readsPadding && hasNonFinite(weight))
        }
        // Whether a packed weight has an infinity or NaN, looked for in the packs (on
        // the threads) when the convolution reads padding.
        let nonFinite = Atomic<Bool>(false)
        let (inChannels, outChannels) = (g.imageChannelsPerGroup, g.columnChannelsPerGroup)
        let pointers = UncheckedBox((input.baseAddress!, weight.baseAddress!, bias?.baseAddress, output.baseAddress!))
        try resources.pool.withBuffer(Float.self, count: problem.packedCount) { (packed) throws(EngineError) in
            try resources.pool.withBuffer(Float.self, count: problem.copiedCount) { (copies) throws(EngineError) in
                let scratch = UncheckedBox((packed, copies))
                for group in 0..<g.groups {
                    func sampleInput(_ n: Int) -> UnsafePointer<Float> {
                        pointers.value.0 + (n * g.groups + group) * inChannels * g.imagePlane
                    }
                    var first = 0
                    while first < g.batch {
                        try cancellation.check()
                        let samples = first..<min(g.batch, first + problem.samplesPerBlock)
                        // One parallel pass for the copies of the block's samples and, with
                        // the first block, the group's packed weight: each thread packs every
                        // `workers`-th block of channels (a block costs as much as many
                        // copies) and copies an even share of the planes.
                        let packJobs = first == 0 ? problem.channelBlocks : 0
                        let copyJobs = samples.count * inChannels
                        let workers = max(1, min(resources.threads, packJobs + copyJobs))
                        Lowering.parallelChunks(workers, threads: workers) { shares in
                            for worker in shares {
                                for block in stride(from: worker, to: packJobs, by: workers) {
                                    problem.pack(weight: pointers.value.1, group: group, blocks: block..<block + 1,
                                                 into: scratch.value.0)
                                    let size = problem.depth * DirectProductAVX2.tileChannels
                                    if problem.layout.readsPadding,
                                       hasNonFinite(UnsafeBufferPointer(start: scratch.value.0 + block * size, count: size)) {
                                        nonFinite.store(true, ordering: .relaxed)
                                    }
                                }
                                for plane in copyJobs * worker / workers..<copyJobs * (worker + 1) / workers {
                                    let (sample, channel) = plane.quotientAndRemainder(dividingBy: inChannels)
                                    problem.layout.copy(plane: sampleInput(samples.lowerBound + sample) + channel * g.imagePlane,
                                                        into: scratch.value.1 + plane * problem.layout.channelPitch)
                                }
                            }
                        }
                        if nonFinite.load(ordering: .relaxed) { return }
                        Lowering.parallelChunks(problem.jobs(samples: samples.count), threads: resources.threads) {
                            range in
                            let (_, _, bias, output) = pointers.value
                            let (packed, copies) = scratch.value
                            for job in range {
                                let (sample, blocks, tiles) = problem.job(job, samples: samples.count)
                                let n = samples.lowerBound + sample
                                if !problem.run(tiles: tiles, blocks: blocks, source: UnsafePointer(copies + sample * problem.sampleCount),
                                                packed: packed,
                                                bias: bias.map { $0 + group * outChannels },
                                                output: output + (n * g.groups + group) * outChannels * g.columnPlane,
                                                cancellation) {
                                    return
                                }
                            }
                        }
                        first = samples.upperBound
                    }
                }
            }
        }
        try cancellation.check()
        return !nonFinite.load(ordering: .relaxed)
    }

    /// Whether `values` holds an infinity or a NaN: their exponent bits all ones, found
    /// with integer operations the compiler vectorises.
    static func hasNonFinite(_ values: UnsafeBufferPointer<Float>) -> Bool {
        let bits = UnsafeRawBufferPointer(values).assumingMemoryBound(to: UInt32.self)
        // An all-ones exponent carries into the sign bit; no other exponent reaches it.
        var carries: UInt32 = 0
        for b in bits { carries |= (b & 0x7F80_0000) &+ 0x0080_0000 }
        return carries & 0x8000_0000 != 0
    }
}
