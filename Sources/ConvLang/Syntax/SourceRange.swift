/// A span of source text as UTF-8 byte offsets, `start..<end`. Turned into lines and
/// columns only when shown (see ``SourceText``).
public struct SourceRange: Sendable, Hashable {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(end, start)
    }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }
}

/// Source code with its line starts, for turning byte offsets into lines, columns and
/// code-point offsets.
public struct SourceText: Sendable {
    public let text: String
    public let bytes: [UInt8]
    /// The byte offset where each line starts.
    public let lineStarts: [Int]

    public init(_ text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
        var starts = [0]
        for i in bytes.indices where bytes[i] == UInt8(ascii: "\n") { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// The 1-based line and column (in characters) of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let line = (lineStarts.lastIndex { $0 <= offset } ?? 0)
        let prefix = bytes[lineStarts[line]..<min(offset, bytes.count)]
        return (line + 1, String(decoding: prefix, as: UTF8.self).count + 1)
    }

    /// The text of a 1-based line, without its newline.
    public func line(_ number: Int) -> String {
        let start = lineStarts[number - 1]
        let end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The text of a range.
    public func slice(_ range: SourceRange) -> String {
        String(decoding: bytes[min(range.start, bytes.count)..<min(range.end, bytes.count)], as: UTF8.self)
    }

    /// The byte offset of a code-point offset (Jupyter counts cursors in code points).
    public func byteOffset(ofCodePoint index: Int) -> Int {
        var count = 0
        var bytesSeen = 0
        for scalar in text.unicodeScalars {
            if count == index { return bytesSeen }
            count += 1
            bytesSeen += String(scalar).utf8.count
        }
        return bytesSeen
    }

    /// The code-point offset of a byte offset.
    public func codePointOffset(ofByte offset: Int) -> Int {
        String(decoding: bytes[0..<min(offset, bytes.count)], as: UTF8.self).unicodeScalars.count
    }
}
