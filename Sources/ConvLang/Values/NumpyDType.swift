import ConvEngine

/// A NumPy dtype: what `a.dtype` and `np.dtype('float32')` give (printed `float32`, shown
/// `dtype('float32')`), or a scalar type such as `np.float32` (shown
/// `<class 'numpy.float32'>`, and callable: `np.float32(0.5)`). Both compare equal to
/// each other when they name the same type, as in NumPy.
public struct NumpyDType: Sendable, Hashable {
    public let dtype: DType
    /// Whether this is the scalar type (`np.float32`) rather than a dtype instance.
    public let isScalarType: Bool

    public init(_ dtype: DType, isScalarType: Bool = false) {
        self.dtype = dtype
        self.isScalarType = isScalarType
    }

    /// `str(dtype)`.
    public var strText: String { isScalarType ? reprText : dtype.numpyName }
    /// `repr(dtype)`.
    public var reprText: String { isScalarType ? "<class 'numpy.\(dtype.numpyName)'>" : "dtype('\(dtype.numpyName)')" }
    /// Python's `type(x)` name.
    public var typeName: String { isScalarType ? "type" : "numpy.dtypes.\(dtype.numpyClassName)" }
}

extension DType {
    /// NumPy's name for the type (`float32`, `int64`, `bool`).
    public var numpyName: String { rawValue }

    /// The class NumPy 2 gives the dtype (`Float32DType`).
    var numpyClassName: String {
        switch self {
        case .bool: "BoolDType"
        case .uint8: "UInt8DType"
        case .int8: "Int8DType"
        case .int16: "Int16DType"
        case .int32: "Int32DType"
        case .int64: "Int64DType"
        case .float16: "Float16DType"
        case .bfloat16: "BFloat16DType"
        case .float32: "Float32DType"
        case .float64: "Float64DType"
        }
    }

    /// The dtype of a NumPy name (`'float32'`, `'float'`, `'int'`, `'bool'`, `'f4'`).
    init?(numpyName name: String) {
        let aliases: [String: DType] = [
            "float": .float64, "double": .float64, "f8": .float64, "f4": .float32, "single": .float32, "half": .float16,
            "f2": .float16, "int": .int64, "i8": .int64, "long": .int64, "i4": .int32, "intc": .int32, "i2": .int16,
            "short": .int16, "i1": .int8, "byte": .int8, "u1": .uint8, "ubyte": .uint8, "bool_": .bool, "?": .bool,
        ]
        if let dtype = aliases[name] {
            self = dtype
        } else if let dtype = DType(rawValue: name), dtype != .bfloat16 {
            self = dtype
        } else {
            return nil
        }
    }
}
