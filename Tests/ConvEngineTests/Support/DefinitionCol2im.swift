@testable import ConvEngine

/// `col2im` written out from its definition over the 3-D view (a 1-D or 2-D geometry has
/// one plane, of one row in 1-D): every column entry added to the image element its tap
/// meets, per channel, tap by tap (kernel depth, height, width), each over the output
/// positions in order; entries in the padding dropped.
/// - Parameters:
///   - columns: rows `ldc` apart, row 0 the first tap of `channels.lowerBound`, each row's
///     positions from `offset`.
///   - image: the group's channels, added into.
func definitionCol2im(
    _ columns: [Float], ldc: Int, offset: Int = 0, into image: inout [Float], _ g: ConvGeometry, channels: Range<Int>
) {
    let (kd, kh, kw) = (g.kernel[0], g.kernel[1], g.kernel[2])
    let (od, oh, ow) = (g.columnSize[0], g.columnSize[1], g.columnSize[2])
    let (id, ih, iw) = (g.imageSize[0], g.imageSize[1], g.imageSize[2])
    for channel in channels {
        for e in 0..<kd {
            for a in 0..<kh {
                for b in 0..<kw {
                    let row = (((channel - channels.lowerBound) * kd + e) * kh + a) * kw + b
                    for z in 0..<od {
                        for y in 0..<oh {
                            for x in 0..<ow {
                                let zi = z * g.stride[0] - g.paddingBefore[0] + e * g.dilation[0]
                                let yi = y * g.stride[1] - g.paddingBefore[1] + a * g.dilation[1]
                                let xi = x * g.stride[2] - g.paddingBefore[2] + b * g.dilation[2]
                                guard zi >= 0, zi < id, yi >= 0, yi < ih, xi >= 0, xi < iw else { continue }
                                image[((channel * id + zi) * ih + yi) * iw + xi] +=
                                    columns[row * ldc + offset + (z * oh + y) * ow + x]
                            }
                        }
                    }
                }
            }
        }
    }
}
