import ConvEngine

/// Arguments converted as PyTorch's argument parser converts them for a native
/// function (``ATenSignature``), where that differs from Python's looser ints.
extension Call {
    /// An int list as `PythonArgs::intlist` converts one: an int or a one-element
    /// integer tensor, or a tuple, list or `torch.Size`. The signature's check looks at
    /// a sequence's first element only, so a later element that is no int (a bool is
    /// one here) fails as PyTorch's "failed to unpack the object at pos N".
    func atenInts(_ name: String) throws(Diagnostic) -> [Int] {
        let value = self[name]
        let items: [Value]
        switch value {
        case .tuple(let tuple): items = tuple
        case .list(let list): items = list.items
        case .size(let dims): return dims
        default:
            guard ATenSignature.isInt(value) else { throw typeError(name, expected: "tuple of ints") }
            return [try int(name)]
        }
        guard items.first.map(ATenSignature.isInt) ?? true else { throw typeError(name, expected: "tuple of ints") }
        var ints: [Int] = []
        for (i, item) in items.enumerated() {
            switch item {
            case .int(let v): ints.append(Int(v))
            case .bool(let b): ints.append(b ? 1 : 0)
            case .tensor(let box) where ATenSignature.isInt(item): ints.append(box.tensor.integerItem ?? 0)
            default:
                throw Diagnostic(.type, "\(builtin.name)(): argument '\(name)' failed to unpack the object at pos \(i + 1) "
                                 + "with error \"type must be tuple of ints,but got \(item.typeName)\"", range(of: name))
            }
        }
        return ints
    }

    /// ``atenInts(_:)`` as a convolution's spatial parameter.
    func atenSpatial(_ name: String) throws(Diagnostic) -> SpatialParameter {
        SpatialParameter(try atenInts(name))
    }

    /// An int as PyTorch's parser takes one: a bool is not.
    func atenInt(_ name: String) throws(Diagnostic) -> Int {
        guard ATenSignature.isInt(self[name]) else { throw typeError(name, expected: "int") }
        return try int(name)
    }
}
