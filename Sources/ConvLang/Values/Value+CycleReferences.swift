extension Value {
    /// Reports the tracked object this value holds directly in its own payload (a list,
    /// dict, dict view's dict, set, instance, class, user function, bound method,
    /// exception or `nn.Module`): one strong reference, held wherever the value is stored.
    ///
    /// Tuples, records and the indirect cases (`.method`, `.descriptor`,
    /// `.superObject`) are not looked into: their buffers or boxes may be shared with
    /// holders the cycle collector cannot see, so what they hold counts as referenced
    /// from outside (kept alive; a cycle through them is not collected). Host objects,
    /// iterators and optimisers are not tracked.
    func visitTracked(_ visit: (CycleTracked) -> Void) {
        switch self {
        case .list(let object): visit(object)
        case .dict(let object), .dictView(let object, _): visit(object)
        case .set(let object): visit(object)
        case .instance(let object): visit(object)
        case .classObject(let object): visit(object)
        case .userFunction(let object): visit(object)
        case .boundMethod(let object): visit(object)
        case .exception(let object): visit(object)
        case .nnModule(let object): visit(object)
        default: break
        }
    }
}
