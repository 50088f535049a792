/// PyTorch's checks for each pooling operation, in PyTorch's order and words: the
/// 2-d and 3-d meta functions (`max_pool2d_with_indices`, `avg_pool2d`, `max_pool3d`,
/// `avg_pool3d`), `max_pool1d`'s own checks, and `avg_pool1d` / `max_pool1d` with
/// indices, which pool a height-1 2-d input.
extension PoolRequest {
    /// The plan of pooling `input`, or PyTorch's refusal.
    func plan(for input: Tensor, withIndices: Bool) throws(EngineError) -> PoolPlan {
        try ParameterLimits.check(["kernel_size": kernelSize, "stride": stride, "padding": padding, "dilation": dilation])
        switch spatialRank {
        case 1:
            if isMax && !withIndices { return try maxPool1dPlan(input) }
            return try viaTwoDimensions(input)
        case 2: return try plan2d(input)
        case 3: return try plan3d(input)
        default: throw .argument("pooling over \(spatialRank) spatial dimensions is not supported")
        }
    }

    private var name: String { (isMax ? "max_pool" : "avg_pool") + "\(spatialRank)d" }

    private var divisorOverride: Int? {
        if case .average(_, let divisor) = kind { divisor } else { nil }
    }

    // MARK: 1-d

    /// `avg_pool1d` and `max_pool1d_with_indices`: the 2-d pooling of `input.unsqueeze(-2)`
    /// with a window one row high.
    private func viaTwoDimensions(_ input: Tensor) throws(EngineError) -> PoolPlan {
        guard (2...3).contains(input.rank) else {
            throw .argument("Expected 2 to 3 dimensions, but got \(input.rank)-dimensional tensor for argument #1 'self' (while checking arguments for \(name))")
        }
        var lists = [("kernel_size", kernelSize), ("padding", padding)]
        if !stride.isEmpty { lists.insert(("stride", stride), at: 1) }
        if isMax { lists.append(("dilation", dilation)) }
        for (argument, values) in lists where values.count != 1 {
            throw .argument("\(name)() argument '\(argument)' should contain one int (got \(values.count))")
        }
        let strideValue = stride.isEmpty ? kernelSize[0] : stride[0]
        let twoD = PoolRequest(kind: kind, spatialRank: 2, kernelSize: [1, kernelSize[0]], stride: [1, strideValue],
                               padding: [0, padding[0]], dilation: [1, dilation[0]], ceilMode: ceilMode)
        var sizes = input.shape.dimensions
        sizes.insert(1, at: sizes.count - 1)
        var plan = try twoD.plan2d(input.withShape(TensorShape(sizes)))
        for key in [\PoolPlan.inputSizes, \PoolPlan.outputSizes, \PoolPlan.kernel, \PoolPlan.stride,
                    \PoolPlan.padding, \PoolPlan.dilation] {
            plan[keyPath: key].removeFirst()
        }
        plan.outputShape.dimensions.remove(at: plan.outputShape.rank - 2)
        return plan
    }

    /// `max_pool1d` without indices (`check_max_pool1d`), which takes floating types only.
    private func maxPool1dPlan(_ input: Tensor) throws(EngineError) -> PoolPlan {
        let sizes = input.shape.dimensions
        guard (input.rank == 2 && sizes[0] != 0 && sizes[1] != 0) || (input.rank == 3 && sizes[1] != 0 && sizes[2] != 0) else {
            throw .argument("max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:\(input.shape)")
        }
        guard kernelSize.count == 1 else {
            throw .argument("max_pool1d() kernel_size must be an int, list of ints or tuple of ints of size 1 but got size \(kernelSize.count)")
        }
        guard stride.count <= 1 else {
            throw .argument("max_pool1d() stride must be None, an int, list of ints, or tuple of ints of size 1 but got size \(stride.count)")
        }
        guard padding.count == 1 else {
            throw .argument("max_pool1d() padding must be an int, list of ints, or tuple of ints of size 1 but got size \(padding.count)")
        }
        guard dilation.count == 1 else {
            throw .argument("max_pool1d() dilation must be an int, list of ints or tuple of ints of size 1 but got size \(dilation.count)")
        }
        let (k, s, p, d) = (kernelSize[0], stride.first ?? kernelSize[0], padding[0], dilation[0])
        guard k > 0 else { throw .argument("max_pool1d() kernel_size must be greater than zero, but got \(k)") }
        guard s > 0 else { throw .argument("max_pool1d() stride must be greater than zero, but got \(s)") }
        guard p >= 0 else { throw .argument("max_pool1d() padding must be non-negative, but got \(p)") }
        guard p <= k / 2 else {
            throw .argument("max_pool1d() padding should be at most half of kernel size, but got padding=\(p) and kernel_size=\(k)")
        }
        guard d > 0 else { throw .argument("max_pool1d() dilation must be greater than zero, but got \(d)") }
        let length = sizes[sizes.count - 1]
        let out = try Self.outputSize(length, k, p, s, d, ceilMode)
        guard out > 0 else { throw .argument("max_pool1d() Invalid computed output size: \(out)") }
        try input.requireFloating("max_pool1d_impl")
        return try makePlan(input, inputSizes: [length], outputSizes: [out], kernel: [k], stride: [s], padding: [p], dilation: [d])
    }

    // MARK: 2-d

    fileprivate func plan2d(_ input: Tensor) throws(EngineError) -> PoolPlan {
        let op = isMax ? "max_pool2d" : "avg_pool2d"
        guard [1, 2].contains(kernelSize.count) else {
            throw .argument("\(op): kernel_size must either be a single int, or a tuple of two ints")
        }
        guard [0, 1, 2].contains(stride.count) else {
            throw .argument("\(op): stride must either be omitted, a single int, or a tuple of two ints")
        }
        guard [1, 2].contains(padding.count) else {
            throw .argument("\(op): padding must either be a single int, or a tuple of two ints")
        }
        let k = Self.pair(kernelSize)
        let s = stride.isEmpty ? k : Self.pair(stride)
        let p = Self.pair(padding)
        var d = [1, 1]
        let sizes = input.shape.dimensions
        if isMax {
            guard [1, 2].contains(dilation.count) else {
                throw .argument("max_pool2d: dilation must be either a single int, or a tuple of two ints")
            }
            d = Self.pair(dilation)
            guard input.rank == 3 || input.rank == 4 else {
                throw .argument("non-empty 3D or 4D (batch mode) tensor expected for input")
            }
        } else {
            if divisorOverride == 0 { throw .argument("divisor must be not zero") }
            _ = try input.size(-3)
        }
        let (planes, h, w) = (sizes[sizes.count - 3], sizes[sizes.count - 2], sizes[sizes.count - 1])
        let outH = try Self.outputSize(h, k[0], p[0], s[0], d[0], ceilMode)
        let outW = try Self.outputSize(w, k[1], p[1], s[1], d[1], ceilMode)
        guard k[0] > 0, k[1] > 0 else {
            throw .argument("kernel size should be greater than zero, but got kH: \(k[0]) kW: \(k[1])")
        }
        guard s[0] > 0, s[1] > 0 else {
            throw .argument("stride should be greater than zero, but got dH: \(s[0]) dW: \(s[1])")
        }
        guard d[0] > 0, d[1] > 0 else {
            throw .argument("dilation should be greater than zero, but got dilationH: \(d[0]) dilationW: \(d[1])")
        }
        let validDims = sizes[1] != 0 && sizes[2] != 0
        guard (input.rank == 3 && sizes[0] != 0 && validDims) || (input.rank == 4 && validDims && sizes[3] != 0) else {
            throw .argument("Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:\(input.shape)")
        }
        guard k[1] / 2 >= p[1], k[0] / 2 >= p[0] else {
            throw .argument("pad should be smaller than or equal to half of kernel size, but got padW = \(p[1]), padH = \(p[0]), kW = \(k[1]), kH = \(k[0])")
        }
        guard outW >= 1, outH >= 1 else {
            throw .argument("Given input size: (\(planes)x\(h)x\(w)). Calculated output size: (\(planes)x\(outH)x\(outW)). Output size is too small")
        }
        try checkDType(input, kernel2d: true)
        return try makePlan(input, inputSizes: [h, w], outputSizes: [outH, outW], kernel: k, stride: s, padding: p, dilation: d)
    }

    // MARK: 3-d

    private func plan3d(_ input: Tensor) throws(EngineError) -> PoolPlan {
        // max_pool3d says "must either be", avg_pool3d "must be"; dilation "must be either".
        let must = isMax ? "must either be" : "must be"
        guard [1, 3].contains(kernelSize.count) else {
            throw .argument("\(name): kernel_size \(must) a single int, or a tuple of three ints")
        }
        guard [0, 1, 3].contains(stride.count) else {
            throw .argument("\(name): stride \(must) omitted, a single int, or a tuple of three ints")
        }
        guard [1, 3].contains(padding.count) else {
            throw .argument("\(name): padding \(must) a single int, or a tuple of three ints")
        }
        if isMax, ![1, 3].contains(dilation.count) {
            throw .argument("max_pool3d: dilation must be either a single int, or a tuple of three ints")
        }
        guard input.rank == 4 || input.rank == 5 else {
            throw .argument("non-empty 4D or 5D (batch mode) tensor expected for input")
        }
        if divisorOverride == 0 { throw .argument("divisor must be not zero") }
        let k = Self.triple(kernelSize)
        let s = stride.isEmpty ? k : Self.triple(stride)
        let p = Self.triple(padding)
        let d = isMax ? Self.triple(dilation) : [1, 1, 1]
        let sizes = input.shape.dimensions
        let spatial = Array(sizes.suffix(3))
        let planes = sizes[sizes.count - 4]
        var out: [Int] = []
        for i in 0..<3 { out.append(try Self.outputSize(spatial[i], k[i], p[i], s[i], d[i], ceilMode)) }
        guard k.allSatisfy({ $0 > 0 }) else {
            throw .argument("kernel size should be greater than zero, but got kT: \(k[0]) kH: \(k[1]) kW: \(k[2])")
        }
        guard s.allSatisfy({ $0 > 0 }) else {
            throw .argument("stride should be greater than zero, but got dT: \(s[0]) dH: \(s[1]) dW: \(s[2])")
        }
        guard d.allSatisfy({ $0 > 0 }) else {
            throw .argument("dilation should be greater than zero, but got dilationT: \(d[0]) dilationH: \(d[1]) dilationW: \(d[2])")
        }
        let function = isMax ? "max_pool3d_with_indices_out_cpu_template()" : "avg_pool3d()"
        for (axis, size) in sizes.enumerated() where size <= 0 && !(input.rank == 5 && axis == 0) {
            throw .argument("\(function): Expected input to have non-zero size for non-batch dimensions, but input has sizes \(input.shape) with dimension \(axis) being empty")
        }
        if !isMax, !(spatial[0] >= k[0] && spatial[1] >= k[1] && spatial[2] >= k[2]) {
            throw .argument("input image (T: \(spatial[0]) H: \(spatial[1]) W: \(spatial[2])) smaller than kernel size (kT: \(k[0]) kH: \(k[1]) kW: \(k[2]))")
        }
        guard k[0] / 2 >= p[0], k[2] / 2 >= p[2], k[1] / 2 >= p[1] else {
            throw .argument("pad should be smaller than or equal to half of kernel size, but got kT: \(k[0]) kW: \(k[2]) kH: \(k[1]) padT: \(p[0]) padW: \(p[2]) padH: \(p[1])")
        }
        guard out.allSatisfy({ $0 >= 1 }) else {
            throw .argument("Given input size: (\(planes)x\(spatial[0])x\(spatial[1])x\(spatial[2])). Calculated output size: (\(planes)x\(out[0])x\(out[1])x\(out[2])). Output size is too small")
        }
        try checkDType(input, kernel2d: false)
        return try makePlan(input, inputSizes: spatial, outputSizes: out, kernel: k, stride: s, padding: p, dilation: d)
    }

    // MARK: shared

    /// PyTorch's `pooling_output_shape` with its checks.
    static func outputSize(_ size: Int, _ kernel: Int, _ pad: Int, _ stride: Int, _ dilation: Int,
                           _ ceilMode: Bool) throws(EngineError) -> Int {
        guard stride != 0 else { throw .argument("stride should not be zero") }
        guard pad >= 0 else { throw .argument("pad must be non-negative, but got pad: \(pad)") }
        guard pad <= ((kernel - 1) * dilation + 1) / 2 else {
            throw .argument("pad should be at most half of effective kernel size, but got pad=\(pad), kernel_size=\(kernel) and dilation=\(dilation)")
        }
        let numerator = size + 2 * pad - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0)
        var out = Self.floorDivide(numerator, stride) + 1
        // In ceil mode the last window must start inside the input or its left padding.
        if ceilMode, (out - 1) * stride >= size + pad { out -= 1 }
        return out
    }

    /// Division rounded toward negative infinity (`div_rtn`).
    static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func pair(_ values: [Int]) -> [Int] { values.count == 1 ? [values[0], values[0]] : values }
    private static func triple(_ values: [Int]) -> [Int] { values.count == 1 ? Array(repeating: values[0], count: 3) : values }

    /// The element types the CPU kernels dispatch: every type but bool.
    private func checkDType(_ input: Tensor, kernel2d: Bool) throws(EngineError) {
        guard input.dtype == .bool else { return }
        let kernel = kernel2d ? (isMax ? "max_pool2d" : "avg_pool2d") : (isMax ? "max_pool3d" : "avg_pool3d_out_frame")
        throw EngineError(.dtype, "\"\(kernel)\" not implemented for 'Bool'", pythonType: "NotImplementedError")
    }

    private func makePlan(_ input: Tensor, inputSizes: [Int], outputSizes: [Int], kernel: [Int], stride: [Int],
                          padding: [Int], dilation: [Int]) throws(EngineError) -> PoolPlan {
        let lead = Array(input.shape.dimensions.dropLast(inputSizes.count))
        let outputShape = TensorShape(lead + outputSizes)
        try EngineLimits.checkAllocation(outputShape, dtype: input.dtype)
        var plan = PoolPlan(planes: TensorShape(lead).elementCount, inputSizes: inputSizes, outputSizes: outputSizes,
                            kernel: kernel, stride: stride, padding: padding, dilation: dilation, outputShape: outputShape)
        if case .average(let countIncludePad, let divisor) = kind {
            plan.countIncludePad = countIncludePad
            plan.divisorOverride = divisor
        }
        return plan
    }
}
