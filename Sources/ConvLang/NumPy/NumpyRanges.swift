import ConvEngine

/// `np.arange` and `np.linspace`, computed as NumPy computes them so the last digits
/// agree: `arange` places `start` and `start + step`, then fills `start + i * delta`
/// in the array's own type with `delta` the difference of the first two; `linspace`
/// multiplies `arange(num)` by the step in float64, adds `start` and places `stop` last.
enum NumpyRanges {
    static func arange(_ call: Call) throws(Diagnostic) -> Tensor {
        var start = try number(call, "start")
        var stop: Scalar
        if case .none = call["stop"] {
            stop = start
            start = .int(0)
        } else {
            stop = try number(call, "stop")
        }
        let step: Scalar = if case .none = call["step"] { .int(1) } else { try number(call, "step") }
        let isFloat = [start, stop, step].contains { if case .double = $0 { true } else { false } }
        let dtype = try call.numpyDType("dtype") ?? (isFloat ? .float64 : .int64)
        guard step.doubleValue != 0 else { throw Diagnostic(.zeroDivision, "division by zero", call.range) }
        let span: Double
        if case .int(let a) = start, case .int(let b) = stop, case .int(let s) = step {
            let (difference, overflow) = b.subtractingReportingOverflow(a)
            span = (overflow ? Double(b) - Double(a) : Double(difference)) / Double(s)
        } else {
            span = (stop.doubleValue - start.doubleValue) / step.doubleValue
        }
        let length = span.isNaN || span <= 0 ? 0 : span.rounded(.up)
        guard length <= Double(EngineContext.current.maxElements) else {
            throw Diagnostic(.limit, "an array of more than \(EngineContext.current.maxElements) elements would be made, ConvLab's limit", call.range)
        }
        let count = Int(length)
        let storage: TensorStorage
        if !dtype.isFloatingPoint, case .int(let a) = start, case .int(let s) = step {
            storage = TensorStorage.int64((0..<count).map { a &+ Int64($0) &* s }).converted(to: dtype)
        } else {
            let first = start.doubleValue
            let second: Double = if case .int(let a) = start, case .int(let s) = step {
                Double(a &+ s)
            } else {
                first + step.doubleValue
            }
            storage = fill(count, first, second, dtype)
        }
        return try call.engine { () throws(EngineError) in try Tensor(shape: [count], checkedStorage: storage) }
    }

    /// NumPy's `fill` of a float array whose first two elements are set.
    private static func fill(_ count: Int, _ first: Double, _ second: Double, _ dtype: DType) -> TensorStorage {
        func values<T: BinaryFloatingPoint>(_ a: T, _ b: T) -> [T] {
            let delta = b - a
            return (0..<count).map { i in i == 0 ? a : i == 1 ? b : a + T(i) * delta }
        }
        switch dtype {
        case .float64: return .float64(values(first, second))
        case .float32: return .float32(values(Float(first), Float(second)))
        default:
            let a = TensorStorage.float64([first]).converted(to: dtype).doubles[0]
            let b = TensorStorage.float64([second]).converted(to: dtype).doubles[0]
            return TensorStorage.float32(values(Float(a), Float(b))).converted(to: dtype)
        }
    }

    static func linspace(_ call: Call) throws(Diagnostic) -> Tensor {
        let (start, stop) = (try call.double("start"), try call.double("stop"))
        let num = try call.int("num")
        guard num >= 0 else { throw Diagnostic(.value, "Number of samples, \(num), must be non-negative.", call.range(of: "num")) }
        try call.engine { () throws(EngineError) in try EngineLimits.checkElementCount(TensorShape([num])) }
        let endpoint = try call.bool("endpoint")
        let div = endpoint ? num - 1 : num
        let delta = stop - start
        var y = (0..<num).map(Double.init)
        if div > 0 {
            let step = delta / Double(div)
            y = step == 0 ? y.map { $0 / Double(div) * delta } : y.map { $0 * step }
        } else {
            y = y.map { $0 * delta }
        }
        y = y.map { $0 + start }
        if endpoint, num > 1 { y[num - 1] = stop }
        let dtype = try call.numpyDType("dtype") ?? .float64
        if !dtype.isFloatingPoint { y = y.map { $0.rounded(.down) } }
        return try call.engine { () throws(EngineError) in try Tensor(shape: [num], checkedStorage: TensorStorage.float64(y).converted(to: dtype)) }
    }

    /// A number argument: a Python number or a NumPy scalar.
    private static func number(_ call: Call, _ name: String) throws(Diagnostic) -> Scalar {
        switch call[name] {
        case .int(let i): return .int(i)
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d): return .double(d)
        case .ndarray(let box) where box.tensor.count == 1: return box.tensor.scalar(at: 0)
        default: throw call.typeError(name, expected: "a number")
        }
    }
}
