/// Where UTF-8 text can be cut without splitting a character.
enum UTF8Boundary {
    /// The length of the longest prefix of `bytes` that does not end inside a character.
    static func completePrefix(_ bytes: [UInt8]) -> Int {
        var start = bytes.count
        // Walk back over at most three continuation bytes to the lead byte.
        while start > 0, bytes.count - start < 4 {
            start -= 1
            let byte = bytes[start]
            if byte & 0xC0 == 0x80 { continue }
            let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            return start + length <= bytes.count ? bytes.count : start
        }
        return bytes.count
    }
}
