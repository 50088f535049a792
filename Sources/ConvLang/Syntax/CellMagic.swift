/// IPython's cell magics: a cell whose first line (after blank ones) is
/// `%%name argument` is that magic applied to the rest of the cell's text, which is
/// not Python and is not parsed (IPython's `cell_magic` transformer).
enum CellMagic {
    /// The offset of the `%%` that opens the cell, if one does.
    static func start(in source: SourceText) -> Int? {
        let bytes = source.bytes
        var i = 0
        var lineStart = 0
        while i < bytes.count {
            switch bytes[i] {
            case 32, 9, 12, 13:
                i += 1
            case 10:
                i += 1
                lineStart = i
            case 37 where i + 1 < bytes.count && bytes[i + 1] == 37:
                // IPython strips the first line's indentation before looking.
                return bytes[lineStart..<i].allSatisfy({ $0 == 32 || $0 == 9 }) ? i : nil
            default:
                return nil
            }
        }
        return nil
    }

    /// The cell as a `.magic` statement, when it is a cell magic: the name up to the
    /// first space, the rest of the first line as its argument, and everything after
    /// the first line as its body.
    static func statement(in source: SourceText) -> Statement? {
        guard let start = start(in: source) else { return nil }
        let bytes = source.bytes
        var lineEnd = start
        while lineEnd < bytes.count, bytes[lineEnd] != 10 { lineEnd += 1 }
        var header = String(decoding: bytes[(start + 2)..<lineEnd], as: UTF8.self)
        while let last = header.unicodeScalars.last, last == " " || last == "\t" || last == "\r" { header.unicodeScalars.removeLast() }
        let name: String
        let argument: String
        if let space = header.firstIndex(of: " ") {
            name = String(header[..<space])
            argument = String(header[header.index(after: space)...])
        } else {
            name = header
            argument = ""
        }
        let body = lineEnd < bytes.count ? String(decoding: bytes[(lineEnd + 1)...], as: UTF8.self) : ""
        return .magic(name: name, argument: argument, cellBody: body, SourceRange(start, bytes.count))
    }
}
