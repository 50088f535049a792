import ConvEngine

/// `nn.BatchNorm1d/2d/3d`: the engine's ``BatchNormLayer`` holds the configuration and
/// runs `forward`; `weight`/`bias` live in `_parameters`, `running_mean`,
/// `running_var` and `num_batches_tracked` in `_buffers`.
struct BatchNormModule: NativeModule {
    let layer: BatchNormLayer

    var className: String { layer.className }

    var fields: [(name: String, value: Value)] {
        [("num_features", .int(Int64(layer.numFeatures))), ("eps", .float(layer.eps)),
         ("momentum", layer.momentum.map { .float($0) } ?? Value.none), ("affine", .bool(layer.affine)),
         ("track_running_stats", .bool(layer.trackRunningStats))]
    }

    func extraRepr(_ module: ModuleObject) -> String {
        let momentum = layer.momentum.map { Value.float($0).reprText } ?? "None"
        return "\(layer.numFeatures), eps=\(Value.float(layer.eps).reprText), momentum=\(momentum), affine=\(Value.bool(layer.affine).reprText), bias=\(Value.bool(module.parameter("bias") != nil).reprText), track_running_stats=\(Value.bool(layer.trackRunningStats).reprText)"
    }

    var forward: Builtin { Self.forward }

    static let forward = Builtin("forward", "input",
                                 summary: "Each channel normalised: by the batch's statistics in training (updating the running ones), by the running statistics in evaluation.",
                                 example: "bn(x)") { (call) throws(Diagnostic) in
        let module = call.selfModule()
        let x = try call.tensor("input")
        guard let native = module.native as? BatchNormModule else { return .none }
        var layer = native.layer
        layer.weight = module.parameter("weight")?.tensor
        layer.bias = module.parameter("bias")?.tensor
        layer.runningMean = module.buffer("running_mean")?.tensor
        layer.runningVar = module.buffer("running_var")?.tensor
        layer.numBatchesTracked = module.buffer("num_batches_tracked")?.tensor
        let training = module.training
        return .tensor(try call.engine { () throws(EngineError) in try layer.forward(x, training: training) })
    }

    static func constructor(_ rank: Int) -> Builtin {
        Builtin("torch.nn.BatchNorm\(rank)d", "num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None, *, bias=True",
                summary: "Batch normalisation over the channels of a \(rank + 2)-D input\(rank == 1 ? " (or 2-D)" : ""): weight ones, bias zeros, running_mean zeros, running_var ones. momentum=None keeps a cumulative average.",
                example: "bn = nn.BatchNorm\(rank)d(64)") { (call) throws(Diagnostic) in
            let features = try call.int("num_features")
            let eps = try call.double("eps")
            let momentum: Double? = if case .none = call["momentum"] { nil } else { try call.double("momentum") }
            let (affine, track, hasBias) = (try call.bool("affine"), try call.bool("track_running_stats"), try call.bool("bias"))
            let dtype = try call.optionalDType("dtype") ?? .float32
            let layer = try call.engine { () throws(EngineError) in
                try BatchNormLayer(spatialRank: rank, numFeatures: features, eps: eps, momentum: momentum, affine: affine,
                                   trackRunningStats: track, bias: hasBias, dtype: dtype)
            }
            let module = ModuleObject(.native(BatchNormModule(layer: layer)))
            module.parameters.set("weight", layer.weight.map { TensorBox($0, isParameter: true) })
            module.parameters.set("bias", layer.bias.map { TensorBox($0, isParameter: true) })
            module.buffers.set("running_mean", layer.runningMean.map { TensorBox($0) })
            module.buffers.set("running_var", layer.runningVar.map { TensorBox($0) })
            module.buffers.set("num_batches_tracked", layer.numBatchesTracked.map { TensorBox($0) })
            return .nnModule(module)
        }
    }
}
