import Foundation
import ConvEngine
import ConvLang

/// Tensors as HTML tables for notebooks: one table per 2-D slice (per leading index),
/// shape and dtype in the caption, cells shaded by value, and a cap on the cells drawn.
public enum TensorHTML {
    /// The most cells drawn; larger tensors show their first slices and a note.
    public static let cellLimit = 400

    public static func render(_ tensor: Tensor) -> String {
        let dims = tensor.shape.dimensions
        let caption = "tensor of shape \(PythonFormat.list(dims)), \(tensor.dtype.torchName)"
        guard tensor.count > 0 else { return "<div class=\"convlab-tensor\"><em>\(escape(caption))</em> (empty)</div>" }
        let (rows, columns) = dims.count >= 2 ? (dims[dims.count - 2], dims[dims.count - 1]) : (1, dims.first ?? 1)
        let plane = rows * columns
        let planes = tensor.count / max(plane, 1)
        let values = tensor.doubles
        let finite = values.filter(\.isFinite)
        let (low, high) = (finite.min() ?? 0, finite.max() ?? 0)
        let formatter = TensorFormatter.Formatter(tensor)
        // The table's and cells' look once, in a style scoped to the output's class; each
        // cell carries only its shade (a 7x7 output was 4.6 KB of repeated cell styles,
        // built, escaped into JSON, signed and parsed by the client on every execute).
        // Written as bytes: a few appends for each of up to 400 cells.
        var html: [UInt8] = []
        html.reserveCapacity(400 + min(tensor.count, cellLimit) * 40)
        html += "<div class=\"convlab-tensor\"><style>\(style)</style><div><em>\(escape(caption))</em></div>".utf8
        var drawn = 0
        for p in 0..<planes {
            if drawn + plane > cellLimit && drawn > 0 {
                html += "<div>… \(planes - p) more slice\(planes - p == 1 ? "" : "s") not drawn (\(tensor.count) values in all)</div>".utf8
                break
            }
            if dims.count > 2 { html += "<div><code>[\(index(p, dims.dropLast(2)).map(String.init).joined(separator: ", ")), :, :]</code></div>".utf8 }
            html += "<table>".utf8
            for r in 0..<rows {
                html += "<tr>".utf8
                for c in 0..<columns {
                    let flat = p * plane + r * columns + c
                    let v = values[flat]
                    let t = high > low ? (v - low) / (high - low) : 0.5
                    html += "<td style=\"background:#".utf8
                    html += shades[v.isFinite ? Int(255 - 120 * t) : 255]
                    html += "\">".utf8
                    html += escape(formatter.text(at: flat)).utf8
                    html += "</td>".utf8
                }
                html += "</tr>".utf8
            }
            html += "</table>".utf8
            drawn += plane
        }
        html += "</div>".utf8
        return String(decoding: html, as: UTF8.self)
    }

    /// The tables' look: collapsed borders, monospace, right-aligned padded cells.
    static let style = ".convlab-tensor table{border-collapse:collapse;font-family:monospace;margin:2px 0}"
        + ".convlab-tensor td{border:1px solid #ccc;padding:2px 6px;text-align:right}"

    /// Blue shades `(s, s, 255)` as six hex digits (UTF-8), by `s`.
    static let shades: [[UInt8]] = (0..<256).map { s in
        let pair = (s < 16 ? "0" : "") + String(s, radix: 16)
        return Array((pair + pair + "ff").utf8)
    }

    private static func index(_ flat: Int, _ sizes: ArraySlice<Int>) -> [Int] {
        var rest = flat
        var out: [Int] = []
        for size in sizes.reversed() { out.insert(rest % max(size, 1), at: 0); rest /= max(size, 1) }
        return out
    }

    static func escape(_ s: String) -> String { Markup.escape(s, quotes: false) }
}

/// The MIME bundle of a language value: `text/plain` always, `text/html` for tensors
/// and layers, and what a rich value carries.
public enum MimeBundle {
    public static func render(_ value: Value) -> [String: String] {
        switch value {
        case .rich(let output): return output.bundle
        case .tensor(let box): return ["text/plain": value.displayText, "text/html": TensorHTML.render(box.tensor)]
        case .nnModule(let module):
            guard let layer = module.convLayer else { return ["text/plain": value.displayText] }
            return ["text/plain": value.displayText, "text/html": LayerHTML.render(layer, repr: value.displayText)]
        case .host(let object):
            // The host's bundle (a widget's view); text/plain the repr unless it gives its
            // own (ipywidgets cuts a long repr at 110 characters there).
            return (object.mimeBundle() ?? [:]).merging(["text/plain": value.displayText]) { own, _ in own }
        default: return ["text/plain": value.displayText]
        }
    }
}
