/// The cells a session has run, in order, kept compactly: one UTF-8 buffer and the end
/// of each cell in it (8 bytes a cell besides its text), so a long session's `%history`
/// costs little memory.
public struct CellHistory: RandomAccessCollection, Sendable {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []

    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { ends.count }

    /// The source of cell `position` (0-based).
    public subscript(position: Int) -> String {
        let start = position == 0 ? 0 : ends[position - 1]
        return String(decoding: bytes[start..<ends[position]], as: UTF8.self)
    }

    mutating func append(_ source: String) {
        bytes.append(contentsOf: source.utf8)
        ends.append(bytes.count)
    }

    /// Forgets every cell's text but keeps their numbering (`%reset in`).
    mutating func blankAll() {
        bytes = []
        ends = [Int](repeating: 0, count: ends.count)
    }
}
