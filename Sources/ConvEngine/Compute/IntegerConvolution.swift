/// Convolution of integer tensors, exact: products and sums in `Int64` with
/// wrap-around, then narrowed to the dtype, which is what PyTorch's `slow_conv2d` and
/// `slow_conv_transpose2d` compute in the narrower type (arithmetic modulo 2^bits).
///
/// A direct loop over the geometry, for the few who convolve integers; floating-point
/// tensors take ``ConvKernels``.
enum IntegerConvolution {
    /// `output = conv(input, weight) + bias` or its transpose, row-major buffers.
    static func compute(_ x: [Int64], _ w: [Int64], _ b: [Int64]?, count: Int, geometry g: ConvGeometry,
                        transposed: Bool, cancellation: CancellationFlag?) throws(EngineError) -> [Int64] {
        var out = [Int64](repeating: 0, count: count)
        let kernelVolume = g.kernelVolume
        let imageChannels = g.groups * g.imageChannelsPerGroup, columnChannels = g.groups * g.columnChannelsPerGroup
        for n in 0..<g.batch {
            try cancellation.check()
            for group in 0..<g.groups {
                for cc in 0..<g.columnChannelsPerGroup {
                    let columnChannel = group * g.columnChannelsPerGroup + cc
                    for ic in 0..<g.imageChannelsPerGroup {
                        let imageChannel = group * g.imageChannelsPerGroup + ic
                        let weightBase = (columnChannel * g.imageChannelsPerGroup + ic) * kernelVolume
                        let imageBase = (n * imageChannels + imageChannel) * g.imagePlane
                        let columnBase = (n * columnChannels + columnChannel) * g.columnPlane
                        forEachTap(g) { column, image, tap in
                            let product = w[weightBase + tap]
                            if transposed {
                                out[imageBase + image] &+= x[columnBase + column] &* product
                            } else {
                                out[columnBase + column] &+= x[imageBase + image] &* product
                            }
                        }
                    }
                }
            }
        }
        if let b {
            let (channels, plane) = transposed ? (imageChannels, g.imagePlane) : (columnChannels, g.columnPlane)
            for i in out.indices { out[i] &+= b[(i / plane) % channels] }
        }
        return out
    }

    /// Every (column position, image position, kernel offset) that meets inside the
    /// image, as flat indices within one channel's plane.
    private static func forEachTap(_ g: ConvGeometry, _ body: (Int, Int, Int) -> Void) {
        for o0 in 0..<g.columnSize[0] {
            for o1 in 0..<g.columnSize[1] {
                for o2 in 0..<g.columnSize[2] {
                    let column = (o0 * g.columnSize[1] + o1) * g.columnSize[2] + o2
                    for k0 in 0..<g.kernel[0] {
                        let i0 = o0 * g.stride[0] - g.paddingBefore[0] + k0 * g.dilation[0]
                        guard i0 >= 0, i0 < g.imageSize[0] else { continue }
                        for k1 in 0..<g.kernel[1] {
                            let i1 = o1 * g.stride[1] - g.paddingBefore[1] + k1 * g.dilation[1]
                            guard i1 >= 0, i1 < g.imageSize[1] else { continue }
                            for k2 in 0..<g.kernel[2] {
                                let i2 = o2 * g.stride[2] - g.paddingBefore[2] + k2 * g.dilation[2]
                                guard i2 >= 0, i2 < g.imageSize[2] else { continue }
                                let image = (i0 * g.imageSize[1] + i1) * g.imageSize[2] + i2
                                body(column, image, (k0 * g.kernel[1] + k1) * g.kernel[2] + k2)
                            }
                        }
                    }
                }
            }
        }
    }
}
