import ConvEngine

/// `torch.nn.init`: fills a tensor in place from the session's generator, drawing what
/// PyTorch draws (``Init``), and returns it.
enum InitBuiltins {
    static let all: [Builtin] = [
        fill("uniform_", "tensor, a=0.0, b=1.0, generator=None", "Values uniform in [a, b).", "nn.init.uniform_(w, -0.1, 0.1)") { t, call, g throws(EngineError) in
            try Init.uniform(t, a: call.a, b: call.b, generator: g)
        },
        fill("normal_", "tensor, mean=0.0, std=1.0, generator=None", "Values drawn from N(mean, std²).", "nn.init.normal_(w, 0.0, 0.02)") { t, call, g throws(EngineError) in
            try Init.normal(t, mean: call.mean, std: call.std, generator: g)
        },
        fill("trunc_normal_", "tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None", "Normal values redrawn until they lie in [a, b].",
             "nn.init.trunc_normal_(w, std=0.02)") { t, call, g throws(EngineError) in
            try Init.truncNormal(t, mean: call.mean, std: call.std, a: call.a, b: call.b, generator: g)
        },
        fill("xavier_uniform_", "tensor, gain=1.0, generator=None", "Uniform in ±gain*sqrt(6/(fan_in+fan_out)).", "nn.init.xavier_uniform_(w)") { t, call, g throws(EngineError) in
            try Init.xavierUniform(t, gain: call.gain, generator: g)
        },
        fill("xavier_normal_", "tensor, gain=1.0, generator=None", "Normal with std gain*sqrt(2/(fan_in+fan_out)).", "nn.init.xavier_normal_(w)") { t, call, g throws(EngineError) in
            try Init.xavierNormal(t, gain: call.gain, generator: g)
        },
        fill("kaiming_uniform_", "tensor, a=0, mode='fan_in', nonlinearity='leaky_relu', generator=None", "Uniform in ±gain*sqrt(3/fan).",
             "nn.init.kaiming_uniform_(w, mode='fan_out', nonlinearity='relu')") { t, call, g throws(EngineError) in
            try Init.kaimingUniform(t, a: call.slope, mode: call.mode, nonlinearity: call.nonlinearity, generator: g)
        },
        fill("kaiming_normal_", "tensor, a=0, mode='fan_in', nonlinearity='leaky_relu', generator=None", "Normal with std gain/sqrt(fan).",
             "nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')") { t, call, g throws(EngineError) in
            try Init.kaimingNormal(t, a: call.slope, mode: call.mode, nonlinearity: call.nonlinearity, generator: g)
        },
        fill("constant_", "tensor, val", "Every element val.", "nn.init.constant_(b, 0.1)") { t, call, _ throws(EngineError) in
            try Init.constant(t, call.value)
        },
        fill("zeros_", "tensor", "Every element 0.", "nn.init.zeros_(b)") { t, _, _ throws(EngineError) in try Init.zeros(t) },
        fill("ones_", "tensor", "Every element 1.", "nn.init.ones_(w)") { t, _, _ throws(EngineError) in try Init.ones(t) },
        calculateGain,
    ]

    /// The arguments an init function reads, converted before the engine runs.
    struct Arguments: Sendable {
        var a = 0.0, b = 1.0, mean = 0.0, std = 1.0, gain = 1.0
        var slope: Scalar = .int(0)
        var mode = "fan_in", nonlinearity = "leaky_relu"
        var value: Scalar = .int(0)

        init(_ call: Call) throws(Diagnostic) {
            let names = Set(call.builtin.parameters.map(\.name))
            if names.contains("mean") { (mean, std) = (try call.double("mean"), try call.double("std")) }
            if names.contains("gain") { gain = try call.double("gain") }
            if names.contains("mode") {
                guard let s = call.interpreter.scalar(call["a"]) else { throw call.typeError("a", expected: "float") }
                (slope, mode, nonlinearity) = (s, try call.string("mode"), try call.string("nonlinearity"))
            } else if names.contains("a") {
                (a, b) = (try call.double("a"), try call.double("b"))
            }
            if names.contains("val") {
                guard let v = call.interpreter.scalar(call["val"]) else { throw call.typeError("val", expected: "float") }
                value = v
            }
        }
    }

    /// PyTorch's warning for `kaiming_*_` on a tensor of no elements; `location`: the
    /// PyTorch source line that calls it (a layer's `reset_parameters`), from where it
    /// shows once.
    static func warnZeroElements(_ interpreter: Interpreter, location: String? = nil) {
        interpreter.warn("Initializing zero-element tensors is a no-op", location: location)
    }

    private static func fill(_ name: String, _ signature: String, _ summary: String, _ example: String,
                             _ body: @escaping @Sendable (Tensor, Arguments, RandomGenerator) throws(EngineError) -> Tensor) -> Builtin {
        Builtin("torch.nn.init.\(name)", signature, summary: summary + " In place; returns the tensor.", example: example) { (call) throws(Diagnostic) in
            guard case .tensor(let box) = call["tensor"] else { throw call.typeError("tensor", expected: "Tensor") }
            if call.has("generator"), !call["generator"].isNone {
                throw Diagnostic(.notImplemented, "ConvLang does not take a generator= argument yet (the session's generator is used)", call.range(of: "generator"))
            }
            let arguments = try Arguments(call)
            if name.hasPrefix("kaiming"), box.tensor.shape.contains(0) { warnZeroElements(call.interpreter) }
            let generator = call.interpreter.generator
            // `nn.init` fills under `torch.no_grad()`, as PyTorch's functions do.
            _ = try call.engine { () throws(EngineError) in
                try EngineContext.current.withoutGrad { () throws(EngineError) in try body(box.tensor, arguments, generator) }
            }
            return .tensor(box)
        }
    }

    static let calculateGain = Builtin("torch.nn.init.calculate_gain", "nonlinearity, param=None",
                                       summary: "The recommended gain for a nonlinearity: 1 for linear and convolutions, 5/3 for tanh, sqrt(2) for relu, ...",
                                       example: "nn.init.calculate_gain('leaky_relu', 0.2)") { (call) throws(Diagnostic) in
        let nonlinearity = try call.string("nonlinearity")
        let param = call.interpreter.scalar(call["param"])
        switch try call.engine({ () throws(EngineError) in try Init.calculateGain(nonlinearity, param: param) }) {
        case .int(let i): return .int(i)
        case .double(let d): return .float(d)
        case .bool(let b): return .bool(b)
        }
    }
}
