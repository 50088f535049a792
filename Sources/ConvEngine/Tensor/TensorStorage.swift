/// The elements of a tensor, contiguous and row-major, in one typed array.
///
/// Swift arrays give copy-on-write: a tensor copied and then changed copies its
/// elements once, and views that are never written share nothing mutable.
public enum TensorStorage: Sendable, Hashable {
    case bool([Bool])
    case int64([Int64])
    case float32([Float])
    case float64([Double])

    /// The element type.
    public var dtype: DType {
        switch self {
        case .bool: .bool
        case .int64: .int64
        case .float32: .float32
        case .float64: .float64
        }
    }

    /// The number of elements.
    public var count: Int {
        switch self {
        case .bool(let v): v.count
        case .int64(let v): v.count
        case .float32(let v): v.count
        case .float64(let v): v.count
        }
    }

    /// `count` copies of `value`, converted to `dtype`.
    public static func filled(with value: Double, count: Int, dtype: DType) -> TensorStorage {
        switch dtype {
        case .bool: .bool([Bool](repeating: value != 0, count: count))
        case .int64: .int64([Int64](repeating: Int64(convertingDouble: value), count: count))
        case .float32: .float32([Float](repeating: Float(value), count: count))
        case .float64: .float64([Double](repeating: value, count: count))
        }
    }

    /// The element at `index` as a double.
    public func double(at index: Int) -> Double {
        switch self {
        case .bool(let v): v[index] ? 1 : 0
        case .int64(let v): Double(v[index])
        case .float32(let v): Double(v[index])
        case .float64(let v): v[index]
        }
    }

    /// Every element as a double.
    public var doubles: [Double] { elements(as: Double.self) }

    /// Every element converted to `E` (no copy when the types already match).
    public func elements<E: TensorElement>(as type: E.Type) -> [E] {
        if let same = E.values(in: self) { return same }
        switch self {
        case .bool(let v): return v.map { E(convertingDouble: $0 ? 1 : 0) }
        case .int64(let v): return v.map { E(convertingDouble: Double($0)) }
        case .float32(let v): return v.map { E(convertingDouble: Double($0)) }
        case .float64(let v): return v.map { E(convertingDouble: $0) }
        }
    }

    /// The same elements converted to `dtype`, as PyTorch's `.to(dtype)` casts.
    public func converted(to dtype: DType) -> TensorStorage {
        if dtype == self.dtype { return self }
        switch dtype {
        case .bool: return .bool(elements(as: Bool.self))
        case .int64: return .int64(elements(as: Int64.self))
        case .float32: return .float32(elements(as: Float.self))
        case .float64: return .float64(elements(as: Double.self))
        }
    }

    /// The elements at `indices`, in that order. Every layout operation (permute,
    /// flip, slicing, padding) is an index map followed by this one gather.
    public func gathering(_ indices: [Int]) -> TensorStorage {
        switch self {
        case .bool(let v): .bool(indices.map { v[$0] })
        case .int64(let v): .int64(indices.map { v[$0] })
        case .float32(let v): .float32(indices.map { v[$0] })
        case .float64(let v): .float64(indices.map { v[$0] })
        }
    }

    /// Like ``gathering(_:)``, but a negative index stands for `fill` (constant padding).
    public func gathering(_ indices: [Int], fill: Double) -> TensorStorage {
        switch self {
        case .bool(let v):
            let f = fill != 0
            return .bool(indices.map { $0 < 0 ? f : v[$0] })
        case .int64(let v):
            let f = Int64(convertingDouble: fill)
            return .int64(indices.map { $0 < 0 ? f : v[$0] })
        case .float32(let v):
            let f = Float(fill)
            return .float32(indices.map { $0 < 0 ? f : v[$0] })
        case .float64(let v):
            return .float64(indices.map { $0 < 0 ? fill : v[$0] })
        }
    }

    /// Writes `source[i]` to position `indices[i]` of `self`, converting to this dtype.
    public mutating func scatter(_ source: TensorStorage, to indices: [Int]) {
        precondition(source.count == indices.count)
        switch self {
        case .bool(var v):
            let s = source.elements(as: Bool.self)
            for (i, target) in indices.enumerated() { v[target] = s[i] }
            self = .bool(v)
        case .int64(var v):
            let s = source.elements(as: Int64.self)
            for (i, target) in indices.enumerated() { v[target] = s[i] }
            self = .int64(v)
        case .float32(var v):
            let s = source.elements(as: Float.self)
            for (i, target) in indices.enumerated() { v[target] = s[i] }
            self = .float32(v)
        case .float64(var v):
            let s = source.elements(as: Double.self)
            for (i, target) in indices.enumerated() { v[target] = s[i] }
            self = .float64(v)
        }
    }

    /// Storage of `dtype` holding `values` after conversion.
    public static func converting(_ values: [Double], to dtype: DType) -> TensorStorage {
        TensorStorage.float64(values).converted(to: dtype)
    }
}
