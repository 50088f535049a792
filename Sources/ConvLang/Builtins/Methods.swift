import ConvEngine

/// The methods of layers and of `torch.Size` (each kind's member table is in
/// ``MemberTables``).
enum Methods {

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
