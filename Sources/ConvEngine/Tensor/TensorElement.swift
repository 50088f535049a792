/// A Swift type that can be the element of a ``Tensor``, one per ``DType``: `Bool`,
/// `UInt8`, `Int8`, `Int16`, `Int32`, `Int64`, `Float16`, ``BFloat16``, `Float`, `Double`.
///
/// Conversions follow PyTorch's casts: integers convert exactly through `Int64` and
/// wrap around when narrowed (`300` as `uint8` is `44`); floats truncate toward zero
/// when made integers; anything non-zero is `true`; a double becomes a half-precision
/// value through float32, as `c10::Half(double)` does.
public protocol TensorElement: Sendable, Hashable {
    /// The dtype whose elements are of this type.
    static var dtype: DType { get }
    /// Converts from a double the way PyTorch casts.
    init(convertingDouble value: Double)
    /// Converts from an integer the way PyTorch casts (wrapping when narrowed).
    init(convertingInt64 value: Int64)
    /// The value as a double (`true` is 1).
    var doubleValue: Double { get }
    /// The value as an integer: exact for integers and bools, truncated for floats.
    var int64Value: Int64 { get }
    /// Wraps an array of this type as storage.
    static func makeStorage(_ values: [Self]) -> TensorStorage
    /// The array inside `storage` if it holds this type.
    static func values(in storage: TensorStorage) -> [Self]?
}

extension TensorElement {
    /// `value` of another element type converted as PyTorch casts: through `Int64` from
    /// integers and bools (exact), through `Double` from floats.
    @inline(__always)
    static func converted<S: TensorElement>(from value: S) -> Self {
        S.dtype.isFloatingPoint ? Self(convertingDouble: value.doubleValue) : Self(convertingInt64: value.int64Value)
    }
}

extension Bool: TensorElement {
    public static var dtype: DType { .bool }
    public init(convertingDouble value: Double) { self = value != 0 }
    public init(convertingInt64 value: Int64) { self = value != 0 }
    public var doubleValue: Double { self ? 1 : 0 }
    public var int64Value: Int64 { self ? 1 : 0 }
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
    public init(convertingInt64 value: Int64) { self = value }
    public var doubleValue: Double { Double(self) }
    public var int64Value: Int64 { self }
    public static func makeStorage(_ values: [Int64]) -> TensorStorage { .int64(values) }
    public static func values(in storage: TensorStorage) -> [Int64]? {
        if case .int64(let v) = storage { v } else { nil }
    }
}

/// The narrower integers: converted through `Int64`, then wrapped.
protocol NarrowInteger: FixedWidthInteger, TensorElement {}

extension NarrowInteger {
    public init(convertingDouble value: Double) { self.init(truncatingIfNeeded: Int64(convertingDouble: value)) }
    public init(convertingInt64 value: Int64) { self.init(truncatingIfNeeded: value) }
    public var doubleValue: Double { Double(self) }
    public var int64Value: Int64 { Int64(self) }
}

extension Int32: NarrowInteger {
    public static var dtype: DType { .int32 }
    public static func makeStorage(_ values: [Int32]) -> TensorStorage { .int32(values) }
    public static func values(in storage: TensorStorage) -> [Int32]? {
        if case .int32(let v) = storage { v } else { nil }
    }
}

extension Int16: NarrowInteger {
    public static var dtype: DType { .int16 }
    public static func makeStorage(_ values: [Int16]) -> TensorStorage { .int16(values) }
    public static func values(in storage: TensorStorage) -> [Int16]? {
        if case .int16(let v) = storage { v } else { nil }
    }
}

extension Int8: NarrowInteger {
    public static var dtype: DType { .int8 }
    public static func makeStorage(_ values: [Int8]) -> TensorStorage { .int8(values) }
    public static func values(in storage: TensorStorage) -> [Int8]? {
        if case .int8(let v) = storage { v } else { nil }
    }
}

extension UInt8: NarrowInteger {
    public static var dtype: DType { .uint8 }
    public static func makeStorage(_ values: [UInt8]) -> TensorStorage { .uint8(values) }
    public static func values(in storage: TensorStorage) -> [UInt8]? {
        if case .uint8(let v) = storage { v } else { nil }
    }
}

extension Float: TensorElement {
    public static var dtype: DType { .float32 }
    public init(convertingDouble value: Double) { self = Float(value) }
    public init(convertingInt64 value: Int64) { self = Float(value) }
    public var doubleValue: Double { Double(self) }
    public var int64Value: Int64 { Int64(convertingDouble: Double(self)) }
    public static func makeStorage(_ values: [Float]) -> TensorStorage { .float32(values) }
    public static func values(in storage: TensorStorage) -> [Float]? {
        if case .float32(let v) = storage { v } else { nil }
    }
}

extension Double: TensorElement {
    public static var dtype: DType { .float64 }
    public init(convertingDouble value: Double) { self = value }
    public init(convertingInt64 value: Int64) { self = Double(value) }
    public var doubleValue: Double { self }
    public var int64Value: Int64 { Int64(convertingDouble: self) }
    public static func makeStorage(_ values: [Double]) -> TensorStorage { .float64(values) }
    public static func values(in storage: TensorStorage) -> [Double]? {
        if case .float64(let v) = storage { v } else { nil }
    }
}

extension Float16: TensorElement {
    public static var dtype: DType { .float16 }
    public init(convertingDouble value: Double) { self = Float16(Float(value)) }
    public init(convertingInt64 value: Int64) { self = Float16(Float(value)) }
    public var doubleValue: Double { Double(widened) }
    public var int64Value: Int64 { Int64(convertingDouble: doubleValue) }
    public static func makeStorage(_ values: [Float16]) -> TensorStorage { .float16(values) }
    public static func values(in storage: TensorStorage) -> [Float16]? {
        if case .float16(let v) = storage { v } else { nil }
    }
}

extension BFloat16: TensorElement {
    public static var dtype: DType { .bfloat16 }
    public init(convertingDouble value: Double) { self.init(Float(value)) }
    public init(convertingInt64 value: Int64) { self.init(Float(value)) }
    public var doubleValue: Double { Double(floatValue) }
    public var int64Value: Int64 { Int64(convertingDouble: doubleValue) }
    public static func makeStorage(_ values: [BFloat16]) -> TensorStorage { .bfloat16(values) }
    public static func values(in storage: TensorStorage) -> [BFloat16]? {
        if case .bfloat16(let v) = storage { v } else { nil }
    }
}
