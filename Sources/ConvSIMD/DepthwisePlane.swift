/// The sizes of one stride-1 correlation of a single plane, the unit of work of
/// ``DepthwiseAVX2``:
///
///     output[oh][ow] = bias + sum over kh, kw of weight[kh][kw]
///                      * source[oh - paddingTop + kh * dilationHeight][ow - paddingLeft + kw * dilationWidth]
///
/// where reads outside the source are zeros. The padding may be negative (a crop), as an
/// input gradient's is when a convolution pads more than its kernel reaches.
///
/// Made and used only after ``ConvSIMD`` has been found to run on this CPU.
public struct DepthwisePlane: Sendable {
    public let sourceHeight: Int, sourceWidth: Int
    public let height: Int, width: Int
    public let kernelHeight: Int, kernelWidth: Int
    public let dilationHeight: Int, dilationWidth: Int
    public let paddingTop: Int, paddingLeft: Int

    public init(sourceHeight: Int, sourceWidth: Int, height: Int, width: Int, kernelHeight: Int, kernelWidth: Int,
                dilationHeight: Int, dilationWidth: Int, paddingTop: Int, paddingLeft: Int) {
        (self.sourceHeight, self.sourceWidth, self.height, self.width) = (sourceHeight, sourceWidth, height, width)
        (self.kernelHeight, self.kernelWidth) = (kernelHeight, kernelWidth)
        (self.dilationHeight, self.dilationWidth) = (dilationHeight, dilationWidth)
        (self.paddingTop, self.paddingLeft) = (paddingTop, paddingLeft)
    }

    /// Output rows computed together, sharing the source rows they read.
    static let blockRows = 4

    /// Floats of one padded source row in the scratch: whole groups of eight output
    /// columns plus the kernel's reach to the right.
    var rowStride: Int { (width + 7) / 8 * 8 + (kernelWidth - 1) * dilationWidth }

    /// Padded source rows held at once: a block of output rows and the kernel's reach down.
    var ringRows: Int { Self.blockRows + (kernelHeight - 1) * dilationHeight }

    /// The floats of scratch a call of ``DepthwiseAVX2`` needs.
    public var scratchCount: Int { ringRows * rowStride }

    /// The kernel is 3x3 without dilation (MobileNet's), which has an unrolled path.
    var isDense3x3: Bool { kernelHeight == 3 && kernelWidth == 3 && dilationHeight == 1 && dilationWidth == 1 }
}

/// A ring of zero-padded source rows in scratch memory: padded row `r` (source row
/// `r - paddingTop`, shifted right by `paddingLeft` columns, zeros outside the source)
/// lives in slot `r % ringRows`, copied once however many output rows read it.
struct PaddedRows {
    let source: UnsafePointer<Float>
    let plane: DepthwisePlane
    let scratch: UnsafeMutablePointer<Float>
    /// The next padded row to copy.
    private(set) var next: Int

    init(source: UnsafePointer<Float>, plane: DepthwisePlane, scratch: UnsafeMutablePointer<Float>, first: Int) {
        (self.source, self.plane, self.scratch, self.next) = (source, plane, scratch, first)
    }

    /// Padded row `r`, copied earlier by ``fill(through:)`` (at most ``DepthwisePlane/ringRows`` back).
    @inline(__always)
    func row(_ r: Int) -> UnsafePointer<Float> {
        UnsafePointer(scratch + (r % plane.ringRows) * plane.rowStride)
    }

    /// Copies the padded rows up to `last` not copied yet.
    @inline(__always)
    mutating func fill(through last: Int) {
        let stride = plane.rowStride
        while next <= last {
            let target = scratch + (next % plane.ringRows) * stride
            let sourceRow = next - plane.paddingTop
            // Columns lo..<hi hold source columns lo - paddingLeft ..< hi - paddingLeft.
            let lo = min(stride, max(0, plane.paddingLeft))
            let hi = max(lo, min(stride, plane.paddingLeft + plane.sourceWidth))
            if sourceRow < 0 || sourceRow >= plane.sourceHeight || lo == hi {
                target.update(repeating: 0, count: stride)
            } else {
                target.update(repeating: 0, count: lo)
                (target + lo).update(from: source + sourceRow * plane.sourceWidth + (lo - plane.paddingLeft), count: hi - lo)
                (target + hi).update(repeating: 0, count: stride - hi)
            }
            next += 1
        }
    }
}
