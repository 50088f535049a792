/// The element type of a ``Tensor``, named as PyTorch names it.
///
/// ConvLab computes in `float32` unless asked for `float64`, as PyTorch does.
/// Integer tensors (`int64`) arise from integer literals and `arange` with integer
/// arguments; `bool` tensors from comparisons.
public enum DType: String, Sendable, CaseIterable, Hashable {
    case bool
    case int64
    case float32
    case float64

    /// Whether values of this type are floating point.
    public var isFloatingPoint: Bool { self == .float32 || self == .float64 }

    /// PyTorch's spelling, `torch.float32`.
    public var torchName: String { "torch.\(rawValue)" }

    /// PyTorch's C++ scalar-type name, used in its error messages (`Float`, `Long`).
    public var scalarTypeName: String {
        switch self {
        case .bool: "Bool"
        case .int64: "Long"
        case .float32: "Float"
        case .float64: "Double"
        }
    }

    /// The C++ type name PyTorch's `dtype().name()` prints (`float`, `double`).
    public var cTypeName: String {
        switch self {
        case .bool: "bool"
        case .int64: "long int"
        case .float32: "float"
        case .float64: "double"
        }
    }

    /// The legacy tensor type name (`torch.FloatTensor`) some PyTorch messages use.
    public var legacyTensorTypeName: String { "torch.\(scalarTypeName)Tensor" }

    /// The kind of number, used by type promotion: bool < integer < floating point.
    var category: Int {
        switch self {
        case .bool: 0
        case .int64: 1
        case .float32, .float64: 2
        }
    }

    /// The type that holds both `self` and `other` (PyTorch's `promote_types`).
    public func promoted(with other: DType) -> DType {
        let order: [DType] = [.bool, .int64, .float32, .float64]
        return order.firstIndex(of: self)! >= order.firstIndex(of: other)! ? self : other
    }
}
