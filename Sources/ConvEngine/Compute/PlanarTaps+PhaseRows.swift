/// ``PlanarTaps/im2col(image:columns:ldc:channels:)`` for a stride above 1 along the
/// rows, without a strided gather per tap: each image row of a channel is first split
/// into its phase rows (the columns `m * stride + phase`, zero-padded at both ends, for
/// each phase some tap reads), after which every tap's run along an output row is one contiguous copy from a
/// phase row. A channel's rows are split once for all its kernel taps; with the short
/// rows of the strided layers (DCGAN's gradients, 8 positions a row), the per-tap
/// gathers and their bounds cost more than the copies themselves.
///
/// Memory: one channel's phase rows (about the channel's plane), at most
/// ``PhaseRows/stagingLimit`` elements; a larger channel is lowered with a gather per tap.
extension PlanarTaps {
    /// Where each tap of a kernel row reads along the phase rows.
    struct PhaseRows {
        /// A phase row's length: the output row's width and the taps' spread.
        let length: Int
        /// Per tap: the phase row it reads (an index into the phases some tap reads),
        /// and its output row's first element within that row.
        let row: [Int], start: [Int]
        /// Per phase some tap reads: the image column of its row's element 0, and the
        /// elements `valid` that lie inside the image.
        let firstColumn: [Int], valid: [Range<Int>]
        let stride: Int

        /// The most elements one channel's phase rows may take (1 MiB in float32, about a
        /// core's L2 cache).
        static let stagingLimit = ConvKernels.cacheBlock

        /// The layout for `taps`, or nil when a channel's phase rows would exceed
        /// ``stagingLimit``.
        init?(_ taps: PlanarTaps) {
            let g = taps.g
            let (stride, outputWidth, imageWidth) = (g.stride[2], g.columnSize[2], g.imageSize[2])
            // Output column x of tap b reads image column x * stride + shift[b], which is
            // (x + q) * stride + phase with q = floor(shift / stride).
            let q = taps.shift.map { $0 >= 0 ? $0 / stride : -((-$0 + stride - 1) / stride) }
            let before = max(0, -(q.min() ?? 0))
            let phases = zip(taps.shift, q).map { $0 - $1 * stride }
            let used = Array(Set(phases)).sorted()
            let length = outputWidth + (q.max() ?? 0) + before
            let rows = max(1, g.imageSize[0] * g.imageSize[1])
            guard used.count * length <= Self.stagingLimit / rows else { return nil }
            self.length = length
            self.stride = stride
            row = phases.map { used.firstIndex(of: $0)! }
            start = q.map { $0 + before }
            firstColumn = used.map { -before * stride + $0 }
            // Elements j with 0 <= first + j * stride < imageWidth.
            valid = firstColumn.map { PlanarTaps.inside(first: $0, step: stride, count: length, limit: imageWidth) }
        }

        /// The elements between one image row's phase rows and the next's.
        var rowPitch: Int { firstColumn.count * length }

        /// The elements of one channel's phase rows: `[image row][phase][length]`.
        func stagingCount(_ g: ConvGeometry) -> Int { g.imageSize[0] * g.imageSize[1] * rowPitch }

        /// Splits the image rows `rows` of one channel (`rowCount` rows of
        /// `imageWidth`) into `staging`, laid out `[row][phase][length]`.
        func split<T: BinaryFloatingPoint>(
            _ rows: UnsafePointer<T>, rowCount: Int, imageWidth: Int, into staging: UnsafeMutablePointer<T>
        ) {
            var target = staging
            for r in 0..<rowCount {
                let row = rows + r * imageWidth
                for (first, range) in zip(firstColumn, valid) {
                    if range.lowerBound > 0 { target.update(repeating: 0, count: range.lowerBound) }
                    var column = first + range.lowerBound * stride
                    for j in range {
                        target[j] = row[column]
                        column &+= stride
                    }
                    if range.upperBound < length {
                        (target + range.upperBound).update(repeating: 0, count: length - range.upperBound)
                    }
                    target += length
                }
            }
        }
    }

    /// Lowers `channels` of one sample's `image` into `columns` (rows `ldc` apart) through
    /// `layout`, one channel's phase rows at a time.
    func im2colFromPhaseRows<T: BinaryFloatingPoint>(
        _ layout: PhaseRows, image: UnsafePointer<T>, columns: UnsafeMutablePointer<T>, ldc: Int, channels: Range<Int>
    ) {
        let (kd, kh, kw) = (g.kernel[0], g.kernel[1], g.kernel[2])
        let (od, oh, ow) = (g.columnSize[0], g.columnSize[1], g.columnSize[2])
        let (id, ih, iw) = (g.imageSize[0], g.imageSize[1], g.imageSize[2])
        let (sd, sh) = (g.stride[0], g.stride[1])
        let (pd, ph, dd, dh) = (g.paddingBefore[0], g.paddingBefore[1], g.dilation[0], g.dilation[1])
        let phaseRowPitch = layout.rowPitch
        let rowBytes = ow * MemoryLayout<T>.stride
        // Per kernel row `a`, the output rows whose image row is inside: the rest are zeros.
        let insideRows = (0..<kh).map { a in Self.inside(first: a * dh - ph, step: sh, count: oh, limit: ih) }
        withUnsafeTemporaryAllocation(of: T.self, capacity: layout.stagingCount(g)) { buffer in
            let staging = buffer.baseAddress!
            var row = columns
            for channel in channels {
                layout.split(image + channel * g.imagePlane, rowCount: id * ih, imageWidth: iw, into: staging)
                for e in 0..<kd {
                    for a in 0..<kh {
                        let inside = insideRows[a]
                        let firstImageRow = a * dh - ph + inside.lowerBound * sh
                        for b in 0..<kw {
                            let tap = staging + layout.row[b] * layout.length + layout.start[b]
                            var dst = UnsafeMutableRawPointer(row)
                            for z in 0..<od {
                                let zi = z * sd + e * dd - pd
                                guard zi >= 0, zi < id, !inside.isEmpty else {
                                    ShortRuns.zero(dst, bytes: oh * rowBytes)
                                    dst += oh * rowBytes
                                    continue
                                }
                                ShortRuns.zero(dst, bytes: inside.lowerBound * rowBytes)
                                dst += inside.lowerBound * rowBytes
                                var source = UnsafeRawPointer(tap + (zi * ih + firstImageRow) * phaseRowPitch)
                                for _ in inside {
                                    ShortRuns.copy(source, to: dst, bytes: rowBytes)
                                    source += sh * phaseRowPitch * MemoryLayout<T>.stride
                                    dst += rowBytes
                                }
                                ShortRuns.zero(dst, bytes: (oh - inside.upperBound) * rowBytes)
                                dst += (oh - inside.upperBound) * rowBytes
                            }
                            row += ldc
                        }
                    }
                }
            }
        }
    }

    /// The `i` in `0..<count` with `0 <= first + i * step < limit` (`step` > 0).
    static func inside(first: Int, step: Int, count: Int, limit: Int) -> Range<Int> {
        let low = first >= 0 ? 0 : (-first + step - 1) / step
        let high = first >= limit ? 0 : (limit - first - 1) / step + 1
        let clampedLow = min(low, count)
        return clampedLow..<max(clampedLow, min(high, count))
    }
}
