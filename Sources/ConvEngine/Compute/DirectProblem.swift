import ConvSIMD

/// Where a ``DirectConvolution``'s positions read: a copy of each of a group's image
/// channel planes spanning exactly the image positions the output reaches (from the
/// first padded position, zeros where the padding is), so that every offset of every
/// position is in bounds.
///
/// The image is always copied (one code path; the copy is under 1 % of down_conv's
/// profile), and the copies' channels are an odd number of 64-byte lines apart, so that
/// a tile's rows in consecutive channels never all fall in the same few sets of the L1
/// cache, as planes a multiple of 4 KiB apart would (a 1-D image of 1024 positions). No
/// change was measured from it on the layers timed, 1-D ones included.
struct DirectSourceLayout {
    /// The image plane's own sizes (depth, height, width).
    let size: Spatial3
    /// The zero positions before the image plane's first element in the copy.
    let before: Spatial3
    /// The sizes of one copy (depth, height, width).
    let extent: Spatial3
    /// Whether the output reads zero padding: a padding, or a reach past the image's end.
    let readsPadding: Bool
    /// Elements between consecutive channels of the copy.
    let channelPitch: Int

    /// The source of `g`'s convolution direction.
    init(_ g: ConvGeometry) {
        var reach = g.imageSize
        for d in 0..<3 {
            reach[d] = max(0, (g.columnSize[d] - 1) * g.stride[d] + (g.kernel[d] - 1) * g.dilation[d] + 1)
        }
        size = g.imageSize
        before = g.paddingBefore
        readsPadding = (0..<3).contains { g.paddingBefore[$0] != 0 || reach[$0] > g.imageSize[$0] }
        extent = reach
        let lines = (reach[0] * reach[1] * reach[2] + 15) / 16
        channelPitch = (lines | 1) * 16
    }

    /// Elements between consecutive depth slices, rows and columns of the copy.
    var pitches: Spatial3 { [extent[1] * extent[2], extent[2], 1] }

    /// Writes the copy of one image channel plane (`size` elements at `source`) to
    /// `target` (the copy's `extent`, within ``channelPitch`` elements).
    func copy(plane source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>) {
        let (depth, height, width) = (size[0], size[1], size[2])
        let rowLength = extent[2]
        let lead = min(before[2], rowLength), count = max(0, min(width, rowLength - before[2]))
        for z in 0..<extent[0] {
            for y in 0..<extent[1] {
                let row = target + (z * extent[1] + y) * rowLength
                let (sz, sy) = (z - before[0], y - before[1])
                guard sz >= 0, sz < depth, sy >= 0, sy < height else {
                    row.update(repeating: 0, count: rowLength)
                    continue
                }
                row.update(repeating: 0, count: lead)
                (row + lead).update(from: source + (sz * height + sy) * width, count: count)
                (row + lead + count).update(repeating: 0, count: rowLength - lead - count)
            }
        }
    }
}

/// A group's direct convolution laid out for ``DirectProductAVX2``: the row offsets of its
/// depth steps, the packed weight's shape, the sample blocks and the jobs the threads
/// share (a sample, its blocks of sixteen output channels, a run of tiles).
struct DirectProblem {
    let g: ConvGeometry
    let layout: DirectSourceLayout
    /// Input channels per group times kernel taps: the sums' length.
    let depth: Int
    /// Blocks of sixteen output channels per group.
    let channelBlocks: Int
    /// Tiles of six positions over an output plane.
    let tiles: Int
    /// The first source element of each kernel row (an input channel, then the kernel's
    /// outer taps; its inner taps are `dilation` apart) from a position's corner.
    let rowOffsets: [Int]
    let threads: Int

    init(_ g: ConvGeometry, threads: Int) {
        self.g = g
        self.threads = threads
        layout = DirectSourceLayout(g)
        depth = g.imageChannelsPerGroup * g.kernelVolume
        channelBlocks = (g.columnChannelsPerGroup + DirectProductAVX2.tileChannels - 1) / DirectProductAVX2.tileChannels
        tiles = (g.columnPlane + DirectProductAVX2.tilePositions - 1) / DirectProductAVX2.tilePositions
        let (plane, pitches) = (layout.channelPitch, layout.pitches)
        var rowOffsets = [Int]()
        rowOffsets.reserveCapacity(depth / max(g.kernel[2], 1))
        for c in 0..<g.imageChannelsPerGroup {
            for kd in 0..<g.kernel[0] {
                for kh in 0..<g.kernel[1] {
                    rowOffsets.append(c * plane + kd * g.dilation[0] * pitches[0] + kh * g.dilation[1] * pitches[1])
                }
            }
        }
        self.rowOffsets = rowOffsets
    }

    /// One sample's source (a group's channels), in elements.
    var sampleCount: Int { g.imageChannelsPerGroup * layout.channelPitch }
    /// Samples copied at once: as many as fit half of ``ConvKernels/workspaceLimit``.
    var samplesPerBlock: Int { max(1, min(g.batch, ConvKernels.workspaceLimit / 2 / max(sampleCount, 1))) }
    /// Whether the kernel computes this problem within the workspace bound: some depth,
    /// the packed weight in a quarter of the bound, one sample's copy in half.
    var fitsWorkspace: Bool {
        depth > 0 && packedCount <= ConvKernels.workspaceLimit / 4 && sampleCount <= ConvKernels.workspaceLimit / 2
    }
    /// The packed weight's elements: `[channelBlocks][depth][16]`.
    var packedCount: Int { channelBlocks * depth * DirectProductAVX2.tileChannels }
    /// The copies' elements for a block of samples.
    var copiedCount: Int { samplesPerBlock * sampleCount }

    /// Packs `blocks` of the group's output channels as `[block][depth][16]`, zeros past
    /// the last channel: the block's sixteen weight rows read side by side, the packed
    /// block written in order.
    func pack(weight: UnsafePointer<Float>, group: Int, blocks: Range<Int>, into packed: UnsafeMutablePointer<Float>) {
        let width = DirectProductAVX2.tileChannels, channels = g.columnChannelsPerGroup
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: width) { rowStarts in
            for block in blocks {
                let target = packed + block * depth * width
                let rows = min(width, channels - block * width)
                if rows < width { target.update(repeating: 0, count: depth * width) }
                for r in 0..<rows { rowStarts[r] = weight + (group * channels + block * width + r) * depth }
                for k in 0..<depth {
                    let step = target + k * width
                    for r in 0..<rows { step[r] = rowStarts[r][k] }
                }
            }
        }
    }

    /// Whether a thread's jobs take one channel block over all of a sample's tiles (the
    /// sample's source re-read per block, from the L2 cache when it is at most
    /// ``sourceInCache`` bytes) rather than every channel block over a run of tiles (the
    /// packed weight re-read per run).
    var blockMajor: Bool { sampleCount * MemoryLayout<Float>.size <= Self.sourceInCache }

    /// A source read once per channel block from the L2 cache (half of 1 MiB).
    static let sourceInCache = 1 << 19
    /// The source a run of tiles reads, in a run-major order (a quarter of ``sourceInCache``).
    static let runSource = 1 << 17

    /// Runs of tiles per sample (and, block-major, per channel block): at least four
    /// jobs per thread, and, run-major, runs reading at most ``runSource`` bytes each.
    private func runs(samples: Int) -> Int {
        let jobs = blockMajor ? samples * channelBlocks : samples
        let forThreads = (4 * threads + jobs - 1) / max(jobs, 1)
        let sourceBytes = sampleCount * MemoryLayout<Float>.size
        let forCache = blockMajor ? 1 : (sourceBytes + Self.runSource - 1) / Self.runSource
        return max(1, min(tiles, max(forThreads, forCache)))
    }

    /// The jobs of a block of `samples` samples.
    func jobs(samples: Int) -> Int { samples * (blockMajor ? channelBlocks : 1) * runs(samples: samples) }

    /// Job `index` of a block of `samples` samples: the sample in the block, its channel
    /// blocks and its run of tiles (samples first, so a thread's jobs share samples).
    func job(_ index: Int, samples: Int) -> (sample: Int, blocks: Range<Int>, tiles: Range<Int>) {
        let runs = runs(samples: samples)
        let (sample, rest) = index.quotientAndRemainder(dividingBy: (blockMajor ? channelBlocks : 1) * runs)
        let (block, run) = rest.quotientAndRemainder(dividingBy: runs)
        let blocks = blockMajor ? block..<block + 1 : 0..<channelBlocks
        return (sample, blocks, tiles * run / runs..<tiles * (run + 1) / runs)
    }

    /// Computes `tiles` of one sample's channel `blocks` into the output (with the bias),
    /// block by block; false when cancelled part way.
    /// - Parameters:
    ///   - source: the sample's group of channels (``DirectSourceLayout``).
    ///   - packed: the group's packed weight.
    ///   - bias: the group's biases.
    ///   - output: the sample's group of output channels.
    func run(
        tiles: Range<Int>, blocks: Range<Int>, source: UnsafePointer<Float>, packed: UnsafePointer<Float>,
        bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, _ cancellation: CancellationFlag?
    ) -> Bool {
        let width = DirectProductAVX2.tileChannels, across = DirectProductAVX2.tilePositions
        let positions = g.columnPlane, channels = g.columnChannelsPerGroup
        let (columnRows, columnWidth) = (g.columnSize[1] * g.columnSize[2], g.columnSize[2])
        let pitches = layout.pitches
        let steps = (g.stride[0] * pitches[0], g.stride[1] * pitches[1], g.stride[2])
        /// The corners of positions `first ..< first + 6` (the last of `count` repeated):
        /// one division for the first, then a walk along the rows.
        func corners(_ first: Int, _ count: Int) -> DirectProductAVX2.Positions {
            let (od, rest) = first.quotientAndRemainder(dividingBy: columnRows)
            var (oh, ow) = rest.quotientAndRemainder(dividingBy: columnWidth)
            var row = source + od * steps.0 + oh * steps.1, depthSlice = od
            func next() -> UnsafePointer<Float> {
                let corner = row + ow * steps.2
                ow += 1
                if ow == columnWidth {
                    ow = 0
                    oh += 1
                    if oh == g.columnSize[1] { oh = 0; depthSlice += 1 }
                    row = source + depthSlice * steps.0 + oh * steps.1
                }
                return corner
            }
            let c0 = next()
            let c1 = count > 1 ? next() : c0
            let c2 = count > 2 ? next() : c1
            let c3 = count > 3 ? next() : c2
            let c4 = count > 4 ? next() : c3
            return (c0, c1, c2, c3, c4, count > 5 ? next() : c4)
        }
        return rowOffsets.withUnsafeBufferPointer { rowOffsets in
            for block in blocks {
                let rows = min(width, channels - block * width)
                let a = packed + block * depth * width
                let out = output + block * width * positions
                let biases = bias.map { $0 + block * width }
                for tile in tiles {
                    if cancellation?.isCancelled == true { return false }
                    let first = tile * across, count = min(across, positions - first)
                    // A last tile of fewer positions repeats its last one and writes what it needs.
                    DirectProductAVX2.tile(
                        positions: corners(first, count), rowOffsets: rowOffsets.baseAddress!, rows: rowOffsets.count,
                        width: g.kernel[2], step: g.dilation[2], a: a,
                        output: out + first, rowStride: positions, channels: rows, count: count, bias: biases)
                }
            }
            return true
        }
    }
}
