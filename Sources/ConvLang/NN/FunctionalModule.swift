import ConvEngine

/// A module without parameters whose `forward` is a function of `torch.nn.functional`
/// applied with the module's configuration, as PyTorch writes them (`nn.ReLU` runs
/// `F.relu(input, inplace=self.inplace)`, `nn.MaxPool2d` runs `F.max_pool2d`). The
/// configuration is kept as given, so errors come from the function at `forward`, when
/// PyTorch raises them.
struct FunctionalModule: NativeModule {
    let className: String
    let fields: [(name: String, value: Value)]
    /// The function `forward` runs; `nil` for `nn.Identity`, which returns its input.
    let function: Builtin?
    /// Each keyword argument of `function` and the field that gives it.
    let arguments: [(parameter: String, field: String)]
    /// Whether `forward` passes `training=self.training` (`nn.Dropout`).
    let passesTraining: Bool
    let describe: @Sendable (FunctionalModule) -> String

    var forward: Builtin { Self.forward }

    func extraRepr(_ module: ModuleObject) -> String { describe(self) }

    /// The field `name` (`None` if there is none).
    func field(_ name: String) -> Value { fields.first { $0.name == name }?.value ?? .none }

    /// `name=value, ...` with Python's `str` of each field, as most `extra_repr`s write it.
    func keyValues(_ names: [String]) -> String { names.map { "\($0)=\(field($0).strText)" }.joined(separator: ", ") }

    static let forward = Builtin("forward", "input", summary: "The module's function applied to input.", example: "layer(x)") { (call) throws(Diagnostic) in
        let module = call.selfModule()
        guard let native = module.native as? FunctionalModule, let function = native.function else { return call["input"] }
        var keywords = native.arguments.map { ($0.parameter, native.field($0.field)) }
        if native.passesTraining { keywords.append(("training", .bool(module.training))) }
        return try call.invoking(function, [call["input"]], keywords)
    }
}

extension Call {
    /// Runs `builtin` with these arguments, its errors pointing at this call.
    func invoking(_ builtin: Builtin, _ positional: [Value], _ keywords: [(String, Value)]) throws(Diagnostic) -> Value {
        var bound = try Call(builtin: builtin, interpreter: interpreter, range: range, positional: positional.map { ($0, range) },
                             keywords: keywords.map { (name: $0.0, nameRange: range, value: $0.1, range: range) })
        return try builtin.body(&bound)
    }
}

extension FunctionalModule {
    typealias Fields = @Sendable (Call) throws(Diagnostic) -> [(name: String, value: Value)]

    /// The constructor `torch.nn.<name>(signature)`: the module keeps `fields` (by
    /// default every parameter as given) and runs `function` with `arguments`.
    static func constructor(_ name: String, _ signature: String, summary: String, example: String, function: Builtin?,
                            arguments: [String] = [], renamed: [String: String] = [:], passesTraining: Bool = false,
                            fields: Fields? = nil, describe: @escaping @Sendable (FunctionalModule) -> String) -> Builtin {
        Builtin("torch.nn.\(name)", signature, summary: summary, example: example) { (call) throws(Diagnostic) in
            let values = try fields?(call) ?? call.builtin.parameters.filter { !$0.isVariadic && !$0.collectsKeywords }.map { ($0.name, call[$0.name]) }
            let native = FunctionalModule(className: name, fields: values, function: function,
                                          arguments: arguments.map { (renamed[$0] ?? $0, $0) }, passesTraining: passesTraining, describe: describe)
            return .nnModule(ModuleObject(.native(native)))
        }
    }
}
