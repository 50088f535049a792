/// A convolution's sizes with every spatial rank written as three dimensions
/// (depth, height, width; a 1-D or 2-D convolution has leading sizes of 1), so one set
/// of compute kernels serves conv1d, conv2d and conv3d and their transposes.
///
/// It is always stated from the convolution's side: `image` is the convolution's input
/// (the transposed convolution's output) and `columns` the convolution's output (the
/// transposed convolution's input). Image position `o * stride - padding + k * dilation`
/// meets column position `o` at kernel offset `k`, in both directions.
struct ConvGeometry: Sendable {
    var batch: Int
    var groups: Int
    /// Channels of the image per group.
    var imageChannelsPerGroup: Int
    /// Channels of the columns per group.
    var columnChannelsPerGroup: Int
    var imageSize: [Int]
    var columnSize: [Int]
    var kernel: [Int]
    var stride: [Int]
    var paddingBefore: [Int]
    var dilation: [Int]

    init(batch: Int, groups: Int, imageChannelsPerGroup: Int, columnChannelsPerGroup: Int,
         imageSize: [Int], columnSize: [Int], kernel: [Int], stride: [Int], paddingBefore: [Int], dilation: [Int]) {
        func three(_ values: [Int], _ fill: Int) -> [Int] {
            // One array at most (made on every call of a convolution, however small).
            switch values.count {
            case 3: values
            case 2: [fill, values[0], values[1]]
            case 1: [fill, fill, values[0]]
            default: Array(repeating: fill, count: 3 - values.count) + values
            }
        }
        self.batch = batch
        self.groups = groups
        self.imageChannelsPerGroup = imageChannelsPerGroup
        self.columnChannelsPerGroup = columnChannelsPerGroup
        self.imageSize = three(imageSize, 1)
        self.columnSize = three(columnSize, 1)
        self.kernel = three(kernel, 1)
        self.stride = three(stride, 1)
        self.paddingBefore = three(paddingBefore, 0)
        self.dilation = three(dilation, 1)
    }

    var imagePlane: Int { imageSize[0] * imageSize[1] * imageSize[2] }
    var columnPlane: Int { columnSize[0] * columnSize[1] * columnSize[2] }
    var kernelVolume: Int { kernel[0] * kernel[1] * kernel[2] }
}
