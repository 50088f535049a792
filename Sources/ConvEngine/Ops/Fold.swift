/// `F.unfold` (`nn.Unfold`, im2col) and `F.fold` (`nn.Fold`, col2im) over 4-d
/// `(N, C, H, W)` inputs or unbatched 3-d ones.
///
/// ```swift
/// // (2, 3, 5, 6) -> (2, 3*2*2, 4*5): every 2x2 block a column
/// let columns = try SlidingBlocks.unfold(x, kernelSize: [2])
/// // and back, overlapping elements summed: (2, 12, 20) -> (2, 3, 5, 6)
/// let summed = try SlidingBlocks.fold(columns, outputSize: [5, 6], kernelSize: [2])
/// ```
///
/// Every parameter is one value for both spatial dimensions or a pair. Column
/// `c * kh * kw + i * kw + j` of block `(bh, bw)` holds input element
/// `(c, bh * sh - ph + i * dh, bw * sw - pw + j * dw)`, zero in the padding. `fold`
/// adds the columns back in PyTorch's order (channel-kernel rows, then blocks), in the
/// element type, so its sums are PyTorch's to the bit.
public enum SlidingBlocks {
    /// `F.unfold(input, kernel_size, dilation, padding, stride)`.
    /// - Throws: PyTorch's messages for parameters, ranks and block counts;
    ///   NotImplementedError for integer and bool tensors.
    public static func unfold(_ input: Tensor, kernelSize: [Int], dilation: [Int] = [1], padding: [Int] = [0],
                              stride: [Int] = [1]) throws(EngineError) -> Tensor {
        let p = try BlockParameters(kernelSize: kernelSize, dilation: dilation, padding: padding, stride: stride, output: nil)
        guard p.kernel[0] > 0, p.kernel[1] > 0 else {
            throw .argument("kernel size should be greater than zero, but got kernel_height: \(p.kernel[0]) kernel_width: \(p.kernel[1])")
        }
        try p.checkDilation()
        try p.checkPadding()
        try p.checkStride()
        // PyTorch reads size(1), then size(2): an IndexError for fewer dimensions.
        var validDims = try input.size(1) != 0
        if validDims { validDims = try input.size(2) != 0 }
        guard (input.rank == 3 && input.shape[0] != 0 && validDims) || (input.rank == 4 && validDims && input.shape[3] != 0) else {
            throw .argument("Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: \(input.shape)")
        }
        let (h, w) = (input.shape[input.rank - 2], input.shape[input.rank - 1])
        let blocks = p.blocks(h, w)
        guard blocks.0 >= 1, blocks.1 >= 1 else {
            throw .argument("Given input with spatial size (\(h), \(w)), kernel_size=\(p.pair(p.kernel)), dilation=\(p.pair(p.dilation)), padding=\(p.pair(p.padding)), calculated shape of the array of sliding blocks as (\(blocks.0), \(blocks.1)), but its components must be at least one.")
        }
        try requireFloating(input, "im2col_out_cpu")
        let batch = input.rank == 4 ? input.shape[0] : 1
        let channels = input.shape[input.rank - 3]
        let rows = TensorShape([channels, p.kernel[0], p.kernel[1]]).elementCount
        let outShape = TensorShape((input.rank == 4 ? [batch] : []) + [rows, blocks.0 * blocks.1])
        try EngineLimits.checkAllocation(outShape, dtype: input.dtype)
        let length = blocks.0 * blocks.1
        var positions: [Int] = []
        positions.reserveCapacity(batch * rows * length)
        for n in 0..<batch {
            for row in 0..<rows {
                let (c, i, j) = (row / (p.kernel[0] * p.kernel[1]), (row / p.kernel[1]) % p.kernel[0], row % p.kernel[1])
                for bh in 0..<blocks.0 {
                    let y = bh * p.stride[0] - p.padding[0] + i * p.dilation[0]
                    for bw in 0..<blocks.1 {
                        let x = bw * p.stride[1] - p.padding[1] + j * p.dilation[1]
                        let inside = y >= 0 && y < h && x >= 0 && x < w
                        positions.append(inside ? ((n * channels + c) * h + y) * w + x : -1)
                    }
                }
            }
        }
        let inputSize = [h, w]
        return Tensor(shape: outShape, storage: input.contiguousStorage.gathering(positions, fill: 0))
            .recorded("Im2ColBackward0", inputs: [input]) { g, _ throws(EngineError) in
                [try fold(g[0], outputSize: inputSize, kernelSize: kernelSize, dilation: dilation, padding: padding, stride: stride)]
            }
    }

    /// `F.fold(input, output_size, kernel_size, dilation, padding, stride)`.
    /// - Throws: PyTorch's messages for parameters, ranks, channel counts and block
    ///   counts; NotImplementedError for integer and bool tensors.
    public static func fold(_ input: Tensor, outputSize: [Int], kernelSize: [Int], dilation: [Int] = [1],
                            padding: [Int] = [0], stride: [Int] = [1]) throws(EngineError) -> Tensor {
        let p = try BlockParameters(kernelSize: kernelSize, dilation: dilation, padding: padding, stride: stride, output: outputSize)
        guard p.kernel[0] > 0, p.kernel[1] > 0 else {
            throw .argument("kernel size should be greater than zero, but got kernel_height: \(p.kernel[0]) kernel_width: \(p.kernel[1])")
        }
        try p.checkStride()
        try p.checkDilation()
        try p.checkPadding()
        let sizes = input.shape.dimensions
        guard (input.rank == 2 && sizes[0] != 0 && sizes[1] != 0) || (input.rank == 3 && sizes[1] != 0 && sizes[2] != 0) else {
            throw .argument("Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for input, but got: \(input.shape)")
        }
        let planesIn = sizes[sizes.count - 2], length = sizes[sizes.count - 1]
        let kernelCount = p.kernel[0] * p.kernel[1]
        guard planesIn % kernelCount == 0 else {
            throw .argument("Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=\(planesIn) and kernel_size=\(p.pair(p.kernel)).")
        }
        let (h, w) = (p.output[0], p.output[1])
        let blocks = p.blocks(h, w)
        let described = "Given output_size=\(p.pair(p.output)), kernel_size=\(p.pair(p.kernel)), dilation=\(p.pair(p.dilation)), padding=\(p.pair(p.padding)), stride=\(p.pair(p.stride))"
        guard length == blocks.0 * blocks.1 else {
            throw .argument("\(described), expected size of input's dimension 2 to match the calculated number of sliding blocks \(blocks.0) * \(blocks.1) = \(blocks.0 * blocks.1), but got input.size(2)=\(length).")
        }
        guard blocks.0 >= 1, blocks.1 >= 1 else {
            throw .argument("\(described), calculated shape of the array of sliding blocks as (\(blocks.0), \(blocks.1)), which is invalid.")
        }
        try requireFloating(input, "col2im_out_cpu")
        let batch = input.rank == 3 ? sizes[0] : 1
        let channels = planesIn / kernelCount
        let outShape = TensorShape((input.rank == 3 ? [batch] : []) + [channels, h, w])
        try EngineLimits.checkAllocation(outShape, dtype: input.dtype)
        let geometry = ColumnGeometry(batch: batch, rows: planesIn, channels: channels, height: h, width: w,
                                      blocks: blocks, parameters: p)
        let summed = input.dtype == .float64
            ? Tensor.fromComputed(geometry.sum(input.elements(as: Double.self)), shape: outShape, dtype: .float64)
            : Tensor.fromComputed(geometry.sum(input.elements(as: Float.self)), shape: outShape, dtype: input.dtype)
        return summed.recorded("Col2ImBackward0", inputs: [input]) { g, _ throws(EngineError) in
            [try unfold(g[0], kernelSize: kernelSize, dilation: dilation, padding: padding, stride: stride)]
        }
    }

    private static func requireFloating(_ input: Tensor, _ kernel: String) throws(EngineError) {
        try input.requireFloating(kernel)
    }
}

/// The pairs `unfold` and `fold` take, with `im2col` / `col2im`'s checks.
struct BlockParameters {
    var kernel: [Int], dilation: [Int], padding: [Int], stride: [Int], output: [Int]

    /// Each parameter as a pair; a list of another length is refused as PyTorch's
    /// `It is expected kernel_size equals to 2, but got size 3`.
    init(kernelSize: [Int], dilation: [Int], padding: [Int], stride: [Int], output: [Int]?) throws(EngineError) {
        try ParameterLimits.check(["output_size": output ?? [], "kernel_size": kernelSize, "dilation": dilation,
                                   "padding": padding, "stride": stride])
        func pair(_ values: [Int], _ name: String) throws(EngineError) -> [Int] {
            if values.count == 1 { return [values[0], values[0]] }
            guard values.count == 2 else { throw .argument("It is expected \(name) equals to 2, but got size \(values.count)") }
            return values
        }
        self.output = try output.map { (values) throws(EngineError) in try pair(values, "output_size") } ?? []
        self.kernel = try pair(kernelSize, "kernel_size")
        self.dilation = try pair(dilation, "dilation")
        self.padding = try pair(padding, "padding")
        self.stride = try pair(stride, "stride")
    }

    func checkDilation() throws(EngineError) {
        guard dilation[0] > 0, dilation[1] > 0 else {
            throw .argument("dilation should be greater than zero, but got dilation_height: \(dilation[0]) dilation_width: \(dilation[1])")
        }
    }

    func checkPadding() throws(EngineError) {
        guard padding[0] >= 0, padding[1] >= 0 else {
            throw .argument("padding should be non-negative, but got pad_height: \(padding[0]) pad_width: \(padding[1])")
        }
    }

    func checkStride() throws(EngineError) {
        guard stride[0] > 0, stride[1] > 0 else {
            throw .argument("stride should be greater than zero, but got stride_height: \(stride[0]) stride_width: \(stride[1])")
        }
    }

    /// The number of blocks along each dimension of an `h` by `w` plane.
    func blocks(_ h: Int, _ w: Int) -> (Int, Int) {
        func count(_ size: Int, _ axis: Int) -> Int {
            PoolRequest.floorDivide(size + 2 * padding[axis] - (dilation[axis] * (kernel[axis] - 1) + 1), stride[axis]) + 1
        }
        return (count(h, 0), count(w, 1))
    }

    func pair(_ values: [Int]) -> String { "(\(values[0]), \(values[1]))" }
}

/// `col2im`'s loop: every column row added back into the plane it came from.
struct ColumnGeometry {
    var batch: Int, rows: Int, channels: Int, height: Int, width: Int
    var blocks: (Int, Int)
    var parameters: BlockParameters

    func sum<T: NNFloat>(_ columns: [T]) -> [T] {
        let p = parameters
        let (kh, kw) = (p.kernel[0], p.kernel[1])
        let length = blocks.0 * blocks.1
        var out = [T](repeating: 0, count: batch * channels * height * width)
        for n in 0..<batch {
            let colBase = n * rows * length, imBase = n * channels * height * width
            for row in 0..<rows {
                let (j, i, c) = (row % kw, (row / kw) % kh, row / kh / kw)
                for bh in 0..<blocks.0 {
                    let y = bh * p.stride[0] - p.padding[0] + i * p.dilation[0]
                    guard y >= 0, y < height else { continue }
                    for bw in 0..<blocks.1 {
                        let x = bw * p.stride[1] - p.padding[1] + j * p.dilation[1]
                        guard x >= 0, x < width else { continue }
                        out[imBase + (c * height + y) * width + x] += columns[colBase + (row * blocks.0 + bh) * blocks.1 + bw]
                    }
                }
            }
        }
        return out
    }
}
