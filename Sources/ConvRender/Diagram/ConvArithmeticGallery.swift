import ConvEngine

/// The fifteen configurations of vdumoulin/conv_arithmetic's animations, by name: eight
/// convolutions and the transposed convolution of each of the first seven (the one that
/// maps the convolution's output size back to its input size).
public enum ConvArithmeticGallery {
    /// One named configuration, square in two dimensions.
    public struct Entry: Sendable, Hashable {
        public let name: String
        public let transposed: Bool
        public let input: Int
        public let kernel: Int
        public let stride: Int
        public let padding: Int
        public let dilation: Int
        public let outputPadding: Int
    }

    /// The convolutions, as conv_arithmetic names them.
    static let convolutions: [Entry] = [
        Entry(name: "no_padding_no_strides", transposed: false, input: 4, kernel: 3, stride: 1, padding: 0, dilation: 1, outputPadding: 0),
        Entry(name: "arbitrary_padding_no_strides", transposed: false, input: 5, kernel: 4, stride: 1, padding: 2, dilation: 1, outputPadding: 0),
        Entry(name: "same_padding_no_strides", transposed: false, input: 5, kernel: 3, stride: 1, padding: 1, dilation: 1, outputPadding: 0),
        Entry(name: "full_padding_no_strides", transposed: false, input: 5, kernel: 3, stride: 1, padding: 2, dilation: 1, outputPadding: 0),
        Entry(name: "no_padding_strides", transposed: false, input: 5, kernel: 3, stride: 2, padding: 0, dilation: 1, outputPadding: 0),
        Entry(name: "padding_strides", transposed: false, input: 5, kernel: 3, stride: 2, padding: 1, dilation: 1, outputPadding: 0),
        Entry(name: "padding_strides_odd", transposed: false, input: 6, kernel: 3, stride: 2, padding: 1, dilation: 1, outputPadding: 0),
        Entry(name: "dilation", transposed: false, input: 7, kernel: 3, stride: 1, padding: 0, dilation: 2, outputPadding: 0),
    ]

    /// All fifteen: the eight convolutions, then `<name>_transposed` for the first seven.
    public static let entries: [Entry] = convolutions + convolutions.prefix(7).compactMap { conv -> Entry? in
        let dimension = ConvDimension(inputSize: conv.input, kernelSize: conv.kernel, stride: conv.stride,
                                      padding: conv.padding, dilation: conv.dilation)
        // Every listed convolution has an inverse (a test checks all fifteen are here);
        // the engine works out its output padding.
        guard let inverse = try? ShapeArithmetic.transposedInverse(of: dimension) else { return nil }
        return Entry(name: conv.name + "_transposed", transposed: true,
                     input: ShapeArithmetic.convolution(dimension).outputSize, kernel: inverse.kernelSize,
                     stride: inverse.stride, padding: inverse.padding, dilation: inverse.dilation,
                     outputPadding: inverse.outputPadding)
    }

    /// The configuration called `name`, if there is one.
    public static func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

    /// The plan of an entry: one sample, one channel, square input and kernel.
    public static func plan(_ entry: Entry) throws(EngineError) -> ConvPlan {
        let input = try Tensor.zeros([1, 1, entry.input, entry.input])
        let weight = try Tensor.zeros([1, 1, entry.kernel, entry.kernel])
        if entry.transposed {
            return try ConvPlan.transposed(input, weight: weight, spatialRank: 2, stride: SpatialParameter([entry.stride]),
                                           padding: SpatialParameter([entry.padding]),
                                           outputPadding: SpatialParameter([entry.outputPadding]),
                                           dilation: SpatialParameter([entry.dilation]))
        }
        return try ConvPlan.convolution(input, weight: weight, spatialRank: 2, stride: SpatialParameter([entry.stride]),
                                        padding: .explicit([entry.padding]), dilation: SpatialParameter([entry.dilation]))
    }
}
