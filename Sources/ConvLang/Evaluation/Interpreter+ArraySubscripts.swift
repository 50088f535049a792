import ConvEngine
import Foundation

/// Subscripts of NumPy arrays: NumPy's basic indexing. Integers, slices (negative steps
/// included: `w[:, :, ::-1, ::-1]`), `None` and `...` select a view over the same
/// elements; an integer for every dimension selects a NumPy scalar (a copy). Assigning
/// writes through the view into the shared elements.
extension Interpreter {
    /// `array[items]`.
    func arrayItem(_ box: ArrayBox, _ items: [IndexItem], at range: SourceRange) throws(Diagnostic) -> Value {
        let t = box.tensor
        if box.isScalar { throw Diagnostic(.index, "invalid index to scalar variable.", range) }
        let indices = try arrayIndices(items, of: t, at: range)
        let view = try engine(at: range) { () throws(EngineError) in try t.indexed(indices, negativeSteps: true) }
        let integers = indices.filter { if case .integer = $0 { true } else { false } }.count
        if integers == t.rank, integers == indices.count { return .ndarray(ArrayBox(scalar: view)) }
        return .array(view)
    }

    /// `array[items] = value`: `value` (a number, a list, an array, a NumPy scalar or a
    /// tensor) broadcast to the selection and converted to the array's dtype.
    func setArrayItem(_ box: ArrayBox, _ items: [IndexItem], _ value: Value, at range: SourceRange) throws(Diagnostic) {
        let t = box.tensor
        if box.isScalar { throw Diagnostic(.type, "'\(Value.ndarray(box).typeName)' object does not support item assignment", range) }
        let indices = try arrayIndices(items, of: t, at: range)
        let target = try engine(at: range) { () throws(EngineError) in try t.indexed(indices, negativeSteps: true) }
        var source: Tensor
        switch value {
        case .int(let i):
            if t.dtype.isIntegral { try NumpyPromotion.checkFits(i, t.dtype, at: range) }
            try engine(at: range) { () throws(EngineError) in try target.fill(.int(i)) }
            return
        case .float(let d):
            if !t.dtype.isFloatingPoint, t.dtype != .bool, !d.isFinite {
                throw Diagnostic(.value, d.isNaN ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer", range)
            }
            try engine(at: range) { () throws(EngineError) in try target.fill(.double(d)) }
            return
        case .bool(let b):
            try engine(at: range) { () throws(EngineError) in try target.fill(.bool(b)) }
            return
        case .none where t.dtype.isFloatingPoint:
            try engine(at: range) { () throws(EngineError) in try target.fill(.double(.nan)) }
            return
        case .string(let text) where t.dtype != .bool:
            // NumPy parses the text as the array's kind of number.
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if t.dtype.isFloatingPoint {
                guard let d = Double(trimmed) else { throw Diagnostic(.value, "could not convert string to float: \(value.reprText)", range) }
                try engine(at: range) { () throws(EngineError) in try target.fill(.double(d)) }
            } else {
                guard let i = Int64(trimmed) else { throw Diagnostic(.value, "invalid literal for int() with base 10: \(value.reprText)", range) }
                try NumpyPromotion.checkFits(i, t.dtype, at: range)
                try engine(at: range) { () throws(EngineError) in try target.fill(.int(i)) }
            }
            return
        default:
            source = try ArrayConversion.tensor(value, at: range)
        }
        // NumPy drops leading dimensions of size 1 that the selection does not have.
        var sizes = source.shape.dimensions
        while sizes.count > target.rank, sizes.first == 1 { sizes.removeFirst() }
        let fits = sizes.count <= target.rank && zip(sizes.reversed(), target.shape.dimensions.reversed()).allSatisfy { $0 == $1 || $0 == 1 }
        guard fits else {
            throw Diagnostic(.value, "could not broadcast input array from shape \(source.shape.numpyText) into shape \(target.shape.numpyText)", range)
        }
        if source.sharesStorage(with: t) { source = source.clone() }
        let fitted = source
        try engine(at: range) { () throws(EngineError) in
            try target.copyIn(try fitted.reshaped(sizes), expanding: true)
        }
    }

    /// The subscript as engine indices, checked with NumPy's messages.
    private func arrayIndices(_ items: [IndexItem], of t: Tensor, at range: SourceRange) throws(Diagnostic) -> [TensorIndex] {
        var indices: [TensorIndex] = []
        for item in items {
            switch item {
            case .slice(let start, let stop, let step, _):
                indices.append(.slice(start: try arraySliceBound(start), stop: try arraySliceBound(stop), step: try arraySliceBound(step)))
            case .index(let value, let indexRange):
                if case .tuple(let inner) = value {
                    for v in inner { indices.append(try arrayIndex(v, at: indexRange)) }
                } else {
                    indices.append(try arrayIndex(value, at: indexRange))
                }
            }
        }
        // NumPy's checks, in its words: one ellipsis at most, how many dimensions are
        // indexed, then each integer against the size of the axis it lands on.
        guard indices.filter({ $0 == .ellipsis }).count <= 1 else {
            throw Diagnostic(.index, "an index can only have a single ellipsis ('...')", range)
        }
        let consuming = indices.filter { if case .integer = $0 { true } else if case .slice = $0 { true } else { false } }.count
        guard consuming <= t.rank else {
            throw Diagnostic(.index, "too many indices for array: array is \(t.rank)-dimensional, but \(consuming) were indexed", range)
        }
        var axis = 0
        for index in indices {
            switch index {
            case .integer(let i):
                let size = t.shape[axis]
                guard i >= -size, i < size else {
                    throw Diagnostic(.index, "index \(i) is out of bounds for axis \(axis) with size \(size)", range)
                }
                axis += 1
            case .slice: axis += 1
            case .ellipsis: axis += t.rank - consuming
            case .newAxis: break
            case .tensor:
                throw Diagnostic(.notImplemented, "indexing NumPy arrays with arrays or lists of positions is not supported by ConvLab yet", range)
            }
        }
        return indices
    }

    private func arrayIndex(_ value: Value, at range: SourceRange) throws(Diagnostic) -> TensorIndex {
        switch value {
        case .int(let i): return .integer(Int(i))
        case .none: return .newAxis
        case .ellipsis: return .ellipsis
        case .slice(let start, let stop, let step): return .slice(start: start, stop: stop, step: step)
        case .ndarray(let box) where box.tensor.rank == 0 && box.tensor.dtype.isIntegral:
            return .integer(box.tensor.integerItem ?? 0)
        case .bool, .list, .ndarray, .tensor:
            throw Diagnostic(.notImplemented, "indexing arrays with booleans, lists or arrays (NumPy's advanced indexing) is not part of ConvLang", range,
                             note: "use integers, slices, None and ..., which give views")
        default:
            throw Diagnostic(.index, "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices", range)
        }
    }

    private func arraySliceBound(_ bound: IndexItem.Bound?) throws(Diagnostic) -> Int? {
        guard let bound else { return nil }
        switch bound.value {
        case .none: return nil
        case .int(let i): return Int(i)
        case .ndarray(let box) where box.tensor.rank == 0 && box.tensor.dtype.isIntegral: return box.tensor.integerItem
        case let other:
            throw Diagnostic(.type, "slice indices must be integers or None or have an __index__ method", bound.range,
                             note: "got \(other.typeName)")
        }
    }
}

extension Interpreter {
    /// The items of an array along its first axis, as iterating over it gives them:
    /// views of the rows, or NumPy scalars for a one-dimensional array.
    func arrayRows(_ box: ArrayBox, at range: SourceRange) throws(Diagnostic) -> [Value] {
        let t = box.tensor
        guard t.rank > 0, !box.isScalar else { throw Diagnostic(.type, "iteration over a 0-d array", range) }
        var rows: [Value] = []
        for i in 0..<t.shape[0] {
            let row = try engine(at: range) { () throws(EngineError) in try t.indexed([.integer(i)]) }
            rows.append(t.rank == 1 ? .ndarray(ArrayBox(scalar: row)) : .array(row))
        }
        return rows
    }
}
