/// Arrays of a few integers (a tensor's strides, a convolution's per-dimension
/// parameters) made as array literals.
///
/// `Array(repeating:count:)`, `map` and a copy that is then written all allocate through
/// the standard library's unspecialised buffer initialiser, which looks up the storage
/// class's generic metadata on every call (about 25 ns here, measured against a literal);
/// in a tiny convolution, made thousands of times a second, those lookups were a few
/// percent of the operation. An array literal's storage type is resolved once.
enum SmallIntArray {
    /// `(0..<count).map(element)`, as a literal up to five elements.
    @inline(__always)
    static func make(count: Int, _ element: (Int) -> Int) -> [Int] {
        switch count {
        case 0: []
        case 1: [element(0)]
        case 2: [element(0), element(1)]
        case 3: [element(0), element(1), element(2)]
        case 4: [element(0), element(1), element(2), element(3)]
        case 5: [element(0), element(1), element(2), element(3), element(4)]
        default: (0..<count).map(element)
        }
    }
}
