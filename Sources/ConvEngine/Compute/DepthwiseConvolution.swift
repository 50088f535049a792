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

    /// `output = conv(input, weight, groups: g.groups) + bias` for a depthwise geometry,
    /// contiguous NC(D)(H)W buffers.
    /// - Parameters:
    ///   - input: `[batch, groups, image...]`.
    ///   - weight: `[groups * multiplier, 1, kernel...]`.
    ///   - output: `[batch, groups * multiplier, columns...]`, overwritten.
    /// - Precondition: ``applies(to:)`` holds for `g`.
    static func forward<T: BLASScalar>(
        input: UnsafeBufferPointer<T>, weight: UnsafeBufferPointer<T>, bias: UnsafeBufferPointer<T>?,
        output: UnsafeMutableBufferPointer<T>, geometry g: ConvGeometry, resources: ComputeResources,
        cancellation: CancellationFlag?
    ) throws(EngineError) {
        precondition(applies(to: g), "not a depthwise geometry")
        let plane = g.columnPlane
        guard g.batch > 0, plane > 0 else { return }
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
        for od in 0..<outDepth {
            for oh in 0..<outHeight {
                if cancellation?.isCancelled == true { return false }
                let row = output + (od * outHeight + oh) * outWidth
                row.update(repeating: bias, count: outWidth)
                for kd in 0..<kernelDepth {
                    let id = od * g.stride[0] - g.paddingBefore[0] + kd * g.dilation[0]
                    guard id >= 0, id < depth else { continue }
                    for kh in 0..<kernelHeight {
                        let ih = oh * g.stride[1] - g.paddingBefore[1] + kh * g.dilation[1]
                        guard ih >= 0, ih < height else { continue }
                        let source = image + (id * height + ih) * width
                        let w = weight + (kd * kernelHeight + kh) * kernelWidth
                        for kw in 0..<kernelWidth {
                            let (low, high) = (taps.low[kw], taps.high[kw])
                            guard low < high else { continue }
                            addTap(w[kw], source + taps.shift[kw], stride: strideWidth, to: row, low..<high)
                        }
                    }
                }
            }
        }
        return true
    }

    /// `row[ow] += weight * source[ow * stride]` over `columns`.
    @inline(__always)
    private static func addTap<T: BLASScalar>(
        _ weight: T, _ source: UnsafePointer<T>, stride: Int, to row: UnsafeMutablePointer<T>, _ columns: Range<Int>
    ) {
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

    init(_ g: ConvGeometry) {
        let (width, outWidth, stride) = (g.imageSize[2], g.columnSize[2], g.stride[2])
        shift = (0..<g.kernel[2]).map { $0 * g.dilation[2] - g.paddingBefore[2] }
        // Image column ow * stride + shift must lie in 0..<width.
        low = shift.map { s in min(outWidth, s >= 0 ? 0 : (-s + stride - 1) / stride) }
        high = zip(shift, low).map { s, low in
            width - 1 - s < 0 ? low : max(low, min(outWidth, (width - 1 - s) / stride + 1))
        }
    }
}
