/// The gradient of `F.batch_norm`: `NativeBatchNormBackward0`, with inputs the input,
/// the weight and the bias (`None` for a missing one), and PyTorch's formulas
/// (`batch_norm_backward_cpu_template`): with `x̂ = (x - mean) * invstd` per channel,
///
/// - training: `dx = (g - mean(g) - (x - mean) * invstd² * mean(g * (x - mean))) * invstd * w`;
/// - evaluation: `dx = g * invstd * w`, with the running statistics;
/// - `dw = Σ g * (x - mean) * invstd`, `db = Σ g`, summed over all but the channels.
///
/// The formulas use the engine's own operations, so that a backward pass that records
/// its graph records them too.
extension Tensor {
    func recordedBatchNorm(_ input: Tensor, weight: Tensor?, bias: Tensor?, mean: Tensor, invstd: Tensor,
                           training: Bool) -> Tensor {
        let (slots, tensors) = SavedSlots.make(needs: [.tensor(input), .tensor(mean), .tensor(invstd), weight.map { .tensor($0) }])
        let channels = input.shape[1]
        let reduced = [0] + Array(2..<input.rank)
        let perChannel = [1, channels] + [Int](repeating: 1, count: input.rank - 2)
        let count = input.count / Swift.max(channels, 1)
        return recorded("NativeBatchNormBackward0", inputs: [input, weight, bias], saving: tensors) { g, saved throws(EngineError) in
            let grad = g[0]
            try Tensor.refuseSecondDerivative(of: "batch_norm", g + saved)
            let x = slots.operand(0, in: saved)!.tensor
            let m = try slots.operand(1, in: saved)!.tensor.viewed(perChannel)
            let s = try slots.operand(2, in: saved)!.tensor.viewed(perChannel)
            let w = try slots.operand(3, in: saved).map { (operand) throws(EngineError) in try operand.tensor.viewed(perChannel) }
            let centred = try x.applying(.subtract, m)
            let sumG = try grad.reduced(.sum, dims: reduced, keepDim: true)
            let dot = try grad.applying(.multiply, centred).reduced(.sum, dims: reduced, keepDim: true)
            var gradInput: Tensor
            if training {
                let k = try dot.applying(.multiply, s).applying(.multiply, s).applying(.divide, .int(Int64(count)))
                let gradMean = try sumG.applying(.divide, .int(Int64(count)))
                gradInput = try grad.applying(.subtract, gradMean).applying(.subtract, try centred.applying(.multiply, k))
                    .applying(.multiply, s)
            } else {
                gradInput = try grad.applying(.multiply, s)
            }
            if let w { gradInput = try gradInput.applying(.multiply, w) }
            return [gradInput,
                    try dot.applying(.multiply, s).viewed([channels]),
                    try sumG.viewed([channels])]
        }
    }
}
