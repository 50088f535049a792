import ConvEngine
import ConvLang

/// A convolution layer as HTML for notebooks: its repr, then its parameters with their
/// shapes, what each dimension of the weight is, and the number of values.
public enum LayerHTML {
    public static func render(_ layer: ConvLayer, repr: String) -> String {
        let spatial = ["kD", "kH", "kW"].suffix(layer.spatialRank).joined(separator: ", ")
        let layout = layer.kind == .transposed
            ? "(in_channels, out_channels / groups, \(spatial))"
            : "(out_channels, in_channels / groups, \(spatial))"
        var rows = [("weight", layer.weight, layout)]
        if let bias = layer.bias { rows.append(("bias", bias, "(out_channels,)")) }
        var html = "<div class=\"convlab-layer\"><div><code>\(Markup.escape(repr))</code></div>"
        html += "<table style=\"border-collapse:collapse;font-family:monospace;margin:4px 0\">"
        html += "<tr><th style=\"text-align:left;padding:2px 8px\">parameter</th><th style=\"text-align:left;padding:2px 8px\">shape</th><th style=\"text-align:left;padding:2px 8px\">dimensions</th><th style=\"text-align:left;padding:2px 8px\">dtype</th><th style=\"text-align:right;padding:2px 8px\">values</th></tr>"
        for (name, tensor, meaning) in rows {
            html += "<tr><td style=\"padding:2px 8px\">\(name)</td><td style=\"padding:2px 8px\">\(PythonFormat.list(tensor.shape.dimensions))</td>"
            html += "<td style=\"padding:2px 8px\">\(Markup.escape(meaning))</td><td style=\"padding:2px 8px\">\(tensor.dtype.torchName)</td>"
            html += "<td style=\"padding:2px 8px;text-align:right\">\(tensor.count)</td></tr>"
        }
        let total = rows.reduce(0) { $0 + $1.1.count }
        return html + "</table><div>\(total) parameters</div></div>"
    }
}
