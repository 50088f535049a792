import ConvEngine

extension MemberTables {
    /// A tensor's fields (`shape`, `dtype`, `T`, ...) and its methods.
    static let tensor = MemberTable(fields: [
        "shape": { v, _, _ in .size(tensorOf(v).shape.dimensions) },
        "dtype": { v, _, _ in .dtype(tensorOf(v).dtype) },
        // `.data` shares the elements but not the version counter, and is no parameter.
        "data": { v, _, _ in .tensor(tensorOf(v).withNewVersionCounter()) },
        "T": { v, interpreter, _ in
            let t = tensorOf(v)
            if t.rank != 0 && t.rank != 2 {
                // TORCH_WARN_ONCE in PyTorch's numpy_T.
                interpreter.warn("The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it will throw an error in a future release. Consider `x.mT` to transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.", once: true)
            }
            return .tensor(t.reversedDimensions)
        },
        "mT": { (v, interpreter, range) throws(Diagnostic) in
            let t = tensorOf(v)
            return .tensor(try interpreter.engine(at: range) { () throws(EngineError) in try t.lastTwoTransposed() })
        },
        "_version": { v, _, _ in .int(Int64(tensorOf(v).version.value)) },
        "itemsize": { v, _, _ in .int(Int64(tensorOf(v).dtype.itemSize)) },
        "nbytes": { v, _, _ in .int(Int64(tensorOf(v).dtype.itemSize * tensorOf(v).count)) },
        "ndim": { v, _, _ in .int(Int64(tensorOf(v).rank)) },
        "device": { _, _, _ in .device("cpu") },
        "requires_grad": { v, _, _ in if case .tensor(let box) = v { .bool(box.isParameter) } else { .bool(false) } },
        "grad": { _, _, _ in .none },
        "is_leaf": { _, _, _ in .bool(true) },
    ], methods: TensorMethodBuiltins.methods)

    private static func tensorOf(_ value: Value) -> Tensor {
        if case .tensor(let box) = value { return box.tensor }
        return Tensor(scalar: .double(0))
    }

    /// A layer's fields (`weight`, `stride`, ...) and its methods (`forward`, ...).
    static let layer = MemberTable(fields: [
        "weight": { v, _, _ in layerOf(v).map { .tensor($0.weight) } ?? .none },
        "bias": { v, _, _ in layerOf(v)?.bias.map { .tensor($0) } ?? .none },
        "in_channels": { v, _, _ in int(v) { $0.inChannels } },
        "out_channels": { v, _, _ in int(v) { $0.outChannels } },
        "kernel_size": { v, _, _ in ints(v) { $0.kernelSize } },
        "stride": { v, _, _ in ints(v) { $0.stride } },
        "padding": { v, _, _ in
            guard let layer = layerOf(v)?.layer else { return .none }
            switch layer.padding {
            case .explicit(let p): return .tuple(p.map { .int(Int64($0)) })
            case .same: return .string("same")
            case .valid: return .string("valid")
            }
        },
        "output_padding": { v, _, _ in ints(v) { $0.outputPadding } },
        "dilation": { v, _, _ in ints(v) { $0.dilation } },
        "groups": { v, _, _ in int(v) { $0.groups } },
        "padding_mode": { v, _, _ in layerOf(v).map { .string($0.layer.paddingMode.rawValue) } ?? .none },
        "transposed": { v, _, _ in layerOf(v).map { .bool($0.layer.kind == .transposed) } ?? .none },
        "training": { _, _, _ in .bool(true) },
    ], methods: Methods.layer)

    private static func layerOf(_ value: Value) -> LayerBox? {
        if case .layer(let box) = value { return box }
        return nil
    }

    private static func int(_ value: Value, _ read: (ConvLayer) -> Int) -> Value {
        layerOf(value).map { .int(Int64(read($0.layer))) } ?? .none
    }

    private static func ints(_ value: Value, _ read: (ConvLayer) -> [Int]) -> Value {
        layerOf(value).map { .tuple(read($0.layer).map { .int(Int64($0)) }) } ?? .none
    }
}
