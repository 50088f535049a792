/// A numeric parameter `explore` has sliders for, named as PyTorch's keyword.
public enum ExploreParameter: String, Sendable, Hashable, CaseIterable {
    case input
    case kernelSize = "kernel_size"
    case stride, padding, dilation
    case outputPadding = "output_padding"

    /// The slider range for a starting value: input 1...max(8, 2s), kernel 1...max(5, s),
    /// stride 1...max(4, s), padding 0...max(3, s), dilation 1...max(3, s),
    /// output_padding from 0 (its maximum is PyTorch's cap).
    func defaultRange(start s: Int) -> (Int, Int) {
        switch self {
        case .input: (1, max(8, 2 * s))
        case .kernelSize: (1, max(5, s))
        case .stride: (1, max(4, s))
        case .padding: (0, max(3, s))
        case .dilation: (1, max(3, s))
        case .outputPadding: (0, s)
        }
    }

    /// `stride`, or `stride_h`/`stride_w` for one dimension of a 2-D convolution.
    func sliderName(dimension: Int?, rank: Int) -> String {
        guard let dimension, rank > 1 else { return rawValue }
        return rawValue + "_" + ["h", "w"][dimension]
    }

    /// The slider's description: `input`, `kernel`, `output pad`; `stride h`.
    func label(dimension: Int?, rank: Int) -> String {
        let base = switch self {
        case .input: "input"
        case .kernelSize: "kernel"
        case .stride: "stride"
        case .padding: "padding"
        case .dilation: "dilation"
        case .outputPadding: "output pad"
        }
        guard let dimension, rank > 1 else { return base }
        return base + " " + ["h", "w"][dimension]
    }
}

/// One slider of `explore`: what a widget needs (name, description, range, value) and
/// which parameter and dimension it sets (`nil`: every dimension).
public struct ExploreSlider: Sendable, Hashable {
    public let name: String
    public let description: String
    public let parameter: ExploreParameter
    public let dimension: Int?
    public let min: Int
    public let max: Int
    public let value: Int
}

/// One set of slider values, each parameter with one value per spatial dimension.
public struct ExploreValues: Sendable, Hashable {
    public var input: [Int]
    public var kernelSize: [Int]
    public var stride: [Int]
    public var padding: [Int]
    public var dilation: [Int]
    public var outputPadding: [Int]

    public init(input: [Int], kernelSize: [Int], stride: [Int], padding: [Int], dilation: [Int], outputPadding: [Int]) {
        self.input = input
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.outputPadding = outputPadding
    }

    public subscript(_ parameter: ExploreParameter) -> [Int] {
        get {
            switch parameter {
            case .input: input
            case .kernelSize: kernelSize
            case .stride: stride
            case .padding: padding
            case .dilation: dilation
            case .outputPadding: outputPadding
            }
        }
        set {
            switch parameter {
            case .input: input = newValue
            case .kernelSize: kernelSize = newValue
            case .stride: stride = newValue
            case .padding: padding = newValue
            case .dilation: dilation = newValue
            case .outputPadding: outputPadding = newValue
            }
        }
    }
}
