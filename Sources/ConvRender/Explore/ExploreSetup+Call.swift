import ConvEngine
import ConvLang

extension ExploreSetup {
    /// The setup of an `explore(op, input=None, kernel_size=None, stride=1, padding=0,
    /// output_padding=0, dilation=1, groups=1, per_dimension=False)` call: a layer and
    /// an input (a tensor, or a size for a zero input of the layer's channels); a
    /// function (`F.conv_transpose2d`) with keyword parameters, input a size, spatial
    /// sizes, a full shape or a tensor (as `explain` takes them); or a conv_arithmetic
    /// name. The values need not be ones PyTorch accepts: the panel shows its refusal.
    public init(_ call: Call) throws(Diagnostic) {
        let perDimension = call.has("per_dimension") ? try call.bool("per_dimension") : false
        switch call["op"] {
        case .nnModule(let module):
            guard let layer = module.convLayer else { throw call.typeError("op", expected: "a convolution") }
            let input = try TeachingPlan.inputTensor(call, rank: layer.spatialRank, channels: layer.inChannels)
            self = try call.engine { () throws(EngineError) in try ExploreSetup(layer: layer, input: input, perDimension: perDimension) }
        case .function(let f) where f.name.hasPrefix("conv"):
            guard let rank = Int(String(f.name.dropLast().suffix(1))) else { throw call.typeError("op", expected: "a convolution") }
            let transposed = f.name.hasPrefix("conv_transpose")
            guard call.has("kernel_size") else {
                throw Diagnostic(.type, "\(call.builtin.name)() needs kernel_size for \(f.name)", call.range)
            }
            let groups = call.has("groups") ? try call.int("groups") : 1
            let input = try TeachingPlan.inputTensor(call, rank: rank, channels: nil)
            let spatial = Array(input.shape.dimensions.suffix(rank))
            let batched = input.rank >= rank + 2
            let channels = input.rank > rank ? input.shape[input.rank - rank - 1] : 1
            var padding = [0], keyword: ConvPadding?
            if case .string(let s) = call["padding"] {
                keyword = try call.engine { () throws(EngineError) in try ConvPadding(string: s) }
            } else {
                padding = try call.ints("padding")
            }
            let (kernel, stride, dilation) = (try call.ints("kernel_size"), try call.ints("stride"), try call.ints("dilation"))
            let outputPadding = try call.ints("output_padding")
            self = try call.engine { () throws(EngineError) in
                try ExploreSetup(operation: transposed ? .transposed(spatialRank: rank) : .convolution(spatialRank: rank),
                                 input: spatial, kernelSize: kernel, stride: stride, padding: padding, dilation: dilation,
                                 outputPadding: outputPadding, batch: batched ? input.shape[0] : nil,
                                 inChannels: channels, outChannels: channels, groups: groups, paddingKeyword: keyword,
                                 dtype: input.dtype, perDimension: perDimension)
            }
        case .string(let name):
            guard let e = ConvArithmeticGallery.entry(named: name) else {
                _ = try TeachingPlan.plan(call)   // its message, with the names
                throw Diagnostic(.value, "no conv_arithmetic configuration is called '\(name)'", call.range(of: "op"))
            }
            self = try call.engine { () throws(EngineError) in
                try ExploreSetup(operation: e.transposed ? .transposed(spatialRank: 2) : .convolution(spatialRank: 2),
                                 input: [e.input], kernelSize: [e.kernel], stride: [e.stride], padding: [e.padding],
                                 dilation: [e.dilation], outputPadding: [e.outputPadding], perDimension: perDimension)
            }
        default:
            throw call.typeError("op", expected: "a layer, a convolution function such as F.conv_transpose2d, or a conv_arithmetic name")
        }
    }
}
