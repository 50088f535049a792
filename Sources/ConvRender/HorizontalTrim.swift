extension String {
    /// Foundation's `trimmingCharacters(in: .whitespaces)` (spaces, the other Unicode
    /// space separators and tab, newlines kept) in Swift alone: the HTML of a tensor trims
    /// every cell, and Foundation's version bridges through `NSString` each time.
    var trimmingHorizontalWhitespace: String {
        func isBlank(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t" || (scalar.value > 0x7F && scalar.properties.generalCategory == .spaceSeparator)
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isBlank($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isBlank($0) })!
        return String(Substring(scalars[first...last]))
    }
}
