import ConvEngine

/// `nn.Linear(in_features, out_features, bias)`: the engine's ``LinearLayer`` draws the
/// weight and bias as PyTorch does; `forward` is `F.linear` with the current ones.
struct LinearModule: NativeModule {
    let inFeatures: Int
    let outFeatures: Int

    var className: String { "Linear" }

    var fields: [(name: String, value: Value)] {
        [("in_features", .int(Int64(inFeatures))), ("out_features", .int(Int64(outFeatures)))]
    }

    func extraRepr(_ module: ModuleObject) -> String {
        "in_features=\(inFeatures), out_features=\(outFeatures), bias=\(module.parameter("bias") == nil ? "False" : "True")"
    }

    var forward: Builtin { Self.forward }

    static let forward = Builtin("forward", "input", summary: "input @ weight.T + bias.", example: "fc(x)") { (call) throws(Diagnostic) in
        let module = call.selfModule()
        let weight = module.parameters["weight"].map { $0.map { Value.tensor($0) } ?? .none } ?? .none
        let bias = module.parameters["bias"].map { $0.map { Value.tensor($0) } ?? .none } ?? .none
        return try call.invoking(NNFunctions.linear, [call["input"], weight, bias], [])
    }

    static let constructor = Builtin("torch.nn.Linear", "in_features, out_features, bias=True, device=None, dtype=None",
                                     summary: "A fully connected layer: weight (out_features, in_features) and bias drawn uniform in ±1/sqrt(in_features), as PyTorch draws them.",
                                     example: "fc = nn.Linear(128, 10)") { (call) throws(Diagnostic) in
        let (inFeatures, outFeatures, hasBias) = (try call.int("in_features"), try call.int("out_features"), try call.bool("bias"))
        let dtype = try call.optionalDType("dtype") ?? .float32
        let generator = call.interpreter.generator
        let layer = try call.engine { () throws(EngineError) in
            try LinearLayer(inFeatures: inFeatures, outFeatures: outFeatures, bias: hasBias, dtype: dtype, generator: generator)
        }
        if layer.weight.count == 0 {
            // `reset_parameters`' `kaiming_uniform_` on a weight with no elements.
            InitBuiltins.warnZeroElements(call.interpreter, location: "torch/nn/modules/linear.py:124")
        }
        let module = ModuleObject(.native(LinearModule(inFeatures: inFeatures, outFeatures: outFeatures)))
        module.parameters.set("weight", TensorBox(layer.weight, isParameter: true))
        module.parameters.set("bias", layer.bias.map { TensorBox($0, isParameter: true) })
        return .nnModule(module)
    }
}
