/// Which of its own CPU routes PyTorch 2.15 takes for a float32 convolution, so a fast
/// route of ConvLab's that adds in another order than a matrix product is used only
/// where PyTorch itself leaves the matrix route.
///
/// PyTorch runs a float32 convolution on the CPU either as im2col + sgemm (its "thnn"
/// kernels, which ``ConvKernels``'s lowered route reproduces to the bit) or through
/// oneDNN, whose sums come in another order anyway. `ConvParams::use_mkldnn` in
/// `aten/src/ATen/native/Convolution.cpp` decides, after a 1-d convolution has been
/// viewed as a 2-d one (`[N, C, 1, W]`), reading the input's first four sizes and the
/// weight's last two.
enum PyTorchBackend {
    /// Whether PyTorch 2.15 would compute this float32 convolution with oneDNN.
    /// - Parameters:
    ///   - g: the geometry (for a transposed convolution, the input is the column side).
    ///   - spatialRank: 1, 2 or 3.
    ///   - transposed: whether it is a transposed convolution.
    ///   - outputPadding: the transposed convolution's output padding per dimension.
    ///   - threads: the threads the computation may use (PyTorch's `get_num_threads()`).
    static func usesOneDNN(
        _ g: ConvGeometry, spatialRank: Int, transposed: Bool, outputPadding: [Int], threads: Int
    ) -> Bool {
        let spatial = 3 - spatialRank
        let stride = g.stride.dropFirst(spatial), dilation = g.dilation.dropFirst(spatial)
        // `transposed && is_output_padding_big()`: oneDNN refuses output_padding >= stride.
        if transposed, zip(outputPadding, stride).contains(where: { $0 >= $1 }) { return false }
        let inputChannels = g.groups * (transposed ? g.columnChannelsPerGroup : g.imageChannelsPerGroup)
        let inputSize = Array((transposed ? g.columnSize : g.imageSize).dropFirst(spatial))
        // The input's sizes 2 and 3 and the weight's last two, after the 1-d view.
        let (size2, size3) = spatialRank == 1 ? (1, inputSize[0]) : (inputSize[0], inputSize[1])
        let (kernelH, kernelW) = spatialRank == 1 ? (1, g.kernel[2]) : (g.kernel[1], g.kernel[2])
        let strided = stride.contains { $0 != 1 }, dilated = dilation.contains { $0 != 1 }
        let worthIt = strided || dilated || g.batch >= 16 || kernelW != 1 || kernelH != 1 || threads > 1
        let largeEnough = g.groups > 1 || (kernelW > 3 && kernelH > 3) || g.batch > 1
            || g.batch * inputChannels * size2 * size3 > 20480
        return worthIt && largeEnough
    }
}
