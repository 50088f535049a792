/// The sub-pixel decomposition of a strided transposed convolution: its output (the
/// geometry's image) split into `stride[0] * stride[1] * stride[2]` phases, each a dense
/// stride-1 correlation of the input (the geometry's columns) with a few of the kernel's
/// taps.
///
/// Image position `i = o * stride - padding + k * dilation` meets column position `o`
/// at kernel offset `k` (per dimension). An image position of residue `r` modulo the
/// stride, `i = r + stride * q`, therefore meets only the taps with
/// `(r + padding - k * dilation)` divisible by the stride, each at column
/// `o = q + offset` with `offset = (r + padding - k * dilation) / stride`. Every tap
/// belongs to exactly one residue, so the phases share the kernel out between them.
struct SubPixelPhases {
    /// One tap of a phase: its index in the flattened kernel and the column offset it
    /// reads at, per dimension (depth, height, width).
    struct Tap {
        let kernelIndex: Int
        let offset: (Int, Int, Int)
    }

    /// One phase: the image positions `residue + stride * q` for `q` in `size` (per
    /// dimension), and the taps they meet.
    struct Phase {
        let residue: (Int, Int, Int)
        let size: (Int, Int, Int)
        let taps: [Tap]
        /// Image positions in the phase (per sample and channel).
        var positions: Int { size.0 * size.1 * size.2 }
    }

    /// Every phase, residues in row-major order.
    let phases: [Phase]

    init(_ g: ConvGeometry) {
        /// Per dimension and residue: the phase's size and its taps as (k, offset).
        let perDimension = (0..<3).map { d in
            (0..<g.stride[d]).map { r -> (size: Int, taps: [(k: Int, offset: Int)]) in
                let (s, p, dil, extent) = (g.stride[d], g.paddingBefore[d], g.dilation[d], g.imageSize[d])
                let size = r < extent ? (extent - r + s - 1) / s : 0
                let taps = (0..<g.kernel[d]).compactMap { k -> (k: Int, offset: Int)? in
                    let reach = r + p - k * dil
                    return reach % s == 0 ? (k, reach / s) : nil
                }
                return (size, taps)
            }
        }
        var phases: [Phase] = []
        for a in perDimension[0].indices {
            for b in perDimension[1].indices {
                for c in perDimension[2].indices {
                    let (x, y, z) = (perDimension[0][a], perDimension[1][b], perDimension[2][c])
                    var taps: [Tap] = []
                    for tx in x.taps {
                        for ty in y.taps {
                            for tz in z.taps {
                                taps.append(Tap(kernelIndex: (tx.k * g.kernel[1] + ty.k) * g.kernel[2] + tz.k,
                                                offset: (tx.offset, ty.offset, tz.offset)))
                            }
                        }
                    }
                    phases.append(Phase(residue: (a, b, c), size: (x.size, y.size, z.size), taps: taps))
                }
            }
        }
        self.phases = phases
    }
}
