import ConvEngine

extension ArrayArithmetic {
    /// `a @ b` for arrays of one or two dimensions (`np.matmul`): a vector is a row on
    /// the left and a column on the right, and that dimension is dropped from the result.
    /// Floats accumulate in their own precision, integers wrap at their width.
    /// - Throws: NumPy's ValueErrors for scalars and mismatched inner sizes; an interrupt
    ///   when `cancellation` is raised (checked row by row).
    static func matmul(_ a: Tensor, _ b: Tensor, cancellation: CancellationFlag? = nil, at range: SourceRange) throws(Diagnostic) -> Tensor {
        let signature = "gufunc core with signature (n?,k),(k,m?)->(n?,m?)"
        for (i, t) in [a, b].enumerated() where t.rank == 0 {
            throw Diagnostic(.value, "matmul: Input operand \(i) does not have enough dimensions (has 0, \(signature) requires 1)", range)
        }
        guard a.rank <= 2, b.rank <= 2 else {
            throw Diagnostic(.notImplemented, "ConvLang's @ on arrays takes 1-D and 2-D operands; got \(a.rank)-D and \(b.rank)-D", range)
        }
        let (rows, inner) = a.rank == 2 ? (a.shape[0], a.shape[1]) : (1, a.shape[0])
        let (innerB, columns) = b.rank == 2 ? (b.shape[0], b.shape[1]) : (b.shape[0], 1)
        guard inner == innerB else {
            throw Diagnostic(.value, "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size \(innerB) is different from \(inner))", range)
        }
        let dtype = NumpyPromotion.promote(a.dtype, b.dtype)
        var shape: [Int] = []
        if a.rank == 2 { shape.append(rows) }
        if b.rank == 2 { shape.append(columns) }
        try engine(range) { () throws(EngineError) in try EngineLimits.checkElementCount(TensorShape([rows, columns])) }
        let x = a.converted(to: dtype).contiguousStorage, y = b.converted(to: dtype).contiguousStorage
        func product<T>(_ p: [T], _ q: [T], zero: T, _ multiplyAdd: (T, T, T) -> T) throws(Diagnostic) -> [T] {
            var out = [T](repeating: zero, count: rows * columns)
            for i in 0..<rows {
                if cancellation?.isCancelled == true { throw Diagnostic(.interrupt, "", range) }
                for j in 0..<columns {
                    var total = zero
                    for k in 0..<inner { total = multiplyAdd(total, p[i * inner + k], q[k * columns + j]) }
                    out[i * columns + j] = total
                }
            }
            return out
        }
        let storage: TensorStorage
        switch dtype {
        case .float64:
            storage = .float64(try product(x.elements(as: Double.self), y.elements(as: Double.self), zero: 0) { $0 + $1 * $2 })
        case .float32, .float16, .bfloat16:
            let values = try product(x.elements(as: Float.self), y.elements(as: Float.self), zero: 0) { $0 + $1 * $2 }
            storage = TensorStorage.float32(values).converted(to: dtype)
        case .bool:
            storage = .bool(try product(x.elements(as: Bool.self), y.elements(as: Bool.self), zero: false) { $0 || ($1 && $2) })
        default:
            let values = try product(x.elements(as: Int64.self), y.elements(as: Int64.self), zero: 0) { $0 &+ $1 &* $2 }
            storage = TensorStorage.int64(values).converted(to: dtype)
        }
        return try engine(range) { () throws(EngineError) in try Tensor(shape: shape, checkedStorage: storage) }
    }
}
