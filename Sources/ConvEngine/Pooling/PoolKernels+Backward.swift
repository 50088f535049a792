/// The backward loops of pooling, as PyTorch's CPU kernels run them
/// (`cpu_max_pool_backward`, `cpu_avg_pool_backward`): each output's gradient added
/// to the input position it came from (max) or, divided by the window's divisor, to
/// every position of its window (average), in the element type.
extension PoolKernels {
    /// The input's gradient of max pooling from the output's gradient and the indices.
    static func maxPoolBackward(_ grad: Tensor, indices: Tensor, _ plan: PoolPlan, inputShape: TensorShape) -> Tensor {
        let windows = PoolWindows(plan)
        let positions = indices.elements(as: Int64.self)
        func run<T: NNFloat>(_ type: T.Type) -> Tensor {
            let g = grad.elements(as: T.self)
            var out = [T](repeating: 0, count: plan.planes * windows.inputCount)
            for plane in 0..<plan.planes {
                let (inputBase, outputBase) = (plane * windows.inputCount, plane * windows.outputCount)
                for o in 0..<windows.outputCount {
                    out[inputBase + Int(positions[outputBase + o])] += g[outputBase + o]
                }
            }
            return Tensor.fromComputed(out, shape: inputShape, dtype: grad.dtype)
        }
        return grad.dtype == .float64 ? run(Double.self) : run(Float.self)
    }

    /// The input's gradient of average pooling from the output's gradient.
    static func avgPoolBackward(_ grad: Tensor, _ plan: PoolPlan, inputShape: TensorShape) -> Tensor {
        let windows = PoolWindows(plan)
        func run<T: NNFloat>(_ type: T.Type) -> Tensor {
            let g = grad.elements(as: T.self)
            var out = [T](repeating: 0, count: plan.planes * windows.inputCount)
            for plane in 0..<plan.planes {
                let (inputBase, outputBase) = (plane * windows.inputCount, plane * windows.outputCount)
                var o = 0
                windows.forEach { window in
                    defer { o += 1 }
                    guard window.count > 0 else { return }
                    let divisor = plan.divisorOverride ?? (plan.countIncludePad ? window.paddedCount : window.count)
                    let delta = g[outputBase + o] / T(divisor)
                    window.forEachPosition { out[inputBase + $0] += delta }
                }
            }
            return Tensor.fromComputed(out, shape: inputShape, dtype: grad.dtype)
        }
        return grad.dtype == .float64 ? run(Double.self) : run(Float.self)
    }
}
