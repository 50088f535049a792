/// The most output one message may carry. Larger output is summarised: text keeps its
/// beginning and says how much was left out; a rich representation (HTML, SVG, …) over
/// the cap is dropped in favour of its text/plain, so a frontend never receives a
/// message it would choke on.
public struct OutputCap: Sendable {
    /// The cap in UTF-8 bytes, for one text and for one bundle as a whole.
    public var bytes: Int
    /// How the user raises the cap (a command-line option), named in the truncation note.
    public var setting: String?

    /// 4 MiB: far more than a summarised tensor or a picture needs, far less than
    /// what slows a browser down.
    public static let defaultBytes = 4 << 20

    public init(bytes: Int = OutputCap.defaultBytes, setting: String? = nil) {
        self.bytes = max(bytes, 256)
        self.setting = setting
    }

    /// `text`, or its first part and a note saying how much is left out.
    public func text(_ text: String) -> String {
        let size = text.utf8.count
        guard size > bytes else { return text }
        let note = "\n… [output truncated: \(size) bytes in all, the first \(bytes) shown\(setting.map { " (\($0))" } ?? "")]\n"
        return prefix(of: text, bytes: bytes - note.utf8.count) + note
    }

    /// `data` with every representation over the cap dropped, text/plain truncated,
    /// and, if the rest is still over the cap, text/plain alone.
    public func bundle(_ data: [String: JSONValue]) -> [String: JSONValue] {
        func size(_ value: JSONValue) -> Int { value.string?.utf8.count ?? value.encoded().count }
        guard data.values.reduce(0, { $0 + size($1) }) > bytes else { return data }
        var kept = data.filter { $0.key == "text/plain" || size($0.value) <= bytes }
        if let plain = data["text/plain"]?.string { kept["text/plain"] = .string(text(plain)) }
        if kept.values.reduce(0, { $0 + size($1) }) > bytes {
            kept = kept.filter { $0.key == "text/plain" }
        }
        if kept["text/plain"] == nil {
            kept["text/plain"] = .string("[output of \(data.keys.sorted().joined(separator: ", ")) over the \(bytes)-byte cap, not sent]")
        }
        return kept
    }

    /// The longest prefix of `text` that is at most `bytes` UTF-8 bytes and ends on a
    /// character boundary.
    func prefix(of text: String, bytes: Int) -> String {
        var end = text.utf8.index(text.utf8.startIndex, offsetBy: max(bytes, 0))
        while end > text.startIndex, end.samePosition(in: text) == nil {
            end = text.utf8.index(before: end)
        }
        return String(text[..<end])
    }
}
