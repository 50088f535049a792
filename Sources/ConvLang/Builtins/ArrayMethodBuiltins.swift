import ConvEngine

/// The methods of NumPy arrays and scalars (`a.reshape(2, 3)`, `a.copy()`, `a.sum()`),
/// with NumPy's view-or-copy behaviour and NumPy's error messages.
enum ArrayMethodBuiltins {
    typealias Body = @Sendable (ArrayBox, inout Call) throws(Diagnostic) -> Value

    static let methods: [String: Builtin] = Dictionary(
        definitions.map { d in
            (d.name, Builtin("ndarray.\(d.name)", d.parameters, summary: d.summary, example: d.example) { (call) throws(Diagnostic) in
                try d.body(call.selfArray(), &call)
            })
        }, uniquingKeysWith: { a, _ in a })

    struct Definition {
        var name: String
        var parameters: String
        var summary: String
        var example: String
        var body: Body
    }

    static func def(_ name: String, _ parameters: String, _ summary: String, _ example: String, _ body: @escaping Body) -> Definition {
        Definition(name: name, parameters: parameters, summary: summary, example: example, body: body)
    }

    static let definitions: [Definition] = shaping + converting + reductions

    static let shaping: [Definition] = [
        def("reshape", "*shape", "The same elements in a new shape (one size may be -1): a view when the strides allow it, else a copy.", "a.reshape(2, -1)") { box, call throws(Diagnostic) in
            let shape = try call.sizes("shape")
            return .array(try reshaped(box.tensor, shape, at: call.range))
        },
        def("flatten", "", "A one-dimensional copy of the elements, row by row.", "a.flatten()") { box, call throws(Diagnostic) in
            let copy = box.tensor.clone()
            return .array(try call.engine { () throws(EngineError) in try copy.reshaped([copy.count]) })
        },
        def("ravel", "", "The elements in one dimension: a view of a row-major (C-contiguous) array, else a copy.", "a.ravel()") { box, call throws(Diagnostic) in
            let t = box.tensor.isContiguous ? box.tensor : box.tensor.clone()
            return .array(try call.engine { () throws(EngineError) in try t.reshaped([t.count]) })
        },
        def("transpose", "*axes", "The axes reordered (reversed when none are given). A view.", "a.transpose(1, 0, 2)") { box, call throws(Diagnostic) in
            let t = box.tensor
            guard call.has("axes") else { return box.isScalar ? .ndarray(box) : .array(t.reversedDimensions) }
            return .array(try permuted(t, try call.sizes("axes"), at: call.range))
        },
        def("swapaxes", "axis1, axis2", "Two axes exchanged. A view.", "a.swapaxes(0, 1)") { box, call throws(Diagnostic) in
            let t = box.tensor
            var order = Array(0..<t.rank)
            let axes = try ArrayReductions.normalizedAxes([try call.int("axis1")], rank: t.rank, at: call.range)
                + ArrayReductions.normalizedAxes([try call.int("axis2")], rank: t.rank, at: call.range)
            order.swapAt(axes[0], axes[1])
            return .array(try permuted(t, order, at: call.range))
        },
        def("squeeze", "axis=None", "Without the axes of size 1 (or only those listed). A view.", "a.squeeze()") { box, call throws(Diagnostic) in
            let t = box.tensor
            let axes = try ArrayReductions.normalizedAxes(try call.dims("axis"), rank: t.rank, at: call.range)
            if call.has("axis"), axes.contains(where: { t.shape[$0] != 1 }) {
                throw Diagnostic(.value, "cannot select an axis to squeeze out which has size not equal to one", call.range)
            }
            let drop = axes.filter { t.shape[$0] == 1 }
            let sizes = t.shape.dimensions.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
            return .array(try call.engine { () throws(EngineError) in try t.reshaped(sizes) })
        },
    ]

    static let converting: [Definition] = [
        def("copy", "", "A copy with its own elements, in row-major order.", "k[:, :, ::-1, ::-1].copy()") { box, _ in
            box.isScalar ? .ndarray(box) : .array(box.tensor.clone())
        },
        def("astype", "dtype", "A copy converted to dtype (floats to integers truncate toward zero).", "a.astype(np.float32)") { box, call throws(Diagnostic) in
            guard let dtype = try call.numpyDType("dtype") else { throw call.typeError("dtype", expected: "a data type") }
            let converted = box.tensor.clone().converted(to: dtype)
            return box.isScalar ? .arrayResult(converted) : .array(converted)
        },
        def("tolist", "", "The elements as nested Python lists of Python numbers.", "a.tolist()") { box, _ in
            Value(box.tensor.toNestedList())
        },
        def("item", "*args", "One element as a Python number: the only one, or the one at a flat position or an index.", "a.item(0)") { box, call throws(Diagnostic) in
            let t = box.tensor
            let position = try call.sizes("args")
            var flat = 0
            switch position.count {
            case 0:
                guard t.count == 1 else { throw Diagnostic(.value, "can only convert an array of size 1 to a Python scalar", call.range) }
            case 1:
                guard position[0] >= -t.count, position[0] < t.count else { throw Diagnostic(.index, "index \(position[0]) is out of bounds for size \(t.count)", call.range) }
                flat = position[0] < 0 ? position[0] + t.count : position[0]
            default:
                guard position.count == t.rank else { throw Diagnostic(.value, "incorrect number of indices for array", call.range) }
                for (axis, i) in position.enumerated() {
                    guard i >= -t.shape[axis], i < t.shape[axis] else {
                        throw Diagnostic(.index, "index \(i) is out of bounds for axis \(axis) with size \(t.shape[axis])", call.range)
                    }
                    flat = flat * t.shape[axis] + (i < 0 ? i + t.shape[axis] : i)
                }
            }
            return ArrayBox(scalar: Tensor(scalar: t.scalar(at: flat), dtype: t.dtype)).pythonValue
        },
        def("fill", "value", "Every element set to value, in place.", "a.fill(0)") { box, call throws(Diagnostic) in
            guard let value = call.interpreter.scalar(call["value"]) else {
                throw call.typeError("value", expected: "a number")
            }
            let t = box.tensor
            try call.engine { () throws(EngineError) in try t.fill(value) }
            return .none
        },
    ]

    static let reductions: [Definition] = [
        reduction(.sum, "The sum of the elements, or along axis (integers and bools sum to int64)."),
        reduction(.mean, "The mean of the elements, or along axis (float64 for integers)."),
        reduction(.max, "The largest element, or along axis (NaN wins)."),
        reduction(.min, "The smallest element, or along axis (NaN wins)."),
        reduction(.any, "Whether any element is true (non-zero), or along axis."),
        reduction(.all, "Whether every element is true (non-zero), or along axis."),
    ]

    private static func reduction(_ kind: ArrayReductions.Kind, _ summary: String) -> Definition {
        def(kind.rawValue, "axis=None, keepdims=False", summary, "a.\(kind.rawValue)(axis=0)") { box, call throws(Diagnostic) in
            try reduce(kind, box.tensor, &call)
        }
    }

    /// A reduction with `axis=` and `keepdims=` read from the call.
    static func reduce(_ kind: ArrayReductions.Kind, _ t: Tensor, _ call: inout Call) throws(Diagnostic) -> Value {
        let axes = try call.dims("axis"), keep = try call.bool("keepdims")
        return .arrayResult(try ArrayReductions.reduce(kind, t, axes: axes, keepDims: keep, at: call.range))
    }

    /// NumPy's `reshape`, with its messages.
    static func reshaped(_ t: Tensor, _ requested: [Int], at range: SourceRange) throws(Diagnostic) -> Tensor {
        // Any negative size is the one NumPy infers.
        let shape = requested.map { $0 < 0 ? -1 : $0 }
        if shape.filter({ $0 == -1 }).count > 1 { throw Diagnostic(.value, "can only specify one unknown dimension", range) }
        let known = TensorShape(shape.filter { $0 != -1 }).elementCount
        let fits = shape.contains(-1) ? (known != 0 && t.count % known == 0) : known == t.count
        guard fits else {
            let written = "(" + shape.map { $0 == -1 ? "newaxis" : String($0) }.joined(separator: ",") + (shape.count == 1 ? ",)" : ")")
            throw Diagnostic(.value, "cannot reshape array of size \(t.count) into shape \(written)", range)
        }
        return try ArrayArithmetic.engine(range) { () throws(EngineError) in try t.reshaped(shape) }
    }

    /// NumPy's `transpose(axes)`, with its messages.
    static func permuted(_ t: Tensor, _ axes: [Int], at range: SourceRange) throws(Diagnostic) -> Tensor {
        guard axes.count == t.rank else { throw Diagnostic(.value, "axes don't match array", range) }
        var wrapped: [Int] = []
        for axis in axes {
            guard axis >= -t.rank, axis < t.rank else {
                throw Diagnostic(.index, "axis \(axis) is out of bounds for array of dimension \(t.rank)", range, kind: "AxisError")
            }
            wrapped.append(axis < 0 ? axis + t.rank : axis)
        }
        guard Set(wrapped).count == wrapped.count else { throw Diagnostic(.value, "repeated axis in transpose", range) }
        return try ArrayArithmetic.engine(range) { () throws(EngineError) in try t.permuted(wrapped) }
    }
}
