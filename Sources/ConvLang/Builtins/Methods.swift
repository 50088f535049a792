import ConvEngine

/// The methods of each kind of value, for calls, completion and "did you mean".
enum Methods {
    static func lookup(_ receiver: Value, _ name: String) -> Builtin? {
        switch receiver {
        case .tensor: TensorMethodBuiltins.methods[name]
        case .nnModule(let module): ModuleMembers.lookup(module, name)
        case .list: list[name]
        case .dict: dict[name]
        case .set(let set): (set.isFrozen ? SetMethods.frozen : SetMethods.mutable)[name]
        case .size: name == "numel" ? sizeNumel : nil
        case .storage: TensorMethodBuiltins.storageMethods[name]
        case .ndarray: ArrayMethodBuiltins.methods[name]
        default: nil
        }
    }

    /// Every attribute and method name of a value (for completion).
    static func attributeNames(of value: Value) -> [String] {
        switch value {
        case .tensor: Array(TensorMethodBuiltins.methods.keys) + ["shape", "dtype", "data", "T", "mT", "ndim", "device", "requires_grad", "grad"]
        case .nnModule(let module): ModuleAttributes.names(of: module)
        case .list: Array(list.keys)
        case .dict: Array(dict.keys)
        case .size: ["numel"]
        case .storage: Array(TensorMethodBuiltins.storageMethods.keys)
        case .range: ["start", "stop", "step"]
        case .device: ["type", "index"]
        case .ndarray: Array(ArrayMethodBuiltins.methods.keys) + Interpreter.arrayFieldNames
        case .module(let ns): Array(ns.members.keys)
        case .record(_, let fields): fields.map(\.name)
        default: []
        }
    }

    /// `list` methods: `append`, `pop`, `index`, ...
    static let list = ListMethods.all

    /// `dict` and `OrderedDict` methods: `get`, `update`, `pop`, ...
    static let dict = DictMethods.all

    static let sizeNumel = Builtin("numel", "", summary: "The number of elements a tensor of this size holds.", example: "x.size().numel()") { (call) throws(Diagnostic) in
        guard case .size(let dims)? = call.receiver else { return .none }
        var total: Int64 = 1
        for size in dims { total = try Interpreter.exact(total.multipliedReportingOverflow(by: Int64(size)), at: call.range) }
        return .int(total)
    }
}
