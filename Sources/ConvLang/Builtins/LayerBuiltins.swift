import ConvEngine

/// `torch.nn.*`: the convolution layers and `Parameter`.
enum LayerBuiltins {
    static let all: [Builtin] = (1...3).map(convolution) + (1...3).map(transposed) + [parameter] + NNModuleBuiltins.all

    static func convolution(_ rank: Int) -> Builtin {
        Builtin("torch.nn.Conv\(rank)d", "in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros', device=None, dtype=None",
                summary: "A \(rank)-D convolution layer with PyTorch's default initialisation (from the seeded generator). Call it on a tensor: layer(x). padding may be 'same' or 'valid'; padding_mode zeros, reflect, replicate or circular.",
                example: "conv = nn.Conv\(rank)d(in_channels=1, out_channels=1, kernel_size=3, padding=0, bias=False)") { (call) throws(Diagnostic) in
            try make(.convolution, rank, &call)
        }
    }

    static func transposed(_ rank: Int) -> Builtin {
        Builtin("torch.nn.ConvTranspose\(rank)d", "in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros', device=None, dtype=None",
                summary: "A \(rank)-D transposed convolution layer with PyTorch's default initialisation. Call it as layer(x) or layer(x, output_size=[...]) to pick the output padding that reaches a size.",
                example: "up = nn.ConvTranspose\(rank)d(16, 16, kernel_size=4, stride=2, padding=1)") { (call) throws(Diagnostic) in
            try make(.transposed, rank, &call)
        }
    }

    private static func make(_ kind: ConvLayer.Kind, _ rank: Int, _ call: inout Call) throws(Diagnostic) -> Value {
        let modeName = try call.string("padding_mode")
        let mode: ConvPaddingMode
        if kind == .transposed, modeName != "zeros" {
            throw Diagnostic(.value, "Only \"zeros\" padding mode is supported for ConvTranspose\(rank)d", call.range(of: "padding_mode"))
        } else {
            mode = try call.engine { () throws(EngineError) in try ConvLayer.parsePaddingMode(modeName) }
        }
        let padding = try call.convPadding("padding", forLayer: true)
        let outputPadding: SpatialParameter = kind == .transposed ? try call.spatial("output_padding") : 0
        let dtype = try call.optionalDType("dtype") ?? .float32
        let (inC, outC) = (try call.int("in_channels"), try call.int("out_channels"))
        let (k, s, d, g, b) = (try call.spatial("kernel_size"), try call.spatial("stride"), try call.spatial("dilation"),
                               try call.int("groups"), try call.bool("bias"))
        let generator = call.interpreter.generator
        let layer = try call.engine { () throws(EngineError) in
            try ConvLayer(kind: kind, spatialRank: rank, inChannels: inC, outChannels: outC, kernelSize: k, stride: s,
                          padding: padding, outputPadding: outputPadding, dilation: d, groups: g, bias: b,
                          paddingMode: mode, dtype: dtype, generator: generator)
        }
        if layer.weight.count == 0 {
            // `reset_parameters`' `kaiming_uniform_` on a weight with no elements.
            InitBuiltins.warnZeroElements(call.interpreter, location: "torch/nn/modules/conv.py:196")
        }
        return .nnModule(ConvModule.module(layer))
    }

    static let parameter = Builtin("torch.nn.Parameter", "data=None, requires_grad=True",
                                   summary: "A tensor marked as a layer parameter, for assigning to layer.weight or layer.bias.",
                                   example: "conv.weight = nn.Parameter(K)") { (call) throws(Diagnostic) in
        let t = try call.tensor("data").detached()
        let box = TensorBox(t, isParameter: true)
        let requiresGrad = try call.bool("requires_grad")
        try call.engine { () throws(EngineError) in try box.tensor.setRequiresGrad(requiresGrad) }
        return .tensor(box)
    }
}
