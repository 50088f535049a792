import ConvEngine
import Foundation

extension Interpreter {
    /// A value as an elementwise operand: a tensor, or a Python number.
    func operand(_ value: Value) -> Operand? {
        switch value {
        case .tensor(let box): .tensor(box.tensor)
        case .int(let i): .scalar(.int(i))
        case .float(let d): .scalar(.double(d))
        case .bool(let b): .scalar(.bool(b))
        default: nil
        }
    }

    func unary(_ op: String, _ value: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        if let result = try arrayUnary(op, value, at: range) { return result }
        switch (op, value) {
        case ("-", .int(let i)): return .int(try Self.exact(Int64(0).subtractingReportingOverflow(i), at: range))
        case ("-", .float(let d)): return .float(-d)
        case ("-", .bool(let b)): return .int(b ? -1 : 0)
        case ("+", .int), ("+", .float): return value
        case ("+", .bool(let b)): return .int(b ? 1 : 0)
        case ("~", .int(let i)): return .int(~i)
        case ("~", .bool(let b)): return .int(b ? -2 : -1)
        case ("-", .tensor(let box)):
            return .tensor(try engine(at: range) { () throws(EngineError) in try box.tensor.negated() })
        case ("+", .tensor): return value
        case ("~", .tensor(let box)):
            if box.tensor.dtype == .bool {
                return .tensor(try engine(at: range) { () throws(EngineError) in
                    try Tensor(shape: box.tensor.shape.dimensions, elements: box.tensor.elements(as: Bool.self).map { !$0 })
                })
            }
            if box.tensor.dtype == .int64 {
                return .tensor(try engine(at: range) { () throws(EngineError) in
                    try Tensor(shape: box.tensor.shape.dimensions, elements: box.tensor.elements(as: Int64.self).map { ~$0 })
                })
            }
            throw Diagnostic(.type, "~ (bitwise not) is only defined for integer and bool tensors, not \(box.tensor.dtype.torchName)", range)
        default:
            if let result = try instanceUnary(op, value, at: range) { return result }
            throw Diagnostic(.type, "bad operand type for unary \(op): '\(value.typeName)'", range)
        }
    }

    func binary(_ op: String, _ lhs: Value, _ rhs: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        if case .instance = rhs, case .tensor = lhs, let result = try instanceBinary(op, lhs, rhs, at: range) { return result }
        if case .instance = lhs, let result = try instanceBinary(op, lhs, rhs, at: range) { return result }
        if op == "%", case .string(let template) = lhs { return .string(try PercentFormat.format(template, rhs, at: range)) }
        if ["|", "&", "-", "^"].contains(op), DictViewAlgebra.isSetLike(lhs) || DictViewAlgebra.isSetLike(rhs) {
            let setLike: (Value) -> Bool = { if case .set = $0 { true } else { DictViewAlgebra.isSetLike($0) } }
            if setLike(lhs) || setLike(rhs) {
                return .set(try DictViewAlgebra.apply(op, lhs, rhs, OperatorContext(interpreter: self, range: range)))
            }
        }
        if case .set(let a) = lhs, case .set(let b) = rhs, ["|", "&", "-", "^"].contains(op) {
            return .set(try SetMethods.binary(op, a, b, inPlace: false, OperatorContext(interpreter: self, range: range)))
        }
        if op == "|", case .dict(let a) = lhs, case .dict(let b) = rhs { return .dict(DictMethods.merged(a, b, inPlace: false)) }
        if let result = try arrayBinary(op, lhs, rhs, at: range) { return result }
        if case .tensor = lhs, true { return try checkRecorded(tensorBinary(op, lhs, rhs, at: range), inputs: [lhs, rhs], operation: op, at: range) }
        if case .tensor = rhs { return try checkRecorded(tensorBinary(op, lhs, rhs, at: range), inputs: [lhs, rhs], operation: op, at: range) }
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)):
            return try integerBinary(op, a, b, at: range)
        case (.bool, _), (_, .bool):
            if let a = numeric(lhs), let b = numeric(rhs) {
                if case .int(let x) = a, case .int(let y) = b {
                    if ["&", "|", "^"].contains(op), case .bool(let p) = lhs, case .bool(let q) = rhs {
                        return .bool(op == "&" ? p && q : op == "|" ? p || q : p != q)
                    }
                    return try integerBinary(op, x, y, at: range)
                }
                return try floatBinary(op, a.asDouble, b.asDouble, at: range)
            }
        case (.int, .float), (.float, .int), (.float, .float):
            return try floatBinary(op, numeric(lhs)!.asDouble, numeric(rhs)!.asDouble, at: range)
        case (.string(let a), .string(let b)) where op == "+": return .string(try Self.concatenated(a, b, at: range))
        case (.list(let a), .list(let b)) where op == "+": return .newList(try Self.concatenated(a.items, b.items, typeName: "list", at: range))
        case (.tuple(let a), .tuple(let b)) where op == "+": return .tuple(try Self.concatenated(a, b, typeName: "tuple", at: range))
        case (.list(let a), .int(let n)) where op == "*": return .newList(try Self.repeated(a.items, n, typeName: "list", at: range))
        case (.tuple(let a), .int(let n)) where op == "*": return .tuple(try Self.repeated(a, n, typeName: "tuple", at: range))
        case (.string(let a), .int(let n)) where op == "*": return .string(try Self.repeated(a, n, at: range))
        case (.instance, _), (_, .instance):
            if let result = try instanceBinary(op, lhs, rhs, at: range) { return result }
        default: break
        }
        // CPython's sequence concatenation words, when the right side has no `__radd__`.
        let reflects = switch rhs { case .tensor, .ndarray, .instance: true; default: false }
        if op == "+", ["str", "list", "tuple"].contains(lhs.typeName), !reflects {
            throw Diagnostic(.type, "can only concatenate \(lhs.typeName) (not \"\(rhs.typeName)\") to \(lhs.typeName)", range)
        }
        throw Diagnostic(.type, "unsupported operand type(s) for \(op): '\(lhs.typeName)' and '\(rhs.typeName)'", range)
    }

    private func numeric(_ value: Value) -> Value? {
        switch value {
        case .int, .float: value
        case .bool(let b): .int(b ? 1 : 0)
        default: nil
        }
    }

    /// An integer result, or an OverflowError where Python's unbounded int would go
    /// beyond 64 bits.
    static func exact(_ result: (partialValue: Int64, overflow: Bool), at range: SourceRange) throws(Diagnostic) -> Int64 {
        if result.overflow { throw Diagnostic(.value, "integer result too large for ConvLang (64-bit integers)", range, kind: "OverflowError") }
        return result.partialValue
    }

    private func integerBinary(_ op: String, _ a: Int64, _ b: Int64, at range: SourceRange) throws(Diagnostic) -> Value {
        func checked(_ result: (partialValue: Int64, overflow: Bool)) throws(Diagnostic) -> Value {
            .int(try Self.exact(result, at: range))
        }
        switch op {
        case "+": return try checked(a.addingReportingOverflow(b))
        case "-": return try checked(a.subtractingReportingOverflow(b))
        case "*": return try checked(a.multipliedReportingOverflow(by: b))
        case "/":
            guard b != 0 else { throw Diagnostic(.zeroDivision, "division by zero", range) }
            return .float(Double(a) / Double(b))
        case "//", "%":
            guard b != 0 else { throw Diagnostic(.zeroDivision, "integer division or modulo by zero", range) }
            // Python floors; Swift truncates. Only Int64.min // -1 overflows (its
            // remainder is 0).
            let remainder = a.remainderReportingOverflow(dividingBy: b).partialValue
            let floorsBelow = remainder != 0 && (remainder < 0) != (b < 0)
            if op == "%" { return .int(floorsBelow ? remainder + b : remainder) }
            let quotient = try Self.exact(a.dividedReportingOverflow(by: b), at: range)
            return .int(floorsBelow ? quotient - 1 : quotient)
        case "**":
            if b < 0 { return .float(pow(Double(a), Double(b))) }
            // By squaring: a step per bit of the exponent, so (-1) ** 10**18 is quick too.
            var (result, base, exponent): (Int64, Int64, Int64) = (1, a, b)
            while exponent > 0 {
                if exponent & 1 == 1 { result = try Self.exact(result.multipliedReportingOverflow(by: base), at: range) }
                exponent >>= 1
                if exponent > 0 { base = try Self.exact(base.multipliedReportingOverflow(by: base), at: range) }
            }
            return .int(result)
        case "&": return .int(a & b)
        case "|": return .int(a | b)
        case "^": return .int(a ^ b)
        case "@": throw Diagnostic(.type, "unsupported operand type(s) for @: 'int' and 'int'", range)
        default: throw Diagnostic(.syntax, "unknown operator \(op)", range)
        }
    }

    private func floatBinary(_ op: String, _ a: Double, _ b: Double, at range: SourceRange) throws(Diagnostic) -> Value {
        switch op {
        case "+": return .float(a + b)
        case "-": return .float(a - b)
        case "*": return .float(a * b)
        case "/":
            guard b != 0 else { throw Diagnostic(.zeroDivision, "float division by zero", range) }
            return .float(a / b)
        case "//":
            guard b != 0 else { throw Diagnostic(.zeroDivision, "float floor division by zero", range) }
            return .float((a / b).rounded(.down))
        case "%":
            guard b != 0 else { throw Diagnostic(.zeroDivision, "float modulo", range) }
            let r = a.truncatingRemainder(dividingBy: b)
            return .float(r != 0 && (r < 0) != (b < 0) ? r + b : r)
        case "**": return .float(pow(a, b))
        default: throw Diagnostic(.type, "unsupported operand type(s) for \(op): 'float' and 'float'", range)
        }
    }

    private func tensorBinary(_ op: String, _ lhs: Value, _ rhs: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        guard let a = operand(lhs), let b = operand(rhs) else {
            throw Diagnostic(.type, "unsupported operand type(s) for \(op): '\(lhs.typeName)' and '\(rhs.typeName)'", range)
        }
        let operations: [String: BinaryOperation] = ["+": .add, "-": .subtract, "*": .multiply, "/": .divide, "**": .power]
        if let operation = operations[op] {
            return .tensor(try engine(at: range) { () throws(EngineError) in try Tensor.apply(operation, a, b) })
        }
        if let operation = FloorDivision(rawValue: op) {
            return .tensor(try engine(at: range) { () throws(EngineError) in try Tensor.apply(operation, a, b) })
        }
        switch op {
        case "@":
            guard case .tensor(let x) = lhs, case .tensor(let y) = rhs else {
                throw Diagnostic(.type, "unsupported operand type(s) for @: '\(lhs.typeName)' and '\(rhs.typeName)'", range)
            }
            return .tensor(try engine(at: range) { () throws(EngineError) in try x.tensor.matmul(y.tensor, cancellation: cancellation) })
        case "&", "|", "^":
            let x = a.tensorValue, y = b.tensorValue
            guard x.dtype == .bool || x.dtype == .int64, y.dtype == .bool || y.dtype == .int64 else {
                throw Diagnostic(.type, "ConvLang's \(op) works on bool tensors (masks); got \(x.dtype.torchName) and \(y.dtype.torchName)", range)
            }
            let operation = LogicalOperation(rawValue: op)!
            return .tensor(try engine(at: range) { () throws(EngineError) in try Tensor.logical(operation, x, y) })
        default:
            throw Diagnostic(.type, "the operator \(op) on tensors is not part of ConvLang", range)
        }
    }

    func compare(_ op: String, _ lhs: Value, _ rhs: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        let outer = pendingError
        pendingError = nil
        defer { pendingError = outer }
        let result = try compareValues(op, lhs, rhs, at: range)
        if let error = pendingError { throw error.placed(at: range) }
        return result
    }

    private func compareValues(_ op: String, _ lhs: Value, _ rhs: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        switch (lhs, rhs) {
        case (.instance, _), (_, .instance):
            if op == "in" || op == "not in", case .instance(let container) = rhs {
                let found = try instanceContains(container, lhs, at: range)
                return .bool(op == "in" ? found : !found)
            }
            if let result = try instanceCompare(op, lhs, rhs, at: range) { return result }
        default: break
        }
        if let result = try arrayCompare(op, lhs, rhs, at: range) { return result }
        let comparisons: [String: Comparison] = ["==": .equal, "!=": .notEqual, "<": .less, "<=": .lessEqual, ">": .greater, ">=": .greaterEqual]
        if let comparison = comparisons[op], case .tensor = lhs, let a = operand(lhs), let b = operand(rhs) {
            return .tensor(try engine(at: range) { () throws(EngineError) in try Tensor.compare(comparison, a, b) })
        }
        if let comparison = comparisons[op], case .tensor = rhs, let a = operand(lhs), let b = operand(rhs) {
            return .tensor(try engine(at: range) { () throws(EngineError) in try Tensor.compare(comparison, a, b) })
        }
        switch op {
        case "==": return .bool(try Self.equal(lhs, rhs, at: range))
        case "!=": return .bool(!(try Self.equal(lhs, rhs, at: range)))
        case "is": return .bool(Value.identical(lhs, rhs))
        case "is not": return .bool(!Value.identical(lhs, rhs))
        case "in", "not in":
            let found: Bool
            switch rhs {
            case .list(let list): found = try Self.contains(list.items, lhs, at: range)
            case .tuple(let items): found = try Self.contains(items, lhs, at: range)
            case .dict(let dict): found = dict.index(of: try Self.hashable(lhs, at: range)) != nil
            case .size(let dims): found = dims.contains { Self.keysEqual(.int(Int64($0)), lhs) }
            case .range(let r):
                if case .int(let i) = lhs { found = r.contains(i) }
                else if case .bool(let b) = lhs { found = r.contains(b ? 1 : 0) }
                else if case .float(let d) = lhs, let i = Int64(exactly: d) { found = r.contains(i) }
                else { found = false }
            case .string(let s):
                guard case .string(let t) = lhs else {
                    throw Diagnostic(.type, "'in <string>' requires string as left operand, not \(lhs.typeName)", range)
                }
                found = t.isEmpty || !StringMethods.occurrences(of: Array(t.unicodeScalars), in: Array(s.unicodeScalars), fromRight: false, limit: 1).isEmpty
            case .set(let set): found = set.contains(try Self.hashable(lhs, at: range))
            case .dictView(let dict, .keys): found = dict.index(of: try Self.hashable(lhs, at: range)) != nil
            case .dictView, .iterator:
                let needle = lhs
                found = try forEach(in: rhs, at: range) { (item) throws(Diagnostic) -> Flow? in
                    try Self.equal(item, needle, at: range) ? .next : nil
                } != nil
            default: throw Diagnostic(.type, "argument of type '\(rhs.typeName)' is not iterable", range)
            }
            return .bool(op == "in" ? found : !found)
        default:
            break
        }
        if let order = try sequenceOrder(op, lhs, rhs, at: range) { return .bool(order) }
        let order: Bool?
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)):
            // By code points, as Python compares strings (not by Unicode equivalence).
            let x = a.unicodeScalars.map(\.value), y = b.unicodeScalars.map(\.value)
            let less = x.lexicographicallyPrecedes(y), greater = y.lexicographicallyPrecedes(x)
            order = op == "<" ? less : op == "<=" ? !greater : op == ">" ? greater : !less
        default:
            if let a = numeric(lhs)?.asDouble, let b = numeric(rhs)?.asDouble {
                order = op == "<" ? a < b : op == "<=" ? a <= b : op == ">" ? a > b : a >= b
            } else {
                order = nil
            }
        }
        guard let order else {
            throw Diagnostic(.type, "'\(op)' not supported between instances of '\(lhs.typeName)' and '\(rhs.typeName)'", range)
        }
        return .bool(order)
    }
}

extension Interpreter {
    /// `<`, `<=`, `>`, `>=` between two lists or two tuples (by their first unequal
    /// items, then by length) and between two sets (subset and superset); `nil` for
    /// other operands.
    func sequenceOrder(_ op: String, _ lhs: Value, _ rhs: Value, at range: SourceRange) throws(Diagnostic) -> Bool? {
        if case .set(let a) = lhs, case .set(let b) = rhs {
            switch op {
            case "<=": return SetMethods.isSubset(a, b)
            case "<": return a.count < b.count && SetMethods.isSubset(a, b)
            case ">=": return SetMethods.isSubset(b, a)
            default: return b.count < a.count && SetMethods.isSubset(b, a)
            }
        }
        let x: [Value], y: [Value]
        switch (lhs, rhs) {
        case (.list(let a), .list(let b)): (x, y) = (a.items, b.items)
        case (.tuple(let a), .tuple(let b)): (x, y) = (a, b)
        case (.size, .size), (.size, .tuple), (.tuple, .size):
            (x, y) = (try items(of: lhs, at: range), try items(of: rhs, at: range))
        default: return nil
        }
        for (a, b) in zip(x, y) where !(try Self.equal(a, b, at: range)) {
            return try compare(op, a, b, at: range).truthValue(at: range)
        }
        switch op {
        case "<": return x.count < y.count
        case "<=": return x.count <= y.count
        case ">": return x.count > y.count
        default: return x.count >= y.count
        }
    }
}

extension Value {
    var asNumber: Double? {
        switch self {
        case .int(let i): Double(i)
        case .float(let d): d
        case .bool(let b): b ? 1 : 0
        default: nil
        }
    }

    var asDouble: Double { asNumber ?? .nan }
}

extension Operand {
    var tensorValue: Tensor {
        switch self {
        case .tensor(let t): t
        case .scalar(let s): Tensor(scalar: s)
        }
    }
}
