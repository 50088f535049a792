/// The sizes of one stride-1 correlation of a single plane, the unit of work of
/// ``DepthwiseAVX2``:
///
///     output[oh][ow] = bias + sum over kh, kw of weight[kh][kw]
///                      * source[oh - paddingTop + kh * dilationHeight][ow - paddingLeft + kw * dilationWidth]
///
/// where taps that read outside the source add nothing (see ``skipsPadding``). The padding may be negative (a crop), as an input gradient's is
/// when a convolution pads more than its kernel reaches.
///
/// Made and used only after ``ConvSIMD`` has been found to run on this CPU.
public struct DepthwisePlane: Sendable {
    public let sourceHeight: Int, sourceWidth: Int
    public let height: Int, width: Int
    public let kernelHeight: Int, kernelWidth: Int
    public let dilationHeight: Int, dilationWidth: Int
    public let paddingTop: Int, paddingLeft: Int
    /// Whether taps over the padding are left out (each masked) rather than multiplied by
    /// the ring's zeros. Multiplying is exact, and fast, while the weights (or, for a
    /// weight gradient, the output's gradient) are finite: `w * 0` is then a zero that
    /// leaves the sum as it was. An infinite or NaN operand makes `inf * 0 = NaN` where
    /// oneDNN, skipping the tap, has no NaN: callers then compute with this set.
    public var skipsPadding = false

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

    /// Padded source rows held at once: a block of output rows and the kernel's reach
    /// down, rounded up to a power of two so that a row's slot is a mask, not a division.
    var ringRows: Int {
        let needed = Self.blockRows + (kernelHeight - 1) * dilationHeight
        return 1 << (Int.bitWidth - (needed - 1).leadingZeroBitCount)
    }

    /// The floats of scratch a call of ``DepthwiseAVX2`` needs.
    public var scratchCount: Int { ringRows * rowStride }

    /// The kernel is 3x3 without dilation (MobileNet's), which has an unrolled path.
    var isDense3x3: Bool { kernelHeight == 3 && kernelWidth == 3 && dilationHeight == 1 && dilationWidth == 1 }

    /// The output columns whose kernel column `kw` reads inside the source (empty when none).
    @inline(__always)
    func columns(_ kw: Int) -> Range<Int> {
        reading(count: width, shift: kw * dilationWidth - paddingLeft, source: sourceWidth)
    }

    /// The output rows whose kernel row `kh` reads inside the source (empty when none).
    @inline(__always)
    func rows(_ kh: Int) -> Range<Int> {
        reading(count: height, shift: kh * dilationHeight - paddingTop, source: sourceHeight)
    }

    /// The outputs `o < count` whose source index `o + shift` lies in `0..<source` (all of
    /// them unless ``skipsPadding``).
    @inline(__always)
    private func reading(count: Int, shift: Int, source: Int) -> Range<Int> {
        guard skipsPadding else { return 0..<count }
        let low = min(count, max(0, -shift))
        return low..<max(low, min(count, source - shift))
    }

    /// The output columns every kernel column reads inside the source: a group of eight
    /// columns within needs no mask.
    var innerColumns: Range<Int> {
        var low = 0, high = width
        for kw in 0..<kernelWidth { (low, high) = (max(low, columns(kw).lowerBound), min(high, columns(kw).upperBound)) }
        return low < high ? low..<high : 0..<0
    }

    /// The output rows every kernel row reads inside the source.
    var innerRows: Range<Int> {
        var low = 0, high = height
        for kh in 0..<kernelHeight { (low, high) = (max(low, rows(kh).lowerBound), min(high, rows(kh).upperBound)) }
        return low < high ? low..<high : 0..<0
    }

    /// The lanes of the group of eight columns from `column` that kernel column `kw`
    /// reads inside the source, as all-ones bits (else zeros). Integer arithmetic, not
    /// SIMD comparisons, which compile lane by lane through memory.
    @inline(__always)
    func lanes(column: Int, _ kw: Int) -> SIMD8<Int32> {
        guard skipsPadding else { return SIMD8(repeating: -1) }
        let inside = columns(kw)
        let index = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7) &+ Int32(truncatingIfNeeded: column)
        // Both differences are non-negative exactly inside.
        let below = index &- Int32(truncatingIfNeeded: inside.lowerBound)
        let above = Int32(truncatingIfNeeded: inside.upperBound - 1) &- index
        return ~((below | above) &>> 31)
    }
}

extension SIMD8<Float> {
    /// `other` in the lanes whose `bits` are all ones, `self` in the others (bitwise, so
    /// it compiles to three vector instructions).
    @inline(__always)
    func blended(with other: SIMD8<Float>, where bits: SIMD8<Int32>) -> SIMD8<Float> {
        let mixed = (unsafeBitCast(other, to: SIMD8<Int32>.self) & bits) | (unsafeBitCast(self, to: SIMD8<Int32>.self) & ~bits)
        return unsafeBitCast(mixed, to: SIMD8<Float>.self)
    }
}

/// A ring of zero-padded source rows in scratch memory: padded row `r` (source row
/// `r - paddingTop`, shifted right by `paddingLeft` columns, zeros outside the source,
/// which the kernels read but mask out)
/// lives in slot `r % ringRows` (a power of two), copied once however many output rows
/// read it.
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
        UnsafePointer(scratch + (r & (plane.ringRows - 1)) * plane.rowStride)
    }

    /// Copies the padded rows up to `last` not copied yet.
    @inline(__always)
    mutating func fill(through last: Int) {
        let stride = plane.rowStride
        while next <= last {
            let target = scratch + (next & (plane.ringRows - 1)) * stride
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
