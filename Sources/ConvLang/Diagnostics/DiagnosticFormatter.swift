/// Draws a diagnostic the way swift-syntax does: the headline, then the source line
/// with a line-number gutter and a caret under the offending code.
///
/// ```
/// TypeError: conv_transpose2d() got an unexpected keyword argument 'strid'
///   1 | y = F.conv_transpose2d(x, w, strid=2)
///     |                              ^~~~~ did you mean 'stride'?
/// ```
///
/// An error raised inside functions draws every frame from the outermost call in, each
/// after a `--> script.py:7:1, in f` line; exceptions chained before it (its cause, or
/// the one being handled) come first, with Python's words between them.
public struct DiagnosticFormatter: Sendable {
    /// Where the source came from (`script.py`); when set, a `--> name:line:column`
    /// line follows the headline.
    public var sourceName: String?

    public init(sourceName: String? = nil) { self.sourceName = sourceName }

    /// The diagnostic drawn against `source`, without a trailing newline.
    public func format(_ diagnostic: Diagnostic, source: SourceText) -> String {
        var lines: [String] = []
        if let chained = diagnostic.exception?.chained {
            lines += chain(chained.exception, seen: [ObjectIdentifier(chained.exception)]) + ["", chained.explanation, ""]
        }
        lines.append(diagnostic.headline)
        guard !diagnostic.frames.isEmpty else {
            guard let range = diagnostic.range, !source.bytes.isEmpty || range.start == 0 else {
                if let note = diagnostic.note { lines.append("  note: \(note)") }
                return lines.joined(separator: "\n")
            }
            lines += draw(range, in: source, heading: sourceName.map { " --> \($0)" }, function: nil, note: diagnostic.note)
            return lines.joined(separator: "\n")
        }
        let frames = [TracebackFrame(origin: CodeOrigin(source: source, cell: nil), range: diagnostic.outerRange)] + diagnostic.frames
        lines += drawFrames(frames, note: diagnostic.note)
        return lines.joined(separator: "\n")
    }

    /// The exceptions chained before `exception`, then it, each with its frames.
    private func chain(_ exception: ExceptionObject, seen: Set<ObjectIdentifier>) -> [String] {
        var lines: [String] = []
        if let earlier = exception.chained, !seen.contains(ObjectIdentifier(earlier.exception)) {
            lines += chain(earlier.exception, seen: seen.union([ObjectIdentifier(earlier.exception)])) + ["", earlier.explanation, ""]
        }
        let message = exception.strText
        lines.append(message.isEmpty ? exception.type.name : "\(exception.type.name): \(message)")
        return lines + drawFrames(exception.traceback?.frames ?? [], note: nil)
    }

    /// Each frame with a `-->` line naming where it is; the note goes to the innermost.
    private func drawFrames(_ frames: [TracebackFrame], note: String?) -> [String] {
        var lines: [String] = []
        let entries = TracebackEntry.collapsing(frames)
        for (i, entry) in entries.enumerated() {
            guard case .frame(let frame) = entry, let range = frame.range else {
                lines += entry.skippedText.map { [$0] } ?? []
                continue
            }
            let name = sourceName ?? frame.origin.cell.map { "In[\($0)]" } ?? "cell"
            lines += draw(range, in: frame.origin.source, heading: " --> \(name)", function: frame.origin.function,
                          note: i == entries.count - 1 ? note : nil)
        }
        return lines
    }

    /// `range`'s line with the gutter and the caret, after the heading (given the
    /// line and column, and the function's name).
    private func draw(_ range: SourceRange, in source: SourceText, heading: String?, function: String?, note: String?) -> [String] {
        var lines: [String] = []
        let (line, column) = source.location(of: min(range.start, source.bytes.count))
        if let heading { lines.append("\(heading):\(line):\(column)" + (function.map { ", in \($0)" } ?? "")) }
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
        if let note { caret += " " + note }
        lines.append(caret)
        return lines
    }
}
