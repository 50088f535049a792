/// A 1-D or 2-D transposed convolution's output gradient cut by phase, so that its
/// gradients need no lowered matrix: every kernel tap reads one padded plane at a fixed
/// offset.
///
/// Column position `i` meets image position `i * s + o` at a tap whose offset is
/// `o = k * dilation - padding`. Written `o = q * s + phase` (`0 <= phase < s`), that image
/// position is `(i + q) * s + phase`: row `i + q` of the phase's plane, the image's
/// positions `m * s + phase`. Each plane holds the rows its taps read (from the smallest
/// `q` of its taps on, zeros outside the image) in rows `grid.width` wide, the column
/// side's width and the largest span of `q` in a phase; so tap `k` reads the same plane
/// for every column position, from `shift(k) = (q - smallest q) * width`, along a grid of
/// `columns` rows by `width` (the last columns of each grid row are read but not used).
struct PhasePlanes {
    /// One spatial axis (height, or width): the plane's extent along it and each tap's
    /// phase and shift.
    struct Axis {
        let stride: Int
        let imageSize: Int
        /// The column side's size along the axis.
        let columns: Int
        /// Per tap: its phase and `q` less its phase's smallest `q`.
        let phaseOfTap: [Int], shiftOfTap: [Int]
        /// Per phase: the smallest `q` of its taps (0 for a phase no tap reads).
        let smallestShift: [Int]
        /// Whether a tap reads the phase.
        let used: [Bool]
        /// The largest span of `q` within a phase.
        let span: Int

        init(kernel: Int, stride: Int, padding: Int, dilation: Int, imageSize: Int, columns: Int) {
            self.stride = stride
            self.imageSize = imageSize
            self.columns = columns
            let offsets = (0..<kernel).map { $0 * dilation - padding }
            func floorDivision(_ a: Int) -> Int { a >= 0 ? a / stride : -((-a + stride - 1) / stride) }
            let q = offsets.map(floorDivision)
            let phases = zip(offsets, q).map { $0 - $1 * stride }
            var smallest = [Int](repeating: .max, count: stride), largest = [Int](repeating: .min, count: stride)
            for (p, shift) in zip(phases, q) {
                smallest[p] = min(smallest[p], shift)
                largest[p] = max(largest[p], shift)
            }
            let used = smallest.map { $0 != .max }
            let smallestShift = zip(smallest, used).map { $1 ? $0 : 0 }
            self.used = used
            self.smallestShift = smallestShift
            span = zip(zip(smallest, largest), used).map { $1 ? $0.1 - $0.0 : 0 }.max() ?? 0
            phaseOfTap = phases
            shiftOfTap = zip(phases, q).map { $1 - smallestShift[$0] }
        }

        /// The plane's rows (or the grid's width): the column side's and the span.
        var extent: Int { columns + span }

        /// The image position plane coordinate 0 of `phase` holds (coordinate `r` holds
        /// `imageStart + r * stride`), which may be outside the image.
        func imageStart(phase: Int) -> Int { smallestShift[phase] * stride + phase }

        /// The coordinates `low..<high` of the first `count` whose image positions are
        /// inside the image (`low == high` when none is).
        func inside(phase: Int, count: Int) -> (low: Int, high: Int) {
            let start = imageStart(phase: phase)
            let low = min(count, start >= 0 ? 0 : (-start + stride - 1) / stride)
            let high = max(low, min(count, start >= imageSize ? 0 : (imageSize - start + stride - 1) / stride))
            return (low, high)
        }
    }

    let g: ConvGeometry
    let rows: Axis, columns: Axis
    /// The used phases, `(row phase, column phase)`, in plane order.
    let phases: [(row: Int, column: Int)]
    /// Per `rowPhase * columnStride + columnPhase`: the plane's index in ``phases``, or -1.
    let planeIndex: [Int]

    /// The layout for `g` when it is 1-D or 2-D (the first of its three axes a single
    /// position with a one-tap kernel), nil otherwise.
    init?(_ g: ConvGeometry) {
        guard g.kernel[0] == 1, g.imageSize[0] == 1, g.columnSize[0] == 1, g.stride[0] == 1 else { return nil }
        self.g = g
        func axis(_ d: Int) -> Axis {
            Axis(kernel: g.kernel[d], stride: g.stride[d], padding: g.paddingBefore[d], dilation: g.dilation[d],
                 imageSize: g.imageSize[d], columns: g.columnSize[d])
        }
        rows = axis(1)
        columns = axis(2)
        var phases = [(row: Int, column: Int)](), index = [Int](repeating: -1, count: rows.stride * columns.stride)
        for r in 0..<rows.stride where rows.used[r] {
            for c in 0..<columns.stride where columns.used[c] {
                index[r * columns.stride + c] = phases.count
                phases.append((r, c))
            }
        }
        self.phases = phases
        planeIndex = index
    }

    /// The grid's width: a column-side row with the largest span after it.
    var width: Int { columns.extent }
    /// One plane's floats: its rows, and the span after the last so that every tap's
    /// grid stays inside.
    var planeCount: Int { rows.extent * width + columns.span }
    /// The planes of one channel of one sample.
    var channelCount: Int { phases.count * planeCount }
    /// The planes of one sample's channels of a group.
    var sampleCount: Int { g.imageChannelsPerGroup * channelCount }

    /// Where tap `k` (the kernel's row-major index) reads, from the channel's first plane.
    func tapOffset(_ k: Int) -> Int {
        let (kr, kc) = (k / g.kernel[2], k % g.kernel[2])
        let plane = planeIndex[rows.phaseOfTap[kr] * columns.stride + columns.phaseOfTap[kc]]
        return plane * planeCount + rows.shiftOfTap[kr] * width + columns.shiftOfTap[kc]
    }

    /// The grid column of column-side position `p` (row-major).
    func gridColumn(_ p: Int) -> Int { p / columns.columns * width + p % columns.columns }

    /// `target[j] = source[j * step]` for `j` in `0..<count`, where the row holds `before`
    /// elements before `source` and `after` from it on. In float32 with step 2, eight at a
    /// time: the even elements of 16 loaded from `source[2j]`, or, where those would run
    /// past the row's end, the odd ones of 16 loaded from `source[2j - 1]` (grouped_convT's
    /// 32-wide rows are then all vectors). One at a time, the copies were a fifth of
    /// grouped_convT's backward.
    @inline(__always)
    private static func gather<T: BLASScalar>(_ source: UnsafePointer<T>, step: Int, count: Int,
                                              into target: UnsafeMutablePointer<T>, before: Int, after: Int) {
        var j = 0
        if T.self == Float.self, step == 2 {
            let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(target)
            let size = MemoryLayout<Float>.size
            while j + 8 <= count {
                let lanes: SIMD8<Float>
                if 2 * j + 16 <= after {
                    lanes = from.loadUnaligned(fromByteOffset: 2 * j * size, as: SIMD16<Float>.self).evenHalf
                } else if 2 * j - 1 >= -before {
                    lanes = from.loadUnaligned(fromByteOffset: (2 * j - 1) * size, as: SIMD16<Float>.self).oddHalf
                } else {
                    break
                }
                to.storeBytes(of: lanes, toByteOffset: j * size, as: SIMD8<Float>.self)
                j += 8
            }
        }
        while j < count {
            target[j] = source[j * step]
            j += 1
        }
    }

    /// Fills `channel`'s planes from its image plane (`imagePlane` floats, row-major).
    func fill<T: BLASScalar>(channel planes: UnsafeMutablePointer<T>, from image: UnsafePointer<T>) {
        let imageWidth = g.imageSize[2]
        for (p, phase) in phases.enumerated() {
            let plane = planes + p * planeCount
            // The rows and columns inside the image, the rest zeros (one run before the
            // first row inside and one after the last, with the tail).
            let (top, bottom) = rows.inside(phase: phase.row, count: rows.extent)
            let (left, right) = columns.inside(phase: phase.column, count: width)
            let (firstRow, firstColumn) = (rows.imageStart(phase: phase.row), columns.imageStart(phase: phase.column))
            let (rowStride, columnStride) = (rows.stride, columns.stride)
            plane.update(repeating: 0, count: top * width)
            let offset = firstColumn + left * columnStride
            for r in top..<bottom {
                let target = plane + r * width
                let source = image + (firstRow + r * rowStride) * imageWidth + offset
                ShortRuns.zero(UnsafeMutableRawPointer(target), bytes: left * MemoryLayout<T>.stride)
                Self.gather(source, step: columnStride, count: right - left, into: target + left,
                            before: offset, after: imageWidth - offset)
                ShortRuns.zero(UnsafeMutableRawPointer(target + right), bytes: (width - right) * MemoryLayout<T>.stride)
            }
            (plane + bottom * width).update(repeating: 0, count: planeCount - bottom * width)
        }
    }
}
