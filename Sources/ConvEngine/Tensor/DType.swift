/// The element type of a ``Tensor``, named as PyTorch names it.
///
/// ConvLab computes in `float32` unless asked otherwise, as PyTorch does. Integer
/// tensors made from Python ints are `int64`; comparisons give `bool`. The narrower
/// types (`uint8`, `int8`, `int16`, `int32`, `float16`, `bfloat16`) come from `.byte()`,
/// `.char()`, `.short()`, `.int()`, `.half()`, `.bfloat16()` or `dtype=`, and keep
/// PyTorch's wrap-around and rounding.
public enum DType: String, Sendable, CaseIterable, Hashable {
    case bool
    case uint8
    case int8
    case int16
    case int32
    case int64
    case float16
    case bfloat16
    case float32
    case float64

    /// Whether values of this type are floating point.
    public var isFloatingPoint: Bool {
        switch self {
        case .float16, .bfloat16, .float32, .float64: true
        default: false
        }
    }

    /// Whether values of this type are integers (not bool).
    public var isIntegral: Bool {
        switch self {
        case .uint8, .int8, .int16, .int32, .int64: true
        default: false
        }
    }

    /// Bytes per element (`element_size()`).
    public var itemSize: Int {
        switch self {
        case .bool, .uint8, .int8: 1
        case .int16, .float16, .bfloat16: 2
        case .int32, .float32: 4
        case .int64, .float64: 8
        }
    }

    /// PyTorch's spelling, `torch.float32`.
    public var torchName: String { "torch.\(rawValue)" }

    /// PyTorch's C++ scalar-type name, used in its error messages (`Float`, `Long`).
    public var scalarTypeName: String {
        switch self {
        case .bool: "Bool"
        case .uint8: "Byte"
        case .int8: "Char"
        case .int16: "Short"
        case .int32: "Int"
        case .int64: "Long"
        case .float16: "Half"
        case .bfloat16: "BFloat16"
        case .float32: "Float"
        case .float64: "Double"
        }
    }

    /// The C++ type name PyTorch's `dtype().name()` prints (`float`, `double`).
    public var cTypeName: String {
        switch self {
        case .bool: "bool"
        case .uint8: "unsigned char"
        case .int8: "signed char"
        case .int16: "short int"
        case .int32: "int"
        case .int64: "long int"
        case .float16: "c10::Half"
        case .bfloat16: "c10::BFloat16"
        case .float32: "float"
        case .float64: "double"
        }
    }

    /// The legacy tensor type name (`torch.FloatTensor`) some PyTorch messages use.
    public var legacyTensorTypeName: String { "torch.\(scalarTypeName)Tensor" }

    /// The kind of number, used by type promotion: bool < integer < floating point.
    var category: Int {
        if self == .bool { return 0 }
        return isFloatingPoint ? 2 : 1
    }

    /// The type that holds both `self` and `other` (PyTorch's `promote_types`): within
    /// integers the wider, with `uint8` and a signed type the signed one at least
    /// `int16`; an integer with a float the float; `float16` with `bfloat16` `float32`.
    public func promoted(with other: DType) -> DType {
        if self == other { return self }
        if self == .bool { return other }
        if other == .bool { return self }
        switch (isFloatingPoint, other.isFloatingPoint) {
        case (true, false): return self
        case (false, true): return other
        case (true, true):
            if Set([self, other]) == [.float16, .bfloat16] { return .float32 }
            return itemSize >= other.itemSize ? self : other
        case (false, false):
            if self == .uint8 || other == .uint8 {
                let signed = self == .uint8 ? other : self
                return signed == .int8 ? .int16 : signed
            }
            return itemSize >= other.itemSize ? self : other
        }
    }
}
