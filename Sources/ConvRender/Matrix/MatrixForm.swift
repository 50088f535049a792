import ConvEngine
import Foundation
import ConvLang

/// What `matrix(...)` shows: the engine's matrix form of one convolution, and what it
/// was checked against.
public struct MatrixFigure: Sendable {
    public let trace: MatrixFormTrace
    /// Whether the weight is the numbered kernel 1, 2, 3, ... (none was given).
    public let numberedKernel: Bool
    /// Whether `matrix · vec(x)` equals the fast path, when an input tensor was given.
    public let matchesFastPath: Bool?

    /// The most rows or columns a shown matrix has.
    public static let maxSide = 64

    public init(trace: MatrixFormTrace, numberedKernel: Bool, matchesFastPath: Bool?) {
        self.trace = trace
        self.numberedKernel = numberedKernel
        self.matchesFastPath = matchesFastPath
    }

    var plan: ConvPlan { trace.plan }
    var isTransposed: Bool { plan.operation.isTransposed }
    var rows: Int { trace.matrix.shape[0] }
    var columns: Int { trace.matrix.shape[1] }
    /// `conv2d`, the convolution whose matrix C is.
    var convolutionName: String { "conv\(plan.operation.spatialRank)d" }

    /// The statement and what the rows and columns are.
    var statement: [String] {
        let perSample = { (shape: TensorShape) in DiagramCaption.size(Array(shape.dimensions.dropFirst())) }
        let x = perSample(plan.input.shape), y = perSample(plan.outputShape)
        var lines = [isTransposed
            ? "\(plan.operation) as a matrix product: vec(y) = C^T vec(x), C being the matrix of the \(convolutionName) with the same weight"
            : "\(plan.operation) as a matrix product: vec(y) = C vec(x)"]
        lines.append("\(isTransposed ? "C^T" : "C") is \(rows) x \(columns): one row per output element (\(y)), one column per input element (\(x)), row-major")
        if numberedKernel { lines.append("the kernel's entries are numbered 1, 2, 3, ... in row-major order, so each entry of the matrix names the kernel tap it holds") }
        if let matches = matchesFastPath {
            lines.append("\(isTransposed ? "C^T" : "C") vec(x) equals F.\(plan.operation)(x, weight): \(matches ? "True" : "False")")
        }
        return lines
    }

    /// The matrix's entries as text, all with one formatter (whole numbers without a
    /// decimal point); zeros empty.
    var entries: [[String?]] {
        let formatter = TensorFormatter.Formatter(trace.matrix)
        let values = trace.matrix.doubles
        let whole = values.allSatisfy { $0 == $0.rounded() && abs($0) < 1e15 }
        return (0..<rows).map { r in
            (0..<columns).map { c in
                let v = values[r * columns + c]
                if v == 0 { return nil }
                return whole ? String(Int64(v)) : formatter.text(v)
            }
        }
    }
}

/// A matrix figure as text: zeros as dots, columns aligned.
public enum MatrixText {
    public static func render(_ figure: MatrixFigure) -> String {
        let entries = figure.entries
        let width = entries.flatMap { $0.compactMap { $0?.count } }.max() ?? 1
        let body = entries.map { row in
            row.map { entry in
                let text = entry ?? "."
                return String(repeating: " ", count: width - text.count) + text
            }.joined(separator: " ")
        }
        let statement = figure.statement.flatMap { DiagramCaption.wrapWords($0, indent: "  ") }
        return (statement + [""] + body).joined(separator: "\n")
    }
}

/// A matrix figure as an HTML table: zeros faint.
public enum MatrixHTML {
    public static func render(_ figure: MatrixFigure) -> String {
        var html = "<div class=\"convlab-matrix\">"
        for line in figure.statement { html += "<div>\(Markup.escape(line))</div>" }
        html += "<table style=\"border-collapse:collapse;font-family:monospace;margin:4px 0\">"
        for row in figure.entries {
            html += "<tr>"
            for entry in row {
                html += entry.map { "<td style=\"padding:1px 5px;text-align:right\">\(Markup.escape($0))</td>" }
                    ?? "<td style=\"padding:1px 5px;text-align:right;color:#c8c8c8\">0</td>"
            }
            html += "</tr>"
        }
        return html + "</table></div>"
    }
}
