/// The shifted copies of a block of input samples that the sub-pixel route reads its
/// products from, so that every tap of every phase finds its operand at a fixed pointer
/// offset, with no bounds to check.
///
/// One copy per distinct (width offset, phase width) among the taps (a *key*): row
/// `y` of copy `k` holds the input row `y - top` read from column `offset` on, over the
/// phase's width, zeros outside the input; depth and height are padded by the most any
/// tap reaches outside (`front`/`top` before, the rest after). In a copy of width `Q2`,
/// phase position `(q0, q1, q2)` of tap `(c0, c1, c2)` is then at
/// `((q0 + c0 + front) * paddedHeight + q1 + c1 + top) * Q2 + q2`: the phase's grid has
/// `paddedHeight` rows per depth slice, of which the first `Q1` are its positions (the
/// others, and the slices past `Q0`, are padding the products compute and drop).
/// Layout: `[key][channel][sample][paddedDepth][paddedHeight][Q2]`.
struct SubPixelShiftedInput {
    /// A copy's width offset and width.
    struct Key: Equatable {
        let offset: Int
        let width: Int
    }

    let keys: [Key]
    let front: Int, top: Int
    let paddedDepth: Int, paddedHeight: Int
    /// Per phase, per tap: the key it reads and the grid offset of its first position.
    let tapKeys: [[Int]]
    let tapOffsets: [[Int]]

    init(_ g: ConvGeometry, _ phases: SubPixelPhases) {
        var keys: [Key] = []
        var front = 0, top = 0, back = 0, bottom = 0
        for phase in phases.phases where phase.positions > 0 {
            for tap in phase.taps {
                let key = Key(offset: tap.offset.2, width: phase.size.2)
                if !keys.contains(key) { keys.append(key) }
                front = max(front, -tap.offset.0)
                top = max(top, -tap.offset.1)
                back = max(back, phase.size.0 + tap.offset.0 - g.columnSize[0])
                bottom = max(bottom, phase.size.1 + tap.offset.1 - g.columnSize[1])
            }
        }
        let paddedDepth = front + g.columnSize[0] + back, paddedHeight = top + g.columnSize[1] + bottom
        self.keys = keys
        (self.front, self.top, self.paddedDepth, self.paddedHeight) = (front, top, paddedDepth, paddedHeight)
        tapKeys = phases.phases.map { phase in
            phase.taps.map { tap in keys.firstIndex(of: Key(offset: tap.offset.2, width: phase.size.2)) ?? 0 }
        }
        tapOffsets = phases.phases.map { phase in
            phase.taps.map { tap in ((tap.offset.0 + front) * paddedHeight + tap.offset.1 + top) * phase.size.2 }
        }
    }

    /// One sample's grid in a copy of width `width`.
    func pitch(width: Int) -> Int { paddedDepth * paddedHeight * width }

    /// The elements of the copies of `samples` samples of `channels` channels.
    func count(samples: Int, channels: Int) -> Int {
        keys.reduce(0) { $0 + pitch(width: $1.width) } * samples * channels
    }

    /// Where copy `key` starts, for blocks of `samples` samples of `channels` channels.
    func start(of key: Int, samples: Int, channels: Int) -> Int {
        keys[..<key].reduce(0) { $0 + pitch(width: $1.width) } * samples * channels
    }

    /// Fills copy `key` of channel `channel` for samples `0..<samples`, reading each
    /// sample's plane of that channel at `image(sample)`.
    func fill<T: BLASScalar>(
        _ copy: UnsafeMutablePointer<T>, key: Int, samples: Int, _ g: ConvGeometry,
        image: (Int) -> UnsafePointer<T>
    ) {
        let rows = paddedDepth * paddedHeight
        for sample in 0..<samples {
            fill(copy + sample * rows * keys[key].width, key: key, rows: 0..<rows, g, plane: image(sample))
        }
    }

    /// Fills rows `rows` of one sample's copy `key` of one channel (rows of the padded
    /// grid, `paddedHeight` per depth slice), the first at `target` and the next
    /// following it, reading that sample's plane of the channel at `plane`.
    func fill<T: BLASScalar>(
        _ target: UnsafeMutablePointer<T>, key: Int, rows: Range<Int>, _ g: ConvGeometry, plane: UnsafePointer<T>
    ) {
        let (depth, height, width) = (g.columnSize[0], g.columnSize[1], g.columnSize[2])
        let (offset, rowLength) = (keys[key].offset, keys[key].width)
        // Row columns x with 0 <= x + offset < width.
        let lo = min(max(-offset, 0), rowLength), hi = max(min(width - offset, rowLength), lo)
        var row = target
        var (zi, yi) = (rows.lowerBound / paddedHeight - front, rows.lowerBound % paddedHeight - top)
        for _ in rows {
            if zi >= 0, zi < depth, yi >= 0, yi < height {
                let src = plane + (zi * height + yi) * width + offset
                Self.zero(row, count: lo)
                for x in lo..<hi { row[x] = src[x] }
                Self.zero(row + hi, count: rowLength - hi)
            } else {
                row.update(repeating: 0, count: rowLength)
            }
            row += rowLength
            yi += 1
            if yi == paddedHeight - top { (zi, yi) = (zi + 1, -top) }
        }
    }

    /// Zeros `count` elements: the few a row's edges need (a tap's reach past the
    /// input, usually one) stored one by one, rather than through a `memset` call per
    /// row edge (a tenth to a third of grouped_convT's copies in profiles).
    @inline(__always)
    private static func zero<T: BLASScalar>(_ start: UnsafeMutablePointer<T>, count: Int) {
        guard count > 0 else { return }
        guard count <= 2 else { return start.update(repeating: 0, count: count) }
        start[0] = 0
        if count == 2 { start[1] = 0 }
    }
}
