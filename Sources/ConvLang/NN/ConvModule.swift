import ConvEngine

/// `nn.Conv1d/2d/3d` and `nn.ConvTranspose1d/2d/3d`: the engine's ``ConvLayer`` holds
/// the hyper-parameters; `weight` and `bias` live in the module's `_parameters`.
struct ConvModule: NativeModule {
    /// The layer as built (its weight and bias are the ones drawn at construction).
    let layer: ConvLayer

    var className: String { layer.className }

    var fields: [(name: String, value: Value)] {
        func tuple(_ v: [Int]) -> Value { .tuple(v.map { .int(Int64($0)) }) }
        let padding: Value = switch layer.padding {
        case .explicit(let p): tuple(p)
        case .same: .string("same")
        case .valid: .string("valid")
        }
        return [("in_channels", .int(Int64(layer.inChannels))), ("out_channels", .int(Int64(layer.outChannels))),
                ("kernel_size", tuple(layer.kernelSize)), ("stride", tuple(layer.stride)), ("padding", padding),
                ("dilation", tuple(layer.dilation)), ("transposed", .bool(layer.kind == .transposed)),
                ("output_padding", tuple(layer.outputPadding)), ("groups", .int(Int64(layer.groups))),
                ("padding_mode", .string(layer.paddingMode.rawValue))]
    }

    func extraRepr(_ module: ModuleObject) -> String {
        func tuple(_ v: [Int]) -> String { PythonFormat.tuple(v) }
        var s = "\(layer.inChannels), \(layer.outChannels), kernel_size=\(tuple(layer.kernelSize)), stride=\(tuple(layer.stride))"
        switch layer.padding {
        case .explicit(let p) where p.contains { $0 != 0 }: s += ", padding=\(tuple(p))"
        case .same: s += ", padding=same"
        case .valid: s += ", padding=valid"
        default: break
        }
        if layer.dilation.contains(where: { $0 != 1 }) { s += ", dilation=\(tuple(layer.dilation))" }
        if layer.outputPadding.contains(where: { $0 != 0 }) { s += ", output_padding=\(tuple(layer.outputPadding))" }
        if layer.groups != 1 { s += ", groups=\(layer.groups)" }
        if module.parameter("bias") == nil { s += ", bias=False" }
        if layer.paddingMode != .zeros { s += ", padding_mode=\(layer.paddingMode.rawValue)" }
        return s
    }

    var forward: Builtin { Self.forward }

    /// A new module holding `layer` and its weight and bias as parameters.
    static func module(_ layer: ConvLayer) -> ModuleObject {
        let module = ModuleObject(.native(ConvModule(layer: layer)))
        module.parameters.set("weight", TensorBox(layer.weight, isParameter: true))
        module.parameters.set("bias", layer.bias.map { TensorBox($0, isParameter: true) })
        return module
    }

    static let forward = Builtin("forward", "input, output_size=None",
                                 summary: "The layer applied to input; for a transposed layer, output_size picks the output padding that reaches that size.",
                                 example: "outputs = transposed_conv(inputs)") { (call) throws(Diagnostic) in
        let module = call.selfModule()
        let x = try call.tensor("input")
        let outputSize: [Int]? = if case .none = call["output_size"] { nil } else { try call.ints("output_size") }
        guard let layer = module.convLayer else {
            throw Diagnostic(.type, "\(module.className).forward needs a weight Parameter; it is None", call.range)
        }
        let flag = call.interpreter.cancellation
        let plan = try call.engine { () throws(EngineError) in try layer.plan(for: x, outputSize: outputSize) }
        if plan.paddingBefore != plan.paddingAfter, layer.paddingMode == .zeros {
            call.interpreter.warn("Using padding='same' with even kernel lengths and odd dilation may require a zero-padded copy of the input be created", once: true)
        }
        return .tensor(try call.engine { () throws(EngineError) in try plan.run(cancellation: flag) })
    }
}

extension ModuleObject {
    /// The convolution this module computes, with its current weight and bias; `nil`
    /// for other modules (or a convolution whose weight was set to `None`).
    public var convLayer: ConvLayer? {
        guard let conv = native as? ConvModule, let weight = parameter("weight") else { return nil }
        var layer = conv.layer
        layer.weight = weight.tensor
        layer.bias = parameter("bias")?.tensor
        return layer
    }
}
