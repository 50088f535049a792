import ConvEngine
import ConvLang

/// The convolution a teaching command describes, from what the caller gave: a layer and
/// an input; a function (`F.conv_transpose2d`) with an input and keyword parameters; or
/// the name of one of conv_arithmetic's configurations.
enum TeachingPlan {
    /// The plan. `weight` is the kernel to use (with a function), else `kernel_size`
    /// gives zeros of that size.
    static func plan(_ call: Call, weight: Tensor? = nil) throws(Diagnostic) -> ConvPlan {
        switch call["op"] {
        case .nnModule(let module):
            guard let layer = module.convLayer else { throw call.typeError("op", expected: "a convolution") }
            let input = try inputTensor(call, rank: layer.spatialRank, channels: layer.inChannels)
            return try call.engine { () throws(EngineError) in try layer.plan(for: input) }
        case .function(let f) where f.name.hasPrefix("conv"):
            let transposed = f.name.hasPrefix("conv_transpose")
            guard let rank = Int(String(f.name.dropLast().suffix(1))) else { throw call.typeError("op", expected: "a convolution") }
            let groups = call.has("groups") ? try call.int("groups") : 1
            let weightChannels = weight.flatMap { inputChannels(of: $0, transposed: transposed, groups: groups) }
            let input = try inputTensor(call, rank: rank, channels: weightChannels)
            let kernelWeight: Tensor
            if let weight {
                kernelWeight = weight
            } else {
                guard call.has("kernel_size") else {
                    throw Diagnostic(.type, "\(call.builtin.name)() needs kernel_size for \(f.name)", call.range)
                }
                let kernel = try call.ints("kernel_size")
                let k = kernel.count == 1 ? Array(repeating: kernel[0], count: rank) : kernel
                let channels = input.rank > 1 ? input.shape[1] : 1
                kernelWeight = try call.engine { () throws(EngineError) in
                    try Tensor.zeros(transposed ? [channels, 1] + k : [1, channels] + k)
                }
            }
            let (s, p, op, d) = (SpatialParameter(try call.ints("stride")), try call.ints("padding"),
                                 SpatialParameter(try call.ints("output_padding")), SpatialParameter(try call.ints("dilation")))
            let bias = call.has("bias") ? try call.optionalTensor("bias") : nil
            return try call.engine { () throws(EngineError) in
                transposed
                    ? try ConvPlan.transposed(input, weight: kernelWeight, bias: bias, spatialRank: rank, stride: s,
                                              padding: SpatialParameter(p), outputPadding: op, groups: groups, dilation: d)
                    : try ConvPlan.convolution(input, weight: kernelWeight, bias: bias, spatialRank: rank, stride: s,
                                               padding: .explicit(p), dilation: d, groups: groups)
            }
        case .string(let name):
            guard let entry = ConvArithmeticGallery.entry(named: name) else {
                let names = ConvArithmeticGallery.entries.map(\.name)
                let hint = Suggestions.didYouMean(name, among: names)
                throw Diagnostic(.value, "no conv_arithmetic configuration is called '\(name)'", call.range(of: "op"),
                                 note: hint ?? "the names are \(names.joined(separator: ", "))")
            }
            return try call.engine { () throws(EngineError) in try ConvArithmeticGallery.plan(entry) }
        default:
            throw call.typeError("op", expected: "a layer, a convolution function such as F.conv_transpose2d, or a conv_arithmetic name")
        }
    }

    /// The input channels `weight` expects, or `nil` when it cannot say (a weight of
    /// rank below 2, or groups so large the count overflows): the plan then refuses it.
    static func inputChannels(of weight: Tensor, transposed: Bool, groups: Int) -> Int? {
        guard weight.rank >= 2 else { return nil }
        if transposed { return weight.shape[0] }
        let (channels, overflow) = weight.shape[1].multipliedReportingOverflow(by: groups)
        return overflow ? nil : channels
    }

    /// The input as a batched tensor: a size (square), spatial sizes, a full shape, or a tensor.
    static func inputTensor(_ call: Call, rank: Int, channels: Int?) throws(Diagnostic) -> Tensor {
        if case .tensor(let box) = call["input"] { return box.tensor }
        guard call.has("input") else {
            throw Diagnostic(.type, "\(call.builtin.name)() needs input (a size, a shape or a tensor)", call.range)
        }
        let sizes = try call.ints("input")
        let shape: [Int]
        if sizes.count == 1 { shape = [1, channels ?? 1] + Array(repeating: sizes[0], count: rank) }
        else if sizes.count == rank { shape = [1, channels ?? 1] + sizes }
        else { shape = sizes }
        return try call.engine { () throws(EngineError) in try Tensor.zeros(shape) }
    }
}
