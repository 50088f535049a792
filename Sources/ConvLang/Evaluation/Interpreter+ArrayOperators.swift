import ConvEngine

/// The operators when a NumPy array or scalar is an operand: NumPy's arithmetic among
/// arrays, Python numbers and lists; and what Python does when arrays meet tensors.
///
/// Tensors and arrays together follow real PyTorch and NumPy, quirks included:
/// `tensor op array` hands both to NumPy and wraps the result as a tensor (so NumPy's
/// dtype rules decide: `float32_tensor + float64_array` is float64); `array / tensor`
/// is the tensor's reciprocal times the array; `array == tensor` compares; the other
/// `array op tensor` forms and every ordering comparison raise Python's TypeError. A
/// NumPy scalar with a tensor acts as a Python number.
extension Interpreter {
    /// `lhs op rhs` when an array or NumPy scalar is involved, else nil.
    func arrayBinary(_ op: String, _ lhs: Value, _ rhs: Value, at range: SourceRange) throws(Diagnostic) -> Value? {
        guard lhs.isNumpy || rhs.isNumpy else { return nil }
        switch (lhs, rhs) {
        case (.tensor, .ndarray(let box)) where box.isScalar:
            return try binary(op, lhs, box.pythonValue, at: range)
        case (.ndarray(let box), .tensor) where box.isScalar:
            return try binary(op, box.pythonValue, rhs, at: range)
        case (.tensor(let t), .ndarray(let a)):
            guard let operation = ArrayOperator(rawValue: op), ["+", "-", "*", "/", "**"].contains(op) else {
                throw Self.unsupported(op, lhs, rhs, at: range)
            }
            let x = try ArrayConversion.numpyView(of: t, at: range)
            return .tensor(try ArrayArithmetic.apply(operation, .array(x), .array(a.tensor), at: range))
        case (.ndarray(let a), .tensor(let t)):
            if op == "+" {
                throw Diagnostic(.type, "Concatenation operation is not implemented for NumPy arrays, use np.concatenate() instead. Please do not rely on this error; it may not be given on all Python implementations.", range)
            }
            guard op == "/" else { throw Self.unsupported(op, lhs, rhs, at: range) }
            let x = try ArrayConversion.numpyView(of: t, at: range)
            let reciprocal = try engine(at: range) { () throws(EngineError) in try Tensor.apply(.divide, .scalar(.int(1)), .tensor(x)) }
            return .tensor(try ArrayArithmetic.apply(.multiply, .array(reciprocal), .array(a.tensor), at: range))
        default:
            break
        }
        guard let a = try arrayOperand(lhs, at: range), let b = try arrayOperand(rhs, at: range) else {
            throw Self.unsupported(op, lhs, rhs, at: range)
        }
        if op == "@" {
            guard case .array(let x) = a, case .array(let y) = b else {
                throw Diagnostic(.value, "matmul: Input operand \(a.shape.isEmpty ? 0 : 1) does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)", range)
            }
            return .arrayResult(try ArrayArithmetic.matmul(x, y, cancellation: cancellation, at: range))
        }
        guard let operation = ArrayOperator(rawValue: op) else { throw Self.unsupported(op, lhs, rhs, at: range) }
        return .arrayResult(try ArrayArithmetic.apply(operation, a, b, at: range))
    }

    /// `lhs op rhs` for comparisons when an array or NumPy scalar is involved, else nil.
    /// `x in a` is whether some element of `a` equals `x`.
    func arrayCompare(_ op: String, _ lhs: Value, _ rhs: Value, at range: SourceRange) throws(Diagnostic) -> Value? {
        if op == "in" || op == "not in", case .ndarray(let box) = rhs, !box.isScalar {
            guard let needle = try arrayOperand(lhs, at: range) else { return .bool(op == "not in") }
            let equal = try ArrayArithmetic.compare(.equal, needle, .array(box.tensor), at: range)
            return .bool(equal.elements(as: Bool.self).contains(true) == (op == "in"))
        }
        guard lhs.isNumpy || rhs.isNumpy, let comparison = Comparison(rawValue: op) else { return nil }
        switch (lhs, rhs) {
        case (.tensor, .ndarray(let box)) where box.isScalar:
            return try compare(op, lhs, box.pythonValue, at: range)
        case (.ndarray(let box), .tensor) where box.isScalar:
            return try compare(op, box.pythonValue, rhs, at: range)
        case (.tensor(let t), .ndarray(let a)), (.ndarray(let a), .tensor(let t)):
            guard comparison == .equal || comparison == .notEqual else {
                throw Diagnostic(.type, "'\(op)' not supported between instances of '\(lhs.typeName)' and '\(rhs.typeName)'", range)
            }
            let x = try ArrayConversion.numpyView(of: t, at: range)
            return .tensor(try ArrayArithmetic.compare(comparison, .array(x), .array(a.tensor), at: range))
        default:
            break
        }
        guard let a = try arrayOperand(lhs, at: range), let b = try arrayOperand(rhs, at: range) else {
            if comparison == .equal || comparison == .notEqual { return .bool(comparison == .notEqual) }
            throw Diagnostic(.type, "'\(op)' not supported between instances of '\(lhs.typeName)' and '\(rhs.typeName)'", range)
        }
        return .arrayResult(try ArrayArithmetic.compare(comparison, a, b, at: range))
    }

    /// `-a`, `+a`, `~a` of an array or NumPy scalar, else nil.
    func arrayUnary(_ op: String, _ value: Value, at range: SourceRange) throws(Diagnostic) -> Value? {
        guard case .ndarray(let box) = value else { return nil }
        switch op {
        case "-": return .arrayResult(try ArrayArithmetic.negative(box.tensor, at: range))
        case "+": return .arrayResult(box.tensor.clone())
        case "~": return .arrayResult(try ArrayArithmetic.invert(box.tensor, at: range))
        default: return nil
        }
    }

    /// `a op= b` on an array: the result written back into `a`'s elements, which every
    /// view and tensor sharing them sees.
    /// - Throws: NumPy's UFuncTypeError when the result's dtype cannot be cast to the
    ///   array's (`int_array += 1.5`), and its ValueError when broadcasting would change
    ///   the array's shape.
    func arrayAugmentedAssign(_ box: ArrayBox, _ op: String, _ rhs: Value, at range: SourceRange) throws(Diagnostic) {
        guard let operation = ArrayOperator(rawValue: op) else {
            throw Diagnostic(.type, "unsupported operand type(s) for \(op)=: '\(Value.ndarray(box).typeName)' and '\(rhs.typeName)'", range)
        }
        let other: ArrayOperand
        if case .tensor(let t) = rhs {
            other = .array(try ArrayConversion.numpyView(of: t, at: range))
        } else if let operand = try arrayOperand(rhs, at: range) {
            other = operand
        } else {
            throw Diagnostic(.type, "unsupported operand type(s) for \(op)=: '\(Value.ndarray(box).typeName)' and '\(rhs.typeName)'", range)
        }
        let target = box.tensor
        let result = try ArrayArithmetic.apply(operation, .array(target), other, at: range)
        guard NumpyPromotion.canCastSameKind(result.dtype, to: target.dtype) else {
            throw Diagnostic(.type, "Cannot cast ufunc '\(operation.ufuncName)' output from dtype('\(result.dtype.numpyName)') to dtype('\(target.dtype.numpyName)') with casting rule 'same_kind'", range, kind: "UFuncTypeError")
        }
        guard result.shape == target.shape else {
            throw Diagnostic(.value, "non-broadcastable output operand with shape \(target.shape.numpyText) doesn't match the broadcast shape \(result.shape.numpyText)", range)
        }
        try engine(at: range) { () throws(EngineError) in try target.copyIn(result.converted(to: target.dtype)) }
    }

    /// A value as a NumPy operand: arrays and NumPy scalars strong, Python numbers weak,
    /// lists and tuples made arrays; nil for anything else.
    func arrayOperand(_ value: Value, at range: SourceRange) throws(Diagnostic) -> ArrayOperand? {
        switch value {
        case .ndarray(let box): return .array(box.tensor)
        case .bool(let b): return .python(.bool(b))
        case .int(let i): return .python(.int(i))
        case .float(let d): return .python(.double(d))
        case .list, .tuple: return .array(try ArrayConversion.fromSequence(value, at: range))
        default: return nil
        }
    }

    private static func unsupported(_ op: String, _ lhs: Value, _ rhs: Value, at range: SourceRange) -> Diagnostic {
        let shown = op == "**" ? "** or pow()" : op
        return Diagnostic(.type, "unsupported operand type(s) for \(shown): '\(lhs.typeName)' and '\(rhs.typeName)'", range)
    }
}

extension Value {
    /// Whether this is a NumPy array or scalar.
    var isNumpy: Bool {
        if case .ndarray = self { true } else { false }
    }
}

extension ArrayBox {
    /// A NumPy scalar's value as the Python number `item()` gives.
    var pythonValue: Value {
        switch tensor.scalar(at: 0) {
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .double(let d): .float(d)
        }
    }
}
