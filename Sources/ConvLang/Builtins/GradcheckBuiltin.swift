import ConvEngine

extension AutogradBuiltins {
    /// `torch.autograd.gradcheck.GradcheckError`, a RuntimeError.
    static let gradcheckError = ExceptionType("GradcheckError", [.runtimeError], module: "torch.autograd.gradcheck")

    /// `torch.autograd.gradcheck(func, inputs, ...)`: PyTorch's slow check of the
    /// gradients autograd computes for `func` against central differences.
    static let gradcheck = Builtin(
        "torch.autograd.gradcheck",
        "func, inputs, *, eps=1e-06, atol=1e-05, rtol=0.001, raise_exception=True, nondet_tol=0.0, check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False, check_batched_forward_grad=False, check_forward_ad=False, check_backward_ad=True, fast_mode=False, masked=None",
        summary: "Whether the gradients autograd computes for func at inputs match finite differences (use float64 inputs).",
        example: "torch.autograd.gradcheck(lambda w: F.conv2d(x, w).sum(), (w,))"
    ) { (call) throws(Diagnostic) in
        for flag in ["check_batched_grad", "check_batched_forward_grad", "check_forward_ad", "fast_mode"] where try call.bool(flag) {
            throw Diagnostic(.notImplemented, "ConvLab's gradcheck does not support \(flag)=True yet", call.range(of: flag))
        }
        let function = call["func"]
        let inputValues: [Value] = if case .tensor = call["inputs"] { [call["inputs"]] } else { call["inputs"].listOrTupleItems ?? [call["inputs"]] }
        let inputs = inputValues.compactMap { value -> Tensor? in if case .tensor(let box) = value { box.tensor } else { nil } }
        guard inputs.contains(where: \.requiresGrad) else {
            throw Diagnostic(.value, "gradcheck expects at least one input tensor to require gradient, but none of them have requires_grad=True.", call.range(of: "inputs"))
        }
        for (i, input) in inputs.enumerated() where input.requiresGrad && input.dtype != .float64 {
            call.interpreter.warn("Input #\(i) requires gradient and is not a double precision floating point or complex. This check will likely fail if all the inputs are not of double precision floating point or complex. ")
        }
        let (eps, atol, rtol) = (try call.double("eps"), try call.double("atol"), try call.double("rtol"))
        let interpreter = call.interpreter, range = call.range
        let outputsOf: ([Tensor]) throws -> [Tensor] = { _ in
            let result = try interpreter.call(function, inputValues, at: range)
            if case .tensor(let box) = result { return [box.tensor] }
            return (result.listOrTupleItems ?? []).compactMap { if case .tensor(let box) = $0 { box.tensor } else { nil } }
        }
        let mismatch: GradCheck.Mismatch?
        do {
            mismatch = try GradCheck.check(outputsOf, inputs: inputs, eps: eps, atol: atol, rtol: rtol, cancellation: interpreter.cancellation)
        } catch let error as Diagnostic {
            throw error
        } catch let error as EngineError {
            throw Diagnostic(error, at: range)
        } catch {
            throw Diagnostic(.runtime, "\(error)", range)
        }
        guard let mismatch else { return .bool(true) }
        guard try call.bool("raise_exception") else { return .bool(false) }
        let message = "Jacobian mismatch for output \(mismatch.outputIndex) with respect to input \(mismatch.inputIndex),\n"
            + "numerical:\(TensorFormatter.repr(mismatch.numerical))\nanalytical:\(TensorFormatter.repr(mismatch.analytical))\n"
        throw Diagnostic(raising: ExceptionObject(type: gradcheckError, args: [.string(message)]), at: range)
    }
}
