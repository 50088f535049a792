/// IPython's inspector layout (`Inspector.format_mime`): each field's header, coloured,
/// padded to the longest header, then its body on the same line, or below it when the
/// body has several lines.
enum InspectorFields {
    /// `fields` as (header without its colon, body) pairs, in order.
    static func text(_ fields: [(String, String)]) -> String {
        let width = fields.map(\.0.count).max() ?? 0
        return fields.map { head, body in
            let body = body.trimmingLineBreaks()
            let (on, off) = SourceColors.header
            return on + head + ":" + off + String(repeating: " ", count: width - head.count) + (body.contains("\n") ? "\n" : " ") + body
        }.joined(separator: "\n")
    }
}

private extension String {
    /// Python's `strip("\n")`.
    func trimmingLineBreaks() -> String {
        var scalars = unicodeScalars[...]
        while scalars.first == "\n" { scalars = scalars.dropFirst() }
        while scalars.last == "\n" { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
