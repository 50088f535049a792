import Dispatch

/// `im2col` and `col2im`: between an image and the column matrix whose row
/// `channel * kernelVolume + tap` holds, for each output position, the image value that
/// tap meets (zero in the padding). The inner loops run along an output row with the
/// valid range worked out once, so they have no branches.
enum Lowering {
    /// Copies the patches that output positions `start..<start+count` read from `image`
    /// (one sample's channels of one group) into `columns`, whose rows are `ldc` apart;
    /// row 0 is the first tap of `channels.lowerBound`.
    static func im2col<T: BinaryFloatingPoint>(
        image: UnsafePointer<T>, columns: UnsafeMutablePointer<T>, ldc: Int,
        geometry g: ConvGeometry, start: Int, count: Int, channels: Range<Int>
    ) {
        if let planar = PlanarTaps(g, start: start, count: count) {
            planar.im2col(image: image, columns: columns, ldc: ldc, channels: channels)
            return
        }
        forEachTapRow(g, start: start, count: count, channels: channels) { row, plane, segment in
            let dst = columns + row * ldc + segment.column
            guard let source = segment.sourceRow else {
                dst.update(repeating: 0, count: segment.length)
                return
            }
            let src = image + plane + source
            let (lo, hi) = segment.valid
            if lo > 0 { dst.update(repeating: 0, count: lo) }
            if hi < segment.length { (dst + max(hi, lo)).update(repeating: 0, count: segment.length - max(hi, lo)) }
            guard lo < hi else { return }
            let stride = g.stride[2]
            if stride == 1 {
                (dst + lo).update(from: src + segment.firstInput + lo, count: hi - lo)
                return
            }
            var xi = segment.firstInput + lo * stride
            for i in lo..<hi {
                dst[i] = src[xi]
                xi += stride
            }
        }
    }

    /// Adds every entry of `columns` (rows `ldc` apart) for output positions
    /// `start..<start+count` to the image position it came from: the adjoint of
    /// ``im2col(image:columns:ldc:geometry:start:count:channels:)``, with row 0 the first
    /// tap of `channels.lowerBound`. Entries in the padding are dropped, which is a
    /// transposed convolution's cropping.
    static func col2im<T: BinaryFloatingPoint>(
        columns: UnsafePointer<T>, ldc: Int, image: UnsafeMutablePointer<T>,
        geometry g: ConvGeometry, start: Int, count: Int, channels: Range<Int>
    ) {
        if let planar = PlanarTaps(g, start: start, count: count) {
            planar.col2im(columns: columns, ldc: ldc, image: image, channels: channels)
            return
        }
        forEachTapRow(g, start: start, count: count, channels: channels) { row, plane, segment in
            guard let source = segment.sourceRow else { return }
            let (lo, hi) = segment.valid
            guard lo < hi else { return }
            let src = columns + row * ldc + segment.column
            let dst = image + plane + source
            let stride = g.stride[2]
            if stride == 1 {
                // Contiguous on both sides: a loop the compiler vectorises.
                let out = dst + segment.firstInput
                for i in lo..<hi { out[i] += src[i] }
                return
            }
            var xi = segment.firstInput + lo * stride
            for i in lo..<hi {
                dst[xi] += src[i]
                xi += stride
            }
        }
    }

    /// A run of consecutive output positions along one output row, for one tap.
    struct Segment {
        /// Where the run starts among the slice's columns.
        var column: Int
        var length: Int
        /// The offset of the image row the tap meets (within the channel's plane), or
        /// nil when that row is in the padding.
        var sourceRow: Int?
        /// The image column the run's first position meets (may be negative).
        var firstInput: Int
        /// The positions `lo..<hi` of the run whose image column is inside the image.
        var valid: (Int, Int)
    }

    /// Calls `body(row, channelPlaneOffset, segment)` for every (channel in `channels`,
    /// tap, output row overlapping the slice); rows count from `channels.lowerBound`.
    @inline(__always)
    static func forEachTapRow(
        _ g: ConvGeometry, start: Int, count: Int, channels: Range<Int>,
        _ body: (_ row: Int, _ plane: Int, _ segment: Segment) -> Void
    ) {
        let (kd, kh, kw) = (g.kernel[0], g.kernel[1], g.kernel[2])
        let (oh, ow) = (g.columnSize[1], g.columnSize[2])
        let (id, ih, iw) = (g.imageSize[0], g.imageSize[1], g.imageSize[2])
        let (sd, sh, sw) = (g.stride[0], g.stride[1], g.stride[2])
        let (pd, ph, pw) = (g.paddingBefore[0], g.paddingBefore[1], g.paddingBefore[2])
        let (dd, dh, dw) = (g.dilation[0], g.dilation[1], g.dilation[2])
        let plane = id * ih * iw
        let end = start + count
        for channel in channels {
            var row = (channel - channels.lowerBound) * kd * kh * kw
            for a in 0..<kd {
                for b in 0..<kh {
                    for c in 0..<kw {
                        let shift = c * dw - pw
                        // Output columns x with 0 <= x * sw + shift < iw.
                        let xLow = shift >= 0 ? 0 : (-shift + sw - 1) / sw
                        let xHigh = iw - 1 - shift < 0 ? 0 : (iw - 1 - shift) / sw + 1
                        // Walk the output rows overlapping the slice, updating (z, y)
                        // incrementally (no division per row).
                        var position = start - start % ow
                        var y = (position / ow) % oh, z = position / (ow * oh)
                        var zi = z * sd - pd + a * dd
                        var yi = y * sh - ph + b * dh
                        while position < end {
                            let x0 = max(start, position) - position
                            let x1 = min(end, position + ow) - position
                            let inside = zi >= 0 && zi < id && yi >= 0 && yi < ih
                            let lo = min(max(xLow, x0), x1) - x0
                            let hi = max(min(xHigh, x1), x0) - x0
                            body(row, channel * plane, Segment(
                                column: position + x0 - start, length: x1 - x0,
                                sourceRow: inside ? (zi * ih + yi) * iw : nil,
                                firstInput: x0 * sw + shift, valid: (lo, hi)))
                            position += ow
                            y += 1
                            yi += sh
                            if y == oh {
                                y = 0; yi = -ph + b * dh
                                z += 1; zi += sd
                            }
                        }
                        row += 1
                    }
                }
            }
        }
    }

    /// Runs `body` over `0..<count` split into contiguous chunks, on up to `threads`
    /// threads (a ``ComputeResources/threads``: `body` runs on ``WorkerTeam``'s threads,
    /// which do not see ``EngineContext/current``); small jobs (under `grain` units) run
    /// inline.
    static func parallelChunks(_ count: Int, threads: Int, grain: Int = 1, _ body: (Range<Int>) -> Void) {
        let threads = min(threads, count / max(grain, 1))
        guard threads > 1 else {
            if count > 0 { body(0..<count) }
            return
        }
        WorkerTeam.shared.run(threads: threads) { t in
            let lo = count * t / threads, hi = count * (t + 1) / threads
            if lo < hi { body(lo..<hi) }
        }
    }
}

/// The common case of ``Lowering``, a whole sample (1-D, 2-D or 3-D), with loops that
/// do the least per output row: tables per kernel column, then one tight loop per row
/// (small images such as DCGAN's 4x4 have rows of 4, where general bookkeeping would
/// cost more than the work).
struct PlanarTaps {
    let g: ConvGeometry
    /// Per kernel column: the image column of output column 0, and the output columns
    /// `low..<high` that fall inside the image.
    let shift: [Int], low: [Int], high: [Int]

    init?(_ g: ConvGeometry, start: Int, count: Int) {
        guard start == 0, count == g.columnPlane else { return nil }
        self.g = g
        let (kw, ow, iw) = (g.kernel[2], g.columnSize[2], g.imageSize[2])
        let (sw, pw, dw) = (g.stride[2], g.paddingBefore[2], g.dilation[2])
        shift = (0..<kw).map { $0 * dw - pw }
        low = shift.map { $0 >= 0 ? 0 : min(ow, (-$0 + sw - 1) / sw) }
        high = shift.map { iw - 1 - $0 < 0 ? 0 : min(ow, (iw - 1 - $0) / sw + 1) }
    }

    /// Calls `body(firstRow, channel, imageRow)` for every channel and kernel row (a
    /// kernel depth `e` and height `a`) in the lowered rows' order: `firstRow` is the
    /// lowered row of the kernel row's first column, counted from `channels.lowerBound`,
    /// and `imageRow(z, y)` the offset within the channel's volume of the image row that
    /// output row `(z, y)` meets, or nil in the padding.
    @inline(__always)
    private func forEachKernelRow(
        _ channels: Range<Int>, _ body: (_ firstRow: Int, _ channel: Int, _ imageRow: (Int, Int) -> Int?) -> Void
    ) {
        let (kd, kh, kw) = (g.kernel[0], g.kernel[1], g.kernel[2])
        let (id, ih, iw) = (g.imageSize[0], g.imageSize[1], g.imageSize[2])
        let (sd, sh) = (g.stride[0], g.stride[1])
        let (pd, ph, dd, dh) = (g.paddingBefore[0], g.paddingBefore[1], g.dilation[0], g.dilation[1])
        for channel in channels {
            for e in 0..<kd {
                for a in 0..<kh {
                    let firstRow = (((channel - channels.lowerBound) * kd + e) * kh + a) * kw
                    body(firstRow, channel) { z, y in
                        let zi = z * sd + e * dd - pd, yi = y * sh + a * dh - ph
                        return zi >= 0 && zi < id && yi >= 0 && yi < ih ? (zi * ih + yi) * iw : nil
                    }
                }
            }
        }
    }

    /// The sample's output rows `(z, y)` in order, with their first position.
    @inline(__always)
    private func forEachOutputRow(_ body: (_ z: Int, _ y: Int, _ position: Int) -> Void) {
        let (od, oh, ow) = (g.columnSize[0], g.columnSize[1], g.columnSize[2])
        for z in 0..<od {
            for y in 0..<oh { body(z, y, (z * oh + y) * ow) }
        }
    }

    func im2col<T: BinaryFloatingPoint>(image: UnsafePointer<T>, columns: UnsafeMutablePointer<T>, ldc: Int, channels: Range<Int>) {
        if g.stride[2] > 1, let phaseRows = PhaseRows(self) {
            im2colFromPhaseRows(phaseRows, image: image, columns: columns, ldc: ldc, channels: channels)
            return
        }
        let (kw, ow, sw) = (g.kernel[2], g.columnSize[2], g.stride[2])
        let volume = g.imagePlane
        forEachKernelRow(channels) { firstRow, channel, imageRow in
            let channelBase = image + channel * volume
            for b in 0..<kw {
                let (lo, hi, offset) = (low[b], high[b], shift[b])
                let row = columns + (firstRow + b) * ldc
                forEachOutputRow { z, y, position in
                    let dst = row + position
                    guard let source = imageRow(z, y), lo < hi else {
                        dst.update(repeating: 0, count: ow)
                        return
                    }
                    let src = channelBase + source + offset
                    if lo > 0 { dst.update(repeating: 0, count: lo) }
                    if hi < ow { (dst + hi).update(repeating: 0, count: ow - hi) }
                    if sw == 1 {
                        (dst + lo).update(from: src + lo, count: hi - lo)
                    } else {
                        for x in lo..<hi { dst[x] = src[x * sw] }
                    }
                }
            }
        }
    }

    /// Adds every lowered row into the image in PyTorch's `col2im` order: per channel,
    /// tap by tap, each over the sample's output positions in order.
    func col2im<T: BinaryFloatingPoint>(columns: UnsafePointer<T>, ldc: Int, image: UnsafeMutablePointer<T>, channels: Range<Int>) {
        if T.self == Float.self, g.stride[2] == 2, g.dilation[2] == 1, g.kernel[2] > 1 {
            col2imTapPairs(columns: UnsafeRawPointer(columns).assumingMemoryBound(to: Float.self), ldc: ldc,
                           image: UnsafeMutableRawPointer(image).assumingMemoryBound(to: Float.self), channels: channels)
            return
        }
        let (kw, sw) = (g.kernel[2], g.stride[2])
        let volume = g.imagePlane
        forEachKernelRow(channels) { firstRow, channel, imageRow in
            for b in 0..<kw {
                let (lo, hi) = (low[b], high[b])
                guard lo < hi else { continue }
                let row = columns + (firstRow + b) * ldc
                let base = image + channel * volume + shift[b]
                forEachOutputRow { z, y, position in
                    guard let target = imageRow(z, y) else { return }
                    let (src, dst) = (row + position, base + target)
                    if sw == 1 {
                        for x in lo..<hi { dst[x] += src[x] }
                    } else {
                        for x in lo..<hi { dst[x * sw] += src[x] }
                    }
                }
            }
        }
    }
}

extension PlanarTaps {
    /// ``col2im(columns:ldc:image:channels:)`` for `Float` with stride 2 along a row and
    /// no dilation: taps `b` and `b + 1` of a kernel row land on alternate image columns,
    /// so together they add one contiguous run, four positions of each interleaved into
    /// eight floats at a time. Every image element still receives its taps in the
    /// scalar loop's order (a pair's two taps never meet the same element, and pairs go
    /// in tap order), so the sums are the same to the bit.
    fileprivate func col2imTapPairs(columns: UnsafePointer<Float>, ldc: Int, image: UnsafeMutablePointer<Float>,
                                    channels: Range<Int>) {
        let kw = g.kernel[2]
        let volume = g.imagePlane
        // Per tap pair (or last single tap), its runs along a row, worked out once.
        let runs = stride(from: 0, to: kw, by: 2).map { TapPairRuns(self, first: $0, kernelWidth: kw) }
        forEachKernelRow(channels) { firstRow, channel, imageRow in
            let channelBase = image + channel * volume
            for run in runs {
                let taps = columns + (firstRow + run.first) * ldc
                forEachOutputRow { z, y, position in
                    guard let target = imageRow(z, y) else { return }
                    run.add(taps + position, ldc: ldc, into: channelBase + target)
                }
            }
        }
    }
}

/// Where taps `first` and `first + 1` of a kernel row (stride 2, no dilation) land
/// along an image row: tap `first` at `shift + 2x`, the second at `shift + 2x + 1`, for
/// the output columns each reaches; `both` where both do, as one interleaved run.
private struct TapPairRuns {
    let first: Int
    let shift: Int
    let paired: Bool
    let both: Range<Int>
    /// The first tap's columns outside `both`, before and after it; the second's.
    let firstBefore: Range<Int>, firstAfter: Range<Int>, secondBefore: Range<Int>, secondAfter: Range<Int>

    init(_ taps: PlanarTaps, first b: Int, kernelWidth: Int) {
        first = b
        shift = taps.shift[b]
        paired = b + 1 < kernelWidth
        let c = paired ? b + 1 : b
        let (lowB, highB) = (taps.low[b], max(taps.low[b], taps.high[b]))
        let (lowC, highC) = paired ? (taps.low[c], max(taps.low[c], taps.high[c])) : (highB, highB)
        let lo = paired ? max(lowB, lowC) : highB
        let hi = max(lo, min(highB, highC))
        both = lo..<hi
        firstBefore = lowB..<min(lo, highB)
        firstAfter = min(highB, max(hi, lowB))..<highB
        secondBefore = lowC..<min(lo, highC)
        secondAfter = min(highC, max(hi, lowC))..<highC
    }

    /// Adds the first tap's row `taps` (and the second's, `ldc` further) to the image row
    /// `row`.
    @inline(__always)
    func add(_ taps: UnsafePointer<Float>, ldc: Int, into row: UnsafeMutablePointer<Float>) {
        let dst = row + shift
        for x in firstBefore { dst[2 * x] += taps[x] }
        for x in firstAfter { dst[2 * x] += taps[x] }
        guard paired else { return }
        let second = taps + ldc
        for x in secondBefore { dst[2 * x + 1] += second[x] }
        for x in secondAfter { dst[2 * x + 1] += second[x] }
        let run = UnsafeMutableRawPointer(dst)
        let size = MemoryLayout<Float>.size
        var x = both.lowerBound
        while x + 4 <= both.upperBound {
            let p = UnsafeRawPointer(taps + x).loadUnaligned(as: SIMD4<Float>.self)
            let q = UnsafeRawPointer(second + x).loadUnaligned(as: SIMD4<Float>.self)
            let offset = 2 * x * size
            let sum = run.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                + SIMD8(p[0], q[0], p[1], q[1], p[2], q[2], p[3], q[3])
            run.storeBytes(of: sum, toByteOffset: offset, as: SIMD8<Float>.self)
            x += 4
        }
        while x < both.upperBound {
            dst[2 * x] += taps[x]
            dst[2 * x + 1] += second[x]
            x += 1
        }
    }
}

/// Carries a non-Sendable value into `concurrentPerform`, whose iterations only touch
/// disjoint parts of the buffers they are given.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
