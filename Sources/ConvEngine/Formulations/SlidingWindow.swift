/// One spatial axis of the conv_arithmetic picture: the grid a kernel slides over and
/// where its taps fall for each output position.
///
/// A convolution slides over its padded input with its stride. A transposed
/// convolution is drawn as the stride-1 convolution it equals: the input with
/// `stride - 1` zeros between neighbours, padded by `dilation * (kernel - 1) - padding`
/// on each side (cropped when that is negative) and by `output_padding` on the far side.
public struct SlidingWindowAxis: Sendable, Hashable {
    /// What a grid position holds.
    public enum Cell: Sendable, Hashable {
        /// The input element with this index along the axis.
        case input(Int)
        /// A zero of the padding.
        case padding
        /// A zero inserted between two inputs (transposed convolution, stride > 1).
        case insertedZero
        /// A zero added on the far side by `output_padding`.
        case outputPadding

        /// Whether the cell holds one of the input's values.
        public var isInput: Bool { if case .input = self { true } else { false } }

        /// The cell without its input index: what a legend names.
        public var kind: Kind {
            switch self {
            case .input: .input
            case .padding: .padding
            case .insertedZero: .insertedZero
            case .outputPadding: .outputPadding
            }
        }

        /// The kinds of grid position, in the order a legend lists them.
        public enum Kind: Int, Sendable, Hashable, CaseIterable, Comparable {
            case input, padding, insertedZero, outputPadding
            public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
        }
    }

    /// The grid, first position first.
    public let cells: [Cell]
    /// How many positions the kernel takes along the axis (the output size).
    public let outputSize: Int
    /// How far the window moves between neighbouring outputs: the stride for a
    /// convolution, 1 for a transposed convolution.
    public let step: Int
    public let kernelSize: Int
    public let dilation: Int
    /// Grid positions a transposed convolution crops from the start (its padding
    /// exceeds `dilation * (kernel - 1)`); 0 otherwise.
    public let croppedBefore: Int

    /// The grid positions of the kernel's taps when it computes output `index`.
    public func taps(at index: Int) -> [Int] {
        (0..<kernelSize).map { index * step + $0 * dilation }
    }

    /// Input positions no window ever reads (a convolution whose stride leaves the
    /// last rows unused, or a dilated kernel skipping cells).
    public var unreadInputs: [Int] {
        var read = Array(repeating: false, count: cells.count)
        for o in 0..<outputSize { for t in taps(at: o) where t < cells.count { read[t] = true } }
        return cells.indices.filter { cells[$0].isInput && !read[$0] }
    }

    /// The axis of a convolution's dimension.
    public init(convolution d: ConvDimension) {
        let derivation = ShapeArithmetic.convolution(d)
        cells = Array(repeating: .padding, count: d.paddingBefore) + (0..<d.inputSize).map(Cell.input)
            + Array(repeating: .padding, count: d.paddingAfter)
        outputSize = derivation.outputSize
        step = d.stride
        kernelSize = d.kernelSize
        dilation = d.dilation
        croppedBefore = 0
    }

    /// The axis of a transposed convolution's dimension, as the equivalent stride-1
    /// convolution.
    public init(transposed d: ConvDimension) {
        let t = ShapeArithmetic.transposed(d)
        // An empty input has no dilated cells (its formula gives -1), and cropping may
        // take more than there are.
        let dilated: [Cell] = (0..<max(t.dilatedSize, 0)).map { $0 % d.stride == 0 ? .input($0 / d.stride) : .insertedZero }
        let before = t.effectivePadding
        let after = t.effectivePadding + d.outputPadding
        let keptStart = min(max(-before, 0), dilated.count)
        let kept = dilated[keptStart..<max(keptStart, dilated.count - max(-after, 0))]
        let trailingPadding = max(before, 0)
        cells = Array(repeating: .padding, count: max(before, 0)) + kept
            + Array(repeating: .padding, count: trailingPadding)
            + Array(repeating: .outputPadding, count: max(after, 0) - trailingPadding)
        outputSize = t.outputSize
        step = 1
        kernelSize = d.kernelSize
        dilation = d.dilation
        croppedBefore = max(-before, 0)
    }
}

/// The conv_arithmetic picture of a plan, one ``SlidingWindowAxis`` per spatial
/// dimension: what `diagram` and `animate` draw.
public struct SlidingWindowLayout: Sendable {
    /// The longest grid or output a layout is made for, along any axis. A picture
    /// shows a window of the grid; past this, the grid's cells alone would take memory
    /// and time out of all proportion (a stride of 10**9 makes billions).
    public static let maxAxisSize = 1 << 16

    /// Why `plan` gets no layout (an axis longer than ``maxAxisSize``), if it gets none;
    /// worked out from the shape arithmetic, before anything is allocated.
    public static func refusal(_ plan: ConvPlan) -> String? {
        for d in 0..<plan.operation.spatialRank {
            let dimension = plan.dimension(d)
            let grid: Int, output: Int
            if plan.operation.isTransposed {
                let t = ShapeArithmetic.transposed(dimension)
                (grid, output) = (max(t.paddedSize, t.dilatedSize), t.outputSize)
            } else {
                let c = ShapeArithmetic.convolution(dimension)
                (grid, output) = (c.paddedSize, c.outputSize)
            }
            if max(grid, output) > maxAxisSize {
                return "the picture's grid would be \(max(grid, output)) cells long; pictures are drawn for grids up to \(maxAxisSize) cells a side"
            }
        }
        return nil
    }

    public let plan: ConvPlan
    /// One axis per spatial dimension, outermost first.
    public let axes: [SlidingWindowAxis]

    /// The layout of `plan`; check ``refusal(_:)`` first.
    public init(_ plan: ConvPlan) {
        self.plan = plan
        axes = (0..<plan.operation.spatialRank).map { d in
            plan.operation.isTransposed ? SlidingWindowAxis(transposed: plan.dimension(d))
                                        : SlidingWindowAxis(convolution: plan.dimension(d))
        }
    }

    /// The grid's size along each axis.
    public var gridSize: [Int] { axes.map(\.cells.count) }
    /// The output's size along each axis.
    public var outputSize: [Int] { axes.map(\.outputSize) }
    /// How many output positions there are (the frames of an animation).
    public var positionCount: Int { outputSize.reduce(1, *) }

    /// The output position with row-major number `step`.
    public func position(_ step: Int) -> [Int] {
        var rest = step
        var out = Array(repeating: 0, count: axes.count)
        for a in axes.indices.reversed() {
            out[a] = rest % max(axes[a].outputSize, 1)
            rest /= max(axes[a].outputSize, 1)
        }
        return out
    }

    /// What the grid holds at `point` (one index per axis): output padding wins over
    /// padding, which wins over an inserted zero, which wins over an input.
    public func cell(at point: [Int]) -> SlidingWindowAxis.Cell {
        let kinds = zip(axes, point).map { $0.cells[$1] }
        if kinds.contains(.outputPadding) { return .outputPadding }
        if kinds.contains(.padding) { return .padding }
        if kinds.contains(.insertedZero) { return .insertedZero }
        return kinds.first ?? .padding
    }

    /// The kinds of cell the grid holds anywhere, in legend order: a picture's legend
    /// names only these.
    public var kindsPresent: [SlidingWindowAxis.Cell.Kind] {
        let point = Array(repeating: 0, count: axes.count)
        var found = Set<SlidingWindowAxis.Cell.Kind>()
        func visit(_ axis: Int, _ point: [Int]) {
            if axis == axes.count { found.insert(cell(at: point).kind); return }
            var point = point
            for kind in Set(axes[axis].cells.map(\.kind)) {
                point[axis] = axes[axis].cells.firstIndex { $0.kind == kind }!
                visit(axis + 1, point)
            }
        }
        visit(0, point)
        return found.sorted()
    }

    /// How many input values lie under the kernel's taps when it computes the output
    /// at `position`: for a transposed convolution, how many scaled kernels overlap
    /// there (a transposed convolution of ones with a kernel of ones gives the same
    /// numbers). Padding, inserted zeros and output padding count nothing.
    public func inputsUnderKernel(at position: [Int]) -> Int {
        zip(axes, position).reduce(1) { count, pair in
            let (axis, p) = pair
            return count * axis.taps(at: p).filter { $0 < axis.cells.count && axis.cells[$0].isInput }.count
        }
    }

    /// The input index at `point`, when the cell holds an input.
    public func inputIndex(at point: [Int]) -> [Int]? {
        var index: [Int] = []
        for (axis, p) in zip(axes, point) {
            guard case .input(let i) = axis.cells[p] else { return nil }
            index.append(i)
        }
        return index
    }
}
