extension Value {
    /// Python's `a is b`.
    ///
    /// Lists, dicts, tensors, layers and modules are objects: `is` holds when both are
    /// the same one (`m = l; m is l`, `x.weight is x.weight`), never for two equal
    /// copies (`[] is []` is False). `None`, `True`, `False`, `...` and the dtypes are
    /// singletons, as in Python and PyTorch (`x.dtype is torch.float32`).
    ///
    /// Numbers and strings have no identity in ConvLang, so `is` compares them by value
    /// and type: `1000 is 1000` and `'ab' is 'ab'` are True (CPython gives that only for
    /// the small ints and strings it happens to share, and warns against relying on
    /// it), `1 is 1.0` and `True is 1` are False. Tuples and `torch.Size`s are values
    /// too: `is` holds when their items are identical.
    public static func identical(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.none, .none), (.ellipsis, .ellipsis): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        // By bits: a NaN is itself, 0.0 is not -0.0.
        case (.float(let x), .float(let y)): return x.bitPattern == y.bitPattern
        case (.string(let x), .string(let y)): return x == y
        case (.list(let x), .list(let y)): return x === y
        case (.dict(let x), .dict(let y)): return x === y
        case (.tensor(let x), .tensor(let y)): return x === y
        case (.nnModule(let x), .nnModule(let y)): return x === y
        case (.module(let x), .module(let y)): return x === y
        case (.storage(let x), .storage(let y)): return x === y
        case (.userFunction(let x), .userFunction(let y)): return x === y
        case (.classObject(let x), .classObject(let y)): return x.isSame(as: y)
        case (.instance(let x), .instance(let y)): return x === y
        case (.host(let x), .host(let y)): return x === y
        case (.boundMethod(let x), .boundMethod(let y)): return x === y
        case (.ndarray(let x), .ndarray(let y)): return x === y
        case (.iterator(let x), .iterator(let y)): return x === y
        case (.set(let x), .set(let y)): return x === y
        case (.exception(let x), .exception(let y)): return x === y
        case (.exceptionType(let x), .exceptionType(let y)): return x === y
        case (.gradMode(let x), .gradMode(let y)): return x === y
        case (.gradientNode(let x), .gradientNode(let y)): return x === y
        case (.numpyDType(let x), .numpyDType(let y)): return x.dtype == y.dtype
        case (.dtype(let x), .dtype(let y)): return x == y
        case (.device(let x), .device(let y)): return x == y
        case (.function(let f), .function(let g)): return f.qualifiedName == g.qualifiedName
        case (.size(let x), .size(let y)): return x == y
        case (.tuple(let x), .tuple(let y)): return x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
        default: return false
        }
    }

    /// Python's `id(x)`: a non-negative integer, the same for two values exactly when
    /// `is` holds between them (up to hash collisions for values that have no object).
    /// An object's id is its address, stable while it lives.
    var identity: Int {
        switch self {
        case .list(let list): return Self.address(list)
        case .dict(let dict): return Self.address(dict)
        case .tensor(let box): return Self.address(box)
        case .nnModule(let module): return Self.address(module)
        case .module(let namespace): return Self.address(namespace)
        case .storage(let buffer): return Self.address(buffer)
        case .userFunction(let f): return Self.address(f)
        case .classObject(let c) where !c.isBuiltin: return Self.address(c)
        case .instance(let object): return Self.address(object)
        case .host(let object): return Self.address(object)
        case .boundMethod(let m): return Self.address(m)
        case .ndarray(let box): return Self.address(box)
        case .iterator(let it): return Self.address(it)
        case .set(let set): return Self.address(set)
        case .exception(let e): return Self.address(e)
        case .exceptionType(let t): return Self.address(t)
        case .gradMode(let m): return Self.address(m)
        case .optimizer(let o): return Self.address(o)
        case .gradientNode(let node): return Self.address(node)
        default:
            var hasher = Hasher()
            hashIdentity(into: &hasher)
            return hasher.finalize() & Int.max
        }
    }

    private static func address(_ object: AnyObject) -> Int {
        Int(bitPattern: ObjectIdentifier(object)) & Int.max
    }

    /// Feeds what `is` compares for a value without an object of its own.
    private func hashIdentity(into hasher: inout Hasher) {
        hasher.combine(typeName)
        switch self {
        case .bool(let b): hasher.combine(b)
        case .int(let i): hasher.combine(i)
        case .float(let d): hasher.combine(d.bitPattern)
        case .string(let s): hasher.combine(s)
        case .dtype(let d): hasher.combine(d.torchName)
        case .function(let f): hasher.combine(f.qualifiedName)
        case .size(let dims): hasher.combine(dims)
        case .tuple(let items): for item in items { hasher.combine(item.identity) }
        case .record(let type, let fields):
            hasher.combine(type)
            for field in fields { hasher.combine(field.value.identity) }
        case .method(let receiver, let name):
            hasher.combine(receiver.identity)
            hasher.combine(name)
        case .slice(let start, let stop, let step):
            hasher.combine(start)
            hasher.combine(stop)
            hasher.combine(step)
        case .opaque(let text): hasher.combine(text)
        case .range(let r): hasher.combine(r)
        case .device(let d): hasher.combine(d)
        case .numpyDType(let d): hasher.combine(d.dtype)
        case .rich(let rich): hasher.combine(rich)
        case .classObject(let c): hasher.combine(c.module + "." + c.qualifiedName)
        case .descriptor(let d): hasher.combine(d.typeName)
        case .superObject(let s): hasher.combine(s.receiver.identity)
        case .dictView(let dict, let kind):
            hasher.combine(ObjectIdentifier(dict))
            hasher.combine(kind)
        case .none, .ellipsis, .list, .dict, .tensor, .nnModule, .module, .storage, .ndarray, .userFunction, .iterator, .set,
             .exception, .exceptionType, .gradMode, .gradientNode, .instance, .boundMethod, .optimizer, .host: break
        }
    }
}
