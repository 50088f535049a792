/// A direct kernel for depthwise convolution: one image channel per group
/// (`groups == in_channels`, `out_channels == multiplier * in_channels`), where the
/// lowered route would run one tiny matrix product per sample and group.
///
/// Each output plane `(n, o)` reads only image channel `o / multiplier`: the plane is
/// filled row by row, starting from the bias, adding one kernel tap at a time over the
/// output columns that tap sees inside the image (a contiguous, vectorisable loop when
/// the stride along the width is 1). No workspace, no lowering.
///
/// Threads: the planes are split evenly over ``ComputeResources/threads``; each thread
/// writes only its own planes. Cancellation is seen before every output row.
///
/// The lowered route (``ConvKernels/convolution(input:weight:bias:output:geometry:resources:cancellation:)``)
/// stays the reference; `DepthwiseKernelTests` compares the two on generated geometries.
enum DepthwiseConvolution {
    /// Whether the direct kernel computes convolutions of geometry `g`: one image
    /// channel per group (any multiplier, kernel, stride, padding and dilation).
    static func applies(to g: ConvGeometry) -> Bool { g.imageChannelsPerGroup == 1 }

    /// Whether a plan takes the direct kernel (forward, and the direct gradients in its
    /// backward): a float32 2-D depthwise convolution with stride 1 and one output
    /// channel per group (MobileNet's) that PyTorch runs through oneDNN
    /// (``PyTorchBackend/usesOneDNN(_:spatialRank:transposed:outputPadding:threads:)``).
    /// It adds in another order than a matrix product, so it is used only where PyTorch
    /// itself leaves the matrix route and no route matches PyTorch to the last bit; 1-D
    /// and 3-D convolutions, float64, strides and channel multipliers, where the lowered
    /// route gives PyTorch's exact sums, keep it.
    static func routes(_ g: ConvGeometry, spatialRank: Int, transposed: Bool, threads: Int) -> Bool {
        !transposed && spatialRank == 2 && applies(to: g) && g.columnChannelsPerGroup == 1 && g.stride.allSatisfy { $0 == 1 }
            && PyTorchBackend.usesOneDNN(g, spatialRank: spatialRank, transposed: false, outputPadding: [0, 0],
                                         threads: threads)
    }

    /// `output = conv(input, weight, groups: g.groups) + bias` for a depthwise geometry,
    /// contiguous NC(D)(H)W buffers: float32 planes on the AVX2 kernels where they run
    /// (with fused multiply-adds, see ``forwardAVX2(input:weight:bias:output:geometry:planes:resources:cancellation:)``).
    /// - Parameters:
    ///   - input: `[batch, groups, image...]`.
    ///   - weight: `[groups * multiplier, 1, kernel...]`.
    ///   - output: `[batch, groups * multiplier, columns...]`, overwritten.
    ///   - simd: whether float32 planes the AVX2 kernels compute (2-D, stride 1, one
    ///     output channel per group) go to them; by default where the CPU runs them.
    /// - Precondition: ``applies(to:)`` holds for `g`.
    static func forward<T: BLASScalar>(
        input: UnsafeBufferPointer<T>, weight: UnsafeBufferPointer<T>, bias: UnsafeBufferPointer<T>?,
        output: UnsafeMutableBufferPointer<T>, geometry g: ConvGeometry, resources: ComputeResources,
        cancellation: CancellationFlag?, simd: Bool = SIMDSupport.haswell
    ) throws(EngineError) {
        precondition(applies(to: g), "not a depthwise geometry")
        let plane = g.columnPlane
        guard g.batch > 0, plane > 0 else { return }
        if simd, T.self == Float.self, let planes = AVX2Planes(g, threads: resources.threads) {
            try forwardAVX2(input: UnsafeRawPointer(input.baseAddress!).assumingMemoryBound(to: Float.self),
                            weight: UnsafeRawPointer(weight.baseAddress!).assumingMemoryBound(to: Float.self),
                            bias: bias.map { UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: Float.self) },
                            output: UnsafeMutableRawPointer(output.baseAddress!).assumingMemoryBound(to: Float.self),
                            geometry: g, planes: planes, resources: resources, cancellation: cancellation)
            return
        }
        let multiplier = g.columnChannelsPerGroup
        let outChannels = g.groups * multiplier
        let taps = WidthTaps(g)
        let buffers = Buffers(input: input, weight: weight, output: output)
        let biases = bias.map { UncheckedBox($0.baseAddress!) }
        Lowering.parallelChunks(g.batch * outChannels, threads: resources.threads, grain: max(1, 4096 / plane)) { jobs in
            for job in jobs {
                let n = job / outChannels, o = job % outChannels
                let image = buffers.input + (n * g.groups + o / multiplier) * g.imagePlane
                if !fillPlane(image: image, weight: buffers.weight + o * g.kernelVolume, bias: biases?.value[o] ?? 0,
                              output: buffers.output + job * plane, g, taps, cancellation) { return }
            }
        }
        try cancellation.check()
    }

    /// One output plane; false when cancelled part way.
    @inline(__always)
    private static func fillPlane<T: BLASScalar>(
        image: UnsafePointer<T>, weight: UnsafePointer<T>, bias: T, output: UnsafeMutablePointer<T>,
        _ g: ConvGeometry, _ taps: WidthTaps, _ cancellation: CancellationFlag?
    ) -> Bool {
        let (depth, height, width) = (g.imageSize[0], g.imageSize[1], g.imageSize[2])
        let (outDepth, outHeight, outWidth) = (g.columnSize[0], g.columnSize[1], g.columnSize[2])
        let (kernelDepth, kernelHeight, kernelWidth) = (g.kernel[0], g.kernel[1], g.kernel[2])
        let strideWidth = g.stride[2]
        // Columns summed in registers, eight at a time; the rest tap by tap.
        let vector = taps.vectorColumns(lanes: SIMD8<T>.scalarCount)
        return withUnsafeTemporaryAllocation(of: (UnsafePointer<T>, UnsafePointer<T>).self,
                                             capacity: kernelDepth * kernelHeight) { rows in
            taps.shift.withUnsafeBufferPointer { shift in
                for od in 0..<outDepth {
                    for oh in 0..<outHeight {
                        if cancellation?.isCancelled == true { return false }
                        // The image rows this output row reads, with their kernel rows.
                        var count = 0
                        for kd in 0..<kernelDepth {
                            let id = od * g.stride[0] - g.paddingBefore[0] + kd * g.dilation[0]
                            guard id >= 0, id < depth else { continue }
                            for kh in 0..<kernelHeight {
                                let ih = oh * g.stride[1] - g.paddingBefore[1] + kh * g.dilation[1]
                                guard ih >= 0, ih < height else { continue }
                                rows[count] = (image + (id * height + ih) * width,
                                               weight + (kd * kernelHeight + kh) * kernelWidth)
                                count += 1
                            }
                        }
                        let row = output + (od * outHeight + oh) * outWidth
                        row.update(repeating: bias, count: vector.lowerBound)
                        (row + vector.upperBound).update(repeating: bias, count: outWidth - vector.upperBound)
                        for (source, w) in rows[0..<count] {
                            for kw in 0..<kernelWidth {
                                let (low, high) = (taps.low[kw], taps.high[kw])
                                addTap(w[kw], source + shift[kw], stride: strideWidth, to: row,
                                       from: low, to: min(high, vector.lowerBound))
                                addTap(w[kw], source + shift[kw], stride: strideWidth, to: row,
                                       from: max(low, vector.upperBound), to: high)
                            }
                        }
                        var next = vector.lowerBound
                        while next < vector.upperBound {
                            // Every group holds whole sums, so the last may overlap the one before.
                            let ow = min(next, vector.upperBound - SIMD8<T>.scalarCount)
                            var sum = SIMD8<T>(repeating: bias)
                            for (source, w) in rows[0..<count] {
                                for kw in 0..<kernelWidth {
                                    let x = UnsafeRawPointer(source + shift[kw] + ow).loadUnaligned(as: SIMD8<T>.self)
                                    sum += SIMD8(repeating: w[kw]) * x
                                }
                            }
                            UnsafeMutableRawPointer(row + ow).storeBytes(of: sum, as: SIMD8<T>.self)
                            next += SIMD8<T>.scalarCount
                        }
                    }
                }
                return true
            }
        }
    }

    /// `row[ow] += weight * source[ow * stride]` for `first <= ow < end` (none when
    /// `end <= first`).
    @inline(__always)
    private static func addTap<T: BLASScalar>(
        _ weight: T, _ source: UnsafePointer<T>, stride: Int, to row: UnsafeMutablePointer<T>, from first: Int, to end: Int
    ) {
        guard first < end else { return }
        let columns = first..<end
        if stride == 1 {
            for ow in columns { row[ow] += weight * source[ow] }
        } else {
            for ow in columns { row[ow] += weight * source[ow * stride] }
        }
    }
}

/// Per kernel column of a ``ConvGeometry``: the image column that output column 0 would
/// read (`shift`, possibly outside the image), and the output columns `low..<high` whose
/// reads fall inside the image.
struct WidthTaps {
    let shift: [Int], low: [Int], high: [Int]

    /// The output columns every tap reads inside the image, at stride 1 (else none).
    let interior: Range<Int>

    init(_ g: ConvGeometry) {
        let (width, outWidth, stride) = (g.imageSize[2], g.columnSize[2], g.stride[2])
        shift = (0..<g.kernel[2]).map { $0 * g.dilation[2] - g.paddingBefore[2] }
        // Image column ow * stride + shift must lie in 0..<width.
        low = shift.map { s in min(outWidth, s >= 0 ? 0 : (-s + stride - 1) / stride) }
        high = zip(shift, low).map { s, low in
            width - 1 - s < 0 ? low : max(low, min(outWidth, (width - 1 - s) / stride + 1))
        }
        let first = low.max() ?? 0, end = high.min() ?? 0
        interior = stride == 1 && first < end ? first..<end : 0..<0
    }

    /// ``interior`` when it holds at least `lanes` columns (the last group of lanes may
    /// overlap the one before), else none.
    func vectorColumns(lanes: Int) -> Range<Int> {
        interior.count >= lanes ? interior : 0..<0
    }
}

extension ConvPlan {
    /// Whether this plan's forward takes the direct depthwise kernel, and so its backward
    /// the direct gradients: ``DepthwiseConvolution/routes(_:spatialRank:transposed:threads:)``
    /// for a float32 input, with the calling context's threads.
    var runsDirectDepthwise: Bool { routes.directDepthwise }
}
