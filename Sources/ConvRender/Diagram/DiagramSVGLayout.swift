import ConvEngine

/// Where things go in an SVG diagram: the grid the kernel slides over on the left, the
/// output on the right, captions above, labels and a legend below; and the drawing of
/// each part. ``DiagramSVG`` and ``AnimationSVG`` share it.
struct DiagramSVGLayout {
    let frame: DiagramFrame
    let cell: Int
    let margin = 12
    let top: Int
    let header: [String]
    let gridOrigin: (x: Int, y: Int)
    let outputOrigin: (x: Int, y: Int)
    let width: Int
    let height: Int
    private let labelY: Int

    init(_ frame: DiagramFrame, header: [String]) {
        self.frame = frame
        self.header = header
        let (rows, columns) = DiagramFrame.rowsAndColumns(frame.gridView)
        let (outRows, outColumns) = DiagramFrame.rowsAndColumns(frame.outputView)
        let side = max(rows.count, columns.count, outRows.count, outColumns.count)
        cell = side > 16 ? max(10, 416 / side) : 26
        top = 18 * header.count + 16
        gridOrigin = (margin, top)
        outputOrigin = (margin + columns.count * cell + 56, top)
        labelY = top + max(rows.count, outRows.count) * cell + 18
        let textWidth = (header.map(\.count).max() ?? 0) * 7 + 24
        width = max(outputOrigin.x + outColumns.count * cell + margin, textWidth, 560)
        height = labelY + 40
    }


    /// The opening tag, the title and description, and the captions.
    func opening(title: String) -> String {
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-labelledby=\"convlab-title\">"
        svg += "<title id=\"convlab-title\">\(Markup.escape(title))</title>"
        svg += "<desc>\(Markup.escape(header.joined(separator: ". ")))</desc>"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
        for (i, line) in header.enumerated() {
            svg += "<text x=\"\(margin)\" y=\"\(18 * i + 16)\" \(DiagramStyle.font) fill=\"\(DiagramStyle.text)\">\(Markup.escape(line))</text>"
        }
        return svg
    }

    /// Every drawn cell of the grid, with its kind as a class and a `<title>`.
    func gridCells() -> String {
        let (rows, columns) = DiagramFrame.rowsAndColumns(frame.gridView)
        var svg = "<g class=\"grid\">"
        for (y, r) in rows.enumerated() {
            for (x, c) in columns.enumerated() {
                let point = frame.point(row: r, column: c)
                let (kind, paint, title): (String, DiagramStyle.Paint, String)
                switch frame.layout.cell(at: point) {
                case .input:
                    let index = frame.layout.inputIndex(at: point) ?? []
                    (kind, paint, title) = ("input", DiagramStyle.input, "input \(PythonFormat.list(index))")
                case .padding: (kind, paint, title) = ("padding", DiagramStyle.padding, "padding")
                case .insertedZero: (kind, paint, title) = ("zero", DiagramStyle.insertedZero, "inserted zero")
                case .outputPadding: (kind, paint, title) = ("output-padding", DiagramStyle.outputPadding, "output_padding")
                }
                svg += rect(kind: kind, x: gridOrigin.x + x * cell, y: gridOrigin.y + y * cell, paint: paint, title: title)
            }
        }
        return svg + "</g>"
    }

    /// Every drawn output cell; `current` marks the one being computed, and `extra`
    /// adds content (an animation) inside a cell given its step number.
    func outputCells(current: [Int]?, extra: (Int) -> String = { _ in "" }) -> String {
        let (rows, columns) = DiagramFrame.rowsAndColumns(frame.outputView)
        let outputSize = frame.layout.outputSize
        var svg = "<g class=\"outputs\">"
        for (y, r) in rows.enumerated() {
            for (x, c) in columns.enumerated() {
                let point = frame.point(row: r, column: c)
                let step = zip(point, outputSize).reduce(0) { $0 * $1.1 + $1.0 }
                let isCurrent = point == current
                svg += rect(kind: isCurrent ? "output current" : "output", x: outputOrigin.x + x * cell, y: outputOrigin.y + y * cell,
                            paint: DiagramStyle.output, fill: isCurrent ? DiagramStyle.currentOutput : nil,
                            title: "output \(PythonFormat.list(point))", extra: extra(step))
            }
        }
        return svg + "</g>"
    }

    /// The number of input values under the kernel, centred in each drawn output cell.
    func overlapCounts() -> String {
        let (rows, columns) = DiagramFrame.rowsAndColumns(frame.outputView)
        var svg = "<g class=\"overlaps\" text-anchor=\"middle\">"
        for (y, r) in rows.enumerated() {
            for (x, c) in columns.enumerated() {
                let point = frame.point(row: r, column: c)
                let count = frame.layout.inputsUnderKernel(at: point)
                let colour = point == frame.position ? "#ffffff" : DiagramStyle.text
                svg += "<text x=\"\(outputOrigin.x + x * cell + cell / 2)\" y=\"\(outputOrigin.y + y * cell + cell / 2 + 4)\" \(DiagramStyle.font) fill=\"\(colour)\">\(count)</text>"
            }
        }
        return svg + "</g>"
    }

    /// The kernel's taps at the frame's position, shaded.
    func kernelTaps() -> String {
        let (rows, columns) = DiagramFrame.rowsAndColumns(frame.gridView)
        var svg = ""
        for (y, r) in rows.enumerated() {
            for (x, c) in columns.enumerated() where frame.isTap(frame.point(row: r, column: c)) {
                svg += "<rect class=\"kernel\" x=\"\(gridOrigin.x + x * cell + 2)\" y=\"\(gridOrigin.y + y * cell + 2)\" width=\"\(cell - 4)\" height=\"\(cell - 4)\" fill=\"\(DiagramStyle.kernel)\" fill-opacity=\"0.35\" stroke=\"\(DiagramStyle.kernel)\" stroke-width=\"2\"/>"
            }
        }
        return svg
    }

    /// The arrow between the grids, the size labels under them, and the legend.
    func labels(gridLabel: String, outputLabel: String) -> String {
        let (rows, _) = DiagramFrame.rowsAndColumns(frame.gridView)
        let arrowY = gridOrigin.y + min(rows.count * cell, 3 * cell) / 2 + 5
        var svg = "<text x=\"\(outputOrigin.x - 40)\" y=\"\(arrowY)\" \(DiagramStyle.font) fill=\"\(DiagramStyle.text)\">→</text>"
        svg += "<text class=\"label\" x=\"\(gridOrigin.x)\" y=\"\(labelY)\" \(DiagramStyle.font) fill=\"\(DiagramStyle.text)\">\(Markup.escape(gridLabel))</text>"
        svg += "<text class=\"label\" x=\"\(outputOrigin.x)\" y=\"\(labelY)\" \(DiagramStyle.font) fill=\"\(DiagramStyle.text)\">\(Markup.escape(outputLabel))</text>"
        let items: [(String, DiagramStyle.Paint)] = frame.layout.kindsPresent.map { kind in
            switch kind {
            case .input: ("input", DiagramStyle.input)
            case .padding: ("padding", DiagramStyle.padding)
            case .insertedZero: ("inserted zero", DiagramStyle.insertedZero)
            case .outputPadding: ("output_padding", DiagramStyle.outputPadding)
            }
        } + [("output", DiagramStyle.output)]
        var x = margin
        svg += "<g class=\"legend\">"
        for (name, paint) in items {
            svg += "<rect x=\"\(x)\" y=\"\(labelY + 12)\" width=\"12\" height=\"12\" fill=\"\(paint.fill)\" stroke=\"\(paint.stroke)\"\(paint.dashed ? " stroke-dasharray=\"3 2\"" : "")/>"
            svg += "<text x=\"\(x + 16)\" y=\"\(labelY + 23)\" \(DiagramStyle.font) fill=\"\(DiagramStyle.text)\">\(name)</text>"
            x += 16 + name.count * 7 + 14
        }
        svg += "<rect x=\"\(x)\" y=\"\(labelY + 12)\" width=\"12\" height=\"12\" fill=\"\(DiagramStyle.kernel)\" fill-opacity=\"0.35\" stroke=\"\(DiagramStyle.kernel)\" stroke-width=\"2\"/>"
        svg += "<text x=\"\(x + 16)\" y=\"\(labelY + 23)\" \(DiagramStyle.font) fill=\"\(DiagramStyle.text)\">kernel</text>"
        return svg + "</g>"
    }

    private func rect(kind: String, x: Int, y: Int, paint: DiagramStyle.Paint, fill: String? = nil, title: String, extra: String = "") -> String {
        "<rect class=\"cell \(kind)\" x=\"\(x)\" y=\"\(y)\" width=\"\(cell)\" height=\"\(cell)\" fill=\"\(fill ?? paint.fill)\" stroke=\"\(paint.stroke)\"\(paint.dashed ? " stroke-dasharray=\"3 2\"" : "")><title>\(Markup.escape(title))</title>\(extra)</rect>"
    }
}
