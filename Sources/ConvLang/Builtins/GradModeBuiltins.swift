import ConvEngine

/// `torch.no_grad()`, `torch.enable_grad()`, `torch.set_grad_enabled(mode)` and
/// `torch.inference_mode(mode)`: context managers (and decorators) that change the
/// session's ``GradMode`` for a block and restore it afterwards.
public final class GradModeManager: @unchecked Sendable {
    enum Kind: Equatable {
        case noGrad, enableGrad
        case setGradEnabled(Bool)
        case inferenceMode(Bool)
    }

    let kind: Kind
    /// The modes to restore, one per block entered and not yet left (a decorated
    /// function may recurse).
    private var saved: [GradMode.State] = []

    init(_ kind: Kind) { self.kind = kind }

    /// PyTorch's class name (`no_grad`), which `type(m).__name__` gives.
    var className: String {
        switch kind {
        case .noGrad: "no_grad"
        case .enableGrad: "enable_grad"
        case .setGradEnabled: "set_grad_enabled"
        case .inferenceMode: "inference_mode"
        }
    }

    /// `<torch.autograd.grad_mode.no_grad object at 0x...>`, or
    /// `torch.autograd.grad_mode.set_grad_enabled(mode=False)`.
    var reprText: String {
        if case .setGradEnabled(let mode) = kind { return "torch.autograd.grad_mode.set_grad_enabled(mode=\(mode ? "True" : "False"))" }
        let address = String(UInt(bitPattern: ObjectIdentifier(self).hashValue) & 0xFFFF_FFFF_FFFF, radix: 16)
        return "<torch.autograd.grad_mode.\(className) object at 0x\(address)>"
    }

    /// `__enter__`: saves the mode and sets this manager's.
    func enter(_ mode: GradMode) {
        // `set_grad_enabled` saved the mode to restore when it was made.
        if case .setGradEnabled = kind, !saved.isEmpty {} else { saved.append(mode.state) }
        switch kind {
        case .noGrad: mode.state.isGradEnabled = false
        case .enableGrad: mode.state.isGradEnabled = true
        case .setGradEnabled(let enabled): mode.state.isGradEnabled = enabled
        case .inferenceMode(let enabled):
            if enabled {
                mode.state = GradMode.State(isGradEnabled: false, isInferenceMode: true)
            } else {
                mode.state.isInferenceMode = false
            }
        }
    }

    /// `__exit__`: restores the mode saved by the matching ``enter(_:)``.
    func exit(_ mode: GradMode) {
        if let previous = saved.popLast() { mode.state = previous }
    }
}

enum GradModeBuiltins {
    static let all: [Builtin] = [
        manager("torch.no_grad", "orig_func=None", "A context manager (or decorator) in which operations record no gradients.",
                "with torch.no_grad():\n    y = conv(x)", plain: .noGrad) { _ throws(Diagnostic) in .noGrad },
        manager("torch.enable_grad", "orig_func=None", "A context manager (or decorator) that turns gradient recording back on.",
                "with torch.enable_grad():\n    y = conv(x)", plain: .enableGrad) { _ throws(Diagnostic) in .enableGrad },
        manager("torch.inference_mode", "mode=True", "A context manager (or decorator) for inference: no gradients, no version counting.",
                "with torch.inference_mode():\n    y = conv(x)", plain: .inferenceMode(true)) { call throws(Diagnostic) in
            .inferenceMode(try call.bool("mode"))
        },
        Builtin("torch.set_grad_enabled", "mode", summary: "Turns gradient recording on or off now, or for a block when used with `with`.",
                example: "torch.set_grad_enabled(False)") { (call) throws(Diagnostic) in
            guard case .bool(let mode) = call["mode"] else { throw call.typeError("mode", expected: "bool") }
            // PyTorch sets the mode when the object is made; leaving a `with` block restores it.
            let manager = GradModeManager(.setGradEnabled(mode))
            manager.enter(call.interpreter.gradMode)  // saves the mode before, for the end of a `with` block
            return .gradMode(manager)
        },
        Builtin("torch.is_grad_enabled", "", summary: "Whether operations record gradients now.", example: "torch.is_grad_enabled()") {
            (call) throws(Diagnostic) in .bool(call.interpreter.gradMode.isGradEnabled)
        },
        Builtin("torch.is_inference_mode_enabled", "", summary: "Whether inference mode is on.",
                example: "torch.is_inference_mode_enabled()") { (call) throws(Diagnostic) in
            .bool(call.interpreter.gradMode.isInferenceMode)
        },
    ]

    /// A manager's constructor; given a function instead (`@torch.no_grad` without
    /// parentheses), it decorates it with the `plain` manager.
    private static func manager(_ name: String, _ signature: String, _ summary: String, _ example: String,
                                plain: GradModeManager.Kind,
                                kind: @escaping @Sendable (Call) throws(Diagnostic) -> GradModeManager.Kind) -> Builtin {
        Builtin(name, signature, summary: summary, example: example) { (call) throws(Diagnostic) in
            let first = call[call.builtin.parameters[0].name]
            if isFunction(first) { return decorated(first, by: GradModeManager(plain)) }
            return .gradMode(GradModeManager(try kind(call)))
        }
    }

    static func isFunction(_ value: Value) -> Bool {
        switch value {
        case .userFunction, .function: true
        default: false
        }
    }

    /// `@torch.no_grad()` on `function`: a function that runs it inside the manager's block.
    static func decorated(_ function: Value, by manager: GradModeManager) -> Value {
        let name: String
        switch function {
        case .userFunction(let f): name = f.name
        case .function(let b): name = b.name
        default: name = "wrapper"
        }
        var wrapper = Builtin(name, "*args, **kwargs", summary: "\(name), run with gradients as torch.\(manager.className) sets them.",
                                 example: "\(name)(x)") { (call) throws(Diagnostic) in
            let interpreter = call.interpreter
            var arguments: [Argument] = []
            if case .tuple(let items) = call["args"] { arguments += items.map { Argument(value: $0, kind: .positional, range: call.range) } }
            if case .dict(let keywords) = call["kwargs"] {
                for entry in keywords.entries {
                    if case .string(let key) = entry.key {
                        arguments.append(Argument(value: entry.value, kind: .keyword(key, call.range), range: call.range))
                    }
                }
            }
            manager.enter(interpreter.gradMode)
            defer { manager.exit(interpreter.gradMode) }
            return try interpreter.call(function, arguments, calleeRange: call.range, at: call.range)
        }
        wrapper.setsItsOwnGradMode = true
        return .function(wrapper)
    }
}
