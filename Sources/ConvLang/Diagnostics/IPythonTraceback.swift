/// The traceback a kernel sends for an error, laid out as IPython 9's `VerboseTB`
/// (colors off) lays it out: a rule, the exception's name beside "Traceback (most
/// recent call last)", then one entry per frame from the outermost in — `Cell In[n],
/// line L, in f(x)` and the frame's source around the line, the running line marked
/// `---->` — and the `Name: message` line. A chained exception (its cause, or the one
/// being handled) comes first, with Python's words between them.
///
/// An error raised by a cell's own code, with nothing chained, keeps the
/// ``DiagnosticFormatter`` drawing: the source line with a caret and the note.
public struct IPythonTraceback: Sendable {
    /// The frames' source around the running line: two pieces before and two after
    /// (IPython's `context=5`); one each side for an exception chained before the last
    /// (its `lines_of_context = 3`).
    static let contextPieces = 2
    static let chainedContextPieces = 1

    public init() {}

    /// The traceback's entries (the `traceback` list of a Jupyter `error` message) for
    /// `diagnostic`, raised by the cell `source` numbered `cell` in the session.
    public func lines(for diagnostic: Diagnostic, source: SourceText, cell: Int?) -> [String] {
        let chained = diagnostic.exception?.chained
        guard !diagnostic.frames.isEmpty || chained != nil, diagnostic.kind != "SyntaxError" else {
            return DiagnosticFormatter().format(diagnostic, source: source).components(separatedBy: "\n")
        }
        let cellOrigin = CodeOrigin(source: source, cell: cell)
        let frames = [TracebackFrame(origin: cellOrigin, range: diagnostic.outerRange)] + diagnostic.frames
        var out = [String(repeating: "-", count: 75)]
        if let chained { out += chain(chained.exception, seen: [ObjectIdentifier(chained.exception)]) + ["\n\(chained.explanation)\n"] }
        out += entry(kind: diagnostic.kind, headline: diagnostic.headline, frames: frames, context: Self.contextPieces)
        if let note = diagnostic.note { out[out.count - 1] += "\n" + note }
        return out
    }

    /// An exception's entries, after those of the exceptions chained before it.
    private func chain(_ exception: ExceptionObject, seen: Set<ObjectIdentifier>) -> [String] {
        var out: [String] = []
        if let earlier = exception.chained, !seen.contains(ObjectIdentifier(earlier.exception)) {
            out += chain(earlier.exception, seen: seen.union([ObjectIdentifier(earlier.exception)])) + ["\n\(earlier.explanation)\n"]
        }
        let message = exception.strText
        return out + entry(kind: exception.type.name, headline: message.isEmpty ? exception.type.name : "\(exception.type.name): \(message)",
                           frames: exception.traceback?.frames ?? [], context: Self.chainedContextPieces)
    }

    private func entry(kind: String, headline: String, frames: [TracebackFrame], context: Int) -> [String] {
        let title = "Traceback (most recent call last)"
        let padded = kind.count < 75 - title.count ? kind + String(repeating: " ", count: 75 - title.count - kind.count) : kind
        // IPython writes "Name: " for an exception without a message.
        let last = headline == kind ? kind + ": " : headline
        let entries = TracebackEntry.collapsing(frames).compactMap { entry -> String? in
            if case .frame(let frame) = entry { return frameText(frame, context: context) }
            return entry.skippedText.map { $0 + "\n" }
        }
        return [padded + title] + entries + [last]
    }

    /// `Cell In[3], line 2, in f(x)` and the numbered source lines around the range.
    func frameText(_ frame: TracebackFrame, context: Int) -> String? {
        guard let range = frame.range else { return nil }
        let source = frame.origin.source
        guard !source.bytes.isEmpty else { return nil }
        let first = source.location(of: min(range.start, source.bytes.count)).line
        let last = max(first, source.location(of: min(max(range.start, range.end - 1), source.bytes.count)).line)
        var heading = frame.origin.cell.map { "Cell In[\($0)], line \(first)" } ?? "line \(first)"
        if let function = frame.origin.function { heading += ", in \(function)(\(frame.origin.parameters.joined(separator: ", ")))" }
        // Pieces: the running lines as one, every other non-blank line of the scope alone.
        let scope = frame.origin.lines ?? 1...source.lineStarts.count
        let isBlank = { (n: Int) in source.line(n).allSatisfy(\.isWhitespace) }
        var pieces: [ClosedRange<Int>] = []
        var n = scope.lowerBound
        while n <= scope.upperBound {
            if n == first {
                pieces.append(first...min(last, scope.upperBound))
                n = min(last, scope.upperBound) + 1
                continue
            }
            if !isBlank(n) { pieces.append(n...n) }
            n += 1
        }
        guard let running = pieces.firstIndex(where: { $0.contains(first) }) else { return nil }
        let shown = pieces[max(0, running - context)...min(pieces.count - 1, running + context)]
        let numbers = shown.flatMap { Array($0) }.filter { $0 == first || !isBlank($0) }
        let texts = numbers.map { source.line($0) }
        let indent = texts.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        var lines = [heading]
        for (number, text) in zip(numbers, texts) {
            let digits = String(number)
            let gutter = number == first
                ? String(repeating: "-", count: max(0, 7 - digits.count - 3)) + "-> " + digits
                : String(repeating: " ", count: max(0, 7 - digits.count)) + digits
            lines.append(gutter + " " + String(text.dropFirst(min(indent, text.prefix { $0 == " " }.count))))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
