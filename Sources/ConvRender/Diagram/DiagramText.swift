import ConvEngine

/// The conv_arithmetic picture as text for consoles: the grid the kernel slides over
/// beside the output, one character a cell, the kernel's taps in brackets, a legend,
/// and at most 100 columns (larger grids show the part around the kernel).
public enum DiagramText {
    /// The most cells drawn along one side of a grid: two grids of 16 three-character
    /// cells and the gap between them fit in 100 columns.
    static let maxCells = 16

    /// The picture with the kernel at output position number `step` (row-major, 0-based).
    /// With `overlaps`, each output cell shows how many input values the kernel covers
    /// there (``SlidingWindowLayout/inputsUnderKernel(at:)``), the current one bracketed.
    public static func render(_ layout: SlidingWindowLayout, step: Int, overlaps: Bool = false) -> String {
        let frame = DiagramFrame(layout, step: step, maxCells: maxCells)
        var lines = (DiagramCaption.header(frame) + (overlaps ? [DiagramCaption.overlaps] : []))
            .flatMap { DiagramCaption.wrapWords($0, indent: "  ") }
        lines.append("")
        lines += grids(frame, overlaps: overlaps)
        lines.append("")
        lines += legend(layout, overlaps: overlaps)
        return lines.joined(separator: "\n")
    }

    /// The grid and the output side by side, row by row.
    static func grids(_ frame: DiagramFrame, overlaps: Bool = false) -> [String] {
        let (rows, columns) = DiagramFrame.rowsAndColumns(frame.gridView)
        let (outRows, outColumns) = DiagramFrame.rowsAndColumns(frame.outputView)
        let left = rows.map { r in
            columns.map { c -> String in
                let point = frame.point(row: r, column: c)
                let symbol = self.symbol(frame.layout.cell(at: point))
                return frame.isTap(point) ? "[\(symbol)]" : " \(symbol) "
            }.joined()
        }
        let right = outRows.map { r in
            outColumns.map { c in
                let point = frame.point(row: r, column: c)
                guard overlaps else { return point == frame.position ? " @ " : " o " }
                return overlapCell(frame.layout.inputsUnderKernel(at: point), current: point == frame.position)
            }.joined()
        }
        let width = columns.count * 3
        return (0..<max(left.count, right.count)).map { i in
            let l = i < left.count ? left[i] : String(repeating: " ", count: width)
            let line = i < right.count ? l + "    " + right[i] : l
            return String(line.reversed().drop { $0 == " " }.reversed())
        }
    }

    /// An output cell of the overlap picture, three columns: ` 4 `, `[4]` when current.
    static func overlapCell(_ count: Int, current: Bool) -> String {
        let digits = String(count)
        if digits.count == 1 { return current ? "[\(digits)]" : " \(digits) " }
        return digits.count == 2 ? (current ? "@\(digits)" : " \(digits)") : (current ? "@++" : "99+")
    }

    static func symbol(_ cell: SlidingWindowAxis.Cell) -> Character {
        switch cell {
        case .input: "x"
        case .padding: "."
        case .insertedZero: "0"
        case .outputPadding: ":"
        }
    }

    /// The symbols the picture uses, for the kinds of cell the layout has.
    static func legend(_ layout: SlidingWindowLayout, overlaps: Bool = false) -> [String] {
        var parts = layout.kindsPresent.map { kind in
            switch kind {
            case .input: "x input"
            case .padding: ". padding"
            case .insertedZero: "0 inserted zero"
            case .outputPadding: ": output_padding"
            }
        }
        parts += overlaps ? ["[ ] kernel", "[n] output computed", "n inputs under the kernel"]
                          : ["[ ] kernel", "@ output computed", "o output"]
        return DiagramCaption.wrap(parts)
    }

    /// Every frame of the kernel's slide, one after another, each headed with its
    /// number; at most `maxFrames`, then a line saying how many were left out.
    public static func frames(_ layout: SlidingWindowLayout, maxFrames: Int = 36) -> String {
        let count = layout.positionCount
        var lines = [DiagramCaption.headline(layout), DiagramCaption.grid(layout), "\(count) frame\(count == 1 ? "" : "s")"]
            .flatMap { DiagramCaption.wrapWords($0, indent: "  ") }
        for step in 0..<min(count, maxFrames) {
            let frame = DiagramFrame(layout, step: step, maxCells: maxCells)
            lines.append("")
            lines.append("frame \(step + 1)/\(count): kernel at \(DiagramCaption.output(frame))")
            lines += grids(frame)
        }
        if count > maxFrames {
            lines.append("")
            lines.append("... \(count - maxFrames) more frames (diagram(..., step=N) draws any one)")
        }
        lines.append("")
        lines += legend(layout)
        return lines.joined(separator: "\n")
    }
}
