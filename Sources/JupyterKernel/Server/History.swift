import Foundation

/// The inputs (and result texts) of this kernel's session, for `history_request`.
///
/// Kept compact, since a session may run for days: all text in one UTF-8 buffer, each
/// entry a few offsets into it, so a line costs its text and 40 bytes. A result text
/// is kept up to ``outputLimit`` bytes (history is for recalling, not for output).
final class History: @unchecked Sendable {
    /// A line: where its input and (once known) its result text lie in `text`.
    private struct Entry {
        var line: Int
        var input: Range<Int>
        var output: Range<Int>?
    }

    /// The most bytes of one result text kept.
    static let outputLimit = 16 << 10

    private let lock = NSLock()
    private var text: [UInt8] = []
    private var entries: [Entry] = []
    let session = 1

    private func store(_ string: String) -> Range<Int> {
        let start = text.count
        text.append(contentsOf: string.utf8)
        return start..<text.count
    }

    private func string(_ range: Range<Int>) -> String {
        String(decoding: text[range], as: UTF8.self)
    }

    func append(line: Int, input: String) {
        lock.withLock { entries.append(Entry(line: line, input: store(input), output: nil)) }
    }

    /// Records the text of a line's result, for `output=True` requests.
    func setOutput(line: Int, text output: String) {
        let kept = OutputCap(bytes: Self.outputLimit).text(output)
        lock.withLock {
            if let i = entries.lastIndex(where: { $0.line == line }) { entries[i].output = store(kept) }
        }
    }

    /// The reply's `history` list for a request's content.
    func reply(to content: JSONValue) -> [JSONValue] {
        lock.withLock {
            let selected: [Entry]
            switch content["hist_access_type"].string ?? "tail" {
            case "range":
                let start = content["start"].int ?? 0
                let stop = content["stop"].int
                selected = entries.filter { $0.line >= start && (stop == nil || $0.line < stop!) }
            case "search":
                let pattern = content["pattern"].string ?? "*"
                var matches = entries.filter { fnmatch(pattern, string($0.input), 0) == 0 }
                if content["unique"].bool == true {
                    var seen = Set<String>()
                    matches = matches.reversed().filter { seen.insert(string($0.input)).inserted }.reversed()
                }
                let n = content["n"].int ?? matches.count
                selected = Array(matches.suffix(max(0, n)))
            default:
                selected = Array(entries.suffix(max(0, content["n"].int ?? 10)))
            }
            let withOutput = content["output"].bool ?? false
            return selected.map { entry in
                let input = JSONValue.string(string(entry.input))
                let source: JSONValue = withOutput ? .array([input, entry.output.map { .string(string($0)) } ?? .null]) : input
                return .array([.int(session), .int(entry.line), source])
            }
        }
    }
}
