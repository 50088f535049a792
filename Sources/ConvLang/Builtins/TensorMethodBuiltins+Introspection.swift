import ConvEngine

/// How a tensor lies in memory, as PyTorch reports it: `stride()`, `storage_offset()`,
/// `is_contiguous()`, `data_ptr()`, `element_size()`, `untyped_storage()`.
extension TensorMethodBuiltins {
    static let introspection: [Definition] = [
        def("stride", "dim=None", "The steps between neighbours along each dimension, in elements.", "x.t().stride()") { box, call throws(Diagnostic) in
            let t = box.tensor
            guard let dim = try call.optionalInt("dim") else { return .tuple(t.strides.map { .int(Int64($0)) }) }
            guard t.rank > 0 else {
                throw Diagnostic(.index, "Dimension specified as \(dim) but tensor has no dimensions", call.range)
            }
            return .int(Int64(t.strides[try call.engine { () throws(EngineError) in try t.wrapDimension(dim) }]))
        },
        def("storage_offset", "", "Where the first element sits in the shared storage, in elements.", "x[1:].storage_offset()") { box, _ in
            .int(Int64(box.tensor.storageOffset))
        },
        def("is_contiguous", "", "Whether the elements lie in row-major order without gaps.", "x.t().is_contiguous()") { box, _ in
            .bool(box.tensor.isContiguous)
        },
        def("data_ptr", "", "The address of the first element: views of one storage differ by their offset in bytes.", "x[1].data_ptr() - x.data_ptr()") { box, _ in
            .int(Int64(dataPointer(box.tensor)))
        },
        def("element_size", "", "The bytes of one element.", "x.element_size()") { box, _ in .int(Int64(box.tensor.dtype.itemSize)) },
        def("untyped_storage", "", "The storage shared by this tensor and its views.", "x.untyped_storage().data_ptr()") { box, _ in
            .storage(box.tensor.buffer)
        },
        def("is_floating_point", "", "Whether the dtype is a floating-point one.", "x.is_floating_point()", torch: true) { box, _ in
            .bool(box.tensor.dtype.isFloatingPoint)
        },
    ]

    /// `data_ptr()`: the buffer's address plus the storage offset in bytes; 0 for a
    /// tensor without elements, as PyTorch gives.
    static func dataPointer(_ t: Tensor) -> Int {
        t.count == 0 ? 0 : t.buffer.address &+ t.storageOffset &* t.dtype.itemSize
    }

    /// The methods of `untyped_storage()`.
    static let storageMethods: [String: Builtin] = [
        "data_ptr": Builtin("UntypedStorage.data_ptr", "", summary: "The address of the storage's first byte.", example: "x.untyped_storage().data_ptr()") { (call) throws(Diagnostic) in
            guard case .storage(let buffer)? = call.receiver else { return .none }
            return .int(Int64(buffer.address))
        },
        "nbytes": Builtin("UntypedStorage.nbytes", "", summary: "The size of the storage in bytes.", example: "x.untyped_storage().nbytes()") { (call) throws(Diagnostic) in
            guard case .storage(let buffer)? = call.receiver else { return .none }
            return .int(Int64(buffer.count * buffer.dtype.itemSize))
        },
        "size": Builtin("UntypedStorage.size", "", summary: "The size of the storage in bytes.", example: "x.untyped_storage().size()") { (call) throws(Diagnostic) in
            guard case .storage(let buffer)? = call.receiver else { return .none }
            return .int(Int64(buffer.count * buffer.dtype.itemSize))
        },
    ]
}
