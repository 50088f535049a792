import ConvEngine

/// The conv_arithmetic picture as SVG for notebooks: the grid the kernel slides over
/// and the output side by side, the kernel's taps shaded, sizes labelled, every cell
/// titled. Grids larger than `maxCells` a side show the part around the kernel.
public enum DiagramSVG {
    static let maxCells = 40

    /// The picture with the kernel at output position number `step` (row-major, 0-based).
    /// With `overlaps`, each output cell carries the number of input values under the
    /// kernel there.
    public static func render(_ layout: SlidingWindowLayout, step: Int, overlaps: Bool = false) -> String {
        let frame = DiagramFrame(layout, step: step, maxCells: maxCells)
        let header = DiagramCaption.header(frame) + (overlaps ? DiagramCaption.wrapWords(DiagramCaption.overlaps, width: 100) : [])
        let drawing = DiagramSVGLayout(frame, header: header)
        return drawing.opening(title: "\(DiagramCaption.headline(layout)); \(DiagramCaption.position(frame))")
            + drawing.gridCells() + drawing.kernelTaps() + drawing.outputCells(current: frame.position)
            + (overlaps ? drawing.overlapCounts() : "")
            + drawing.labels(gridLabel: gridLabel(layout), outputLabel: "output \(DiagramCaption.size(layout.outputSize))")
            + "</svg>"
    }

    /// `grid 7x7 (input 3x3)`.
    static func gridLabel(_ layout: SlidingWindowLayout) -> String {
        "grid \(DiagramCaption.size(layout.gridSize)) (input \(DiagramCaption.size(layout.plan.inputSpatial)))"
    }
}

/// The kernel sliding across every output position as an animated SVG (SMIL, no
/// script), like conv_arithmetic's GIFs: the taps move from frame to frame and each
/// output cell fills in when it is computed.
public enum AnimationSVG {
    /// Seconds each frame shows.
    static let frameSeconds = 0.6
    /// The most frames an animation has.
    public static let maxFrames = 1600
    /// The most cells a side of a grid.
    public static let maxCells = 40

    /// Why `layout` cannot be animated, if it cannot.
    public static func refusal(_ layout: SlidingWindowLayout) -> String? {
        let side = (layout.gridSize + layout.outputSize).max() ?? 0
        if side > maxCells {
            return "animate draws grids up to \(maxCells) cells a side, and this one is \(DiagramCaption.size(layout.gridSize)); use smaller sizes, or diagram(..., step=N) for one position"
        }
        if layout.positionCount > maxFrames {
            return "animate draws up to \(maxFrames) frames, and this one has \(layout.positionCount); use smaller sizes, or diagram(..., step=N) for one position"
        }
        return nil
    }

    /// The animation; check ``refusal(_:)`` first (a larger layout is drawn cropped).
    public static func render(_ layout: SlidingWindowLayout) -> String {
        let count = layout.positionCount
        let first = DiagramFrame(layout, step: 0, maxCells: maxCells)
        let header = [DiagramCaption.headline(layout), DiagramCaption.grid(layout), "\(count) frames, \(format(frameSeconds)) s each"]
        let drawing = DiagramSVGLayout(first, header: header)
        let duration = format(Double(count) * frameSeconds)
        let timing = "dur=\"\(duration)s\" repeatCount=\"indefinite\" calcMode=\"discrete\""
        // The kernel and the current output move by whole cells from their first place.
        let offsets = (0..<count).map { step -> (grid: String, output: String) in
            let position = layout.position(step)
            let taps = zip(layout.axes, position).map { $0.taps(at: $1)[0] }
            let firstTaps = layout.axes.map { $0.taps(at: 0)[0] }
            func translate(_ now: [Int], _ start: [Int]) -> String {
                let delta = zip(now, start).map { ($0 - $1) * drawing.cell }
                return delta.count == 1 ? "\(delta[0]),0" : "\(delta[1]),\(delta[0])"
            }
            return (translate(taps, firstTaps), translate(position, Array(repeating: 0, count: position.count)))
        }
        let move = { (values: [String]) in
            "<animateTransform attributeName=\"transform\" type=\"translate\" values=\"\(values.joined(separator: ";"))\" \(timing)/>"
        }
        let fillIn = { (step: Int) in
            "<animate attributeName=\"fill-opacity\" values=\"0.2;1\" keyTimes=\"0;\(format(Double(step) / Double(count)))\" \(timing)/>"
        }
        var svg = drawing.opening(title: "\(DiagramCaption.headline(layout)): the kernel at each of \(count) output positions")
        svg += drawing.gridCells() + drawing.outputCells(current: nil, extra: fillIn)
        svg += "<g class=\"kernel-window\">\(drawing.kernelTaps())\(move(offsets.map(\.grid)))</g>"
        let o = drawing.outputOrigin
        svg += "<rect class=\"current\" x=\"\(o.x + 2)\" y=\"\(o.y + 2)\" width=\"\(drawing.cell - 4)\" height=\"\(drawing.cell - 4)\" fill=\"none\" stroke=\"\(DiagramStyle.kernel)\" stroke-width=\"3\">\(move(offsets.map(\.output)))</rect>"
        svg += drawing.labels(gridLabel: DiagramSVG.gridLabel(layout), outputLabel: "output \(DiagramCaption.size(layout.outputSize))")
        return svg + "</svg>"
    }

    /// A number without trailing zeros: `0.6`, `5.4`, `0.25`.
    static func format(_ value: Double) -> String {
        let rounded = (value * 10_000).rounded() / 10_000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
