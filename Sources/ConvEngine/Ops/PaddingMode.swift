/// How `F.pad` fills the border.
public enum PaddingMode: String, Sendable, Hashable, CaseIterable {
    /// A constant (zero unless given).
    case constant
    /// The input mirrored about its edge element: `[3, 2 | 1, 2, 3, 4 | 3]`.
    case reflect
    /// The edge element repeated: `[1, 1 | 1, 2, 3, 4 | 4]`.
    case replicate
    /// The input wrapped around: `[3, 4 | 1, 2, 3, 4 | 1]`.
    case circular

    /// Parses `F.pad`'s `mode` string.
    /// - Throws: PyTorch's `NotImplementedError` for an unknown mode.
    public init(parsing name: String) throws(EngineError) {
        guard let mode = PaddingMode(rawValue: name) else {
            throw .argument("Unrecognised padding mode \(name)", "NotImplementedError")
        }
        self = mode
    }
}
