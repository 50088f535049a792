/// The engine's compute kernels for convolution: the one place with hot loops.
///
/// Both directions use the classic lowering: a convolution is `im2col` followed by a
/// matrix product with the weight; a transposed convolution is the matrix product with
/// the transposed weight followed by `col2im` (a scatter-add), which is the
/// convolution's adjoint. Every loop runs over contiguous buffers with no allocation per
/// element. The column workspace is bounded by ``workspaceLimit`` elements: larger
/// problems are processed in slices of output positions.
///
/// A later performance pass may replace ``gemm`` and the lowering; the entry points
/// ``convolution(input:weight:bias:output:geometry:cancellation:)`` and
/// ``transposedConvolution(input:weight:bias:output:geometry:cancellation:)`` are the
/// seam.
enum ConvKernels {
    /// The most elements the column workspace holds at once (16 Mi elements: 64 MiB in
    /// float32).
    static let workspaceLimit = 1 << 24

    /// `output = conv(input, weight) + bias`, for contiguous NC(D)(H)W buffers.
    /// - Parameters:
    ///   - input: `[batch, groups * imageChannelsPerGroup, image...]`.
    ///   - weight: `[groups * columnChannelsPerGroup, imageChannelsPerGroup, kernel...]`.
    ///   - output: `[batch, groups * columnChannelsPerGroup, columns...]`, overwritten.
    static func convolution<T: BinaryFloatingPoint>(
        input: UnsafeBufferPointer<T>, weight: UnsafeBufferPointer<T>, bias: UnsafeBufferPointer<T>?,
        output: UnsafeMutableBufferPointer<T>, geometry g: ConvGeometry, cancellation: CancellationFlag?
    ) throws(EngineError) {
        let rows = g.imageChannelsPerGroup * g.kernelVolume
        let positions = g.columnPlane
        try forEachGroup(g, element: T.self, cancellation: cancellation) { (n, group, cols, slices) throws(EngineError) in
            let image = input.baseAddress! + (n * g.groups + group) * g.imageChannelsPerGroup * g.imagePlane
            let out = output.baseAddress! + (n * g.groups + group) * g.columnChannelsPerGroup * positions
            let w = weight.baseAddress! + group * g.columnChannelsPerGroup * rows
            try slices { (start, count) throws(EngineError) in
                im2col(image: image, columns: cols, geometry: g, start: start, count: count)
                // out[:, start..<start+count] = W (M x rows) * cols (rows x count)
                try gemm(m: g.columnChannelsPerGroup, n: count, k: rows,
                         a: w, aRowStride: rows, aColumnStride: 1,
                         b: cols, bRowStride: count,
                         c: out + start, cRowStride: positions,
                         accumulate: false, cancellation: cancellation)
            }
            if let bias {
                for o in 0..<g.columnChannelsPerGroup {
                    let value = bias[group * g.columnChannelsPerGroup + o]
                    let row = out + o * positions
                    for p in 0..<positions { row[p] += value }
                }
            }
        }
    }

    /// `output = conv_transpose(input, weight) + bias`, for contiguous buffers.
    /// - Parameters:
    ///   - input: `[batch, groups * columnChannelsPerGroup, columns...]`.
    ///   - weight: `[groups * columnChannelsPerGroup, imageChannelsPerGroup, kernel...]`
    ///     (PyTorch's transposed layout: in-channels first).
    ///   - output: `[batch, groups * imageChannelsPerGroup, image...]`, overwritten.
    static func transposedConvolution<T: BinaryFloatingPoint>(
        input: UnsafeBufferPointer<T>, weight: UnsafeBufferPointer<T>, bias: UnsafeBufferPointer<T>?,
        output: UnsafeMutableBufferPointer<T>, geometry g: ConvGeometry, cancellation: CancellationFlag?
    ) throws(EngineError) {
        let rows = g.imageChannelsPerGroup * g.kernelVolume
        let positions = g.columnPlane
        try forEachGroup(g, element: T.self, cancellation: cancellation) { (n, group, cols, slices) throws(EngineError) in
            let x = input.baseAddress! + (n * g.groups + group) * g.columnChannelsPerGroup * positions
            let image = output.baseAddress! + (n * g.groups + group) * g.imageChannelsPerGroup * g.imagePlane
            let w = weight.baseAddress! + group * g.columnChannelsPerGroup * rows
            image.update(repeating: 0, count: g.imageChannelsPerGroup * g.imagePlane)
            try slices { (start, count) throws(EngineError) in
                // cols (rows x count) = W^T (rows x C) * x[:, start..<start+count] (C x count)
                try gemm(m: rows, n: count, k: g.columnChannelsPerGroup,
                         a: w, aRowStride: 1, aColumnStride: rows,
                         b: x + start, bRowStride: positions,
                         c: cols, cRowStride: count,
                         accumulate: false, cancellation: cancellation)
                col2im(columns: cols, image: image, geometry: g, start: start, count: count)
            }
            if let bias {
                for c in 0..<g.imageChannelsPerGroup {
                    let value = bias[group * g.imageChannelsPerGroup + c]
                    let plane = image + c * g.imagePlane
                    for p in 0..<g.imagePlane { plane[p] += value }
                }
            }
        }
    }

    /// One column slice's work: `(start, count)` of the output positions.
    typealias SliceBody = (_ start: Int, _ count: Int) throws(EngineError) -> Void

    /// Allocates the bounded column workspace once and calls `body` for every
    /// (sample, group) with it and a function that walks the column positions in slices
    /// that fit the workspace, checking for cancellation before each.
    private static func forEachGroup<T: BinaryFloatingPoint>(
        _ g: ConvGeometry, element: T.Type, cancellation: CancellationFlag?,
        _ body: (_ n: Int, _ group: Int, _ columns: UnsafeMutablePointer<T>,
                 _ slices: (SliceBody) throws(EngineError) -> Void) throws(EngineError) -> Void
    ) throws(EngineError) {
        let rows = g.imageChannelsPerGroup * g.kernelVolume
        let positions = g.columnPlane
        let slice = max(1, min(positions, workspaceLimit / max(rows, 1)))
        var workspace = [T](repeating: 0, count: rows * slice)
        try workspace.withUnsafeMutableBufferPointer { (cols) throws(EngineError) in
            for n in 0..<g.batch {
                for group in 0..<g.groups {
                    try body(n, group, cols.baseAddress!) { (work) throws(EngineError) in
                        var start = 0
                        while start < positions {
                            try cancellation.check()
                            let count = min(slice, positions - start)
                            try work(start, count)
                            start += count
                        }
                    }
                }
            }
        }
    }

    /// `C (m x n) = A (m x k) * B (k x n)` (or `+=` when `accumulate`), with A read
    /// through strides so that a transposed A needs no copy. Row-major B and C; the
    /// inner loop runs over a contiguous row of B and C.
    static func gemm<T: BinaryFloatingPoint>(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<T>, aRowStride: Int, aColumnStride: Int,
        b: UnsafePointer<T>, bRowStride: Int,
        c: UnsafeMutablePointer<T>, cRowStride: Int,
        accumulate: Bool, cancellation: CancellationFlag?
    ) throws(EngineError) {
        for i in 0..<m {
            if i & 15 == 0 { try cancellation.check() }
            let cRow = c + i * cRowStride
            if !accumulate { cRow.update(repeating: 0, count: n) }
            let aRow = a + i * aRowStride
            for p in 0..<k {
                let scale = aRow[p * aColumnStride]
                let bRow = b + p * bRowStride
                for j in 0..<n { cRow[j] += scale * bRow[j] }
            }
        }
    }

    /// Copies the image patches that output positions `start..<start+count` read into
    /// `columns` (`rows x count`, row = channel * kernelVolume + kernel offset), with
    /// zeros where a patch reaches into the padding.
    static func im2col<T: BinaryFloatingPoint>(
        image: UnsafePointer<T>, columns: UnsafeMutablePointer<T>, geometry g: ConvGeometry, start: Int, count: Int
    ) {
        forEachTap(g, start: start, count: count) { row, column, imageOffset in
            columns[row * count + column] = imageOffset >= 0 ? image[imageOffset] : 0
        }
    }

    /// Adds every column entry to the image position it came from: the adjoint of
    /// ``im2col(image:columns:geometry:start:count:)``. Entries that land in the padding
    /// are dropped (that is the cropping of a transposed convolution).
    static func col2im<T: BinaryFloatingPoint>(
        columns: UnsafePointer<T>, image: UnsafeMutablePointer<T>, geometry g: ConvGeometry, start: Int, count: Int
    ) {
        forEachTap(g, start: start, count: count) { row, column, imageOffset in
            if imageOffset >= 0 { image[imageOffset] += columns[row * count + column] }
        }
    }

    /// Walks every (channel, kernel offset) row and output position in the slice, and
    /// hands the image offset it meets (or -1 in the padding) to `body`.
    @inline(__always)
    private static func forEachTap(
        _ g: ConvGeometry, start: Int, count: Int, _ body: (_ row: Int, _ column: Int, _ imageOffset: Int) -> Void
    ) {
        let (kd, kh, kw) = (g.kernel[0], g.kernel[1], g.kernel[2])
        let (od, oh, ow) = (g.columnSize[0], g.columnSize[1], g.columnSize[2])
        let (id, ih, iw) = (g.imageSize[0], g.imageSize[1], g.imageSize[2])
        let (sd, sh, sw) = (g.stride[0], g.stride[1], g.stride[2])
        let (pd, ph, pw) = (g.paddingBefore[0], g.paddingBefore[1], g.paddingBefore[2])
        let (dd, dh, dw) = (g.dilation[0], g.dilation[1], g.dilation[2])
        let plane = id * ih * iw
        _ = od
        var row = 0
        for channel in 0..<g.imageChannelsPerGroup {
            let channelBase = channel * plane
            for a in 0..<kd {
                for b in 0..<kh {
                    for c in 0..<kw {
                        var position = start
                        var column = 0
                        // Decompose the first position once, then step through (z, y, x).
                        var x = position % ow
                        var y = (position / ow) % oh
                        var z = position / (ow * oh)
                        while column < count {
                            let zi = z * sd - pd + a * dd
                            let yi = y * sh - ph + b * dh
                            let xi = x * sw - pw + c * dw
                            let inside = zi >= 0 && zi < id && yi >= 0 && yi < ih && xi >= 0 && xi < iw
                            body(row, column, inside ? channelBase + (zi * ih + yi) * iw + xi : -1)
                            column += 1
                            position += 1
                            x += 1
                            if x == ow {
                                x = 0; y += 1
                                if y == oh { y = 0; z += 1 }
                            }
                        }
                        row += 1
                    }
                }
            }
        }
    }
}
