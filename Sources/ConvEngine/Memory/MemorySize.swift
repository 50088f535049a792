/// A size in bytes as a person writes it on a command line: `1GiB`, `512MiB`, `64KiB`,
/// `2GB` (powers of 1000), or plain bytes (`1073741824`, `100B`).
public enum MemorySize {
    /// The units, longest first so that `GiB` is tried before `B`.
    private static let units: [(suffix: String, factor: Int)] = [
        ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40),
        ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000),
        ("B", 1),
    ]

    /// The bytes `text` stands for.
    /// - Throws: ``MemorySizeError`` when `text` is not a whole number followed by an
    ///   optional unit, is zero, or does not fit in an `Int`.
    public static func bytes(_ text: String) throws(MemorySizeError) -> Int {
        let trimmed = text.trimmingSpaces
        let unit = units.first { trimmed.lowercased().hasSuffix($0.suffix.lowercased()) }
        let digits = String(trimmed.dropLast(unit?.suffix.count ?? 0)).trimmingSpaces
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let number = Int(digits) else {
            throw MemorySizeError(text: text, reason: "expected a whole number and a unit such as 512MiB or 1GiB")
        }
        let (total, overflow) = number.multipliedReportingOverflow(by: unit?.factor ?? 1)
        guard !overflow else { throw MemorySizeError(text: text, reason: "too large") }
        guard total > 0 else { throw MemorySizeError(text: text, reason: "must be more than 0 bytes") }
        return total
    }

    /// `bytes` for a person: in the largest binary unit it reaches, two decimals at
    /// most (`1 GiB`, `1.5 GiB`, `300 B`).
    public static func describe(_ bytes: Int) -> String {
        for (suffix, factor) in units.prefix(4).reversed() where bytes >= factor {
            let hundredths = Int((Double(bytes) / Double(factor) * 100).rounded())
            let whole = hundredths / 100, rest = hundredths % 100
            if rest == 0 { return "\(whole) \(suffix)" }
            return rest % 10 == 0 ? "\(whole).\(rest / 10) \(suffix)" : "\(whole).\(rest < 10 ? "0" : "")\(rest) \(suffix)"
        }
        return "\(bytes) B"
    }
}

/// A memory size that could not be read (``MemorySize/bytes(_:)``).
public struct MemorySizeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text as given.
    public var text: String
    /// What is wrong with it.
    public var reason: String

    public var description: String { "invalid memory size '\(text)': \(reason)" }
}

private extension String {
    var trimmingSpaces: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
