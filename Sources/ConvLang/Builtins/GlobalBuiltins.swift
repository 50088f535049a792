import ConvEngine
import Foundation

/// Python's builtins that ConvLang keeps, and ConvLab's own (`help`, `warn`,
/// `scatter_add`).
enum GlobalBuiltins {
    static let all: [Builtin] = python + IterationBuiltins.all + SetMethods.constructors + NumberBuiltins.all + [help, warn, display, clearOutput, InputBuiltins.input, exit("exit"), exit("quit"), scatterAdd, convMatrix]

    static let python: [Builtin] = [
        // `flush` is taken and needs nothing: each call's text reaches the frontend at once.
        Builtin("print", "*objects, sep=' ', end='\\n', flush=False", summary: "Writes the objects to standard output, as Python's print does.",
                example: "print(outputs.size())") { (call) throws(Diagnostic) in
            guard case .tuple(let items) = call["objects"] else { return .none }
            let sep = try call.string("sep"), end = try call.string("end")
            var texts: [String] = []
            for item in items { texts.append(try call.interpreter.text(of: item, repr: false, at: call.range)) }
            call.interpreter.output.write(texts.joined(separator: sep) + end, to: .stdout)
            return .none
        },
        Builtin("len", "obj", summary: "The number of items (a tensor's size along its first dimension).", example: "len(x.shape)") { (call) throws(Diagnostic) in
            switch call["obj"] {
            case .list(let list): return .int(Int64(list.items.count))
            case .tuple(let v): return .int(Int64(v.count))
            case .size(let d): return .int(Int64(d.count))
            case .range(let r):
                guard r.exactCount <= Int128(Int64.max) else {
                    throw Diagnostic(.value, "Python int too large to convert to C ssize_t", call.range, kind: "OverflowError")
                }
                return .int(Int64(r.count))
            case .string(let s): return .int(Int64(s.unicodeScalars.count))
            case .dict(let dict), .dictView(let dict, _): return .int(Int64(dict.entries.count))
            case .set(let set): return .int(Int64(set.count))
            case .tensor(let box):
                guard box.tensor.rank > 0 else { throw Diagnostic(.type, "len() of a 0-d tensor", call.range) }
                return .int(Int64(box.tensor.shape[0]))
            case .ndarray(let box) where !box.isScalar:
                guard box.tensor.rank > 0 else { throw Diagnostic(.type, "len() of unsized object", call.range) }
                return .int(Int64(box.tensor.shape[0]))
            case .instance(let object): return .int(try call.interpreter.instanceLength(object, at: call.range))
            case .nnModule(let module) where ContainerModules.length(module) != nil:
                return .int(Int64(ContainerModules.length(module) ?? 0))
            default: throw Diagnostic(.type, "object of type '\(call["obj"].typeName)' has no len()", call.range)
            }
        },
        Builtin("list", "iterable=()", summary: "A new list of the items (list(l) copies l).", example: "list(x.shape)") { (call) throws(Diagnostic) in
            .newList(call.has("iterable") ? try items(call["iterable"], call) : [])
        },
        Builtin("tuple", "iterable=()", summary: "A tuple of the items.", example: "tuple(x.shape)") { (call) throws(Diagnostic) in
            .tuple(call.has("iterable") ? try items(call["iterable"], call) : [])
        },
        DictMethods.constructor,
        Builtin("id", "obj", summary: "An integer that identifies obj while it lives: two names hold the same list, dict or tensor exactly when their ids are equal.",
                example: "id(a) == id(b)") { (call) throws(Diagnostic) in
            .int(Int64(call["obj"].identity))
        },
        Builtin("range", "start, stop=None, step=1", summary: "The integers from start up to stop, step apart: a range, which list() turns into a list.",
                example: "list(range(4))") { (call) throws(Diagnostic) in
            var (a, b) = (try call.int("start"), try call.optionalInt("stop"))
            if b == nil { (a, b) = (0, a) }
            let step = try call.int("step")
            guard step != 0 else { throw Diagnostic(.value, "range() arg 3 must not be zero", call.range) }
            return .range(PythonRange(start: Int64(a), stop: Int64(b!), step: Int64(step)))
        },
        NumberBuiltins.int,
        Builtin("float", "x=0.0", summary: "A floating-point number.", example: "float(x.max())") { (call) throws(Diagnostic) in
            switch call["x"] {
            case .string(let s):
                guard let d = Double(s.trimmingCharacters(in: .whitespaces)) else {
                    throw Diagnostic(.value, "could not convert string to float: \(Value.string(s).reprText)", call.range)
                }
                return .float(d)
            default: return .float(try call.double("x"))
            }
        },
        Builtin("bool", "x=False", summary: "The truth of x.", example: "bool((a == b).all())") { (call) throws(Diagnostic) in
            .bool(try call["x"].truthValue(at: call.range))
        },
        Builtin("str", "object=''", summary: "The text print would show.", example: "str(x.shape)") { (call) throws(Diagnostic) in
            .string(try call.interpreter.text(of: call["object"], repr: false, at: call.range))
        },
        Builtin("repr", "obj", summary: "The text a cell shows for obj.", example: "repr(x)") { (call) throws(Diagnostic) in
            .string(try call.interpreter.text(of: call["obj"], repr: true, at: call.range))
        },
        Builtin("format", "value, format_spec='', /", summary: "value formatted by a format spec, as in an f-string field: format(3.14159, '.2f').",
                example: "format(x.item(), '.3f')") { (call) throws(Diagnostic) in
            let spec = try call.string("format_spec")
            return .string(try call.interpreter.formatted(call["value"], spec: spec, at: call.range))
        },
        NumberBuiltins.round,
        dual("abs", "x", "The absolute value; for a tensor, elementwise.") { (call) throws(Diagnostic) in
            switch call["x"] {
            case .int(let i): return .int(try Interpreter.exact(i < 0 ? Int64(0).subtractingReportingOverflow(i) : (i, false), at: call.range))
            case .float(let d): return .float(abs(d))
            case .bool(let b): return .int(b ? 1 : 0)
            case .tensor(let box): return .tensor(try call.engine { () throws(EngineError) in try box.tensor.absolute() })
            case .ndarray(let box): return .arrayResult(try ArrayArithmetic.absolute(box.tensor, at: call.range))
            case .instance:
                if let result = try call.interpreter.callDunder(call["x"], "__abs__", [], at: call.range) { return result }
                throw Diagnostic(.type, "bad operand type for abs(): '\(call["x"].typeName)'", call.range)
            default: throw call.typeError("x", expected: "a number or Tensor")
            }
        },
        extreme("max", .max), extreme("min", .min),
        dual("sum", "iterable, /, start=0, *, dim=None, keepdim=False", "Python's sum: start plus the items, in order (with dim: torch.sum of a tensor).") { (call) throws(Diagnostic) in
            if case .tensor(let box) = call["iterable"], call.has("dim") || call.has("keepdim") {
                let dims = try call.dims("dim"), keep = try call.bool("keepdim")
                return .tensor(try call.engine { () throws(EngineError) in
                    if let dims { return try box.tensor.reduced(.sum, dims: dims, keepDim: keep) }
                    return try box.tensor.reduced(.sum)
                })
            }
            var total = call["start"]
            if case .string = total { throw Diagnostic(.type, "sum() can't sum strings [use ''.join(seq) instead]", call.range) }
            _ = try call.interpreter.forEach(in: call["iterable"], at: call.range(of: "iterable")) { (item) throws(Diagnostic) -> Flow? in
                if case .int(let x) = total, case .int(let y) = item, case (let r, false) = x.addingReportingOverflow(y) {
                    total = .int(r)
                } else {
                    total = try call.interpreter.binary("+", total, item, at: call.range)
                }
                return nil
            }
            return total
        },
    ]

    /// Python's max/min over numbers, or torch.max/min on a tensor.
    private static func extreme(_ name: String, _ reduction: Reduction) -> Builtin {
        dual(name, "*args, key=None, default=None, dim=None, keepdim=False", "Python's \(name) of an iterable or of the arguments (key= computes what is compared, default= answers for an empty iterable); on a tensor with dim=, torch.\(name) (values and indices).") { (call) throws(Diagnostic) in
            guard case .tuple(var args) = call["args"], !args.isEmpty else {
                throw Diagnostic(.type, "\(name) expected at least 1 argument, got 0", call.range)
            }
            // Python's max(t) iterates t and compares its rows (an error for rows of more
            // than one element, as in PyTorch); only `dim=`, which Python's max does not
            // take, makes it torch.max.
            if case .tensor(let box) = args[0], args.count == 1, call.has("dim") {
                guard let dim = try call.optionalInt("dim") else {
                    return .tensor(try call.engine { () throws(EngineError) in try box.tensor.reduced(reduction) })
                }
                let keep = try call.bool("keepdim")
                let (values, indices) = try call.engine { () throws(EngineError) in try box.tensor.extreme(reduction, dim: dim, keepDim: keep) }
                return .record(type: "torch.return_types.\(name)", fields: [("values", .tensor(values)), ("indices", .tensor(indices))])
            }
            let key = call["key"]
            if args.count == 1 {
                args = try items(args[0], call)
            } else if call.has("default") {
                throw Diagnostic(.type, "Cannot specify a default for \(name)() with multiple positional arguments", call.range)
            }
            guard var best = args.first else {
                if call.has("default") { return call["default"] }
                throw Diagnostic(.value, "\(name)() arg is an empty sequence", call.range)
            }
            func keyed(_ v: Value) throws(Diagnostic) -> Value {
                if case .none = key { return v }
                return try call.interpreter.call(key, [v], at: call.range)
            }
            var bestKey = try keyed(best)
            for candidate in args.dropFirst() {
                let candidateKey = try keyed(candidate)
                let better = try call.interpreter.compare(reduction == .max ? ">" : "<", candidateKey, bestKey, at: call.range)
                if try better.truthValue(at: call.range) { (best, bestKey) = (candidate, candidateKey) }
            }
            return best
        }
    }

    private static func dual(_ name: String, _ signature: String, _ summary: String, _ body: @escaping Builtin.Body) -> Builtin {
        Builtin(name, signature, summary: summary, example: "\(name)(x)", body: body)
    }

    static func items(_ value: Value, _ call: Call) throws(Diagnostic) -> [Value] {
        try call.interpreter.items(of: value, at: call.range)
    }

    static let help = Builtin("help", "obj=None", summary: "Shows the signature, a description and an example of a builtin, or what an object is. Also: name?",
                              example: "help(F.conv_transpose2d)") { (call) throws(Diagnostic) in
        call.interpreter.output.write(Help.page(for: call["obj"]), to: .stdout)
        return .none
    }

    static let display = Builtin("display", "*objs", summary: "Shows each object as a cell output of its own (display_data in a notebook).",
                                 example: "display(x, y)") { (call) throws(Diagnostic) in
        guard case .tuple(let items) = call["objs"] else { return .none }
        for item in items { call.interpreter.output.display(item) }
        return .none
    }

    static let clearOutput = Builtin("clear_output", "wait=False", summary: "Clears the cell's output so far (with wait=True, when the next output arrives).",
                                     example: "clear_output(wait=True)") { (call) throws(Diagnostic) in
        call.interpreter.output.clearOutput(wait: try call.bool("wait"))
        return .none
    }

    static func exit(_ name: String) -> Builtin {
        Builtin(name, "keep_kernel=False", summary: "Ends the session: a script stops here, a console closes.", example: name) { (call) throws(Diagnostic) in
            call.interpreter.exitRequested = true
            call.interpreter.output.requestExit(keepKernel: try call.bool("keep_kernel"))
            return .none
        }
    }

    static let warn = Builtin("warn", "message", summary: "Writes a warning to standard error.", example: "warn('check the padding')") { (call) throws(Diagnostic) in
        call.interpreter.warn(call["message"].strText)
        return .none
    }

    static let scatterAdd = Builtin("scatter_add", "input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1",
                                    summary: "The transposed convolution computed by scatter-add, as the d2l loop does: every input element times the kernel, added into the output at its strided place, then cropped by padding. 2-D input and kernel are taken as one channel, like the d2l function; otherwise as conv_transpose.",
                                    example: "scatter_add(X, K)  # d2l: [[0, 0, 1], [0, 4, 6], [4, 12, 9]]") { (call) throws(Diagnostic) in
        var x = try call.tensor("input"), w = try call.tensor("weight")
        let plain = x.rank == 2 && w.rank == 2
        if plain {
            x = try call.engine { () throws(EngineError) in try x.reshaped([1, 1] + x.shape.dimensions) }
            w = try call.engine { () throws(EngineError) in try w.reshaped([1, 1] + w.shape.dimensions) }
        }
        let rank = plain ? 2 : max(1, w.rank - 2)
        let b = try call.optionalTensor("bias")
        let (s, p, op) = (try call.spatial("stride"), try call.spatial("padding"), try call.spatial("output_padding"))
        let (g, d) = (try call.int("groups"), try call.spatial("dilation"))
        let flag = call.interpreter.cancellation
        let trace = try call.engine { () throws(EngineError) in
            let plan = try ConvPlan.transposed(x, weight: w, bias: b, spatialRank: rank, stride: s, padding: p,
                                               outputPadding: op, groups: g, dilation: d)
            return try Formulation.scatterAdd(plan, cancellation: flag)
        }
        let out = trace.output
        if plain { return .tensor(try call.engine { () throws(EngineError) in try out.reshaped(Array(out.shape.dimensions.suffix(2))) }) }
        return .tensor(out)
    }

    static let convMatrix = Builtin("conv_matrix", "input, weight, stride=1, padding=0, dilation=1, groups=1, transposed=False, output_padding=0",
                                    summary: "The matrix of a convolution of input's shape (one sample): y.flatten() == C @ x.flatten(). With transposed=True, the matrix of the transposed convolution, which is C^T. Built only up to 1,000,000 entries.",
                                    example: "C = conv_matrix(torch.zeros(1, 1, 4, 4), kernel)  # 4 x 16") { (call) throws(Diagnostic) in
        let x = try call.tensor("input"), w = try call.tensor("weight")
        let (s, p, d, g) = (try call.spatial("stride"), try call.spatial("padding"), try call.spatial("dilation"), try call.int("groups"))
        let transposed = try call.bool("transposed"), op = try call.spatial("output_padding")
        let rank = max(1, w.rank - 2)
        let flag = call.interpreter.cancellation
        return .tensor(try call.engine { () throws(EngineError) in
            let plan = transposed
                ? try ConvPlan.transposed(x, weight: w, spatialRank: rank, stride: s, padding: p, outputPadding: op, groups: g, dilation: d)
                : try ConvPlan.convolution(x, weight: w, spatialRank: rank, stride: s, padding: .explicit(p.values), dilation: d, groups: g)
            return try Formulation.matrixForm(plan, cancellation: flag).matrix
        })
    }

    static let orderedDict = Builtin("collections.OrderedDict", "items=None, /, **kwargs",
                                     summary: "A dict that keeps its insertion order; state_dict() returns one.",
                                     example: "OrderedDict([('weight', K)])") { (call) throws(Diagnostic) in
        .dict(try DictMethods.made(call, from: "items", ordered: true))
    }
}
