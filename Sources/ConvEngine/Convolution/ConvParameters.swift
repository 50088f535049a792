/// How a convolution pads its input: explicit sizes per spatial dimension, or one of
/// PyTorch's strings `"same"` and `"valid"`.
public enum ConvPadding: Sendable, Hashable, CustomStringConvertible {
    /// The same number of zeros before and after, per spatial dimension.
    case explicit([Int])
    /// Enough padding, `dilation * (kernel - 1)` in all, for the output to keep the
    /// input's size; an odd total puts the extra zero after (right, bottom).
    /// PyTorch refuses it for strides other than 1.
    case same
    /// No padding (`"valid"`).
    case valid

    /// Parses PyTorch's padding strings. Anything else is refused as `F.conv2d` does.
    public init(string: String) throws(EngineError) {
        switch string {
        case "same": self = .same
        case "valid": self = .valid
        default: throw .argument("Invalid padding string: '\(string)'")
        }
    }

    public var description: String {
        switch self {
        case .explicit(let p): PythonFormat.tuple(p)
        case .same: "'same'"
        case .valid: "'valid'"
        }
    }
}

/// How `nn.ConvNd` fills the border when `padding_mode` is set: zeros, or the input
/// padded with `F.pad` in one of its modes before a convolution with no padding.
public enum ConvPaddingMode: String, Sendable, Hashable, CaseIterable {
    case zeros, reflect, replicate, circular
}

/// One spatial parameter of a convolution (`stride`, `padding`, `dilation`,
/// `output_padding`) as the caller gave it: one number for every dimension, or one
/// per dimension.
public struct SpatialParameter: Sendable, Hashable, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
    public var values: [Int]

    public init(_ values: [Int]) { self.values = values }
    public init(integerLiteral value: Int) { self.values = [value] }
    public init(arrayLiteral elements: Int...) { self.values = elements }

    /// The parameter with one value per spatial dimension. A single value is repeated;
    /// a list of another length is refused with PyTorch's message.
    public func expanded(to rank: Int, name: String) throws(EngineError) -> [Int] {
        if values.count == 1 {
            let value = values[0]
            return SmallIntArray.make(count: rank) { _ in value }
        }
        guard values.count == rank else {
            throw .argument("expected \(name) to be a single integer value or a list of \(rank) values to match the convolution dimensions, but got \(name)=\(PythonFormat.list(values))")
        }
        return values
    }
}

/// The name PyTorch gives an operation in its messages (`conv2d`, `conv_transpose3d`).
public enum ConvOperation: Sendable, Hashable, CustomStringConvertible {
    case convolution(spatialRank: Int)
    case transposed(spatialRank: Int)

    public var spatialRank: Int {
        switch self {
        case .convolution(let r), .transposed(let r): r
        }
    }

    public var isTransposed: Bool {
        if case .transposed = self { true } else { false }
    }

    /// `conv2d` or `conv_transpose2d`.
    public var description: String {
        switch self {
        case .convolution(let r): "conv\(r)d"
        case .transposed(let r): "conv_transpose\(r)d"
        }
    }
}
