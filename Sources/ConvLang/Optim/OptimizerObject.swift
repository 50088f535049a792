import ConvEngine

/// A `torch.optim` optimiser (`SGD`, `Adam`), held by reference as in Python: its
/// `defaults`, its `param_groups` (a list of dicts the user may read and change, such
/// as `param_groups[0]['lr']`; each step reads them afresh) and its per-parameter
/// state (`momentum_buffer`; Adam's `step`, `exp_avg`, `exp_avg_sq`), kept in the
/// order parameters first needed it, as PyTorch's `defaultdict` keeps it.
public final class OptimizerObject: @unchecked Sendable {
    /// Which optimiser: its class, its defaults and its update.
    let algorithm: OptimizerAlgorithm
    /// `defaults`: the constructor's settings, in PyTorch's order.
    let defaults: DictObject
    /// `param_groups`: dicts with `params` (a list of tensors) and every setting.
    let paramGroups: ListObject
    /// `state`: each parameter's dict, by the parameter's identity.
    private(set) var state: [(parameter: TensorBox, entries: DictObject)] = []

    init(_ algorithm: OptimizerAlgorithm, defaults: DictObject) {
        self.algorithm = algorithm
        self.defaults = defaults
        self.paramGroups = ListObject([])
    }

    /// `self.state[p]`: the parameter's state dict, made empty on first use.
    func stateEntries(for parameter: TensorBox) -> DictObject {
        if let found = state.first(where: { $0.parameter === parameter }) { return found.entries }
        let entries = DictObject()
        state.append((parameter, entries))
        return entries
    }

    /// The groups' dicts.
    var groups: [DictObject] {
        paramGroups.items.compactMap { if case .dict(let d) = $0 { d } else { nil } }
    }

    /// PyTorch's `Optimizer.__repr__`: each group's settings but `params`, sorted by name.
    var reprText: String {
        var text = algorithm.className + " ("
        for (i, group) in groups.enumerated() {
            text += "\nParameter Group \(i)\n"
            let names = group.entries.compactMap { if case .string(let s) = $0.key, s != "params" { s } else { nil } }
            for name in names.sorted(by: { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }) {
                text += "    \(name): \(group.value(named: name)?.strText ?? "None")\n"
            }
        }
        return text + ")"
    }
}

/// The optimisers ConvLab implements: their class, module and defaults.
enum OptimizerAlgorithm: Sendable {
    case sgd, adam

    /// `SGD`, `Adam`.
    var className: String {
        switch self {
        case .sgd: "SGD"
        case .adam: "Adam"
        }
    }

    /// `torch.optim.sgd.SGD`: what `type(opt)` shows; a subclass of `torch.optim.Optimizer`.
    var classObject: ClassObject {
        switch self {
        case .sgd: OptimizerTypes.sgd
        case .adam: OptimizerTypes.adam
        }
    }
}

/// `torch.optim.Optimizer` and its subclasses as class values, for `type(opt)` and
/// `isinstance(opt, torch.optim.Optimizer)`; calling `SGD`/`Adam` makes an optimiser.
enum OptimizerTypes {
    static let optimizer = ClassObject(name: "Optimizer", module: "torch.optim.optimizer", bases: [BuiltinTypes.object], nativeKind: .value,
                                       constructor: OptimizerBuiltins.abstractConstructor)
    static let sgd = ClassObject(name: "SGD", module: "torch.optim.sgd", bases: [optimizer], nativeKind: .value,
                                 constructor: OptimizerBuiltins.sgd)
    static let adam = ClassObject(name: "Adam", module: "torch.optim.adam", bases: [optimizer], nativeKind: .value,
                                  constructor: OptimizerBuiltins.adam)
}
