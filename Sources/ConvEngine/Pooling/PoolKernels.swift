/// The pooling loops of PyTorch's CPU kernels (`cpu_max_pool`, `cpu_avg_pool`), for
/// 1 to 3 spatial dimensions over contiguous planes.
enum PoolKernels {
    /// The largest element of each window and its position in the input plane.
    static func maxPool(_ input: Tensor, _ plan: PoolPlan) -> (Tensor, Tensor) {
        switch input.dtype {
        case .float64: return maxPool(input, plan, Double.self, isNaN: { $0.isNaN })
        case let type where type.isFloatingPoint: return maxPool(input, plan, Float.self, isNaN: { $0.isNaN })
        default: return maxPool(input, plan, Int64.self, isNaN: { _ in false })
        }
    }

    /// The mean of each window.
    static func avgPool(_ input: Tensor, _ plan: PoolPlan) -> Tensor {
        switch input.dtype {
        case .float64: return avgPool(input, plan, Double.self, divide: { $0 / Double($1) })
        case let type where type.isFloatingPoint: return avgPool(input, plan, Float.self, divide: { $0 / Float($1) })
        default: return avgPool(input, plan, Int64.self, divide: { $0 / Int64($1) })
        }
    }

    private static func maxPool<T: TensorElement & Comparable & MinimumValue>(
        _ input: Tensor, _ plan: PoolPlan, _ type: T.Type, isNaN: (T) -> Bool
    ) -> (Tensor, Tensor) {
        let x = input.elements(as: T.self)
        let windows = PoolWindows(plan)
        var values: [T] = []
        var indices: [Int64] = []
        values.reserveCapacity(plan.planes * windows.outputCount)
        indices.reserveCapacity(plan.planes * windows.outputCount)
        for plane in 0..<plan.planes {
            let base = plane * windows.inputCount
            windows.forEach { window in
                var best = T.lowestForPooling
                var bestIndex = window.first
                window.forEachPosition { position in
                    let value = x[base + position]
                    if value > best || isNaN(value) {
                        best = value
                        bestIndex = position
                    }
                }
                values.append(best)
                indices.append(Int64(bestIndex))
            }
        }
        let output = Tensor(shape: plan.outputShape, storage: T.makeStorage(values).converted(to: input.dtype))
        return (output, Tensor(shape: plan.outputShape, storage: .int64(indices)))
    }

    private static func avgPool<T: TensorElement & AdditiveArithmetic>(
        _ input: Tensor, _ plan: PoolPlan, _ type: T.Type, divide: (T, Int) -> T
    ) -> Tensor {
        let x = input.elements(as: T.self)
        let windows = PoolWindows(plan)
        var values: [T] = []
        values.reserveCapacity(plan.planes * windows.outputCount)
        for plane in 0..<plan.planes {
            let base = plane * windows.inputCount
            windows.forEach { window in
                guard window.count > 0 else {
                    values.append(.zero)
                    return
                }
                var sum = T.zero
                window.forEachPosition { sum += x[base + $0] }
                let divisor = plan.divisorOverride ?? (plan.countIncludePad ? window.paddedCount : window.count)
                values.append(divide(sum, divisor))
            }
        }
        return Tensor(shape: plan.outputShape, storage: T.makeStorage(values).converted(to: input.dtype))
    }
}

/// The value a max-pooling window starts from: -infinity for floats, the lowest
/// value for integers (`numeric_limits::min()`).
protocol MinimumValue { static var lowestForPooling: Self { get } }
extension Float: MinimumValue { static var lowestForPooling: Float { -.infinity } }
extension Double: MinimumValue { static var lowestForPooling: Double { -.infinity } }
extension Int64: MinimumValue { static var lowestForPooling: Int64 { .min } }

/// The windows of one pooling, in output order, clipped to the input.
struct PoolWindows {
    /// One window: per spatial dimension the first input position, the end, and the step.
    struct Window {
        var starts: [Int]
        var ends: [Int]
        var steps: [Int]
        var planeStrides: [Int]
        /// The window's size counting padding (`(hend - hstart) * ...` before clipping).
        var paddedCount: Int

        /// The number of input elements the window covers.
        var count: Int {
            var total = 1
            for i in starts.indices {
                let extent = ends[i] > starts[i] ? (ends[i] - starts[i] + steps[i] - 1) / steps[i] : 0
                total *= extent
            }
            return total
        }

        /// The flat plane position of the window's first element.
        var first: Int { zip(starts, planeStrides).reduce(0) { $0 + $1.0 * $1.1 } }

        /// Visits the positions in row-major order (outer dimension first).
        func forEachPosition(_ body: (Int) -> Void) {
            visit(0, 0, body)
        }

        private func visit(_ axis: Int, _ offset: Int, _ body: (Int) -> Void) {
            if axis == starts.count {
                body(offset)
                return
            }
            var i = starts[axis]
            while i < ends[axis] {
                visit(axis + 1, offset + i * planeStrides[axis], body)
                i += steps[axis]
            }
        }
    }

    let plan: PoolPlan
    let planeStrides: [Int]
    let inputCount: Int
    let outputCount: Int

    init(_ plan: PoolPlan) {
        self.plan = plan
        self.planeStrides = TensorShape(plan.inputSizes).strides
        self.inputCount = TensorShape(plan.inputSizes).elementCount
        self.outputCount = TensorShape(plan.outputSizes).elementCount
    }

    /// Visits every window, output positions in row-major order.
    func forEach(_ body: (Window) -> Void) {
        let rank = plan.inputSizes.count
        var index = [Int](repeating: 0, count: rank)
        for _ in 0..<outputCount {
            body(window(at: index))
            for axis in stride(from: rank - 1, through: 0, by: -1) {
                index[axis] += 1
                if index[axis] < plan.outputSizes[axis] { break }
                index[axis] = 0
            }
        }
    }

    /// The window of output position `index`. Max pooling steps by the dilation from
    /// the first position inside the input; average pooling (dilation 1) clips to the
    /// input after counting the padding.
    private func window(at index: [Int]) -> Window {
        var starts: [Int] = [], ends: [Int] = [], paddedCount = 1
        for axis in index.indices {
            let size = plan.inputSizes[axis], k = plan.kernel[axis], d = plan.dilation[axis]
            var start = index[axis] * plan.stride[axis] - plan.padding[axis]
            let paddedEnd = Swift.min(start + k, size + plan.padding[axis])
            paddedCount *= paddedEnd - start
            var end = Swift.min(start + (k - 1) * d + 1, size)
            if d == 1 {
                end = Swift.min(paddedEnd, size)
                start = Swift.max(start, 0)
            } else {
                while start < 0 { start += d }
            }
            starts.append(start)
            ends.append(end)
        }
        return Window(starts: starts, ends: ends, steps: plan.dilation, planeStrides: planeStrides, paddedCount: paddedCount)
    }
}
