import ConvEngine

/// The tensor methods that return views of the same elements, as PyTorch's "Tensor
/// Views" lists them, and `contiguous`/`clone`, which decide between view and copy.
extension TensorMethodBuiltins {
    static let views: [Definition] = [
        def("view", "*shape", "The same elements in a new shape (one size may be -1); always a view, refused when the strides do not allow it.", "x.view(1, 1, 4, 4)") { box, call throws(Diagnostic) in
            let shape = try call.sizes("shape")
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.viewed(shape) }
        },
        def("reshape", "*shape", "The same elements in a new shape (one size may be -1): a view when the strides allow it, else a copy.", "x.reshape(4, 4)") { box, call throws(Diagnostic) in
            let shape = try call.sizes("shape")
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.reshaped(shape) }
        },
        def("view_as", "other", "A view in other's shape.", "x.view_as(y)") { box, call throws(Diagnostic) in
            let other = try call.tensor("other")
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.viewed(other.shape.dimensions) }
        },
        def("reshape_as", "other", "Reshaped to other's shape.", "x.reshape_as(y)") { box, call throws(Diagnostic) in
            let other = try call.tensor("other")
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.reshaped(other.shape.dimensions) }
        },
        def("flatten", "start_dim=0, end_dim=-1", "Dimensions start_dim to end_dim merged into one (a view when possible).", "x.flatten(1)", torch: true) { box, call throws(Diagnostic) in
            let (start, end) = (try call.int("start_dim"), try call.int("end_dim"))
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.flattened(start: start, end: end) }
        },
        def("unflatten", "dim, sizes", "Dimension dim split into sizes (one may be -1). A view.", "x.unflatten(1, (2, 3))", torch: true) { box, call throws(Diagnostic) in
            let (dim, sizes) = (try call.int("dim"), try call.ints("sizes"))
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.unflattened(dim: dim, sizes: sizes) }
        },
        def("squeeze", "dim=None", "Without dimensions of size 1 (or only those in dim whose size is 1). A view.", "y.squeeze()", torch: true) { box, call throws(Diagnostic) in
            // PyTorch names the node after the form of the call: squeeze(), squeeze(0), squeeze((0, 1)).
            if case .int(let dim) = call["dim"] {
                return try tensorResult(call) { () throws(EngineError) in try box.tensor.squeezed(dim: Int(dim)) }
            }
            let dims = try call.dims("dim")
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.squeezed(dims: dims) }
        },
        def("unsqueeze", "dim", "With a new dimension of size 1 at dim. A view.", "X.unsqueeze(0)", torch: true) { box, call throws(Diagnostic) in
            let dim = try call.int("dim")
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.unsqueezed(dim: dim) }
        },
        def("t", "", "A matrix transposed (vectors unchanged). A view.", "C.t()", torch: true) { box, call throws(Diagnostic) in
            try tensorResult(call) { () throws(EngineError) in try box.tensor.matrixTransposed() }
        },
        def("swapaxes", "axis0, axis1", "Two dimensions swapped (transpose). A view.", "x.swapaxes(0, 1)") { box, call throws(Diagnostic) in
            let (a, b) = (try call.int("axis0"), try call.int("axis1"))
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.transposed(a, b) }
        },
        def("movedim", "source, destination", "Dimensions moved from source to destination. A view.", "x.movedim(0, -1)", torch: true) { box, call throws(Diagnostic) in
            let (from, to) = (try call.ints("source"), try call.ints("destination"))
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.movedDimensions(from, to) }
        },
        def("moveaxis", "source, destination", "Dimensions moved from source to destination (movedim). A view.", "x.moveaxis(0, -1)") { box, call throws(Diagnostic) in
            let (from, to) = (try call.ints("source"), try call.ints("destination"))
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.movedDimensions(from, to) }
        },
        def("narrow", "dim, start, length", "length elements of dim from start. A view.", "x.narrow(1, 0, 2)", torch: true) { box, call throws(Diagnostic) in
            let (dim, start, length) = (try call.int("dim"), try call.int("start"), try call.int("length"))
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.narrowed(dim: dim, start: start, length: length) }
        },
        def("select", "dim, index", "Position index of dim, which disappears. A view.", "x.select(1, 0)", torch: true) { box, call throws(Diagnostic) in
            let (dim, index) = (try call.int("dim"), try call.int("index"))
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.selected(dim: dim, index: index) }
        },
        def("unbind", "dim=0", "Every position of dim, as a tuple of views.", "a, b = x.unbind(0)", torch: true) { box, call throws(Diagnostic) in
            let dim = try call.int("dim")
            return tensorTuple(try call.engine { () throws(EngineError) in try box.tensor.unbound(dim: dim) })
        },
        def("split", "split_size_or_sections, dim=0", "Pieces of a size (or of the listed sizes) along dim, as a tuple of views.", "a, b = x.split(2)", torch: true) { box, call throws(Diagnostic) in
            let dim = try call.int("dim")
            if case .int(let size) = call["split_size_or_sections"] {
                return tensorTuple(try call.engine { () throws(EngineError) in try box.tensor.split(size: Int(size), dim: dim) })
            }
            let sizes = try call.ints("split_size_or_sections")
            return tensorTuple(try call.engine { () throws(EngineError) in try box.tensor.split(sizes: sizes, dim: dim) })
        },
        def("chunk", "chunks, dim=0", "chunks pieces of equal size (the last possibly smaller) along dim, as a tuple of views.", "a, b = x.chunk(2)", torch: true) { box, call throws(Diagnostic) in
            let (chunks, dim) = (try call.int("chunks"), try call.int("dim"))
            return tensorTuple(try call.engine { () throws(EngineError) in try box.tensor.chunked(chunks, dim: dim) })
        },
        def("diagonal", "offset=0, dim1=0, dim2=1", "The diagonal of the planes of dim1 and dim2, offset above (or below) it. A view.", "x.diagonal()", torch: true) { box, call throws(Diagnostic) in
            let (offset, a, b) = (try call.int("offset"), try call.int("dim1"), try call.int("dim2"))
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.diagonal(offset: offset, dim1: a, dim2: b) }
        },
        def("unfold", "dimension, size, step", "Windows of size elements, step apart, along dimension, as a new last dimension. A view.", "x.unfold(0, 2, 1)") { box, call throws(Diagnostic) in
            let (dim, size, step) = (try call.int("dimension"), try call.int("size"), try call.int("step"))
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.unfolded(dim: dim, size: size, step: step) }
        },
        def("as_strided", "size, stride, storage_offset=None", "Any sizes, strides and offset over the same elements. A view.", "x.as_strided((2, 2), (1, 2))", torch: true) { box, call throws(Diagnostic) in
            let (size, stride, offset) = (try call.ints("size"), try call.ints("stride"), try call.optionalInt("storage_offset"))
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.asStrided(size: size, stride: stride, offset: offset) }
        },
        def("expand_as", "other", "Repeated along dimensions of size 1 to other's shape. A view.", "b.expand_as(x)") { box, call throws(Diagnostic) in
            let other = try call.tensor("other")
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.expanded(to: other.shape.dimensions) }
        },
        def("detach", "", "The same elements and version counter, outside the autograd graph (requires_grad=False). A view.", "w.detach()", torch: true) { box, _ in
            .tensor(box.tensor.detached())
        },
        def("contiguous", "memory_format=None", "The tensor itself when contiguous, else a contiguous copy.", "x.t().contiguous()") { box, call throws(Diagnostic) in
            switch call["memory_format"] {
            case .none, .opaque(MemoryFormat.contiguous): break
            default: throw call.typeError("memory_format", expected: "torch.memory_format")
            }
            return box.tensor.isContiguous ? .tensor(box) : .tensor(try call.engine { () throws(EngineError) in try box.tensor.recordedContiguous() })
        },
        def("clone", "*, memory_format=None", "A copy with its own elements; by default (torch.preserve_format) with the same strides when they are dense.", "y = x.clone()", torch: true) { box, call throws(Diagnostic) in
            switch call["memory_format"] {
            case .none, .opaque(MemoryFormat.preserve): return .tensor(try call.engine { () throws(EngineError) in try box.tensor.recordedClone() })
            case .opaque(MemoryFormat.contiguous): return .tensor(try call.engine { () throws(EngineError) in try box.tensor.recordedClone(preserveFormat: false) })
            default: throw call.typeError("memory_format", expected: "torch.memory_format")
            }
        },
    ]

    /// A tuple of tensors (`unbind`, `split`, `chunk`).
    static func tensorTuple(_ tensors: [Tensor]) -> Value { .tuple(tensors.map { .tensor($0) }) }
}

/// `torch.preserve_format` and `torch.contiguous_format`, as they print.
enum MemoryFormat {
    static let preserve = "torch.preserve_format"
    static let contiguous = "torch.contiguous_format"
}
