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
                        g.forEachTap { column, image, tap in
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
}
