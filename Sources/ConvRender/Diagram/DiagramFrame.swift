import ConvEngine

/// One picture of a sliding-window layout: the kernel at one output position, and the
/// part of each grid that is drawn (all of it, or a window around the kernel when the
/// grid is larger than `maxCells` a side). ASCII and SVG both draw from this.
struct DiagramFrame {
    let layout: SlidingWindowLayout
    /// The row-major number of the output position (0-based).
    let step: Int
    /// The output position the kernel computes.
    let position: [Int]
    /// Per axis, the grid positions under the kernel's taps.
    let taps: [Set<Int>]
    /// Per axis, the grid positions drawn.
    let gridView: [Range<Int>]
    /// Per axis, the output positions drawn.
    let outputView: [Range<Int>]

    init(_ layout: SlidingWindowLayout, step: Int, maxCells: Int) {
        self.layout = layout
        self.step = step
        position = layout.position(step)
        let tapLists = zip(layout.axes, position).map { $0.taps(at: $1) }
        taps = tapLists.map(Set.init)
        gridView = zip(layout.axes, tapLists).map { axis, taps in
            Self.view(size: axis.cells.count, around: taps.min() ?? 0, taps.max() ?? 0, limit: maxCells)
        }
        outputView = zip(layout.axes, position).map { axis, p in
            Self.view(size: axis.outputSize, around: p, p, limit: maxCells)
        }
    }

    /// Whether some grid or output is drawn only in part.
    var isCropped: Bool {
        zip(gridView, layout.gridSize).contains { $0.count < $1 } || zip(outputView, layout.outputSize).contains { $0.count < $1 }
    }

    /// Rows and columns of a grid: a 1-D picture is one row.
    static func rowsAndColumns(_ view: [Range<Int>]) -> (rows: Range<Int>, columns: Range<Int>) {
        view.count == 1 ? (0..<1, view[0]) : (view[0], view[1])
    }

    /// The grid or output point at a row and column of the picture.
    func point(row: Int, column: Int) -> [Int] { layout.axes.count == 1 ? [column] : [row, column] }

    /// Whether a grid point is under one of the kernel's taps.
    func isTap(_ point: [Int]) -> Bool { zip(taps, point).allSatisfy { $0.contains($1) } }

    /// A range of at most `limit` positions of `0..<size` holding `low...high`, centred on it.
    static func view(size: Int, around low: Int, _ high: Int, limit: Int) -> Range<Int> {
        guard size > limit else { return 0..<size }
        let start = min(max(0, (low + high) / 2 - limit / 2), size - limit)
        return start..<(start + limit)
    }
}

/// The words around a diagram, from the layout's numbers: what the operation is, how
/// the grid was made, and where the kernel is.
enum DiagramCaption {
    /// `5x5`, or `5` in one dimension.
    static func size(_ sizes: [Int]) -> String { sizes.map(String.init).joined(separator: "x") }

    /// `conv_transpose2d: input 3x3 -> output 5x5 (kernel 3x3, stride 2, padding 1)`.
    /// The lines above a still picture: the headline, the grid, the kernel's
    /// position, and the cropping note when the grid is cropped.
    static func header(_ frame: DiagramFrame) -> [String] {
        [headline(frame.layout), grid(frame.layout), position(frame)] + [cropping(frame)].compactMap { $0 }
    }

    static func headline(_ layout: SlidingWindowLayout) -> String {
        let plan = layout.plan
        var parameters = ["kernel \(size(plan.kernelSize))"]
        func add(_ name: String, _ values: [Int], default value: Int) {
            guard values.contains(where: { $0 != value }) else { return }
            parameters.append("\(name) \(Set(values).count == 1 ? String(values[0]) : size(values))")
        }
        add("stride", plan.stride, default: 1)
        add("padding", plan.paddingBefore, default: 0)
        if plan.paddingAfter != plan.paddingBefore { add("padding after", plan.paddingAfter, default: 0) }
        add("output_padding", plan.outputPadding, default: 0)
        add("dilation", plan.dilation, default: 1)
        return "\(plan.operation): input \(size(plan.inputSpatial)) -> output \(size(plan.outputSpatial)) (\(parameters.joined(separator: ", ")))"
    }

    /// How the grid the kernel slides over was made.
    static func grid(_ layout: SlidingWindowLayout) -> String {
        let grid = size(layout.gridSize)
        guard layout.plan.operation.isTransposed else {
            let padded = layout.plan.paddingBefore.contains { $0 > 0 } || layout.plan.paddingAfter.contains { $0 > 0 }
            return padded ? "the kernel slides over the padded input (\(grid)), stride \(layout.axes.map(\.step).map(String.init).joined(separator: "x"))"
                          : "the kernel slides over the input (\(grid)), stride \(layout.axes.map(\.step).map(String.init).joined(separator: "x"))"
        }
        let cropped = layout.axes.contains { $0.croppedBefore > 0 }
        return "drawn as a stride-1 convolution with the flipped kernel over the \(layout.plan.stride.contains { $0 > 1 } ? "zero-inserted, " : "")\(cropped ? "cropped" : "padded") input (\(grid))"
    }

    /// What the numbers of an overlap picture (`diagram(..., overlaps=True)`) count.
    static let overlaps = "each output shows how many input values lie under the kernel there (for a transposed convolution: how many scaled kernels overlap)"

    /// `output (0, 1)`, as a Python tuple.
    static func output(_ frame: DiagramFrame) -> String {
        "output (\(frame.position.map(String.init).joined(separator: ", "))\(frame.position.count == 1 ? "," : ""))"
    }

    /// `kernel at output (0, 1), step 2 of 9`.
    static func position(_ frame: DiagramFrame) -> String {
        "kernel at \(output(frame)), step \(frame.step + 1) of \(frame.layout.positionCount)"
    }

    /// A line of prose broken at spaces into lines of at most `width` columns, the
    /// continuation lines indented by `indent`.
    static func wrapWords(_ text: String, width: Int = 80, indent: String = "") -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = indent
            }
            line += (line.isEmpty || line == indent) ? String(word) : " " + word
        }
        return lines + [line]
    }

    /// Parts joined by three spaces into lines of at most `width` columns.
    static func wrap(_ parts: [String], width: Int = 80) -> [String] {
        var lines: [String] = []
        var line = ""
        for part in parts {
            if !line.isEmpty && line.count + 3 + part.count > width { lines.append(line); line = "" }
            line += line.isEmpty ? part : "   " + part
        }
        return line.isEmpty ? lines : lines + [line]
    }

    /// What part of the picture is drawn when it does not fit.
    static func cropping(_ frame: DiagramFrame) -> String? {
        guard frame.isCropped else { return nil }
        func describe(_ view: [Range<Int>], _ sizes: [Int], _ what: String) -> String {
            let parts = zip(view, sizes).map { $0.count < $1 ? "\($0.lowerBound)-\($0.upperBound - 1) of \($1)" : "all \($1)" }
            return "\(what) \(parts.joined(separator: " x "))"
        }
        return "too large to draw whole; showing \(describe(frame.gridView, frame.layout.gridSize, "grid")), \(describe(frame.outputView, frame.layout.outputSize, "output"))"
    }
}
