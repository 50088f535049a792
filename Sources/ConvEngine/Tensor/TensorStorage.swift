/// Elements in one typed Swift array, row-major: what a ``TensorBuffer`` holds, what
/// the compute kernels read and write, and how a tensor's values leave the engine.
///
/// Code that works on any dtype goes through ``StorageReader`` / ``StorageWriter``
/// (one `switch` over the cases, here), so a new dtype is added in one place.
public enum TensorStorage: Sendable, Hashable {
    case bool([Bool])
    case uint8([UInt8])
    case int8([Int8])
    case int16([Int16])
    case int32([Int32])
    case int64([Int64])
    case float16([Float16])
    case bfloat16([BFloat16])
    case float32([Float])
    case float64([Double])

    /// Runs `reader` on the typed array inside.
    public func read<R: StorageReader>(_ reader: R) -> R.Result {
        switch self {
        case .bool(let v): reader.read(v)
        case .uint8(let v): reader.read(v)
        case .int8(let v): reader.read(v)
        case .int16(let v): reader.read(v)
        case .int32(let v): reader.read(v)
        case .int64(let v): reader.read(v)
        case .float16(let v): reader.read(v)
        case .bfloat16(let v): reader.read(v)
        case .float32(let v): reader.read(v)
        case .float64(let v): reader.read(v)
        }
    }

    /// Runs `writer` on the typed array inside, in place: the array is taken out of
    /// the enum first so that it is uniquely referenced and not copied.
    public mutating func write<W: StorageWriter>(_ writer: W) {
        switch self {
        case .bool(var v): self = .bool([]); writer.write(&v); self = .bool(v)
        case .uint8(var v): self = .bool([]); writer.write(&v); self = .uint8(v)
        case .int8(var v): self = .bool([]); writer.write(&v); self = .int8(v)
        case .int16(var v): self = .bool([]); writer.write(&v); self = .int16(v)
        case .int32(var v): self = .bool([]); writer.write(&v); self = .int32(v)
        case .int64(var v): self = .bool([]); writer.write(&v); self = .int64(v)
        case .float16(var v): self = .bool([]); writer.write(&v); self = .float16(v)
        case .bfloat16(var v): self = .bool([]); writer.write(&v); self = .bfloat16(v)
        case .float32(var v): self = .bool([]); writer.write(&v); self = .float32(v)
        case .float64(var v): self = .bool([]); writer.write(&v); self = .float64(v)
        }
    }

    /// The element type.
    public var dtype: DType { read(DTypeReader()) }

    /// The number of elements.
    public var count: Int { read(CountReader()) }

    /// `count` copies of `value`, converted to `dtype` as PyTorch casts (integers exactly).
    public static func filled(with value: Scalar, count: Int, dtype: DType) -> TensorStorage {
        dtype.makeStorage(ScalarFill(value: value, count: count))
    }

    /// `count` copies of a double, converted to `dtype`.
    public static func filled(with value: Double, count: Int, dtype: DType) -> TensorStorage {
        filled(with: .double(value), count: count, dtype: dtype)
    }

    /// The element at `index` as a double.
    public func double(at index: Int) -> Double { read(ElementAt(index: index)).doubleValue }

    /// The element at `index` as a ``Scalar``: integers exactly, floats as doubles.
    public func scalar(at index: Int) -> Scalar { read(ElementAt(index: index)) }

    /// Every element as a double.
    public var doubles: [Double] { elements(as: Double.self) }

    /// Every element converted to `E` (no copy when the types already match).
    public func elements<E: TensorElement>(as type: E.Type) -> [E] {
        if let same = E.values(in: self) { return same }
        return read(Converter<E>())
    }

    /// The same elements converted to `dtype`, as PyTorch's `.to(dtype)` casts.
    public func converted(to dtype: DType) -> TensorStorage {
        if dtype == self.dtype { return self }
        return dtype.makeStorage(ConvertedFrom(source: self))
    }

    /// The elements at `indices`, in that order.
    public func gathering(_ indices: [Int]) -> TensorStorage { read(Gather(indices: indices, fill: nil)) }

    /// Like ``gathering(_:)``, but a negative index stands for `fill` (constant padding).
    public func gathering(_ indices: [Int], fill: Double) -> TensorStorage {
        read(Gather(indices: indices, fill: .double(fill)))
    }

    /// Writes `source[i]` to position `indices[i]` of `self`, converting to this dtype.
    public mutating func scatter(_ source: TensorStorage, to indices: [Int]) {
        precondition(source.count == indices.count)
        write(ScatterIndices(source: source, indices: indices))
    }

    /// Storage of `dtype` holding `values` after conversion.
    public static func converting(_ values: [Double], to dtype: DType) -> TensorStorage {
        TensorStorage.float64(values).converted(to: dtype)
    }

    /// Storage of `dtype` holding integer `values` after conversion (exact, wrapping
    /// when `dtype` is narrower).
    public static func converting(_ values: [Int64], to dtype: DType) -> TensorStorage {
        TensorStorage.int64(values).converted(to: dtype)
    }
}

/// Reads the typed array inside a ``TensorStorage``, whatever its dtype.
public protocol StorageReader {
    associatedtype Result
    func read<E: TensorElement>(_ values: [E]) -> Result
}

/// Changes the typed array inside a ``TensorStorage`` in place, whatever its dtype.
public protocol StorageWriter {
    func write<E: TensorElement>(_ values: inout [E])
}

/// Makes storage of one dtype from a generic recipe.
protocol StorageMaker {
    func make<E: TensorElement>(_ type: E.Type) -> [E]
}

extension DType {
    /// The Swift element type's storage, made by `maker`.
    func makeStorage<M: StorageMaker>(_ maker: M) -> TensorStorage {
        switch self {
        case .bool: .bool(maker.make(Bool.self))
        case .uint8: .uint8(maker.make(UInt8.self))
        case .int8: .int8(maker.make(Int8.self))
        case .int16: .int16(maker.make(Int16.self))
        case .int32: .int32(maker.make(Int32.self))
        case .int64: .int64(maker.make(Int64.self))
        case .float16: .float16(maker.make(Float16.self))
        case .bfloat16: .bfloat16(maker.make(BFloat16.self))
        case .float32: .float32(maker.make(Float.self))
        case .float64: .float64(maker.make(Double.self))
        }
    }
}

extension Scalar {
    /// The value converted to element type `E` as PyTorch casts a Python number.
    func converted<E: TensorElement>(to type: E.Type) -> E {
        switch self {
        case .bool(let b): E(convertingInt64: b ? 1 : 0)
        case .int(let i): E(convertingInt64: i)
        case .double(let d): E(convertingDouble: d)
        }
    }
}

private struct DTypeReader: StorageReader {
    func read<E: TensorElement>(_ values: [E]) -> DType { E.dtype }
}

private struct CountReader: StorageReader {
    func read<E: TensorElement>(_ values: [E]) -> Int { values.count }
}

private struct ElementAt: StorageReader {
    let index: Int
    func read<E: TensorElement>(_ values: [E]) -> Scalar {
        let value = values[index]
        if E.dtype == .bool { return .bool(value.int64Value != 0) }
        return E.dtype.isFloatingPoint ? .double(value.doubleValue) : .int(value.int64Value)
    }
}

private struct ScalarFill: StorageMaker {
    let value: Scalar, count: Int
    func make<E: TensorElement>(_ type: E.Type) -> [E] { [E](repeating: value.converted(to: E.self), count: count) }
}

private struct Converter<Target: TensorElement>: StorageReader {
    func read<E: TensorElement>(_ values: [E]) -> [Target] {
        if E.self == Float.self, Target.self == Double.self {
            return (values as! [Float]).map { Double($0) } as! [Target]
        }
        if E.self == Double.self, Target.self == Float.self {
            return (values as! [Double]).map { Float($0) } as! [Target]
        }
        return values.map { Target.converted(from: $0) }
    }
}

private struct ConvertedFrom: StorageMaker {
    let source: TensorStorage
    func make<E: TensorElement>(_ type: E.Type) -> [E] { source.read(Converter<E>()) }
}

private struct Gather: StorageReader {
    let indices: [Int], fill: Scalar?
    func read<E: TensorElement>(_ values: [E]) -> TensorStorage {
        guard let fill else {
            return values.withUnsafeBufferPointer { v in E.makeStorage(indices.map { v[$0] }) }
        }
        let f = fill.converted(to: E.self)
        return values.withUnsafeBufferPointer { v in E.makeStorage(indices.map { $0 < 0 ? f : v[$0] }) }
    }
}

/// Writes `source[i]` to position `indices[i]`.
struct ScatterIndices: StorageWriter {
    let source: TensorStorage, indices: [Int]
    func write<E: TensorElement>(_ values: inout [E]) {
        let s = source.elements(as: E.self)
        values.withUnsafeMutableBufferPointer { v in
            for (i, target) in indices.enumerated() { v[target] = s[i] }
        }
    }
}
