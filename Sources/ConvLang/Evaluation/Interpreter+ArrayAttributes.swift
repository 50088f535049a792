import ConvEngine

/// The attributes of NumPy arrays, scalars and dtypes (methods are in
/// ``ArrayMethodBuiltins``).
extension Interpreter {
    /// `array.name` for a field, or nil when `name` is not one.
    func arrayField(_ box: ArrayBox, _ name: String) -> Value? {
        let t = box.tensor
        func tuple(_ values: [Int]) -> Value { .tuple(values.map { .int(Int64($0)) }) }
        switch name {
        case "shape": return tuple(t.shape.dimensions)
        case "dtype": return .numpyDType(NumpyDType(t.dtype))
        case "ndim": return .int(Int64(t.rank))
        case "size": return .int(Int64(t.count))
        case "itemsize": return .int(Int64(t.dtype.itemSize))
        case "nbytes": return .int(Int64(t.count * t.dtype.itemSize))
        // NumPy counts strides in bytes.
        case "strides": return tuple(t.strides.map { $0 &* t.dtype.itemSize })
        case "T": return box.isScalar ? .ndarray(box) : .array(t.reversedDimensions)
        default: return nil
        }
    }

    /// `dtype.name` for a NumPy dtype's fields.
    func numpyDTypeField(_ d: NumpyDType, _ name: String) -> Value? {
        switch name {
        case "name": .string(d.dtype.numpyName)
        case "itemsize": .int(Int64(d.dtype.itemSize))
        case "type": .numpyDType(NumpyDType(d.dtype, isScalarType: true))
        default: nil
        }
    }

    /// The attribute names of an array, for completion and "did you mean".
    static let arrayFieldNames = ["shape", "dtype", "ndim", "size", "itemsize", "nbytes", "strides", "T"]
}
