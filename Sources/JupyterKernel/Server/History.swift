import Foundation

/// The inputs of this kernel's session, for `history_request`.
final class History: @unchecked Sendable {
    struct Entry { var session: Int; var line: Int; var input: String; var output: String? }

    private let lock = NSLock()
    private var entries: [Entry] = []
    let session = 1

    func append(line: Int, input: String) {
        lock.withLock { entries.append(Entry(session: session, line: line, input: input, output: nil)) }
    }

    /// Records the text of a line's result, for `output=True` requests.
    func setOutput(line: Int, text: String) {
        lock.withLock {
            if let i = entries.lastIndex(where: { $0.line == line && $0.session == session }) { entries[i].output = text }
        }
    }

    /// The reply's `history` list for a request's content.
    func reply(to content: JSONValue) -> [JSONValue] {
        let all = lock.withLock { entries }
        let selected: [Entry]
        switch content["hist_access_type"].string ?? "tail" {
        case "range":
            let start = content["start"].int ?? 0
            let stop = content["stop"].int
            selected = all.filter { $0.line >= start && (stop == nil || $0.line < stop!) }
        case "search":
            let pattern = content["pattern"].string ?? "*"
            var matches = all.filter { fnmatch(pattern, $0.input, 0) == 0 }
            if content["unique"].bool == true {
                var seen = Set<String>()
                matches = matches.reversed().filter { seen.insert($0.input).inserted }.reversed()
            }
            let n = content["n"].int ?? matches.count
            selected = Array(matches.suffix(max(0, n)))
        default:
            selected = Array(all.suffix(max(0, content["n"].int ?? 10)))
        }
        let withOutput = content["output"].bool ?? false
        return selected.map { entry in
            let source: JSONValue = withOutput
                ? .array([.string(entry.input), entry.output.map { .string($0) } ?? .null])
                : .string(entry.input)
            return .array([.int(entry.session), .int(entry.line), source])
        }
    }
}
