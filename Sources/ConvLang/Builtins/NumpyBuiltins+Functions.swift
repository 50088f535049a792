import ConvEngine

/// `numpy.*` functions that take arrays: flips, comparisons of whole arrays, memory
/// questions, and the function forms of the array methods.
extension NumpyBuiltins {
    static let functions: [Builtin] = [
        Builtin("numpy.flip", "m, axis=None",
                summary: "A view of m with the order of elements reversed along axis (every axis when None): negative strides, no copy.",
                example: "np.flip(k, axis=(2, 3))") { (call) throws(Diagnostic) in
            let t = try call.arrayTensor("m")
            let axes = try ArrayReductions.normalizedAxes(try call.dims("axis"), rank: t.rank, at: call.range)
            let items: [TensorIndex] = (0..<t.rank).map { axes.contains($0) ? .slice(start: nil, stop: nil, step: -1) : .all }
            return .array(try call.engine { () throws(EngineError) in try t.indexed(items, negativeSteps: true) })
        },
        Builtin("numpy.array_equal", "a1, a2, equal_nan=False", summary: "Whether both have the same shape and equal elements.",
                example: "np.array_equal(a, b)") { (call) throws(Diagnostic) in
            let (a, b) = (try call.arrayTensor("a1"), try call.arrayTensor("a2"))
            guard a.shape == b.shape else { return .bool(false) }
            let equal = try ArrayArithmetic.compare(.equal, .array(a), .array(b), at: call.range).elements(as: Bool.self)
            if try call.bool("equal_nan") {
                let (x, y) = (a.doubles, b.doubles)
                return .bool(equal.indices.allSatisfy { equal[$0] || (x[$0].isNaN && y[$0].isNaN) })
            }
            return .bool(equal.allSatisfy { $0 })
        },
        Builtin("numpy.allclose", "a, b, rtol=1e-05, atol=1e-08, equal_nan=False",
                summary: "Whether every |a - b| <= atol + rtol * |b| (broadcast), computed in the arrays' float type.",
                example: "np.allclose(a, b)") { (call) throws(Diagnostic) in
            .bool(try isClose(call).elements(as: Bool.self).allSatisfy { $0 })
        },
        Builtin("numpy.isclose", "a, b, rtol=1e-05, atol=1e-08, equal_nan=False",
                summary: "Elementwise: whether |a - b| <= atol + rtol * |b|.", example: "np.isclose(a, b)") { (call) throws(Diagnostic) in
            .arrayResult(try isClose(call))
        },
        Builtin("numpy.shares_memory", "a, b", summary: "Whether a and b (arrays or tensors) have an element in common.",
                example: "np.shares_memory(a, t.numpy())") { (call) throws(Diagnostic) in
            let (a, b) = (try call.arrayTensor("a"), try call.arrayTensor("b"))
            guard a.sharesStorage(with: b), let x = a.layout.storageSpan, let y = b.layout.storageSpan, x.overlaps(y) else {
                return .bool(false)
            }
            return .bool(!Set(a.layout.flatIndices()).isDisjoint(with: b.layout.flatIndices()))
        },
        Builtin("numpy.may_share_memory", "a, b", summary: "Whether the memory bounds of a and b overlap.",
                example: "np.may_share_memory(a, a[::2])") { (call) throws(Diagnostic) in
            let (a, b) = (try call.arrayTensor("a"), try call.arrayTensor("b"))
            guard a.sharesStorage(with: b), let x = a.layout.storageSpan, let y = b.layout.storageSpan else { return .bool(false) }
            return .bool(x.overlaps(y))
        },
        Builtin("numpy.reshape", "a, shape", summary: "a in a new shape (a view when possible).", example: "np.reshape(a, (2, 3))") { (call) throws(Diagnostic) in
            .array(try ArrayMethodBuiltins.reshaped(try call.arrayTensor("a"), try call.ints("shape"), at: call.range))
        },
        Builtin("numpy.transpose", "a, axes=None", summary: "a with its axes reordered (reversed by default). A view.",
                example: "np.transpose(a)") { (call) throws(Diagnostic) in
            let t = try call.arrayTensor("a")
            guard let axes = try call.dims("axes") else { return .array(t.reversedDimensions) }
            return .array(try ArrayMethodBuiltins.permuted(t, axes, at: call.range))
        },
        reduction(.sum), reduction(.mean), reduction(.max), reduction(.min), reduction(.any), reduction(.all),
    ]

    private static func reduction(_ kind: ArrayReductions.Kind) -> Builtin {
        Builtin("numpy.\(kind.rawValue)", "a, axis=None, keepdims=False", summary: "a.\(kind.rawValue)(axis=axis) for an array or anything np.asarray takes.",
                example: "np.\(kind.rawValue)(a, axis=0)") { (call) throws(Diagnostic) in
            try ArrayMethodBuiltins.reduce(kind, try call.arrayTensor("a"), &call)
        }
    }

    /// NumPy's `isclose`: `|a - b| <= atol + rtol * |b|` in the promoted float type, true
    /// where the values are equal, NaNs equal only with `equal_nan`.
    private static func isClose(_ call: Call) throws(Diagnostic) -> Tensor {
        let (a, b) = (try call.arrayTensor("a"), try call.arrayTensor("b"))
        let (rtol, atol, equalNaN) = (try call.double("rtol"), try call.double("atol"), try call.bool("equal_nan"))
        var dtype = NumpyPromotion.promote(a.dtype, b.dtype)
        if !dtype.isFloatingPoint { dtype = .float64 }
        let shape = try ArrayArithmetic.broadcastShape(a.shape.dimensions, b.shape.dimensions, at: call.range)
        let (x, y) = try ArrayArithmetic.expanded(a.converted(to: dtype), b.converted(to: dtype), to: shape, at: call.range)
        func close<T: BinaryFloatingPoint>(_ p: [T], _ q: [T]) -> [Bool] {
            zip(p, q).map { x, y in
                if x.isNaN || y.isNaN { return equalNaN && x.isNaN && y.isNaN }
                if x == y { return true }
                return Swift.abs(x - y) <= T(atol) + T(rtol) * Swift.abs(y) && y.isFinite
            }
        }
        let result = dtype == .float64 ? close(x.elements(as: Double.self), y.elements(as: Double.self))
            : close(x.elements(as: Float.self), y.elements(as: Float.self))
        return try call.engine { () throws(EngineError) in try Tensor(shape: shape.dimensions, elements: result) }
    }
}
