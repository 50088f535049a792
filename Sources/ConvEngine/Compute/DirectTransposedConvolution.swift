import ConvSIMD

/// A direct kernel for a transposed convolution with one input channel per group
/// (`in_channels == groups`: a single channel upsampled, or a depthwise transposed
/// convolution), where the lowered route's matrix product has an inner dimension of 1.
///
/// The lowered route (``ConvKernels/transposedConvolution(input:weight:bias:output:geometry:resources:cancellation:)``,
/// PyTorch's `slow_conv_transpose` order) makes every column entry a single product
/// `x * w` (one rounding, as the BLAS's fused multiply-add from zero gives it), then
/// `col2im` adds the entries into the zeroed output, tap after tap, and the bias last.
/// This kernel forms the same products and adds them to each output element in the same
/// order (kernel taps in row-major order, starting from zero, the bias last), so its
/// results are the lowered route's to the bit, for every dtype, with no column matrix,
/// no matrix product and no workspace.
///
/// Each output plane `(n, o)` is filled row by row: the row is zeroed, then every
/// (depth, height) tap pair that reaches it adds its input row, one kernel column at a
/// time, at the stride (a contiguous, vectorisable loop when the width's stride is 1).
///
/// Threads: the planes are split evenly over ``ComputeResources/threads`` when there is
/// enough work; each thread writes only its own planes, so the result does not depend
/// on the thread count. Cancellation is seen before every output row (on tiled rows,
/// before every run of them, ``tiledRunFloats`` output floats long).
///
/// `DirectTransposedKernelTests` compares it with the lowered route on generated
/// geometries, bit for bit.
enum DirectTransposedConvolution {
    /// Whether the kernel computes transposed convolutions of geometry `g` (the
    /// transposed direction: a transposed convolution, or a convolution's input
    /// gradient): one column channel per group, so each product has one term.
    static func applies(to g: ConvGeometry) -> Bool { g.columnChannelsPerGroup == 1 }

    /// Work (products plus output elements) below which a job is not split over threads.
    static let parallelGrain = 1 << 15

    /// `output = conv_transpose(input, weight, groups: g.groups) + bias` for contiguous
    /// buffers, as the lowered route computes it.
    /// - Parameters:
    ///   - input: `[batch, groups, columns...]`.
    ///   - weight: `[groups, imageChannelsPerGroup, kernel...]` (PyTorch's transposed layout).
    ///   - output: `[batch, groups * imageChannelsPerGroup, image...]`, overwritten (its
    ///     contents on entry do not matter).
    /// - Precondition: ``applies(to:)`` holds for `g`.
    static func forward<T: BLASScalar>(
        input: UnsafeBufferPointer<T>, weight: UnsafeBufferPointer<T>, bias: UnsafeBufferPointer<T>?,
        output: UnsafeMutableBufferPointer<T>, geometry g: ConvGeometry, resources: ComputeResources,
        cancellation: CancellationFlag?
    ) throws(EngineError) {
        precondition(applies(to: g), "more than one input channel per group")
        guard let out = output.baseAddress, !output.isEmpty else { return }
        guard g.columnPlane > 0 else {
            // No input positions: the lowered route leaves its zeroed output as it is.
            out.update(repeating: 0, count: output.count)
            return
        }
        let p = PlaneSizes(g)
        let outChannels = g.groups * g.imageChannelsPerGroup
        let jobs = g.batch * outChannels
        let work = p.inputPlane * p.kernelVolume + p.outputPlane
        let buffers = Buffers(input: input, weight: weight, output: output)
        let biases = bias.map { UncheckedBox($0.baseAddress!) }
        let grain = max(1, parallelGrain / max(work, 1))
        // Each plane's operands: its input, its weight, its bias and its output.
        func operands(_ job: Int) -> (UnsafePointer<T>, UnsafePointer<T>, T?, UnsafeMutablePointer<T>) {
            let channel = job % outChannels, n = job / outChannels
            return (buffers.input + (n * p.groups + channel / p.outChannelsPerGroup) * p.inputPlane,
                    buffers.weight + channel * p.kernelVolume, biases?.value[channel], buffers.output + job * p.outputPlane)
        }
        TapTables.withTables(g) { tables in
            guard tapsAreDisjoint(g) else {
                Lowering.parallelChunks(jobs, threads: resources.threads, grain: grain) { chunk in
                    for job in chunk {
                        let (x, w, b, out) = operands(job)
                        if !fillPlane(input: x, weight: w, bias: b, output: out, p, tables, cancellation) { return }
                    }
                }
                return
            }
            let tiledRows = tiledRows(g, T.self)
            Lowering.parallelChunks(jobs, threads: resources.threads, grain: grain) { chunk in
                withUnsafeTemporaryAllocation(of: T.self, capacity: disjointScratchCount(p, tiledWidth: tiledRows != nil)) { scratch in
                    for job in chunk {
                        let (x, w, b, out) = operands(job)
                        if !fillDisjointPlane(input: x, weight: w, bias: b, output: out, p, tables,
                                              scratch: scratch.baseAddress!, tiledRows: tiledRows, cancellation) { return }
                    }
                }
            }
        }
        try cancellation.check()
    }

    /// One output plane, row by row; false when cancelled part way.
    @inline(__always)
    private static func fillPlane<T: BLASScalar>(
        input: UnsafePointer<T>, weight: UnsafePointer<T>, bias: T?, output: UnsafeMutablePointer<T>,
        _ p: PlaneSizes, _ tables: TapTables, _ cancellation: CancellationFlag?
    ) -> Bool {
        let (outDepth, outHeight, outWidth) = (p.outDepth, p.outHeight, p.outWidth)
        let (height, width) = (p.height, p.width)
        let (kernelDepth, kernelHeight, kernelWidth) = (p.kernelDepth, p.kernelHeight, p.kernelWidth)
        let stride = p.stride
        var row = output
        for od in 0..<outDepth {
            for oh in 0..<outHeight {
                if cancellation?.isCancelled == true { return false }
                row.update(repeating: 0, count: outWidth)
                for kd in 0..<kernelDepth {
                    let id = tables.depth[od * kernelDepth + kd]
                    guard id >= 0 else { continue }
                    for kh in 0..<kernelHeight {
                        let ih = tables.height[oh * kernelHeight + kh]
                        guard ih >= 0 else { continue }
                        let source = input + (id * height + ih) * width
                        let taps = weight + (kd * kernelHeight + kh) * kernelWidth
                        if tables.groupCount > 0 {
                            addGroupedTaps(taps, source, tables, stride: stride, kernelWidth: kernelWidth, to: row)
                        } else {
                            for kw in 0..<kernelWidth {
                                let (shift, low, high) = tables.widthTap(kw)
                                addTap(taps[kw], source, stride: stride, to: row + shift, from: low, to: high)
                            }
                        }
                    }
                }
                if let bias {
                    for ow in 0..<outWidth { row[ow] += bias }
                }
                row += outWidth
            }
        }
        return true
    }

    /// `row[x * stride] += weight * source[x]` for `first <= x < end` (none when
    /// `end <= first`): one product, rounded, then one sum per element, as the lowered
    /// route's column entry and its `col2im`.
    @inline(__always)
    static func addTap<T: BLASScalar>(
        _ weight: T, _ source: UnsafePointer<T>, stride: Int, to row: UnsafeMutablePointer<T>, from first: Int, to end: Int
    ) {
        guard first < end else { return }
        if stride == 1 {
            for x in first..<end { row[x] += weight * source[x] }
        } else {
            var target = row + first &* stride
            for x in first..<end {
                target.pointee += weight * source[x]
                target += stride
            }
        }
    }
}

/// The sizes ``DirectTransposedConvolution``'s loops read, as plain numbers (no arrays
/// to copy into closures or to check on every access).
struct PlaneSizes {
    let outDepth: Int, outHeight: Int, outWidth: Int
    /// The input's rows and columns.
    let height: Int, width: Int
    let kernelDepth: Int, kernelHeight: Int, kernelWidth: Int, kernelVolume: Int
    /// The stride along the width.
    let stride: Int
    let inputPlane: Int, outputPlane: Int
    let groups: Int, outChannelsPerGroup: Int

    init(_ g: ConvGeometry) {
        (outDepth, outHeight, outWidth) = (g.imageSize[0], g.imageSize[1], g.imageSize[2])
        (height, width) = (g.columnSize[1], g.columnSize[2])
        (kernelDepth, kernelHeight, kernelWidth) = (g.kernel[0], g.kernel[1], g.kernel[2])
        kernelVolume = g.kernelVolume
        stride = g.stride[2]
        (inputPlane, outputPlane) = (g.columnPlane, g.imagePlane)
        (groups, outChannelsPerGroup) = (g.groups, g.imageChannelsPerGroup)
    }
}

/// Which input position each kernel tap adds to each output position, per spatial
/// dimension of a transposed convolution, worked out once per call (in a temporary
/// buffer, no allocation on the heap for small problems).
///
/// Output position `o` meets input position `i` at kernel offset `k` when
/// `o = i * stride - padding + k * dilation`.
struct TapTables {
    /// `depth[od * kernelDepth + kd]`: the input depth tap `kd` brings to output depth
    /// `od`, or -1 when none does.
    let depth: UnsafeMutablePointer<Int>
    /// `height[oh * kernelHeight + kh]`, likewise for the rows.
    let height: UnsafeMutablePointer<Int>
    /// Per kernel column, three numbers: the output column of input column 0 (possibly
    /// negative), and the input columns `low..<high` whose output column is inside the
    /// output.
    let width: UnsafeMutablePointer<Int>
    /// How many groups of kernel columns the width taps go by (see
    /// ``DirectTransposedConvolution/groupsWidthTaps(_:)``), 0 when they go one by one.
    let groupCount: Int
    /// Per group, three numbers: the input columns `start..<end` where every tap of the
    /// group is inside the output (none for a group the kernel cuts short), and where
    /// the first multiple of 4 of them ends.
    let groups: UnsafeMutablePointer<Int>
    /// Where the taps are disjoint (``DirectTransposedConvolution/tapsAreDisjoint(_:)``),
    /// two numbers per output row of a plane (`od * outHeight + oh`): the one input row
    /// that reaches it (`id * height + ih`), -1 where none does, and the kernel row it
    /// reaches it with (`kd * kernelHeight + kh`); nothing otherwise.
    let disjointRows: UnsafeMutablePointer<Int>

    @inline(__always)
    func widthTap(_ kw: Int) -> (shift: Int, low: Int, high: Int) { (width[3 * kw], width[3 * kw + 1], width[3 * kw + 2]) }

    @inline(__always)
    func groupInterior(_ group: Int) -> (start: Int, vectorEnd: Int, end: Int) {
        (groups[3 * group], groups[3 * group + 1], groups[3 * group + 2])
    }

    /// Runs `body` with the tables of `g`.
    static func withTables(_ g: ConvGeometry, _ body: (TapTables) -> Void) {
        let depthCount = g.imageSize[0] * g.kernel[0], heightCount = g.imageSize[1] * g.kernel[1]
        let (kernelWidth, stride) = (g.kernel[2], g.stride[2])
        let groupCount = DirectTransposedConvolution.groupsWidthTaps(g) ? (kernelWidth + stride - 1) / stride : 0
        // Where the taps are disjoint: each output depth's and row's one tap, then the rows'.
        let (outDepth, outHeight) = (g.imageSize[0], g.imageSize[1])
        let disjointCount = DirectTransposedConvolution.tapsAreDisjoint(g) ? outDepth + outHeight + 2 * outDepth * outHeight : 0
        let count = depthCount + heightCount + 3 * kernelWidth + 3 * groupCount + disjointCount
        withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { buffer in
            let base = buffer.baseAddress!
            let widthTable = base + depthCount + heightCount
            let groupTable = widthTable + 3 * kernelWidth
            let depthTaps = groupTable + 3 * groupCount, heightTaps = depthTaps + outDepth
            let tables = TapTables(depth: base, height: base + depthCount, width: widthTable, groupCount: groupCount,
                                   groups: groupTable, disjointRows: heightTaps + outHeight)
            let disjoint = disjointCount > 0
            fill(tables.depth, dimension: 0, g, taps: disjoint ? depthTaps : nil)
            fill(tables.height, dimension: 1, g, taps: disjoint ? heightTaps : nil)
            if disjoint { fillDisjointRows(tables, depthTaps: depthTaps, heightTaps: heightTaps, g) }
            let (outWidth, width) = (g.imageSize[2], g.columnSize[2])
            for kw in 0..<kernelWidth {
                let shift = kw * g.dilation[2] - g.paddingBefore[2]
                let inside = inputsInside(shift: shift, stride: stride, inputs: width, outputs: outWidth)
                (tables.width + 3 * kw).initialize(to: shift)
                (tables.width + 3 * kw + 1).initialize(to: inside.lowerBound)
                (tables.width + 3 * kw + 2).initialize(to: inside.upperBound)
            }
            for group in 0..<groupCount {
                // The input columns every tap of a full group keeps inside the output.
                let taps = (group * stride)..<min((group + 1) * stride, kernelWidth)
                var start = 0, end = Int.max
                for kw in taps { (start, end) = (max(start, tables.widthTap(kw).low), min(end, tables.widthTap(kw).high)) }
                let length = taps.count == stride ? max(0, end - start) : 0
                (tables.groups + 3 * group).initialize(to: start)
                (tables.groups + 3 * group + 1).initialize(to: start + length / 4 * 4)
                (tables.groups + 3 * group + 2).initialize(to: start + length)
            }
            body(tables)
        }
    }

    /// ``disjointRows`` from each output depth's and row's one tap (`depthTaps[od]`,
    /// `heightTaps[oh]`: the kernel offset, -1 where none).
    private static func fillDisjointRows(
        _ tables: TapTables, depthTaps: UnsafePointer<Int>, heightTaps: UnsafePointer<Int>, _ g: ConvGeometry
    ) {
        let (outDepth, outHeight, height) = (g.imageSize[0], g.imageSize[1], g.columnSize[1])
        let (kernelDepth, kernelHeight) = (g.kernel[0], g.kernel[1])
        var entry = tables.disjointRows
        for od in 0..<outDepth {
            let kd = depthTaps[od]
            let id = kd >= 0 ? tables.depth[od * kernelDepth + kd] : -1
            for oh in 0..<outHeight {
                let kh = heightTaps[oh]
                if id >= 0 && kh >= 0 {
                    entry.initialize(to: id * height + tables.height[oh * kernelHeight + kh])
                    (entry + 1).initialize(to: kd * kernelHeight + kh)
                } else {
                    entry.initialize(to: -1)
                    (entry + 1).initialize(to: -1)
                }
                entry += 2
            }
        }
    }

    /// `table[o * kernel + k]` for spatial dimension `d` (0 depth, 1 height), and, if
    /// given, `taps[o]`: the `k` that reaches output position `o` (the last, where the
    /// taps are disjoint the only one), -1 where none does.
    private static func fill(
        _ table: UnsafeMutablePointer<Int>, dimension d: Int, _ g: ConvGeometry, taps: UnsafeMutablePointer<Int>?
    ) {
        let (outSize, size, kernel) = (g.imageSize[d], g.columnSize[d], g.kernel[d])
        let (stride, padding, dilation) = (g.stride[d], g.paddingBefore[d], g.dilation[d])
        table.initialize(repeating: -1, count: outSize * kernel)
        taps?.initialize(repeating: -1, count: outSize)
        for k in 0..<kernel {
            let shift = k * dilation - padding
            let inside = inputsInside(shift: shift, stride: stride, inputs: size, outputs: outSize)
            var entry = table + (inside.lowerBound * stride + shift) * kernel + k
            for i in inside {
                entry.pointee = i
                entry += stride * kernel
            }
            guard let taps else { continue }
            for i in inside { taps[i * stride + shift] = k }
        }
    }

    /// The inputs `i < inputs` whose output position `i * stride + shift` lies in
    /// `0..<outputs`.
    private static func inputsInside(shift: Int, stride: Int, inputs: Int, outputs: Int) -> Range<Int> {
        let low = min(inputs, shift >= 0 ? 0 : (-shift + stride - 1) / stride)
        let high = outputs - 1 - shift < 0 ? 0 : min(inputs, (outputs - 1 - shift) / stride + 1)
        return low..<max(low, high)
    }
}
