/// conv_arithmetic's look: blue input, dashed padding, white inserted zeros, green
/// output, a dark shaded kernel.
enum DiagramStyle {
    struct Paint { let fill: String; let stroke: String; let dashed: Bool }

    static let input = Paint(fill: "#5fa8d3", stroke: "#1f5f8b", dashed: false)
    static let padding = Paint(fill: "#ffffff", stroke: "#8a8a8a", dashed: true)
    static let insertedZero = Paint(fill: "#ffffff", stroke: "#1f5f8b", dashed: false)
    static let outputPadding = Paint(fill: "#eeeeee", stroke: "#8a8a8a", dashed: true)
    static let output = Paint(fill: "#69c0a0", stroke: "#237a5a", dashed: false)
    static let currentOutput = "#1d7a55"
    static let kernel = "#14213d"
    static let text = "#222222"
    static let font = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"13\""
}

/// XML text escaping for SVG and HTML.
enum Markup {
    /// `s` with `&`, `<` and `>` (and `"` when `quotes`) written as HTML entities, in
    /// one pass; most texts (a diagram's thousands of cell titles) have none.
    static func escape(_ s: String, quotes: Bool = true) -> String {
        func special(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || (quotes && byte == UInt8(ascii: "\""))
        }
        guard s.utf8.contains(where: special) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for character in s.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
