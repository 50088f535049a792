/// `torch.autograd.gradcheck`'s comparison (its slow mode): for each output and each
/// input that requires grad, the Jacobian autograd computes (one backward pass per
/// output element) against the one central differences estimate, element by element
/// within `atol + rtol * |numerical|`.
public enum GradCheck {
    /// The first pair of Jacobians that disagree (rows: the input's elements; columns:
    /// the output's), as PyTorch's `GradcheckError` reports them.
    public struct Mismatch: Sendable {
        public let outputIndex: Int
        public let inputIndex: Int
        public let numerical: Tensor
        public let analytical: Tensor
    }

    /// Compares the Jacobians of `function` at `inputs`; `nil` when they agree.
    ///
    /// - Parameters:
    ///   - function: called with the inputs (perturbed in place, one element at a time,
    ///     for the numerical estimate); returns the outputs.
    ///   - eps: the perturbation; atol, rtol: the tolerances.
    /// - Throws: whatever `function` throws, and the engine's errors.
    public static func check(_ function: ([Tensor]) throws -> [Tensor], inputs: [Tensor], eps: Double = 1e-6,
                             atol: Double = 1e-5, rtol: Double = 1e-3, cancellation: CancellationFlag? = nil) throws -> Mismatch? {
        let differentiable = inputs.indices.filter { inputs[$0].requiresGrad }
        let outputs = try function(inputs)
        for (o, output) in outputs.enumerated() where output.dtype.isFloatingPoint {
            let analytical = try analyticalJacobians(output, inputs: differentiable.map { inputs[$0] }, cancellation: cancellation)
            for (k, i) in differentiable.enumerated() {
                let numerical = try numericalJacobian(function, inputs: inputs, input: i, output: o, eps: eps, cancellation: cancellation)
                let agree = zip(analytical[k], numerical).allSatisfy { a, n in Swift.abs(a - n) <= atol + rtol * Swift.abs(n) }
                if !agree {
                    let shape = [inputs[i].count, output.count]
                    let dtype = inputs[i].dtype
                    return Mismatch(outputIndex: o, inputIndex: i,
                                    numerical: Tensor(shape: TensorShape(shape), storage: .converting(numerical, to: dtype)),
                                    analytical: Tensor(shape: TensorShape(shape), storage: .converting(analytical[k], to: dtype)))
                }
            }
        }
        return nil
    }

    /// Row-major `[input element][output element]` Jacobians of `output`, one backward
    /// pass (`autograd.grad` with a one-hot gradient) per output element.
    private static func analyticalJacobians(_ output: Tensor, inputs: [Tensor], cancellation: CancellationFlag?) throws -> [[Double]] {
        var jacobians = inputs.map { [Double](repeating: 0, count: $0.count * output.count) }
        guard output.requiresGrad else { return jacobians }
        for j in 0..<output.count {
            var oneHot = [Double](repeating: 0, count: output.count)
            oneHot[j] = 1
            let seed = Tensor(shape: output.shape, storage: .converting(oneHot, to: output.dtype))
            let grads = try Autograd.grad(outputs: [output], inputs: inputs, gradOutputs: [seed], retainGraph: true,
                                          allowUnused: true, cancellation: cancellation)
            for (k, grad) in grads.enumerated() {
                guard let values = grad?.doubles else { continue }
                for (e, value) in values.enumerated() { jacobians[k][e * output.count + j] = value }
            }
        }
        return jacobians
    }

    /// Central differences of output `o` with respect to input `i`, perturbing its
    /// elements in place through an alias autograd does not track (PyTorch's `.data`).
    /// `function` runs in the caller's grad mode on the inputs themselves, as in
    /// PyTorch, so that a function returning gradients (gradgradcheck's idea) can still
    /// differentiate with respect to them.
    private static func numericalJacobian(_ function: ([Tensor]) throws -> [Tensor], inputs: [Tensor], input i: Int, output o: Int,
                                          eps: Double, cancellation: CancellationFlag?) throws -> [Double] {
        let mode = EngineContext.current.gradMode
        let fill = { (element: Tensor, value: Double) throws(EngineError) in
            let before = mode.state
            mode.state.isGradEnabled = false
            defer { mode.state = before }
            try element.fill(.double(value))
        }
        let x = inputs[i]
        let alias = x.withNewVersionCounter()
        let positions = x.layout.flatIndices()
        var jacobian: [Double] = []
        for (e, position) in positions.enumerated() {
            if cancellation?.isCancelled == true { throw EngineError.cancelled }
            let element = try alias.asStrided(size: [], stride: [], offset: position)
            let original = x.scalar(at: e).doubleValue
            try fill(element, original - eps)
            let below = try function(inputs)[o].doubles
            try fill(element, original + eps)
            let above = try function(inputs)[o].doubles
            try fill(element, original)
            if jacobian.isEmpty { jacobian = [Double](repeating: 0, count: positions.count * below.count) }
            for j in below.indices { jacobian[e * below.count + j] = (above[j] - below[j]) / (2 * eps) }
        }
        return jacobian
    }
}
