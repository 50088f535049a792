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
    var imageSize: Spatial3
    var columnSize: Spatial3
    var kernel: Spatial3
    var stride: Spatial3
    var paddingBefore: Spatial3
    var dilation: Spatial3

    init(batch: Int, groups: Int, imageChannelsPerGroup: Int, columnChannelsPerGroup: Int,
         imageSize: [Int], columnSize: [Int], kernel: [Int], stride: [Int], paddingBefore: [Int], dilation: [Int]) {
        self.batch = batch
        self.groups = groups
        self.imageChannelsPerGroup = imageChannelsPerGroup
        self.columnChannelsPerGroup = columnChannelsPerGroup
        self.imageSize = Spatial3(imageSize, leading: 1)
        self.columnSize = Spatial3(columnSize, leading: 1)
        self.kernel = Spatial3(kernel, leading: 1)
        self.stride = Spatial3(stride, leading: 1)
        self.paddingBefore = Spatial3(paddingBefore, leading: 0)
        self.dilation = Spatial3(dilation, leading: 1)
    }

    var imagePlane: Int { imageSize[0] * imageSize[1] * imageSize[2] }
    var columnPlane: Int { columnSize[0] * columnSize[1] * columnSize[2] }
    var kernelVolume: Int { kernel[0] * kernel[1] * kernel[2] }

    /// Every (column position, image position, kernel offset) that meets inside the
    /// image, as flat indices within one channel's plane.
    func forEachTap(_ body: (Int, Int, Int) -> Void) {
        for o0 in 0..<columnSize[0] {
            for o1 in 0..<columnSize[1] {
                for o2 in 0..<columnSize[2] {
                    let column = (o0 * columnSize[1] + o1) * columnSize[2] + o2
                    for k0 in 0..<kernel[0] {
                        let i0 = o0 * stride[0] - paddingBefore[0] + k0 * dilation[0]
                        guard i0 >= 0, i0 < imageSize[0] else { continue }
                        for k1 in 0..<kernel[1] {
                            let i1 = o1 * stride[1] - paddingBefore[1] + k1 * dilation[1]
                            guard i1 >= 0, i1 < imageSize[1] else { continue }
                            for k2 in 0..<kernel[2] {
                                let i2 = o2 * stride[2] - paddingBefore[2] + k2 * dilation[2]
                                guard i2 >= 0, i2 < imageSize[2] else { continue }
                                let image = (i0 * imageSize[1] + i1) * imageSize[2] + i2
                                body(column, image, (k0 * kernel[1] + k1) * kernel[2] + k2)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Three sizes of a ``ConvGeometry`` (depth, height, width), stored inline: a geometry is
/// made on every call of a convolution, however small, and copied into its kernels'
/// closures, with no allocation and no reference count.
struct Spatial3: RandomAccessCollection, MutableCollection, ExpressibleByArrayLiteral, Equatable, Sendable {
    private var values: SIMD3<Int>

    /// `values` (at most three) after `leading` in the dimensions they leave out:
    /// a 1-D size `[w]` is `[leading, leading, w]`.
    init(_ values: [Int], leading: Int) {
        precondition(values.count <= 3, "at most three spatial sizes")
        self.values = SIMD3(repeating: leading)
        for (i, value) in values.enumerated() { self.values[3 - values.count + i] = value }
    }

    /// Depth, height and width, all three written out.
    init(arrayLiteral elements: Int...) {
        precondition(elements.count == 3, "depth, height and width")
        values = SIMD3(elements[0], elements[1], elements[2])
    }

    var startIndex: Int { 0 }
    var endIndex: Int { 3 }

    subscript(position: Int) -> Int {
        get { values[position] }
        set { values[position] = newValue }
    }
}
