import ConvEngine

/// `numpy.*`: the NumPy the articles use. Arrays are values of their own (``ArrayBox``):
/// `np.array` copies, `np.asarray` shares, and both follow NumPy's dtypes (Python floats
/// make float64 arrays, Python ints int64).
enum NumpyBuiltins {
    static let all: [Builtin] = creation + NumpyBuiltins.functions

    /// `np.float32`, `np.int64`, ...: the scalar types, which are also dtypes; and the
    /// constants (`np.True_`, `np.pi`, `np.nan`, `np.newaxis`).
    static let scalarTypes: [String: Value] = {
        var names: [String: Value] = [:]
        for dtype in DType.allCases where dtype != .bfloat16 {
            names[dtype.numpyName] = .numpyDType(NumpyDType(dtype, isScalarType: true))
        }
        names["bool_"] = .numpyDType(NumpyDType(.bool, isScalarType: true))
        names["double"] = .numpyDType(NumpyDType(.float64, isScalarType: true))
        names["single"] = .numpyDType(NumpyDType(.float32, isScalarType: true))
        names["half"] = .numpyDType(NumpyDType(.float16, isScalarType: true))
        names["True_"] = .ndarray(ArrayBox(scalar: Tensor(scalar: .bool(true))))
        names["False_"] = .ndarray(ArrayBox(scalar: Tensor(scalar: .bool(false))))
        names["pi"] = .float(Double.pi)
        names["e"] = .float(2.718281828459045)
        names["inf"] = .float(.infinity)
        names["nan"] = .float(.nan)
        names["newaxis"] = Value.none  // NumPy's `newaxis` is None (`.none` alone would remove the name)
        return names
    }()

    static let creation: [Builtin] = [
        Builtin("numpy.array", "object, dtype=None, copy=True",
                summary: "A new array holding a copy of object (a list, a tuple, an array, a tensor or a number). Without dtype: bools stay bool, integers give int64, floats float64, an array or tensor keeps its dtype.",
                example: "np.array(conv.state_dict().get('weight'))[:, :, ::-1, ::-1].copy()") { (call) throws(Diagnostic) in
            let source = try call.arrayTensor("object")
            let dtype = try call.numpyDType("dtype")
            let copy = try call["copy"].truthValue(at: call.range(of: "copy"))
            if !copy, case .ndarray(let box) = call["object"], dtype == nil || dtype == box.tensor.dtype, !box.isScalar {
                return .ndarray(box)
            }
            return .array(source.clone().converted(to: dtype ?? source.dtype))
        },
        Builtin("numpy.asarray", "a, dtype=None",
                summary: "An array over a's elements without copying when it can: an array is returned as is, a tensor shares its memory (writes show in both); lists are copied.",
                example: "a = np.asarray(t)  # a[0] = 1 changes t") { (call) throws(Diagnostic) in
            let dtype = try call.numpyDType("dtype")
            if case .ndarray(let box) = call["a"], !box.isScalar, dtype == nil || dtype == box.tensor.dtype { return call["a"] }
            let source = try call.arrayTensor("a")
            guard let dtype, dtype != source.dtype else { return .array(source) }
            return .array(source.converted(to: dtype))
        },
        Builtin("numpy.zeros", "shape, dtype=None", summary: "An array of zeros (float64 unless dtype is given).", example: "np.zeros((2, 3))") { (call) throws(Diagnostic) in
            .array(try filled(call, 0))
        },
        Builtin("numpy.ones", "shape, dtype=None", summary: "An array of ones (float64 unless dtype is given).", example: "np.ones(3, dtype=np.float32)") { (call) throws(Diagnostic) in
            .array(try filled(call, 1))
        },
        Builtin("numpy.arange", "start, stop=None, step=None, dtype=None",
                summary: "Values from start up to (not including) stop, step apart, as NumPy fills them: int64 for integer arguments, float64 when one is a float.",
                example: "np.arange(16).reshape(4, 4)") { (call) throws(Diagnostic) in
            .array(try NumpyRanges.arange(call))
        },
        Builtin("numpy.linspace", "start, stop, num=50, endpoint=True, dtype=None",
                summary: "num evenly spaced values from start to stop (included unless endpoint=False), computed in float64.",
                example: "np.linspace(0, 1, 5)") { (call) throws(Diagnostic) in
            .array(try NumpyRanges.linspace(call))
        },
        Builtin("numpy.dtype", "dtype", summary: "A data type from a name or a type: np.dtype('float32').", example: "np.dtype('float32')") { (call) throws(Diagnostic) in
            guard let dtype = try call.numpyDType("dtype") else { throw Diagnostic(.type, "Cannot interpret 'None' as a data type", call.range) }
            return .numpyDType(NumpyDType(dtype))
        },
    ]

    /// `np.zeros` and `np.ones`.
    private static func filled(_ call: Call, _ value: Int64) throws(Diagnostic) -> Tensor {
        let dtype = try call.numpyDType("dtype") ?? .float64
        let sizes: [Int]
        switch call["shape"] {
        case .int(let n): sizes = [Int(n)]
        case .list, .tuple:
            var out: [Int] = []
            for item in call["shape"].listOrTupleItems ?? [] {
                guard case .int(let n) = item else {
                    throw Diagnostic(.type, "'\(item.typeName)' object cannot be interpreted as an integer", call.range(of: "shape"))
                }
                out.append(Int(n))
            }
            sizes = out
        case let other:
            throw Diagnostic(.type, "expected a sequence of integers or a single integer, got '\(other.strText)'", call.range(of: "shape"))
        }
        guard sizes.allSatisfy({ $0 >= 0 }) else { throw Diagnostic(.value, "negative dimensions are not allowed", call.range) }
        return try call.engine { () throws(EngineError) in try Tensor.full(sizes, .int(value), dtype: dtype) }
    }

    /// `np.float32(x)`: a NumPy scalar of the type (an array of it from an array).
    static func scalarConstructor(_ type: NumpyDType) -> Builtin {
        Builtin("numpy.\(type.dtype.numpyName)", "x=0", summary: "A NumPy \(type.dtype.numpyName) scalar.", example: "np.\(type.dtype.numpyName)(1)") { (call) throws(Diagnostic) in
            let value: Tensor
            if case .string(let text) = call["x"] {
                guard let d = Double(text) else { throw Diagnostic(.value, "could not convert string to float: \(call["x"].reprText)", call.range) }
                value = Tensor(scalar: .double(d), dtype: .float64)
            } else {
                value = try call.arrayTensor("x")
            }
            return .arrayResult(value.clone().converted(to: type.dtype))
        }
    }
}
