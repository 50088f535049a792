/// A Swift type that can be the element of a ``Tensor``: `Bool`, `Int64`, `Float`
/// or `Double`, one per ``DType``.
public protocol TensorElement: Sendable, Hashable {
    /// The dtype whose elements are of this type.
    static var dtype: DType { get }
    /// Converts from a double the way PyTorch casts: floats truncate toward zero when
    /// made integers, anything non-zero is `true`.
    init(convertingDouble value: Double)
    /// The value as a double (`true` is 1).
    var doubleValue: Double { get }
    /// Wraps an array of this type as storage.
    static func makeStorage(_ values: [Self]) -> TensorStorage
    /// The array inside `storage` if it holds this type.
    static func values(in storage: TensorStorage) -> [Self]?
}

extension Bool: TensorElement {
    public static var dtype: DType { .bool }
    public init(convertingDouble value: Double) { self = value != 0 }
    public var doubleValue: Double { self ? 1 : 0 }
    public static func makeStorage(_ values: [Bool]) -> TensorStorage { .bool(values) }
    public static func values(in storage: TensorStorage) -> [Bool]? {
        if case .bool(let v) = storage { v } else { nil }
    }
}

extension Int64: TensorElement {
    public static var dtype: DType { .int64 }
    public init(convertingDouble value: Double) {
        // C's cast is undefined outside the range; x86 yields INT64_MIN, as PyTorch shows.
        if value.isFinite, value > -9.223372036854775808e18, value < 9.223372036854775808e18 {
            self = Int64(value.rounded(.towardZero))
        } else {
            self = .min
        }
    }
    public var doubleValue: Double { Double(self) }
    public static func makeStorage(_ values: [Int64]) -> TensorStorage { .int64(values) }
    public static func values(in storage: TensorStorage) -> [Int64]? {
        if case .int64(let v) = storage { v } else { nil }
    }
}

extension Float: TensorElement {
    public static var dtype: DType { .float32 }
    public init(convertingDouble value: Double) { self = Float(value) }
    public var doubleValue: Double { Double(self) }
    public static func makeStorage(_ values: [Float]) -> TensorStorage { .float32(values) }
    public static func values(in storage: TensorStorage) -> [Float]? {
        if case .float32(let v) = storage { v } else { nil }
    }
}

extension Double: TensorElement {
    public static var dtype: DType { .float64 }
    public init(convertingDouble value: Double) { self = value }
    public var doubleValue: Double { self }
    public static func makeStorage(_ values: [Double]) -> TensorStorage { .float64(values) }
    public static func values(in storage: TensorStorage) -> [Double]? {
        if case .float64(let v) = storage { v } else { nil }
    }
}
