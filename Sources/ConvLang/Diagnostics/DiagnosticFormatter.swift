/// Draws a diagnostic the way swift-syntax does: the headline, then the source line
/// with a line-number gutter and a caret under the offending code.
///
/// ```
/// TypeError: conv_transpose2d() got an unexpected keyword argument 'strid'
///   1 | y = F.conv_transpose2d(x, w, strid=2)
///     |                              ^~~~~ did you mean 'stride'?
/// ```
public struct DiagnosticFormatter: Sendable {
    /// Where the source came from (`script.py`); when set, a `--> name:line:column`
    /// line follows the headline.
    public var sourceName: String?

    public init(sourceName: String? = nil) { self.sourceName = sourceName }

    /// The diagnostic drawn against `source`, without a trailing newline.
    public func format(_ diagnostic: Diagnostic, source: SourceText) -> String {
        var lines = [diagnostic.headline]
        guard let range = diagnostic.range, !source.bytes.isEmpty || range.start == 0 else {
            if let note = diagnostic.note { lines.append("  note: \(note)") }
            return lines.joined(separator: "\n")
        }
        let (line, column) = source.location(of: min(range.start, source.bytes.count))
        if let sourceName { lines.append(" --> \(sourceName):\(line):\(column)") }
        let text = source.line(line)
        let gutter = String(line)
        let pad = String(repeating: " ", count: gutter.count)
        lines.append(" \(gutter) | \(text)")
        // Underline to the end of the range or of the line, whichever comes first.
        let lineEnd = line < source.lineStarts.count ? source.lineStarts[line] - 1 : source.bytes.count
        let endColumn = source.location(of: min(range.end, lineEnd)).column
        let width = max(1, endColumn - column)
        let marker = "^" + String(repeating: "~", count: width - 1)
        var caret = " \(pad) | " + String(repeating: " ", count: column - 1) + marker
        if let note = diagnostic.note { caret += " " + note }
        lines.append(caret)
        return lines.joined(separator: "\n")
    }
}
