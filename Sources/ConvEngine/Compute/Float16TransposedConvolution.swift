/// A float16 transposed convolution as PyTorch's CPU computes one
/// (`slow_conv_transpose2d` and `slow_conv_transpose3d`; a 1-D one as 2-D), rounding
/// where it rounds:
///
/// 1. each column, one output channel at one kernel offset over the input's positions,
///    is summed over the group's input channels in float32, channel after channel
///    (`gemm` into a float32 buffer; a product of two float16 values is exact in
///    float32), then rounded to float16;
/// 2. the columns are added into the zeroed output in float16, each addition rounded
///    (`col2im`: output channel, then kernel offset in depth, height and width order,
///    then the input's positions);
/// 3. the bias is added last, in float16.
///
/// Computing in float32 and rounding once, as the other dtypes' paths do, differs from
/// it wherever two columns meet. A direct loop over the geometry (``ConvGeometry``, from
/// the convolution's side: the image is this operation's output).
enum Float16TransposedConvolution {
    /// `conv_transpose(input, weight) + bias`, row-major buffers: input `(N, C_in, *S)`,
    /// weight `(C_in, C_out / groups, *K)`, output `(N, C_out, *image)`. The operands are
    /// float16 values, given as floats (exact) so that each is widened once.
    static func compute(_ x: [Float], _ w: [Float], _ b: [Float]?, geometry g: ConvGeometry,
                        cancellation: CancellationFlag?) throws(EngineError) -> [Float16] {
        let imageChannels = g.groups * g.imageChannelsPerGroup, columnChannels = g.groups * g.columnChannelsPerGroup
        var out = [Float16](repeating: 0, count: g.batch * imageChannels * g.imagePlane)
        var column = [Float](repeating: 0, count: g.columnPlane)
        let targets = imagePositions(g)
        for n in 0..<g.batch {
            for group in 0..<g.groups {
                for ic in 0..<g.imageChannelsPerGroup {
                    // An interrupt stops it between output channels (a sample can be large).
                    try cancellation.check()
                    let imageBase = (n * imageChannels + group * g.imageChannelsPerGroup + ic) * g.imagePlane
                    for tap in 0..<g.kernelVolume {
                        for o in column.indices { column[o] = 0 }
                        for cc in 0..<g.columnChannelsPerGroup {
                            let columnChannel = group * g.columnChannelsPerGroup + cc
                            let weight = w[(columnChannel * g.imageChannelsPerGroup + ic) * g.kernelVolume + tap]
                            let columnBase = (n * columnChannels + columnChannel) * g.columnPlane
                            for o in column.indices { column[o] += x[columnBase + o] * weight }
                        }
                        let tapTargets = tap * g.columnPlane
                        for o in column.indices {
                            let target = targets[tapTargets + o]
                            guard target >= 0 else { continue }
                            let sum = out[imageBase + target].widened + Float16(column[o]).widened
                            out[imageBase + target] = Float16(sum)
                        }
                    }
                }
            }
        }
        if let b {
            for i in out.indices { out[i] = Float16(out[i].widened + b[(i / g.imagePlane) % imageChannels]) }
        }
        return out
    }

    /// For each kernel offset and column position (offset-major), the image position it
    /// reaches within a channel's plane, or -1 outside the image.
    private static func imagePositions(_ g: ConvGeometry) -> [Int] {
        var targets = [Int](repeating: -1, count: g.kernelVolume * g.columnPlane)
        g.forEachTap { column, image, tap in targets[tap * g.columnPlane + column] = image }
        return targets
    }
}
